// The offline planner's "understanding": a deterministic parser from a traveller's free text to a
// TripRequest. No model involved: places come from the airport datasets (domain/places.ts), dates from
// chrono-node plus the few phrasings it misses, everything else from small, explicit rule tables.
//
// Each aspect is extracted by its own function, in an order that lets an earlier one claim its words
// so a later one cannot misread them: money first ("2500 EUR" is not a place, "$3000" not a year), then
// trip lengths and party sizes (chrono-node would read "in October, 10 days" as October 10), dates,
// cabin, places, and interests last (after place names, so "Long Beach" is not a beach holiday) — except
// day trips ("a day trip to Nikko"), read right after money so neither lengths nor places claim them. A
// claimed span is blanked out in a working copy of the text. Interests are kept in the traveler's words.
//
// Choices worth knowing:
// - A trip length without a depart date ("a week in Lisbon") sets no dates and mentions none: a
//   TripRequest has no length field. The length is still returned as `nights` so a caller merging a
//   later message ("leaving March 3") can complete the trip.
// - A budget without a currency ("budget of 4k") is in USD, like a bare "$".
// - A date without a year is its next occurrence on or after the reference date; a month without a day
//   is its first day (or the reference date within the current month); "early/mid/late" are the
//   1st/15th/25th. "next Friday" and "next weekend" follow chrono-node: the ones in the following week.
// - N days count as N nights, like "a week" = 7 nights, so returnDate = departDate + N.
// - Cities listed together ("Tokyo, Kyoto and Osaka", "Lisbon, then Porto") are one multi-city trip: the
//   first is the destination, the others `alsoVisiting`, kept by name even when they share a metro code.
// - An airport named in words ("Heathrow", "Tokyo Narita", "Newark") is that airport; a city with several
//   airports is its metro code unless one is named (domain/places.ts `lookup`).
import * as chrono from 'chrono-node';
import { MAX_TRIP_NIGHTS, tripDateProblems, type TripDateProblem } from '../domain/dates.js';
import { loadPlaces, normalizePlaceName, placeRefOf, type CityInfo, type PlaceIndex } from '../domain/places.js';
import { emptyTripRequest, type CabinClass, type Money, type PlaceRef, type TripRequest } from '../domain/trip.js';

export interface ParsedTripRequest {
  request: TripRequest;
  /** The fields the text actually specified, in TripRequest order; merge only these into an earlier request. */
  mentioned: (keyof TripRequest)[];
  /** The stated trip length in nights, if any; set even when no depart date was given (then dates stay null). */
  nights: number | null;
  /** Why the dates the text gives cannot be a trip (reversed, past, too long): then neither date is in `request`. */
  problems: TripDateProblem[];
  /** Those refused dates as read, for a caller that relays what the traveler said (the offline planner). */
  refusedDates: { departDate: string | null; returnDate: string | null } | null;
}

export interface ParseOptions {
  /** YYYY-MM-DD: "today" for relative dates. */
  referenceDate: string;
}

export async function parseTripRequest(text: string, options: ParseOptions): Promise<ParsedTripRequest> {
  const places = await loadPlaces();
  return parseWithPlaces(text, options, places);
}

/** Synchronous core, for callers that already hold the place index. */
export function parseWithPlaces(text: string, options: ParseOptions, places: PlaceIndex): ParsedTripRequest {
  const reference = parseIsoDate(options.referenceDate);
  if (!reference) throw new RangeError(`referenceDate must be a valid YYYY-MM-DD date, got "${options.referenceDate}"`);
  const work = new WorkText(text);

  const budget = extractBudget(work);
  // Day trips before lengths and places: "a day trip to Nikko" is neither a one-day trip nor the destination.
  const dayTrips = extractDayTrips(work);
  // Lengths and party sizes before dates: chrono-node reads "October, 10 days" and "January, 2 adults" as dates.
  const length = extractDuration(work);
  const travelers = extractTravelers(work);
  const dates = extractDates(work, reference);
  const duration = length ?? dates.length ?? extractWeekendLength(work);
  const cabinClass = extractCabinClass(work);
  const route = extractPlaces(work, places);
  const interests = [...extractInterests(work), ...dayTrips];

  const request: TripRequest = { ...emptyTripRequest, interests: [] };
  const mentioned = new Set<keyof TripRequest>();
  const set = <K extends keyof TripRequest>(key: K, value: TripRequest[K]) => {
    request[key] = value;
    mentioned.add(key);
  };

  if (route.origin) set('origin', route.origin);
  if (route.destination) set('destination', route.destination);
  if (route.alsoVisiting.length > 0) set('alsoVisiting', route.alsoVisiting);

  const nights = duration?.nights ?? dates.weekendNights ?? null;
  const trip = resolveTripDates(dates, duration, reference);
  const said = { departDate: trip.depart ? formatIsoDate(trip.depart) : null, returnDate: trip.return ? formatIsoDate(trip.return) : null };
  // The dates as said must make a possible trip (domain/dates.ts); if not, none are taken, and the
  // problem (with what the traveler may have meant) goes back to the caller to tell them.
  const problems = tripDateProblems(said, { today: options.referenceDate });
  if (problems.length === 0) {
    if (said.departDate) set('departDate', said.departDate);
    if (said.returnDate) set('returnDate', said.returnDate);
  }

  if (travelers.adults !== undefined) set('adults', clamp(travelers.adults, 1, 9));
  if (travelers.children !== undefined) set('children', clamp(travelers.children, 0, 9));
  if (budget) {
    const people = request.adults + request.children;
    const amount = budget.perPerson ? budget.amount * people : budget.amount;
    set('budget', { amount: Math.round(amount * 100) / 100, currency: budget.currency });
  }
  if (cabinClass) set('cabinClass', cabinClass);
  if (interests.length > 0) set('interests', interests);

  return { request, mentioned: MENTION_ORDER.filter((key) => mentioned.has(key)), nights, problems, refusedDates: problems.length > 0 ? said : null };
}

/** The fields the parser can set, in TripRequest order (the optional `alsoVisiting` after the required ones). */
const MENTION_ORDER: (keyof TripRequest)[] = [...(Object.keys(emptyTripRequest) as (keyof TripRequest)[]), 'alsoVisiting'];

// ---------------------------------------------------------------------------------------------------
// Working text: a copy of the input in which claimed spans are blanked out (same length, so indexes
// into the copy are indexes into the original).

class WorkText {
  text: string;
  constructor(readonly original: string) {
    this.text = original;
  }

  claim(start: number, end: number): void {
    this.text = this.text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + this.text.slice(end);
  }

  /** Every match of `pattern` (global) in the unclaimed text. */
  matches(pattern: RegExp): RegExpExecArray[] {
    return [...this.text.matchAll(pattern)];
  }
}

// ---------------------------------------------------------------------------------------------------
// Numbers

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, couple: 2, 'a couple': 2, 'a couple of': 2, 'couple of': 2, three: 3, few: 3, 'a few': 3,
  four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
};
const WORD_NUMBER = String.raw`(?:a couple of|couple of|a couple|a few|an?|one|single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)`;
/** A count: digits or a number word. */
const COUNT = String.raw`(\d{1,3}|${WORD_NUMBER})`;

