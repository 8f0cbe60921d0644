/**
 * In-memory KnowledgeBase and Answerer for bot tests: tiny corpora, naive
 * character-bigram search, and an answerer that quotes the best passage and
 * records every call (to assert history, language, hot reload).
 */
import type {
  Answer, AnswerMode, AnswerStream, Answerer, ArticleMeta, ArticleView, AskOptions, Citation, IndexStats, KnowledgeBase, SearchHit, SearchOptions,
} from '../../../src/types.js';

export interface FakeArticle {
  id: string;
  url: string;
  title: string;
  source: string;
  publishedAt: string;
  text: string;
}

export const CORPUS_V1: FakeArticle[] = [
  {
    id: 'a1b2c3d4e5f60001',
    url: 'https://www.rfa.org/mandarin/2023/08/15/li-shangfu-russia.html',
    title: '李尚福出访俄罗斯 美日韩会面',
    source: '自由亚洲电台',
    publishedAt: '2023-08-15T10:00:00.000Z',
    text: '中国国防部长李尚福两度出访俄罗斯。\n美日韩计划在戴维营举行领导人峰会，寻求共同应对中国。\n学者指出，美中双方都在积极拉拢盟友。',
  },
  {
    id: 'a1b2c3d4e5f60002',
    url: 'https://www.voachinese.com/a/typhoon-doksuri-beijing-flood/7210000.html',
    title: '台风杜苏芮带来暴雨 北京遭遇洪灾',
    source: '美国之音',
    publishedAt: '2023-08-01T08:30:00.000Z',
    text: '受台风杜苏芮影响，北京出现有气象记录以来最大降雨。\n河北涿州等地遭遇严重洪灾，大量居民被疏散。',
  },
  {
    id: 'a1b2c3d4e5f60003',
    url: 'https://www.dw.com/zh/chinese-economy-youth-unemployment/a-66500000',
    title: '中国青年失业率创新高 统计局暂停发布',
    source: '德国之声',
    publishedAt: '2023-08-16T12:00:00.000Z',
    text: '国家统计局宣布暂停发布青年失业率数据。\n此前六月份16至24岁青年失业率达到21.3%，创历史新高。',
  },
];

/** The re-indexed corpus used by hot-reload tests: one new article. */
export const CORPUS_V2: FakeArticle[] = [
  ...CORPUS_V1,
  {
    id: 'a1b2c3d4e5f60004',
    url: 'https://www.rfa.org/mandarin/2023/09/01/new-article.html',
    title: '熊猫外交新动向 大熊猫返回中国',
    source: '自由亚洲电台',
    publishedAt: '2023-09-01T09:00:00.000Z',
    text: '美国动物园的大熊猫将在年底前返回中国。\n分析人士称熊猫外交反映了中美关系的变化。',
  },
];

const meta = (a: FakeArticle): ArticleMeta => ({ id: a.id, url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt, script: 'Hans' });

