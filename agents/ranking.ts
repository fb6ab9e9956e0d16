// Deterministic ranking of provider offers. Scores are "effective cost" in EUR: the price plus a money
// value for what makes an offer worse (time in transit, stops, weak reviews, distance from the centre).
import { distanceKm } from '../domain/places.js';
import type { FlightOffer, FlightSegment, StayOffer } from '../domain/trip.js';
import { convert } from './knowledge.js';

/** What an hour in transit and a stop are worth per traveler, in EUR. */
const HOUR_VALUE_EUR = 12;
const STOP_PENALTY_EUR = 35;

export function flightScore(offer: FlightOffer, travelers: number): number {
  const price = convert(offer.price, 'EUR').amount;
  const people = Math.max(1, travelers);
  return price + (offer.totalDurationMinutes / 60) * HOUR_VALUE_EUR * people + offer.stops * STOP_PENALTY_EUR * people;
}

/** Best first: cheap, short, few stops; ties broken by id for stable output. */
export function rankFlights(offers: readonly FlightOffer[], travelers: number): FlightOffer[] {
  return [...offers].sort((a, b) => flightScore(a, travelers) - flightScore(b, travelers) || a.id.localeCompare(b.id));
}

export function stayScore(offer: StayOffer, center: { latitude: number; longitude: number } | null): number {
  const price = convert(offer.totalPrice, 'EUR').amount;
  const review = offer.reviewScore ?? offer.rating * 1.8;
  const quality = Math.min(1.35, Math.max(0.65, 1 - 0.06 * (review - 7.5) - 0.04 * (offer.rating - 3)));
  const km = center ? distanceKm(center, offer) : 0;
  return price * quality + Math.min(km, 30) * 6 * Math.max(1, offer.nights);
}

/** Best value first: price weighted by reviews and stars, plus distance from the centre when known. */
export function rankStays(offers: readonly StayOffer[], center: { latitude: number; longitude: number } | null): StayOffer[] {
  return [...offers].sort((a, b) => stayScore(a, center) - stayScore(b, center) || a.id.localeCompare(b.id));
}

export function flightCarriers(offer: FlightOffer): string {
  return [...new Set([...offer.outbound, ...offer.inbound].map((segment) => segment.carrier.name))].join(' / ');
}

/** "U2367" whether the provider gives "U2367", "367" or "U2 367". */
export function flightNumber(segment: FlightSegment): string {
  const number = segment.flightNumber.replace(/\s+/g, '');
  return number.toUpperCase().startsWith(segment.carrier.code.toUpperCase()) ? number : `${segment.carrier.code}${number}`;
}

export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours}h` : `${hours}h${String(rest).padStart(2, '0')}`;
}

export function stopsLabel(stops: number): string {
  return stops === 0 ? 'nonstop' : stops === 1 ? '1 stop' : `${stops} stops`;
}
