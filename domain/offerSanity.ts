// Sanity rules every provider offer passes before it can reach a plan: an offer that cannot be flown or
// stayed as the traveler asked (a return that leaves before the outbound lands, the wrong day, a zero or
// unknown-currency price) is dropped, whichever provider produced it. Pure: no I/O, no clock.
//
// Times: segments carry local date-times at their own airport, so only times at the same place are
// compared directly (a connection's arrival and next departure at the hub, the outbound's arrival and the
// inbound's departure at the destination). A segment's own departure/arrival are in two time zones and
// are only checked against its duration within the widest possible offset difference (26 h).
// Dates: ±0 days — the outbound departs (local) on the requested depart date and the inbound on the
// requested return date; a provider's "nearby dates" results are rejected rather than silently shifting the trip.
import { addDays, daysBetween } from './dates.js';
import { isIsoDate } from '../contracts/primitives.js';
import type { FlightOffer, FlightSegment, Money, StayOffer, TripRequest } from './trip.js';

/** Least time at the destination between the outbound's arrival and the inbound's departure. */
export const MIN_STAY_AT_DESTINATION_MINUTES = 4 * 60;
/** Local clocks differ by at most 26 h (UTC−12 … UTC+14). */
const MAX_ZONE_OFFSET_SPREAD_MINUTES = 26 * 60;

export const flightRejections = [
  'no_outbound',
  'bad_segment',
  'segments_out_of_order',
  'wrong_depart_date',
  'wrong_return_date',
  'missing_inbound',
  'unexpected_inbound',
  'inbound_too_soon',
  'bad_price',
  'unknown_currency',
] as const;
export const stayRejections = ['bad_dates', 'outside_trip', 'no_nights', 'nights_mismatch', 'bad_price', 'unknown_currency'] as const;

export type FlightRejection = (typeof flightRejections)[number];
export type StayRejection = (typeof stayRejections)[number];

/** The dates the traveler asked for (request or search). */
export interface TripDates {
  departDate: string;
  returnDate: string | null;
}

export type Verdict<Reason extends string> = { ok: true } | { ok: false; reason: Reason };

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/;

/** Minutes since 1970-01-01 00:00 of a local date-time read as a wall clock ("2026-12-10T08:35"), or null. */
export function wallClockMinutes(dateTime: string): number | null {
  const match = LOCAL_DATE_TIME.exec(dateTime);
  if (!match?.[1] || !isIsoDate(match[1])) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 23 || minutes > 59) return null;
  return daysBetween('1970-01-01', match[1]) * 1_440 + hours * 60 + minutes;
}

let currencies: ReadonlySet<string> | undefined;

/** ISO 4217 codes this runtime knows (Intl's list), built on first use. */
export function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

function priceProblem(price: Money): 'bad_price' | 'unknown_currency' | null {
  if (!Number.isFinite(price.amount) || price.amount <= 0) return 'bad_price';
  if (!isKnownCurrency(price.currency)) return 'unknown_currency';
  return null;
}

function sliceProblem(segments: readonly FlightSegment[]): 'bad_segment' | 'segments_out_of_order' | null {
  for (const [index, segment] of segments.entries()) {
    const departs = wallClockMinutes(segment.departAt);
    const arrives = wallClockMinutes(segment.arriveAt);
    if (departs === null || arrives === null || !(segment.durationMinutes > 0)) return 'bad_segment';
    // Local arrival − local departure = duration + (destination offset − origin offset).
    if (Math.abs(arrives - departs - segment.durationMinutes) > MAX_ZONE_OFFSET_SPREAD_MINUTES) return 'segments_out_of_order';
    const previous = segments[index - 1];
    if (previous) {
      const landed = wallClockMinutes(previous.arriveAt);
      // Both local to the connecting airport (or city): the next leg leaves after the previous one lands.
      if (landed === null || departs < landed) return 'segments_out_of_order';
    }
  }
  return null;
}

