// Every other date phrasing, read by chrono-node once datePhrases.ts has claimed the ones it misreads;
// its results are filtered for words that only look like dates ("sun and beaches", "I may go").
import * as chrono from 'chrono-node';
import { dateParts, isoDate, validDate } from './calendar.js';
import type { PushDate } from './datePhrases.js';
import { UNIT_NIGHTS } from './duration.js';
import { COUNT, countValue, WORD_NUMBER } from './numbers.js';
import { isCapitalized, type WorkText } from './text.js';

const IN_LENGTH = new RegExp(String.raw`^in\s+${COUNT}\s+(day|week|fortnight|month)s?$`, 'i');
const DURATION_ONLY = new RegExp(String.raw`^(?:for\s+)?(?:\d+|${WORD_NUMBER})\s*(?:days?|nights?|weeks?|months?|years?|fortnights?)$`, 'i');

export function extractWithChrono(work: WorkText, reference: string, push: PushDate): void {
  const [referenceYear, referenceMonth, referenceDay] = dateParts(reference);
  const referenceDate = new Date(referenceYear, referenceMonth - 1, referenceDay, 12);
  for (const result of chrono.parse(work.text, referenceDate, { forwardDate: true })) {
    const text = result.text.trim();
    const before = work.text.slice(Math.max(0, result.index - 20), result.index).toLowerCase();
    const start = result.start;
    // "a week", "10 days", a bare "weekend": lengths (a second one, or one extractDuration skipped).
    if (DURATION_ONLY.test(text) || /^(?:long\s+)?weekend$/i.test(text)) continue;
    // A bare number with a unit letter ("969d", "2w", "10h") is chrono's "that long from now", but in a
    // message it is a code, a reference or a size far more often than a date ("ref 4fe1-969d").
    if (/^\d+(?:[dwhmys]|mo|yr|hr|wk)(?:-?\d+(?:[dwhmys]|mo|yr|hr|wk)?)*$/i.test(text)) continue;
    // A time of day alone ("at 5pm"), or "now": no travel date.
    if (!start.isCertain('day') && !start.isCertain('weekday') && !start.isCertain('month')) continue;
    if (/^(?:right\s+)?now$/i.test(text)) continue;
    // Weekday abbreviations that are words ("sun and beaches", "sat"), unless clearly a day.
    if (/^(?:sun|sat|wed|mon)$/i.test(text) && !/\b(?:on|this|next|by|until|from|leaving|departing)\s*$/.test(before)) continue;
    // "may" and "march" are verbs too: bare, they need a date preposition ("in May") or a capital not
    // followed by a pronoun ("May in Paris", not "I may go" or "May I ask").
    if (/^(?:may|march)$/i.test(text) && !/\b(?:in|during|of|until|till|by|early|mid|late|this|next|from|to|since|for|around|before|after|starting|through|each|every)\s*$/.test(before)) {
      const after = work.text.slice(result.index + result.text.length, result.index + result.text.length + 8);
      if (!isCapitalized(text) || /^\s+(?:i|we|you|they|he|she)\b/i.test(after)) continue;
    }

    const dayKnown = start.isCertain('day') || start.isCertain('weekday');
    const value = (component: typeof start): string => isoDate(component.get('year') ?? referenceYear, component.get('month') ?? 1, component.get('day') ?? 1);
    let date = value(start);
    if (!dayKnown) date = firstDayOrToday(date, reference);
    let end = result.end ? value(result.end) : undefined;
    // A year said once belongs to both ends ("April 12 to April 3 2027"); a yearless end starts in the
    // start's year (resolveTripDates rolls it into the next one only when that makes a possible trip).
    if (end && result.end?.isCertain('year') && !start.isCertain('year')) date = isoDate(dateParts(end)[0], dateParts(date)[1], dateParts(date)[2]);
    else if (end && !result.end?.isCertain('year')) end = validDate(dateParts(date)[0], dateParts(end)[1], dateParts(end)[2]) ?? end;
    const weekdayOnly = start.isCertain('weekday') && !start.isCertain('day');
    const relative = IN_LENGTH.exec(text);
    const inLength = relative ? (countValue(relative[1] ?? '') ?? 1) * (UNIT_NIGHTS[(relative[2] ?? '').toLowerCase()] ?? 1) : undefined;
    push(result.index, result.text.length, { start: date, end, dayKnown, yearKnown: start.isCertain('year'), weekdayOnly, inLength });
  }
}

/** A month without a day: its first day, or the reference date when that month is under way. */
function firstDayOrToday(date: string, reference: string): string {
  const [year, month] = dateParts(date);
  const first = isoDate(year, month, 1);
  const [referenceYear, referenceMonth] = dateParts(reference);
  return first < reference && year === referenceYear && month === referenceMonth ? reference : first;
}
