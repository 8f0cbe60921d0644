/**
 * Retrieval-augmented answers from a chat model: condense a follow-up, retrieve,
 * refuse without calling the model when nothing is relevant, ask the model with
 * numbered sources under a token budget, then map [n] citations. An answer that
 * cites nothing (when citations are required) is replaced by the extractive one.
 *
 * Streaming: the deltas always assemble into final.answer. With citations required,
 * text is held back until the first valid citation arrives, so an uncited reply is
 * never shown before it is replaced.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { silentLogger, type Logger } from '../log.js';
import { detectLanguage } from '../text/normalize.js';
import type { Answer, AnswerStream, Answerer, AskOptions, Citation, KnowledgeBase, Lang, Turn } from '../types.js';
import { CitationRewriter, citationsFor, stripCitationMarkers } from './citations.js';
import { neutraliseDelimiters } from './delimiters.js';
import { LlmUnreachableError, UserFacingError } from './errors.js';
import { searchAfterHistory } from './continuation.js';
import { isFollowUp, standaloneQuestion } from './follow-up.js';
import { invokeChat, streamChat, type CallOptions } from './llm.js';
import { notFoundMessage } from './messages.js';
import { offlineAnswer } from './offline.js';
import { languageName, loadPrompt, renderPrompt } from './prompts.js';
import { scopedNotFound } from './scope-message.js';
import { formatSources, selectSources, type Source } from './sources.js';
import { withStories } from './story-citations.js';
import { checkCitations, type CheckedAnswer, type ClaimChecker } from './citation-support.js';
import { notFoundAnswer, relatedArticles } from './not-found.js';
import { answersWithArticles } from './timeline.js';

export interface GenerativeAnswererOptions {
  kb: () => KnowledgeBase;
  chat: BaseChatModel;
  /** The extractive answerer, used when a generated answer cites nothing. */
  fallback: Answerer;
  k: number;
  minRelevance: number;
  requireCitations: boolean;
  /** Token budget for the sources block (CONTEXT_TOKEN_BUDGET). */
  tokenBudget: number;
  /** Deadline per model call; default: the chat model's own timeout, else 30 s. */
  timeoutMs?: number;
  /** ANSWER_LANGUAGE: 'auto' answers in the question's language. */
  language?: Lang | 'auto';
  log?: Logger;
  /** Prior turns shown to the condense prompt (default 4). */
  maxHistoryTurns?: number;
}

const ALL_LANGS: Lang[] = ['zh-Hans', 'zh-Hant', 'en'];


const squash = (s: string) => s.normalize('NFKC').replace(/[\s。.!！]/gu, '').toLowerCase();

/** The model gave the fixed not-found sentence (in any language), possibly with extras. */
function saysNotFound(text: string, hasCitations: boolean): boolean {
  const t = squash(text);
  return ALL_LANGS.some((l) => {
    const nf = squash(notFoundMessage(l));
    return t === nf || (!hasCitations && t.includes(nf));
  });
}

/** The system prompt, then the answer (or timeline) prompt with the numbered, delimited sources. */
function answerMessages(sources: Source[], lang: Lang, question: string, timeline: boolean) {
  return [
    new SystemMessage(loadPrompt('system')),
    new HumanMessage(
      renderPrompt(timeline ? 'timeline' : 'answer', {
        language: languageName(lang),
        sources: formatSources(sources, lang),
        not_found: notFoundMessage(lang),
        question: neutraliseDelimiters(question),
      }),
    ),
  ];
}

export class GenerativeAnswerer implements Answerer {
  readonly mode = 'generative' as const;
  private readonly log: Logger;
  private readonly timeoutMs: number;

