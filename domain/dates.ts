// Calendar dates as `YYYY-MM-DD` strings (civil dates, no time zone), with UTC arithmetic.
// Shared by providers and agents; time-zone helpers live in providers/dates.ts.

export const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a civil date; throws on a malformed or impossible date. */
export function epochDay(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return Math.round(ms / DAY_MS);
}

export function isIsoDate(date: string): boolean {
  try {
    epochDay(date);
    return true;
  } catch {
    return false;
  }
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(epochDay(date) * DAY_MS).getUTCDay();
}

/** 1 = January 1st. */
export function dayOfYear(date: string): number {
  return epochDay(date) - epochDay(`${date.slice(0, 4)}-01-01`) + 1;
}

/** Every date from `start` to `end` inclusive (empty when end < start). */
export function dateRange(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let day = epochDay(start), last = epochDay(end); day <= last; day += 1) dates.push(fromEpochDay(day));
  return dates;
}
