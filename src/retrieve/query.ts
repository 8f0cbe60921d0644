/**
 * Query analysis shared by ranking and relevance: the question's BM25 terms (with
 * the cross-lingual expansion for English), the text the embedder sees, and the
 * evidence units that `relevance` checks passages for.
 */
import { detectLanguage, nfkc, normalizeForMatch } from '../text/normalize.js';
import { chineseWords, taggedWords, tokenize } from '../text/tokenize.js';
import type { WeightedTerm } from '../store/index-store.js';
import { commonWords } from './crosslingual/dictionary.js';
import type { ExpansionContext, QueryStats } from './query-stats.js';

export type { ExpansionContext } from './query-stats.js';

export interface ExpansionTerm {
  text: string;
  weight: number;
}

/** Cross-lingual expansion of an English question: weighted Chinese terms, grouped per English unit when known. */
export interface QueryExpansion {
  terms: ExpansionTerm[];
  groups?: { source: string; terms: ExpansionTerm[]; common?: boolean; confirmed?: boolean }[];
  /** When asked for with df: the groups as expanded without it (every unit, present in the corpus or not). */
  plainGroups?: { source: string; terms: ExpansionTerm[] }[];
}

export type QueryExpander = (question: string, ctx?: ExpansionContext) => QueryExpansion;

/** Something the passages must show for the question to count as covered: any one alternative will do. */
export interface EvidenceUnit {
  alternatives: string[];
  /** Per alternative, how good a rendering it is (1 = the best), from the expansion weights. */
  confidence: number[];
  /** Relative importance before IDF (1 for a question token). */
  weight: number;
  /** A Chinese word's bigrams: when the word itself is absent, the share of these present counts. */
  parts?: string[];
  /**
   * One of the question's specifics: a named person, organisation or place, a year, a
   * date or a number. An article that lacks it is about something else, however well
   * it covers the rest (see answerability.ts).
   */
  specific?: boolean;
  /** The question's own words for this unit (for saying what the articles lack). */
  label?: string;
  /** English names: units from one run of capitalised words ("Nikolai Patrushev") share a span; one shown is enough. */
  span?: number;
}

export interface AnalyzedQuery {
  english: boolean;
  terms: WeightedTerm[];
  /** Question (frame stripped) plus expansion text: what the vector side embeds. */
  embedText: string;
  units: EvidenceUnit[];
}

/**
 * Interrogatives say how a question is asked, not what about; encyclopedic and
 * news text rarely contains them, so left in they pull up the odd passage that
 * quotes a question (measured: CMRC R@1 0.973 → 0.984). 「说了什么」 and 「什么时候」
 * go whole: the answer reports speech with any verb, and says when without 时候.
 */
const QUESTION_WORDS = /(?:说|讲|表示|谈|指出|强调|回应|提到|透露)(?:了|过)?(?:些|一些)?(?:什么|哪些)|什么时候|什么样|什么|为什么|为何|哪里|哪儿|哪些|哪个|哪位|哪一|哪|谁|多少|怎么样|怎么|怎样|如何|是否|吗|呢|何时|何地|何处|何种|何人|几(?=[个年月日次种位名座岁天人项条部届])/g;

/** The question in matching form without its interrogative words (a gap keeps bigrams from bridging them). */
export function stripQuestionFrame(normalized: string): string {
  return normalized.replace(QUESTION_WORDS, ' ');
}

const HAN = /\p{Script=Han}/u;

/** Matching forms of expansion terms: dictionary headwords, a bounded set, seen again with every English question. */
const matchForms = new Map<string, { text: string; tokens: string[] }>();
const MATCH_FORMS_MAX = 50_000;

function matchForm(term: string): { text: string; tokens: string[] } {
  let form = matchForms.get(term);
  if (!form) {
    const text = normalizeForMatch(term);
    form = { text, tokens: tokenize(text) };
    if (matchForms.size >= MATCH_FORMS_MAX) matchForms.clear();
    matchForms.set(term, form);
  }
  return form;
}

