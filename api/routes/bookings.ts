// A trip's bookings and proposals, mounted at /api/trips next to the trips router (protect(ctx)). Thin:
// validate, authorize (the trip as in trips.ts; the booking must belong to it) and delegate to the booking
// saga (api/bookingWorkflows.ts). Each operation's method, path and OpenAPI description are defined once,
// in api/openapi/bookings.ts (bookingRoutes); this module gives each its handler.
//   POST /:id/bookings                          start from plan offers (Idempotency-Key)  write
//   GET  /:id/bookings                          the trip's bookings                       read
//   GET  /:id/bookings/:bookingId               one booking: steps and compensations      read
//   POST /:id/bookings/:bookingId/cancel        cancel (compensates)                      write, session only
//   GET  /:id/proposals                         bookings awaiting a decision              read
//   POST /:id/proposals/:bookingId/approve      pay with a card, then the saga's `decide`  write, session only
//   POST /:id/proposals/:bookingId/reject                                                 write, session only
//   POST /:id/proposals/:bookingId/edit         replace offers (new round)                write, session only
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Request, RequestHandler, Router } from 'express';
import { offersTotal, terminalBookingStatuses, type BookingDecision, type BookingStatus, type BookingView } from '../../domain/booking.js';
import type { TripPlan } from '../../domain/trip.js';
import type { Booking, Trip } from '../../infra/db.js';
import { audit } from '../audit.js';
import { authorizeTrip, authorizeTripForTraveler } from '../auth/authorize.js';
import { principalOf } from '../auth/principal.js';
import { awaitsItsSaga, cancelBooking, decideBooking, ensureBookingStarted, getBooking, type BookingStartSnapshot } from '../bookingWorkflows.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { idempotencyKeyOf, startUnavailable, uuidFrom } from '../idempotency.js';
import { approveBookingSchema, bookingParams, decisionNoteSchema, editProposalSchema, startBookingSchema, type ApproveBookingBody } from '../../contracts/bookings.js';
import { parseRequest } from '../validation.js';
import { bookingRoutes } from '../openapi/bookings.js';
import { wholeList } from '../../contracts/list.js';
import { ADULT_AGE, travelDateOf, type StoredPaymentMethod } from '../../domain/checkout.js';
import { loadTravelers } from '../../infra/travelers.js';
import { tokenizeTestCard } from '../../providers/sandbox/payments.js';
import { bookingResourceOf, bookingViewOf, travelerSummaries, viewFromRow, withCheckout, type BookableOffers } from './bookingViews.js';
import { assertNotArchived } from '../trips/views.js';
import { readTripState } from '../trips/stateCache.js';
import { workflowRejection } from '../workflowErrors.js';

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
  options: { idempotencyKey: string | null; travelers: { adults: number; children: number }; travelerIds?: readonly string[] },
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
        travelerIds: [...(options.travelerIds ?? [])],
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

/** What an API key is told when it tries to decide a proposal: only the traveler decides, signed in. */
const BOOKING_DECISION_REFUSALS: Record<BookingDecision['decision'], { action: string; keysCannot: string }> = {
  approve: { action: 'Approving and paying for a booking', keysCannot: 'approve or pay for bookings' },
  reject: { action: 'Rejecting a booking', keysCannot: 'reject bookings' },
  edit: { action: 'Editing a booking', keysCannot: 'edit bookings' },
};

