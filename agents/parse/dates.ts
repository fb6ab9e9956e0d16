// Dates: every date mention in the text (datePhrases.ts first, then chrono-node), and the trip's
// departure and return resolved from them and the trip length.
import { addDays, dayOfWeek, daysBetween, MAX_TRIP_NIGHTS } from '../../domain/dates.js';
import { dateParts, validDate } from './calendar.js';
import { extractWithChrono } from './chronoDates.js';
import {
  extractDayOfMonth,
  extractDayRanges,
  extractHolidays,
  extractLeapDays,
  extractMonthParts,
  extractWeekends,
  type DateMention,
  type PushDate,
} from './datePhrases.js';
import type { Duration } from './duration.js';
import type { WorkText } from './text.js';

export interface DateFindings {
  mentions: DateMention[];
  /** Nights implied by a weekend phrase ("this weekend" = 2, "next long weekend" = 3). */
  weekendNights?: number;
  /** "Rome and Venice in 12 days, mid-May": "in 12 days" is the trip's length when another date is given. */
  length?: Duration;
}

/** Every date mention, in text order; `reference` (YYYY-MM-DD) is "today". */
export function extractDates(work: WorkText, reference: string): DateFindings {
  const mentions: DateMention[] = [];
  const push: PushDate = (index, length, mention) => {
    mentions.push({ index, isReturn: isReturnCue(work.text, index), ...mention });
    work.claim(index, index + length);
  };

  extractHolidays(work, reference, push);
  extractDayRanges(work, reference, push);
  extractMonthParts(work, reference, push);
  const weekendNights = extractWeekends(work, reference, push);
  extractLeapDays(work, reference, push);
  extractDayOfMonth(work, reference, push);
  extractWithChrono(work, reference, push);

  mentions.sort((a, b) => a.index - b.index);
  const lengths = mentions.filter((mention) => mention.inLength !== undefined);
  if (lengths.length > 0 && lengths.length < mentions.length) {
    return { mentions: mentions.filter((mention) => mention.inLength === undefined), weekendNights, length: { nights: lengths[0]?.inLength ?? 1, weekend: false } };
  }
  return { mentions, weekendNights };
}

/** "returning Dec 20", "back on the 20th", "until Jan 4". */
function isReturnCue(text: string, index: number): boolean {
  return /\b(?:return(?:ing)?|back|home|until|till|til|through|thru)\b(?:\s+(?:on|by|the|around|about|before))*\s*$/i.test(text.slice(Math.max(0, index - 30), index));
}

export interface TripDates {
  depart: string | null;
  return: string | null;
}

/** The trip's dates as said: a range, or a departure and a return, completed by the trip length. */
export function resolveTripDates(dates: DateFindings, duration: Duration | null, reference: string): TripDates {
  let depart: DateMention | null = null;
  /** The mention the return date comes from, when it is not the end of a range. */
  let returning: DateMention | null = null;
  const range = dates.mentions.find((mention) => mention.end);
  if (range) depart = range;
  else {
    for (const mention of dates.mentions) {
      if (mention.isReturn && !returning) returning = mention;
      else if (!depart) depart = mention;
      else if (!returning) returning = mention;
    }
  }
  let back = range?.end ?? returning?.start ?? null;
  let start = depart?.start ?? null;

  // A weekend trip leaves on a Friday: "a long weekend in March" → the first Friday in March.
  const weekend = duration?.weekend ?? false;
  if (start && weekend && !range) {
    if (!depart?.dayKnown) start = addDays(start, (5 - dayOfWeek(start) + 7) % 7);
    else if (dayOfWeek(start) === 6) start = addDays(start, -1);
    else if (dayOfWeek(start) === 0) start = addDays(start, -2);
    if (start < reference) start = reference;
  }

  if (start && back && back < start) {
    if (returning?.weekdayOnly) {
      // "next Tuesday, returning Friday": the first such weekday after leaving.
      back = addDays(back, Math.ceil(daysBetween(back, start) / 7) * 7);
    } else if (!returning?.yearKnown) {
      // "Dec 28, back Jan 4": a yearless return date rolls into the next year, when that makes a trip
      // of a possible length; "April 12 to April 3" stays as said, for the date rule to report.
      const [year, month, day] = dateParts(back);
      const rolled = validDate(year + 1, month, day);
      if (rolled && rolled >= start && daysBetween(start, rolled) <= MAX_TRIP_NIGHTS) back = rolled;
    }
    // Otherwise the return stays as said, before the departure: the date rule reports it.
  }
  if (start && !back && duration) back = addDays(start, duration.nights);
  return { depart: start, return: back };
}
