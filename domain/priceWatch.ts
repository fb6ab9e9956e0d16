// Price watch domain: what a watch observes, its alert criteria and the view its `getWatch` query returns.
// Plain types and constants only, so workflow code can import this module.
import type { FlightSearch, Money, StaySearch } from './trip.js';

export interface FlightWatchTarget extends FlightSearch {
  kind: 'flight';
}

export interface StayWatchTarget extends StaySearch {
  kind: 'stay';
  /** Watch one hotel by name; the cheapest hotel when omitted. */
  hotelName?: string | null;
}

export type WatchTarget = FlightWatchTarget | StayWatchTarget;

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
  /** Alerts are also POSTed here, signed with the watch's secret (X-TripSage-Signature: sha256=<hex>). */
  webhookUrl?: string | null;
  /** The watch ends at departure (start of departDate / checkIn, UTC) unless this is earlier. */
  expiresAt?: string | null;
  realertDropPercent?: number;
  maxChecksPerRun?: number;
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
}

export interface WatchAlert {
  alertId: string;
  reason: 'threshold' | 'new-low';
  price: Money;
  threshold: number;
  observedAt: string;
}

export interface WatchState {
  watchId: string;
  userId: string;
  tripId: string | null;
  target: WatchTarget;
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
  if (state.dropPercent !== null && state.referencePrice !== null) candidates.push(Math.round(state.referencePrice * (1 - state.dropPercent / 100) * 100) / 100);
  return candidates.length > 0 ? Math.max(...candidates) : null;
}

/** The instant a watch ends by itself: the start (UTC) of the departure or check-in day. */
export function departureInstant(target: WatchTarget): string {
  return `${target.kind === 'flight' ? target.departDate : target.checkIn}T00:00:00.000Z`;
}
