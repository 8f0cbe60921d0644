/**
 * Answering without an LLM: pick the sentences of the top passages that cover the
 * question's terms best, quote them with [n] citations, and refuse plainly when
 * retrieval finds nothing relevant.
 */
import { splitSentences } from '../text/sentences.js';
import { detectLanguage, normalizeForMatch, toScriptOf } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import { assertedPart, holdsAnswerOfType } from '../retrieve/answer-candidates.js';
import { answerTypeOf } from '../retrieve/question-type.js';
import type { Answer, AnswerStream, Answerer, AskOptions, KnowledgeBase, Lang, Passage, SearchHit, SupportWindow } from '../types.js';
import { englishExtractive } from './english-offline.js';
import { laterLead, nothingLater, reportsOwnEvent, searchAfterHistory, type AfterHistory } from './continuation.js';
import { standaloneQuestion } from './follow-up.js';
import { notFoundAnswer, relatedArticles } from './not-found.js';
import { scopedNotFound } from './scope-message.js';
import { CitationList } from './story-citations.js';
import { answersWithArticles, timelineAnswer } from './timeline.js';

export interface ExtractiveOptions {
  k?: number;
  minRelevance?: number;
  /** Sentences in the answer. */
  maxSentences?: number;
}

const LEADS: Record<Exclude<Lang, 'en'>, string> = {
  'zh-Hans': '根据资料库中的报道：',
  'zh-Hant': '根據資料庫中的報導：',
};

export function isRelevant(hit: SearchHit, minRelevance: number): boolean {
  return hit.relevance >= minRelevance;
}

/** One question being answered. */
interface Run {
  base: Pick<Answer, 'question' | 'language' | 'mode'>;
  started: number;
  kb: KnowledgeBase;
  now?: string;
  retrieveMs?: number;
}

export class ExtractiveAnswerer implements Answerer {
  readonly mode = 'extractive' as const;

