// Price watches, mounted at /api/watches behind authentication (protect(ctx)). A watch belongs to the user
// who created it (another user's watch is a 404); attaching it to a trip takes write access to the trip.
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/watches.ts
// (watchRoutes); this module gives each its handler.
//   POST   /                create (and start its workflow; Idempotency-Key)      watches:write
//   GET    /                the caller's watches (?tripId, ?status)               watches:read
//   GET    /:id             live state (the getWatch query)                       watches:read
//   PATCH  /:id             target, drop, cadence (changeWatch update)            watches:write
//   POST   /:id/pause       pause update                                          watches:write
//   POST   /:id/resume      resume update                                         watches:write
//   DELETE /:id             stop update (history kept)                            watches:write
//   GET    /:id/points      price history                                         watches:read
//   POST   /:id/book        "book now": a booking saga for a quoted offer         trips:write on its trip
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Request, Router } from 'express';
import type { PricePointOffer } from '../../activities/priceWatch.js';
import { tripCurrency } from '../../domain/currency.js';
import { loadPlaces } from '../../domain/places.js';
import {
  ANY_FLIGHT,
  describeFlightIdentity,
  flightIdentityOf,
  flightWatchTargetOf,
  isSameFlight,
  departureInstant,
  type QuotedFlight,
  type WatchMatch,
  type WatchState,
  type WatchTarget,
} from '../../domain/priceWatch.js';
import { openSealedSecret, webhookSecretContext } from '../../infra/credentials.js';
import type { PriceWatch, PrismaClient, Trip } from '../../infra/db.js';
import { loadPreferredCurrency } from '../../infra/profile.js';
import { nonPublicUrlReason } from '../../infra/publicUrl.js';
import { audit } from '../audit.js';
import { authorizeTrip } from '../auth/authorize.js';
import { principalOf, requireScope } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { idempotencyKeyOf, startUnavailable, uuidFrom } from '../idempotency.js';
import { changePriceWatch, getPriceWatch, pausePriceWatch, resumePriceWatch, startPriceWatch, stopPriceWatch } from '../priceWatchWorkflows.js';
import { parseRequest } from '../validation.js';
import { watchRoutes } from '../openapi/watches.js';
import { wholeList } from '../../contracts/list.js';
import { bookFromWatchSchema, changeWatchSchema, createWatchSchema, listWatchesQuery, pointsQuery, watchParams, type CreateWatchBody, type WatchSummaryView } from '../../contracts/watches.js';
import { startTripBooking } from './bookings.js';
import { assertNotArchived } from '../trips/views.js';
import { readTripState } from '../trips/stateCache.js';
import { workflowRejection } from '../workflowErrors.js';
import { decodeCursor, encodeCursor, isIdCursor } from '../pagination.js';

const MAX_LISTED = 100;
const DEFAULT_POINTS = 200;

