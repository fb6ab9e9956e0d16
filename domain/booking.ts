// Booking saga domain: the workflow's input, decisions and the view its `getBooking` query returns.
// Plain types, constants and pure functions only, so workflow code can import this module.
import type { FlightOffer, Money, StayOffer } from './trip.js';
import { roundToCents } from '../contracts/primitives.js';

/** Forward steps in order (the saga), then the compensations that undo them. */
export const bookingForwardSteps = ['validate', 'hold-flight', 'reserve-stay', 'charge', 'confirm'] as const;
export const bookingCompensationSteps = ['release-flight-hold', 'cancel-stay', 'refund'] as const;
export type BookingForwardStep = (typeof bookingForwardSteps)[number];
export type BookingCompensationStep = (typeof bookingCompensationSteps)[number];
export type BookingStep = BookingForwardStep | BookingCompensationStep;

/** The compensation registered before each forward step that has a side effect. */
export const compensationOf = {
  'hold-flight': 'release-flight-hold',
  'reserve-stay': 'cancel-stay',
  charge: 'refund',
} as const satisfies Partial<Record<BookingForwardStep, BookingCompensationStep>>;

/** Same values as the `booking_status` enum in prisma/schema.prisma. */
export const bookingStatuses = [
  'pending_approval',
  'approved',
  'holding',
  'held',
  'paying',
  'confirmed',
  'compensating',
  'failed',
  'cancelled',
  'expired',
  'rejected',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export const terminalBookingStatuses: readonly BookingStatus[] = ['confirmed', 'failed', 'cancelled', 'expired', 'rejected'];

export const bookingDecisions = ['approve', 'reject', 'edit'] as const;

export interface BookingTravelers {
  adults: number;
  children: number;
  /** Stay rooms; defaults to one per two adults (as the planner searches). */
  rooms?: number;
}

export interface BookingInput {
  bookingId: string;
  tripId: string;
  userId: string;
  flight: FlightOffer | null;
  stay: StayOffer | null;
  /** Who travels (the offers' prices are for exactly these travelers). Default: one adult. */
  travelers?: BookingTravelers;
  /** ISO instant; the approval window also ends when the earliest held offer expires. */
  approvalDeadline?: string;
  /** Re-pricing fails when an offer got more expensive than this. Default 3 %. */
  priceTolerancePercent?: number;
}

export interface BookingDecision {
  decision: (typeof bookingDecisions)[number];
  /** `edit` only: a replacement flight (null drops the flight); omitted keeps the current one. */
  flight?: FlightOffer | null;
  /** `edit` only: a replacement stay (null drops the stay); omitted keeps the current one. */
  stay?: StayOffer | null;
  note?: string;
}

export type StepStatus = 'running' | 'done' | 'failed' | 'skipped';
export type CompensationStatus = 'registered' | 'running' | 'done';

export interface BookingStepRecord {
  round: number;
  step: BookingForwardStep;
  status: StepStatus;
  idempotencyKey: string;
  /** Provider reference created by the step (hold, reservation or charge id). */
  reference: string | null;
  error: string | null;
  compensation: {
    step: BookingCompensationStep;
    status: CompensationStatus;
    idempotencyKey: string;
    /** What undoing found: `undone` (released/cancelled/refunded), `nothing` (the step never took effect). */
    outcome: 'undone' | 'nothing' | null;
  } | null;
}

export interface BookingAmounts {
  currency: string | null;
  flight: Money | null;
  stay: Money | null;
  total: Money | null;
  charged: Money | null;
  refunded: Money | null;
}

export interface BookingView {
  bookingId: string;
  tripId: string;
  userId: string;
  status: BookingStatus;
  /** 1 + the number of edits. */
  round: number;
  flight: FlightOffer | null;
  stay: StayOffer | null;
  amounts: BookingAmounts;
  steps: BookingStepRecord[];
  approvalDeadline: string | null;
  decision: { decision: BookingDecision['decision']; note: string | null; at: string } | null;
  failureReason: string | null;
}

/** Idempotency keys are made in the workflow: one per step per round, so retries never double-book. */
export function bookingStepKey(bookingId: string, round: number, step: BookingStep): string {
  return round === 1 ? `${bookingId}:${step}` : `${bookingId}:${step}:r${round}`;
}

/** What a flight and/or a stay cost together (in the flight's currency; the saga requires one currency), or null for nothing. */
export function offersTotal(offers: { flight: FlightOffer | null; stay: StayOffer | null }): Money | null {
  const prices = [offers.flight?.price, offers.stay?.totalPrice].filter((price): price is Money => Boolean(price));
  const first = prices[0];
  if (!first) return null;
  return { amount: roundToCents(prices.reduce((sum, price) => sum + price.amount, 0)), currency: first.currency };
}

/** A flight as people name it: its outbound flight numbers, e.g. `AF1234/AF5678`. */
export function describeFlight(offer: FlightOffer): string {
  return offer.outbound.map((segment) => segment.flightNumber).join('/');
}
