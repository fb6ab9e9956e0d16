// A trip's bookings and proposals, mounted at /api/trips next to the trips router (protect(ctx)). Thin:
// validate, authorize (the trip as in trips.ts; the booking must belong to it) and delegate to the booking
// saga (api/bookingWorkflows.ts).
//   POST /:id/bookings                          start from plan offers (Idempotency-Key)  write
//   GET  /:id/bookings                          the trip's bookings                       read
//   GET  /:id/bookings/:bookingId               one booking: steps and compensations      read
//   POST /:id/bookings/:bookingId/cancel        cancel (compensates)                      write, session only
//   GET  /:id/proposals                         bookings awaiting a decision              read
//   POST /:id/proposals/:bookingId/approve      the saga's `decide` update                 write, session only
//   POST /:id/proposals/:bookingId/reject                                                 write, session only
//   POST /:id/proposals/:bookingId/edit         replace offers (new round)                write, session only
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Router, type Request } from 'express';
import { offersTotal, terminalBookingStatuses, type BookingDecision, type BookingStatus, type BookingView } from '../../domain/booking.js';
import type { TripPlan } from '../../domain/trip.js';
import type { Booking, Trip } from '../../infra/db.js';
import { audit } from '../audit.js';
import { authorizeTrip } from '../auth/authorize.js';
import { principalOf, requireSession } from '../auth/principal.js';
import { awaitsItsSaga, cancelBooking, decideBooking, ensureBookingStarted, getBooking, type BookingStartSnapshot } from '../bookingWorkflows.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { idempotencyKeyOf, startUnavailable, uuidFrom } from '../idempotency.js';
import { bookingParams, decisionNoteSchema, editProposalSchema, startBookingSchema } from '../schemas/bookings.js';
import { parseRequest } from '../schemas/common.js';
import { bookingViewOf, viewFromRow, type BookableOffers } from './bookingViews.js';
import { assertNotArchived, readTripState, workflowRejection } from './tripSupport.js';

const MAX_LISTED = 50;

/**
 * Starts a booking saga for `trip` (its owner is the traveler who pays). With an idempotency key the
 * booking id is derived from (trip, key), so a retried request finds the booking it started instead of
 * starting another; a booking whose start failed is started by the retry (`created` true when this
 * request started it). The Booking row is written first, so the booking is listed and authorized from the
 * moment the request returns. A start the workflow service refuses is a 503: with a key the row waits for
 * the retry; without one the row is marked failed, as nothing can ever start it.
 */
export async function startTripBooking(
  ctx: ApiContext,
  trip: Trip,
  offers: BookableOffers,
  options: { idempotencyKey: string | null; travelers: { adults: number; children: number } },
): Promise<{ view: BookingView; created: boolean }> {
  const bookingId = options.idempotencyKey ? bookingIdFor(trip, options.idempotencyKey) : randomUUID();
  const existing = await ctx.prisma.booking.findUnique({ where: { id: bookingId } });
  if (existing) return resumeTripBooking(ctx, existing);
  const total = offersTotal(offers) ?? { amount: 0, currency: 'EUR' };
  const snapshot: BookingStartSnapshot = { flight: offers.flight, stay: offers.stay, travelers: options.travelers };
  await ctx.prisma.booking.createMany({
    data: [
      {
        id: bookingId,
        tripId: trip.id,
        userId: trip.ownerId,
        status: 'holding',
        // Set once the saga is known to be started (ensureBookingStarted): null marks a row still waiting for it.
        workflowId: null,
        idempotencyKey: bookingId,
        totalAmount: total.amount,
        currency: total.currency,
        offerSnapshot: JSON.parse(JSON.stringify(snapshot)) as object,
      },
    ],
    skipDuplicates: true,
  });
  const row = await ctx.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });
  let created: boolean;
  try {
    created = await ensureBookingStarted(startDeps(ctx), row);
  } catch (error) {
    ctx.logger.warn({ err: error, bookingId, tripId: trip.id }, 'booking saga could not be started');
    if (options.idempotencyKey) throw startUnavailable('booking', 'retry the same request (same Idempotency-Key) to start it.');
    await ctx.prisma.booking.updateMany({ where: { id: bookingId, workflowId: null, status: 'holding' }, data: { status: 'failed', failureReason: NEVER_STARTED } });
    throw startUnavailable('booking', 'nothing was held or charged. Retry the request (send an Idempotency-Key to make retries safe).');
  }
  return { view: await currentView(ctx, bookingId), created };
}