export function createWatchesRouter(ctx: ApiContext): Router {
  const { prisma, config } = ctx;

  /** The caller's watch `:id` (404 for anyone else's, a missing one or a malformed id). */
  const watchFor = async (req: Request, scope: 'watches:read' | 'watches:write'): Promise<PriceWatch> => {
    const principal = principalOf(req);
    requireScope(principal, scope);
    const params = watchParams.safeParse(req.params);
    const watch = params.success ? await prisma.priceWatch.findUnique({ where: { id: params.data.id } }) : null;
    if (!watch || watch.userId !== principal.userId) throw new HttpError(404, 'Not Found', 'No such price watch.');
    return watch;
  };

  /** The server's cadence floor (the workflow itself accepts shorter cadences, for tests). */
  const assertCadenceAllowed = (cadenceMinutes: number | undefined) => {
    if (cadenceMinutes !== undefined && cadenceMinutes < config.PRICE_WATCH_MIN_CADENCE_MINUTES) {
      throw new HttpError(400, 'Bad Request', 'Invalid request body', [{ field: 'cadenceMinutes', reason: `must be at least ${config.PRICE_WATCH_MIN_CADENCE_MINUTES}` }]);
    }
  };

  /** Runs a watch update; a watch whose workflow has ended is a 409, a rejected update a 409/422. */
  const update = async (watch: PriceWatch, run: () => Promise<WatchState>): Promise<WatchState> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(409, 'Conflict', `The watch has ended (${watch.status}).`);
      throw workflowRejection(error, 'watch') ?? error;
    }
  };

  return watchRoutes.router({
    createWatch: async (req, res) => {
      const principal = principalOf(req);
      requireScope(principal, 'watches:write');
      const body = parseRequest(createWatchSchema, req.body, 'body');
      const idempotencyKey = idempotencyKeyOf(req);
      // With a key the watch id is derived from (user, key): a retry answers the watch its first attempt created.
      const watchId = idempotencyKey ? uuidFrom(`watch\n${principal.userId}\n${idempotencyKey}`) : randomUUID();
      const retried = idempotencyKey ? await prisma.priceWatch.findUnique({ where: { id: watchId }, select: { workflowId: true, webhookSecret: true } }) : null;
      if (retried?.workflowId) {
        const webhookSecret = retried.webhookSecret && openSealedSecret(ctx.secrets, retried.webhookSecret, webhookSecretContext(watchId));
        res.status(200).location(`${req.baseUrl}/${watchId}`).json({ watch: await getPriceWatch(ctx.temporal, watchId), webhookSecret });
        return;
      }
      assertCadenceAllowed(body.cadenceMinutes);
      const trip = body.tripId ? await authorizeTrip(prisma, principal, body.tripId, 'write') : null;
      if (trip) assertNotArchived(trip);
      const { target, match } = await watchedFlightOf(ctx, body, trip);
      if (Date.parse(departureInstant(target)) <= Date.now()) {
        throw new HttpError(422, 'Unprocessable Content', 'The watch would end before its first check.', [
          { field: target.kind === 'flight' ? 'target.departDate' : 'target.checkIn', reason: 'must be after today' },
        ]);
      }
      if (body.webhookUrl) {
        const notPublic = await nonPublicUrlReason(body.webhookUrl, { allowPrivateHosts: config.WEBHOOK_ALLOW_PRIVATE_HOSTS });
        if (notPublic) throw new HttpError(422, 'Unprocessable Content', 'The webhook URL is not allowed.', [{ field: 'webhookUrl', reason: notPublic }]);
      }
      // Prices and alerts in the trip's currency (domain/currency.ts), unless the traveler named one.
      const currency = body.currency ?? (await watchCurrency(prisma, principal.userId, trip, target));
      let started: Awaited<ReturnType<typeof startPriceWatch>>;
      try {
        started = await startPriceWatch(
          { client: ctx.temporal, prisma, keys: ctx.secrets },
          {
            watchId,
            userId: principal.userId,
            tripId: body.tripId ?? null,
            target,
            match,
            targetPrice: body.targetPrice ?? null,
            dropPercent: body.dropPercent ?? null,
            currency,
            ...(body.cadenceMinutes !== undefined && { cadenceMinutes: body.cadenceMinutes }),
            webhookUrl: body.webhookUrl ?? null,
            taskQueue: config.TEMPORAL_TASK_QUEUE,
          },
        );
      } catch (error) {
        ctx.logger.warn({ err: error, watchId }, 'price watch could not be started');
        throw startUnavailable('watch', idempotencyKey ? 'retry with the same Idempotency-Key.' : 'nothing was kept. Retry the request (send an Idempotency-Key to make retries safe).');
      }
      if (started.started) await audit(ctx, req, { action: 'watch.create', targetType: 'price_watch', targetId: watchId, ...(body.tripId && { tripId: body.tripId }), details: { kind: target.kind, mode: match.mode, ...(body.offerId && { offerId: body.offerId }) } });
      res.status(started.started ? 201 : 200).location(`${req.baseUrl}/${watchId}`).json({ watch: await getPriceWatch(ctx.temporal, watchId), webhookSecret: started.webhookSecret });
    },

    listWatches: async (req, res) => {
      const principal = principalOf(req);
      requireScope(principal, 'watches:read');
      const query = parseRequest(listWatchesQuery, req.query, 'query');
      const rows = await prisma.priceWatch.findMany({
        where: { userId: principal.userId, ...(query.tripId && { tripId: query.tripId }), ...(query.status && { status: query.status }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: MAX_LISTED,
      });
      res.json(wholeList(rows.map(toWatchSummary)));
    },

    getWatch: async (req, res) => {
      const watch = await watchFor(req, 'watches:read');
      try {
        res.json(await getPriceWatch(ctx.temporal, watch.id));
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'Not Found', 'The watch\'s history is no longer kept; its summary and price points remain.');
        throw error;
      }
    },

    changeWatch: async (req, res) => {
      const watch = await watchFor(req, 'watches:write');
      const body = parseRequest(changeWatchSchema, req.body, 'body');
      assertCadenceAllowed(body.cadenceMinutes);
      const state = await update(watch, () => changePriceWatch(ctx.temporal, watch.id, body));
      await audit(ctx, req, { action: 'watch.change', targetType: 'price_watch', targetId: watch.id, ...(watch.tripId && { tripId: watch.tripId }), details: { ...body } });
      res.json(state);
    },

    pauseWatch: async (req, res) => {
      const watch = await watchFor(req, 'watches:write');
      res.json(await update(watch, () => pausePriceWatch(ctx.temporal, watch.id)));
    },

    resumeWatch: async (req, res) => {
      const watch = await watchFor(req, 'watches:write');
      res.json(await update(watch, () => resumePriceWatch(ctx.temporal, watch.id)));
    },

    stopWatch: async (req, res) => {
      const watch = await watchFor(req, 'watches:write');
      if (watch.status === 'active' || watch.status === 'paused') {
        try {
          await stopPriceWatch(ctx.temporal, watch.id);
        } catch (error) {
          // Already ended (it stopped or expired meanwhile): stopping is idempotent.
          const rejection = workflowRejection(error, 'watch');
          if (!(error instanceof WorkflowNotFoundError) && rejection?.status !== 409) throw rejection ?? error;
        }
        await audit(ctx, req, { action: 'watch.stop', targetType: 'price_watch', targetId: watch.id, ...(watch.tripId && { tripId: watch.tripId }) });
      }
      res.status(204).end();
    },

    listWatchPoints: async (req, res) => {
      const watch = await watchFor(req, 'watches:read');
      const query = parseRequest(pointsQuery, req.query, 'query');
      const limit = query.limit ?? DEFAULT_POINTS;
      const after = query.cursor === undefined ? null : decodeCursor(query.cursor, isIdCursor)[0];
      const rows = await prisma.pricePoint.findMany({
        where: { watchId: watch.id, ...(after !== null && { id: { gt: BigInt(after) } }) },
        orderBy: { id: 'asc' },
        take: limit,
      });
      res.json({
        items: rows.map((point) => ({
          id: point.id.toString(),
          observedAt: point.observedAt.toISOString(),
          offered: point.price !== null,
          price: point.price === null ? null : { amount: point.price.toNumber(), currency: point.currency },
          offerId: point.offerId,
          summary: detailsOf(point.details).summary ?? null,
          flight: (point.flight as QuotedFlight | null) ?? null,
        })),
        nextCursor: rows.length === limit && rows.length > 0 ? encodeCursor([rows.at(-1)!.id.toString()]) : null,
      });
    },

    bookFromWatch: async (req, res) => {
      const principal = principalOf(req);
      const watch = await watchFor(req, 'watches:read');
      const body = parseRequest(bookFromWatchSchema, req.body ?? {}, 'body');
      const idempotencyKey = idempotencyKeyOf(req);
      if (!watch.tripId) throw new HttpError(409, 'Conflict', 'This watch is not attached to a trip: create the watch with a tripId to book from it.');
      const trip = await authorizeTrip(prisma, principal, watch.tripId, 'write');
      assertNotArchived(trip);
      // The live state (null once the workflow's history is gone): the last alert and the travelers.
      const state = await getPriceWatch(ctx.temporal, watch.id).catch(() => null);
      const point = await quoteToBook(ctx, watch, body.pointId ?? null, state?.lastAlert?.observedAt ?? null);
      if (point.price === null) throw new HttpError(409, 'Conflict', 'The watched flight was not offered at that check: there is no quote to book.');
      const offer = detailsOf(point.details).offer;
      if (!offer) throw new HttpError(409, 'Conflict', 'That price point carries no bookable offer (it predates offer capture).');
      await assertStillTheWatchedFlight(ctx, watch, point.id, offer);
      const travelers = state ? { adults: state.target.adults, children: state.target.children } : { adults: watch.adults, children: 0 };
      const { view, created } = await startTripBooking(
        ctx,
        trip,
        offer.kind === 'flight' ? { flight: offer.flight, stay: null } : { flight: null, stay: offer.stay },
        { idempotencyKey: idempotencyKey ?? `watch:${watch.id}:point:${point.id.toString()}`, travelers },
      );
      if (created) await audit(ctx, req, { action: 'booking.start', targetType: 'booking', targetId: view.bookingId, tripId: trip.id, details: { fromWatch: watch.id, pointId: point.id.toString() } });
      res.status(created ? 201 : 200).location(`/api/trips/${trip.id}/bookings/${view.bookingId}`).json(view);
    },
  });
}

