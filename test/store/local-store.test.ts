import { rm } from 'node:fs/promises';
import { LocalIndexStore } from '../../src/store/local/store.js';
import { tempDir } from '../helpers/corpus.js';
import { storeContract } from './contract.js';

storeContract('local files', async () => {
  const dir = await tempDir('qa-store-');
  return { store: new LocalIndexStore(dir), reopen: async () => new LocalIndexStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

// Small segments are stored flat by default; the same contract holds when every segment is a graph.
storeContract('local files, every segment a graph', async () => {
  const dir = await tempDir('qa-store-');
  const store = () => new LocalIndexStore(dir, { flatLimit: 0 });
  return { store: store(), reopen: async () => store(), cleanup: () => rm(dir, { recursive: true, force: true }) };
});
