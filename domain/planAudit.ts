// The rules a plan must keep to be something a traveler can act on, as checks that name each violation.
// Used by the plan-rules benchmark (bench/planRules.ts: 200 sample trips) and the tests; pure, so it also
// runs in the browser or a workflow if ever needed. Times are local ISO date-times at each airport, so
// comparisons on the destination's days use the destination's local clock throughout.
import { roomNeededFrom } from './offerSanity.js';
import type { FlightOffer, ItineraryDay, Money, TripPlan, TripRequest } from './trip.js';

export const planRules = [
  'dates_reversed_or_past',
  'offer_inbound_before_outbound',
  'activity_before_arrival',
  'activity_while_in_the_air',
  'activity_after_departure',
  'itinerary_contradicts_flight',
  'stay_not_matching_landing',
  'mixed_currency',
  'no_weather',
  'repeated_activity',
  'same_meal_every_day',
  'requested_day_trip_missing',
] as const;
export type PlanRule = (typeof planRules)[number];

export interface Violation {
  rule: PlanRule;
  detail: string;
}

export interface PlanAuditInput {
  request: TripRequest;
  plan: TripPlan | null;
  /** The trip's calendar "today" (YYYY-MM-DD) for the past-date rule. */
  today: string;
  /** The traveler's currency for this trip; every amount shown must be in it. */
  currency: string;
  /** Day trips the traveler asked for, in their words (default: interests such as "a day trip to Nikko"). */
  dayTrips?: string[];
}

/** "…, and a day trip to Nikko" → ["Nikko"]. */
export function requestedDayTrips(text: string): string[] {
  return [...text.matchAll(/day trip to ([A-Z][\p{L}'-]*(?: [A-Z][\p{L}'-]*)*)/gu)].map((match) => match[1] as string);
}

/** Minutes a traveler needs between leaving the day's activities and the flight home (transfer + airport). */
const MIN_BEFORE_DEPARTURE_MINUTES = 120;
/** Entry kinds that mean "the traveler is in town doing something". */
const IN_TOWN_KINDS = new Set(['activity', 'meal', 'stay']);

export function auditPlan(input: PlanAuditInput): Violation[] {
  const { request, plan } = input;
  const violations: Violation[] = [];
  const flag = (rule: PlanRule, detail: string) => violations.push({ rule, detail });

  if (request.departDate && request.departDate < input.today) flag('dates_reversed_or_past', `departs ${request.departDate}, before ${input.today}`);
  if (request.departDate && request.returnDate && request.returnDate < request.departDate) flag('dates_reversed_or_past', `returns ${request.returnDate} before departing ${request.departDate}`);
  if (!plan) return violations;

  for (const offer of plan.flightOptions) {
    const landed = offer.outbound.at(-1)?.arriveAt;
    const leaves = offer.inbound[0]?.departAt;
    if (landed && leaves && leaves <= landed) flag('offer_inbound_before_outbound', `${offer.id}: inbound ${leaves} before outbound lands ${landed}`);
  }

  const flight = plan.flightOptions.find((offer) => offer.id === plan.selectedFlightId) ?? null;
  if (flight) auditTimeline(plan.itinerary, flight, flag);
  const stay = plan.stayOptions.find((offer) => offer.id === plan.selectedStayId) ?? null;
  if (flight && stay && request.departDate) {
    const needed = roomNeededFrom(flight, request.departDate);
    if (stay.checkIn < needed) flag('stay_not_matching_landing', `pays from ${stay.checkIn}, first night needed ${needed} (lands ${flight.outbound.at(-1)?.arriveAt})`);
    if (stay.checkIn > needed) flag('stay_not_matching_landing', `no room until ${stay.checkIn}, needed from ${needed}`);
  }

  for (const money of moneyIn(plan)) {
    if (money.currency !== input.currency) {
      flag('mixed_currency', `${money.where}: ${money.amount} ${money.currency}, trip in ${input.currency}`);
      break; // one per plan: the count is of plans with mixed money
    }
  }

  for (const day of plan.itinerary) if (!day.weather) flag('no_weather', `day ${day.day} (${day.date})`);

  const seenActivities = new Map<string, number>();
  const lunches = new Set<string>();
  let lunchDays = 0;
  for (const day of plan.itinerary) {
    for (const entry of day.entries) {
      if (entry.kind === 'activity') {
        const previous = seenActivities.get(entry.title);
        if (previous !== undefined && previous !== day.day) flag('repeated_activity', `"${entry.title}" on days ${previous} and ${day.day}`);
        seenActivities.set(entry.title, day.day);
      }
      if (entry.kind === 'meal' && /lunch/i.test(entry.title)) {
        lunchDays += 1;
        lunches.add(`${entry.title}|${entry.description ?? ''}`);
      }
    }
  }
  if (lunchDays >= 3 && lunches.size === 1) flag('same_meal_every_day', `${lunchDays} identical lunches`);

  const dayTrips = input.dayTrips ?? request.interests.flatMap((interest) => requestedDayTrips(interest));
  for (const place of dayTrips) {
    if (!plan.itinerary.some((day) => day.title.toLowerCase().includes(place.toLowerCase()))) flag('requested_day_trip_missing', place);
  }
  return violations;
}

