/**
 * Text for /search, /article, /stats, /sources and /help, shared by the Discord
 * bot and the terminal chat (they differ only in Style). Pure.
 */
import type { Answer, ArticleMeta, ArticleView, IndexStats, Passage, SearchHit } from '../types.js';
import { day } from './answer-text.js';
import { botMessages } from './messages.js';
import type { Style } from './style.js';

const LEAD_CHARS = 800;
const PASSAGE_CHARS = 600;

/** Cut at a character limit, adding an ellipsis (code-point safe). */
export function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const metaLine = (a: Pick<ArticleMeta, 'source' | 'publishedAt'>) => `${a.source} · ${day(a.publishedAt)}`;

/** `n. [title](url) — outlet · date` */
function articleLine(n: number, a: ArticleMeta, style: Style): string {
  return `${n}. ${style.link(a.title, a.url)} — ${metaLine(a)}`;
}

/** "同一事件 / same story: DW · 2023-04-19, …" under a hit other outlets also reported. */
function storyLine(h: Pick<SearchHit, 'related'>, style: Style): string {
  if (!h.related?.length) return '';
  return `\n   ↳ 同一事件 / same story: ${h.related.map((a) => `${style.link(a.source, a.url)} · ${day(a.publishedAt)}`).join('; ')}`;
}

export function searchView(query: string, hits: SearchHit[], style: Style): string {
  if (hits.length === 0) return botMessages.noResults();
  const lines = hits.map((h, i) => `${articleLine(i + 1, h.article, style)} · \`${h.article.id}\`${storyLine(h, style)}`);
  return `${style.bold('搜索结果 / Results')}: ${style.text(clip(query, 100))}\n${lines.join('\n')}`;
}

/** /latest: newest first, each with outlet and date. */
export function latestView(topic: string | undefined, hits: Pick<SearchHit, 'article' | 'related'>[], style: Style): string {
  if (hits.length === 0) return botMessages.noResults();
  const head = style.bold('最新文章 / Latest');
  const lines = hits.map((h, i) => `${articleLine(i + 1, h.article, style)}${storyLine(h, style)}`);
  return `${topic ? `${head}: ${style.text(clip(topic, 100))}` : head}\n${lines.join('\n')}`;
}

export function articleView(article: ArticleView, related: ArticleMeta[], style: Style): string {
  const parts = [
    style.bold(style.text(article.title)),
    `${metaLine(article)} · ${article.url}`,
    '',
    style.quote(style.text(clip(article.lead || article.text, LEAD_CHARS))),
  ];
  if (related.length > 0) {
    parts.push('', style.bold('相关文章 / Related'), ...related.map((a, i) => articleLine(i + 1, a, style)));
  }
  return parts.join('\n');
}

/** "3 天前 / 3 d ago" style age, coarse on purpose. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} 秒前 / ${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} 分钟前 / ${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} 小时前 / ${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} 天前 / ${d} d ago`;
}

/** When the corpus was last refreshed from the feeds, and what came in. */
export interface CorpusRefresh {
  at: string;
  new: number;
  updated: number;
}

export function statsView(stats: IndexStats, now: number, style: Style, refresh?: CorpusRefresh): string {
  const outlets = Object.entries(stats.sources)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} (${n})`)
    .join(', ');
  const range = stats.from && stats.to ? `${day(stats.from)} – ${day(stats.to)}` : '—';
  const built = Date.parse(stats.builtAt);
  const age = Number.isFinite(built) ? `${ageText(now - built)} (${stats.builtAt})` : stats.builtAt;
  const e = stats.embedder;
  return [
    style.bold('索引状态 / Index'),
    `文章 / Articles: ${stats.articles}`,
    `段落 / Chunks: ${stats.chunks}`,
    `日期 / Dates: ${range}`,
    `来源 / Outlets: ${outlets || '—'}`,
    `索引时间 / Built: ${age}`,
    `嵌入模型 / Embedder: ${e.kind}:${e.model} (${e.dimensions} dims)`,
    ...(refresh ? [refreshLine(refresh, now)] : []),
  ].join('\n');
}

function refreshLine(r: CorpusRefresh, now: number): string {
  const at = Date.parse(r.at);
  const when = Number.isFinite(at) ? `${ageText(now - at)} (${r.at})` : r.at;
  return `语料更新 / Corpus refreshed: ${when}; 新增 / new ${r.new}, 更新 / updated ${r.updated}`;
}

/** Which citation number a passage supports, matched by article URL. */
function citationNumber(answer: Answer, p: Passage): number | undefined {
  return answer.citations.find((c) => c.url === p.article.url)?.n;
}

export function sourcesView(answer: Answer, style: Style): string {
  const passages = answer.passages ?? [];
  const head = `${style.bold('上一个回答的依据 / Passages behind the last answer')}: ${style.text(clip(answer.question, 120))}`;
  if (passages.length === 0) {
    const cites = answer.citations.map((c) => `${c.n}. ${style.link(c.title, c.url)} — ${metaLine(c)}`);
    return [head, botMessages.noPassages(), ...cites].join('\n');
  }
  const blocks = passages.map((p, i) => {
    const n = citationNumber(answer, p);
    const label = n === undefined ? `${i + 1}.` : `[${n}]`;
    return `${label} ${style.link(p.article.title, p.article.url)} — ${metaLine(p.article)}\n${style.quote(style.text(clip(p.text, PASSAGE_CHARS)))}`;
  });
  return [head, ...blocks].join('\n\n');
}

export function helpView(surface: 'discord' | 'cli', style: Style): string {
  const ask =
    surface === 'discord'
      ? '@机器人 + 问题，或 `/ask`；回复机器人的消息可以追问。/ Mention me with a question or use `/ask`; reply to my answer for a follow-up.'
      : '直接输入问题；用“他”“那……呢？”等接着问即为追问（`/new` 开始新对话）。/ Type a question; one that points back ("he", "what about…") is a follow-up (`/new` starts over).';
  const search = surface === 'discord' ? '`/search query [source] [from] [to] [limit]`' : '`/search query [source:RFA] [from:2023-01-01] [to:2023-12-31] [limit:5]`';
  return [
    style.bold('中文新闻问答 / Chinese news Q&A'),
    '回答只依据资料库中的新闻文章，并附上来源。/ Answers come only from the indexed news articles, with sources.',
    '',
    `• ${ask}`,
    `• ${search} — 查找文章 / find articles`,
    `• ${surface === 'discord' ? '`/latest [topic] [source]`' : '`/latest [topic] [source:DW]`'} — 最新的相关文章 / newest relevant articles`,
    '• `/article <id|url>` — 文章详情 / article details',
    '• `/sources` — 上一个回答引用的段落 / passages behind the last answer',
    '• `/stats` — 索引概况 / index statistics',
    '• `/help` — 本说明 / this help',
    ...(surface === 'cli' ? ['• `/quit`（或 Ctrl-D）— 退出 / leave the chat'] : []),
    '',
    style.bold('按来源和时间提问 / Asking by outlet and date'),
    '• 德国之声2023年4月关于李尚福访俄的报道说了什么？',
    '• 上个月美国之音有哪些关于中美关系的报道？ / 最新一篇關於王毅的報導',
    '• "What did RFA report last week about Hong Kong?" · "How did the China-Russia military ties develop?"',
  ].join('\n');
}