/** A retried start: the booking the key named, its saga started now if it never was. */
async function resumeTripBooking(ctx: ApiContext, row: Booking): Promise<{ view: BookingView; created: boolean }> {
  if (!awaitsItsSaga(row)) return { view: await bookingViewOf(ctx, row), created: false };
  let created: boolean;
  try {
    created = await ensureBookingStarted(startDeps(ctx), row);
  } catch (error) {
    ctx.logger.warn({ err: error, bookingId: row.id, tripId: row.tripId }, 'booking saga could not be started on retry');
    throw startUnavailable('booking', 'retry the same request (same Idempotency-Key) to start it.');
  }
  return { view: await currentView(ctx, row.id), created };
}

const NEVER_STARTED = 'The booking could not be started (the workflow service was unavailable); nothing was held or charged.';

const startDeps = (ctx: ApiContext) => ({ client: ctx.temporal, prisma: ctx.prisma, taskQueue: ctx.config.TEMPORAL_TASK_QUEUE });

/** The saga's view; while its first workflow task is still queued, the stored row's (status holding). */
async function currentView(ctx: ApiContext, bookingId: string): Promise<BookingView> {
  const row = await ctx.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });
  return getBooking(ctx.temporal, bookingId).catch(() => viewFromRow(row));
}

/** The booking an Idempotency-Key names on a trip. */
export const bookingIdFor = (trip: Pick<Trip, 'id'>, idempotencyKey: string) => uuidFrom(`${trip.id}\n${idempotencyKey}`);