type Flag = (rule: PlanRule, detail: string) => void;

function auditTimeline(itinerary: ItineraryDay[], flight: FlightOffer, flag: Flag): void {
  const landing = flight.outbound.at(-1)?.arriveAt;
  const homeDeparture = flight.inbound[0]?.departAt;
  const flightNumbers = [...flight.outbound, ...flight.inbound].map((segment) => segment.flightNumber);
  const flightEntries = itinerary.flatMap((day) => day.entries.filter((entry) => entry.kind === 'flight'));
  // A flight entry that names a flight ("Flight JL 9 ORD → HND") must name one of the selected offer's;
  // entries such as "Land in Tokyo (HND)" name none.
  for (const entry of flightEntries) {
    const named = entry.title.match(/\b[A-Z0-9]{2} ?\d{1,4}\b/g) ?? [];
    const known = (token: string) => flightNumbers.some((number) => number.replace(' ', '') === token.replace(' ', ''));
    if (named.some((token) => !known(token))) flag('itinerary_contradicts_flight', `"${entry.title}" is not the selected flight`);
  }
  if (flight.outbound[0] && flightEntries.length === 0) flag('itinerary_contradicts_flight', 'the selected flight is not in the itinerary');

  for (const day of itinerary) {
    for (const entry of day.entries) {
      if (!IN_TOWN_KINDS.has(entry.kind) || !entry.time) continue;
      const at = `${day.date}T${entry.time}`;
      if (landing && day.date < landing.slice(0, 10)) flag('activity_while_in_the_air', `day ${day.day} ${entry.time} ${entry.title}`);
      else if (landing && at < landing) flag('activity_before_arrival', `day ${day.day} ${entry.time} ${entry.title} (lands ${landing})`);
      if (homeDeparture && day.date > homeDeparture.slice(0, 10)) flag('activity_after_departure', `day ${day.day} ${entry.time} ${entry.title}`);
      else if (homeDeparture && entry.kind !== 'stay' && minutesBetween(at, homeDeparture) < MIN_BEFORE_DEPARTURE_MINUTES) {
        flag('activity_after_departure', `day ${day.day} ${entry.time} ${entry.title} (flight home ${homeDeparture})`);
      }
    }
  }
}

/** Minutes from `from` to `to`, both local ISO date-times on the same clock. */
function minutesBetween(from: string, to: string): number {
  return (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 60_000;
}

function* moneyIn(plan: TripPlan): Generator<Money & { where: string }> {
  for (const offer of plan.flightOptions) yield { ...offer.price, where: `flight ${offer.id}` };
  for (const offer of plan.stayOptions) {
    yield { ...offer.totalPrice, where: `stay ${offer.id}` };
    yield { ...offer.pricePerNight, where: `stay ${offer.id} per night` };
  }
  if (plan.budget) {
    yield { ...plan.budget.total, where: 'budget total' };
    for (const line of plan.budget.lines) yield { ...line.amount, where: `budget ${line.category}` };
  }
  for (const day of plan.itinerary) for (const entry of day.entries) if (entry.cost) yield { ...entry.cost, where: `day ${day.day} ${entry.title}` };
}
