// Comparing offers in the browser. Flights: per-direction facts (duration, layovers), sorting, filters and
// the best/cheapest/fastest labels. Stays: sorting (price, rating, distance to the centre) and filters
// (price per night, free cancellation, stars). Pure functions over the plan's offers, tested with jest.
import type { FlightOffer, FlightSegment, StayOffer } from '../api/types.js';

export interface Layover {
  airport: string;
  minutes: number;
}

export interface Direction {
  label: 'Out' | 'Back';
  segments: FlightSegment[];
  /** Flying time plus layovers, door of the first aircraft to door of the last. */
  durationMinutes: number;
  stops: number;
  layovers: Layover[];
}

/** Minutes between two local times at the same airport ("YYYY-MM-DDTHH:MM"): a layover never crosses zones. */
function minutesBetweenLocal(from: string, to: string): number {
  return Math.round((Date.parse(`${to}:00Z`) - Date.parse(`${from}:00Z`)) / 60_000);
}

export function directionOf(label: Direction['label'], segments: FlightSegment[]): Direction {
  const layovers = segments.slice(1).map((segment, index) => ({ airport: segment.origin, minutes: Math.max(0, minutesBetweenLocal(segments[index]!.arriveAt, segment.departAt)) }));
  const flying = segments.reduce((sum, segment) => sum + segment.durationMinutes, 0);
  return { label, segments, durationMinutes: flying + layovers.reduce((sum, layover) => sum + layover.minutes, 0), stops: Math.max(0, segments.length - 1), layovers };
}

/** The offer's directions: outbound, then the return when there is one. */
export function directionsOf(offer: FlightOffer): Direction[] {
  const directions = [directionOf('Out', offer.outbound)];
  if (offer.inbound.length > 0) directions.push(directionOf('Back', offer.inbound));
  return directions;
}

/** "7 h 10 m", "45 m". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (hours === 0) return `${rest} m`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} m`;
}

/** "Nonstop", "1 stop", "2 stops". */
export function stopsCountText(stops: number): string {
  return stops === 0 ? 'Nonstop' : `${stops} stop${stops === 1 ? '' : 's'}`;
}

/** "Nonstop", "1 stop · 1 h 35 m in MAD", "2 stops · 1 h in MAD, 2 h 5 m in FRA". */
export function stopsText(direction: Direction): string {
  if (direction.stops === 0) return 'Nonstop';
  const where = direction.layovers.map((layover) => `${formatDuration(layover.minutes)} in ${layover.airport}`).join(', ');
  return `${stopsCountText(direction.stops)} · ${where}`;
}

/** Journey time over all directions (per-direction durations summed, not the span of the whole trip). */
export function travelMinutes(offer: FlightOffer): number {
  return directionsOf(offer).reduce((sum, direction) => sum + direction.durationMinutes, 0);
}

export const flightSorts = ['price', 'duration', 'departure'] as const;
export type FlightSort = (typeof flightSorts)[number];
export const flightSortLabels: Record<FlightSort, string> = { price: 'Price (lowest first)', duration: 'Duration (shortest first)', departure: 'Departure time (earliest first)' };

/** Local departure minutes after midnight of the outbound's first flight. */
function departureMinuteOfDay(offer: FlightOffer): number {
  const match = /T(\d{2}):(\d{2})/.exec(offer.outbound[0]?.departAt ?? '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
}

export function sortFlights(offers: readonly FlightOffer[], sort: FlightSort): FlightOffer[] {
  const key: Record<FlightSort, (offer: FlightOffer) => number> = {
    price: (offer) => offer.price.amount,
    duration: travelMinutes,
    departure: (offer) => Date.parse(`${offer.outbound[0]?.departAt ?? '9999-12-31T23:59'}:00Z`),
  };
  // Ties go to the cheaper, then the shorter offer, so the order is stable across renders.
  return [...offers].sort((a, b) => key[sort](a) - key[sort](b) || a.price.amount - b.price.amount || travelMinutes(a) - travelMinutes(b) || a.id.localeCompare(b.id));
}

export const departureWindows = ['morning', 'afternoon', 'evening'] as const;
export type DepartureWindow = (typeof departureWindows)[number];
export const departureWindowLabels: Record<DepartureWindow, string> = { morning: 'Morning (5:00–11:59)', afternoon: 'Afternoon (12:00–17:59)', evening: 'Evening and night (18:00–4:59)' };

/** The outbound departure's window (local time at the origin airport). */
export function departureWindowOf(offer: FlightOffer): DepartureWindow {
  const minute = departureMinuteOfDay(offer);
  if (minute >= 5 * 60 && minute < 12 * 60) return 'morning';
  if (minute >= 12 * 60 && minute < 18 * 60) return 'afternoon';
  return 'evening';
}

export interface FlightFilters {
  /** Most stops per direction; null: any. */
  maxStops: number | null;
  /** Outbound departure windows to show; empty: all. */
  windows: DepartureWindow[];
  /** Airline codes to show (an offer shows when all its airlines are among them); empty: all. */
  airlines: string[];
}

export const noFlightFilters: FlightFilters = { maxStops: null, windows: [], airlines: [] };

export function airlinesOf(offer: FlightOffer): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const segment of [...offer.outbound, ...offer.inbound]) if (!seen.has(segment.carrier.code)) seen.set(segment.carrier.code, segment.carrier.name);
  return [...seen].map(([code, name]) => ({ code, name }));
}