/** Tokens of a term in matching form (shared: do not modify). */
function matchTokens(term: string): string[] {
  return matchForm(term).tokens;
}

/** Function words: they join a question's content words and show nothing about coverage. */
const FUNCTION_WORDS = new Set('的 了 在 是 和 与 及 或 而 被 把 对 向 从 为 以 于 之 也 都 就 还 又 并 等 个 这 那 其 该 此 有 着 过 将 会 能 要 让 给 由 所 到 说 时 后 前 中 上 下'.split(' '));

/**
 * Evidence units of a Chinese question: its words (a word split differently in the
 * passage still counts by its bigrams), plus Latin words and numbers. Words, not
 * bigrams: a bigram spanning two words ("年在", "国卖") is noise that neither proves
 * nor disproves coverage.
 */
function chineseUnits(stripped: string, lexical?: QueryStats): EvidenceUnit[] {
  const units = new Map<string, EvidenceUnit>();
  const proper = properNouns(stripped);
  const addHan = (piece: string) => {
    if (FUNCTION_WORDS.has(piece)) return;
    const specific = proper.has(piece) || ([...piece].length >= MIN_NAME && !proper.known(piece));
    const word = specific && lexical ? trimGuessedName(piece, lexical) : piece;
    const parts = tokenize(word).filter((t) => t.length > 1);
    units.set(word, { alternatives: [word], confidence: [1], weight: 1, label: word, ...(specific ? { specific } : {}), ...(parts.length > 1 ? { parts } : {}) });
  };
  for (const piece of wordsWithCorpusNames(stripped, lexical)) if (HAN.test(piece)) addHan(piece);
  // Latin words in a Chinese question are names and acronyms (NATO, G20); numbers are specifics too. Tokenised from the
  // question's Latin runs as a passage's are (relevance.ts textEvidence), not from jieba's pieces: "HAT-P-2b" is
  // hat-p, 2, b in a passage, and jieba's "HAT" and "P" would never match it.
  for (const t of tokenize(stripped.replace(/\p{Script=Han}+/gu, ' '))) units.set(t, { alternatives: [t], confidence: [1], weight: 1, label: t, specific: true });
  return [...units.values()];
}

/** jieba's tags that mark a proper noun (person, place, organisation, other proper). */
const PROPER_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nsf', 'nt', 'nz']);

/** Characters that are particles, pronouns or measure words far more often than parts of a name. */
const GLUE = /[是于这那一中后前时为而叫的在了被和与对把向从到以上下里内外其之所也都就还又并等个有着过将会能要让给由说几何哪谁么]/u;

/** The commonest Chinese surnames (they cover most people in the news), in Simplified: the question is in matching form. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温胡栗岑翁';

/** A guessed word starting like this is the tail of a date or count ("3月访" → "3月/访"), not a name. */
const DATE_TAIL = /^[年月日号届岁]/u;

/**
 * jieba's guess at an unknown name often takes a neighbouring character with it
 * ("贝尔博克后表示" → "贝尔/博克后"). When the corpus lacks the guess but has it
 * less its first or last character, that is the name.
 */
function trimGuessedName(word: string, lexical: QueryStats): string {
  const chars = [...word];
  if (chars.length < 3 || lexical.termDf(word) > 0) return word;
  for (const trimmed of [chars.slice(0, -1).join(''), chars.slice(1).join('')]) if (lexical.termDf(trimmed) > 0) return trimmed;
  return word;
}

/**
 * The question's proper nouns by jieba's tags, plus words its dictionary lacks
 * (tag x: mostly transliterated and Chinese names). `known` tells a dictionary word
 * from a name the corpus recut ("李尚福"), which is specific too.
 */