function grams(text: string): Set<string> {
  const s = text.toLowerCase().replace(/[\s\p{P}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

export class FakeKnowledgeBase implements KnowledgeBase {
  searches: { query: string; opts?: SearchOptions }[] = [];

  constructor(
    readonly articles: FakeArticle[] = CORPUS_V1,
    readonly builtAt = '2023-09-02T00:00:00.000Z',
  ) {}

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    this.searches.push({ query, opts });
    const q = grams(query);
    const hits: SearchHit[] = [];
    for (const a of this.articles) {
      if (opts.source && !a.source.toLowerCase().includes(opts.source.toLowerCase()) && !a.url.includes(opts.source.toLowerCase())) continue;
      if (opts.from && a.publishedAt.slice(0, 10) < opts.from) continue;
      if (opts.to && a.publishedAt.slice(0, 10) > opts.to) continue;
      const paragraphs = a.text.split('\n');
      const scored = paragraphs.map((p, i) => ({ p, i, s: [...grams(`${a.title}${p}`)].filter((g) => q.has(g)).length }));
      const best = scored.sort((x, y) => y.s - x.s)[0];
      // Two shared bigrams at least, so a lone 中国 does not count as a match.
      if (!best || best.s < 2) continue;
      const passages = [{ chunkId: `${a.id}:${best.i}`, article: meta(a), text: best.p, score: best.s }];
      hits.push({ article: meta(a), score: best.s, passages, relevance: Math.min(1, best.s / Math.max(1, q.size)) });
    }
    return hits.sort((x, y) => y.score - x.score).slice(0, opts.k ?? 5);
  }

  newest(k: number, source?: string): ArticleMeta[] {
    return this.articles.filter((a) => !source || a.source === source).sort((x, y) => y.publishedAt.localeCompare(x.publishedAt)).slice(0, k).map(meta);
  }

  getArticle(idOrUrl: string): ArticleView | undefined {
    const a = this.articles.find((x) => x.id === idOrUrl || x.url === idOrUrl);
    return a ? { ...meta(a), lead: a.text.split('\n')[0] ?? '', text: a.text } : undefined;
  }

  findTitles(text: string, limit = 25): ArticleMeta[] {
    return this.articles.filter((a) => a.title.includes(text.trim())).slice(0, limit).map(meta);
  }

  async related(articleId: string, k = 3): Promise<ArticleMeta[]> {
    return this.articles.filter((a) => a.id !== articleId).slice(0, k).map(meta);
  }

  stats(): IndexStats {
    const sources: Record<string, number> = {};
    for (const a of this.articles) sources[a.source] = (sources[a.source] ?? 0) + 1;
    const dates = this.articles.map((a) => a.publishedAt).sort();
    return {
      articles: this.articles.length,
      chunks: this.articles.reduce((n, a) => n + a.text.split('\n').length, 0),
      from: dates[0],
      to: dates[dates.length - 1],
      sources,
      builtAt: this.builtAt,
      embedder: { kind: 'local', model: 'fake-hash', dimensions: 64 },
    };
  }
}

export interface FakeAnswererOptions {
  mode?: AnswerMode;
  /** Replace the answer text for a question (e.g. to make it very long). */
  answerText?: (question: string) => string | undefined;
  /** Delay before answering (ms). */
  delayMs?: number;
  /** For streaming: deltas of this many characters, this far apart. */
  deltaChars?: number;
  deltaDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FakeAnswerer implements Answerer {
  readonly mode: AnswerMode;
  readonly calls: { question: string; opts?: AskOptions }[] = [];

  constructor(
    private readonly kb: () => KnowledgeBase,
    private readonly o: FakeAnswererOptions = {},
  ) {
    this.mode = o.mode ?? 'extractive';
  }

  async ask(question: string, opts?: AskOptions): Promise<Answer> {
    this.calls.push({ question, opts });
    if (this.o.delayMs) await sleep(this.o.delayMs);
    const hits = await this.kb().search(question, { k: 2 });
    const language = opts?.language ?? (/[\u4e00-\u9fff]/.test(question) ? 'zh-Hans' : 'en');
    const citations: Citation[] = hits.map((h, i) => ({ n: i + 1, url: h.article.url, title: h.article.title, source: h.article.source, publishedAt: h.article.publishedAt }));
    const passages = hits.flatMap((h) => h.passages);
    const override = this.o.answerText?.(question);
    const grounded = hits.length > 0;
    const answer = override ?? (grounded ? `${passages[0]?.text ?? ''} [1]` : '抱歉，资料库中的文章没有提到这个问题的答案。');
    return { question, language, answer, citations: grounded ? citations : [], grounded, mode: this.mode, timings: { total: 1 }, passages };
  }

  stream(question: string, opts?: AskOptions): AnswerStream {
    const final = this.ask(question, opts);
    const { deltaChars = 4, deltaDelayMs = 100 } = this.o;
    async function* deltas(): AsyncGenerator<string> {
      const text = (await final).answer;
      for (let i = 0; i < text.length; i += deltaChars) {
        await sleep(deltaDelayMs);
        yield text.slice(i, i + deltaChars);
      }
    }
    return { deltas: deltas(), final };
  }
}
