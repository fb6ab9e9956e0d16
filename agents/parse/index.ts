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
//
// One module per aspect (budget.ts, dayTrips.ts, duration.ts, travelers.ts, dates.ts, cabin.ts,
// places.ts, interests.ts), each reading and claiming its words in the shared WorkText (text.ts);
// this module runs them in order and assembles the TripRequest.
import { isIsoDate } from '../../contracts/primitives.js';
import { tripDateProblems, type TripDateProblem } from '../../domain/dates.js';
import { loadPlaces, type PlaceIndex } from '../../domain/places.js';
import { emptyTripRequest, type TripRequest } from '../../domain/trip.js';
import { extractBudget } from './budget.js';
import { extractCabinClass } from './cabin.js';
import { extractDates, resolveTripDates } from './dates.js';
import { extractDayTrips } from './dayTrips.js';
import { extractDuration, extractWeekendLength } from './duration.js';
import { extractInterests } from './interests.js';
import { clamp } from './numbers.js';
import { extractPlaces } from './places.js';
import { WorkText } from './text.js';
import { extractTravelers } from './travelers.js';

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
  const reference = options.referenceDate;
  if (!isIsoDate(reference)) throw new RangeError(`referenceDate must be a valid YYYY-MM-DD date, got "${reference}"`);
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
  const said = { departDate: trip.depart, returnDate: trip.return };
  // The dates as said must make a possible trip (domain/dates.ts); if not, none are taken, and the
  // problem (with what the traveler may have meant) goes back to the caller to tell them.
  const problems = tripDateProblems(said, { today: reference });
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
