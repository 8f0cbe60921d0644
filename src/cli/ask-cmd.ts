/** `npm run ask -- "问题" [--mode extractive|generative] [--lang zh-Hans|zh-Hant|en] [--json]` */
import { linkableUrls } from '../answer/output-policy.js';
import { loadConfig } from '../config.js';
import { plainStyle } from '../present/style.js';
import type { Answer } from '../types.js';
import { createAnswerer } from '../app/answerer.js';
import { language, oneOf, parseCommandArgs, questionText } from './args.js';
import { runCli } from './errors.js';
import { openOrBuild } from '../app/open-index.js';

const USAGE = 'usage: npm run ask -- "question" [--mode extractive|generative] [--lang zh-Hans|zh-Hant|en] [--json]';

export function askCommand(argv: string[]): Promise<number> {
  return runCli('ask', () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { mode: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } }, USAGE, true);
  const mode = oneOf('mode', values.mode, ['extractive', 'generative'] as const);
  const lang = language(values.lang);
  const config = loadConfig();
  const question = questionText(positionals, config.MAX_QUESTION_CHARS, USAGE);
  const kb = await openOrBuild(config, (l) => process.stderr.write(`${l}\n`));
  const answerer = await createAnswerer(config, () => kb, mode);
  const answer = await answerer.ask(question, { language: lang });
  if (values.json) {
    const { passages: _p, ...out } = answer;
    const safe = { ...out, answer: plainStyle.answer(out.answer, linkableUrls(out)) };
    process.stdout.write(`${JSON.stringify({ ...safe, timings: roundTimings(out.timings) }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(askOutput(answer));
  return 0;
}

/** The answer under the output policy (plain surface), then numbered sources with their URLs. */
export function askOutput(answer: Answer): string {
  const lines = [plainStyle.answer(answer.answer, linkableUrls(answer))];
  if (answer.citations.length > 0) lines.push('');
  for (const c of answer.citations) lines.push(`[${c.n}] ${plainStyle.text(c.title)} (${c.source}, ${c.publishedAt.slice(0, 10)})\n    ${c.url}`);
  return `${lines.join('\n')}\n`;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
