// A price watch as its PriceWatch row's columns: written by the API when it creates a watch, and by the
// watch's registration activity otherwise (both must store the same thing).
import { ANY_FLIGHT, type WatchMatch, type WatchTarget } from './priceWatch.js';

/** A PriceWatch row's columns for a watch (the API writes it first; the workflow's registration otherwise). */
export function priceWatchRow(input: {
  watchId: string;
  userId: string;
  tripId: string | null;
  target: WatchTarget;
  match?: WatchMatch;
  targetPrice: number | null;
  dropPercent: number | null;
  currency: string | null;
  cadenceMinutes: number;
  webhookUrl: string | null;
  webhookSecret: string | null;
  workflowId: string | null;
}) {
  const { target } = input;
  return {
    id: input.watchId,
    userId: input.userId,
    tripId: input.tripId,
    kind: target.kind,
    origin: target.kind === 'flight' ? target.origin : null,
    destination: target.kind === 'flight' ? target.destination : target.cityCode,
    departDate: new Date(`${target.kind === 'flight' ? target.departDate : target.checkIn}T00:00:00Z`),
    returnDate: target.kind === 'flight' ? (target.returnDate ? new Date(`${target.returnDate}T00:00:00Z`) : null) : new Date(`${target.checkOut}T00:00:00Z`),
    cabinClass: target.kind === 'flight' ? target.cabinClass : null,
    adults: target.adults,
    match: JSON.parse(JSON.stringify(input.match ?? ANY_FLIGHT)) as object,
    targetPrice: input.targetPrice,
    dropPercent: input.dropPercent,
    currency: input.currency ?? 'EUR',
    cadenceMinutes: storedCadence(input.cadenceMinutes),
    webhookUrl: input.webhookUrl,
    webhookSecret: input.webhookSecret,
    workflowId: input.workflowId,
  };
}

/** The column is whole minutes; sub-minute test cadences are stored as 1. */
export function storedCadence(minutes: number): number {
  return Math.max(1, Math.round(minutes));
}