export function createTripBookingsRouter(ctx: ApiContext): Router {
  const router = Router();
  const { prisma } = ctx;

  const tripFor = (req: Request, access: 'read' | 'write'): Promise<Trip> => authorizeTrip(prisma, principalOf(req), String(req.params.id), access);

  /** The trip (with `access`) and its booking `:bookingId`; another trip's booking is a 404 like a missing one. */
  const bookingFor = async (req: Request, access: 'read' | 'write'): Promise<{ trip: Trip; booking: Booking }> => {
    const trip = await tripFor(req, access);
    const { bookingId } = parseRequest(bookingParams, req.params, 'params');
    const booking = await prisma.booking.findFirst({ where: { id: bookingId, tripId: trip.id } });
    if (!booking) throw new HttpError(404, 'Not Found', 'No such booking.');
    return { trip, booking };
  };

  router.post('/:id/bookings', async (req, res) => {
    const trip = await tripFor(req, 'write');
    const body = parseRequest(startBookingSchema, req.body, 'body');
    const idempotencyKey = idempotencyKeyOf(req);
    // A retry answers (and if need be starts) the booking its key named, whatever the plan offers by now.
    const retried = idempotencyKey ? await prisma.booking.findUnique({ where: { id: bookingIdFor(trip, idempotencyKey) } }) : null;
    if (retried) {
      const { view, created } = await resumeTripBooking(ctx, retried);
      if (created) await audit(ctx, req, { action: 'booking.start', targetType: 'booking', targetId: view.bookingId, tripId: trip.id, details: { resumed: true } });
      res.status(created ? 201 : 200).location(`${req.baseUrl}/${trip.id}/bookings/${view.bookingId}`).json(view);
      return;
    }
    assertNotArchived(trip);
    const { state } = await readTripState(ctx, trip);
    const offers = offersFromPlan(state.plan, { flightOfferId: body.flightOfferId ?? null, stayOfferId: body.stayOfferId ?? null });
    const { view, created } = await startTripBooking(ctx, trip, offers, { idempotencyKey, travelers: { adults: state.request.adults, children: state.request.children } });
    if (created) await audit(ctx, req, { action: 'booking.start', targetType: 'booking', targetId: view.bookingId, tripId: trip.id, details: { flightOfferId: offers.flight?.id ?? null, stayOfferId: offers.stay?.id ?? null } });
    res.status(created ? 201 : 200).location(`${req.baseUrl}/${trip.id}/bookings/${view.bookingId}`).json(view);
  });

  router.get('/:id/bookings', async (req, res) => {
    const trip = await tripFor(req, 'read');
    const rows = await prisma.booking.findMany({ where: { tripId: trip.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: MAX_LISTED });
    res.json({ items: await Promise.all(rows.map((row) => bookingViewOf(ctx, row))) });
  });

  router.get('/:id/bookings/:bookingId', async (req, res) => {
    const { booking } = await bookingFor(req, 'read');
    res.json(await bookingViewOf(ctx, booking));
  });

  router.post('/:id/bookings/:bookingId/cancel', async (req, res) => {
    const { trip, booking } = await bookingFor(req, 'write');
    requireSession(principalOf(req));
    // A booking whose start failed is started now, so that its cancellation runs through the saga like any other.
    if (awaitsItsSaga(booking)) {
      try {
        await ensureBookingStarted(startDeps(ctx), booking);
      } catch (error) {
        ctx.logger.warn({ err: error, bookingId: booking.id }, 'booking saga could not be started to cancel it');
        throw startUnavailable('booking', 'retry the cancellation.');
      }
    }
    const before = await bookingViewOf(ctx, booking);
    if (terminalBookingStatuses.includes(before.status)) throw new HttpError(409, 'Conflict', `The booking is ${before.status}; only a booking in progress can be cancelled.`);
    try {
      await cancelBooking(ctx.temporal, booking.id);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(409, 'Conflict', 'The booking has ended.');
      throw error;
    }
    await audit(ctx, req, { action: 'booking.cancel', targetType: 'booking', targetId: booking.id, tripId: trip.id, details: { status: before.status } });
    res.status(202).json(await bookingViewOf(ctx, booking));
  });

  router.get('/:id/proposals', async (req, res) => {
    const trip = await tripFor(req, 'read');
    const rows = await prisma.booking.findMany({ where: { tripId: trip.id, status: 'pending_approval' satisfies BookingStatus }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: MAX_LISTED });
    const views = await Promise.all(rows.map((row) => bookingViewOf(ctx, row)));
    // The row lags the workflow by one status record: keep what the saga itself says awaits a decision.
    res.json({ items: views.filter((view) => view.status === 'pending_approval') });
  });

  const decide = (decision: BookingDecision['decision']) =>
    router.post(`/:id/proposals/:bookingId/${decision}`, async (req, res) => {
      const { trip, booking } = await bookingFor(req, 'write');
      requireSession(principalOf(req));
      let input: BookingDecision;
      if (decision === 'edit') {
        const body = parseRequest(editProposalSchema, req.body, 'body');
        const { state } = await readTripState(ctx, trip);
        const replaced = offersFromPlan(state.plan, { flightOfferId: body.flightOfferId ?? null, stayOfferId: body.stayOfferId ?? null }, { allowNone: true });
        input = {
          decision,
          ...(body.flightOfferId !== undefined && { flight: replaced.flight }),
          ...(body.stayOfferId !== undefined && { stay: replaced.stay }),
          ...(body.note !== undefined && { note: body.note }),
        };
      } else {
        const body = parseRequest(decisionNoteSchema, req.body ?? {}, 'body');
        input = { decision, ...(body.note !== undefined && { note: body.note }) };
      }
      let view: BookingView;
      try {
        view = await decideBooking(ctx.temporal, booking.id, input);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new HttpError(409, 'Conflict', 'The booking has ended.');
        throw workflowRejection(error, 'booking') ?? error;
      }
      await audit(ctx, req, { action: `booking.${decision}`, targetType: 'booking', targetId: booking.id, tripId: trip.id, details: { note: input.note ?? null } });
      res.json(view);
    });
  decide('approve');
  decide('reject');
  decide('edit');

  return router;
}

/** The plan's offers named by id; 422 naming the field for an id the current plan does not offer. */
function offersFromPlan(plan: TripPlan | null, ids: { flightOfferId: string | null; stayOfferId: string | null }, options: { allowNone?: boolean } = {}): BookableOffers {
  if (!plan) throw new HttpError(409, 'Conflict', 'The trip has no plan yet: send it a message first.');
  const flight = ids.flightOfferId ? plan.flightOptions.find((offer) => offer.id === ids.flightOfferId) : null;
  const stay = ids.stayOfferId ? plan.stayOptions.find((offer) => offer.id === ids.stayOfferId) : null;
  const problems = [
    ...(flight === undefined ? [{ field: 'flightOfferId', reason: 'is not one of the plan\'s flight options' }] : []),
    ...(stay === undefined ? [{ field: 'stayOfferId', reason: 'is not one of the plan\'s stay options' }] : []),
  ];
  if (problems.length > 0) throw new HttpError(422, 'Unprocessable Content', 'The offers are not in the trip\'s current plan.', problems);
  if (!options.allowNone && !flight && !stay) throw new HttpError(422, 'Unprocessable Content', 'Nothing to book.', [{ field: 'flightOfferId', reason: 'name a flight, a stay or both' }]);
  return { flight: flight ?? null, stay: stay ?? null };
}
