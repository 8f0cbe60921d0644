/** Shared domain types. Everything below src/ speaks these shapes. */

export type Script = 'Hans' | 'Hant';
/** The language of a question or an answer: Chinese in one of two scripts, or English. */
export type Lang = 'zh-Hans' | 'zh-Hant' | 'en';

export interface Article {
  /** Stable id derived from the URL (first 16 hex of sha1(url)). */
  id: string;
  url: string;
  title: string;
  /** ISO 8601, from line 1 of the file. */
  publishedAt: string;
  /** The outlet, e.g. "自由亚洲电台" (RFA), "美国之音" (VOA), "德国之声" (DW), or the host. */
  source: string;
  script: Script;
  /** Cleaned paragraphs joined by "\n", in the original script (for display and quoting). */
  text: string;
  /** The file it came from (for reports). */
  file?: string;
}

export interface Chunk {
  /** `${articleId}:${ordinal}` */
  id: string;
  articleId: string;
  ordinal: number;
  /** Original-script passage text (for display). */
  text: string;
}

/** Article metadata carried with every chunk and search hit. */
export interface ArticleMeta {
  id: string;
  url: string;
  title: string;
  source: string;
  publishedAt: string;
  script: Script;
}

export interface Passage {
  chunkId: string;
  article: ArticleMeta;
  text: string;
  score: number;
}

export interface SearchOptions {
  /** Number of articles to return (default 5). */
  k?: number;
  /** Only articles from this outlet (matched against source name or host, case-insensitive). */
  source?: string;
  /** ISO date (inclusive) bounds on publishedAt. */
  from?: string;
  to?: string;
  /** Reference day (ISO) for relative dates in the query ("上个月", "last week"); default: the index's. */
  now?: string;
  /** Newest relevant articles first, as if the query said "latest" (/latest). */
  latest?: boolean;
}

/** One article in a ranked result list, with its best passages. */
export interface SearchHit {
  article: ArticleMeta;
  /** Fused score, higher is better. */
  score: number;
  /** Best passages of this article, best first. */
  passages: Passage[];
  /** Calibrated relevance in [0, 1]: how strongly the query terms are covered by the article. */
  relevance: number;
  /** Set when other hits report the same event (another outlet, a few days apart, much the same text). */
  story?: string;
  /** The other hits of the same story. */
  related?: ArticleMeta[];
}

export interface Citation {
  n: number;
  url: string;
  title: string;
  source: string;
  publishedAt: string;
  /** The same story as told by other outlets (not separate facts). */
  related?: ArticleMeta[];
}

export type AnswerMode = 'extractive' | 'generative';

export interface Answer {
  question: string;
  language: Lang;
  answer: string;
  citations: Citation[];
  grounded: boolean;
  mode: AnswerMode;
  timings: Record<string, number>;
  /** The passages the answer was built from (for /sources). */
  passages?: Passage[];
  /** Set when a generative answer fell back to the extractive one. */
  fallback?: string;
  /**
   * Not grounded, but the articles touch the topic: the closest ones, for reading on.
   * Never citations of an answer.
   */
  related?: ArticleMeta[];
  /** Why the corpus does not answer (when grounded is false). */
  unanswerable?: Unanswerable;
  /** Generative answers: cited sentences checked against their sources, and how many held. */
  support?: { checked: number; supported: number; unsupported: number };
}

/** A prior exchange in a conversation, oldest first. */
export interface Turn {
  question: string;
  answer: string;
  citations?: Citation[];
}

/** Which embedder built an index; a query with a different one is refused. */
export interface EmbedderInfo {
  kind: 'local' | 'openai';
  model: string;
  dimensions: number;
}

export interface ArticleView extends ArticleMeta {
  /** First paragraph. */
  lead: string;
  /** Whole cleaned text (original script). */
  text: string;
}

export interface IndexStats {
  articles: number;
  chunks: number;
  /** Earliest and latest publishedAt (ISO) in the index. */
  from?: string;
  to?: string;
  /** Article count per outlet. */
  sources: Record<string, number>;
  /** When the index was built (ISO). */
  builtAt: string;
  embedder: EmbedderInfo;
}

/** What a question asks for (retrieve/question-type.ts). */
export type AnswerType = 'person' | 'place' | 'year' | 'time' | 'number' | 'duration' | 'reason' | 'statement' | 'name' | 'other';