  constructor(private readonly opts: GenerativeAnswererOptions) {
    this.log = opts.log ?? silentLogger;
    const own = (opts.chat as unknown as { timeout?: unknown }).timeout;
    this.timeoutMs = opts.timeoutMs ?? (typeof own === 'number' ? own : 30_000);
  }

  ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    return this.run(question, opts, undefined);
  }

  stream(question: string, opts: AskOptions = {}): AnswerStream {
    const deltas = new DeltaQueue();
    const final = this.run(question, opts, (d) => deltas.push(d)).then(
      (answer) => {
        deltas.end();
        return answer;
      },
      (err: unknown) => {
        deltas.fail(err);
        throw err;
      },
    );
    final.catch(() => {}); // a consumer that only reads deltas must not crash the process
    return { deltas, final };
  }

  private languageFor(question: string, opts: AskOptions): Lang {
    if (opts.language) return opts.language;
    const fixed = this.opts.language;
    return fixed && fixed !== 'auto' ? fixed : detectLanguage(question);
  }

  /** `emit` set = streaming. */
  private async run(question: string, opts: AskOptions, emit: ((delta: string) => void) | undefined): Promise<Answer> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const lap = (key: string, since: number) => (timings[key] = Math.round(performance.now() - since));
    const lang = this.languageFor(question, opts);
    const call: CallOptions = { timeoutMs: this.timeoutMs, signal: opts.signal };
    let standalone = standaloneQuestion(question, opts.history);
    try {
      if (isFollowUp(question, opts.history)) {
        const t = performance.now();
        standalone = await this.condense(question, opts.history!, lang, call);
        lap('condense', t);
      }

      let t = performance.now();
      const kb = this.opts.kb();
      const { hits, searchText, later } = await searchAfterHistory(kb, question, standalone, { history: opts.history, k: this.opts.k, now: opts.now, minRelevance: this.opts.minRelevance });
      const news = kb.understand?.(searchText, opts.now);
      lap('retrieve', t);
      const relevant = hits.filter((h) => h.relevance >= this.opts.minRelevance);
      const assessment = kb.assess?.(searchText, hits, this.opts.minRelevance);
      const base = { question, language: lang, mode: 'generative' as const, timings };
      // A timeline (and a "later" follow-up) is told from dated articles about the topic, not from one sentence that answers a question.
      const listing = relevant.length > 0 && (answersWithArticles(news, assessment) || !!later);
      if (relevant.length === 0 || (assessment && !assessment.answerable && !listing)) {
        // Refusal without a model call: the articles do not hold the answer, so a model could only invent one.
        const reason = assessment?.reason ?? 'no-relevant-article';
        lap('total', started);
        const scoped = relevant.length === 0 && news ? scopedNotFound(news.constraints, lang) : undefined;
        const refusal = notFoundAnswer(base, relatedArticles(hits, { reason, touching: assessment?.touching }, this.opts.minRelevance), reason, scoped);
        emit?.(refusal.answer);
        return refusal;
      }

      const { sources, tokens } = selectSources(relevant, this.opts.tokenBudget);
      const passages = sources.flatMap((s) => s.passages);
      const messages = answerMessages(sources, lang, standalone, listing);
      const gate = new CitationGate(sources.length, !this.opts.requireCitations, emit);
      t = performance.now();
      if (emit) await streamChat(this.opts.chat, messages, { ...call, onDelta: (d) => gate.push(d) });
      else gate.push(await invokeChat(this.opts.chat, messages, call));
      gate.end();
      lap('generate', t);

      const cited = gate.cited;
      this.log.debug({ lang, hits: hits.length, relevant: relevant.length, sources: sources.length, tokens, cited: cited.length }, 'generative answer');
      if (saysNotFound(gate.text, cited.length > 0)) {
        const answer = gate.release(notFoundMessage(lang));
        lap('total', started);
        return { ...base, answer, citations: [], grounded: false, passages };
      }
      const empty = gate.text.trim() === '';
      if (cited.length === 0 && (this.opts.requireCitations || empty)) {
        const reason = empty ? 'empty' : 'uncited';
        this.log.info({ lang, sources: sources.length, reason }, 'generated answer unusable; using the extractive answer');
        const fb = await this.extractive(question, standalone, lang, opts, timings, reason);
        gate.release(fb.answer);
        return fb;
      }
      const generated = gate.release();
      const checked = this.checkSupport(kb, generated, citationsFor(cited, sources.map((s) => s.article)), sources, lang);
      // Nothing the model cited holds up in the asker's language (an order planted in a source can make it answer in
      // another): answer from the articles' own sentences, or refuse.
      const nothingLeft = checked.text.trim() === '' || (this.opts.requireCitations && checked.citations.length === 0);
      if (checked.dropped.length > 0 && nothingLeft) {
        const reason = checked.foreign > 0 ? 'wrong-language' : 'unsupported';
        this.log.info({ lang, reason, dropped: checked.dropped.length }, 'generated answer unusable; using the extractive answer');
        return { ...(await this.extractive(question, standalone, lang, opts, timings, reason)), support: checked.support };
      }
      lap('total', started);
      return { ...base, answer: checked.text, citations: withStories(checked.citations, relevant), grounded: checked.citations.length > 0, passages, support: checked.support };
    } catch (err) {
      if (err instanceof LlmUnreachableError) {
        return offlineAnswer(this.opts.fallback, err, { question, standalone, lang, signal: opts.signal, emit, log: this.log });
      }
      if (err instanceof UserFacingError) this.log.warn({ err, kind: err.kind }, 'generative answer failed');
      else this.log.error({ err }, 'generative answer failed');
      throw err;
    }
  }

  /** The extractive answer in place of an unusable generated one, with this run's timings. */
  private async extractive(question: string, standalone: string, lang: Lang, opts: AskOptions, timings: Record<string, number>, reason: string): Promise<Answer> {
    const fb = await this.opts.fallback.ask(standalone, { language: lang, signal: opts.signal, now: opts.now });
    return { ...fb, question, language: lang, timings: { ...fb.timings, ...timings }, fallback: reason };
  }

  /** Drop cited sentences their sources do not hold (citation-support.ts); without a checker, nothing is dropped. */
  private checkSupport(kb: KnowledgeBase, text: string, citations: Citation[], sources: Source[], lang: Lang): CheckedAnswer {
    const textsByUrl = new Map(sources.map((s) => [s.article.url, s.passages.map((p) => p.text)]));
    const sourceTexts = (n: number) => textsByUrl.get(citations[n - 1]?.url ?? '') ?? [];
    const check: ClaimChecker = kb.claimSupport ? (claim, texts) => kb.claimSupport!(claim, texts) : () => ({ coverage: 1, missingShare: 0 });
    const checked = checkCitations(text, citations, sourceTexts, check, undefined, lang);
    if (checked.dropped.length > 0) this.log.info({ dropped: checked.dropped }, 'dropped cited sentences their sources do not support');
    return checked;
  }

  /** Follow-up + prior turns -> one standalone question in the asker's language. */
  private async condense(question: string, history: Turn[], lang: Lang, call: CallOptions): Promise<string> {
    const turns = history.slice(-(this.opts.maxHistoryTurns ?? 4));
    const clip = (s: string) => (s.length > 600 ? `${s.slice(0, 600)}…` : s);
    const historyText = turns.map((turn) => `User: ${turn.question}\nAssistant: ${clip(stripCitationMarkers(turn.answer).trim())}`).join('\n\n');
    const prompt = renderPrompt('condense', { language: languageName(lang), history: neutraliseDelimiters(historyText), question: neutraliseDelimiters(question) });
    const reply = await invokeChat(this.opts.chat, [new HumanMessage(prompt)], call);
    const line = reply
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0);
    this.log.debug({ question, standalone: line }, 'condensed follow-up');
    return line ?? question;
  }
}

