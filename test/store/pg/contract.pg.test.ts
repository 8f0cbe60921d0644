/** The PostgreSQL store passes the same contract as the local one (test/store/contract.ts). */
import { storeContract } from '../contract.js';
import { dropSchema, freshSchema, pgStore } from './helpers.js';

storeContract('PostgreSQL', async () => {
  const schema = freshSchema('contract');
  const stores = [pgStore(schema)];
  return {
    store: stores[0]!,
    async reopen() {
      const again = pgStore(schema);
      stores.push(again);
      return again;
    },
    async cleanup() {
      await Promise.all(stores.map((s) => s.close()));
      await dropSchema(schema);
    },
  };
});
