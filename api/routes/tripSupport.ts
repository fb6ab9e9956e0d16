// Shared by the trip-scoped routers (trips.ts, agent.ts): the trip's public view, the state built from a
// stored trip, workflow errors as HTTP problems and opaque keyset cursors.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { emptyTripRequest, type Pace, type TripPlan, type TripState } from '../../domain/trip.js';
import type { PrismaClient, Trip } from '../../infra/db.js';
import type { Principal } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError, type FieldProblem } from '../errors.js';
import { bigintIdSchema } from '../schemas/common.js';
import { tripPreferencesSchema, type TripView } from '../schemas/trips.js';
import { getTripState } from '../tripWorkflows.js';
import { pendingProposalsOf } from './bookingViews.js';

export type TripRole = TripView['role'];

/** The caller's role on a trip they were authorized for (one lookup for collaborators). */
export async function roleOn(prisma: PrismaClient, trip: Trip, principal: Principal): Promise<TripRole> {
  if (trip.ownerId === principal.userId) return 'owner';
  const collaborator = await prisma.tripCollaborator.findUnique({ where: { tripId_userId: { tripId: trip.id, userId: principal.userId } }, select: { role: true } });
  return collaborator?.role ?? 'read';
}

const dateOnly = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

export function preferencesOf(trip: Pick<Trip, 'preferences'>): TripView['preferences'] {
  const value = trip.preferences;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  // Keep only the known, valid keys: the column is free-form JSON written by several writers.
  const known = tripPreferencesSchema.safeParse(Object.fromEntries(Object.entries(value).filter(([key]) => ['pace', 'interests', 'cabinClass'].includes(key))));
  return known.success ? known.data : {};
}

export function toTripView(trip: Trip, role: TripRole): TripView {
  return {
    id: trip.id,
    ownerId: trip.ownerId,
    title: trip.title,
    status: trip.status,
    origin: trip.origin,
    destinations: trip.destinations,
    startDate: dateOnly(trip.startDate),
    endDate: dateOnly(trip.endDate),
    adults: trip.adults,
    children: trip.children,
    budget: trip.budgetAmount !== null && trip.budgetCurrency ? { amount: trip.budgetAmount.toNumber(), currency: trip.budgetCurrency } : null,
    preferences: preferencesOf(trip),
    role,
    lastEventSeq: trip.lastEventSeq,
    archivedAt: trip.archivedAt?.toISOString() ?? null,
    createdAt: trip.createdAt.toISOString(),
    updatedAt: trip.updatedAt.toISOString(),
  };
}

/**
 * The state of a trip whose workflow has not started (or whose history is gone), from the stored row:
 * its status (gathering for a new trip), dates, travelers, budget and preferences, the stored plan (null
 * before the first turn), no proposals or suggestions, no turns. Origin and destination stay null: the row
 * keeps only IATA codes, and the planner fills the places from the traveler's first message.
 */
export function stateFromRow(trip: Trip): TripState {
  const preferences = preferencesOf(trip);
  const pace: Pace = preferences.pace ?? 'balanced';
  const view = toTripView(trip, 'owner');
  return {
    tripId: trip.id,
    userId: trip.ownerId,
    status: trip.status,
    request: {
      ...emptyTripRequest,
      departDate: view.startDate,
      returnDate: view.endDate,
      adults: trip.adults,
      children: trip.children,
      budget: view.budget,
      cabinClass: preferences.cabinClass ?? emptyTripRequest.cabinClass,
      interests: preferences.interests ?? [],
      ...(preferences.maxStops !== undefined && preferences.maxStops !== null && { maxStops: preferences.maxStops }),
      ...(preferences.stay && { stay: preferences.stay }),
    },
    pace,
    plan: (trip.plan as TripPlan | null) ?? null,
    pendingProposals: [],
    bookings: [],
    suggestions: [],
    lastEventSeq: trip.lastEventSeq,
    turns: 0,
  };
}

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

export function assertNotArchived(trip: Trip): void {
  if (trip.status === 'archived') throw new HttpError(409, 'Conflict', 'The trip is archived.');
}

export function noPlanningSession(): HttpError {
  return new HttpError(409, 'Conflict', 'The trip has no planning session yet: send it a message first.');
}

