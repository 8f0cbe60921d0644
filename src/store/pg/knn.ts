/**
 * The nearest-neighbour query of a snapshot: pgvector's HNSW index over one
 * generation's chunks, with the snapshot's visibility and the ChunkFilter in SQL
 * (the same rules as matchesFilter: outlet or URL host by case-insensitive
 * substring, inclusive days). Removed chunks stay in the graph until collected;
 * pgvector ≥ 0.8 keeps scanning past filtered rows (hnsw.iterative_scan, set per
 * connection by the store), older versions may return fewer than k under a filter.
 */
import type { ChunkFilter } from '../index-store.js';
import { visibleAt } from './sql.js';

export function knnSql(s: string, generation: number, version: number, filter?: ChunkFilter): { text: string; params: unknown[] } {
  const where = [visibleAt(version)];
  const params: unknown[] = [];
  const next = (v: unknown) => {
    params.push(v);
    return `$${params.length + 2}`;
  };
  if (filter?.source) {
    const p = next(filter.source.toLowerCase());
    where.push(`(strpos(source_lc, ${p}) > 0 OR strpos(host_lc, ${p}) > 0)`);
  }
  if (filter?.from) where.push(`day >= ${next(filter.from.slice(0, 10))}`);
  if (filter?.to) where.push(`day <= ${next(filter.to.slice(0, 10))}`);
  if (filter?.articleIds) where.push(`article_id = ANY(${next([...filter.articleIds])}::text[])`);
  const text = `SELECT label, embedding <=> $1::vector AS d FROM ${s}.chunks_g${Math.trunc(generation)}
    WHERE ${where.join(' AND ')} ORDER BY embedding <=> $1::vector LIMIT $2`;
  return { text, params };
}
