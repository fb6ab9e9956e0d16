// The server side of the Socket.IO protocol (contracts/realtime.ts): typed server and socket, what a
// socket carries, room names, request validation, and how a failed join is reported.
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  tripEventNameOf,
  type ClientToServerEvents,
  type JoinAck,
  type JoinRequest,
  type LeaveRequest,
  type RealtimeError,
  type SeenRequest,
  type ServerToClientEvents,
  type TripEventRecord,
  type TypingRequest,
  type Viewer,
} from '../../contracts/realtime.js';
import { unavailableDependency } from '../../infra/unavailable.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../errors.js';
import type { TripSubscription } from './subscription.js';

type InterServerEvents = Record<string, never>;

/** A socket's membership of one trip: its event delivery, the join's answer, its typing flag. */
export interface TripMembership {
  delivery: TripSubscription;
  /** Settles with the join's answer once authorization is decided (a repeated join gets the same). */
  authorization: Promise<JoinAck>;
  /** This socket is typing in the trip's chat until then (ms since the epoch; 0: not typing). */
  typingUntil: number;
}

export interface SocketData {
  principal: Principal;
  /** When the handshake's access token expires (ms since the epoch); null for an API key. */
  expiresAt: number | null;
  /** This socket's trips by trip id. */
  trips: Map<string, TripMembership>;
  /** How this socket appears to the trip's other viewers (looked up at its first join). */
  viewer?: Pick<Viewer, 'id' | 'kind' | 'name'>;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The room of a trip's sockets (on every node). */
export const roomOf = (tripId: string) => `trip:${tripId}`;

export const MAX_TRIPS_PER_SOCKET = 100;

const tripId = z.string().min(1).max(64);
export const joinRequest: z.ZodType<JoinRequest> = z.object({ tripId, lastSeq: z.number().int().min(0).optional() });
export const leaveRequest: z.ZodType<LeaveRequest> = z.object({ tripId });
export const typingRequest: z.ZodType<TypingRequest> = z.object({ tripId, typing: z.boolean() });
export const seenRequest: z.ZodType<SeenRequest> = z.object({ tripId, seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** Sends a trip event as its Socket.IO event (types that are not sent are skipped). */
export function emitTripEvent(target: Pick<RealtimeSocket, 'emit'>, record: TripEventRecord): void {
  const name = tripEventNameOf(record.type);
  if (name) target.emit(name, record);
}

/** A failed join's code: a refusal (404/403), a dependency outage (retryable), or an internal error. */
export function failedJoinCode(error: unknown): RealtimeError {
  if (error instanceof HttpError && error.status === 404) return 'not_found';
  if (error instanceof HttpError && error.status === 403) return 'forbidden';
  if ((error instanceof HttpError && error.status === 503) || unavailableDependency(error)) return 'unavailable';
  return 'internal';
}

/** Answers a client request if it asked for an ack. */
export function reply<T>(ack: unknown, result: T): void {
  if (typeof ack === 'function') (ack as (result: T) => void)(result);
}
