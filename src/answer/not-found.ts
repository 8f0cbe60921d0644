/**
 * The honest not-found answer: the fixed sentence in the asker's language and
 * script and, when the articles touch the topic, the closest ones (title, outlet,
 * date, link) so the asker can read on. They are listed in the text and in
 * `related`, never as citations.
 */
import { toScriptOf } from '../text/normalize.js';
import type { Answer, ArticleMeta, Assessment, Lang, SearchHit } from '../types.js';
import { notFoundMessage, relatedLead } from './messages.js';

/** Closest articles shown under a not-found answer. */
const RELATED_MAX = 3;

/**
 * The articles worth pointing to: the relevant ones; when nothing was relevant, those that
 * show all of the question's names and numbers (an off-topic question gets the plain sentence).
 */
export function relatedArticles(hits: SearchHit[], assessment: Pick<Assessment, 'reason' | 'touching'>, minRelevance: number): ArticleMeta[] {
  if (assessment.reason === 'no-relevant-article') return (assessment.touching ?? []).slice(0, RELATED_MAX).map((i) => hits[i]!.article);
  return hits.filter((h) => h.relevance >= minRelevance).slice(0, RELATED_MAX).map((h) => h.article);
}

/** "- title (outlet, date) <url>" lines, titles in the asker's script. */
function relatedLines(related: ArticleMeta[], lang: Lang): string {
  const sep = lang === 'en' ? ', ' : '，';
  const [open, close] = lang === 'en' ? [' (', ')'] : ['（', '）'];
  return related.map((a) => `- ${toScriptOf(lang, a.title)}${open}${a.source}${sep}${a.publishedAt.slice(0, 10)}${close} ${a.url}`).join('\n');
}

export function notFoundAnswer(
  base: Pick<Answer, 'question' | 'language' | 'mode' | 'timings'>,
  related: ArticleMeta[],
  reason: Assessment['reason'],
  /** Said instead of the fixed sentence (e.g. what an outlet or date filter left out). */
  message?: string,
): Answer {
  const lang = base.language;
  const said = message ?? notFoundMessage(lang);
  const text = related.length > 0 ? `${said}\n${relatedLead(lang)}\n${relatedLines(related, lang)}` : said;
  return { ...base, answer: text, citations: [], grounded: false, passages: [], related, ...(reason ? { unanswerable: reason } : {}) };
}