/** Workflow rejections that mean "not in this state" rather than "bad input": 409 with the reason. */
const CONFLICT_REJECTIONS: Record<string, (failure: ApplicationFailure) => string> = {
  TripArchived: () => 'The trip is archived.',
  NoPlan: () => 'The trip has no plan to choose from yet: send it a message first.',
  BookingNotAwaitingApproval: (failure) => firstReason(failure) ?? 'The booking is not awaiting approval.',
  WatchStateConflict: (failure) => firstReason(failure) ?? 'The watch\'s state does not allow this.',
  SuggestionResolved: (failure) => firstReason(failure) ?? 'The suggestion was already answered.',
};

/**
 * A rejected workflow update as a problem: the validator's ValidationError (details [{field, reason}])
 * is a 422 naming the field; a state conflict (archived trip, booking already decided, stopped watch) a
 * 409. Anything else is rethrown.
 */
export function workflowRejection(error: unknown, subject = 'trip'): HttpError | null {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) return null;
  const failure = error.cause;
  if (failure.type === 'ValidationError') {
    const errors = (failure.details ?? []).filter(isFieldProblem);
    return new HttpError(422, 'Unprocessable Content', `The ${subject} rejected the input.`, errors.length > 0 ? errors : [{ field: 'body', reason: failure.message }]);
  }
  if (failure.type === 'SuggestionNotFound') return new HttpError(404, 'Not Found', 'No such suggestion on this trip.');
  if (failure.type === 'TurnFailed') {
    // Rolled back by the workflow (TURN_ROLLBACK_PATCH): the trip is as it was; the message is plain words.
    const refused = (failure.details ?? []).some((detail) => typeof detail === 'object' && detail !== null && (detail as { reason?: unknown }).reason === 'refused');
    return refused
      ? new HttpError(422, 'Unprocessable Content', failure.message, [{ field: 'body', reason: 'the trip could not store this change' }])
      : new HttpError(503, 'Service Unavailable', failure.message, undefined, { 'Retry-After': '5' });
  }
  const conflict = failure.type ? CONFLICT_REJECTIONS[failure.type] : undefined;
  if (conflict) return new HttpError(409, 'Conflict', conflict(failure));
  return null;
}

function firstReason(failure: ApplicationFailure): string | null {
  const problem = (failure.details ?? []).find(isFieldProblem);
  return problem ? `${problem.field}: ${problem.reason}` : null;
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && typeof (value as FieldProblem).field === 'string' && typeof (value as FieldProblem).reason === 'string';
}

// ---- Prefer: wait (RFC 7240) ----

/**
 * The `wait` preference in seconds, at most `maxSeconds`; null when the request states none. Preferences
 * are comma-separated (several Prefer headers arrive joined), each `name[=value]` with optional `;params`.
 */
export function preferredWaitSeconds(header: string | undefined, maxSeconds: number): number | null {
  for (const preference of header?.split(',') ?? []) {
    const match = /^\s*wait\s*=\s*"?(\d{1,10})"?\s*$/i.exec(preference.split(';')[0] ?? '');
    if (match) return Math.min(Number(match[1]), maxSeconds);
  }
  return null;
}

// ---- Opaque cursors for keyset pagination ----

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * The cursor's parts, or 422 naming `cursor` when it is not one this API issued: its shape (base64url) is
 * in the schema (400 otherwise), but whether this API wrote it cannot be (see CURSOR_RULE).
 */
export function decodeCursor<T extends (string | number)[]>(cursor: string, check: (parts: unknown[]) => parts is T): T {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && check(parts)) return parts;
  } catch {
    // fall through
  }
  throw new HttpError(422, 'Unprocessable Content', 'The cursor was not issued by this API.', [{ field: 'cursor', reason: 'is not a cursor from a previous page' }]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** [bigint id as a string]: the position of a row ordered by a bigint id (activity, price points). */
export const isIdCursor = (parts: unknown[]): parts is [string] => parts.length === 1 && bigintIdSchema('an id').safeParse(parts[0]).success;

/** [seq]: a position in a trip's event log. */
export const isSeqCursor = (parts: unknown[]): parts is [number] => parts.length === 1 && Number.isSafeInteger(parts[0]) && (parts[0] as number) >= 0;

/** [createdAt ISO, uuid]: the position of a row ordered by (createdAt, id). */
export const isTimeIdCursor = (parts: unknown[]): parts is [string, string] =>
  parts.length === 2 && typeof parts[0] === 'string' && !Number.isNaN(Date.parse(parts[0])) && typeof parts[1] === 'string' && UUID.test(parts[1]);
