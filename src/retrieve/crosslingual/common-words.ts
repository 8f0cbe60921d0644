/**
 * CC-CEDICT's common words (dictionary.ts) made on a worker thread while an index
 * opens: reading and parsing the 11 MB dictionary is ~0.5 s of CPU, which on the main
 * thread came on top of opening the index, or landed on the first Chinese question.
 */
import { Worker } from 'node:worker_threads';
import { adoptCommonWords, cedictFile, hasCommonWords } from './dictionary.js';

let loading: Promise<void> | undefined;

/** Start making the common words off the main thread; resolves once they are in (or the worker failed: commonWords() then makes them itself). */
export function loadCommonWords(): Promise<void> {
  if (hasCommonWords()) return Promise.resolve();
  loading ??= new Promise<void>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./common-words-worker.cjs', import.meta.url), { workerData: { file: cedictFile() }, execArgv: [] });
    } catch {
      return resolve();
    }
    worker.unref();
    worker.once('message', (words: string) => {
      adoptCommonWords(new Set(words.split('\n')));
      resolve();
      void worker.terminate();
    });
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
  return loading;
}
