// The parser's calendar rules on YYYY-MM-DD dates: the next occurrence of a month and day, a month's
// length, nth weekdays and Easter for holidays. The date arithmetic itself is domain/dates.ts.
import { isIsoDate } from '../../contracts/primitives.js';
import { dayOfWeek } from '../../domain/dates.js';

/** YYYY-MM-DD of a year, month (1–12) and day, whether or not it is on the calendar. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** [year, month (1–12), day] of a YYYY-MM-DD date. */
export function dateParts(date: string): [year: number, month: number, day: number] {
  const [year, month, day] = date.split('-').map(Number);
  return [year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN];
}

/**
 * The date, or null when it is not on the calendar (February 30th). Any year is judged, even one the
 * date rule will refuse ("May 3 0050"): the Gregorian calendar repeats every 400 years, so the same day
 * in the cycle starting 2000 stands in for it (Date.UTC would read years 0–99 as 1900–1999).
 */
export function validDate(year: number, month: number, day: number): string | null {
  const sameDayInCycle = isoDate(2000 + (((year % 400) + 400) % 400), month, day);
  return isIsoDate(sameDayInCycle) ? isoDate(year, month, day) : null;
}

export function daysInMonth(year: number, month: number): number {
  for (let day = 31; day > 28; day -= 1) if (validDate(year, month, day)) return day;
  return 28;
}

/** The first month/day on or after `from` (skipping years where it doesn't exist, e.g. Feb 29). */
export function nextOccurrence(month: number, day: number, from: string): string | null {
  const [fromYear] = dateParts(from);
  for (let year = fromYear; year <= fromYear + 8; year += 1) {
    const date = validDate(year, month, day);
    if (date && date >= from) return date;
  }
  return null;
}

/** The next "14th" on or after `from`. */
export function nextDayOfMonth(day: number, from: string): string | null {
  const [fromYear, fromMonth] = dateParts(from);
  for (let k = 0; k < 13; k += 1) {
    const month = ((fromMonth - 1 + k) % 12) + 1;
    const year = fromYear + Math.floor((fromMonth - 1 + k) / 12);
    const date = validDate(year, month, day);
    if (date && date >= from) return date;
  }
  return null;
}

/** The year in which `month` next starts or is under way. */
export function nextMonthYear(month: number, reference: string): number {
  const [year, referenceMonth] = dateParts(reference);
  return month >= referenceMonth ? year : year + 1;
}

/** The `nth` weekday (0 = Sunday … 6 = Saturday) of a month: Thanksgiving is the 4th Thursday of November. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): string {
  const first = dayOfWeek(isoDate(year, month, 1));
  return isoDate(year, month, 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7);
}

/** Gregorian Easter Sunday (anonymous algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}
