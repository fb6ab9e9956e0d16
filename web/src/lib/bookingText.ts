// A booking in the traveler's words: airline, route and dates; hotel and nights (never its id).
import type { FlightOffer, StayOffer } from '../api/types.js';
import { formatDate } from './format.js';

export function airlinesOf(flight: FlightOffer): string {
  return [...new Set([...flight.outbound, ...flight.inbound].map((segment) => segment.carrier.name))].join(', ');
}

/** "TAP Air Portugal JFK → LIS, 10 Mar – 17 Mar 2027" */
export function flightTitle(flight: FlightOffer): string {
  const first = flight.outbound[0];
  const last = flight.outbound.at(-1);
  const back = flight.inbound[0];
  const route = first && last ? `${first.origin} → ${last.destination}${back ? ' and back' : ''}` : '';
  const dates = first ? `${formatDate(first.departAt.slice(0, 10))}${back ? ` – ${formatDate(back.departAt.slice(0, 10))}` : ''}` : '';
  return `${airlinesOf(flight)} ${route}, ${dates}`.trim();
}

/** "Hotel Avenida, 7 nights from 10 Mar 2027" */
export function stayTitle(stay: StayOffer): string {
  return `${stay.name}, ${stay.nights} night${stay.nights === 1 ? '' : 's'} from ${formatDate(stay.checkIn)}`;
}

export function bookingTitle(booking: { flight: FlightOffer | null; stay: StayOffer | null }): string {
  return [booking.flight ? flightTitle(booking.flight) : null, booking.stay ? stayTitle(booking.stay) : null].filter(Boolean).join(' · ') || 'Booking';
}