interface PointDetails {
  summary?: string;
  offer?: PricePointOffer;
}

function detailsOf(details: unknown): PointDetails {
  return typeof details === 'object' && details !== null && !Array.isArray(details) ? (details as PointDetails) : {};
}

/** The point to book: the one named, else the last alert's, else the latest quote. */
async function quoteToBook(ctx: ApiContext, watch: PriceWatch, pointId: string | null, alertedAt: string | null) {
  if (pointId) {
    const point = await ctx.prisma.pricePoint.findFirst({ where: { id: BigInt(pointId), watchId: watch.id } });
    if (!point) throw new HttpError(404, 'Not Found', 'No such price point on this watch.');
    return point;
  }
  const point =
    (alertedAt && (await ctx.prisma.pricePoint.findFirst({ where: { watchId: watch.id, observedAt: new Date(alertedAt) }, orderBy: { id: 'desc' } }))) ||
    (await ctx.prisma.pricePoint.findFirst({ where: { watchId: watch.id, price: { not: null } }, orderBy: { id: 'desc' } }));
  if (!point) throw new HttpError(409, 'Conflict', 'The watch has no price yet: wait for its first check.');
  return point;
}

/** A watch row's match (rows from before quoted-flight tracking watch any flight). */
export function matchOf(row: Pick<PriceWatch, 'match'>): WatchMatch {
  const match = row.match as WatchMatch | null;
  return match && (match.mode === 'exact' || match.mode === 'any') ? match : ANY_FLIGHT;
}

