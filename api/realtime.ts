// Socket.IO: authenticated clients join trip rooms and receive the trip's event log (infra/tripEvents.ts),
// first the gap since the `lastSeq` they already have, then live events: every event exactly once, in
// `seq` order, on any number of API nodes.
//
// How events reach a client, and why each one arrives exactly once:
//
// - Postgres is the source of truth (gap-free `seq` per trip); Redis pub/sub is only the fan-out. Every
//   API node holds ONE pattern subscription (`channelPattern()`) and relays each published event to the
//   sockets of `trip:<tripId>` connected to THIS node (`io.local`). It must not broadcast through the
//   Redis adapter: every node already receives every event from Redis itself, so an adapter broadcast
//   would reach each client once per node (N copies on N nodes). Local relay gives each client exactly
//   one copy from the one node it is connected to, with no extra Redis hop and no leader election. The
//   adapter (@socket.io/redis-adapter) is still installed, for what does need cross-node coordination:
//   room queries and operations (`io.in(room).fetchSockets()`, `socketsLeave`, `disconnectSockets`) and
//   any future server-originated broadcast that is not in the event log.
//
// - Per socket and trip, the node tracks `delivered`, the highest seq that socket has been sent; the
//   client sends its own as `lastSeq` on (re)join. Delivery is contiguous: seq `delivered + 1` is sent,
//   anything `<= delivered` is dropped (duplicates: replay/live overlap, a duplicated publish), and
//   anything beyond a gap is held back.
//
// - Join: the socket joins the room BEFORE the replay reads the log, so every event is either committed
//   before the read started (the read returns it) or published after the join (the relay sees it).
//   While the replay pages through the log, live events for that socket are buffered; after the last
//   page the buffer is flushed in seq order and the socket goes live, all synchronously, so nothing can
//   slip between "replay finished" and "live".
//
// - Gaps in live delivery: concurrent writers can publish out of order (seq 7 reaches Redis before 6),
//   and a publish can be lost (TripEventLog logs it; Redis down). A publish happens only after its
//   commit, and seq allocation is serialized by the trip row lock, so when seq N is published every
//   seq < N is already readable. A socket that sees a gap buffers and waits `gapWaitMs` for the missing
//   event to arrive; if it does not, it catches up from the log (the same path as the join replay).
//   After the relay's Redis connection reconnects (publishes during the outage are lost), every live
//   subscription catches up from the log. An event whose publish is lost and that is followed by no
//   other event (a worker killed between its commit and its publish) is found by the tail check: every
//   `tailCheckMs` ONE query reads the last seq of every trip with live subscriptions on this node, and a
//   subscription behind it catches up from the log. (A retried writer also publishes its event again.)
//
// - Fan-out cost: sockets that are in sync get the event as ONE broadcast (encoded once); only sockets
//   catching up are sent events one by one.
//
// - Reply deltas (`reply.delta`, the reply as the model writes it) are ephemeral: not in the log, no seq,
//   relayed from their own Redis pattern to the local sockets of the room as they come, never replayed. A
//   client that misses some (joined late, reconnected) gets the whole reply from the durable `message`.
//
// Authentication and authorization happen at the handshake and at each join. A connection opened with an
// access token ends when the token expires: the server sends `session.expired` and closes the transport,
// so the client reconnects with a fresh token (from its auth callback) and resumes by seq, losing
// nothing. An API key is checked again (revoked? expired?) at each join. Losing access to a trip takes
// effect at the next join or reconnect.
//
// Presence and typing (api/presence.ts) are ephemeral too: who has joined a trip and who is typing in its
// chat, kept in Redis with expiry and broadcast to the room through the Redis adapter (every node's
// sockets), never written to the log.
//
// Behind a load balancer without sticky sessions clients must use the websocket transport only
// (HTTP long-polling needs every request of a session to reach the same node).
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Counter, Gauge, Histogram } from 'prom-client';
import { decodeJwt } from 'jose';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { metricsRegistry } from '../infra/metrics.js';
import { unavailableDependency } from '../infra/unavailable.js';
import type { ReplyDelta, TripEventRecord } from '../infra/tripEvents.js';
import { principalFromToken } from './auth/authenticate.js';
import { PRESENCE_HEARTBEAT_MS, PresenceStore, TYPING_TTL_MS, type PresenceUpdate, type Viewer } from './presence.js';
import { authorizeTrip } from './auth/authorize.js';
import type { Principal } from './auth/principal.js';
import type { ApiContext } from './context.js';
import { HttpError } from './errors.js';
import { allowedOrigins } from './security.js';

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
} as const;

