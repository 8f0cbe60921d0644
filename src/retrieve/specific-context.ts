/**
 * Two ways a question's specific can look absent from an article that does hold it
 * (answerability.ts): the tagger cut the name wrongly, or the article is a passage
 * that names no time at all.
 */
import { normalizeForMatch } from '../text/normalize.js';

/**
 * Characters jieba glues onto a neighbouring name (张静美的 → 张静 + 美的, 交于城巴 →
 * 于城巴, 王江泾镇内 → 镇内): particles, prepositions, measure words. Characters
 * that often end a real name (中, 上, numerals) are left out: a wrong repair would
 * let an article about someone else answer.
 */
const GLUE = /[的地得了着过是在于以与和及或被把将对从向为曾已也都就还又再很最更个条家位名只件次内之其这那该各每]/;
const HAN_RUN = /\p{Script=Han}+/gu;
/** A run of the question shorter than this is too common to stand for a name. */
const MIN_RUN = 3;

/**
 * Whether a specific the tagger cut out of a longer name is shown anyway: the
 * article holds runs of the question (≥ 3 Han characters) that cover all of the
 * fragment but one glue character at its edge.
 */
export function recutFragmentShown(questionForm: string, fragment: string, articleText: string): boolean {
  if (fragment.length < 2 || !/^\p{Script=Han}+$/u.test(fragment)) return false;
  for (const run of questionForm.matchAll(HAN_RUN)) {
    const at = run[0].indexOf(fragment);
    if (at < 0) continue;
    const covered = coveredChars(run[0], at, fragment.length, articleText);
    const open = covered.flatMap((c, i) => (c ? [] : [i]));
    const edge = open.length === 1 && (open[0] === 0 || open[0] === fragment.length - 1);
    if (edge && GLUE.test(fragment[open[0]!]!)) return true;
  }
  return false;
}

/** Per character of run[at, at + len), whether a run of the question the article holds covers it. */
function coveredChars(run: string, at: number, len: number, articleText: string): boolean[] {
  const covered = new Array<boolean>(len).fill(false);
  for (let a = 0; a < at + len; a++) {
    for (let b = Math.max(a + MIN_RUN, at + 1); b <= run.length; b++) {
      if (!articleText.includes(run.slice(a, b))) break; // a longer run holding this one is absent too
      for (let i = Math.max(a, at); i < Math.min(b, at + len); i++) covered[i - at] = true;
    }
  }
  return covered;
}

/** A year, a month or day, a weekday or a day relative to publication (今天, 上周). */
const TIME_REFERENCE = /(?<!\d)(?:1[5-9]|20)\d\d(?!\d)|\d{1,2}\s*[月日号]|[一二三四五六七八九十]{1,3}月|[今昨明前]天|[今去明前]年|[本上下]周|周[一二三四五六日末]|星期|[今昨]晚|今晨|日前|近日|当天|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

/**
 * Whether a text names no time at all. A news report dates its events (今天, 8月15日),
 * so one that lacks the question's year is about another time; a passage with no
 * time in it (an encyclopedia paragraph cut from its article) neither confirms nor
 * contradicts a year.
 */
export function namesNoTime(text: string): boolean {
  return !TIME_REFERENCE.test(normalizeForMatch(text));
}
