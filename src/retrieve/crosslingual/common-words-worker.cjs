// CC-CEDICT's common words (dictionary.ts, commonWordsOf) made off the main thread, for
// common-words.ts: the words come back as one newline-joined string (one copy, where a
// Set would be cloned entry by entry). Plain CommonJS: no TypeScript loader in workers.
const { readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');

const text = readFileSync(workerData.file, 'utf8');
const entries = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)).all;
const ordinary = new Set();
const named = new Set();
for (const [, simp, pinyin] of entries) (/^[A-Z]/.test(pinyin) ? named : ordinary).add(simp);
for (const n of named) ordinary.delete(n);
parentPort.postMessage([...ordinary].join('\n'));