export function createTripBookingsRouter(ctx: ApiContext): Router {
  const { prisma } = ctx;

  const tripFor = (req: Request, access: 'read' | 'write'): Promise<Trip> => authorizeTrip(prisma, principalOf(req), String(req.params.id), access);

  /**
   * The trip (with `access`) and its booking `:bookingId`; another trip's booking is a 404 like a missing one.
   * With `travelerOnly`, an action only a signed-in traveler may take: an API key is refused as a key (after the trip check).
   */
  const bookingFor = async (req: Request, access: 'read' | 'write', travelerOnly?: { action: string; keysCannot: string }): Promise<{ trip: Trip; booking: Booking }> => {
    const trip = travelerOnly ? await authorizeTripForTraveler(prisma, principalOf(req), String(req.params.id), access, travelerOnly) : await tripFor(req, access);
    const { bookingId } = parseRequest(bookingParams, req.params, 'params');
    const booking = await prisma.booking.findFirst({ where: { id: bookingId, tripId: trip.id } });
    if (!booking) throw new HttpError(404, 'Not Found', 'No such booking.');
    return { trip, booking };
  };

  /**
   * Before the saga hears "approve": the booking must await a decision (else 409, and nothing is stored),
   * must know who travels (named now if an API key started it), and the card is tokenized and kept on the
   * booking (brand, last4, expiry, token; never the number), where the saga's charge step reads it.
   */
  const attachCheckout = async (req: Request, booking: Booking, body: ApproveBookingBody): Promise<void> => {
    const current = await bookingViewOf(ctx, booking);
    if (current.status !== 'pending_approval') throw new HttpError(409, 'Conflict', `The booking is ${current.status.replace('_', ' ')}, not awaiting approval.`);
    let travelerIds = booking.travelerIds;
    if (body.travelerIds) {
      const party = (booking.offerSnapshot as { travelers?: { adults: number; children: number } } | null)?.travelers ?? (await tripParty(booking.tripId));
      await checkTravelers(ctx, principalOf(req).userId, body.travelerIds, party, travelDateOf(current));
      travelerIds = body.travelerIds;
    }
    if (travelerIds.length === 0) throw new HttpError(422, 'Unprocessable Content', 'Name who travels.', [{ field: 'travelerIds', reason: 'the booking was started without travelers: name the saved travelers who travel' }]);
    const token = tokenizeTestCard(body.card, new Date());
    const paymentMethod: StoredPaymentMethod = { brand: token.brand, last4: token.last4, expMonth: token.expMonth, expYear: token.expYear, token: token.token };
    await prisma.booking.update({ where: { id: booking.id }, data: { paymentMethod: paymentMethod as unknown as object, travelerIds: [...travelerIds] } });
  };

  const tripParty = async (tripId: string): Promise<{ adults: number; children: number }> => {
    const trip = await prisma.trip.findUniqueOrThrow({ where: { id: tripId } });
    const { state } = await readTripState(ctx, trip);
    return { adults: state.request.adults, children: state.request.children };
  };

  /** The handler for one decision on a proposal. */
  const decide = (decision: BookingDecision['decision']): RequestHandler => async (req, res) => {
    const { trip, booking } = await bookingFor(req, 'write', BOOKING_DECISION_REFUSALS[decision]);
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
    } else if (decision === 'approve') {
      const body = parseRequest(approveBookingSchema, req.body ?? {}, 'body');
      await attachCheckout(req, booking, body);
      input = { decision, ...(body.note !== undefined && { note: body.note }) };
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
    res.json(await withCheckout(ctx, view));
  };

  return bookingRoutes.router({
    startBooking: async (req, res) => {
      const trip = await tripFor(req, 'write');
      const body = parseRequest(startBookingSchema, req.body, 'body');
      const idempotencyKey = idempotencyKeyOf(req);
      // A retry answers (and if need be starts) the booking its key named, whatever the plan offers by now.
      const retried = idempotencyKey ? await prisma.booking.findUnique({ where: { id: bookingIdFor(trip, idempotencyKey) } }) : null;
      if (retried) {
        const { view, created } = await resumeTripBooking(ctx, retried);
        if (created) await audit(ctx, req, { action: 'booking.start', targetType: 'booking', targetId: view.bookingId, tripId: trip.id, details: { resumed: true } });
        res.status(created ? 201 : 200).location(`${req.baseUrl}/${trip.id}/bookings/${view.bookingId}`).json(await withCheckout(ctx, view));
        return;
      }
      assertNotArchived(trip);
      const { state } = await readTripState(ctx, trip);
      const offers = offersFromPlan(state.plan, { flightOfferId: body.flightOfferId ?? null, stayOfferId: body.stayOfferId ?? null });
      const party = { adults: state.request.adults, children: state.request.children };
      const principal = principalOf(req);
      // Who travels is known before anything is held; an API key cannot read passport details, so its traveler names them when approving.
      if (principal.kind === 'user' && !body.travelerIds) throw new HttpError(422, 'Unprocessable Content', 'Name who travels.', [{ field: 'travelerIds', reason: `name the saved travelers who travel (${describeParty(party)})` }]);
      if (body.travelerIds) await checkTravelers(ctx, principal.userId, body.travelerIds, party, travelDateOf(offers));
      const { view, created } = await startTripBooking(ctx, trip, offers, { idempotencyKey, travelers: party, ...(body.travelerIds && { travelerIds: body.travelerIds }) });
      if (created) await audit(ctx, req, { action: 'booking.start', targetType: 'booking', targetId: view.bookingId, tripId: trip.id, details: { flightOfferId: offers.flight?.id ?? null, stayOfferId: offers.stay?.id ?? null, travelers: body.travelerIds?.length ?? 0 } });
      res.status(created ? 201 : 200).location(`${req.baseUrl}/${trip.id}/bookings/${view.bookingId}`).json(await withCheckout(ctx, view));
    },

    listBookings: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const rows = await prisma.booking.findMany({ where: { tripId: trip.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: MAX_LISTED });
      res.json(wholeList(await Promise.all(rows.map((row) => bookingResourceOf(ctx, row)))));
    },

    getBooking: async (req, res) => {
      const { booking } = await bookingFor(req, 'read');
      res.json(await bookingResourceOf(ctx, booking));
    },

    cancelBooking: async (req, res) => {
      const { trip, booking } = await bookingFor(req, 'write', { action: 'Cancelling a booking', keysCannot: 'cancel bookings' });
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
      res.status(202).json(await bookingResourceOf(ctx, booking));
    },

    listProposals: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const rows = await prisma.booking.findMany({ where: { tripId: trip.id, status: 'pending_approval' satisfies BookingStatus }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: MAX_LISTED });
      const views = await Promise.all(rows.map((row) => bookingViewOf(ctx, row)));
      // The row lags the workflow by one status record: keep what the saga itself says awaits a decision.
      res.json(wholeList(await Promise.all(views.filter((view) => view.status === 'pending_approval').map((view) => withCheckout(ctx, view)))));
    },
    approveProposal: decide('approve'),
    rejectProposal: decide('reject'),
    editProposal: decide('edit'),
  });
}

