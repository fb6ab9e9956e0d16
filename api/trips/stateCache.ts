// The trip's state as the API answers it: the workflow's state with the pending proposals, cached in Redis
// per trip and event counter (see readTripStateJson), or the stored row's when the workflow never started.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TripState } from '../../domain/trip.js';
import type { Trip } from '../../infra/db.js';
import type { ApiContext } from '../context.js';
import { pendingProposalsOf } from '../routes/bookingViews.js';
import { getTripState } from '../tripWorkflows.js';
import { stateFromRow } from './views.js';

const STATE_CACHE_TTL_SECONDS = 30;
/** A cache hit older than this also refreshes the entry in the background (it is still served). */
const STATE_REFRESH_AFTER_MS = 20_000;
/**
 * Trip events other workflows write (bookings, price watches): they move the trip's counter, not the
 * planning workflow's state (the pending proposals that depend on them are read with the state).
 */
const FOREIGN_EVENT_TYPES = ['booking.status', 'proposal', 'price.alert'];

export type StateSource = 'workflow' | 'stored' | 'cache';

/** The state response (the workflow's state with the trip's pending proposals), serialized once. */
interface StateResponse {
  json: string;
  /** The trip row's lastEventSeq it is valid for; null when it must not be cached. */
  validForSeq: number | null;
}

/** Workflow queries in flight in this process, per trip and row counter: concurrent misses share one. */
const stateQueries = new Map<string, Promise<StateResponse>>();

const cacheKey = (tripId: string) => `trip-state:${tripId}`;

/**
 * Queries the workflow (one query per trip and counter at a time), adds the pending proposals and caches
 * the response when it is current for the row's counter: the workflow has seen every event of its own
 * (mid-turn an activity may have appended events it has not processed yet); events other workflows
 * appended since do not change its state.
 */
function queryTripState(ctx: ApiContext, trip: Trip): Promise<StateResponse> {
  const flight = `${trip.id}:${trip.lastEventSeq}`;
  const inFlight = stateQueries.get(flight);
  if (inFlight) return inFlight;
  const query = (async (): Promise<StateResponse> => {
    const cachedAt = Date.now();
    const [state, pendingProposals] = await Promise.all([getTripState(ctx.temporal, trip.id), pendingProposalsOf(ctx, trip.id)]);
    const json = JSON.stringify({ ...state, pendingProposals } satisfies TripState);
    const current =
      state.lastEventSeq === trip.lastEventSeq ||
      (state.lastEventSeq < trip.lastEventSeq &&
        !(await ctx.prisma.tripEvent.findFirst({
          where: { tripId: trip.id, seq: { gt: state.lastEventSeq, lte: trip.lastEventSeq }, type: { notIn: FOREIGN_EVENT_TYPES } },
          select: { seq: true },
        })));
    if (current) await ctx.redis.set(cacheKey(trip.id), `${trip.lastEventSeq}:${cachedAt}:${json}`, 'EX', STATE_CACHE_TTL_SECONDS).catch(() => undefined);
    return { json, validForSeq: current ? trip.lastEventSeq : null };
  })();
  stateQueries.set(flight, query);
  const forget = () => {
    if (stateQueries.get(flight) === query) stateQueries.delete(flight);
  };
  query.then(forget, forget);
  return query;
}

/**
 * The trip's state as JSON, ready to send: the workflow's state with the pending proposals, or the
 * stored trip's when the workflow never started; `source` says which. Cached in Redis per trip, as the
 * serialized response, and valid while the trip's event counter has not moved: every change of the
 * workflow's state and of a booking appends a trip event, and the row (read for authorization anyway)
 * carries the counter, so a hit costs one Redis GET, no parsing, and a stale entry is never served past
 * the next event. A trip read steadily does not fall out of the cache every STATE_CACHE_TTL_SECONDS: a
 * hit older than STATE_REFRESH_AFTER_MS is refreshed in the background, and concurrent misses share one
 * workflow query.
 */
export async function readTripStateJson(ctx: ApiContext, trip: Trip): Promise<{ json: string; source: StateSource }> {
  const cached = await ctx.redis.get(cacheKey(trip.id)).catch(() => null);
  if (cached) {
    const seqEnd = cached.indexOf(':');
    const timeEnd = cached.indexOf(':', seqEnd + 1);
    if (Number(cached.slice(0, seqEnd)) === trip.lastEventSeq) {
      if (Date.now() - Number(cached.slice(seqEnd + 1, timeEnd)) > STATE_REFRESH_AFTER_MS) void queryTripState(ctx, trip).catch(() => undefined);
      return { json: cached.slice(timeEnd + 1), source: 'cache' };
    }
  }
  try {
    return { json: (await queryTripState(ctx, trip)).json, source: 'workflow' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { json: JSON.stringify(stateFromRow(trip)), source: 'stored' };
    throw error;
  }
}

/** The trip's state (parsed), for routes that work with it; see readTripStateJson. */
export async function readTripState(ctx: ApiContext, trip: Trip): Promise<{ state: TripState; source: StateSource }> {
  const { json, source } = await readTripStateJson(ctx, trip);
  return { state: JSON.parse(json) as TripState, source };
}
