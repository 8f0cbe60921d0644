/**
 * Calendar arithmetic on ISO days ("2023-04-17"), in UTC, the zone publishedAt is
 * compared in. Pure; a reference date comes in as an argument, never from the clock.
 */

/** Inclusive bounds on an article's day; either may be open. */
export interface DayRange {
  from?: string;
  to?: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isoDay(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function parseIsoDay(iso: string): { year: number; month: number; day: number } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

export function isValidIsoDay(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const { year, month, day } = parseIsoDay(iso);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(iso: string, days: number): string {
  const { year, month, day } = parseIsoDay(iso);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from a to b (b later is positive). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000);
}

export function monthRange(year: number, month: number): Required<DayRange> {
  return { from: isoDay(year, month, 1), to: isoDay(year, month, daysInMonth(year, month)) };
}

export function yearRange(year: number): Required<DayRange> {
  return { from: isoDay(year, 1, 1), to: isoDay(year, 12, 31) };
}

/** A year-less month is the most recent such month on or before the reference day. */
export function yearOfMonth(month: number, ref: string): number {
  const r = parseIsoDay(ref);
  return month <= r.month ? r.year : r.year - 1;
}

/** A year-less day (month, day) is the most recent such day on or before the reference day. */
export function yearOfDay(month: number, day: number, ref: string): number {
  const r = parseIsoDay(ref);
  return month < r.month || (month === r.month && day <= r.day) ? r.year : r.year - 1;
}

/** Monday of the reference day's week (ISO weeks start on Monday). */
export function weekStart(ref: string): string {
  const weekday = (new Date(`${ref.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(ref, -weekday);
}

export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Today as an ISO day (UTC). Only entry points should call this. */
export function todayIso(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

const HAN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * A small number written in digits or Chinese numerals (一 … 三十一, or 二〇二三
 * digit by digit); NaN when it is neither.
 */
export function parseSmallNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^[〇零一二三四五六七八九]{4}$/.test(text)) return Number([...text].map((c) => HAN_DIGITS[c]).join(''));
  if (text.length === 1 && text !== '〇' && text !== '零') return HAN_DIGITS[text] ?? (text === '十' ? 10 : Number.NaN);
  const m = /^([二三]?)(十)([一二三四五六七八九]?)$/.exec(text);
  if (!m) return Number.NaN;
  const [, tens, , units] = m;
  return (tens ? HAN_DIGITS[tens]! : 1) * 10 + (units ? HAN_DIGITS[units]! : 0);
}
