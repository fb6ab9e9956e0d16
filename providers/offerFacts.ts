// Facts offered alongside a price so travelers can compare like with like: a stay's distance to the
// centre and its cancellation terms in one sentence. Shared by the Duffel and sandbox providers.
import { dateTimeFormat } from '../domain/dates.js';
import { distanceKm } from '../domain/places.js';
import type { StayCancellationPolicy } from '../domain/trip.js';

type Point = { latitude: number; longitude: number };

/** Straight-line distance from the searched centre, to 0.1 km (finer would be false precision). */
export function distanceToCentreKm(centre: Point, stay: Point): number {
  return Math.round(distanceKm(centre, stay) * 10) / 10;
}

/** "Jun 9, 2026, 18:00" as the clock in `timeZone` (default UTC) shows the instant. */
function formatDeadline(instant: string, timeZone = 'UTC'): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const text = dateTimeFormat('en', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return timeZone === 'UTC' ? `${text} UTC` : `${text} hotel time`;
}

/**
 * The terms as a policy: free cancellation until `fullRefundUntil`; after that (or without it) a partial
 * refund until `partialRefundUntil`; otherwise nothing back. Deadlines are ISO instants.
 */
export function cancellationPolicy(terms: { fullRefundUntil: string | null; partialRefundUntil: string | null; timeZone?: string }): StayCancellationPolicy {
  const { fullRefundUntil, partialRefundUntil, timeZone } = terms;
  if (fullRefundUntil) {
    const partly = partialRefundUntil && Date.parse(partialRefundUntil) > Date.parse(fullRefundUntil) ? `, then partly refundable until ${formatDeadline(partialRefundUntil, timeZone)}` : '';
    return { freeCancellationUntil: fullRefundUntil, refundable: true, summary: `Free cancellation until ${formatDeadline(fullRefundUntil, timeZone)}${partly}` };
  }
  if (partialRefundUntil) {
    return { freeCancellationUntil: null, refundable: true, summary: `Partly refundable until ${formatDeadline(partialRefundUntil, timeZone)}` };
  }
  return { freeCancellationUntil: null, refundable: false, summary: 'Non-refundable' };
}
