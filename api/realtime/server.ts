// Socket.IO: authenticated clients join trip rooms and receive the trip's event log (infra/tripEvents.ts),
// first the gap since the `lastSeq` they already have, then live events: every event exactly once, in
// `seq` order, on any number of API nodes. The protocol is contracts/realtime.ts; what each socket is
// sent is decided by ./subscription.ts, and delivered from Redis and the log by ./relay.ts.
//
// This file is the server: the handshake (authentication), joins (authorization, then the replay),
// presence and typing, and shutdown.
//
// - Join: the socket joins the room BEFORE the replay reads the log, so every event is either committed
//   before the read started (the read returns it) or published after the join (the relay sees it).
//   While the replay pages through the log, live events for that socket are buffered; after the last
//   page the buffer is flushed in seq order and the socket goes live, all synchronously, so nothing can
//   slip between "replay finished" and "live".
//
// - Authentication and authorization happen at the handshake and at each join. A connection opened with
//   an access token ends when the token expires: the server sends `session.expired` and closes the
//   transport, so the client reconnects with a fresh token (from its auth callback) and resumes by seq,
//   losing nothing. An API key is checked again (revoked? expired?) at each join. Losing access to a trip
//   takes effect at the next join or reconnect.
//
// - Read receipts (api/readReceipts.ts, `trip.seen` → `seen`) go the same way as presence: Redis with
//   expiry, broadcast through the adapter, never in the log.
//
// - Presence and typing (api/presence.ts) are ephemeral: who has joined a trip and who is typing in its
//   chat, kept in Redis with expiry and broadcast to the room through the Redis adapter
//   (@socket.io/redis-adapter: every node's sockets), never written to the log. The adapter also serves
//   cross-node room queries (`io.in(room).fetchSockets()`). Trip events never go through it (see relay.ts).
//
// Behind a load balancer without sticky sessions clients must use the websocket transport only
// (HTTP long-polling needs every request of a session to reach the same node).
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { decodeJwt } from 'jose';
import { Gauge } from 'prom-client';
import { Server } from 'socket.io';
import { TYPING_TTL_MS, type JoinAck, type Viewer } from '../../contracts/realtime.js';
import { metricsRegistry } from '../../infra/metrics.js';
import { principalFromToken } from '../auth/authenticate.js';
import { authorizeTrip } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { PRESENCE_HEARTBEAT_MS, PresenceStore } from '../presence.js';
import { ReadReceiptStore } from '../readReceipts.js';
import { allowedOrigins } from '../security.js';
import {
  MAX_TRIPS_PER_SOCKET,
  failedJoinCode,
  joinRequest,
  leaveRequest,
  reply,
  roomOf,
  seenRequest,
  typingRequest,
  type RealtimeServer,
  type RealtimeSocket,
  type TripMembership,
} from './protocol.js';
import { startRelay, type RelayOptions } from './relay.js';
import { TripSubscription } from './subscription.js';

export interface Realtime {
  io: RealtimeServer;
  close(): Promise<void>;
}

export type RealtimeOptions = Partial<RelayOptions>;