export type TripEventName = (typeof tripEventNames)[keyof typeof tripEventNames];

export type JoinAck = { ok: true; tripId: string } | { ok: false; error: RealtimeError };
export type LeaveAck = { ok: true } | { ok: false; error: 'invalid_request' };
/**
 * Why a join failed. `unavailable` (a dependency is down) and `replay_failed` are passing: the client joins
 * again (with backoff) from its last seq; the others stand until something changes.
 */
export type RealtimeError = 'invalid_request' | 'not_found' | 'forbidden' | 'too_many_trips' | 'replay_failed' | 'unavailable' | 'internal';

export type ServerToClientEvents = { [name in TripEventName]: (event: TripEventRecord) => void } & {
  error: (error: { tripId: string; error: RealtimeError }) => void;
  /** The access token expired: the transport closes next; reconnect with a fresh token. */
  'session.expired': () => void;
  /** A piece of a reply being written (ephemeral; the `message` event brings the whole reply). */
  'reply.delta': (delta: ReplyDelta) => void;
  /** Everyone viewing the trip now, and who of them is typing (sent whenever it changes). */
  presence: (update: PresenceUpdate) => void;
};

export interface ClientToServerEvents {
  join: (request: { tripId: string; lastSeq?: number }, ack?: (result: JoinAck) => void) => void;
  leave: (request: { tripId: string }, ack?: (result: LeaveAck) => void) => void;
  /** The user is typing in the trip's chat (repeat every few seconds while typing), or stopped. */
  typing: (request: { tripId: string; typing: boolean }) => void;
}

type InterServerEvents = Record<string, never>;

