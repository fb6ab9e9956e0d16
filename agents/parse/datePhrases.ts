// Date phrasings chrono-node misses or misreads, read before it: holidays, day ranges, parts of a month,
// weekends, leap days and a bare day of the month. Each found date is handed to `push`, which claims it.
import { addDays, dayOfWeek } from '../../domain/dates.js';
import { dateParts, daysInMonth, easterSunday, isoDate, nextDayOfMonth, nextMonthYear, nextOccurrence, nthWeekdayOfMonth, validDate } from './calendar.js';
import type { WorkText } from './text.js';

export interface DateMention {
  index: number;
  /** YYYY-MM-DD. */
  start: string;
  end?: string;
  /** The day was given (or a weekday/relative day), not just a month. */
  dayKnown: boolean;
  yearKnown: boolean;
  /** Introduced as the way back ("returning Dec 20", "back on the 20th"). */
  isReturn: boolean;
  /** Only a weekday was given ("returning Friday"). */
  weekdayOnly?: boolean;
  /** "in 12 days": a date relative to today, or the trip's length if the text names another date. */
  inLength?: number;
}

export type PushDate = (index: number, length: number, mention: Omit<DateMention, 'index' | 'isReturn'>) => void;

const MONTH_NAMES = String.raw`jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`;
/** A month name, captured. */
const MONTH = String.raw`(${MONTH_NAMES})\.?`;
/** A month name, not captured (for lookaheads, which would shift group numbers). */
const MONTH_WORD = String.raw`(?:${MONTH_NAMES})\.?`;
const MONTH_INDEX = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ORDINAL = String.raw`(?:st|nd|rd|th)?`;
const RANGE_JOIN = String.raw`\s*(?:-|–|to|until|till|til|through|thru|and)\s*`;

