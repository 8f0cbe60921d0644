/**
 * Answering without an LLM: pick the sentences of the top passages that cover the
 * question's terms best, quote them with [n] citations, and refuse plainly when
 * retrieval finds nothing relevant.
 */
import { splitSentences } from '../text/sentences.js';
import { detectLanguage, normalizeForMatch, toScriptOf } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Answer, AnswerStream, Answerer, AskOptions, KnowledgeBase, Lang, Passage, SearchHit, SupportWindow } from '../types.js';
import { notFoundAnswer, relatedArticles } from './not-found.js';
import { scopedNotFound } from './scope-message.js';
import { CitationList } from './story-citations.js';
import { timelineAnswer } from './timeline.js';

export interface ExtractiveOptions {
  k?: number;
  minRelevance?: number;
  /** Sentences in the answer. */
  maxSentences?: number;
}

const LEADS: Record<Lang, string> = {
  'zh-Hans': '根据资料库中的报道：',
  'zh-Hant': '根據資料庫中的報導：',
  en: 'The articles say (quoted in the original Chinese):',
};

export function isRelevant(hit: SearchHit, minRelevance: number): boolean {
  return hit.relevance >= minRelevance;
}

export class ExtractiveAnswerer implements Answerer {
  readonly mode = 'extractive' as const;

  constructor(private readonly kb: () => KnowledgeBase, private readonly opts: ExtractiveOptions = {}) {}

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const language = opts.language ?? detectLanguage(question);
    const kb = this.kb();
    // A follow-up borrows the previous question's terms so "what about him?" still retrieves.
    const lastTurn = opts.history?.at(-1);
    const searchText = lastTurn && question.length < 30 ? `${question}\n${lastTurn.question}` : question;
    const hits = await kb.search(searchText, { k: this.opts.k ?? 5, now: opts.now });
    const news = kb.understand?.(searchText, opts.now);
    const retrieveMs = performance.now() - started;
    const minRelevance = this.opts.minRelevance ?? DEFAULT_MIN_RELEVANCE;
    const relevant = hits.filter((h) => isRelevant(h, minRelevance));
    const assessment = kb.assess?.(searchText, hits, minRelevance);
    const base = { question, language, mode: this.mode };
    const timings = () => ({ retrieve_ms: retrieveMs, total_ms: performance.now() - started });
    // A timeline needs dated articles about the topic, not one sentence that answers a question.
    if (news?.timeline && relevant.length > 0) return timelineAnswer({ ...base, timings: timings() }, relevant, (h) => pickSentences([h], termWeights(kb, searchText), 1)[0]);
    if (relevant.length === 0 || (assessment && !assessment.answerable)) {
      const reason = assessment?.reason ?? 'no-relevant-article';
      return notFoundAnswer({ ...base, timings: timings() }, relatedArticles(hits, { reason }, minRelevance), reason, relevant.length === 0 && news ? scopedNotFound(news.constraints, language) : undefined);
    }
    const maxSentences = this.opts.maxSentences ?? 3;
    const picked = assessment ? supportedSentences(assessment.support, maxSentences) : pickSentences(relevant.slice(0, 3), termWeights(kb, searchText), maxSentences);
    const list = new CitationList(relevant);
    const { citations } = list;
    const numberOf = (p: Passage) => list.numberOf(p.article);
    const body = picked.map(({ sentence, passage }) => `${toScriptOf(language, sentence)}[${numberOf(passage)}]`).join(language === 'en' ? ' ' : '');
    return {
      ...base,
      answer: `${LEADS[language]}\n${body}`,
      citations,
      grounded: true,
      passages: [...new Set([...picked.map((c) => c.passage), ...relevant.flatMap((h) => h.passages.slice(0, 1))])],
      timings: timings(),
    };
  }

  stream(question: string, opts: AskOptions = {}): AnswerStream {
    const final = this.ask(question, opts);
    return {
      final,
      deltas: (async function* () {
        yield (await final).answer;
      })(),
    };
  }
}

/** The relevance bar when none is configured: the MIN_RELEVANCE default (config.ts). */
export const DEFAULT_MIN_RELEVANCE = 0.3;

function termWeights(kb: KnowledgeBase, text: string): Map<string, number> {
  return new Map((kb.queryTerms?.(text) ?? tokenize(normalizeForMatch(text)).map((term) => ({ term, weight: 1 }))).map((t) => [t.term, t.weight]));
}

/**
 * The answer's sentences: the best supporting window, then other windows nearly
 * as good, up to `max` sentences, each quoted once.
 */
export function supportedSentences(support: SupportWindow[], max: number): Candidate[] {
  const best = support[0]?.coverage ?? 0;
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const w of support) {
    if (w.coverage < best * 0.9 || out.length >= max) break;
    const fresh = w.sentences.filter((s) => !seen.has(normalizeForMatch(s)));
    if (fresh.length === 0 || out.length + fresh.length > max) continue;
    for (const sentence of fresh) {
      seen.add(normalizeForMatch(sentence));
      out.push({ sentence, passage: w.passage, score: w.coverage });
    }
  }
  return out;
}

interface Candidate {
  sentence: string;
  passage: Passage;
  score: number;
}

/** Best sentences by weighted term coverage, with a small bonus for higher-ranked articles. */
export function pickSentences(hits: SearchHit[], weights: Map<string, number>, max: number): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  hits.forEach((hit, rank) => {
    for (const passage of hit.passages) {
      for (const sentence of splitSentences(passage.text)) {
        const key = normalizeForMatch(sentence);
        if (sentence.length < 6 || seen.has(key)) continue;
        seen.add(key);
        const tokens = new Set(tokenize(key));
        let score = 0;
        for (const t of tokens) score += weights.get(t) ?? 0;
        // Prefer specific sentences over long ones that match by sheer size.
        score = score / Math.sqrt(Math.max(20, tokens.size)) / (1 + rank * 0.3);
        candidates.push({ sentence, passage, score });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0]?.score ?? 0;
  return candidates.slice(0, max).filter((c) => c.score >= best * 0.6);
}
