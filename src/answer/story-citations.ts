/**
 * Citation numbers for an answer's passages. Hits of one story (several outlets,
 * one event: retrieve/stories.ts) share one number, the story's first hit, which
 * lists the others as `related`: three near-copies are one source, not three facts.
 */
import type { ArticleMeta, Citation, SearchHit } from '../types.js';

export class CitationList {
  readonly citations: Citation[] = [];

  constructor(private readonly hits: SearchHit[]) {}

  numberOf(article: ArticleMeta): number {
    const hit = this.hits.find((h) => h.article.id === article.id);
    const lead = hit?.story ? (this.hits.find((h) => h.story === hit.story) ?? hit) : hit;
    const a = lead?.article ?? article;
    let c = this.citations.find((x) => x.url === a.url);
    if (!c) {
      c = { n: this.citations.length + 1, url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt, ...(lead?.related?.length ? { related: lead.related } : {}) };
      this.citations.push(c);
    }
    return c.n;
  }
}

/** Generated answers' citations with the story partners of their articles. */
export function withStories(citations: Citation[], hits: SearchHit[]): Citation[] {
  return citations.map((c) => {
    const related = hits.find((h) => h.article.url === c.url)?.related;
    return related?.length ? { ...c, related } : c;
  });
}