function monthNumber(name: string): number {
  return MONTH_INDEX.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** Holidays chrono-node does not know. "New Year's" alone is the celebration, i.e. the eve. */
const HOLIDAYS: [RegExp, (year: number) => string][] = [
  [/\bchristmas eve\b/gi, (y) => isoDate(y, 12, 24)],
  [/\b(?:christmas|xmas)(?: day)?\b/gi, (y) => isoDate(y, 12, 25)],
  [/(?<!(?:chinese|lunar)\s)\bnew year'?s(?: day)\b/gi, (y) => isoDate(y, 1, 1)],
  [/(?<!(?:chinese|lunar)\s)\b(?:new year'?s?(?: eve)?|nye)\b/gi, (y) => isoDate(y, 12, 31)],
  [/\bthanksgiving\b/gi, (y) => nthWeekdayOfMonth(y, 11, 4, 4)],
  [/\beaster(?: sunday)?\b(?! island)/gi, easterSunday],
  [/\bvalentine'?s(?: day)?\b/gi, (y) => isoDate(y, 2, 14)],
  [/\bhalloween\b/gi, (y) => isoDate(y, 10, 31)],
  [/\b(?:independence day|(?:the )?(?:4th|fourth) of july)\b/gi, (y) => isoDate(y, 7, 4)],
];

export function extractHolidays(work: WorkText, reference: string, push: PushDate): void {
  const [year] = dateParts(reference);
  for (const [pattern, dateIn] of HOLIDAYS) {
    for (const m of work.matches(pattern)) {
      const thisYear = dateIn(year);
      const date = thisYear >= reference ? thisYear : dateIn(year + 1);
      push(m.index, m[0].length, { start: date, dayKnown: true, yearKnown: false });
    }
  }
}

const YEAR = String.raw`(?:,?\s*(\d{4}))?`;
const DAY_FIRST_RANGE = new RegExp(String.raw`\b(?:between\s+|from\s+)?(?:the\s+)?(\d{1,2})${ORDINAL}${RANGE_JOIN}(?:the\s+)?(\d{1,2})${ORDINAL}\s+(?:of\s+)?${MONTH}\b${YEAR}`, 'gi');
const MONTH_FIRST_RANGE = new RegExp(String.raw`\b(?:between\s+|from\s+)?${MONTH}\s+(\d{1,2})${ORDINAL}${RANGE_JOIN}(?:the\s+)?(\d{1,2})${ORDINAL}\b(?!\s*(?:${MONTH_WORD}|[/:]|am\b|pm\b|days?|nights?|weeks?|people|persons|adults?|kids?|children|travel))${YEAR}`, 'gi');
const ORDINAL_RANGE = new RegExp(String.raw`\bfrom\s+the\s+(\d{1,2})(?:st|nd|rd|th)${RANGE_JOIN}the\s+(\d{1,2})(?:st|nd|rd|th)\b`, 'gi');

/** Day ranges chrono-node misreads: "between 3 and 10 May", "from the 3rd to the 10th of March", "March 3rd through the 10th", "12/20-12/28". */
export function extractDayRanges(work: WorkText, reference: string, push: PushDate): void {
  for (const m of work.matches(DAY_FIRST_RANGE)) pushRange(m.index, m[0].length, Number(m[1]), Number(m[2]), monthNumber(m[3] ?? ''), m[4], reference, push);

  for (const m of work.matches(MONTH_FIRST_RANGE)) pushRange(m.index, m[0].length, Number(m[2]), Number(m[3]), monthNumber(m[1] ?? ''), m[4], reference, push);

  for (const m of work.matches(/\b(?:from\s+)?(\d{1,2})\/(\d{1,2})\s*(?:-|–|to|until|till|through)\s*(\d{1,2})\/(\d{1,2})\b/gi)) {
    const start = nextOccurrence(Number(m[1]), Number(m[2]), reference);
    const end = start && nextOccurrence(Number(m[3]), Number(m[4]), start);
    if (start && end) push(m.index, m[0].length, { start, end, dayKnown: true, yearKnown: false });
  }

  // No month: "from the 3rd to the 10th" (ordinals required, else "from 3 to 10 people" would match).
  for (const m of work.matches(ORDINAL_RANGE)) {
    const start = nextDayOfMonth(Number(m[1]), reference);
    const end = start && nextDayOfMonth(Number(m[2]), start);
    if (start && end) push(m.index, m[0].length, { start, end, dayKnown: true, yearKnown: false });
  }
}

function pushRange(index: number, length: number, from: number, to: number, month: number, yearText: string | undefined, reference: string, push: PushDate): void {
  if (month < 1 || to < from) return;
  const start = yearText ? validDate(Number(yearText), month, from) : nextOccurrence(month, from, reference);
  const end = start && validDate(dateParts(start)[0], month, to);
  if (start && end) push(index, length, { start, end, dayKnown: true, yearKnown: Boolean(yearText) });
}

const MONTH_PART = new RegExp(String.raw`\b(early|mid|middle of|late|(?:the\s+)?(?:beginning|start|end|middle|(?:first|second|third|fourth|last) week) of)[\s-]*(?:the\s+month\s+of\s+)?${MONTH}\b(?:,?\s*(\d{4}))?`, 'gi');

/**
 * "early April", "mid-March", "late May", "end of June", "beginning of July": the 1st, 15th, 25th, last
 * day; "first/second/third/fourth week of May" starts on the 1st/8th/15th/22nd, "last week of" 6 days before the end.
 */
export function extractMonthParts(work: WorkText, reference: string, push: PushDate): void {
  for (const m of work.matches(MONTH_PART)) {
    const part = (m[1] ?? '').toLowerCase();
    const month = monthNumber(m[2] ?? '');
    const year = m[3] ? Number(m[3]) : nextMonthYear(month, reference);
    const week = ['first', 'second', 'third', 'fourth'].findIndex((ordinal) => part.startsWith(`${ordinal} week`));
    const day =
      week >= 0 ? 1 + 7 * week
      : part.startsWith('last week') ? daysInMonth(year, month) - 6
      : /early|beginning|start/.test(part) ? 1
      : /mid|middle/.test(part) ? 15
      : /late/.test(part) ? 25
      : daysInMonth(year, month);
    // Within the current month, a part already past ("early November" on the 23rd) means from today.
    const date = isoDate(year, month, day);
    push(m.index, m[0].length, { start: date < reference ? reference : date, dayKnown: true, yearKnown: Boolean(m[3]) });
  }
}

/**
 * "this weekend" / "next long weekend": Friday to Sunday (2 nights) or Monday (3 nights); "next" is
 * the weekend after the coming one, as chrono-node reads "next Friday". A bare "weekend" is a length.
 */
export function extractWeekends(work: WorkText, reference: string, push: PushDate): number | undefined {
  let nights: number | undefined;
  for (const m of work.matches(/\b(this|next|coming|upcoming)\s+(long\s+)?weekend\b/gi)) {
    const weekday = dayOfWeek(reference);
    const offset = (6 - weekday + 7) % 7; // days to the coming Saturday (0 on a Saturday)
    const saturday = addDays(reference, weekday === 0 ? -1 : offset + ((m[1] ?? '').toLowerCase() === 'next' ? 7 : 0));
    const friday = addDays(saturday, -1);
    // Asked on the weekend itself: from today, still at least one night.
    const start = friday < reference ? reference : friday;
    const end = addDays(friday, m[2] ? 3 : 2);
    nights ??= m[2] ? 3 : 2;
    push(m.index, m[0].length, { start, end: end > start ? end : addDays(start, 1), dayKnown: true, yearKnown: false });
  }
  return nights;
}

/** chrono-node drops "Feb 29" without a year; it is the next leap day. */
export function extractLeapDays(work: WorkText, reference: string, push: PushDate): void {
  for (const m of work.matches(/\b(?:feb(?:ruary)?\.?\s+29(?:th)?|29(?:th)?\s+(?:of\s+)?feb(?:ruary)?)\b(?!,?\s*\d{4})/gi)) {
    const date = nextOccurrence(2, 29, reference);
    if (date) push(m.index, m[0].length, { start: date, dayKnown: true, yearKnown: false });
  }
}

const DAY_OF_MONTH = new RegExp(String.raw`\b(?:on|from|starting|until|till|by|back)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?${MONTH_WORD})`, 'gi');

/** "on the 14th" (no month): the next 14th. */
export function extractDayOfMonth(work: WorkText, reference: string, push: PushDate): void {
  for (const m of work.matches(DAY_OF_MONTH)) {
    const date = nextDayOfMonth(Number(m[1]), reference);
    const offset = m[0].toLowerCase().indexOf('the');
    if (date) push(m.index + offset, m[0].length - offset, { start: date, dayKnown: true, yearKnown: false });
  }
}
