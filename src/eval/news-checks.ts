/**
 * The news figures of one question: do its top results honour the outlet and
 * period it states (and the line's not_before / not_after), and are its first two
 * results gold when the line asks for that. Pure.
 */
import type { NewsConstraints, SearchHit } from '../types.js';
import type { QueryOutcome } from './metrics.js';
import type { EvalQuery } from './queries.js';

/** Results checked against the constraints. */
const TOP = 3;

function satisfies(hit: SearchHit, c: NewsConstraints, q: EvalQuery): boolean {
  const day = hit.article.publishedAt.slice(0, 10);
  if (c.source && !hit.article.source.toLowerCase().includes(c.source.toLowerCase()) && !hit.article.url.toLowerCase().includes(c.source.toLowerCase())) return false;
  if (c.from && day < c.from) return false;
  if (c.to && day > c.to) return false;
  if (q.not_before && day < q.not_before) return false;
  if (q.not_after && day > q.not_after) return false;
  return true;
}

/** `parsed`: what the question states by the bot's reading; the line's own source/from/to win. */
export function newsChecks(q: EvalQuery, hits: SearchHit[], parsed: NewsConstraints): Pick<QueryOutcome, 'filter_ok' | 'top2_ok'> {
  const stated: NewsConstraints = { source: q.source ?? parsed.source, from: q.from ?? parsed.from, to: q.to ?? parsed.to };
  const constrained = !!(stated.source || stated.from || stated.to || q.not_before || q.not_after);
  const out: Pick<QueryOutcome, 'filter_ok' | 'top2_ok'> = {};
  if (constrained) out.filter_ok = hits.slice(0, TOP).every((h) => satisfies(h, stated, q));
  if (q.top2_in_gold) {
    const gold = new Set(q.gold);
    const urls = [...new Set(hits.map((h) => h.article.url))];
    out.top2_ok = urls.length >= 2 && gold.has(urls[0]!) && gold.has(urls[1]!);
  }
  return out;
}