const DEFAULT_PAGE_SIZE = 200;
const DEFAULT_GAP_WAIT_MS = 100;
const DEFAULT_TAIL_CHECK_MS = 3_000;
/** Typing notices closer together than this (per socket and trip) are not relayed. */
const TYPING_MIN_INTERVAL_MS = 1_000;
/** setTimeout's largest delay; longer-lived tokens are re-armed on the next connection anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const connections = new Gauge({
  name: 'tripsage_realtime_connections',
  help: 'Socket.IO connections open on this API process.',
  registers: [metricsRegistry],
});

export async function attachRealtime(server: HttpServer, ctx: ApiContext, options: RealtimeOptions = {}): Promise<Realtime> {
  const { config, logger: rootLogger } = ctx;
  const logger = rootLogger.child({ component: 'realtime' });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;

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

  const relay = await startRelay(
    { io, events: ctx.events, prisma: ctx.prisma, subscriber: relaySub, logger },
    { pageSize, gapWaitMs: options.gapWaitMs ?? DEFAULT_GAP_WAIT_MS, tailCheckMs: options.tailCheckMs ?? DEFAULT_TAIL_CHECK_MS },
  );

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
        socket.data.trips = new Map();
        next();
      },
      (error: unknown) => {
        if (error instanceof HttpError && error.status < 500) return next(new Error('unauthorized'));
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      },
    );
  });

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

  const showPresence = async (socket: RealtimeSocket, tripId: string, membership: TripMembership): Promise<void> => {
    socket.data.viewer ??= await viewerOf(socket.data.principal);
    await presence.put(tripId, socket.id, socket.data.viewer, membership.typingUntil);
    await broadcastPresence(tripId);
  };

  const hidePresence = (socketId: string, tripId: string): void => {
    void presence
      .remove(tripId, socketId)
      .then(() => (closing ? undefined : broadcastPresence(tripId)))
      .catch((error: unknown) => presenceFailed(error, tripId));
  };

  const presenceTimer = setInterval(() => {
    if (closing) return;
    const trips = new Set<string>();
    const refreshes: Promise<unknown>[] = [];
    for (const socket of nsp.sockets.values()) {
      const viewer = socket.data.viewer;
      for (const [tripId, membership] of socket.data.trips ?? []) {
        if (membership.delivery.state === 'authorizing' || !viewer) continue;
        trips.add(tripId);
        refreshes.push(presence.put(tripId, socket.id, viewer, membership.typingUntil));
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

  // --- read receipts ("seen by") ---------------------------------------------------------------
  const receipts = new ReadReceiptStore(ctx.redis);

  /** A joined socket says it displayed the reply at `seq`: when that moves the person forward, the room (every node) hears it. */
  const markSeen = async (socket: RealtimeSocket, tripId: string, seq: number): Promise<void> => {
    socket.data.viewer ??= await viewerOf(socket.data.principal);
    if (!(await receipts.advance(tripId, socket.data.viewer, seq))) return;
    io.to(roomOf(tripId)).emit('seen', { tripId, readers: await receipts.readers(tripId) });
  };

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
      for (const [tripId, membership] of socket.data.trips) {
        if (membership.delivery.state !== 'authorizing') hidePresence(socket.id, tripId);
      }
      socket.data.trips.clear();
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
      const { tripId } = parsed.data;
      const membership = socket.data.trips.get(tripId);
      socket.data.trips.delete(tripId);
      void socket.leave(roomOf(tripId));
      if (membership && membership.delivery.state !== 'authorizing') hidePresence(socket.id, tripId);
      reply(ack, { ok: true });
    });

    // Only a joined trip's chat; notices faster than one a second are dropped (a repeat keeps it alive).
    const lastTypingNotice = new Map<string, number>();
    socket.on('typing', (raw) => {
      const parsed = typingRequest.safeParse(raw);
      if (!parsed.success) return;
      const { tripId, typing } = parsed.data;
      const membership = socket.data.trips.get(tripId);
      if (!membership || membership.delivery.state === 'authorizing') return;
      const now = Date.now();
      const wasTyping = membership.typingUntil > now;
      if (typing && wasTyping && now - (lastTypingNotice.get(tripId) ?? 0) < TYPING_MIN_INTERVAL_MS) return;
      if (!typing && !wasTyping) return;
      lastTypingNotice.set(tripId, now);
      membership.typingUntil = typing ? now + TYPING_TTL_MS : 0;
      // A renewed notice only extends the flag: broadcast when it starts or stops.
      const update =
        typing !== wasTyping
          ? showPresence(socket, tripId, membership)
          : socket.data.viewer
            ? presence.put(tripId, socket.id, socket.data.viewer, membership.typingUntil)
            : Promise.resolve();
      void update.catch((error: unknown) => presenceFailed(error, tripId));
    });

    // Only a joined (so authorized) trip, and only a reply this socket could have shown (one it was sent,
    // or held when it joined); a seq at or behind the person's last one changes nothing.
    socket.on('trip.seen', (raw) => {
      const parsed = seenRequest.safeParse(raw);
      if (!parsed.success) return;
      const { tripId, seq } = parsed.data;
      const membership = socket.data.trips.get(tripId);
      if (!membership || membership.delivery.state === 'authorizing' || seq > membership.delivery.delivered) return;
      void markSeen(socket, tripId, seq).catch((error: unknown) => logger.warn({ err: error, tripId }, 'read receipt update failed'));
    });
  });

  const join = async (socket: RealtimeSocket, raw: unknown, ack: unknown): Promise<void> => {
    const parsed = joinRequest.safeParse(raw);
    if (!parsed.success) return reply(ack, { ok: false, error: 'invalid_request' });
    const { tripId, lastSeq = 0 } = parsed.data;
    const trips = socket.data.trips;
    // Joined (or joining) already: answer like the first join; the subscription keeps its position.
    const existing = trips.get(tripId);
    if (existing) return reply(ack, await existing.authorization);
    if (trips.size >= MAX_TRIPS_PER_SOCKET) return reply(ack, { ok: false, error: 'too_many_trips' });

    let authorized!: (result: JoinAck) => void;
    const authorization = new Promise<JoinAck>((resolve) => (authorized = resolve));
    const membership: TripMembership = { delivery: new TripSubscription(tripId, lastSeq, pageSize), authorization, typingUntil: 0 };
    trips.set(tripId, membership);
    try {
      await assertCredentialValid(socket.data.principal);
      await authorizeTrip(ctx.prisma, socket.data.principal, tripId, 'read');
    } catch (error) {
      if (trips.get(tripId) === membership) trips.delete(tripId);
      const code = failedJoinCode(error);
      if (code === 'internal') logger.error({ err: error, tripId }, 'trip authorization failed');
      else if (code === 'unavailable') logger.warn({ err: error, tripId }, 'trip authorization failed: a dependency is unavailable');
      authorized({ ok: false, error: code });
      reply(ack, { ok: false, error: code });
      socket.emit('error', { tripId, error: code });
      return;
    }
    authorized({ ok: true, tripId });
    if (!socket.connected || trips.get(tripId) !== membership) return; // left or disconnected meanwhile
    // Room first, then the log read (see the header): the in-memory room join is synchronous.
    void socket.join(roomOf(tripId));
    const replay = relay.replay(socket, membership);
    reply(ack, { ok: true, tripId });
    // Presence is best effort: a Redis hiccup must not cost the join its replay.
    void showPresence(socket, tripId, membership).catch((error: unknown) => presenceFailed(error, tripId));
    // Who has read how far so far, to this socket only (the room heard each change as it happened).
    void receipts
      .readers(tripId)
      .then((readers) => socket.emit('seen', { tripId, readers }))
      .catch((error: unknown) => logger.warn({ err: error, tripId }, 'read receipts unavailable'));
    await replay;
  };

  return {
    io,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(presenceTimer);
      await relay.close();
      // This node's sockets leave every trip's presence now, not when their entries expire.
      await Promise.allSettled([...nsp.sockets.values()].flatMap((socket) => [...(socket.data.trips?.keys() ?? [])].map((tripId) => presence.remove(tripId, socket.id))));
      // Closing the transports (rather than a Socket.IO "disconnect") lets clients reconnect to
      // another node straight away, and re-join with their lastSeq.
      io.engine.close();
      await nsp.adapter.close();
      await Promise.allSettled(redisClients.map((client) => client.quit()));
      for (const client of redisClients) client.disconnect();
    },
  };
}

/** `auth.token` (access JWT or API key) or an `Authorization: Bearer ...` header. */
function handshakeToken(auth: Record<string, unknown>, header: string | undefined): string | null {
  const token = auth.token;
  if (typeof token === 'string' && token.trim() !== '') return token.trim();
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** The `exp` of an access token already verified at the handshake, in ms (null if it has none). */
function accessTokenExpiry(token: string): number | null {
  try {
    const { exp } = decodeJwt(token.replace(/^Bearer\s+/i, '').trim());
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