function properNouns(text: string): { has(word: string): boolean; known(word: string): boolean } {
  const tagged = taggedWords(text);
  // A guess holding a particle is a word glued to it ("症是", "瞳于"), not a name; a two-character guess is a name
  // when it starts with a common surname ("韩正", "夏明"), and otherwise usually a fragment ("芒用", "新世").
  const guessedName = (w: string) => {
    const n = [...w].length;
    return HAN.test(w) && !DATE_TAIL.test(w) && !GLUE.test(w) && (n >= 3 || (n === 2 && SURNAMES.includes(w[0]!)));
  };
  // jieba tags some ordinary words as names (籍贯/nr, 城市/ns): the dictionary knows them as ordinary.
  const ordinary = commonWords();
  const tagsName = (t: { word: string; tag: string }) => (PROPER_TAGS.has(t.tag) && [...t.word].length >= 2) || (t.tag === 'x' && guessedName(t.word));
  const proper = new Set(tagged.filter((t) => tagsName(t) && !ordinary.has(t.word)).map((t) => t.word));
  const words = new Set(tagged.map((t) => t.word));
  return { has: (w) => proper.has(w), known: (w) => words.has(w) };
}

/**
 * Words of the question (jieba). jieba guesses words its dictionary lacks, and
 * on a short question may guess a name wrong ("李尚福见" → "李尚/福见"); a guessed
 * word the corpus never contains is re-cut, with its guessed neighbours, by
 * longest match against the corpus ("李尚福/见").
 */
function wordsWithCorpusNames(text: string, lexical?: QueryStats): string[] {
  const words = chineseWords(text, true);
  if (!lexical) return words;
  const known = new Set(chineseWords(text, false));
  const guessed = (w: string) => HAN.test(w) && [...w].length > 1 && !known.has(w);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && guessed(words[j]!)) j++;
    const span = words.slice(i, j);
    const recut = span.some((w) => lexical.termDf(w) === 0) ? cutByCorpus([...span.join('')], lexical) : span;
    // Only a recut that finds a corpus word helps; otherwise the absent guesses stand (the corpus lacks them).
    out.push(...(recut.some((w) => [...w].length >= MIN_NAME) ? recut : span));
    if (j === i) out.push(words[j++]!);
    i = j;
  }
  return out;
}

/** Greedy longest match of corpus strings (at least MIN_NAME characters); the rest stays single characters. */
function cutByCorpus(chars: string[], lexical: QueryStats): string[] {
  const out: string[] = [];
  for (let a = 0; a < chars.length; ) {
    let len = Math.min(MAX_NAME, chars.length - a);
    while (len >= MIN_NAME && lexical.termDf(chars.slice(a, a + len).join('')) === 0) len--;
    if (len < MIN_NAME) len = 1;
    out.push(chars.slice(a, a + len).join(''));
    a += len;
  }
  return out;
}

/** Lengths of a character run tried as one corpus word: shorter pieces stay characters (two-character matches are everywhere). */
const MAX_NAME = 6;
const MIN_NAME = 3;