function countValue(raw: string): number | undefined {
  const word = raw.toLowerCase().replace(/\s+/g, ' ');
  return /^\d+$/.test(word) ? Number(word) : WORD_NUMBERS[word];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

// ---------------------------------------------------------------------------------------------------
// Budget

interface BudgetMention extends Money {
  perPerson: boolean;
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  US$: 'USD', AU$: 'AUD', A$: 'AUD', CA$: 'CAD', C$: 'CAD', NZ$: 'NZD', HK$: 'HKD', S$: 'SGD', R$: 'BRL', MX$: 'MXN',
  $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₺': 'TRY', '₽': 'RUB', '₪': 'ILS', '฿': 'THB', '₱': 'PHP', '₫': 'VND',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD', bucks: 'USD', buck: 'USD', euro: 'EUR', pound: 'GBP', quid: 'GBP', sterling: 'GBP', yen: 'JPY', yuan: 'CNY', rmb: 'CNY',
  renminbi: 'CNY', rupee: 'INR', franc: 'CHF', peso: 'MXN', reais: 'BRL', baht: 'THB', won: 'KRW', zloty: 'PLN', rand: 'ZAR',
  dirham: 'AED', ringgit: 'MYR', lira: 'TRY', krona: 'SEK', kronor: 'SEK', forint: 'HUF', koruna: 'CZK',
};
// "Canadian dollars" and friends.
const DOLLAR_QUALIFIERS: Record<string, string> = {
  us: 'USD', american: 'USD', canadian: 'CAD', australian: 'AUD', aussie: 'AUD', 'new zealand': 'NZD', nz: 'NZD', 'hong kong': 'HKD', singapore: 'SGD',
};
/** Lower-case codes accepted after an amount ("2500 eur"); other ISO codes must be upper case ("2500 ALL" is a lek amount, "2500 all" is not). */
const COMMON_CURRENCIES = new Set(['usd', 'eur', 'gbp', 'jpy', 'cad', 'aud', 'chf', 'cny', 'inr', 'mxn', 'brl', 'nzd', 'sgd', 'hkd', 'sek', 'nok', 'dkk', 'thb', 'krw', 'zar', 'aed', 'try', 'pln', 'czk', 'huf']);
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const SYMBOL = String.raw`(US\$|AU\$|A\$|CA\$|C\$|NZ\$|HK\$|S\$|R\$|MX\$|\$|€|£|¥|₹|₩|₺|₽|₪|฿|₱|₫)`;
// 2,500 | 2.500 (European thousands) | 2500 | 1.2 ; then an optional k / thousand / grand.
const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?![\d.,]|\s?k\b)|\d+(?:\.\d+)?)(\s?(?:k|K|thousand|grand)\b)?`;
const CURRENCY_WORD = String.raw`(?:(us|american|canadian|australian|aussie|new zealand|nz|hong kong|singapore)\s+)?(dollars?|bucks?|euros?|pounds?|quid|sterling|yen|yuan|rmb|renminbi|rupees?|francs?|pesos?|reais|baht|won|zloty|rand|dirhams?|ringgit|lira|krona|kronor|forints?|koruna)\b`;

function amountValue(digits: string, multiplier: string | undefined): number {
  const plain = /^\d{1,3}(\.\d{3})+$/.test(digits) ? digits.replace(/\./g, '') : digits.replace(/,/g, '');
  return Number(plain) * (multiplier?.trim() ? 1000 : 1);
}

function currencyFromWord(qualifier: string | undefined, word: string): string {
  const lower = word.toLowerCase();
  if (lower.startsWith('dollar') || lower.startsWith('buck')) return DOLLAR_QUALIFIERS[qualifier?.toLowerCase() ?? 'us'] ?? 'USD';
  return CURRENCY_WORDS[lower] ?? CURRENCY_WORDS[lower.replace(/s$/, '')] ?? 'USD';
}

interface MoneyCandidate {
  start: number;
  end: number;
  amount: number;
  currency: string | null; // null: no currency given (only accepted next to "budget"/"spend")
}

const SYMBOL_AMOUNT = new RegExp(String.raw`${SYMBOL}\s?${AMOUNT}(?:\s?([A-Z]{3})\b)?`, 'g');
const AMOUNT_SYMBOL = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s?(€|£|\$)`, 'g');
const CODE_AMOUNT = new RegExp(String.raw`\b([A-Z]{3})\s?${AMOUNT}`, 'g');
const AMOUNT_CODE = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s?([A-Za-z]{3})\b`, 'g');
const AMOUNT_WORD = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s?${CURRENCY_WORD}`, 'gi');
// Counts of other things, which an amount must not be read as ("budget for 2 people is 3000").
const NOT_MONEY = String.raw`(?!\s?[%/])(?!\s*(?:people|persons|adults?|kids?|children|nights?|days?|weeks?|months?|travell?ers|pax|guests|stars?|of us)\b)`;
const BUDGET_WORD_AMOUNT = new RegExp(String.raw`\b(?:budget|spend|spending)\b[^.!?;$€£¥]{0,30}?(?<![\w.,])${AMOUNT}${NOT_MONEY}`, 'gi');
const AMOUNT_BUDGET_WORD = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s+(?:total\s+)?budget\b`, 'gi');
const RANGE_TAIL = new RegExp(String.raw`^\s*(?:-|–|to)\s*${AMOUNT}${NOT_MONEY}`, 'i');

/** Money amounts: "$3000", "€2,500", "2500 EUR", "USD 3000", "1500 pounds", "£1.2k", "budget of 4k". */
function extractBudget(work: WorkText): BudgetMention | null {
  const candidates: MoneyCandidate[] = [];
  const push = (start: number, end: number, amount: number, currency: string | null) => {
    // A range ("$2000-3000", "2-3k") caps the budget at its upper end, which carries the multiplier.
    const tail = RANGE_TAIL.exec(work.text.slice(end));
    if (tail) candidates.push({ start, end: end + tail[0].length, amount: Math.max(amount, amountValue(tail[1] ?? '0', tail[2])), currency });
    else candidates.push({ start, end, amount, currency });
  };
  const add = (match: RegExpExecArray, amount: number, currency: string | null) => push(match.index, match.index + match[0].length, amount, currency);

  for (const m of work.matches(SYMBOL_AMOUNT)) {
    const symbol = m[1] ?? '$';
    const code = m[4] && ISO_CURRENCIES.has(m[4]) ? m[4] : undefined;
    add(m, amountValue(m[2] ?? '0', m[3]), code ?? CURRENCY_SYMBOLS[symbol] ?? 'USD');
  }
  for (const m of work.matches(AMOUNT_SYMBOL)) {
    add(m, amountValue(m[1] ?? '0', m[2]), CURRENCY_SYMBOLS[m[3] ?? '$'] ?? 'USD');
  }
  for (const m of work.matches(CODE_AMOUNT)) {
    if (ISO_CURRENCIES.has(m[1] ?? '')) add(m, amountValue(m[2] ?? '0', m[3]), m[1] ?? 'USD');
  }
  for (const m of work.matches(AMOUNT_CODE)) {
    const code = m[3] ?? '';
    if (ISO_CURRENCIES.has(code) || COMMON_CURRENCIES.has(code)) add(m, amountValue(m[1] ?? '0', m[2]), code.toUpperCase());
  }
  for (const m of work.matches(AMOUNT_WORD)) {
    add(m, amountValue(m[1] ?? '0', m[2]), currencyFromWord(m[3], m[4] ?? 'dollars'));
  }
  // No currency: only right after "budget"/"spend" ("budget of 4k", "spend about 2000") or before "budget".
  for (const m of work.matches(BUDGET_WORD_AMOUNT)) {
    const digits = m[1] ?? '0';
    const end = m.index + m[0].length;
    push(end - digits.length - (m[2]?.length ?? 0), end, amountValue(digits, m[2]), null);
  }
  for (const m of work.matches(AMOUNT_BUDGET_WORD)) {
    push(m.index, m.index + (m[1]?.length ?? 0) + (m[2]?.length ?? 0), amountValue(m[1] ?? '0', m[2]), null);
  }
  // Without a currency, a small number is something else ("a budget hotel for 3").
  candidates.splice(0, candidates.length, ...candidates.filter((c) => c.currency !== null || c.amount >= 100));
  if (candidates.length === 0) return null;

  // Overlapping readings of the same words: keep the one that names a currency, then the longest.
  candidates.sort((a, b) => a.start - b.start || Number(b.currency !== null) - Number(a.currency !== null) || b.end - a.end);
  const distinct: MoneyCandidate[] = [];
  for (const candidate of candidates) {
    const last = distinct.at(-1);
    if (last && candidate.start < last.end) continue;
    distinct.push(candidate);
  }
  for (const candidate of distinct) work.claim(candidate.start, candidate.end);

  // A nightly rate ("$200 a night") is not the trip's budget.
  const perNight = (c: MoneyCandidate) => /^\s*(?:per|a|an|\/|each)\s*(?:night|day)\b|^\s*nightly\b/i.test(work.original.slice(c.end, c.end + 15));
  const usable = distinct.filter((c) => !perNight(c));
  // Prefer the amount closest after a budget word; else the first.
  const nearBudgetWord = (c: MoneyCandidate) => /\b(?:budget|spend|spending|total|max(?:imum)?|up to|under|below|less than|no more than|cap)\b/i.test(work.original.slice(Math.max(0, c.start - 30), c.start));
  const chosen = usable.find(nearBudgetWord) ?? usable[0];
  if (!chosen) return null;

  // "between $800 and $1,200", "€2k to €3k": the upper end.
  let amount = chosen.amount;
  let currency = chosen.currency;
  const next = distinct[distinct.indexOf(chosen) + 1];
  if (next && /^\s*(?:-|–|to|and)\s*$/i.test(work.original.slice(chosen.end, next.start))) {
    amount = Math.max(amount, next.amount);
    currency ??= next.currency;
  }
  const perPerson = /^\s*(?:per person|per head|a head|a person|per traveler|per traveller|each|pp\b|p\.p\.|\/\s?person)/i.test(work.original.slice(chosen.end, chosen.end + 20));
  return { amount, currency: currency ?? 'USD', perPerson };
}

// ---------------------------------------------------------------------------------------------------
// Dates

interface DateValue {
  y: number;
  m: number; // 1-12
  d: number;
}

interface DateMention {
  index: number;
  start: DateValue;
  end?: DateValue;
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

interface DateFindings {
  mentions: DateMention[];
  /** Nights implied by a weekend phrase ("this weekend" = 2, "next long weekend" = 3). */
  weekendNights?: number;
  /** "Rome and Venice in 12 days, mid-May": "in 12 days" is the trip's length when another date is given. */
  length?: Duration;
}

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

function extractDates(work: WorkText, reference: DateValue): DateFindings {
  const mentions: DateMention[] = [];
  const push = (index: number, length: number, mention: Omit<DateMention, 'index' | 'isReturn'>) => {
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

type PushDate = (index: number, length: number, mention: Omit<DateMention, 'index' | 'isReturn'>) => void;

/** "returning Dec 20", "back on the 20th", "until Jan 4". */
function isReturnCue(text: string, index: number): boolean {
  return /\b(?:return(?:ing)?|back|home|until|till|til|through|thru)\b(?:\s+(?:on|by|the|around|about|before))*\s*$/i.test(text.slice(Math.max(0, index - 30), index));
}

/** Holidays chrono-node does not know. "New Year's" alone is the celebration, i.e. the eve. */
const HOLIDAYS: [RegExp, (year: number) => DateValue][] = [
  [/\bchristmas eve\b/gi, (y) => ({ y, m: 12, d: 24 })],
  [/\b(?:christmas|xmas)(?: day)?\b/gi, (y) => ({ y, m: 12, d: 25 })],
  [/(?<!(?:chinese|lunar)\s)\bnew year'?s(?: day)\b/gi, (y) => ({ y, m: 1, d: 1 })],
  [/(?<!(?:chinese|lunar)\s)\b(?:new year'?s?(?: eve)?|nye)\b/gi, (y) => ({ y, m: 12, d: 31 })],
  [/\bthanksgiving\b/gi, (y) => nthWeekdayOfMonth(y, 11, 4, 4)],
  [/\beaster(?: sunday)?\b(?! island)/gi, easterSunday],
  [/\bvalentine'?s(?: day)?\b/gi, (y) => ({ y, m: 2, d: 14 })],
  [/\bhalloween\b/gi, (y) => ({ y, m: 10, d: 31 })],
  [/\b(?:independence day|(?:the )?(?:4th|fourth) of july)\b/gi, (y) => ({ y, m: 7, d: 4 })],
];

function extractHolidays(work: WorkText, reference: DateValue, push: PushDate): void {
  for (const [pattern, dateIn] of HOLIDAYS) {
    for (const m of work.matches(pattern)) {
      const thisYear = dateIn(reference.y);
      const date = compareDates(thisYear, reference) >= 0 ? thisYear : dateIn(reference.y + 1);
      push(m.index, m[0].length, { start: date, dayKnown: true, yearKnown: false });
    }
  }
}

const YEAR = String.raw`(?:,?\s*(\d{4}))?`;
const DAY_FIRST_RANGE = new RegExp(String.raw`\b(?:between\s+|from\s+)?(?:the\s+)?(\d{1,2})${ORDINAL}${RANGE_JOIN}(?:the\s+)?(\d{1,2})${ORDINAL}\s+(?:of\s+)?${MONTH}\b${YEAR}`, 'gi');
const MONTH_FIRST_RANGE = new RegExp(String.raw`\b(?:between\s+|from\s+)?${MONTH}\s+(\d{1,2})${ORDINAL}${RANGE_JOIN}(?:the\s+)?(\d{1,2})${ORDINAL}\b(?!\s*(?:${MONTH_WORD}|[/:]|am\b|pm\b|days?|nights?|weeks?|people|persons|adults?|kids?|children|travel))${YEAR}`, 'gi');
const ORDINAL_RANGE = new RegExp(String.raw`\bfrom\s+the\s+(\d{1,2})(?:st|nd|rd|th)${RANGE_JOIN}the\s+(\d{1,2})(?:st|nd|rd|th)\b`, 'gi');

/** Day ranges chrono-node misreads: "between 3 and 10 May", "from the 3rd to the 10th of March", "March 3rd through the 10th", "12/20-12/28". */
function extractDayRanges(work: WorkText, reference: DateValue, push: PushDate): void {
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

function pushRange(index: number, length: number, from: number, to: number, month: number, yearText: string | undefined, reference: DateValue, push: PushDate): void {
  if (month < 1 || to < from) return;
  const start = yearText ? validDate(Number(yearText), month, from) : nextOccurrence(month, from, reference);
  const end = start && validDate(start.y, month, to);
  if (start && end) push(index, length, { start, end, dayKnown: true, yearKnown: Boolean(yearText) });
}

const MONTH_PART = new RegExp(String.raw`\b(early|mid|middle of|late|(?:the\s+)?(?:beginning|start|end|middle|(?:first|second|third|fourth|last) week) of)[\s-]*(?:the\s+month\s+of\s+)?${MONTH}\b(?:,?\s*(\d{4}))?`, 'gi');

/**
 * "early April", "mid-March", "late May", "end of June", "beginning of July": the 1st, 15th, 25th, last
 * day; "first/second/third/fourth week of May" starts on the 1st/8th/15th/22nd, "last week of" 6 days before the end.
 */
function extractMonthParts(work: WorkText, reference: DateValue, push: PushDate): void {
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
    const date = { y: year, m: month, d: day };
    push(m.index, m[0].length, { start: compareDates(date, reference) < 0 ? reference : date, dayKnown: true, yearKnown: Boolean(m[3]) });
  }
}

/**
 * "this weekend" / "next long weekend": Friday to Sunday (2 nights) or Monday (3 nights); "next" is
 * the weekend after the coming one, as chrono-node reads "next Friday". A bare "weekend" is a length.
 */
function extractWeekends(work: WorkText, reference: DateValue, push: PushDate): number | undefined {
  let nights: number | undefined;
  for (const m of work.matches(/\b(this|next|coming|upcoming)\s+(long\s+)?weekend\b/gi)) {
    const offset = (6 - weekday(reference) + 7) % 7; // days to the coming Saturday (0 on a Saturday)
    const saturday = addDays(reference, weekday(reference) === 0 ? -1 : offset + ((m[1] ?? '').toLowerCase() === 'next' ? 7 : 0));
    const friday = addDays(saturday, -1);
    // Asked on the weekend itself: from today, still at least one night.
    const start = compareDates(friday, reference) < 0 ? reference : friday;
    const end = addDays(friday, m[2] ? 3 : 2);
    nights ??= m[2] ? 3 : 2;
    push(m.index, m[0].length, { start, end: compareDates(end, start) > 0 ? end : addDays(start, 1), dayKnown: true, yearKnown: false });
  }
  return nights;
}

/** chrono-node drops "Feb 29" without a year; it is the next leap day. */
function extractLeapDays(work: WorkText, reference: DateValue, push: PushDate): void {
  for (const m of work.matches(/\b(?:feb(?:ruary)?\.?\s+29(?:th)?|29(?:th)?\s+(?:of\s+)?feb(?:ruary)?)\b(?!,?\s*\d{4})/gi)) {
    const date = nextOccurrence(2, 29, reference);
    if (date) push(m.index, m[0].length, { start: date, dayKnown: true, yearKnown: false });
  }
}

const DAY_OF_MONTH = new RegExp(String.raw`\b(?:on|from|starting|until|till|by|back)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?${MONTH_WORD})`, 'gi');

/** "on the 14th" (no month): the next 14th. */
function extractDayOfMonth(work: WorkText, reference: DateValue, push: PushDate): void {
  for (const m of work.matches(DAY_OF_MONTH)) {
    const date = nextDayOfMonth(Number(m[1]), reference);
    const offset = m[0].toLowerCase().indexOf('the');
    if (date) push(m.index + offset, m[0].length - offset, { start: date, dayKnown: true, yearKnown: false });
  }
}

const IN_LENGTH = new RegExp(String.raw`^in\s+${COUNT}\s+(day|week|fortnight|month)s?$`, 'i');
const DURATION_ONLY = new RegExp(String.raw`^(?:for\s+)?(?:\d+|${WORD_NUMBER})\s*(?:days?|nights?|weeks?|months?|years?|fortnights?)$`, 'i');

function extractWithChrono(work: WorkText, reference: DateValue, push: PushDate): void {
  const referenceDate = new Date(reference.y, reference.m - 1, reference.d, 12);
  for (const result of chrono.parse(work.text, referenceDate, { forwardDate: true })) {
    const text = result.text.trim();
    const before = work.text.slice(Math.max(0, result.index - 20), result.index).toLowerCase();
    const start = result.start;
    // "a week", "10 days", a bare "weekend": lengths (a second one, or one extractDuration skipped).
    if (DURATION_ONLY.test(text) || /^(?:long\s+)?weekend$/i.test(text)) continue;
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
    const value = (component: typeof start): DateValue => ({ y: component.get('year') ?? reference.y, m: component.get('month') ?? 1, d: component.get('day') ?? 1 });
    let date = value(start);
    if (!dayKnown) date = firstDayOrToday(date, reference);
    let end = result.end ? value(result.end) : undefined;
    // A year said once belongs to both ends ("April 12 to April 3 2027"); a yearless end starts in the
    // start's year (resolveTripDates rolls it into the next one only when that makes a possible trip).
    if (end && result.end?.isCertain('year') && !start.isCertain('year')) date = { ...date, y: end.y };
    else if (end && !result.end?.isCertain('year')) end = validDate(date.y, end.m, end.d) ?? end;
    const weekdayOnly = start.isCertain('weekday') && !start.isCertain('day');
    const relative = IN_LENGTH.exec(text);
    const inLength = relative ? (countValue(relative[1] ?? '') ?? 1) * (UNIT_NIGHTS[(relative[2] ?? '').toLowerCase()] ?? 1) : undefined;
    push(result.index, result.text.length, { start: date, end, dayKnown, yearKnown: start.isCertain('year'), weekdayOnly, inLength });
  }
}

/** A month without a day: its first day, or the reference date when that month is under way. */
function firstDayOrToday(date: DateValue, reference: DateValue): DateValue {
  const first = { y: date.y, m: date.m, d: 1 };
  return compareDates(first, reference) < 0 && date.y === reference.y && date.m === reference.m ? reference : first;
}

interface TripDates {
  depart: DateValue | null;
  return: DateValue | null;
}

function resolveTripDates(dates: DateFindings, duration: Duration | null, reference: DateValue): TripDates {
  let depart: DateMention | null = null;
  let back: DateValue | null = null;
  const range = dates.mentions.find((mention) => mention.end);
  if (range?.end) {
    depart = range;
    back = range.end;
  } else {
    for (const mention of dates.mentions) {
      if (mention.isReturn && !back) back = mention.start;
      else if (!depart) depart = mention;
      else if (!back) back = mention.start;
    }
  }
  let start = depart?.start ?? null;

  // A weekend trip leaves on a Friday: "a long weekend in March" → the first Friday in March.
  const weekend = duration?.weekend ?? false;
  if (start && weekend && !range) {
    if (!depart?.dayKnown) start = addDays(start, (5 - weekday(start) + 7) % 7);
    else if (weekday(start) === 6) start = addDays(start, -1);
    else if (weekday(start) === 0) start = addDays(start, -2);
    if (compareDates(start, reference) < 0) start = reference;
  }

  if (start && back && compareDates(back, start) < 0) {
    const returning = range ? null : dates.mentions.find((mention) => mention.start === back);
    if (returning?.weekdayOnly) {
      // "next Tuesday, returning Friday": the first such weekday after leaving.
      back = addDays(back, Math.ceil(daysBetween(back, start) / 7) * 7);
    } else if (!returning?.yearKnown) {
      // "Dec 28, back Jan 4": a yearless return date rolls into the next year, when that makes a trip
      // of a possible length; "April 12 to April 3" stays as said, for the date rule to report.
      const rolled = { ...back, y: back.y + 1 };
      if (validDate(rolled.y, rolled.m, rolled.d) && compareDates(rolled, start) >= 0 && daysBetween(start, rolled) <= MAX_TRIP_NIGHTS) back = rolled;
    }
    // Otherwise the return stays as said, before the departure: the date rule reports it.
  }
  if (start && !back && duration) back = addDays(start, duration.nights);
  return { depart: start, return: back };
}

// ---------------------------------------------------------------------------------------------------
// Trip length

interface Duration {
  nights: number;
  /** From "weekend": the trip should leave on a Friday. */
  weekend: boolean;
}

const UNIT_NIGHTS: Record<string, number> = { night: 1, day: 1, week: 7, fortnight: 14, month: 30 };

const COUNTED_LENGTH = new RegExp(String.raw`\b${COUNT}(?:\s*-\s*|\s+)(night|day|week|fortnight|month)s?\b(?!\s+(?:from now|later|ago|away|before|after|in advance|notice|old)\b)`, 'gi');

/** "for 5 nights", "10 days", "a week", "two weeks", "a 10-day trip", "a fortnight". */
function extractDuration(work: WorkText): Duration | null {
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
function extractWeekendLength(work: WorkText): Duration | null {
  const weekend = /\b(long\s+)?weekend\b/i.exec(work.text);
  if (weekend) {
    work.claim(weekend.index, weekend.index + weekend[0].length);
    return { nights: weekend[1] ? 3 : 2, weekend: true };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Travellers

interface Travelers {
  adults?: number;
  children?: number;
}

const CHILD_WORDS = String.raw`(?:children|child|kids?|toddlers?|teens?|teenagers?|infants?|bab(?:y|ies)|sons?|daughters?|little ones)`;
const ADULT_RELATIONS = String.raw`(?:wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|spouse|friend|mom|mum|mother|dad|father|sister|brother|colleague|boss|roommate|buddy|bestie|best friend)`;

const ADULT_COUNT = new RegExp(String.raw`\b${COUNT}\s+(?:adults?|grown[- ]?ups?)\b`, 'i');
const CHILD_COUNT = new RegExp(String.raw`\b${COUNT}\s+(?:(?:young|small|little)\s+)?${CHILD_WORDS}\b(?![- ]friendly)`, 'i');
const ONE_CHILD = new RegExp(String.raw`\b(?:our|my)\s+(?:(?:\d+|one|two|three|four|five)[- ]year[- ]old\s+)?(?:son|daughter|kid|child|baby|toddler)\b`, 'gi');
const FAMILY_OF = new RegExp(String.raw`\bfamily\s+of\s+${COUNT}\b`, 'i');
const PARTY_SIZE = new RegExp(String.raw`\b(?:${COUNT}\s+(?:people|persons|travell?ers|passengers|pax|guests|tickets|seats|of us|(?:college\s+)?students|guys|girls|ladies|lads|friends)\b|(?:group|party)\s+of\s+${COUNT}\b|for\s+${COUNT}(?=\s*(?:[.,!?;]|$)))`, 'i');
const WITH_FRIENDS = new RegExp(String.raw`\b(?:with|and)\s+(?:my\s+)?${COUNT}\s+(?:friends|colleagues|buddies|coworkers)\b`, 'i');
const COMPANIONS = new RegExp(String.raw`\bmy\s+${ADULT_RELATIONS}\b|\bmy\s+parents\b`, 'gi');

/**
 * "2 adults and 1 child", "with 3 kids", "family of four" (2 adults + 2 children), "me and my wife",
 * "solo", "a couple", "for 3 people" / "3 travelers" / "group of 5" (adults). A phrase that states the
 * whole party ("solo", "3 people", "family of four", "a couple") also mentions children (0 if none);
 * one that only names adults ("me and my wife") leaves children to an earlier message.
 */
function extractTravelers(work: WorkText): Travelers {
  const text = work.text;
  const claim = (m: RegExpExecArray) => work.claim(m.index, m.index + m[0].length);
  let adults: number | undefined;
  let children: number | undefined;
  let total: number | undefined;

  const adultCount = ADULT_COUNT.exec(text);
  if (adultCount) {
    adults = countValue(adultCount[1] ?? '');
    claim(adultCount);
  }
  const childCount = CHILD_COUNT.exec(text);
  if (childCount && countValue(childCount[1] ?? '') !== undefined) {
    children = countValue(childCount[1] ?? '');
    claim(childCount);
  } else if (/\b(?:no|without)\s+(?:kids|children)\b/i.test(text)) {
    children = 0;
  } else {
    // "our son", "my daughter and her friend": one child per mention.
    const singles = [...text.matchAll(ONE_CHILD)];
    if (singles.length > 0) children = singles.length;
  }

  const family = FAMILY_OF.exec(text);
  if (family) {
    const size = countValue(family[1] ?? '') ?? 0;
    if (size >= 2) {
      adults ??= size >= 3 ? 2 : 1;
      children ??= Math.max(0, size - adults);
      claim(family);
    }
  }

  // "me and 2 friends" is three; "6 friends", "3 people", "group of 5", "for 3" (closing a clause) are the party.
  const friends = WITH_FRIENDS.exec(text);
  if (friends) {
    total = 1 + (countValue(friends[1] ?? '') ?? 0);
    claim(friends);
  }
  const group = total === undefined ? PARTY_SIZE.exec(text) : null;
  if (group) {
    total = countValue(group[1] ?? group[2] ?? group[3] ?? '');
    claim(group);
  }

  if (total !== undefined) {
    if (adults === undefined) adults = Math.max(1, total - (children ?? 0));
    children ??= Math.max(0, total - adults);
  }

  if (adults === undefined) {
    // "me and my wife", "my husband and I", "with my partner": the speaker plus each adult companion.
    const companions = [...text.matchAll(COMPANIONS)];
    if (companions.length > 0) adults = 1 + companions.reduce((sum, m) => sum + (/parents/i.test(m[0]) ? 2 : 1), 0);
  }
  if (adults === undefined && /\bcouple\b(?!\s+(?:of|more|hours|days|nights|weeks))|\bcouple'?s\b|\bhoneymoon\b/i.test(text)) {
    adults = 2;
    children ??= 0;
  }
  if (adults === undefined && /\b(?:solo|alone|by myself|on my own|just me|only me)\b/i.test(text)) {
    adults = 1;
    children ??= 0;
  }
  return { adults, children };
}

// ---------------------------------------------------------------------------------------------------
// Cabin class

/** "premium economy", "business class" / "fly business", "first class"; "business trip" is not a cabin, nor is "a first class hotel" or "by coach". */
const CABIN_RULES: [RegExp, CabinClass][] = [
  [/\bprem(?:ium)?[- ]?(?:economy|eco)\b/i, 'premium_economy'],
  [/\b(?:business|biz)[- ]class\b|\b(?:fly(?:ing)?|flown|in|book(?:ing)?|upgrade(?:d)? to|seats? in)\s+business\b(?!\s+(?:trip|travel|meeting|purposes?|conference|dinner|hotel|district|center|centre|partner|reasons?|casual|card|visa))|\bbusiness\s+(?:seats?|cabin|fares?|tickets?|flights?)\b|\blie[- ]flat\b/i, 'business'],
  [/\bfirst[- ]class\s+(?:seats?|cabin|fares?|tickets?|flights?)\b|\b(?:fly(?:ing)?|flown|in|book(?:ing)?|upgrade(?:d)? to)\s+first(?:[- ]class)?\b(?!\s+(?:time|week|day|night|thing|stop|half|leg))|\bfirst[- ]class\b(?!\s+(?:hotels?|service|accommodations?|restaurants?|food|dining|experience))/i, 'first'],
  [/(?<!\bby\s)\b(?:economy|coach)(?:[- ]class)?\b(?!\s+(?:of|is|car|tours?|trips?|bus|ride|station))/i, 'economy'],
];

function extractCabinClass(work: WorkText): CabinClass | null {
  for (const [pattern, cabin] of CABIN_RULES) {
    const m = pattern.exec(work.text);
    if (m) {
      work.claim(m.index, m.index + m[0].length);
      return cabin;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Places

interface Route {
  origin: PlaceRef | null;
  destination: PlaceRef | null;
  /** Further cities listed with the destination ("Kyoto and Osaka", "Lisbon, then Porto"), in order. */
  alsoVisiting: PlaceRef[];
}

type Role = 'origin' | 'destination';

interface PlaceCandidate {
  start: number;
  end: number;
  place: PlaceRef;
  /** Role from the words before it; `weak` for "in"/"at"/"around" ("a week in Paris"). */
  cue: { role: Role; weak: boolean } | null;
  accepted: boolean;
  accept: NameMatch['accept'];
  /** Could stand as the first half of "X to Y" / "X → Y" if Y is a place. */
  pairable: boolean;
}

// Words before a place that make it the origin, checked before the destination cues ("leaving for" is a destination).
const ORIGIN_CUE = /\b(?:from|out of|leaving|leave|departing|depart|departure|based in|live in|living in|i'?m in|i am in|home is|home in)\s*$/i;
const STRONG_DESTINATION_CUE = /(?:\b(?:to|into|visit|visiting|see|seeing|explore|exploring|tour(?:ing)?|destination(?: is)?:?|(?:leav(?:e|ing)|head(?:ing|ed)?|bound|off|depart(?:ing)?|fly(?:ing)?|trip|flights?)\s+for)|→|->|=>)\s*$/i;
const WEAK_DESTINATION_CUE = /\b(?:in|at|around|near)\s*$/i;
const PAIR_JOIN = /^\s*(?:→|->|—>|=>|>|–|—|-|to)\s*$/i;
/** Between the cities of a multi-city trip: "Kyoto and Osaka", "Tokyo, Kyoto", "Lisbon, then on to Porto", "Rome & Florence". */
const CITY_LIST_JOIN = /^\s*(?:(?:,|;|&|\+|\band\b|\bplus\b)\s*)*(?:(?:\bthen\b|\bfollowed by\b|\bafter that\b)\s*(?:\bon\b\s*)?(?:\bto\b\s*)?)?$/i;
/** Left between listed cities once their dates and lengths are claimed: "Kyoto in ␣␣␣␣ then Osaka", "Rome (4 nights), Florence". */
const LIST_ASIDES = /\([^()]*\)|\b(?:in|for|on|during|over)\b(?=\s{2,})/gi;

/**
 * Single-word city names that are ordinary words or first names ("a nice hotel", "Mobile check-in",
 * "my friend Charlotte"): a place only after a place word and capitalized ("to Nice", "in Mobile").
 */
const NEEDS_PLACE_CUE = new Set([
  'nice', 'mobile', 'bath', 'bend', 'buffalo', 'male', 'malay', 'phoenix', 'natal', 'sal', 'nome', 'providence', 'canton', 'derby',
  'victoria', 'regina', 'eugene', 'nelson', 'hamilton', 'midland', 'bod',
  'solo', 'oral', 'hail', 'reading', 'split', 'eagle', 'hope', 'orange', 'liberal', 'paradise', 'concord', 'independence',
  'ontario', 'columbia', 'liberia', 'medina', 'avalon', 'hollywood', 'kingston', 'richmond', 'petra', 'darwin', 'leon', 'fez', 'hahn',
]);

/** Three-letter words that are also major airport codes; as lower case they stay words ("to sea", "from her"). */
const ENGLISH_THREE = new Set([
  'the', 'and', 'for', 'ace', 'bet', 'bio', 'boo', 'can', 'cay', 'cur', 'dam', 'day', 'den', 'dub', 'far', 'fat', 'fez', 'gib', 'got', 'gum',
  'ham', 'her', 'inc', 'jan', 'kin', 'lad', 'led', 'lit', 'mad', 'man', 'med', 'mid', 'mob', 'nan', 'nap', 'pap', 'par', 'pen', 'per',
  'pit', 'pom', 'pos', 'rec', 'rep', 'rob', 'run', 'sac', 'sal', 'sap', 'sat', 'saw', 'sea', 'she', 'sin', 'sub', 'tun', 'was', 'via',
  'air', 'all', 'any', 'bus', 'car', 'new', 'old', 'our', 'two', 'one', 'six', 'ten', 'you', 'him', 'his', 'its', 'out', 'end', 'top',
  'bed', 'big', 'fly', 'get', 'see', 'eat', 'ski', 'spa', 'bar', 'pub', 'art', 'sun', 'now', 'how', 'why', 'who', 'too', 'yes',
  'not', 'but', 'off', 'way', 'due', 'has', 'had', 'let', 'may', 'sir', 'mom', 'dad', 'son', 'kid', 'pet', 'cat', 'dog', 'ale',
]);
/** Upper-case words that are acronyms before they are airports ("TSA PreCheck", "an MBA trip", "CAN we ..."). */
const ACRONYMS = new Set([
  'TSA', 'MBA', 'CEO', 'CFO', 'CTO', 'TBD', 'FYI', 'BTW', 'ETA', 'PTO', 'LOL', 'OMG', 'USA', 'NYE', 'BBQ', 'DIY', 'VIP', 'ATM', 'GPS', 'APP',
  'AND', 'THE', 'FOR', 'CAN', 'NOT', 'BUT', 'ALL', 'ANY', 'OUR', 'YOU', 'HER', 'SHE', 'WAS', 'SEA', 'AIR', 'SPA', 'PDF', 'PHD', 'UTC', 'GMT',
  'EST', 'PST', 'CET', 'AKA', 'DOB', 'SUV', 'WFH', 'OOO', 'PET', 'KID', 'MAN', 'MAD', 'FAT', 'RUN', 'SIN', 'SUB', 'TOP',
]);
// Lower-case connectors inside capitalized names ("Rio de Janeiro", "Stratford upon Avon").
const NAME_CONNECTORS = new Set(['de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'la', 'le', 'les', 'el', 'al', 'of', 'the', 'on', 'upon', 'sur', 'am', 'an', 'y', 'en', 'sous']);

interface PlaceTables {
  /** Major single-word names by length, for the typo fallback. */
  fuzzyNames: Map<number, string[]>;
  /** For each word that starts a city name, the most words such a name has ("rio" → 3). */
  nameLengths: Map<string, number>;
  countries: Map<string, string>;
}

const tablesByIndex = new WeakMap<PlaceIndex, PlaceTables>();

function placeTables(places: PlaceIndex): PlaceTables {
  const cached = tablesByIndex.get(places);
  if (cached) return cached;
  const fuzzyNames = new Map<number, string[]>();
  const nameLengths = new Map<string, number>();
  const countryCodes = new Set<string>();
  for (const name of places.placeNames()) {
    const words = name.split(' ');
    nameLengths.set(words[0] ?? '', Math.max(nameLengths.get(words[0] ?? '') ?? 0, words.length));
    const city = places.citiesNamed(name)[0];
    if (!city) continue;
    countryCodes.add(city.countryCode);
    if (name.includes(' ') || name.length < 5 || !isMajor(city)) continue;
    const list = fuzzyNames.get(name.length) ?? [];
    list.push(name);
    fuzzyNames.set(name.length, list);
  }
  const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
  const countries = new Map<string, string>();
  for (const code of countryCodes) {
    const name = /^[A-Z]{2}$/.test(code) ? regionNames.of(code) : undefined;
    if (name && name !== code) countries.set(normalizePlaceName(name), code);
  }
  countries.set('usa', 'US').set('us', 'US').set('uk', 'GB').set('england', 'GB').set('scotland', 'GB').set('uae', 'AE');
  const tables = { fuzzyNames, nameLengths, countries };
  tablesByIndex.set(places, tables);
  return tables;
}

function isMajor(city: CityInfo): boolean {
  return city.airports[0]?.size === 'large' || city.airports.length > 1;
}

/** A large airport, or a multi-airport metro's own code (NYC, LON, PAR). */
function isMajorCode(places: PlaceIndex, code: string): boolean {
  const upper = code.toUpperCase();
  const city = places.city(upper);
  return places.airport(upper)?.size === 'large' || Boolean(city && city.code === upper && city.airports.length > 1);
}

interface Token {
  start: number;
  end: number;
  text: string;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** Tokens join into one name across spaces, hyphens and an abbreviation's period ("St. Louis"), nothing else. */
function joinable(text: string, left: Token, right: Token): boolean {
  const gap = text.slice(left.end, right.start);
  if (/^\s+$|^\s*-\s*$/.test(gap)) return true;
  return /^\.\s+$/.test(gap) && /^(?:st|mt|ft|ste)$/i.test(left.text);
}

function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/** Origin, destination and further listed cities: city and airport names (longest first), airport and metro codes, with role cues. */
function extractPlaces(work: WorkText, places: PlaceIndex): Route {
  const text = work.text;
  const tables = placeTables(places);
  const shouting = !/\p{Ll}/u.test(work.original);
  // Someone who never types a capital ("lisbon in may") gets the benefit of the doubt for city names
  // that are not ordinary words.
  const lowercaseStyle = !/\p{Lu}/u.test(work.original);
  const tokens = tokenize(text);
  const candidates: PlaceCandidate[] = [];

  const cueBefore = (index: number): PlaceCandidate['cue'] => {
    const before = text.slice(Math.max(0, index - 40), index);
    if (ORIGIN_CUE.test(before)) return { role: 'origin', weak: false };
    if (STRONG_DESTINATION_CUE.test(before)) return { role: 'destination', weak: false };
    if (WEAK_DESTINATION_CUE.test(before)) return { role: 'destination', weak: true };
    return null;
  };
  const pairableAfter = (end: number) => /^\s*(?:→|->|—>|=>|>|–|—|-|to)\s*\p{L}/iu.test(text.slice(end, end + 12));

  for (let i = 0; i < tokens.length; ) {
    // An upper-case three-letter word is read as a code first (NYC, LON), anything else as a name first.
    const codeFirst = !shouting && /^[A-Z]{3}$/.test(tokens[i]?.text ?? '');
    const found =
      (codeFirst ? matchCode(tokens, i, places) : null) ??
      matchName(tokens, i, text, places, tables) ??
      matchCode(tokens, i, places) ??
      matchFuzzy(tokens, i, places, tables);
    if (!found) {
      i += 1;
      continue;
    }
    const first = tokens[i];
    const last = tokens[found.next - 1];
    if (!first || !last) break;
    const cue = cueBefore(first.start);
    const candidate: PlaceCandidate = { start: first.start, end: found.end ?? last.end, place: found.place, cue, accepted: false, accept: found.accept, pairable: pairableAfter(found.end ?? last.end) };
    candidate.accepted = found.accept(cue, shouting, lowercaseStyle);
    candidates.push(candidate);
    i = found.next;
  }

  // "X to Y", "X → Y", "JFK-LHR": the first is the origin once the second is an accepted place.
  const pairs = new Set<PlaceCandidate>();
  for (let k = 0; k + 1 < candidates.length; k += 1) {
    const left = candidates[k];
    const right = candidates[k + 1];
    if (!left || !right || !right.accepted || !left.pairable || !PAIR_JOIN.test(text.slice(left.end, right.start))) continue;
    if (left.cue && !left.cue.weak) continue;
    const wasAccepted = left.accepted;
    left.accepted ||= acceptPairedLeft(left, work.original, places, shouting);
    if (left.accepted) {
      pairs.add(left);
      if (!wasAccepted || !left.cue) left.cue = { role: 'origin', weak: false };
      right.cue ??= { role: 'destination', weak: false };
    }
  }

  const accepted = candidates.filter((candidate) => candidate.accepted);
  const origin = accepted.find((c) => c.cue?.role === 'origin');
  const destination =
    accepted.find((c) => c !== origin && c.cue?.role === 'destination' && !c.cue.weak) ??
    accepted.find((c) => c !== origin && c.cue?.role === 'destination') ??
    accepted.find((c) => c !== origin && !c.cue && !pairs.has(c));
  const cities = destination ? cityList(candidates, destination, text, shouting, lowercaseStyle) : [];
  for (const candidate of new Set([...accepted, ...cities])) work.claim(candidate.start, candidate.end);

  // The trip starts in the list's first city ("Lisbon, then on to Porto" goes to Lisbon first). Cities
  // are kept by name: Kyoto and Osaka share a metro code but are two stops.
  const byName = new Map(cities.map((c) => [normalizePlaceName(c.place.city), c.place]));
  const [first, ...further] = byName.values();
  return { origin: origin?.place ?? null, destination: first ?? null, alsoVisiting: further };
}

/**
 * The destination with the cities listed around it ("Tokyo, Kyoto and Osaka"), in order. A city listed
 * after the destination without a place word of its own shares the destination's ("to Florence and Siena").
 */
function cityList(candidates: PlaceCandidate[], destination: PlaceCandidate, text: string, shouting: boolean, lowercaseStyle: boolean): PlaceCandidate[] {
  const joined = (left: PlaceCandidate, right: PlaceCandidate) => {
    const gap = text.slice(left.end, right.start).replace(LIST_ASIDES, ' ');
    return left.cue?.role !== 'origin' && right.cue?.role !== 'origin' && /\S/.test(gap) && CITY_LIST_JOIN.test(gap);
  };
  // Words read as places but not taken ("for" as FOR) are part of the text between listed cities.
  const at = candidates.indexOf(destination);
  const list = [destination];
  for (const left of candidates.slice(0, at).reverse()) {
    if (!left.accepted) continue;
    if (!joined(left, list[0] as PlaceCandidate)) break;
    list.unshift(left);
  }
  for (const right of candidates.slice(at + 1)) {
    if (!joined(list.at(-1) as PlaceCandidate, right)) {
      if (right.accepted) break;
      continue;
    }
    right.accepted ||= right.cue === null && destination.cue !== null && right.accept(destination.cue, shouting, lowercaseStyle);
    if (right.accepted) list.push(right);
  }
  return list;
}

/** The first half of "X to Y": an upper-case code ("SEA-NRT", "MAD to BCN"), a major code in lower case ("jfk to lax"), a capitalized name. */
function acceptPairedLeft(candidate: PlaceCandidate, original: string, places: PlaceIndex, shouting: boolean): boolean {
  const word = original.slice(candidate.start, candidate.end);
  if (/^[A-Za-z]{3}$/.test(word)) {
    if (word === word.toUpperCase() && !shouting) return true;
    return !ENGLISH_THREE.has(word.toLowerCase()) && isMajorCode(places, word);
  }
  return isCapitalized(word);
}

interface NameMatch {
  place: PlaceRef;
  next: number;
  end?: number;
  accept(cue: PlaceCandidate['cue'], shouting: boolean, lowercaseStyle: boolean): boolean;
}

/** The longest run of tokens that is a known city name, with ", Country" choosing among same-named cities. */
function matchName(tokens: Token[], i: number, text: string, places: PlaceIndex, tables: PlaceTables): NameMatch | null {
  const firstWord = normalizePlaceName(tokens[i]?.text ?? '').split(' ')[0] ?? '';
  const longest = tables.nameLengths.get(firstWord) ?? 0;
  for (let n = Math.min(longest, tokens.length - i); n >= 1; n -= 1) {
    const span = tokens.slice(i, i + n);
    if (span.some((token, k) => k > 0 && !joinable(text, span[k - 1] as Token, token))) continue;
    const words = span.map((token) => token.text);
    const key = normalizePlaceName(words.join(' '));
    const found = places.lookup(key);
    if (!found) continue;
    // A city name can't start or end with a connector ("de", "the").
    if (n > 1 && (NAME_CONNECTORS.has(words[0]?.toLowerCase() ?? '') || NAME_CONNECTORS.has(words.at(-1)?.toLowerCase() ?? ''))) continue;

    let match = found;
    let end: number | undefined;
    let next = i + n;
    const country = followingCountry(tokens, next, text, tables);
    if (country) {
      const inCountry = found.city.countryCode === country.code ? found.city : places.citiesNamed(key).find((candidate) => candidate.countryCode === country.code);
      if (inCountry) {
        if (inCountry !== found.city) match = { name: inCountry.name, city: inCountry, kind: 'city' };
        next = country.next;
        end = country.end;
      }
    }
    const capitalized = words.every((word, k) => isCapitalized(word) || (k > 0 && NAME_CONNECTORS.has(word.toLowerCase())));
    const multiWord = n > 1;
    const major = isMajor(match.city);
    const ordinaryWord = !multiWord && NEEDS_PLACE_CUE.has(key);
    // One word of an airport's name may be an ordinary one ("Midway", "Wilson"): a place only as written
    // after a place word, or before "to" (acceptPairedLeft).
    const airportWord = !multiWord && match.kind === 'airport';
    return {
      place: placeRefOf(match),
      next,
      end,
      accept: (cue, shouting, lowercaseStyle) => {
        if (airportWord) return cue !== null && ((capitalized && !shouting) || (lowercaseStyle && !cue.weak));
        // In all-lower-case text a single-word city name counts as written; "long beach" stays a phrase unless after a place word.
        const cased = (capitalized && !shouting) || (lowercaseStyle && major && !ordinaryWord && (!multiWord || cue !== null));
        if (cue) {
          if (cased) return true;
          if (ordinaryWord) return shouting && !cue.weak;
          return major && (!cue.weak || multiWord);
        }
        return cased && !ordinaryWord && (multiWord || major);
      },
    };
  }
  return null;
}

function followingCountry(tokens: Token[], from: number, text: string, tables: PlaceTables): { code: string; next: number; end: number } | null {
  const first = tokens[from];
  const previous = tokens[from - 1];
  if (!first || !previous || !/^\s*,?\s*$/.test(text.slice(previous.end, first.start))) return null;
  for (let n = Math.min(3, tokens.length - from); n >= 1; n -= 1) {
    const span = tokens.slice(from, from + n);
    const code = tables.countries.get(normalizePlaceName(span.map((token) => token.text).join(' ')));
    const last = span.at(-1);
    if (code && last && span.every((token) => isCapitalized(token.text))) return { code, next: from + n, end: last.end };
  }
  return null;
}

/** IATA airport (JFK) and metro (NYC) codes. Upper case is a code; lower case only right after from/to. */
function matchCode(tokens: Token[], i: number, places: PlaceIndex): NameMatch | null {
  const token = tokens[i];
  if (!token || !/^[A-Za-z]{3}$/.test(token.text)) return null;
  const code = token.text.toUpperCase();
  const city = places.city(code);
  if (!city) return null;
  const upper = token.text === code;
  const major = isMajorCode(places, code);
  return {
    place: { city: city.name, iata: code },
    next: i + 1,
    accept: (cue, shouting) => {
      if (upper && !shouting) return cue ? !ACRONYMS.has(code) || !cue.weak : major && !ACRONYMS.has(code);
      return Boolean(cue && !cue.weak) && major && !ENGLISH_THREE.has(code.toLowerCase());
    },
  };
}

/** Typo or spelling variant of a major city after a place word: "to Marrakech" (Marrakesh), "to Barcelonna". */
function matchFuzzy(tokens: Token[], i: number, places: PlaceIndex, tables: PlaceTables): NameMatch | null {
  const token = tokens[i];
  if (!token || token.text.length < 5 || !isCapitalized(token.text)) return null;
  const word = normalizePlaceName(token.text);
  let best: string | undefined;
  for (const length of [word.length - 1, word.length, word.length + 1]) {
    for (const name of tables.fuzzyNames.get(length) ?? []) {
      if (name[0] === word[0] && withinOneEdit(word, name)) {
        best = name;
        break;
      }
    }
    if (best) break;
  }
  const found = best ? places.lookup(best) : undefined;
  if (!found) return null;
  return { place: placeRefOf(found), next: i + 1, accept: (cue) => cue !== null };
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

// ---------------------------------------------------------------------------------------------------
// Interests

/**
 * Phrases that signal an interest. The traveler's own phrase is kept ("temples", "street food", "wine
 * tasting"), not a category: matching it to kinds of places happens when the itinerary is built
 * (agents/knowledge.ts kindsForInterest). Multi-word phrases come before their single words so the
 * longest phrase wins ("street food" over "food").
 */
const INTEREST_PHRASES: string[] = [
  // Food and drink
  'street food', 'food markets?', 'food tours?', 'cooking class(?:es)?', 'wine tasting', 'wine bars?', 'craft beer', 'beer halls?', 'tea ceremon(?:y|ies)',
  'food', 'foodie', 'foodies', 'eat well', 'eating', 'eat', 'cuisine', 'culinary', 'gastronomy', 'gastronomic', 'restaurants?', 'dining', 'tapas', 'michelin',
  'sushi', 'ramen', 'seafood', 'coffee', 'wines?', 'wineries', 'winery', 'vineyards?', 'cocktails?', 'breweries', 'brewery',
  // Culture and sights
  'museums?', 'art galler(?:y|ies)', 'street art', 'art', 'arts', 'artsy', 'galleries', 'gallery', 'paintings?',
  'history', 'historic sites', 'historic', 'historical', 'ancient ruins', 'ancient', 'ruins', 'heritage', 'castles?', 'medieval', 'palaces?',
  'architecture', 'architectural', 'cathedrals?', 'churches', 'temples?', 'shrines?', 'mosques?', 'pagodas?', 'monasteries', 'monastery',
  'culture', 'cultural', 'traditions?', 'traditional', 'festivals?', 'local life',
  // Performances and nights out
  'flamenco', 'fado', 'tango', 'opera', 'ballet', 'theatre', 'theater', 'musicals?', 'live music', 'music', 'concerts?', 'jazz', 'gigs', 'shows',
  'nightlife', 'night life', 'bars', 'clubs', 'clubbing', 'partying', 'parties', 'party scene', 'pubs', 'pub crawl', 'dancing', 'night markets?',
  // Outdoors
  'hike', 'hikes', 'hiking', 'trek', 'treks', 'trekking', 'trails?', 'walking tours?',
  'nature', 'national parks?', '(?<!theme |amusement )parks', 'gardens', 'wildlife', 'scenery', 'scenic', 'outdoors', 'outdoorsy', 'lakes', 'forests?', 'safari',
  'mountains', 'waterfalls?', 'landscapes?', 'glaciers?', 'views', 'sunsets?',
  'beach(?:es)?', 'seaside', 'sunbathing', 'by the sea', 'island hopping',
  'ski', 'skiing', 'slopes', 'snowboard(?:ing)?', 'diving', 'scuba', 'snorkel(?:l?ing)?', 'dive(?! bars?)', 'dives', 'reefs?',
  'sports?', 'football', 'soccer', 'baseball', 'basketball', 'tennis', 'golf', 'surf', 'surfing', 'cycling', 'stadiums?',
  // Shopping, family, rest
  'shopping', 'shops', 'boutiques?', 'outlets?', 'souvenirs?', 'markets?', 'bazaars?', 'souks?',
  'family[- ]friendly', 'kid[- ]friendly', 'kids? activities', 'theme parks?', 'amusement parks?', 'zoos?', 'aquariums?',
  'relax', 'relaxing', 'relaxation', 'spa', 'spas', 'wellness', 'hot springs', 'onsen', 'thermal baths', 'unwind', 'unwinding', 'chill', 'chilling', 'laid[- ]back', 'slow pace',
  'photography', 'photos?', 'photo spots?', 'instagram(?:m?able)?',
];
const INTEREST_PATTERN = new RegExp(String.raw`\b(?:${INTEREST_PHRASES.join('|')})\b`, 'gi');
// "no museums", "not into nightlife", "without shopping": within the same clause before the word.
const NEGATION = /\b(?:no|not|don'?t|doesn'?t|never|without|hate|avoid|skip|except|nothing)\b|n't\b/i;

/**
 * The traveler's interests in their own words, lower-case, in the order mentioned, without repeats;
 * negated ones ("no museums") are left out.
 */
function extractInterests(work: WorkText): string[] {
  const found: string[] = [];
  for (const m of work.matches(INTEREST_PATTERN)) {
    if (negated(work, m.index)) continue;
    const phrase = m[0].toLowerCase().replace(/\s+/g, ' ');
    if (!found.includes(phrase)) found.push(phrase);
  }
  return found;
}

function negated(work: WorkText, index: number): boolean {
  // The clause's last few words before the interest: "not into nightlife", "no museums please".
  const clause = work.text.slice(Math.max(0, index - 40), index).split(/[.,;!?]|\b(?:but|and|or)\b/i).at(-1) ?? '';
  return NEGATION.test(clause.trim().split(/\s+/).slice(-3).join(' '));
}

/** Words that end a day-trip place name: "a day trip to Nikko and some temples". */
const PLACE_JOINERS = new Set(['de', 'del', 'da', 'do', 'di', 'la', 'le', 'el', 'of', 'the', 'sur', 'am', 'an']);
const PLACE_STOP = new Set(['and', 'or', 'with', 'on', 'in', 'for', 'from', 'while', 'but', 'then', 'please', 'during', 'if', 'at', 'by', 'maybe', 'too', 'also', 'as', 'when', 'to']);

/**
 * "a day trip to Nikko", "day trips": kept as said, with the place's spelling. Claimed before places
 * are read, so the day-trip place is not taken for the trip's destination.
 */
function extractDayTrips(work: WorkText): string[] {
  const found: string[] = [];
  for (const m of work.matches(/\b(?:an?\s+)?(?:day[- ]?trips?|excursions?)(?:\s+(?:out\s+)?to\s+([\p{L}][\p{L}'’.-]*(?:\s+[\p{L}][\p{L}'’.-]*){0,3}))?/giu)) {
    if (negated(work, m.index)) continue;
    const words = (m[1] ?? '').split(/\s+/).filter(Boolean);
    // A capitalized name ends at the first lower-case word ("Nikko sounds fun"), except joiners ("Ilha de Moçambique").
    const named = /^\p{Lu}/u.test(words[0] ?? '');
    const stop = words.findIndex((word, index) => PLACE_STOP.has(word.toLowerCase()) || (named && index > 0 && !/^\p{Lu}/u.test(word) && !PLACE_JOINERS.has(word)));
    const place = (stop === -1 ? words : words.slice(0, stop)).join(' ').replace(/[.'’-]+$/, '');
    const lead = m[0].slice(0, m[0].length - (m[1]?.length ?? 0)).replace(/\s+/g, ' ').trim().toLowerCase();
    const phrase = place ? `${lead} ${place}` : lead.replace(/\s+(?:out\s+)?to$/, '');
    // Claim the phrase up to the place's end, leaving what follows ("and temples") for the other readers.
    work.claim(m.index, m.index + (place ? m[0].indexOf(m[1] ?? '') + place.length : m[0].length));
    if (!found.some((known) => known.toLowerCase() === phrase.toLowerCase())) found.push(phrase.slice(0, 40));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Calendar arithmetic on plain dates (no time zones involved).

function parseIsoDate(iso: string): DateValue | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function formatIsoDate(date: DateValue): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

function validDate(y: number, m: number, d: number): DateValue | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? { y, m, d } : null;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function compareDates(a: DateValue, b: DateValue): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
function daysBetween(a: DateValue, b: DateValue): number {
  return (Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000;
}

function addDays(date: DateValue, days: number): DateValue {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(date: DateValue): number {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
}

/** The first month/day on or after `from` (skipping years where it doesn't exist, e.g. Feb 29). */
function nextOccurrence(month: number, day: number, from: DateValue): DateValue | null {
  for (let y = from.y; y <= from.y + 8; y += 1) {
    const date = validDate(y, month, day);
    if (date && compareDates(date, from) >= 0) return date;
  }
  return null;
}

/** The next "14th" on or after `from`. */
function nextDayOfMonth(day: number, from: DateValue): DateValue | null {
  for (let k = 0; k < 13; k += 1) {
    const month = ((from.m - 1 + k) % 12) + 1;
    const year = from.y + Math.floor((from.m - 1 + k) / 12);
    const date = validDate(year, month, day);
    if (date && compareDates(date, from) >= 0) return date;
  }
  return null;
}

/** The year in which `month` next starts or is under way. */
function nextMonthYear(month: number, reference: DateValue): number {
  return month >= reference.m ? reference.y : reference.y + 1;
}

function nthWeekdayOfMonth(y: number, m: number, weekdayIndex: number, nth: number): DateValue {
  const first = weekday({ y, m, d: 1 });
  return { y, m, d: 1 + ((weekdayIndex - first + 7) % 7) + (nth - 1) * 7 };
}

/** Gregorian Easter Sunday (anonymous algorithm). */
function easterSunday(y: number): DateValue {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
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
  return { y, m: month, d: day };
}
