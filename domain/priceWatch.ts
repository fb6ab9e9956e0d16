// Price watch domain: what a watch observes, its alert criteria and the view its `getWatch` query returns.
// Plain types and constants only, so workflow code can import this module.
import type { CabinClass, FlightOffer, FlightSearch, FlightSegment, Money, StaySearch } from './trip.js';
import { roundToCents } from '../contracts/primitives.js';

export interface FlightWatchTarget extends FlightSearch {
  kind: 'flight';
}

export interface StayWatchTarget extends StaySearch {
  kind: 'stay';
  /** Watch one hotel by name; the cheapest hotel when omitted. */
  hotelName?: string | null;
}

export type WatchTarget = FlightWatchTarget | StayWatchTarget;

// ---- Which flight a watch quotes ----

/** One flight of an itinerary as travelers know it: who flies it, from where to where, when (local time). */
export interface FlightSegmentIdentity {
  carrierCode: string;
  flightNumber: string;
  origin: string;
  destination: string;
  /** Local departure date-time at the origin, e.g. 2026-12-10T08:35. */
  departAt: string;
}

/** An itinerary (outbound and inbound flights, cabin): what an exact watch tracks, whatever its offer id or price. */
export interface FlightIdentity {
  cabinClass: CabinClass;
  outbound: FlightSegmentIdentity[];
  inbound: FlightSegmentIdentity[];
}

/** What "any flight on this route" may be narrowed to (the cabin is the target's). */
export interface AnyFlightCriteria {
  maxStops?: number | null;
  maxDurationMinutes?: number | null;
  /** Outbound departure window, local time HH:MM (inclusive). */
  departAfter?: string | null;
  departBefore?: string | null;
}

/**
 * `exact`: the watch was created from an offer and quotes only that itinerary (no match on a check → "not
 * offered", no alert). `any`: the cheapest offer on the route that meets the criteria (stays: always any).
 */
export type WatchMatch = { mode: 'exact'; flight: FlightIdentity } | { mode: 'any'; criteria: AnyFlightCriteria };

export const ANY_FLIGHT: WatchMatch = { mode: 'any', criteria: {} };

/** Schedule changes move departures a little; an exact watch still recognises its flight within this. */
export const DEPARTURE_TOLERANCE_MINUTES = 15;

/** What a price point quotes: the offer's identity, its provider offer id and a one-line summary. */
export interface QuotedFlight extends FlightIdentity {
  offerId: string;
  summary: string;
}

const segmentIdentity = (segment: FlightSegment): FlightSegmentIdentity => ({
  carrierCode: segment.carrier.code,
  flightNumber: segment.flightNumber,
  origin: segment.origin,
  destination: segment.destination,
  departAt: segment.departAt.slice(0, 16),
});

export function flightIdentityOf(offer: FlightOffer): FlightIdentity {
  return { cabinClass: offer.cabinClass, outbound: offer.outbound.map(segmentIdentity), inbound: offer.inbound.map(segmentIdentity) };
}

/** "JL5 JFK 11:00→HND · JL6 HND 10:40→JFK": flight numbers and local departure times, outbound then inbound. */
export function describeFlightIdentity(identity: Pick<FlightIdentity, 'outbound' | 'inbound'>): string {
  const leg = (segments: FlightSegmentIdentity[]) => segments.map((segment) => `${segment.flightNumber} ${segment.origin} ${segment.departAt.slice(0, 10)} ${segment.departAt.slice(11, 16)}→${segment.destination}`).join(', ');
  return [leg(identity.outbound), leg(identity.inbound)].filter(Boolean).join(' · ');
}

export function quotedFlightOf(offer: FlightOffer): QuotedFlight {
  const identity = flightIdentityOf(offer);
  return { ...identity, offerId: offer.id, summary: `${describeFlightIdentity(identity)} (${offer.stops} stop${offer.stops === 1 ? '' : 's'})` };
}

/** The watch target an offer describes: its route, dates and cabin, for these travelers. */
export function flightWatchTargetOf(offer: FlightOffer, travelers: { adults: number; children: number }): FlightWatchTarget {
  const first = offer.outbound[0];
  const last = offer.outbound.at(-1);
  return {
    kind: 'flight',
    origin: first?.origin ?? '',
    destination: last?.destination ?? '',
    departDate: first?.departAt.slice(0, 10) ?? '',
    returnDate: offer.inbound[0]?.departAt.slice(0, 10) ?? null,
    cabinClass: offer.cabinClass,
    adults: travelers.adults,
    children: travelers.children,
  };
}