export function analyzeQuery(question: string, expand?: QueryExpander, lexical?: QueryStats): AnalyzedQuery {
  const stripped = stripQuestionFrame(normalizeForMatch(question));
  const weights = new Map<string, number>();
  for (const t of tokenize(stripped)) weights.set(t, 1);
  const english = detectLanguage(question) === 'en';
  if (!english || !expand) {
    const units = english ? englishUnits(question, [], []) : chineseUnits(stripped, lexical);
    if (english || !expand) return { english, terms: toTerms(weights), embedText: stripped, units };
    // A Western name in a Chinese question (「Li Shangfu在莫斯科见了谁」) is written in Chinese by the articles.
    const names = latinNames(question, expand, lexical?.expansion);
    for (const n of names) for (const t of n.han) weights.set(t, Math.max(weights.get(t) ?? 0, 1));
    const embedText = [stripped, ...names.flatMap((n) => n.han)].join(' ');
    return { english, terms: toTerms(weights), embedText, units: withNames(units, names) };
  }
  const ctx = lexical?.expansion;
  const expansion = expand(nfkc(question), ctx);
  // Translations of one English word share its weight; tokens they have in common add up.
  const extra = new Map<string, number>();
  for (const { text, weight } of expansion.terms) {
    for (const t of new Set(matchTokens(text))) extra.set(t, (extra.get(t) ?? 0) + weight);
  }
  for (const [t, w] of extra) weights.set(t, (weights.get(t) ?? 0) + w);
  // Relevance needs every English unit, including those whose translations the corpus lacks: the groups without df.
  const unitGroups = ctx && expansion.groups ? (expansion.plainGroups ?? expand(nfkc(question)).groups) : expansion.groups;
  const embedText = `${stripped}\n${expansion.terms.map((e) => e.text).join(' ')}`;
  return { english, terms: toTerms(weights), embedText, units: englishUnits(question, unitGroups ?? [], expansion.groups ?? []) };
}

/** A run of capitalised Latin words or an acronym in a Chinese question, with the Chinese spellings the dictionary or the corpus gives it. */
interface LatinName {
  run: string;
  tokens: string[];
  han: string[];
}

function latinNames(question: string, expand: QueryExpander, ctx?: ExpansionContext): LatinName[] {
  const out: LatinName[] = [];
  for (const m of nfkc(question).matchAll(/\b(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)*/gu)) {
    const run = m[0];
    // Read inside a sentence, where a capital marks a name (a question's first word is capitalised anyway).
    const groups = expand(`about ${run}`, ctx).groups ?? [];
    const han = [...new Set(groups.filter((g) => ` ${run} `.includes(` ${g.source} `)).flatMap((g) => g.terms.map((t) => matchForm(t.text).text)).filter((t) => HAN.test(t)))];
    if (han.length > 0) out.push({ run, tokens: tokenize(normalizeForMatch(run)), han });
  }
  return out;
}

/** The names' Latin token units become one unit each, shown by the Latin spelling or a Chinese one. */
function withNames(units: EvidenceUnit[], names: LatinName[]): EvidenceUnit[] {
  if (names.length === 0) return units;
  const absorbed = new Set(names.flatMap((n) => n.tokens));
  const kept = units.filter((u) => !(u.label !== undefined && absorbed.has(u.label) && u.alternatives.length === 1));
  const added = names.map((n): EvidenceUnit => {
    const alternatives = [...n.han, ...n.tokens.slice(-1)];
    return { alternatives, confidence: alternatives.map(() => 1), weight: 1, label: n.run, specific: true };
  });
  return [...kept, ...added];
}

/**
 * English evidence: one unit per translated English unit, plus each untranslated
 * name or number as itself (it can only match literally). Other untranslated words
 * are question frame ("many", "name") and say nothing about coverage.
 */
