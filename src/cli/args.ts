/** Command-line parsing and validation shared by the commands: every bad value is a UsageError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Lang } from '../types.js';
import { HelpRequested, UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parse with --help; an unknown option or a missing value names itself and shows the usage. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string, allowPositionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    // node's messages are long and suggest "--k=-1" for negatives; keep the first sentence.
    const message = (err as Error).message.split(/\.\s/)[0]!.replace(/\.$/, '');
    throw new UsageError(`${message}\n${usage}`);
  }
  if ((parsed.values as Record<string, unknown>)['help']) throw new HelpRequested(usage);
  return parsed as { values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string }; positionals: string[] };
}

/** `--k -1` → `--k=-1`, so a negative number reaches validation instead of reading as an option. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([\w-]+)$/.exec(argv[i]!)?.[1];
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) out.push(`--${name}=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

export function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of at least 1 (got "${value}")`);
  return n;
}

/** YYYY-MM-DD and a real calendar day (2023-02-30 is refused, not rolled over). */
export function isoDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== value) throw new UsageError(`--${name} must be a date like 2023-08-15 (got "${value}")`);
  return value;
}

export function dateRange(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const range = { from: isoDate('from', from), to: isoDate('to', to) };
  if (range.from && range.to && range.from > range.to) throw new UsageError(`--from ${range.from} is after --to ${range.to}`);
  return range;
}

export const LANGS: readonly Lang[] = ['zh-Hans', 'zh-Hant', 'en'];

export function language(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  if (!(LANGS as readonly string[]).includes(value)) throw new UsageError(`--lang must be one of ${LANGS.join(', ')} (got "${value}")`);
  return value as Lang;
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/** The same cap as the bot (MAX_QUESTION_CHARS), counted in characters, not UTF-16 units. */
export function questionText(words: string[], maxChars: number, usage: string): string {
  const text = words.join(' ').trim();
  if (!text) throw new UsageError(usage);
  const length = [...text].length;
  if (length > maxChars) throw new UsageError(`the question is ${length} characters long; the limit is ${maxChars} (MAX_QUESTION_CHARS)`);
  return text;
}
