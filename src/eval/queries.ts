/**
 * Question sets for `npm run eval`: JSONL, one `{ id, q, lang, gold, answers }` per
 * line. A bad line fails the whole file with its line number, since silently
 * dropping questions would skew every figure.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { detectLanguage } from '../text/normalize.js';

export interface EvalQuery {
  id: string;
  q: string;
  lang: string;
  gold: string[];
  answers: string[];
  /** Reference day (ISO) for the question's relative dates. */
  now?: string;
  /** Both of the first two results must be gold. */
  top2_in_gold?: boolean;
  /** No result in the top 3 may be dated before / after this ISO day. */
  not_before?: string;
  not_after?: string;
  /** The outlet and period the question states, when given (else the parser's reading). */
  source?: string;
  from?: string;
  to?: string;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected an ISO date like 2023-12-01' });

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  q: z.string().trim().min(1),
  lang: z.string().min(1).optional(),
  gold: z.array(z.string()).default([]),
  answers: z.array(z.string()).default([]),
  now: isoDay.optional(),
  top2_in_gold: z.boolean().optional(),
  not_before: isoDay.optional(),
  not_after: isoDay.optional(),
  source: z.string().min(1).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
});

export class QueryFileError extends Error {}

export function parseQueries(text: string, source = 'queries'): EvalQuery[] {
  const out: EvalQuery[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new QueryFileError(`${source}:${i + 1}: not valid JSON`);
    }
    const parsed = lineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new QueryFileError(`${source}:${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
    }
    const { id, q, lang, gold, answers, ...news } = parsed.data;
    const extra = Object.fromEntries(Object.entries(news).filter(([, v]) => v !== undefined));
    // lang is optional for users' own sets: infer it the way the bot would.
    out.push({ id: id === undefined ? `line-${i + 1}` : String(id), q, lang: lang ?? detectLanguage(q), gold, answers, ...extra });
  });
  return out;
}

export async function readQueries(file: string): Promise<EvalQuery[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new QueryFileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const queries = parseQueries(text, file);
  if (queries.length === 0) throw new QueryFileError(`${file} has no questions`);
  return queries;
}
