// The Socket.IO protocol between the API (api/realtime/) and its clients (web/src/realtime/): event names,
// payloads, requests and acks. Plain types and constants only, so the web bundle, the API and the worker
// can all import it without pulling in server code.

/** A trip event as stored in the trip's log (gap-free `seq` per trip) and sent to the trip's sockets. */
export interface TripEventRecord {
  tripId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** A piece of a reply as the model writes it: `reply.delta` on the trip's Socket.IO room. */
export interface ReplyDelta {
  tripId: string;
  /** The turn's key: the clientMessageId of the message it answers, as in the durable reply's `message` event. */
  clientMessageId: string;
  /** Text that follows the pieces before it. */
  delta: string;
  /** 0, 1, 2… within one attempt; 0 starts the reply over (a retried step streams it again). */
  index: number;
}

/** Trip event types and the Socket.IO event each is sent as. Types not listed are not sent (seq still advances). */
export const tripEventNames = {
  progress: 'progress',
  message: 'message',
  'plan.updated': 'plan.updated',
  suggestion: 'suggestion',
  'trip.updated': 'trip.updated',
  proposal: 'proposal',
  'booking.status': 'booking.status',
  'price.alert': 'price.alert',
  /** A collaborator added, changed or deleted one of the trip's shared expenses (payload: expenseId, action, userId). */
  'expense.changed': 'expense.changed',
} as const;

export type TripEventName = (typeof tripEventNames)[keyof typeof tripEventNames];

/** The Socket.IO event a trip event of `type` is sent as, or undefined if it is not sent. */
export function tripEventNameOf(type: string): TripEventName | undefined {
  return Object.hasOwn(tripEventNames, type) ? tripEventNames[type as keyof typeof tripEventNames] : undefined;
}

/** Someone viewing a trip. */
export interface Viewer {
  /** The user (a traveler) or the API key (an agent). */
  id: string;
  kind: 'traveler' | 'agent';
  name: string;
  typing: boolean;
}

/** Everyone viewing the trip now (`presence`, sent whenever it changes). */
export interface PresenceUpdate {
  tripId: string;
  viewers: Viewer[];
}

/** Someone who has seen the trip's chat up to `seq` (the latest reply their screen displayed). */
export interface Reader {
  id: string;
  kind: 'traveler' | 'agent';
  name: string;
  seq: number;
}

/** Who has seen how far into the trip's chat (`seen`, sent when it moves and after a join). Ephemeral. */
export interface SeenUpdate {
  tripId: string;
  readers: Reader[];
}

/** The client displayed the trip's reply at `seq` (its latest assistant `message` event). */
export interface SeenRequest {
  tripId: string;
  seq: number;
}

/** A typing flag lapses this long after the client last said it was typing. */
export const TYPING_TTL_MS = 6_000;

/**
 * Why a join failed. `unavailable` (a dependency is down) and `replay_failed` are passing: the client joins
 * again (with backoff) from its last seq; the others stand until something changes.
 */
export type RealtimeError = 'invalid_request' | 'not_found' | 'forbidden' | 'too_many_trips' | 'replay_failed' | 'unavailable' | 'internal';

/** The join errors a client retries (with backoff, from its last seq). */
export const retryableJoinErrors: readonly RealtimeError[] = ['unavailable', 'replay_failed'];

/** Subscribe to a trip's events after `lastSeq` (the highest seq the client holds; 0 or absent: from the start). */
export interface JoinRequest {
  tripId: string;
  lastSeq?: number;
}
export interface LeaveRequest {
  tripId: string;
}
/** The user is typing in the trip's chat (repeat every few seconds while typing), or stopped. */
export interface TypingRequest {
  tripId: string;
  typing: boolean;
}

export type JoinAck = { ok: true; tripId: string } | { ok: false; error: RealtimeError };
export type LeaveAck = { ok: true } | { ok: false; error: 'invalid_request' };

export type ServerToClientEvents = { [name in TripEventName]: (event: TripEventRecord) => void } & {
  error: (error: { tripId: string; error: RealtimeError }) => void;
  /** The access token expired: the transport closes next; reconnect with a fresh token. */
  'session.expired': () => void;
  /** A piece of a reply being written (ephemeral; the `message` event brings the whole reply). */
  'reply.delta': (delta: ReplyDelta) => void;
  /** Everyone viewing the trip now, and who of them is typing (sent whenever it changes). */
  presence: (update: PresenceUpdate) => void;
  /** How far each collaborator has read the trip's chat (sent when it moves, and to a socket that joins). */
  seen: (update: SeenUpdate) => void;
};

export interface ClientToServerEvents {
  join: (request: JoinRequest, ack?: (result: JoinAck) => void) => void;
  leave: (request: LeaveRequest, ack?: (result: LeaveAck) => void) => void;
  typing: (request: TypingRequest) => void;
  'trip.seen': (request: SeenRequest) => void;
}