const unprocessable = (field: string, reason: string, detail = 'The watch cannot be created as asked.') => new HttpError(422, 'Unprocessable Content', detail, [{ field, reason }]);

/**
 * What a new watch quotes: exactly one flight of the trip's plan (`offerId`), or any flight on the target's
 * route meeting `anyFlight` (a stay: its hotel or the cheapest). Conflicting or missing fields are a 422 naming the field.
 */
async function watchedFlightOf(ctx: ApiContext, body: CreateWatchBody, trip: Trip | null): Promise<{ target: WatchTarget; match: WatchMatch }> {
  if (body.offerId !== undefined) {
    if (body.target) throw unprocessable('target', 'must be omitted with offerId: the offer sets the route, dates and cabin');
    if (body.anyFlight) throw unprocessable('anyFlight', 'cannot be combined with offerId: a watch from an offer quotes exactly that flight');
    if (!trip) throw unprocessable('tripId', 'is required with offerId: the offer comes from that trip\'s plan');
    const { state } = await readTripState(ctx, trip);
    const offer = state.plan?.flightOptions.find((option) => option.id === body.offerId);
    if (!offer) throw unprocessable('offerId', 'is not one of the plan\'s flight options');
    return { target: flightWatchTargetOf(offer, state.request), match: { mode: 'exact', flight: flightIdentityOf(offer) } };
  }
  if (!body.target) throw unprocessable('target', 'is required: watch a route or a stay, or one of the plan\'s flights with offerId');
  if (body.target.kind === 'stay') {
    if (body.anyFlight) throw unprocessable('anyFlight', 'applies to flight watches only');
    return { target: { ...body.target, hotelName: body.target.hotelName ?? null }, match: ANY_FLIGHT };
  }
  return { target: body.target, match: { mode: 'any', criteria: body.anyFlight ?? {} } };
}

