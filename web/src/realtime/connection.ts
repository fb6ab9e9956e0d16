// One Socket.IO connection per signed-in tab: authenticates with the current access token on every
// (re)connect, re-joins each watched trip with the last seq it holds, and feeds events into the store
// (and replies being written, `reply.delta`, into the draft store until the durable reply arrives).
import { io, type Socket } from 'socket.io-client';
import { retryableJoinErrors, tripEventNames, type ClientToServerEvents, type JoinAck, type RealtimeError, type ServerToClientEvents } from '../../../contracts/realtime.js';
import type { TripEvent } from '../api/types.js';
import type { TripEventStore } from './eventStore.js';
import type { PresenceStore } from './presence.js';
import type { ReadersStore } from './receipts.js';
import type { ReplyDraftStore } from './replyDrafts.js';

/**
 * `online`: the socket is live. `polling`: the socket cannot connect (a proxy or network blocking
 * WebSockets), events are read over HTTP instead. `offline`: neither reaches the API.
 */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'polling' | 'offline';

/**
 * A page of a trip's event log over HTTP (`GET /api/trips/:id/events?after=`): `after` is the last seq the store
 * holds, whether the socket or a poll delivered it, so polling resumes exactly where socket replay left off.
 */
export type EventPoller = (tripId: string, after: number) => Promise<{ items: TripEvent[] }>;

/** How long the socket may fail to connect before events are polled over HTTP, and how often then. */
export const POLLING = { fallbackAfterMs: 4_000, everyMs: 2_500, pageSize: 200 } as const;

export interface ConnectionOptions {
  store: TripEventStore;
  drafts?: ReplyDraftStore;
  presence?: PresenceStore;
  readers?: ReadersStore;
  token: () => string | null;
  /** Called when the server refused the token: refresh it; false means signed out. */
  refresh: () => Promise<boolean>;
  /** New events (after dedupe), for cache invalidation and notifications. */
  onEvents?: (tripId: string, events: TripEvent[]) => void;
  onJoinError?: (tripId: string, error: RealtimeError) => void;
  /** A join failed for a passing reason (`unavailable`, `replay_failed`) and is retried in `delayMs`. */
  onJoinRetry?: (tripId: string, error: RealtimeError, delayMs: number) => void;
  /** Reads events over HTTP while the socket cannot connect (no fallback without it). */
  poll?: EventPoller;
  url?: string;
}

type Listener = () => void;

/** Backoff of join retries (and of reconnects the server refused as unavailable): doubling, with jitter. */
export const REJOIN_BACKOFF = { initialMs: 500, maxMs: 10_000 } as const;

