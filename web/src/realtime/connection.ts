// One Socket.IO connection per signed-in tab: authenticates with the current access token on every
// (re)connect, re-joins each watched trip with the last seq it holds, and feeds events into the store
// (and replies being written, `reply.delta`, into the draft store until the durable reply arrives).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents, TripEventName } from '../../../api/realtime.js';
import type { TripEvent } from '../api/types.js';
import type { TripEventStore } from './eventStore.js';
import type { ReplyDraftStore } from './replyDrafts.js';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export const tripEventNames: readonly TripEventName[] = ['progress', 'message', 'plan.updated', 'suggestion', 'trip.updated', 'proposal', 'booking.status', 'price.alert'];

export interface ConnectionOptions {
  store: TripEventStore;
  drafts?: ReplyDraftStore;
  token: () => string | null;
  /** Called when the server refused the token: refresh it; false means signed out. */
  refresh: () => Promise<boolean>;
  /** New events (after dedupe), for cache invalidation and notifications. */
  onEvents?: (tripId: string, events: TripEvent[]) => void;
  onJoinError?: (tripId: string, error: string) => void;
  url?: string;
}

type Listener = () => void;

export class RealtimeConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly joins = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  private state: ConnectionState = 'connecting';
  private everConnected = false;

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
      this.setState('online');
      for (const tripId of this.joins.keys()) this.sendJoin(tripId);
    });
    this.socket.on('disconnect', (reason) => {
      this.setState(reason === 'io client disconnect' ? 'offline' : 'reconnecting');
    });
    this.socket.on('connect_error', (error) => {
      this.setState(this.everConnected ? 'reconnecting' : 'connecting');
      if (error.message === 'unauthorized') {
        void options.refresh().then((ok) => {
          if (ok) this.socket.connect();
          else this.setState('offline');
        });
      }
    });
    this.socket.io.on('reconnect_attempt', () => this.setState('reconnecting'));
    for (const name of tripEventNames) {
      this.socket.on(name, (event: TripEvent) => this.receive(event));
    }
    this.socket.on('reply.delta', (delta) => options.drafts?.add(delta));
    // The server ends a connection when its access token expires: refresh now, so the reconnect that
    // follows carries a valid token (the rooms are re-joined from the last seq held).
    this.socket.on('session.expired', () => void options.refresh());
    this.socket.on('error', ({ tripId, error }) => {
      // replay_failed: the server dropped the subscription; join again from what we hold.
      if (error === 'replay_failed' && this.joins.has(tripId)) setTimeout(() => this.sendJoin(tripId), 500);
      else options.onJoinError?.(tripId, error);
    });
  }

  start(): void {
    this.socket.connect();
  }

  stop(): void {
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
    return () => {
      const remaining = (this.joins.get(tripId) ?? 1) - 1;
      if (remaining > 0) {
        this.joins.set(tripId, remaining);
        return;
      }
      this.joins.delete(tripId);
      if (this.socket.connected) this.socket.emit('leave', { tripId });
    };
  }

  private sendJoin(tripId: string): void {
    const lastSeq = this.options.store.lastSeq(tripId);
    this.socket.emit('join', { tripId, lastSeq }, (ack: JoinAck) => {
      if (!ack.ok) this.options.onJoinError?.(tripId, ack.error);
    });
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