/**
 * "Book now" on an exact watch books only its flight: the quote must be that flight, and a later check
 * that no longer found it means it is gone (the saga re-prices by the same identity, so it never substitutes).
 */
async function assertStillTheWatchedFlight(ctx: ApiContext, watch: PriceWatch, pointId: bigint, offer: PricePointOffer): Promise<void> {
  const match = matchOf(watch);
  if (match.mode !== 'exact' || offer.kind !== 'flight') return;
  const flight = describeFlightIdentity(match.flight);
  if (!isSameFlight(offer.flight, match.flight)) throw new HttpError(409, 'Conflict', `That quote is not the watched flight (${flight}): nothing booked.`);
  const latest = await ctx.prisma.pricePoint.findFirst({ where: { watchId: watch.id, id: { gt: pointId } }, orderBy: { id: 'desc' }, select: { price: true, observedAt: true } });
  if (latest && latest.price === null) {
    throw new HttpError(409, 'Conflict', `The watched flight (${flight}) is no longer offered: the latest check (${latest.observedAt.toISOString()}) did not find it. Nothing booked; the watch books no other flight.`);
  }
}

function toWatchSummary(row: PriceWatch): WatchSummaryView {
  return {
    watchId: row.id,
    tripId: row.tripId,
    kind: row.kind,
    status: row.status,
    origin: row.origin,
    destination: row.destination,
    departDate: row.departDate.toISOString().slice(0, 10),
    returnDate: row.returnDate?.toISOString().slice(0, 10) ?? null,
    cabinClass: row.cabinClass,
    adults: row.adults,
    targetPrice: row.targetPrice?.toNumber() ?? null,
    dropPercent: row.dropPercent?.toNumber() ?? null,
    currency: row.currency,
    cadenceMinutes: row.cadenceMinutes,
    mode: matchOf(row).mode,
    lastPrice: row.lastPrice?.toNumber() ?? null,
    lastAlertPrice: row.lastAlertPrice?.toNumber() ?? null,
    hasWebhook: row.webhookUrl !== null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A watch's currency: its trip's (budget, else the traveler's profile, else the origin country's), else EUR. */
async function watchCurrency(prisma: PrismaClient, userId: string, trip: Trip | null, target: WatchTarget): Promise<string> {
  const places = await loadPlaces();
  const budget = trip?.budgetAmount != null && trip.budgetCurrency ? { amount: trip.budgetAmount.toNumber(), currency: trip.budgetCurrency } : null;
  const originCode = trip?.origin ?? (target.kind === 'flight' ? target.origin : null);
  return tripCurrency({ budget, origin: originCode ? { city: originCode, iata: originCode } : null }, budget ? null : await loadPreferredCurrency(prisma, userId), places);
}