export type Unanswerable = 'no-relevant-article' | 'missing-specifics' | 'no-supporting-sentence' | 'no-answer-of-type';

/** One or two adjacent sentences of a passage that show the question. */
export interface SupportWindow {
  /** Index of the hit (article) in the ranked list. */
  hit: number;
  passage: Passage;
  /** Original-script sentences. */
  sentences: string[];
  /** Weighted share of the question's units the window shows (names may come from the article). */
  coverage: number;
}

/** Whether the hits answer the question, and with which sentences (retrieve/answerability.ts). */
export interface Assessment {
  answerable: boolean;
  type: AnswerType;
  reason?: Unanswerable;
  /** Specifics the closest article lacks (the question's own words). */
  missing: string[];
  /** Windows that pass, best first (empty when unanswerable). */
  support: SupportWindow[];
  /**
   * When no article is relevant: the hits (indices) that show every one of the question's
   * specifics all the same. The question touches their topic; they are related reading, never an answer.
   */
  touching?: number[];
}

/** A loaded, searchable index. Immutable: a re-index produces a new one. */
export interface KnowledgeBase {
  search(query: string, opts?: SearchOptions): Promise<SearchHit[]>;
  /** By article id or URL; undefined when unknown. Opens no file: texts come from the index's own files, open since it loaded. */
  getArticle(idOrUrl: string): ArticleView | undefined;
  /** Await before getArticle where the index reads texts on demand (PostgreSQL); absent: nothing to wait for. */
  loadArticle?(idOrUrl: string): Promise<void>;
  /** Titles containing the text (either script), for autocomplete. */
  findTitles(text: string, limit?: number): ArticleMeta[];
  /** Articles most similar to the given one (excluding itself). */
  related(articleId: string, k?: number): Promise<ArticleMeta[]>;
  stats(): IndexStats;
  /** Whether these hits (from search) answer the question: specifics, a supporting sentence, the asked-for thing. */
  assess?(question: string, hits: SearchHit[], minRelevance: number): Assessment;
  /** How far source texts hold a claim: its units' weighted coverage and the specifics they lack. */
  claimSupport?(claim: string, sourceTexts: string[]): { coverage: number; missing: string[]; missingShare: number };
  /** The question's weighted search terms (IDF × expansion weight), for sentence scoring. */
  queryTerms?(question: string): { term: string; weight: number }[];
  /** What the question says besides its topic: outlet, period, latest / recent / timeline (retrieve/news-query.ts). */
  understand?(question: string, now?: string): NewsQuery;
  /** The newest articles, optionally of one outlet (for /latest without a topic). */
  newest?(k: number, source?: string): ArticleMeta[];
}

/** Outlet and period a question names: strict filters on the search. */
export interface NewsConstraints {
  /** Outlet filter (the corpus's outlet name). */
  source?: string;
  /** Inclusive ISO days. */
  from?: string;
  to?: string;
}

/** A question's news intents (retrieve/news-query.ts). */
export interface NewsQuery {
  /** The question without the outlet, date and intent words; the question itself when none matched. */
  topic: string;
  constraints: NewsConstraints;
  /** "最新", "latest": the newest relevant article first. */
  latest: boolean;
  /** "最近", "recently": newer relevant articles a little higher. */
  recent: boolean;
  /** "来龙去脉", "how did X develop": dated points in order. */
  timeline: boolean;
  /** "有哪些关于…的报道", "which reports…": the articles themselves are the answer, listed by date. */
  list: boolean;
  /** Anything matched at all (false: searched exactly as without the parser). */
  matched: boolean;
}

export interface AskOptions {
  /** Earlier turns of the conversation, oldest first. */
  history?: Turn[];
  /** Force the answer language; default: the question's. */
  language?: Lang;
  signal?: AbortSignal;
  /** Reference day (ISO) for the question's relative dates; default: the index's. */
  now?: string;
}

export interface AnswerStream {
  /** Text deltas as they arrive (extractive answers arrive in one piece). */
  deltas: AsyncIterable<string>;
  final: Promise<Answer>;
}

export interface Answerer {
  readonly mode: AnswerMode;
  ask(question: string, opts?: AskOptions): Promise<Answer>;
  stream(question: string, opts?: AskOptions): AnswerStream;
}
