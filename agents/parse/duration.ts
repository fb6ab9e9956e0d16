// Trip length: "for 5 nights", "10 days", "a week", "a fortnight", and a bare "(long) weekend".
import { clamp, COUNT, countValue } from './numbers.js';
import type { WorkText } from './text.js';

export interface Duration {
  nights: number;
  /** From "weekend": the trip should leave on a Friday. */
  weekend: boolean;
}

export const UNIT_NIGHTS: Record<string, number> = { night: 1, day: 1, week: 7, fortnight: 14, month: 30 };

const COUNTED_LENGTH = new RegExp(String.raw`\b${COUNT}(?:\s*-\s*|\s+)(night|day|week|fortnight|month)s?\b(?!\s+(?:from now|later|ago|away|before|after|in advance|notice|old)\b)`, 'gi');

/** "for 5 nights", "10 days", "a week", "two weeks", "a 10-day trip", "a fortnight". */
export function extractDuration(work: WorkText): Duration | null {
  for (const m of work.matches(COUNTED_LENGTH)) {
    const before = work.text.slice(Math.max(0, m.index - 8), m.index);
    if (/\b(?:in|within)\s+$/i.test(before)) continue;
    const count = countValue(m[1] ?? '');
    const unit = UNIT_NIGHTS[(m[2] ?? '').toLowerCase()];
    if (!count || !unit) continue;
    work.claim(m.index, m.index + m[0].length);
    return { nights: clamp(count * unit, 1, 365), weekend: false };
  }
  const fortnight = /\b(?:a\s+)?fortnight\b/i.exec(work.text);
  if (fortnight) {
    work.claim(fortnight.index, fortnight.index + fortnight[0].length);
    return { nights: 14, weekend: false };
  }
  return null;
}

/** A bare "long weekend" (3 nights) or "weekend" (2), once "this weekend" and the like are read as dates. */
export function extractWeekendLength(work: WorkText): Duration | null {
  const weekend = /\b(long\s+)?weekend\b/i.exec(work.text);
  if (weekend) {
    work.claim(weekend.index, weekend.index + weekend[0].length);
    return { nights: weekend[1] ? 3 : 2, weekend: true };
  }
  return null;
}
