/**
 * The extractive answer to "how did X develop" / 「…的来龙去脉」: one dated point per
 * relevant article (one per story), oldest first, each quoting its best sentence
 * with a citation.
 */
import { toScriptOf } from '../text/normalize.js';
import type { Answer, Assessment, Lang, NewsQuery, Passage, SearchHit } from '../types.js';
import { glossQuote } from './english-offline.js';
import { CitationList } from './story-citations.js';

/** Points in a timeline. */
const MAX_POINTS = 8;

const LEADS: Record<Lang, string> = {
  'zh-Hans': '根据资料库中的报道，按时间顺序：',
  'zh-Hant': '根據資料庫中的報導，按時間順序：',
  en: 'What the articles report, oldest first, in Chinese (no translation offline; names, dates and numbers the dictionary knows in [brackets]):',
};

/**
 * Is the answer a dated list of the articles (a timeline, or "which reports…")? Only
 * when they are about the question's own people, places and dates: articles that lack
 * them are about something else, and a list of them would be a wrong answer.
 */
export function answersWithArticles(news: Pick<NewsQuery, 'timeline' | 'list'> | undefined, assessment: Pick<Assessment, 'reason'> | undefined): boolean {
  return !!(news?.timeline || news?.list) && assessment?.reason !== 'missing-specifics';
}

export type PickSentence = (hit: SearchHit) => { sentence: string; passage: Passage } | undefined;

export function timelineAnswer(base: Pick<Answer, 'question' | 'language' | 'mode' | 'timings'>, relevant: SearchHit[], pick: PickSentence, lead?: string): Answer {
  const lang = base.language;
  const byDate = [...relevant].sort((a, b) => a.article.publishedAt.localeCompare(b.article.publishedAt));
  const list = new CitationList(relevant);
  const stories = new Set<string>();
  const lines: string[] = [];
  const passages: Passage[] = [];
  for (const hit of byDate) {
    if (lines.length >= MAX_POINTS) break;
    if (hit.story && stories.has(hit.story)) continue;
    if (hit.story) stories.add(hit.story);
    const picked = pick(hit);
    if (!picked) continue;
    passages.push(picked.passage);
    const sep = lang === 'en' ? ': ' : '：';
    const quote = lang === 'en' ? glossQuote(picked.sentence, picked.passage.text).text : toScriptOf(lang, picked.sentence);
    lines.push(`- ${hit.article.publishedAt.slice(0, 10)} ${hit.article.source}${sep}${quote}[${list.numberOf(hit.article)}]`);
  }
  return { ...base, answer: `${lead ?? LEADS[lang]}\n${lines.join('\n')}`, citations: list.citations, grounded: lines.length > 0, passages };
}
