/**
 * HTML body → clean paragraphs. The bodies are RSS-to-HTML output, so besides the
 * article they carry images, photo captions, related-link lists, feed footers,
 * copyright notices and credit lines; all of that is dropped here, and sub-headings
 * become sentences of their own (captions.ts).
 *
 * Every traversal is iterative: bodies can be megabytes and nested thousands deep.
 */
import * as cheerio from 'cheerio';
import { endHeading, isCaption, stripLeadingCredit } from './captions.js';

/** The slice of domhandler's node shape we rely on (kept local: domhandler is not a direct dependency). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  parent: DomNode | null;
  next: DomNode | null;
  children?: DomNode[];
}

type Frame = { node: DomNode } | { exit: string };

/** Never text: media, scripts, form controls. */
const SKIP_TAGS = new Set([
  'img', 'picture', 'source', 'video', 'audio', 'track', 'svg', 'canvas', 'iframe', 'object', 'embed',
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'hr',
  'button', 'input', 'select', 'textarea', 'form', 'map',
]);

/** Elements that start and end a paragraph; everything else is inline and joins. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'figure', 'figcaption', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'caption', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'address', 'details',
  'summary', 'body', 'html',
]);

/** A short block that only labels a related-content section, e.g. "相关图集：…", "相關報導". */
const RELATED_LABEL =
  /^(?:相[关關](?:新[闻聞]|[报報][道导導]|[阅閱][读讀]|文章|[图圖]集|[链鏈]接|[连連][结結]|[内內]容|主[题題]|[视視][频頻]|影音|[话話][题題])?|延伸[阅閱][读讀]|推荐[阅閱][读讀]|推薦閱讀|更多[报報][道导導]|related(?: (?:news|stories|articles|coverage|content))?|see also|read more)\s*(?:[：:].*)?$/i;
const RELATED_PREFIX = /^\s*(?:相[关關]|延伸|推[荐薦]|更多|related|see also|read more)/i;

const isElement = (n: DomNode): boolean => n.type === 'tag' && typeof n.name === 'string';
const isBlock = (n: DomNode): boolean => isElement(n) && BLOCK_TAGS.has(n.name ?? '');

/** Display normalisation: NFC, no zero-width characters, single spaces. Full-width punctuation is kept. */
export function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}

/** Parse an HTML body and return its cleaned paragraphs, in order. */
export function htmlToParagraphs(html: string): string[] {
  const $ = cheerio.load(html, null, false);
  const root = $.root()[0] as unknown as DomNode;
  const raw = collectParagraphs(root, findRelatedBlocks(root));
  return filterParagraphs(raw);
}

interface RawParagraph {
  text: string;
  /** Every visible character sits inside an <a>: a link list entry, not prose. */
  allLink: boolean;
  /** Every visible character sits inside a caption element (<figcaption>, <small> under a photo). */
  caption: boolean;
}

/** Where the feeds put photo captions. */
const CAPTION_TAGS = new Set(['figcaption', 'small']);

/** Accumulates inline text until a block boundary. */
class ParagraphBuilder {
  readonly out: RawParagraph[] = [];
  private buf = '';
  private linked = 0;
  private captioned = 0;

  add(text: string, inLink: boolean, inCaption: boolean): void {
    this.buf += text;
    if (inLink) this.linked += visibleLength(text);
    if (inCaption) this.captioned += visibleLength(text);
  }

  flush(): void {
    const text = tidy(this.buf);
    const visible = visibleLength(text);
    if (text) this.out.push({ text, allLink: this.linked >= visible, caption: this.captioned >= visible });
    this.buf = '';
    this.linked = 0;
    this.captioned = 0;
  }
}

function visibleLength(text: string): number {
  return text.replace(/[\s\u00a0\u3000]/g, '').length;
}

/** Depth-first walk with an explicit stack; blocks and <br> break paragraphs. */
function collectParagraphs(root: DomNode, skip: Set<DomNode>): RawParagraph[] {
  const builder = new ParagraphBuilder();
  const stack: Frame[] = [];
  pushChildren(stack, root);
  let linkDepth = 0;
  let captionDepth = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('exit' in frame) {
      if (frame.exit === 'a') linkDepth--;
      if (CAPTION_TAGS.has(frame.exit)) captionDepth--;
      if (BLOCK_TAGS.has(frame.exit)) builder.flush();
      continue;
    }
    const node = frame.node;
    if (node.type === 'text') {
      builder.add(node.data ?? '', linkDepth > 0, captionDepth > 0);
      continue;
    }
    // Comments, directives, CDATA, <script>/<style> (their own node types) carry no prose.
    const name = node.name ?? '';
    if (!isElement(node) || SKIP_TAGS.has(name) || skip.has(node)) continue;
    if (name === 'br') {
      builder.flush();
      continue;
    }
    if (BLOCK_TAGS.has(name)) builder.flush();
    if (name === 'a') linkDepth++;
    if (CAPTION_TAGS.has(name)) captionDepth++;
    stack.push({ exit: name });
    pushChildren(stack, node);
  }
  builder.flush();
  return builder.out;
}

function pushChildren(stack: Frame[], node: DomNode): void {
  const kids = node.children ?? [];
  for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]! });
}

