import { rm } from 'node:fs/promises';
import { LocalIndexStore } from '../../src/store/local/store.js';
import { tempDir } from '../helpers/corpus.js';
import { storeContract } from './contract.js';

storeContract('local files', async () => {
  const dir = await tempDir('qa-store-');
  return { store: new LocalIndexStore(dir), reopen: async () => new LocalIndexStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});
