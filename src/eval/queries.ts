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
}

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  q: z.string().trim().min(1),
  lang: z.string().min(1).optional(),
  gold: z.array(z.string()).default([]),
  answers: z.array(z.string()).default([]),
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
    const { id, q, lang, gold, answers } = parsed.data;
    // lang is optional for users' own sets: infer it the way the bot would.
    out.push({ id: id === undefined ? `line-${i + 1}` : String(id), q, lang: lang ?? detectLanguage(q), gold, answers });
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
