/**
 * What a question names and what it points back to: its named people, places and
 * organisations, its pronouns and demonstratives, and its content nouns. Pure and
 * dictionary-based (jieba tags for Chinese, capitalisation for English); the
 * follow-up logic (follow-up.ts) decides from these.
 */
import { hasHan, nfkc, toSimplified } from '../text/normalize.js';
import { isEnglishStopword, taggedWords } from '../text/tokenize.js';

export interface Pronoun {
  /** As written in the analysed text (Simplified for Chinese). */
  text: string;
  kind: 'personal' | 'demonstrative';
  /** Index of the word among the question's words: 0-1 = subject position. */
  wordIndex: number;
}

export interface QuestionWords {
  /** Simplified (Chinese) or NFKC (English) text the other fields refer to. */
  text: string;
  /** Named people, places, organisations, in order of appearance. */
  entities: string[];
  pronouns: Pronoun[];
  /** Common nouns: the topic when nothing is named. */
  nouns: string[];
}

// jieba: nr person, ns place, nt organisation, nz other proper noun; x = unknown word (often a name).
const ENTITY_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz', 'x']);
const PLACE_OR_ORG = new Set(['ns', 'nt', 'nz']);
const ZH_PERSONAL = new Set(['他', '她', '它', '他们', '她们', '它们']);
// 这次/那个/该/此...: a determiner or pronoun pointing back. 因此, 其他, 那么 are other words.
const ZH_DEMONSTRATIVE = /^(这|那|此|该)(次|个|些|位|里|儿|件|场|项|名|家|国|事|时|年|种|样|场合)?$/u;
const ZH_NOT_NAMES = new Set(['哪里', '哪儿', '哪个', '哪些', '什么', '怎么', '为什么', '多少', '是否', '后来', '然后', '之后', '目前', '现在']);

const EN_PERSONAL = new Set(['he', 'she', 'they', 'him', 'her', 'his', 'hers', 'them', 'their', 'theirs']);
const EN_DEMONSTRATIVE = new Set(['it', 'its', 'this', 'that', 'these', 'those', 'there']);
// Capitalised for grammar, not because they name something.
const EN_NOT_NAMES = new Set(
  'what who whom whose where when why how which did does do is are was were can could will would should has have had the a an and then so but in on at of to for with about after before since i he she they it this that these those his her their its tell please list give explain describe'.split(' '),
);

function chineseWords(text: string): Omit<QuestionWords, 'text'> {
  const entities: string[] = [];
  const pronouns: Pronoun[] = [];
  const nouns: string[] = [];
  let previousWasEntity = false;
  let previousTag = '';
  taggedWords(text).forEach(({ word, tag }, i) => {
    const han = /^\p{Script=Han}+$/u.test(word);
    const isEntity = han && ENTITY_TAGS.has(tag) && !ZH_NOT_NAMES.has(word) && (tag !== 'x' || word.length >= 2);
    if (isEntity) {
      // 贝尔/nr + 博克/x: one name split in two.
      if (previousWasEntity) entities[entities.length - 1] += word;
      else entities.push(word);
    } else if (previousWasEntity && han && tag === 'n' && PLACE_OR_ORG.has(previousTag)) {
      // 北京 + 洪灾, 美日韩 + 峰会: the named thing the question is about (after a person, jieba's "n" is often a verb).
      entities[entities.length - 1] += word;
    } else if (ZH_PERSONAL.has(word)) pronouns.push({ text: word, kind: 'personal', wordIndex: i });
    else if (ZH_DEMONSTRATIVE.test(word)) pronouns.push({ text: word, kind: 'demonstrative', wordIndex: i });
    else if (han && tag.startsWith('n') && word.length >= 2) nouns.push(word);
    previousWasEntity = isEntity;
    previousTag = tag;
  });
  return { entities, pronouns, nouns };
}

function englishWords(text: string): Omit<QuestionWords, 'text'> {
  const entities: string[] = [];
  const pronouns: Pronoun[] = [];
  const nouns: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) entities.push(run.join(' '));
    run = [];
  };
  const words = text.match(/[A-Za-z][A-Za-z'’.-]*[A-Za-z0-9]|[A-Za-z]|[A-Z]+\d+/g) ?? [];
  words.forEach((word, i) => {
    const lower = word.toLowerCase().replace(/[’']s$/, '');
    const named = /^[A-Z]/.test(word) && !EN_NOT_NAMES.has(lower);
    if (named) return void run.push(word.replace(/[’']s$/, ''));
    flush();
    if (EN_PERSONAL.has(lower)) pronouns.push({ text: word, kind: 'personal', wordIndex: i });
    else if (EN_DEMONSTRATIVE.has(lower)) pronouns.push({ text: word, kind: 'demonstrative', wordIndex: i });
    else if (!isEnglishStopword(lower) && !EN_NOT_NAMES.has(lower) && lower.length > 2) nouns.push(lower);
  });
  flush();
  return { entities, pronouns, nouns };
}

export function questionWords(question: string): QuestionWords {
  const text = nfkc(question).trim();
  if (!hasHan(text)) return { text, ...englishWords(text) };
  const simplified = toSimplified(text);
  const zh = chineseWords(simplified);
  // Latin names inside a Chinese question (G7, NATO) count as named too.
  const latin = englishWords(simplified.replace(/\p{Script=Han}+/gu, ' '));
  return { text: simplified, entities: [...zh.entities, ...latin.entities], pronouns: zh.pronouns, nouns: zh.nouns };
}
