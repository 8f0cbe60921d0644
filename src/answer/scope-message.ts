/**
 * What a strict filter left out, in the asker's language: "No DW articles from
 * April 2023 in the corpus answer this question." Said instead of the plain
 * not-found sentence, so the asker knows the outlet or period was the limit.
 */
import { outletOf } from '../retrieve/outlets.js';
import { daysInMonth, parseIsoDay } from '../text/dates.js';
import { toScriptOf } from '../text/normalize.js';
import type { Lang, NewsConstraints } from '../types.js';

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function zhDay(iso: string): string {
  const { year, month, day } = parseIsoDay(iso);
  return `${year}年${month}月${day}日`;
}

/** A whole month or year by its name, else the days. */
function period(c: NewsConstraints, lang: Lang): string {
  const en = lang === 'en';
  if (c.from && c.to) {
    const a = parseIsoDay(c.from);
    const b = parseIsoDay(c.to);
    if (a.day === 1 && a.month === 1 && b.month === 12 && b.day === 31 && a.year === b.year) return en ? `from ${a.year}` : `${a.year}年`;
    if (a.day === 1 && a.year === b.year && a.month === b.month && b.day === daysInMonth(b.year, b.month)) {
      return en ? `from ${EN_MONTHS[a.month - 1]} ${a.year}` : `${a.year}年${a.month}月`;
    }
    if (c.from === c.to) return en ? `from ${c.from}` : zhDay(c.from);
    return en ? `from ${c.from} to ${c.to}` : `${zhDay(c.from)}至${zhDay(c.to)}`;
  }
  if (c.from) return en ? `since ${c.from}` : `${zhDay(c.from)}以来`;
  if (c.to) return en ? `up to ${c.to}` : `${zhDay(c.to)}以前`;
  return '';
}

/** The sentence for a question whose outlet or period filter left no article that answers it; undefined when nothing was filtered. */
export function scopedNotFound(c: NewsConstraints, lang: Lang): string | undefined {
  if (!(c.source || c.from || c.to)) return undefined;
  const outlet = c.source ? (outletOf(c.source)?.names[lang === 'en' ? 'en' : 'zh-Hans'] ?? c.source) : undefined;
  const when = period(c, lang);
  if (lang === 'en') return `No ${outlet ? `${outlet} ` : ''}articles ${when ? `${when} ` : ''}in the corpus answer this question.`.replace(/ {2,}/g, ' ');
  return toScriptOf(lang, `资料库中没有${outlet ?? ''}${when}的文章回答这个问题。`);
}
