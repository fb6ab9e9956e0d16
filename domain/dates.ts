// Calendar dates as `YYYY-MM-DD` strings (civil dates, no time zone), with UTC arithmetic.
// Shared by providers and agents; time-zone helpers live in providers/dates.ts.

import { civilDate, ISO_DATE_SHAPE, isIsoDate } from '../contracts/primitives.js';

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a civil date; throws on a malformed or impossible date. */
export function epochDay(date: string): number {
  const midnight = civilDate(date);
  if (!midnight) throw new RangeError(`not a calendar date: ${date}`);
  return Math.round(midnight.getTime() / DAY_MS);
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

// ---------------------------------------------------------------------------------------------------
// The trip-date rule: one check for the API's zod schemas, the workflow's update validators (plain
// functions, no zod), the agents' request tool and parser, and the web form.

/** Years a trip date may fall in: catches typos (0000, 20277) before they reach a provider or PostgreSQL. */
export const MIN_TRIP_YEAR = 2000;
export const MAX_TRIP_YEAR = 2100;
/** A date's shape with its year in MIN_TRIP_YEAR–MAX_TRIP_YEAR, as JSON Schema can state it. */
export const TRIP_YEAR_DATE_SHAPE = /^(20\d{2}|2100)-\d{2}-\d{2}$/;
/** The longest trip: providers search stays of at most this many nights (the sandbox's limit). */
export const MAX_TRIP_NIGHTS = 60;

/** Days a one-way trip's plan covers after departure: a long-haul flight lands up to two days later. */
const ONE_WAY_DAYS_COVERED = 2;

/** The last day a trip's plan covers (weather, itinerary): the return, or a one-way's likely landing. */
export function lastTripDay(departDate: string, returnDate: string | null): string {
  return returnDate ?? addDays(departDate, ONE_WAY_DAYS_COVERED);
}

export type TripDateField = 'departDate' | 'returnDate';

export interface TripDateProblem {
  field: TripDateField;
  /** Plain traveler language, e.g. "the return date (2027-04-03) is before the departure (2027-04-12)". */
  reason: string;
  /** Dates the traveler may have meant (swapped, or a year later), for "did you mean …?". */
  suggestion?: { departDate: string; returnDate: string | null };
}

export interface TripDates {
  departDate?: string | null;
  returnDate?: string | null;
}

export interface TripDateOptions {
  /** YYYY-MM-DD "today" (server date, the workflow's deterministic date, the parser's reference); no past check without it. */
  today?: string | null;
  /** The fields being set now; the past check and the problem's field follow them (default: both). */
  changed?: readonly TripDateField[];
}

const LABEL: Record<TripDateField, string> = { departDate: 'departure date', returnDate: 'return date' };

/** Why `value` is not a usable trip date (null when it is): YYYY-MM-DD that exists, years 2000–2100. */
export function calendarDateProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_DATE_SHAPE.test(value)) return 'must be a date YYYY-MM-DD';
  // The year first, for a reason that names the range.
  const year = Number(value.slice(0, 4));
  if (year < MIN_TRIP_YEAR || year > MAX_TRIP_YEAR) return `must be a date between ${MIN_TRIP_YEAR} and ${MAX_TRIP_YEAR}`;
  if (!isIsoDate(value)) return `${value} is not a date on the calendar`;
  return null;
}

/** The same dates a year later, when that is a real date (Feb 29 is not every year). */
function nextYear(date: string): string | null {
  const later = `${String(Number(date.slice(0, 4)) + 1).padStart(4, '0')}${date.slice(4)}`;
  return isIsoDate(later) ? later : null;
}

/**
 * Every problem with a trip's dates, each naming its field: a date that is not a real calendar date,
 * a changed date before `today`, a return before the departure, a trip longer than MAX_TRIP_NIGHTS.
 * Null or missing dates are fine (not decided yet). Pass the merged dates (current + change) and
 * `changed`, so a change that inverts the trip is blamed on the field that changed.
 */
export function tripDateProblems(dates: TripDates, options: TripDateOptions = {}): TripDateProblem[] {
  const changed = options.changed ?? (['departDate', 'returnDate'] as const);
  const problems: TripDateProblem[] = [];
  for (const field of ['departDate', 'returnDate'] as const) {
    const value = dates[field];
    if (value === undefined || value === null) continue;
    const reason = calendarDateProblem(value);
    if (reason) problems.push({ field, reason: `the ${LABEL[field]} ${reason}` });
  }
  if (problems.length > 0) return problems;

  const depart = dates.departDate ?? null;
  const back = dates.returnDate ?? null;
  const today = options.today && isIsoDate(options.today) ? options.today : null;
  if (today) {
    for (const field of changed) {
      const value = dates[field];
      if (!value || value >= today) continue;
      const laterDepart = depart ? nextYear(depart) : null;
      const laterReturn = back ? nextYear(back) : null;
      problems.push({
        field,
        reason: `the ${LABEL[field]} (${value}) is in the past; today is ${today}`,
        ...(laterDepart && laterDepart >= today && (back === null || laterReturn) && { suggestion: { departDate: laterDepart, returnDate: laterReturn } }),
      });
    }
    if (problems.length > 0) return problems;
  }

  if (depart && back) {
    const blame: TripDateField = changed.includes('returnDate') ? 'returnDate' : 'departDate';
    const nights = daysBetween(depart, back);
    if (nights < 0) {
      const reason =
        blame === 'returnDate'
          ? `the return date (${back}) is before the departure (${depart})`
          : `the departure date (${depart}) is after the return date (${back})`;
      const swapped = !today || back >= today ? { suggestion: { departDate: back, returnDate: depart } } : {};
      problems.push({ field: blame, reason, ...swapped });
    } else if (nights > MAX_TRIP_NIGHTS) {
      problems.push({ field: blame, reason: `the trip from ${depart} to ${back} would be ${nights} nights; at most ${MAX_TRIP_NIGHTS} nights are possible` });
    }
  }
  return problems;
}

/** "YYYY-MM-DD" of a moment in UTC (the API's "today" is the server's UTC date). */
export function utcDateOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per locale and options, made once: building one (which every
 * `toLocaleDateString(locale, options)` call does) costs ~70× formatting with one (49 vs 0.7 µs).
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** "YYYY-MM-DDTHH:MM:SS": the wall-clock time of `instant` in the IANA `timeZone`. */
export function localTimeIn(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    dateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * The instant at which the wall clock in `timeZone` shows `local` ("YYYY-MM-DDTHH:MM[:SS]"). Two passes of
 * the zone's offset settle daylight-saving edges (a time skipped by a spring-forward lands an hour later).
 */
export function instantAt(local: string, timeZone: string): Date {
  const asUtc = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  let guess = asUtc;
  for (let pass = 0; pass < 2; pass += 1) {
    const offset = Date.parse(`${localTimeIn(new Date(guess), timeZone)}Z`) - guess;
    guess = asUtc - offset;
  }
  return new Date(guess);
}
