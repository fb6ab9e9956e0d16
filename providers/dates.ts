// Time-zone helpers shared by the providers: instants are Date objects; "local" date-times are
// `YYYY-MM-DDTHH:MM` in a named IANA zone. Calendar-date arithmetic lives in domain/dates.ts.

import { DAY_MS, dateTimeFormat, epochDay } from '../domain/dates.js';

/** Whole days since the Unix epoch of an instant (UTC): the "search day" of a sandbox search. */
export function utcDayNumber(instant: Date): number {
  return Math.floor(instant.getTime() / DAY_MS);
}

/** A usable IANA zone name: dataset quirks ("Asia/ Bangkok") cleaned up; unknown zones become UTC. */
export function safeTimeZone(timeZone: string): string {
  const cleaned = timeZone.replace(/\s+/g, '');
  try {
    dateTimeFormat('en-US', { timeZone: cleaned });
    return cleaned;
  } catch {
    return 'UTC';
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-US', { timeZone: safeTimeZone(timeZone), hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in minutes (Lisbon summer: +60, New York winter: -300). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant at which the wall clock in `timeZone` shows `date` + `minutesOfDay` (DST gaps resolve forward). */
export function zonedTimeToInstant(date: string, minutesOfDay: number, timeZone: string): Date {
  const naive = epochDay(date) * DAY_MS + minutesOfDay * 60_000;
  let guess = naive - zoneOffsetMinutes(new Date(naive), timeZone) * 60_000;
  // A second pass corrects guesses that straddle a DST change.
  guess = naive - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** `YYYY-MM-DDTHH:MM` as the wall clock in `timeZone` shows it at `instant`. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const wall = wallClock(instant, timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The civil date in `timeZone` at `instant`. */
export function localDate(instant: Date, timeZone: string): string {
  return formatLocalDateTime(instant, timeZone).slice(0, 10);
}
