// Date formatting for replies and itineraries; calendar arithmetic comes from domain/dates.ts.

import { DAY_MS, dateTimeFormat, daysBetween, epochDay, fromEpochDay } from '../domain/dates.js';

/** Nights of a stay (0 when check-out is not after check-in). */
export function nightsBetween(checkIn: string, checkOut: string): number {
  return Math.max(0, daysBetween(checkIn, checkOut));
}

const toUtc = (date: string): number => epochDay(date) * DAY_MS;

/** "Thu 10 Dec" */
export function shortDate(date: string): string {
  return dateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(toUtc(date));
}

/** "10–14 Dec 2026", "28 Dec 2026 – 3 Jan 2027" */
export function dateSpan(start: string, end: string | null): string {
  const format = (date: string, options: Intl.DateTimeFormatOptions) => dateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(toUtc(date));
  if (!end || end === start) return format(start, { day: 'numeric', month: 'short', year: 'numeric' });
  if (start.slice(0, 7) === end.slice(0, 7)) return `${format(start, { day: 'numeric' })}–${format(end, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  if (start.slice(0, 4) === end.slice(0, 4)) return `${format(start, { day: 'numeric', month: 'short' })} – ${format(end, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  return `${format(start, { day: 'numeric', month: 'short', year: 'numeric' })} – ${format(end, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** "HH:MM" of an ISO local date-time ("2026-12-10T08:35" → "08:35"), or null. */
export function timeOf(dateTime: string | undefined): string | null {
  const match = dateTime?.match(/T(\d{2}):(\d{2})/);
  return match ? `${match[1]}:${match[2]}` : null;
}

export function dateOf(dateTime: string | undefined): string | null {
  return dateTime?.match(/^\d{4}-\d{2}-\d{2}/)?.[0] ?? null;
}

export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export function clockTime(totalMinutes: number): string {
  const clamped = Math.max(0, Math.min(23 * 60 + 59, Math.round(totalMinutes)));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

// Wall-clock minutes: a local date and time at one place as minutes since 1970-01-01 00:00, so times at
// the destination (landing, check-in, check-out, the flight home) can be ordered and shifted across midnight.
// Only compare wall-clock minutes of the same place: two time zones' clocks do not line up.

export function wallMinutes(date: string, time: string): number {
  return epochDay(date) * 1_440 + minutesOf(time);
}

/** Wall-clock minutes of an ISO local date-time ("2026-12-10T08:35"), or null. */
export function wallMinutesOf(dateTime: string | undefined): number | null {
  const date = dateOf(dateTime);
  const time = timeOf(dateTime);
  return date && time ? wallMinutes(date, time) : null;
}

/** The calendar date of wall-clock minutes. */
export function wallDate(minutes: number): string {
  return fromEpochDay(Math.floor(minutes / 1_440));
}

/** "HH:MM" of wall-clock minutes. */
export function wallTime(minutes: number): string {
  return clockTime(((minutes % 1_440) + 1_440) % 1_440);
}