const describeParty = (party: { adults: number; children: number }) =>
  `${party.adults} adult${party.adults === 1 ? '' : 's'}${party.children ? ` and ${party.children} child${party.children === 1 ? '' : 'ren'}` : ''}`;

/**
 * The travelers must be the caller's saved travelers, as many adults (18+ on the travel date) and
 * children as the trip's party: 422 naming the field otherwise (someone else's id reads as unknown).
 */
async function checkTravelers(ctx: ApiContext, userId: string, ids: readonly string[], party: { adults: number; children: number }, travelDate: string): Promise<void> {
  const travelers = await loadTravelers(ctx.prisma, ctx.secrets, userId, ids);
  const known = new Set(travelers.map((traveler) => traveler.id));
  const unknown = ids.flatMap((id, index) => (known.has(id) ? [] : [{ field: `travelerIds.${index}`, reason: 'is not one of your saved travelers' }]));
  if (unknown.length > 0) throw new HttpError(422, 'Unprocessable Content', 'Unknown travelers.', unknown);
  const summaries = travelerSummaries(travelers, travelDate);
  const named = { adults: summaries.filter((traveler) => traveler.type === 'adult').length, children: summaries.filter((traveler) => traveler.type === 'child').length };
  if (named.adults !== party.adults || named.children !== party.children) {
    throw new HttpError(422, 'Unprocessable Content', 'The travelers do not match the trip.', [
      { field: 'travelerIds', reason: `the trip is for ${describeParty(party)}; these are ${describeParty(named)} on ${travelDate} (adults are ${ADULT_AGE} or older)` },
    ]);
  }
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