/** The delay before retry number `attempt` (0-based): doubling from initialMs up to maxMs, ±20 % jitter. */
export function rejoinDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(REJOIN_BACKOFF.maxMs, REJOIN_BACKOFF.initialMs * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class RealtimeConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly joins = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  private state: ConnectionState = 'connecting';
  private everConnected = false;
  /** Pending join retries by trip, and how many were tried since the trip last joined. */
  private readonly rejoins = new Map<string, { timer: ReturnType<typeof setTimeout> | null; attempts: number }>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectAttempts = 0;
  /** The HTTP fallback: armed while the socket is not connected, polling once it has failed long enough. */
  private fallbackTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling = false;
  private stopped = false;
  /** The latest reply seq this tab displayed per trip: told to the server, again after each (re)join. */
  private readonly seenSeqs = new Map<string, number>();

  constructor(private readonly options: ConnectionOptions) {
    this.socket = io(options.url ?? '', {
      path: '/socket.io',
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (callback) => callback({ token: options.token() ?? '' }),
    });
    this.socket.on('connect', () => {
      this.everConnected = true;
      this.reconnectAttempts = 0;
      this.stopPolling();
      this.setState('online');
      // A fresh connection joins every watched trip now; retries waiting for the old one are moot.
      for (const tripId of this.joins.keys()) {
        this.cancelRejoin(tripId);
        this.sendJoin(tripId);
      }
    });
    this.socket.on('disconnect', (reason) => {
      options.presence?.clear();
      this.setState(reason === 'io client disconnect' ? 'offline' : 'reconnecting');
      if (reason !== 'io client disconnect') this.armFallback();
    });
    this.socket.on('connect_error', (error) => {
      this.armFallback();
      if (!this.polling) this.setState(this.everConnected ? 'reconnecting' : 'connecting');
      if (error.message === 'unauthorized') {
        void options.refresh().then((ok) => {
          if (ok) this.socket.connect();
          else this.setState('offline');
        });
      } else if (error.message === 'unavailable' && !this.socket.active) {
        // The server refused the handshake during an outage: Socket.IO does not retry a refusal, so we do.
        this.reconnectTimer ??= setTimeout(() => {
          this.reconnectTimer = null;
          if (this.state !== 'offline') this.socket.connect();
        }, rejoinDelay(this.reconnectAttempts++));
      }
    });
    this.socket.io.on('reconnect_attempt', () => {
      if (!this.polling) this.setState('reconnecting');
    });
    for (const name of Object.values(tripEventNames)) {
      this.socket.on(name, (event: TripEvent) => this.receive(event));
    }
    this.socket.on('reply.delta', (delta) => options.drafts?.add(delta));
    this.socket.on('presence', (update) => options.presence?.set(update));
    this.socket.on('seen', (update) => options.readers?.set(update));
    // The server ends a connection when its access token expires: refresh now, so the reconnect that
    // follows carries a valid token (the rooms are re-joined from the last seq held).
    this.socket.on('session.expired', () => void options.refresh());
    // A failed join also arrives here (besides its ack); a replay failure only here.
    this.socket.on('error', ({ tripId, error }) => this.joinFailed(tripId, error));
  }

  start(): void {
    this.stopped = false;
    this.socket.connect();
    this.armFallback();
  }

  stop(): void {
    this.stopped = true;
    this.stopPolling();
    for (const tripId of [...this.rejoins.keys()]) this.cancelRejoin(tripId);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket.disconnect();
    this.setState('offline');
  }

  getState(): ConnectionState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Watches a trip's events until the returned function is called (reference counted). */
  watchTrip(tripId: string): () => void {
    const count = this.joins.get(tripId) ?? 0;
    this.joins.set(tripId, count + 1);
    if (count === 0 && this.socket.connected) this.sendJoin(tripId);
    if (count === 0 && this.polling) void this.pollTrip(tripId);
    return () => {
      const remaining = (this.joins.get(tripId) ?? 1) - 1;
      if (remaining > 0) {
        this.joins.set(tripId, remaining);
        return;
      }
      this.joins.delete(tripId);
      this.cancelRejoin(tripId);
      if (this.socket.connected) this.socket.emit('leave', { tripId });
    };
  }

  /** Tells the trip's other viewers this user is typing (repeat while typing) or stopped; dropped offline. */
  typing(tripId: string, typing: boolean): void {
    if (this.socket.connected && this.joins.has(tripId)) this.socket.emit('typing', { tripId, typing });
  }

  /** Tells the trip's collaborators this tab displayed the reply at `seq` (sent once joined; later seqs only). */
  seen(tripId: string, seq: number): void {
    if ((this.seenSeqs.get(tripId) ?? 0) >= seq) return;
    this.seenSeqs.set(tripId, seq);
    if (this.socket.connected && this.joins.has(tripId)) this.socket.emit('trip.seen', { tripId, seq });
  }

  private sendJoin(tripId: string): void {
    const lastSeq = this.options.store.lastSeq(tripId);
    this.socket.emit('join', { tripId, lastSeq }, (ack: JoinAck) => {
      const seenSeq = this.seenSeqs.get(tripId);
      // A `trip.seen` sent before the join was answered was ignored: say it again.
      if (ack.ok && seenSeq !== undefined) this.socket.emit('trip.seen', { tripId, seq: seenSeq });
      if (ack.ok) this.rejoins.delete(tripId);
      else this.joinFailed(tripId, ack.error);
    });
  }

  /**
   * A passing failure (outage, failed replay) retries the join with backoff while the trip is watched and
   * the socket connected (a reconnect joins anyway); the join resumes from the last seq held, so the
   * events missed meanwhile are replayed. Other failures are reported.
   */
  private joinFailed(tripId: string, error: RealtimeError): void {
    if (!retryableJoinErrors.includes(error)) {
      this.options.onJoinError?.(tripId, error);
      return;
    }
    if (!this.joins.has(tripId)) return;
    const retry = this.rejoins.get(tripId) ?? { timer: null, attempts: 0 };
    if (retry.timer) return; // the ack and the error event of one failure schedule one retry
    const delayMs = rejoinDelay(retry.attempts);
    retry.timer = setTimeout(() => {
      retry.timer = null;
      if (this.joins.has(tripId) && this.socket.connected) this.sendJoin(tripId);
    }, delayMs);
    retry.attempts += 1;
    this.rejoins.set(tripId, retry);
    this.options.onJoinRetry?.(tripId, error, delayMs);
  }

  private cancelRejoin(tripId: string): void {
    const retry = this.rejoins.get(tripId);
    if (retry?.timer) clearTimeout(retry.timer);
    this.rejoins.delete(tripId);
  }

  /** Starts polling if the socket is still not connected after POLLING.fallbackAfterMs. */
  private armFallback(): void {
    if (!this.options.poll || this.polling || this.fallbackTimer || this.stopped) return;
    this.fallbackTimer = setTimeout(() => {
      this.fallbackTimer = null;
      if (!this.socket.connected && !this.stopped) this.startPolling();
    }, POLLING.fallbackAfterMs);
  }

  private startPolling(): void {
    if (this.polling) return;
    this.polling = true;
    this.setState('polling');
    void this.pollRound();
  }

  private stopPolling(): void {
    this.polling = false;
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.fallbackTimer = null;
    this.pollTimer = null;
  }

  /** One round over every watched trip; the state says whether HTTP reaches the API. The socket keeps retrying meanwhile. */
  private async pollRound(): Promise<void> {
    if (!this.polling) return;
    const results = await Promise.all([...this.joins.keys()].map((tripId) => this.pollTrip(tripId)));
    if (!this.polling) return;
    this.setState(results.every(Boolean) ? 'polling' : 'offline');
    this.pollTimer = setTimeout(() => void this.pollRound(), POLLING.everyMs);
  }

  /** Reads the trip's events after the last seq held, page by page; false when the API was not reached. */
  private async pollTrip(tripId: string): Promise<boolean> {
    const poll = this.options.poll;
    if (!poll) return false;
    try {
      for (let page = 0; page < 20 && this.polling; page += 1) {
        const after = this.options.store.lastSeq(tripId);
        const { items: events } = await poll(tripId, after);
        for (const event of events) this.receive(event);
        if (events.length < POLLING.pageSize) break;
      }
      return true;
    } catch {
      return false;
    }
  }

  private receive(event: TripEvent): void {
    const { role, clientMessageId } = event.payload;
    if (event.type === 'message' && role === 'assistant' && typeof clientMessageId === 'string') this.options.drafts?.finish(event.tripId, clientMessageId);
    const fresh = this.options.store.add(event.tripId, [event]);
    if (fresh.length > 0) this.options.onEvents?.(event.tripId, fresh);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