export function checkFlightOffer(offer: FlightOffer, trip: TripDates): Verdict<FlightRejection> {
  const reject = (reason: FlightRejection): Verdict<FlightRejection> => ({ ok: false, reason });
  const outboundFirst = offer.outbound[0];
  const outboundLast = offer.outbound.at(-1);
  if (!outboundFirst || !outboundLast) return reject('no_outbound');
  const problem = sliceProblem(offer.outbound) ?? sliceProblem(offer.inbound);
  if (problem) return reject(problem);
  if (outboundFirst.departAt.slice(0, 10) !== trip.departDate) return reject('wrong_depart_date');

  const inboundFirst = offer.inbound[0];
  if (trip.returnDate === null) {
    if (inboundFirst) return reject('unexpected_inbound');
  } else {
    if (!inboundFirst) return reject('missing_inbound');
    if (inboundFirst.departAt.slice(0, 10) !== trip.returnDate) return reject('wrong_return_date');
    // Both local to the destination: the way home leaves a minimum stay after the way out lands.
    const landed = wallClockMinutes(outboundLast.arriveAt) ?? Number.POSITIVE_INFINITY;
    const leaves = wallClockMinutes(inboundFirst.departAt) ?? Number.NEGATIVE_INFINITY;
    if (leaves - landed < MIN_STAY_AT_DESTINATION_MINUTES) return reject('inbound_too_soon');
  }
  const price = priceProblem(offer.price);
  return price ? reject(price) : { ok: true };
}

export function checkStayOffer(offer: StayOffer, trip: TripDates): Verdict<StayRejection> {
  const reject = (reason: StayRejection): Verdict<StayRejection> => ({ ok: false, reason });
  if (!isIsoDate(offer.checkIn) || !isIsoDate(offer.checkOut)) return reject('bad_dates');
  const tripEnd = trip.returnDate ?? offer.checkOut;
  if (offer.checkIn < trip.departDate || offer.checkOut > tripEnd) return reject('outside_trip');
  const nights = daysBetween(offer.checkIn, offer.checkOut);
  if (nights <= 0 || !(offer.nights > 0)) return reject('no_nights');
  if (offer.nights !== nights) return reject('nights_mismatch');
  const price = priceProblem(offer.pricePerNight) ?? priceProblem(offer.totalPrice);
  return price ? reject(price) : { ok: true };
}

export interface Rejected<Offer, Reason extends string> {
  offer: Offer;
  reason: Reason;
}

/** Splits offers into those that pass `check` and those rejected, with the first rule each broke. */
export function partitionOffers<Offer, Reason extends string>(
  offers: readonly Offer[],
  check: (offer: Offer) => Verdict<Reason>,
): { accepted: Offer[]; rejected: Rejected<Offer, Reason>[] } {
  const accepted: Offer[] = [];
  const rejected: Rejected<Offer, Reason>[] = [];
  for (const offer of offers) {
    const verdict = check(offer);
    if (verdict.ok) accepted.push(offer);
    else rejected.push({ offer, reason: verdict.reason });
  }
  return { accepted, rejected };
}

/** Landing before this hour means the room is booked from the night before (a bed at 02:00, not at 15:00). */
const NIGHT_LANDING_BEFORE_HOUR = 6;

/**
 * The night the traveler first needs a room for `flight`: the landing date, or the night before for a
 * landing in the small hours; never before the departure. An overnight long-haul flight that lands two
 * days later does not pay for nights spent in the air.
 */
export function roomNeededFrom(flight: FlightOffer, departDate: string): string {
  const landing = flight.outbound.at(-1)?.arriveAt;
  if (!landing) return departDate;
  const landingDate = landing.slice(0, 10);
  const hour = Number(landing.slice(11, 13));
  const needed = hour < NIGHT_LANDING_BEFORE_HOUR ? addDays(landingDate, -1) : landingDate;
  return needed > departDate ? needed : departDate;
}

/**
 * The request to search stays with, given the trip's flight: from the night the traveler first needs a
 * room, while that is before the return; the request as it is without a flight or dates.
 */
export function stayRequestAfter(request: TripRequest, flight: FlightOffer | null | undefined): TripRequest {
  const { departDate, returnDate } = request;
  if (!flight || !departDate || !returnDate) return request;
  const checkIn = roomNeededFrom(flight, departDate);
  return checkIn < returnDate ? { ...request, departDate: checkIn } : request;
}

/** A stay fits a flight when its first night is the one the traveler first needs (no unused night, no night without a room). */
export function stayFitsFlight(stay: StayOffer, flight: FlightOffer, departDate: string): boolean {
  return stay.checkIn === roomNeededFrom(flight, departDate);
}
