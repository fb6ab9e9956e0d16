// Booking views shared by the booking routes and the trip state: the saga's live view (its query), the
// stored row's when the workflow's history is gone, and the trip's pending proposals.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { BookingView } from '../../domain/booking.js';
import { passengerType, travelDateOf, type StoredPaymentMethod, type TravelerDetails } from '../../domain/checkout.js';
import { openTraveler } from '../../infra/travelers.js';
import type { BookingCheckoutView, BookingResource } from '../../contracts/bookings.js';
import type { FlightOffer, Proposal, StayOffer } from '../../domain/trip.js';
import type { Booking } from '../../infra/db.js';
import { awaitsItsSaga, ensureBookingStarted, getBooking } from '../bookingWorkflows.js';
import type { ApiContext } from '../context.js';

const MAX_PROPOSALS = 50;

export interface BookableOffers {
  flight: FlightOffer | null;
  stay: StayOffer | null;
}

/** A start in progress finishes well within this; a row older than it without its saga lost its start. */
const START_GRACE_MS = 15_000;

/**
 * The saga's live view (its query), or the stored row's when the saga cannot answer or its history is gone. A row whose
 * saga never started (its start failed and no retry came) is started here, so no booking stays an orphan.
 */
export async function bookingViewOf(ctx: ApiContext, row: Booking): Promise<BookingView> {
  try {
    return await getBooking(ctx.temporal, row.id);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) {
      // The saga cannot answer now (no worker polling, a query timeout, Temporal unreachable): its row is
      // the projection of its last recorded status, a true if slightly older view, better than an error.
      ctx.logger.warn({ err: error, bookingId: row.id }, 'booking saga did not answer its query; showing the stored booking');
      return viewFromRow(row);
    }
    if (awaitsItsSaga(row) && Date.now() - row.createdAt.getTime() > START_GRACE_MS) {
      await ensureBookingStarted({ client: ctx.temporal, prisma: ctx.prisma, taskQueue: ctx.config.TEMPORAL_TASK_QUEUE }, row).catch((startError: unknown) =>
        ctx.logger.warn({ err: startError, bookingId: row.id }, 'could not start the saga of a booking that never started'),
      );
    }
    return viewFromRow(row);
  }
}

/**
 * The trip's proposals as the trip state shows them: bookings whose saga awaits the traveler's decision.
 * The planning workflow does not track bookings; the Booking rows do (one indexed query, and one query
 * of each waiting saga for its deadline).
 */
export async function pendingProposalsOf(ctx: ApiContext, tripId: string): Promise<Proposal[]> {
  const rows = await ctx.prisma.booking.findMany({ where: { tripId, status: 'pending_approval' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_PROPOSALS });
  const views = await Promise.all(rows.map(async (row) => ({ row, view: await bookingViewOf(ctx, row) })));
  return views
    .filter(({ view }) => view.status === 'pending_approval')
    .map(({ row, view }) => ({
      id: view.bookingId,
      kind: 'booking' as const,
      flightOfferId: view.flight?.id ?? null,
      stayOfferId: view.stay?.id ?? null,
      total: view.amounts.total ?? { amount: row.totalAmount.toNumber(), currency: row.currency },
      expiresAt: view.approvalDeadline ?? row.updatedAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
    }));
}

export function viewFromRow(row: Booking): BookingView {
  const snapshot = (row.offerSnapshot ?? {}) as Partial<BookableOffers>;
  const total = { amount: row.totalAmount.toNumber(), currency: row.currency };
  return {
    bookingId: row.id,
    tripId: row.tripId,
    userId: row.userId,
    status: row.status,
    round: 1,
    flight: snapshot.flight ?? null,
    stay: snapshot.stay ?? null,
    amounts: { currency: row.currency, flight: snapshot.flight?.price ?? null, stay: snapshot.stay?.totalPrice ?? null, total, charged: row.status === 'confirmed' ? total : null, refunded: null },
    steps: [],
    approvalDeadline: null,
    decision: null,
    failureReason: row.failureReason,
  };
}

/** Names and passenger types of travelers, as the booking shows them. */
export function travelerSummaries(travelers: readonly (TravelerDetails & { id: string })[], travelDate: string): BookingCheckoutView['travelers'] {
  return travelers.map((traveler) => ({ id: traveler.id, givenName: traveler.givenName, familyName: traveler.familyName, type: passengerType(traveler.bornOn, travelDate) }));
}

/** Who travels, the card paid with and the references a traveler quotes (from the booking's row and items). */
export async function checkoutOf(ctx: ApiContext, view: BookingView): Promise<BookingCheckoutView> {
  const row = await ctx.prisma.booking.findUnique({
    where: { id: view.bookingId },
    select: { travelerIds: true, bookedPassengers: true, paymentMethod: true, items: { where: { kind: { in: ['flight', 'stay'] }, status: { in: ['held', 'confirmed'] } } } },
  });
  if (!row) return { travelers: [], paymentMethod: null, references: { airline: null, hotel: null } };
  const card = row.paymentMethod as StoredPaymentMethod | null;
  const detail = (kind: 'flight' | 'stay', key: string): string | null => {
    const value = (row.items.find((item) => item.kind === kind)?.details as Record<string, unknown> | undefined)?.[key];
    return typeof value === 'string' ? value : null;
  };
  return {
    travelers: await bookedTravelers(ctx, row, travelDateOf(view)),
    paymentMethod: card ? { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear } : null,
    references: { airline: detail('flight', 'bookingReference'), hotel: detail('stay', 'confirmationNumber') },
  };
}

/**
 * Who the booking is for: as booked (the names kept on confirmation, there after a traveler is deleted),
 * else the saved travelers it names, read now.
 */
async function bookedTravelers(ctx: ApiContext, row: { travelerIds: string[]; bookedPassengers: unknown }, travelDate: string): Promise<BookingCheckoutView['travelers']> {
  if (Array.isArray(row.bookedPassengers)) return row.bookedPassengers as BookingCheckoutView['travelers'];
  if (row.travelerIds.length === 0) return [];
  const travelerRows = await ctx.prisma.traveler.findMany({ where: { id: { in: row.travelerIds } } });
  const byId = new Map(travelerRows.map((traveler) => [traveler.id, openTraveler(ctx.secrets, traveler)]));
  return travelerSummaries(row.travelerIds.flatMap((id) => byId.get(id) ?? []), travelDate);
}

export async function withCheckout(ctx: ApiContext, view: BookingView): Promise<BookingResource> {
  return { ...view, checkout: await checkoutOf(ctx, view) };
}

/** bookingViewOf with the booking's checkout: what the booking routes answer. */
export async function bookingResourceOf(ctx: ApiContext, row: Booking): Promise<BookingResource> {
  return withCheckout(ctx, await bookingViewOf(ctx, row));
}