function englishUnits(question: string, groups: NonNullable<QueryExpansion['groups']>, corpusGroups: NonNullable<QueryExpansion['groups']>): EvidenceUnit[] {
  const units: EvidenceUnit[] = [];
  const covered = new Set<string>();
  // Names the corpus confirmed (transliterations, pinyin) exist only in the df-aware expansion: "Qin Gang" → 秦刚. They
  // replace the word's dictionary readings, which for a name the dictionary lacks are chance ("Manning" → 叶问, "Ip Man").
  const confirmed = new Set(corpusGroups.filter((g) => g.confirmed).map((g) => g.source));
  groups = groups.filter((g) => !confirmed.has(g.source));
  const sources = new Set(groups.map((g) => g.source));
  const names = corpusGroups.filter((g) => !sources.has(g.source) && /\p{Lu}/u.test(g.source));
  // A word translated on its own inside a translated phrase ("Qin" in "Qin Gang") is not a unit of its own.
  const phrases = [...groups, ...names].filter((g) => g.source.includes(' ')).map((g) => ` ${g.source} `);
  const inPhrase = (g: { source: string }) => !g.source.includes(' ') && phrases.some((p) => p.includes(` ${g.source} `));
  const spanOf = nameSpans(question);
  // The plain groups list a word's first few translations in dictionary order; the corpus's own (df-aware) list may hold
  // the one the articles use ("die": 去世 is not among the first eight of its thirty).
  const inCorpus = new Map(corpusGroups.map((g) => [g.source, g.terms]));
  for (const g of [...groups, ...names].filter((x) => !inPhrase(x))) {
    const best = new Map<string, number>();
    for (const t of g.terms) {
      const text = matchForm(t.text).text;
      if (text.length > 0 && t.weight > 0) best.set(text, Math.max(best.get(text) ?? 0, t.weight));
    }
    if (best.size === 0) continue;
    const top = Math.max(...best.values());
    const corpusTerms = inCorpus.get(g.source) ?? [];
    const corpusTop = Math.max(0, ...corpusTerms.map((t) => t.weight));
    for (const t of corpusTerms) {
      const text = matchForm(t.text).text;
      if (text.length > 0 && t.weight > 0 && !best.has(text)) best.set(text, (t.weight / corpusTop) * top);
    }
    const specific = /\d/.test(g.source) || (/\p{Lu}/u.test(g.source) && !g.common);
    // Chinese text often keeps a Western name or acronym in Latin letters ("Lady Gaga", "Sky"). A phrase with
    // ordinary words ("capital of Australia") is not shown by its name alone: the literal name counts for little.
    if (specific) {
      const share = literalShare(g.source);
      const words = tokenize(normalizeForMatch(g.source));
      // A name of several words shows by its last (the surname, "Gaga"), not by a first name or title ("Lady").
      for (const w of share === 1 && words.length > 1 ? words.slice(-1) : words) if (!best.has(w)) best.set(w, share * top);
    }
    const span = spanOf(g.source);
    units.push({ alternatives: [...best.keys()], confidence: [...best.values()].map((w) => w / top), weight: 1, label: g.source, ...(specific ? { specific } : {}), ...(span === undefined ? {} : { span }) });
    for (const w of tokenize(normalizeForMatch(g.source))) covered.add(w);
  }
  const literals = new Set<string>();
  for (const m of nfkc(question).matchAll(/(?<=\S\s+)[A-Z][\w'’-]*|\b[A-Z]{2,}\b|\d+(?:[.,]\d+)*%?/gu)) {
    for (const w of tokenize(normalizeForMatch(m[0]))) if (!covered.has(w)) literals.add(w);
  }
  for (const w of literals) {
    const span = spanOf(w);
    units.push({ alternatives: [w], confidence: [1], weight: 1, label: w, specific: true, ...(span === undefined ? {} : { span }) });
  }
  return units;
}

/** A phrase's lower-case words other than glue ("capital of Australia") leave its literal name a small part of it. */
function literalShare(source: string): number {
  return source.split(/\s+/).some((w) => /^[a-z]/.test(w) && !/^(?:of|the|a|an|and|for|de|von|van|der)$/.test(w)) ? 0.3 : 1;
}

/** Runs of capitalised words after the first word ("… Nikolai Patrushev …"): which run a word or phrase belongs to. */
function nameSpans(question: string): (words: string) => number | undefined {
  const runs = [...nfkc(question).matchAll(/(?<=\S\s+)\p{Lu}[\w'’-]*(?:\s+\p{Lu}[\w'’-]*)*/gu)].map((m) => ` ${m[0].toLowerCase()} `);
  return (words) => {
    const needle = ` ${words.toLowerCase()} `;
    const i = runs.findIndex((r) => r.includes(needle));
    return i < 0 ? undefined : i;
  };
}

function toTerms(weights: Map<string, number>): WeightedTerm[] {
  return [...weights].map(([term, weight]) => ({ term, weight }));
}