  constructor(private readonly kb: () => KnowledgeBase, private readonly opts: ExtractiveOptions = {}) {}

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const language = opts.language ?? detectLanguage(question);
    // A follow-up ("what about him?") is searched as its rewrite; any other question on its own.
    const searchText = standaloneQuestion(question, opts.history);
    const kb = this.kb();
    const run: Run = { base: { question, language, mode: this.mode }, started, kb, now: opts.now };
    // 「他后来去了哪里？」 is searched for what came after the previous answer, not for that answer again.
    const found = await searchAfterHistory(kb, question, searchText, { history: opts.history, k: this.opts.k ?? 5, now: opts.now, minRelevance: this.minRelevance, accepts: this.answers(kb) });
    run.retrieveMs = performance.now() - started;
    return found.later ? this.laterAnswer(run, found.searchText, found.hits, found.later) : this.answerFrom(run, searchText, found.hits);
  }

  /** The answer to a question from its hits: a timeline, an honest "not found", or the supported sentences. */
  private answerFrom(run: Run, searchText: string, hits: SearchHit[]): Answer {
    const { kb, base, started } = run;
    const news = kb.understand?.(searchText, run.now);
    const retrieveMs = run.retrieveMs ?? performance.now() - started;
    const minRelevance = this.minRelevance;
    const language = base.language;
    const relevant = hits.filter((h) => isRelevant(h, minRelevance));
    const assessment = kb.assess?.(searchText, hits, minRelevance);
    const timings = () => ({ retrieve_ms: retrieveMs, total_ms: performance.now() - started });
    // A timeline needs dated articles about the topic, not one sentence that answers a question.
    if (relevant.length > 0 && answersWithArticles(news, assessment)) return timelineAnswer({ ...base, timings: timings() }, relevant, (h) => pickSentences([h], termWeights(kb, searchText), 1)[0]);
    if (relevant.length === 0 || (assessment && !assessment.answerable)) {
      const reason = assessment?.reason ?? 'no-relevant-article';
      return notFoundAnswer({ ...base, timings: timings() }, relatedArticles(hits, { reason, touching: assessment?.touching }, minRelevance), reason, relevant.length === 0 && news ? scopedNotFound(news.constraints, language) : undefined);
    }
    const maxSentences = this.opts.maxSentences ?? 3;
    const weights = termWeights(kb, searchText);
    const picked = assessment ? supportedSentences(assessment.support, maxSentences) : pickSentences(relevant.slice(0, 3), weights, maxSentences);
    const list = new CitationList(relevant);
    const { citations } = list;
    const numberOf = (p: Passage) => list.numberOf(p.article);
    const body = picked.map(({ sentence, passage }) => `${toScriptOf(language, sentence)}[${numberOf(passage)}]`).join('');
    return {
      ...base,
      // English: the asked-for thing and the quotes, with what the dictionary knows glossed.
      answer: language === 'en' ? englishExtractive(base.question, picked, numberOf) : `${LEADS[language]}\n${body}`,
      citations,
      grounded: true,
      passages: [...new Set([...picked.map((c) => c.passage), ...relevant.flatMap((h) => h.passages.slice(0, 1))])],
      timings: timings(),
    };
  }

  /** Do these hits answer the question: one relevant, and the supporting sentence found? */
  private answers(kb: KnowledgeBase): (hits: SearchHit[], text: string) => boolean {
    const min = this.minRelevance;
    return (hits, text) => hits.some((h) => isRelevant(h, min)) && (kb.assess?.(text, hits, min).answerable ?? true);
  }

  /**
   * A "later" follow-up (searchAfterHistory): the answer from the later articles, or what
   * they report about the topic, oldest first, or an answer from sentences not yet quoted,
   * or a plain "nothing later".
   */
  private laterAnswer(run: Run, searchText: string, hits: SearchHit[], later: NonNullable<AfterHistory['later']>): Answer {
    const { kb, base } = run;
    const timings = () => ({ retrieve_ms: run.retrieveMs ?? 0, total_ms: performance.now() - run.started });
    if (later.stage === 'topic') {
      const pick = typedPick(searchText, termWeights(kb, searchText));
      return timelineAnswer({ ...base, timings: timings() }, hits, pick, laterLead(later.continuation, base.language));
    }
    if (later.stage === 'question' || this.answers(kb)(hits, searchText)) return this.answerFrom(run, searchText, hits);
    return notFoundAnswer({ ...base, timings: timings() }, [], 'no-relevant-article', nothingLater(later.continuation, base.language));
  }

  private get minRelevance(): number {
    return this.opts.minRelevance ?? DEFAULT_MIN_RELEVANCE;
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
 * The answer's sentences: the best supporting window, whole (the one or two sentences
 * that show the question and hold the asked-for thing; windows come best first, the
 * higher-ranked article's first on a tie). Evidence decides both what may be quoted and
 * what comes first: ranking the windows' sentences by term weight instead put the
 * sentence naming the subject (「X，又称…」) ahead of the one that answers about it
 * (「体延长而侧扁，近似椭圆形」), and quoting more windows added sentences that answer
 * nothing.
 */
export function supportedSentences(support: SupportWindow[], max: number): Candidate[] {
  const best = support[0];
  if (!best) return [];
  return best.sentences.slice(0, Math.max(1, max)).map((sentence) => ({ sentence, passage: best.passage, score: best.coverage }));
}

/**
 * A timeline point for a question: the article's best sentence that holds the asked-for
 * kind of thing (a place for "where") and dates the article's own event, else one that
 * holds the kind of thing, else its best sentence.
 */
function typedPick(question: string, weights: Map<string, number>): (hit: SearchHit) => Candidate | undefined {
  const english = detectLanguage(question) === 'en';
  const form = normalizeForMatch(question);
  const type = answerTypeOf(english ? question : form, english);
  return (hit) => {
    const candidates = pickSentences([hit], weights, 12, 0).filter((c) => c.score > 0);
    const holds = (t: typeof type) => (c: Candidate) => holdsAnswerOfType(t, normalizeForMatch(c.sentence), form);
    const typed = candidates.filter(holds(type));
    return typed.find((c) => reportsOwnEvent(normalizeForMatch(c.sentence), hit.article.publishedAt)) ?? typed[0] ?? candidates[0];
  };
}

interface Candidate {
  sentence: string;
  passage: Passage;
  score: number;
}

/** Best sentences by weighted term coverage, with a small bonus for higher-ranked articles. */
export function pickSentences(hits: Pick<SearchHit, 'passages'>[], weights: Map<string, number>, max: number, minShare = 0.6): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  hits.forEach((hit, rank) => {
    for (const passage of hit.passages) {
      for (const sentence of splitSentences(passage.text)) {
        const key = normalizeForMatch(sentence);
        if (sentence.length < 6 || seen.has(key)) continue;
        seen.add(key);
        // What the sentence asserts: 「并未说明他是否会见普京」 does not say that he met Putin.
        const tokens = new Set(tokenize(assertedPart(key)));
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
  return candidates.slice(0, max).filter((c) => c.score >= best * minShare);
}