/** Every airline in the offers, by name. */
export function airlineChoices(offers: readonly FlightOffer[]): { code: string; name: string }[] {
  const all = new Map<string, string>();
  for (const offer of offers) for (const airline of airlinesOf(offer)) all.set(airline.code, airline.name);
  return [...all].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function filterFlights(offers: readonly FlightOffer[], filters: FlightFilters): FlightOffer[] {
  return offers.filter((offer) => {
    if (filters.maxStops !== null && directionsOf(offer).some((direction) => direction.stops > filters.maxStops!)) return false;
    if (filters.windows.length > 0 && !filters.windows.includes(departureWindowOf(offer))) return false;
    if (filters.airlines.length > 0 && !airlinesOf(offer).every((airline) => filters.airlines.includes(airline.code))) return false;
    return true;
  });
}

export type FlightLabel = 'best' | 'cheapest' | 'fastest';

export const BEST_EXPLAINED = 'Best balances price and travel time equally: each flight scores its price divided by the cheapest price plus its travel time divided by the shortest; the lowest score is best.';

/**
 * Labels for the offers shown: the cheapest, the fastest (least travel time) and the best (lowest
 * price/cheapest + time/fastest, ties to the cheaper). One offer can carry several labels.
 */
export function flightLabels(offers: readonly FlightOffer[]): Map<string, FlightLabel[]> {
  const labels = new Map<string, FlightLabel[]>();
  if (offers.length === 0) return labels;
  const add = (offer: FlightOffer, label: FlightLabel) => labels.set(offer.id, [...(labels.get(offer.id) ?? []), label]);
  const cheapest = sortFlights(offers, 'price')[0]!;
  const fastest = sortFlights(offers, 'duration')[0]!;
  const minPrice = Math.max(cheapest.price.amount, 0.01);
  const minMinutes = Math.max(travelMinutes(fastest), 1);
  const score = (offer: FlightOffer) => offer.price.amount / minPrice + travelMinutes(offer) / minMinutes;
  const best = [...offers].sort((a, b) => score(a) - score(b) || a.price.amount - b.price.amount)[0]!;
  add(best, 'best');
  add(cheapest, 'cheapest');
  add(fastest, 'fastest');
  return labels;
}

export const staySorts = ['price', 'rating', 'distance'] as const;
export type StaySort = (typeof staySorts)[number];
export const staySortLabels: Record<StaySort, string> = { price: 'Price (lowest first)', rating: 'Rating (highest first)', distance: 'Distance to the centre (closest first)' };

/** Stars first, then the guests' review score (none counts lowest). */
function ratingOf(offer: StayOffer): number {
  return offer.rating * 100 + (offer.reviewScore ?? -1);
}

export function sortStays(offers: readonly StayOffer[], sort: StaySort): StayOffer[] {
  const key: Record<StaySort, (offer: StayOffer) => number> = {
    price: (offer) => offer.totalPrice.amount,
    rating: (offer) => -ratingOf(offer),
    // A stay whose distance is unknown goes last.
    distance: (offer) => offer.distanceToCentreKm ?? Number.POSITIVE_INFINITY,
  };
  // Ties go to the cheaper, then the better rated offer, so the order is stable across renders.
  return [...offers].sort((a, b) => compareKeys(key[sort](a), key[sort](b)) || a.totalPrice.amount - b.totalPrice.amount || ratingOf(b) - ratingOf(a) || a.id.localeCompare(b.id));
}

/** Ascending; two unknown distances (both Infinity) are equal, where subtracting them would give NaN. */
function compareKeys(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

export interface StayFilters {
  /** Most per night, in the offers' (the trip's) currency; null: any price. */
  maxPerNight: number | null;
  /** Only stays that can be cancelled for a full refund. */
  freeCancellation: boolean;
  /** Fewest stars; null: any rating (unrated stays included). */
  minStars: number | null;
}

export const noStayFilters: StayFilters = { maxPerNight: null, freeCancellation: false, minStars: null };

/** Whether the stay can be cancelled for a full refund (its terms say so; unknown terms do not count). */
export function hasFreeCancellation(offer: StayOffer): boolean {
  return offer.cancellationPolicy?.refundable === true;
}

export function filterStays(offers: readonly StayOffer[], filters: StayFilters): StayOffer[] {
  return offers.filter((offer) => {
    // Half a cent of slack: "at most 120" keeps a stay at 120.004 after currency conversion.
    if (filters.maxPerNight !== null && offer.pricePerNight.amount > filters.maxPerNight + 0.005) return false;
    if (filters.freeCancellation && !hasFreeCancellation(offer)) return false;
    if (filters.minStars !== null && offer.rating < filters.minStars) return false;
    return true;
  });
}

/** How many filters are on (the "Filters" button says so while they are folded away). */
export function activeStayFilters(filters: StayFilters): number {
  return (filters.maxPerNight !== null ? 1 : 0) + (filters.freeCancellation ? 1 : 0) + (filters.minStars !== null ? 1 : 0);
}

export function activeFlightFilters(filters: FlightFilters): number {
  return (filters.maxStops !== null ? 1 : 0) + (filters.windows.length > 0 ? 1 : 0) + (filters.airlines.length > 0 ? 1 : 0);
}
