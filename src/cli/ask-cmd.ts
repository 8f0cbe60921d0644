/** `npm run ask -- "问题" [--mode extractive|generative] [--lang zh-Hans|zh-Hant|en] [--json]` */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { plainStyle } from '../discord/style.js';
import type { Answer, Lang } from '../types.js';
import { createAnswerer } from './answerer.js';
import { genericErrorMessage } from '../answer/messages.js';
import { openOrBuild } from './runtime.js';

export async function askCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { mode: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } },
  });
  const question = positionals.join(' ').trim();
  if (!question) {
    process.stderr.write('usage: npm run ask -- "question" [--mode extractive|generative] [--lang zh-Hans|zh-Hant|en] [--json]\n');
    return 2;
  }
  if (values.mode && !['extractive', 'generative'].includes(values.mode)) {
    process.stderr.write(`--mode must be extractive or generative (got "${values.mode}")\n`);
    return 2;
  }
  const config = loadConfig();
  const kb = await openOrBuild(config, (l) => process.stderr.write(`${l}\n`));
  const answerer = await createAnswerer(config, () => kb, values.mode as 'extractive' | 'generative' | undefined);
  const language = values.lang as Lang | undefined;
  let answer;
  try {
    answer = await answerer.ask(question, { language });
  } catch (err) {
    // User-facing errors (model timeout, rate limit...) carry a short bilingual message.
    const msg = (err as { userMessage?: string }).userMessage ?? genericErrorMessage();
    process.stderr.write(`${msg}\n(${(err as Error).message})\n`);
    return 1;
  }
  if (values.json) {
    const { passages: _p, ...out } = answer;
    const safe = { ...out, answer: plainStyle.answer(out.answer, out.citations.map((c) => c.url)) };
    process.stdout.write(`${JSON.stringify({ ...safe, timings: roundTimings(out.timings) }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(askOutput(answer));
  return 0;
}

/** The answer under the output policy (plain surface), then numbered sources with their URLs. */
export function askOutput(answer: Answer): string {
  const lines = [plainStyle.answer(answer.answer, answer.citations.map((c) => c.url))];
  if (answer.citations.length > 0) lines.push('');
  for (const c of answer.citations) lines.push(`[${c.n}] ${plainStyle.text(c.title)} (${c.source}, ${c.publishedAt.slice(0, 10)})\n    ${c.url}`);
  return `${lines.join('\n')}\n`;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