/** Minutes between two local date-times (both read in the same, arbitrary, zone). */
function minutesApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a.slice(0, 16)}Z`) - Date.parse(`${b.slice(0, 16)}Z`)) / 60_000;
}

function sameSegments(offered: FlightSegmentIdentity[], watched: FlightSegmentIdentity[], toleranceMinutes: number): boolean {
  return (
    offered.length === watched.length &&
    offered.every((segment, index) => {
      const other = watched[index]!;
      return (
        segment.carrierCode === other.carrierCode &&
        segment.flightNumber === other.flightNumber &&
        segment.origin === other.origin &&
        segment.destination === other.destination &&
        minutesApart(segment.departAt, other.departAt) <= toleranceMinutes
      );
    })
  );
}

/** Whether an offer is the watched itinerary: same cabin, carriers, flight numbers and airports, departures within the tolerance. */
export function isSameFlight(offer: FlightOffer, identity: FlightIdentity, toleranceMinutes = DEPARTURE_TOLERANCE_MINUTES): boolean {
  const offered = flightIdentityOf(offer);
  return offered.cabinClass === identity.cabinClass && sameSegments(offered.outbound, identity.outbound, toleranceMinutes) && sameSegments(offered.inbound, identity.inbound, toleranceMinutes);
}

export function meetsCriteria(offer: FlightOffer, criteria: AnyFlightCriteria): boolean {
  if (criteria.maxStops !== undefined && criteria.maxStops !== null && offer.stops > criteria.maxStops) return false;
  if (criteria.maxDurationMinutes !== undefined && criteria.maxDurationMinutes !== null && offer.totalDurationMinutes > criteria.maxDurationMinutes) return false;
  const departs = offer.outbound[0]?.departAt.slice(11, 16);
  if (criteria.departAfter && (!departs || departs < criteria.departAfter)) return false;
  if (criteria.departBefore && (!departs || departs > criteria.departBefore)) return false;
  return true;
}

/** The offer a check quotes: the watched itinerary (the cheapest fare of it), or the cheapest offer meeting the criteria; null when none. */
export function pickWatchedFlight(offers: FlightOffer[], match: WatchMatch): FlightOffer | null {
  const eligible = offers.filter((offer) => (match.mode === 'exact' ? isSameFlight(offer, match.flight) : meetsCriteria(offer, match.criteria)));
  return eligible.sort((a, b) => a.price.amount - b.price.amount)[0] ?? null;
}

export const watchStatuses = ['active', 'paused', 'expired', 'stopped'] as const; // = price_watch_status enum
export type WatchStatus = (typeof watchStatuses)[number];

/** Cadence bounds. Sub-minute cadences exist for tests and benchmarks; the API may demand more. */
export const MIN_CADENCE_MINUTES = 0.05;
export const MAX_CADENCE_MINUTES = 7 * 24 * 60;
export const DEFAULT_CADENCE_MINUTES = 360;
/** After an alert, only a price this much below the alerted one alerts again before the watch re-arms. */
export const DEFAULT_REALERT_DROP_PERCENT = 5;
/** Bounds history: the workflow continues as new after this many checks (or when Temporal suggests it). */
export const DEFAULT_MAX_CHECKS_PER_RUN = 100;

export interface PriceWatchInput {
  watchId: string;
  userId: string;
  tripId?: string | null;
  target: WatchTarget;
  /** Alert when the price is at or below this amount. */
  targetPrice?: number | null;
  /** Alert when the price is this many percent below the reference (the first price seen, or the price when it was set). */
  dropPercent?: number | null;
  /** Currency of targetPrice; the first observed price's currency when omitted. */
  currency?: string | null;
  cadenceMinutes?: number;
  /** Alerts are also POSTed here, signed with the watch's secret per Standard Webhooks (docs/webhooks.md). */
  webhookUrl?: string | null;
  /** The watch ends at departure (start of departDate / checkIn, UTC) unless this is earlier. */
  expiresAt?: string | null;
  realertDropPercent?: number;
  maxChecksPerRun?: number;
  /** Which flight(s) a flight watch quotes; `any` without criteria when omitted (and for stays). */
  match?: WatchMatch;
  /** State carried across continue-as-new. */
  carried?: WatchState;
}

export interface WatchChange {
  targetPrice?: number | null;
  dropPercent?: number | null;
  cadenceMinutes?: number;
}

export interface PriceObservation {
  price: Money;
  offerId: string;
  observedAt: string;
  summary: string;
  /** The flight quoted (flight watches checked since quoted-flight tracking). */
  flight?: QuotedFlight | null;
}

export interface WatchAlert {
  alertId: string;
  reason: 'threshold' | 'new-low';
  price: Money;
  threshold: number;
  observedAt: string;
  /** The offer the alert is about: "book now" books exactly this quote. */
  offerId?: string;
  flight?: QuotedFlight | null;
}

export interface WatchState {
  watchId: string;
  userId: string;
  tripId: string | null;
  target: WatchTarget;
  match: WatchMatch;
  status: WatchStatus;
  targetPrice: number | null;
  dropPercent: number | null;
  /** The price a percent drop is measured from. */
  referencePrice: number | null;
  currency: string | null;
  cadenceMinutes: number;
  webhookUrl: string | null;
  realertDropPercent: number;
  expiresAt: string;
  /** Unjittered schedule the next check is planned on (anchor + k · cadence). */
  nextGridAt: string;
  /** When the next check fires (grid + deterministic jitter). */
  nextCheckAt: string;
  checks: number;
  failedChecks: number;
  /** Checks on which an exact watch's flight was not offered (no price, no alert). */
  notOfferedChecks: number;
  runs: number;
  lastPrice: PriceObservation | null;
  lowestPrice: Money | null;
  /** Alerting is armed until an alert fires; it re-arms once the price is back above the threshold. */
  armed: boolean;
  lastAlert: WatchAlert | null;
  alerts: number;
  webhook: { delivered: number; failed: number; lastError: string | null };
  lastError: string | null;
  recent: { at: string; amount: number }[];
}

/**
 * The alert threshold: the higher of the target price and the reference price less the drop percent
 * (either criterion met alerts); null when no criterion is set.
 */
export function alertThreshold(state: Pick<WatchState, 'targetPrice' | 'dropPercent' | 'referencePrice'>): number | null {
  const candidates: number[] = [];
  if (state.targetPrice !== null) candidates.push(state.targetPrice);
  if (state.dropPercent !== null && state.referencePrice !== null) candidates.push(roundToCents(state.referencePrice * (1 - state.dropPercent / 100)));
  return candidates.length > 0 ? Math.max(...candidates) : null;
}

/** The instant a watch ends by itself: the start (UTC) of the departure or check-in day. */
export function departureInstant(target: WatchTarget): string {
  return `${target.kind === 'flight' ? target.departDate : target.checkIn}T00:00:00.000Z`;
}