/**
 * Rewrites citations as text arrives and decides what may be shown: everything
 * (citations optional) or nothing until the first valid citation appears.
 */
class CitationGate {
  private readonly rewriter: CitationRewriter;
  private held = '';
  private shown = '';

  constructor(
    sourceCount: number,
    private open: boolean,
    private readonly emit: ((delta: string) => void) | undefined,
  ) {
    this.rewriter = new CitationRewriter(sourceCount);
  }

  get cited(): number[] {
    return this.rewriter.cited;
  }

  /** Everything produced so far, shown or held. */
  get text(): string {
    return this.shown + this.held;
  }

  push(delta: string): void {
    this.route(this.rewriter.push(delta));
  }

  end(): void {
    this.route(this.rewriter.flush());
  }

  /**
   * Finish: show what is held, or — if nothing was shown yet — the replacement.
   * Returns the final answer text (always what the deltas add up to).
   */
  release(replacement?: string): string {
    if (replacement !== undefined && this.shown === '') {
      this.held = '';
      this.show(replacement);
    } else {
      this.show(this.held);
      this.held = '';
    }
    return this.shown;
  }

  private route(piece: string): void {
    // Models sometimes start with blank lines; never show them.
    const text = this.shown === '' && this.held === '' ? piece.trimStart() : piece;
    if (!text) return;
    if (this.open) return this.show(text);
    this.held += text;
    if (this.rewriter.cited.length > 0) {
      this.open = true;
      const held = this.held;
      this.held = '';
      this.show(held);
    }
  }

  private show(text: string): void {
    if (!text) return;
    this.shown += text;
    this.emit?.(text);
  }
}

/** Single-consumer async queue of deltas; rethrows the run's error at the end. */
class DeltaQueue implements AsyncIterable<string> {
  private readonly items: string[] = [];
  private done = false;
  private failed = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(item: string): void {
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.done = true;
    this.wake?.();
  }

  fail(error: unknown): void {
    this.failed = true;
    this.error = error;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.done) {
        if (this.failed) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