interface SocketData {
  principal: Principal;
  /** When the handshake's access token expires (ms since the epoch); null for an API key. */
  expiresAt: number | null;
  /** This socket's trip subscriptions by trip id. */
  subs: Map<string, Subscription>;
  /** How this socket appears to the trip's other viewers (looked up at its first join). */
  viewer?: Pick<Viewer, 'id' | 'kind' | 'name'>;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

interface Subscription {
  tripId: string;
  /** authorizing: not in the room yet; replaying: reading the log, live events buffered; live: relayed. */
  state: 'authorizing' | 'replaying' | 'live';
  /** Highest seq sent to this socket (or the client's lastSeq). */
  delivered: number;
  /** Live events beyond `delivered + 1`, held until the gap is filled. */
  buffer: Map<number, TripEventRecord>;
  joinedAt: number;
  /** A catch-up asked for while one was running: it may only go live after a read started at or after this. */
  freshAfter: number;
  /** Settles with the join's answer once authorization is decided (a repeated join gets the same). */
  authorization: Promise<JoinAck>;
  /** This socket is typing in the trip's chat until then (ms since the epoch; 0: not typing). */
  typingUntil: number;
}

export interface Realtime {
  io: RealtimeServer;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  /** Replay page size (events per log read). */
  pageSize?: number;
  /** How long a live gap may stay open before the socket catches up from the log. */
  gapWaitMs?: number;
  /** How often live subscriptions are compared with their trips' last seq in the log (0: never). */
  tailCheckMs?: number;
}

const MAX_TRIPS_PER_SOCKET = 100;
const DEFAULT_PAGE_SIZE = 200;
const DEFAULT_GAP_WAIT_MS = 100;
const DEFAULT_TAIL_CHECK_MS = 3_000;
/** Log reads that find nothing to fill a gap before it is skipped (the trip was deleted, or rows vanished). */
const MAX_EMPTY_READS = 20;

const roomOf = (tripId: string) => `trip:${tripId}`;

const joinRequest = z.object({ tripId: z.string().min(1).max(64), lastSeq: z.number().int().min(0).optional() });
const leaveRequest = z.object({ tripId: z.string().min(1).max(64) });
const typingRequest = z.object({ tripId: z.string().min(1).max(64), typing: z.boolean() });
/** Typing notices closer together than this (per socket and trip) are not relayed. */
const TYPING_MIN_INTERVAL_MS = 1_000;
const publishedEvent = z.object({
  tripId: z.string(),
  seq: z.number().int().positive(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
const publishedReplyDelta = z.object({ tripId: z.string(), clientMessageId: z.string(), delta: z.string(), index: z.number().int().min(0) });

const connections = new Gauge({
  name: 'tripsage_realtime_connections',
  help: 'Socket.IO connections open on this API process.',
  registers: [metricsRegistry],
});
const catchUps = new Counter({
  name: 'tripsage_realtime_catchups_total',
  help: 'Reads of the trip event log to bring a socket up to date, by reason (join, gap, resync after a Redis reconnect, tail: an event no publish announced).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

const relayDuration = new Histogram({
  name: 'tripsage_realtime_relay_seconds',
  help: 'Time to hand one published trip event to every local socket of its room (synchronous part of the fan-out).',
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
  registers: [metricsRegistry],
});

export async function attachRealtime(server: HttpServer, ctx: ApiContext, options: RealtimeOptions = {}): Promise<Realtime> {
  const { config, logger: rootLogger, events } = ctx;
  const logger = rootLogger.child({ component: 'realtime' });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const gapWaitMs = options.gapWaitMs ?? DEFAULT_GAP_WAIT_MS;
  const tailCheckMs = options.tailCheckMs ?? DEFAULT_TAIL_CHECK_MS;

  // The adapter publishes to channels it names itself: no ioredis keyPrefix (it would not apply to
  // channels anyway), the run's prefix goes into the adapter's `key` so tenants and test runs stay apart.
  // Named (CLIENT LIST) after the run's prefix.
  const connection = (name: string) => ctx.redis.duplicate({ keyPrefix: '', connectionName: `${config.REDIS_KEY_PREFIX}${name}` });
  const adapterPub = connection('socket.io-pub');
  const adapterSub = connection('socket.io-sub');
  const relaySub = connection('realtime-relay');
  const redisClients = [adapterPub, adapterSub, relaySub];
  for (const [index, client] of redisClients.entries()) {
    client.on('error', (error: unknown) => logger.warn({ err: error, connection: ['adapter-pub', 'adapter-sub', 'relay'][index] }, 'realtime redis error'));
  }

  const io: RealtimeServer = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    // The same allowlist as the REST API's CORS (api/security.ts).
    cors: { origin: allowedOrigins(config), credentials: true },
    maxHttpBufferSize: 64 * 1024,
    adapter: createAdapter(adapterPub, adapterSub, { key: `${config.REDIS_KEY_PREFIX}socket.io` }),
    // A dropped network shows as a disconnect within ~10 s, so a viewer who is gone stops showing soon.
    pingInterval: 5_000,
    pingTimeout: 5_000,
  });
  const nsp = io.of('/');
  let closing = false;

  // --- handshake ---------------------------------------------------------------------------------
  io.use((socket, next) => {
    if (closing) return next(new Error('unavailable'));
    const token = handshakeToken(socket.handshake.auth, socket.handshake.headers.authorization);
    if (!token) return next(new Error('unauthorized'));
    principalFromToken(ctx, token).then(
      (principal) => {
        const expiresAt = principal.kind === 'user' ? accessTokenExpiry(token) : null;
        // No clock tolerance here: a token the expiry timer would end at once must be refreshed first.
        if (expiresAt !== null && expiresAt <= Date.now()) return next(new Error('unauthorized'));
        socket.data.principal = principal;
        socket.data.expiresAt = expiresAt;
        socket.data.subs = new Map();
        next();
      },
      (error: unknown) => {
        if (error instanceof HttpError && error.status < 500) return next(new Error('unauthorized'));
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      },
    );
  });

  // --- delivery ----------------------------------------------------------------------------------
  const emitTo = (target: Pick<RealtimeSocket, 'emit'>, record: TripEventRecord) => {
    const name = eventNameOf(record.type);
    if (name) target.emit(name, record);
  };

  /** Sends `record` if it is the next one, buffers it if it is beyond a gap, drops it if already sent. */
  const offer = (socket: RealtimeSocket, sub: Subscription, record: TripEventRecord) => {
    if (record.seq <= sub.delivered) return;
    if (record.seq === sub.delivered + 1) {
      emitTo(socket, record);
      sub.delivered = record.seq;
    } else {
      sub.buffer.set(record.seq, record);
    }
  };

  const flush = (socket: RealtimeSocket, sub: Subscription) => {
    for (let next = sub.buffer.get(sub.delivered + 1); next; next = sub.buffer.get(sub.delivered + 1)) {
      sub.buffer.delete(next.seq);
      emitTo(socket, next);
      sub.delivered = next.seq;
    }
    for (const seq of sub.buffer.keys()) if (seq <= sub.delivered) sub.buffer.delete(seq);
  };

  const isCurrent = (socket: RealtimeSocket, sub: Subscription) => socket.connected && socket.data.subs.get(sub.tripId) === sub;

  // Concurrent identical log reads (many sockets of one trip catching up at once) share one query, but
  // only a query that started at or after `notBefore`: a join's replay must not reuse a read that began
  // before the socket joined the room, or an event committed in between would be missed.
  const reads = new Map<string, { startedAt: number; result: Promise<TripEventRecord[]> }>();
  const readAfter = (tripId: string, afterSeq: number, notBefore: number): Promise<TripEventRecord[]> => {
    const key = `${tripId}:${afterSeq}`;
    const inFlight = reads.get(key);
    if (inFlight && inFlight.startedAt >= notBefore) return inFlight.result;
    const entry = { startedAt: performance.now(), result: events.after(tripId, afterSeq, pageSize) };
    reads.set(key, entry);
    const forget = () => {
      if (reads.get(key) === entry) reads.delete(key);
    };
    entry.result.then(forget, forget);
    return entry.result;
  };

  /** Brings one subscription up to date from the log, then flushes buffered live events and goes live. */
  const catchUp = async (socket: RealtimeSocket, sub: Subscription, notBefore: number, reason: 'join' | 'gap' | 'resync' | 'tail'): Promise<void> => {
    if (sub.state === 'replaying') {
      sub.freshAfter = Math.max(sub.freshAfter, notBefore);
      return;
    }
    sub.state = 'replaying';
    catchUps.inc({ reason });
    let emptyReads = 0;
    let since = notBefore;
    try {
      for (;;) {
        const readSince = since;
        const page = await readAfter(sub.tripId, sub.delivered, readSince);
        if (!isCurrent(socket, sub)) return;
        for (const record of page) offer(socket, sub, record);
        flush(socket, sub);
        if (page.length >= pageSize) continue;
        if (sub.freshAfter > readSince) {
          since = sub.freshAfter; // e.g. the relay reconnected during this replay: read once more
          continue;
        }
        if (sub.buffer.size === 0) {
          sub.state = 'live';
          return;
        }
        // Live events are buffered beyond a gap the read did not cover yet: read again, freshly.
        if (page.length === 0 && ++emptyReads >= MAX_EMPTY_READS) {
          logger.warn({ tripId: sub.tripId, delivered: sub.delivered, buffered: [...sub.buffer.keys()] }, 'trip event gap not in the log; skipping it');
          for (const record of [...sub.buffer.values()].sort((a, b) => a.seq - b.seq)) {
            emitTo(socket, record);
            sub.delivered = record.seq;
          }
          sub.buffer.clear();
          sub.state = 'live';
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
        since = performance.now();
        if (!isCurrent(socket, sub)) return;
      }
    } catch (error) {
      if (!isCurrent(socket, sub)) return;
      logger.error({ err: error, tripId: sub.tripId, socketId: socket.id }, 'trip event replay failed');
      // Unsubscribe so the client sees the failure and re-joins with its lastSeq (nothing is lost).
      socket.data.subs.delete(sub.tripId);
      void socket.leave(roomOf(sub.tripId));
      socket.emit('error', { tripId: sub.tripId, error: 'replay_failed' });
    }
  };

  // --- relay -------------------------------------------------------------------------------------
  const gapTimers = new Map<string, NodeJS.Timeout>();

  const checkGaps = (tripId: string) => {
    gapTimers.delete(tripId);
    for (const [socket, sub] of localSubscriptions(tripId)) {
      if (sub.state === 'live' && sub.buffer.size > 0) void catchUp(socket, sub, sub.joinedAt, 'gap');
    }
  };

  function* localSubscriptions(tripId: string): Generator<[RealtimeSocket, Subscription]> {
    const members = nsp.adapter.rooms.get(roomOf(tripId));
    if (!members) return;
    for (const id of members) {
      const socket = nsp.sockets.get(id);
      const sub = socket?.data.subs?.get(tripId);
      if (socket && sub) yield [socket, sub];
    }
  }

  const relay = (record: TripEventRecord) => {
    const room = roomOf(record.tripId);
    const members = nsp.adapter.rooms.get(room);
    if (!members || members.size === 0) return;
    const inSync: string[] = [];
    let gap = false;
    for (const [socket, sub] of localSubscriptions(record.tripId)) {
      if (record.seq <= sub.delivered || sub.state === 'authorizing') continue;
      if (sub.state === 'replaying') {
        sub.buffer.set(record.seq, record);
      } else if (record.seq === sub.delivered + 1 && sub.buffer.size === 0) {
        inSync.push(socket.id);
        sub.delivered = record.seq;
      } else {
        sub.buffer.set(record.seq, record);
        flush(socket, sub);
        if (sub.buffer.size > 0) gap = true;
      }
    }
    if (inSync.length > 0) emitTo(inSync.length === members.size ? io.local.to(room) : io.local.to(inSync), record);
    if (gap && !gapTimers.has(record.tripId)) gapTimers.set(record.tripId, setTimeout(() => checkGaps(record.tripId), gapWaitMs));
  };

  /** Hands a reply delta to the room's local sockets (nothing to order or catch up: it is not in the log). */
  const relayReplyDelta = (channel: string, message: string) => {
    let delta: ReplyDelta;
    try {
      delta = publishedReplyDelta.parse(JSON.parse(message));
    } catch (error) {
      logger.warn({ err: error, channel }, 'ignoring a malformed reply delta');
      return;
    }
    const room = roomOf(delta.tripId);
    if (nsp.adapter.rooms.get(room)?.size) io.local.to(room).emit('reply.delta', delta);
  };

  const patterns = [events.channelPattern(), events.liveChannelPattern()];
  relaySub.on('pmessage', (pattern: string, channel: string, message: string) => {
    if (pattern === events.liveChannelPattern()) return relayReplyDelta(channel, message);
    let record: TripEventRecord;
    try {
      record = publishedEvent.parse(JSON.parse(message));
    } catch (error) {
      logger.warn({ err: error, channel }, 'ignoring a malformed trip event message');
      return;
    }
    const started = performance.now();
    relay(record);
    relayDuration.observe((performance.now() - started) / 1000);
  });

  // Publishes made while the relay was disconnected are lost: once it is subscribed again, every live
  // subscription reads what it missed from the log.
  let everReady = false;
  relaySub.on('ready', () => {
    if (!everReady) {
      everReady = true;
      return;
    }
    relaySub
      .psubscribe(...patterns)
      .then(() => {
        if (closing) return;
        const since = performance.now();
        logger.info('realtime relay reconnected; catching up live subscriptions');
        for (const socket of nsp.sockets.values()) {
          for (const sub of socket.data.subs?.values() ?? []) if (sub.state === 'live') void catchUp(socket, sub, since, 'resync');
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, 'realtime relay could not resubscribe'));
  });
  await relaySub.psubscribe(...patterns);
  everReady = true;

  // --- tail check --------------------------------------------------------------------------------
  // One query per period for all trips with live subscriptions here (the subscriptions' own ids come
  // back, so the rooms match whatever spelling the client joined with).
  let tailCheckRunning = false;
  const checkTails = async (): Promise<void> => {
    const lowestDelivered = new Map<string, number>();
    for (const socket of nsp.sockets.values()) {
      for (const sub of socket.data.subs?.values() ?? []) {
        if (sub.state === 'live') lowestDelivered.set(sub.tripId, Math.min(lowestDelivered.get(sub.tripId) ?? Number.POSITIVE_INFINITY, sub.delivered));
      }
    }
    if (lowestDelivered.size === 0) return;
    const tripIds = [...lowestDelivered.keys()];
    const rows = await ctx.prisma.$queryRaw<{ tripId: string; lastSeq: number }[]>`
      SELECT requested.id AS "tripId", trips."lastEventSeq" AS "lastSeq"
      FROM unnest(${tripIds}::text[]) AS requested(id) JOIN trips ON trips.id = requested.id::uuid`;
    if (closing) return;
    const since = performance.now();
    for (const { tripId, lastSeq } of rows) {
      if (lastSeq <= (lowestDelivered.get(tripId) ?? Number.POSITIVE_INFINITY)) continue;
      for (const [socket, sub] of localSubscriptions(tripId)) {
        if (sub.state === 'live' && sub.delivered < lastSeq) void catchUp(socket, sub, since, 'tail');
      }
    }
  };
  const tailTimer =
    tailCheckMs > 0
      ? setInterval(() => {
          if (tailCheckRunning || closing) return;
          tailCheckRunning = true;
          checkTails()
            .catch((error: unknown) => logger.warn({ err: error }, 'trip event tail check failed'))
            .finally(() => (tailCheckRunning = false));
        }, tailCheckMs)
      : null;
  tailTimer?.unref();

  /** An API key revoked or expired since the handshake answers no more joins (a 403 `forbidden`). */
  const assertCredentialValid = async (principal: Principal): Promise<void> => {
    if (principal.kind !== 'api_key' || !principal.apiKeyId) return;
    const key = await ctx.prisma.apiKey.findUnique({ where: { id: principal.apiKeyId }, select: { revokedAt: true, expiresAt: true } });
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) throw new HttpError(403, 'Forbidden', 'The API key is revoked or expired.');
  };

  // --- presence ----------------------------------------------------------------------------------
  const presence = new PresenceStore(ctx.redis);
  /** The list this node last broadcast per trip, so a heartbeat broadcasts only what changed. */
  const lastBroadcast = new Map<string, string>();

  /** Sends the trip's viewers to its room on every node (through the adapter); `onlyIfChanged` skips a repeat. */
  const broadcastPresence = async (tripId: string, onlyIfChanged = false): Promise<void> => {
    const viewers = await presence.viewers(tripId);
    const text = JSON.stringify(viewers);
    if (onlyIfChanged && lastBroadcast.get(tripId) === text) return;
    lastBroadcast.set(tripId, text);
    io.to(roomOf(tripId)).emit('presence', { tripId, viewers });
  };

  const viewerOf = async (principal: Principal): Promise<Pick<Viewer, 'id' | 'kind' | 'name'>> => {
    if (principal.kind === 'api_key' && principal.apiKeyId) {
      const key = await ctx.prisma.apiKey.findUnique({ where: { id: principal.apiKeyId }, select: { name: true } });
      return { id: principal.apiKeyId, kind: 'agent', name: key?.name ?? 'AI agent' };
    }
    const user = await ctx.prisma.user.findUnique({ where: { id: principal.userId }, select: { displayName: true } });
    return { id: principal.userId, kind: 'traveler', name: user?.displayName ?? 'Traveler' };
  };

  const presenceFailed = (error: unknown, tripId: string) => logger.warn({ err: error, tripId }, 'presence update failed');

  const showPresence = async (socket: RealtimeSocket, sub: Subscription): Promise<void> => {
    socket.data.viewer ??= await viewerOf(socket.data.principal);
    await presence.put(sub.tripId, socket.id, socket.data.viewer, sub.typingUntil);
    await broadcastPresence(sub.tripId);
  };

  const hidePresence = async (socketId: string, tripId: string): Promise<void> => {
    await presence.remove(tripId, socketId);
    if (!closing) await broadcastPresence(tripId);
  };

  const presenceTimer = setInterval(() => {
    if (closing) return;
    const trips = new Set<string>();
    const refreshes: Promise<unknown>[] = [];
    for (const socket of nsp.sockets.values()) {
      const viewer = socket.data.viewer;
      for (const sub of socket.data.subs?.values() ?? []) {
        if (sub.state === 'authorizing' || !viewer) continue;
        trips.add(sub.tripId);
        refreshes.push(presence.put(sub.tripId, socket.id, viewer, sub.typingUntil));
      }
    }
    void Promise.all(refreshes)
      .then(async () => {
        // Entries of a node that died expire: tell the room when its list changed.
        for (const tripId of trips) await broadcastPresence(tripId, true);
        for (const tripId of lastBroadcast.keys()) if (!trips.has(tripId)) lastBroadcast.delete(tripId);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'presence heartbeat failed'));
  }, PRESENCE_HEARTBEAT_MS);
  presenceTimer.unref();

  // --- client events -----------------------------------------------------------------------------
  io.on('connection', (socket) => {
    connections.inc();
    const expiry = socket.data.expiresAt === null ? null : setTimeout(() => {
      socket.emit('session.expired');
      // Closing the transport (not a server-side "disconnect") makes Socket.IO clients reconnect.
      socket.conn.close();
    }, Math.min(Math.max(0, socket.data.expiresAt - Date.now()), MAX_TIMER_MS));
    socket.on('disconnect', () => {
      connections.dec();
      if (expiry) clearTimeout(expiry);
      for (const sub of socket.data.subs.values()) {
        if (sub.state !== 'authorizing') void hidePresence(socket.id, sub.tripId).catch((error: unknown) => presenceFailed(error, sub.tripId));
      }
      socket.data.subs.clear();
    });

    socket.on('join', (raw, ack) => {
      void join(socket, raw, ack).catch((error: unknown) => {
        const code = failedJoinCode(error);
        logger[code === 'unavailable' ? 'warn' : 'error']({ err: error, socketId: socket.id }, 'socket join failed');
        reply(ack, { ok: false, error: code });
      });
    });

    socket.on('leave', (raw, ack) => {
      const parsed = leaveRequest.safeParse(raw);
      if (!parsed.success) return reply(ack, { ok: false, error: 'invalid_request' });
      const sub = socket.data.subs.get(parsed.data.tripId);
      socket.data.subs.delete(parsed.data.tripId);
      void socket.leave(roomOf(parsed.data.tripId));
      if (sub && sub.state !== 'authorizing') void hidePresence(socket.id, sub.tripId).catch((error: unknown) => presenceFailed(error, sub.tripId));
      reply(ack, { ok: true });
    });

    // Only a joined trip's chat; notices faster than one a second are dropped (a repeat keeps it alive).
    const lastTypingNotice = new Map<string, number>();
    socket.on('typing', (raw) => {
      const parsed = typingRequest.safeParse(raw);
      if (!parsed.success) return;
      const sub = socket.data.subs.get(parsed.data.tripId);
      if (!sub || sub.state === 'authorizing') return;
      const now = Date.now();
      const wasTyping = sub.typingUntil > now;
      if (parsed.data.typing && wasTyping && now - (lastTypingNotice.get(sub.tripId) ?? 0) < TYPING_MIN_INTERVAL_MS) return;
      if (!parsed.data.typing && !wasTyping) return;
      lastTypingNotice.set(sub.tripId, now);
      sub.typingUntil = parsed.data.typing ? now + TYPING_TTL_MS : 0;
      // A renewed notice only extends the flag: broadcast when it starts or stops.
      const changed = parsed.data.typing !== wasTyping;
      const update = changed ? showPresence(socket, sub) : socket.data.viewer ? presence.put(sub.tripId, socket.id, socket.data.viewer, sub.typingUntil) : Promise.resolve();
      void update.catch((error: unknown) => presenceFailed(error, sub.tripId));
    });
  });

  const join = async (socket: RealtimeSocket, raw: unknown, ack: unknown): Promise<void> => {
    const parsed = joinRequest.safeParse(raw);
    if (!parsed.success) return reply(ack, { ok: false, error: 'invalid_request' });
    const { tripId, lastSeq = 0 } = parsed.data;
    const subs = socket.data.subs;
    // Joined (or joining) already: answer like the first join; the subscription keeps its position.
    const existing = subs.get(tripId);
    if (existing) return reply(ack, await existing.authorization);
    if (subs.size >= MAX_TRIPS_PER_SOCKET) return reply(ack, { ok: false, error: 'too_many_trips' });

    let authorized!: (result: JoinAck) => void;
    const authorization = new Promise<JoinAck>((resolve) => (authorized = resolve));
    const sub: Subscription = { tripId, state: 'authorizing', delivered: lastSeq, buffer: new Map(), joinedAt: 0, freshAfter: 0, authorization, typingUntil: 0 };
    subs.set(tripId, sub);
    try {
      await assertCredentialValid(socket.data.principal);
      await authorizeTrip(ctx.prisma, socket.data.principal, tripId, 'read');
    } catch (error) {
      if (subs.get(tripId) === sub) subs.delete(tripId);
      const code = failedJoinCode(error);
      if (code === 'internal') logger.error({ err: error, tripId }, 'trip authorization failed');
      else if (code === 'unavailable') logger.warn({ err: error, tripId }, 'trip authorization failed: a dependency is unavailable');
      authorized({ ok: false, error: code });
      reply(ack, { ok: false, error: code });
      socket.emit('error', { tripId, error: code });
      return;
    }
    authorized({ ok: true, tripId });
    if (!isCurrent(socket, sub)) return; // left or disconnected meanwhile
    // Room first, then the log read (see the header): the in-memory room join is synchronous.
    void socket.join(roomOf(tripId));
    sub.joinedAt = performance.now();
    reply(ack, { ok: true, tripId });
    // Presence is best effort: a Redis hiccup must not cost the join its replay.
    void showPresence(socket, sub).catch((error: unknown) => presenceFailed(error, tripId));
    await catchUp(socket, sub, sub.joinedAt, 'join');
  };

  return {
    io,
    async close() {
      if (closing) return;
      closing = true;
      if (tailTimer) clearInterval(tailTimer);
      clearInterval(presenceTimer);
      // This node's sockets leave every trip's presence now, not when their entries expire.
      await Promise.allSettled(
        [...nsp.sockets.values()].flatMap((socket) => [...(socket.data.subs?.values() ?? [])].map((sub) => presence.remove(sub.tripId, socket.id))),
      );
      for (const timer of gapTimers.values()) clearTimeout(timer);
      gapTimers.clear();
      // Closing the transports (rather than a Socket.IO "disconnect") lets clients reconnect to
      // another node straight away, and re-join with their lastSeq.
      io.engine.close();
      await nsp.adapter.close();
      await relaySub.punsubscribe(...patterns).catch(() => undefined);
      await Promise.allSettled(redisClients.map((client) => client.quit()));
      for (const client of redisClients) client.disconnect();
    },
  };
}

/** A failed join's code: a refusal (404/403), a dependency outage (retryable), or an internal error. */
function failedJoinCode(error: unknown): RealtimeError {
  if (error instanceof HttpError && error.status === 404) return 'not_found';
  if (error instanceof HttpError && error.status === 403) return 'forbidden';
  if ((error instanceof HttpError && error.status === 503) || unavailableDependency(error)) return 'unavailable';
  return 'internal';
}

function eventNameOf(type: string): TripEventName | undefined {
  return Object.hasOwn(tripEventNames, type) ? tripEventNames[type as keyof typeof tripEventNames] : undefined;
}

/** `auth.token` (access JWT or API key) or an `Authorization: Bearer ...` header. */
function handshakeToken(auth: Record<string, unknown>, header: string | undefined): string | null {
  const token = auth.token;
  if (typeof token === 'string' && token.trim() !== '') return token.trim();
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function reply<T>(ack: unknown, result: T): void {
  if (typeof ack === 'function') (ack as (result: T) => void)(result);
}

/** setTimeout's largest delay; longer-lived tokens are re-armed on the next connection anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The `exp` of an access token already verified at the handshake, in ms (null if it has none). */
function accessTokenExpiry(token: string): number | null {
  try {
    const { exp } = decodeJwt(token.replace(/^Bearer\s+/i, '').trim());
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
