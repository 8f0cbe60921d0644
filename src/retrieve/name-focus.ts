/**
 * The thing a name question asks the name of: "the name of the Russian destroyer that…"
 * → destroyer, 「这艘驱逐舰叫什么名字」 → 驱逐舰. A sentence that names other things (a
 * place, a person) but not this one does not say its name (answerability.ts).
 */
import { taggedWords } from '../text/tokenize.js';
import type { EvidenceUnit } from './query.js';

const DETERMINERS = String.raw`(?:the |a |an |this |that |these |those |his |her |its |their )?`;
/** Irregular participles that open a reduced relative clause ("the ship sent to…"); regular ones end in -ed. */
const PARTICIPLES = 'sent|built|made|held|known|found|given|taken|seen|shown|led|won|written|sold|bought|brought|kept|left|lost|paid|set|put|run|begun|chosen|drawn|driven|grown|thrown|worn|spent|told|said|caught|taught|fought|shot|struck';
/** Where the noun phrase after "name of" ends: a relative clause, a preposition, a verb, punctuation. */
const PHRASE_END = String.raw`(?=\s+(?:that|which|who|whose|where|when|in|of|on|at|for|from|with|by|to|is|was|are|were|did|does|do|has|had|[a-z]+ed|${PARTICIPLES})\b|\s*[?,.;]|$)`;
const ENGLISH_FOCUS = [
  new RegExp(String.raw`\bnames? of ${DETERMINERS}([a-z][a-z' -]{0,60}?)${PHRASE_END}`, 'i'),
  new RegExp(String.raw`\bwhat (?:is|was|are|were) ${DETERMINERS}([a-z][a-z' -]{0,60}?) called\b`, 'i'),
];
/** 「…驱逐舰叫什么名字」, 「…的名称是」: the thing named comes just before (的/是 may sit between). */
const CHINESE_NAME_ASKED = /的?(?:叫什么|叫做什么|什么名字|名字是|名字叫|名称是|的名字|的名称)/;

/** Index of the unit a name question asks the name of, or undefined (another question, or no unit for it). */
export function nameFocus(question: string, english: boolean, units: readonly EvidenceUnit[]): number | undefined {
  return english ? englishFocus(question, units) : chineseFocus(question, units);
}

function englishFocus(question: string, units: readonly EvidenceUnit[]): number | undefined {
  for (const pattern of ENGLISH_FOCUS) {
    const phrase = pattern.exec(question)?.[1];
    const head = phrase?.trim().split(/\s+/).at(-1)?.toLowerCase();
    if (!head) continue;
    const i = units.findIndex((u) => !u.specific && (u.label ?? '').toLowerCase().split(/\s+/).includes(head));
    return i >= 0 ? i : undefined;
  }
  return undefined;
}

/**
 * `form`: the question's matching form. The noun just before the name is asked for
 * (「弟弟叫什么名字」); none when a verb or adverb stands there (「又可以叫什么」 asks
 * another name of the subject, 「用什么名字」 how it was called).
 */
function chineseFocus(form: string, units: readonly EvidenceUnit[]): number | undefined {
  const asked = CHINESE_NAME_ASKED.exec(form);
  if (!asked) return undefined;
  const before = taggedWords(form.slice(0, asked.index)).filter((w) => w.word.trim() !== '');
  const last = before.at(-1);
  if (!last || !/^n/.test(last.tag)) return undefined;
  const i = units.findIndex((u) => !u.specific && u.alternatives[0] !== undefined && last.word.endsWith(u.alternatives[0]));
  return i >= 0 ? i : undefined;
}
