/**
 * What offline (extractive) mode can give an English asker without a translation
 * model: the best-supported sentences in the original Chinese, each name, date and
 * number the dictionary, the article or the transliteration knows glossed in
 * [brackets], under a short English line with the asked-for thing (the person, place,
 * time or number of the best quote) when it is glossed. Nothing is translated that
 * the project does not know (retrieve/crosslingual/gloss.ts).
 */
import { glossSentence, withGlosses, type Gloss, type GlossKind } from '../retrieve/crosslingual/gloss.js';
import { inOpenQuestion } from '../retrieve/answer-candidates.js';
import { answerTypeOf } from '../retrieve/question-type.js';
import { toSimplified } from '../text/normalize.js';
import type { Passage } from '../types.js';

export const ENGLISH_LEAD = 'The articles say, in Chinese (there is no translation offline; names, dates and numbers the dictionary knows are glossed in [brackets]):';

const ASKED: Partial<Record<string, { kinds: GlossKind[]; label: string }>> = {
  person: { kinds: ['person'], label: 'names' },
  place: { kinds: ['place'], label: 'gives the place' },
  time: { kinds: ['time'], label: 'gives the time' },
  number: { kinds: ['number'], label: 'gives the number' },
};

/** The glosses of a quoted sentence, found in its Simplified form; the original keeps its offsets when the lengths agree. */
export function glossQuote(sentence: string, context: string): { text: string; glosses: Gloss[]; simplified: string } {
  const simplified = toSimplified(sentence);
  const shown = simplified.length === sentence.length ? sentence : simplified;
  const glosses = glossSentence(simplified, toSimplified(context));
  return { text: withGlosses(shown, glosses), glosses, simplified };
}

/** A person the sentence quotes (「吴谦还表示」, 「吴谦8月14日介绍」): the source of the statement, not whom it is about. */
const SPEAKS = /^(?:[还也则并又曾]|在[^，。]{0,12}|\d{1,2}月\d{1,2}日|周[一二三四五六日])?(?:表示|说|称|介绍|指出|透露|强调|认为|回应|宣布|告诉)/u;
/** "Who said …?": then the speaker is the answer. */
const ASKS_SPEAKER = /\bwho\b.*\b(?:said|say|says|told|tell|stated|announced|claimed)\b/i;

/** Glosses of the asked-for kind that the question does not already name (nor a speaker, unless it asks who said). */
function candidates(question: string, quote: { glosses: Gloss[]; simplified: string }): Gloss[] {
  const asked = ASKED[answerTypeOf(question, true)];
  if (!asked) return [];
  const q = question.toLowerCase();
  const named = (g: Gloss) => g.en.toLowerCase().split(/\s+/).some((w) => w.length > 2 && q.includes(w));
  const speaker = (g: Gloss) => g.kind === 'person' && !ASKS_SPEAKER.test(question) && SPEAKS.test(quote.simplified.slice(g.at + g.zh.length));
  const asserted = (g: Gloss) => !inOpenQuestion(quote.simplified, g.at);
  return quote.glosses.filter((g) => asked.kinds.includes(g.kind) && !named(g) && !speaker(g) && asserted(g)).slice(0, 3);
}

/** The English answer text: the short line when there is one, the lead, then one glossed quote per line. */
export function englishExtractive(question: string, picked: { sentence: string; passage: Passage }[], numberOf: (p: Passage) => number): string {
  const quotes = picked.map(({ sentence, passage }) => ({ ...glossQuote(sentence, passage.text), n: numberOf(passage) }));
  const lines = quotes.map((q) => `${q.text}[${q.n}]`);
  // The best window's sentences come first; the one holding the asked-for kind may be its second.
  const top = quotes.find((q) => candidates(question, q).length > 0) ?? quotes[0];
  const found = top ? candidates(question, top) : [];
  const asked = ASKED[answerTypeOf(question, true)];
  // What the best quote holds of the asked-for kind, not a claim that it is the answer.
  const short = found.length > 0 && asked ? `The best quote [${top!.n}] ${asked.label}: ${found.map((g) => `${g.en} (${g.zh})`).join('; ')}` : undefined;
  return [...(short ? [short] : []), ENGLISH_LEAD, ...lines].join('\n');
}