/**
 * Related-content sections: a short label block ("相关图集：…") and the non-<p>
 * siblings after it (galleries, link lists), up to the next paragraph of prose.
 * Found from text nodes upward, so deep nesting costs one walk, not one per element.
 */
function findRelatedBlocks(root: DomNode): Set<DomNode> {
  const skip = new Set<DomNode>();
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      if (RELATED_PREFIX.test(node.data ?? '')) markRelated(node, skip);
      continue;
    }
    for (const kid of node.children ?? []) stack.push(kid);
  }
  return skip;
}

function markRelated(text: DomNode, skip: Set<DomNode>): void {
  let block = text.parent;
  while (block && !isBlock(block)) block = block.parent;
  if (!block || skip.has(block)) return;
  const label = boundedText(block, 80);
  if (label === undefined || !RELATED_LABEL.test(label)) return;
  skip.add(block);
  // A photo gallery's slides are captioned prose about the story: keep them, drop only the label.
  if (/[图圖]集/.test(label)) return;
  for (let sib = block.next; sib; sib = sib.next) {
    if (isElement(sib) && sib.name === 'p') break;
    skip.add(sib);
  }
}

/** The tidied text of a subtree, or undefined once it exceeds `max` characters. */
function boundedText(node: DomNode, max: number): string | undefined {
  let text = '';
  const stack: DomNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text') {
      text += n.data ?? '';
      if (text.length > max * 4 && tidy(text).length > max) return undefined;
      continue;
    }
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  const tidied = tidy(text);
  return tidied.length > max ? undefined : tidied;
}

// ---- paragraph-level boilerplate ----

const FEED_FOOTER = /(?:获取|獲取)更多\s*RSS|^(?:https?:\/\/)?(?:www\.)?feedx\.(?:net|best|top|site)\b/i;
const COPYRIGHT = /^(?:©|\(c\)\s|copyright\b)|©\s*\d{4}/i;
const COPYRIGHT_WORDS = /版[权權]所有|版[权權][声聲]明|all rights reserved/i;
/** Feed item date lines: "Mon, 25 Sep 2023 11:05:25 GMT", "2023-04-16T13:06:27.989Z". */
const DATE_LINE = [
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+(?:GMT|UTC|[+-]\d{4}))?$/,
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/,
];
const NO_WORDS = /^[\p{P}\p{S}\s]*$/u;

/** Staff-credit labels as they appear before a colon: "记者：…", "責編：…", "撰稿/编辑：…". */
const CREDIT_LABEL =
  '(?:本台|特[约約])?[记記]者|[责責]任?[编編][辑輯]?|[网網][编編]|[编編][辑輯]|[编編][译譯]|撰稿|撰文|文字?|采[访訪]|採訪|翻[译譯]|校[对對]|[审審]校|[制製]作|[摄攝]影|[图圖]片?|[视視][频頻]|主[编編]|美[编編]|整理|[来來]源';
const CREDIT_COLON = new RegExp(`(?:${CREDIT_LABEL})\\s*[：:]`, 'g');
const CREDIT_START = new RegExp(`^[（(]?\\s*(?:${CREDIT_LABEL})(?:\\s*[/／、]\\s*(?:${CREDIT_LABEL}))*\\s*[：:]`);
/** A whole-line parenthetical attribution: "（綜合報導）", "(文：王五)". */
const CREDIT_PAREN = new RegExp(
  `^[（(](?:[^（）()]{0,20}(?:${CREDIT_LABEL})\\s*[：:][^（）()]{0,30}|[^（）()]{0,20}[报報][道导導]|完)[）)]$`,
);
const SENTENCE_END = /[。？！?!]/;

function isBoilerplate(text: string): boolean {
  if (NO_WORDS.test(text)) return true;
  if (FEED_FOOTER.test(text) || COPYRIGHT.test(text)) return true;
  if (COPYRIGHT_WORDS.test(text) && text.length <= 200) return true;
  return DATE_LINE.some((re) => re.test(text));
}

/** Credit lines; a lone "label：name" only counts near the end, where bylines live (keeps Q&A "记者：…？"). */
function isCredit(text: string, fromEnd: number): boolean {
  if (text.length <= 40 && CREDIT_PAREN.test(text)) return true;
  const labels = text.match(CREDIT_COLON)?.length ?? 0;
  if (labels >= 2 && text.length <= 100 && CREDIT_START.test(text)) return true;
  return fromEnd < 3 && text.length <= 40 && CREDIT_START.test(text) && !SENTENCE_END.test(text);
}

function filterParagraphs(raw: RawParagraph[]): string[] {
  const prose = raw
    .filter((p) => !p.allLink && !p.caption && !isBoilerplate(p.text) && !isCaption(p.text))
    .map((p) => stripLeadingCredit(p.text))
    .filter((text) => text.length > 0);
  const seen = new Set<string>();
  const out: string[] = [];
  prose.forEach((text, i) => {
    if (isCredit(text, prose.length - 1 - i)) return;
    // Repeats (gallery copies, a caption also set as prose): keep the first.
    if (seen.has(text)) return;
    seen.add(text);
    out.push(text);
  });
  // The last paragraph has nothing to run into.
  return out.map((text, i) => (i < out.length - 1 ? endHeading(text) : text));
}
