// Moves trip events to this node's sockets: live from Redis pub/sub, and from the log (Postgres) when a
// socket joins or falls behind. Which events each socket gets is decided by its TripSubscription
// (./subscription.ts); this file does the reading, the sending and the timing.
//
// - Every API node holds ONE pattern subscription (`events.channelPattern()`) and relays each published
//   event to the sockets of `trip:<tripId>` connected to THIS node (`io.local`). It must not broadcast
//   through the Redis adapter: every node already receives every event from Redis itself, so an adapter
//   broadcast would reach each client once per node. Local relay gives each client exactly one copy.
//
// - Gaps in live delivery: concurrent writers can publish out of order (seq 7 reaches Redis before 6),
//   and a publish can be lost (TripEventLog logs it; Redis down). A publish happens only after its
//   commit, and seq allocation is serialized by the trip row lock, so when seq N is published every
//   seq < N is already readable. A socket that sees a gap waits `gapWaitMs` for the missing event; if it
//   does not come, the socket catches up from the log (the same path as the join replay).
//
// - After the relay's Redis connection reconnects (publishes during the outage are lost), every live
//   subscription catches up from the log. An event whose publish is lost and that is followed by no
//   other event (a worker killed between its commit and its publish) is found by the tail check: every
//   `tailCheckMs` ONE query reads the last seq of every trip with live subscriptions on this node, and a
//   subscription behind it catches up from the log.
//
// - Fan-out cost: sockets that are in sync get the event as ONE broadcast (encoded once); only sockets
//   catching up are sent events one by one.
//
// - Reply deltas (`reply.delta`) are ephemeral: not in the log, no seq, relayed from their own Redis
//   pattern to the local sockets of the room as they come, never replayed.
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import type { ReplyDelta, TripEventRecord } from '../../contracts/realtime.js';
import type { PrismaClient } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { metricsRegistry } from '../../infra/metrics.js';
import type { TripEventLog } from '../../infra/tripEvents.js';
import { emitTripEvent, roomOf, type RealtimeServer, type RealtimeSocket, type TripMembership } from './protocol.js';
import type { CatchUpReason, CatchUpStep } from './subscription.js';

export interface RelayOptions {
  /** Replay page size (events per log read). */
  pageSize: number;
  /** How long a live gap may stay open before the socket catches up from the log. */
  gapWaitMs: number;
  /** How often live subscriptions are compared with their trips' last seq in the log (0: never). */
  tailCheckMs: number;
}

export interface Relay {
  /** A socket authorized for a trip and in its room: replays the log after its lastSeq, then goes live. */
  replay(socket: RealtimeSocket, membership: TripMembership): Promise<void>;
  /** Stops relaying (timers, Redis subscription); the connection itself is the caller's. */
  close(): Promise<void>;
}

/** How long a catch-up waits before reading again for a gap the last read did not cover yet. */
const GAP_REREAD_MS = 25;

const publishedEvent = z.object({
  tripId: z.string(),
  seq: z.number().int().positive(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
const publishedReplyDelta = z.object({ tripId: z.string(), clientMessageId: z.string(), delta: z.string(), index: z.number().int().min(0) });

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

/** Subscribes `subscriber` (a connection of its own, without key prefix) to the trip event channels. */
export async function startRelay(
  deps: { io: RealtimeServer; events: TripEventLog; prisma: PrismaClient; subscriber: Redis; logger: Logger },
  options: RelayOptions,
): Promise<Relay> {
  const { io, events, prisma, subscriber, logger } = deps;
  const nsp = io.of('/');
  let closing = false;

  const isCurrent = (socket: RealtimeSocket, membership: TripMembership) => socket.connected && socket.data.trips.get(membership.delivery.tripId) === membership;

  function* localMemberships(tripId: string): Generator<[RealtimeSocket, TripMembership]> {
    const members = nsp.adapter.rooms.get(roomOf(tripId));
    if (!members) return;
    for (const id of members) {
      const socket = nsp.sockets.get(id);
      const membership = socket?.data.trips?.get(tripId);
      if (socket && membership) yield [socket, membership];
    }
  }

  function* liveMemberships(): Generator<[RealtimeSocket, TripMembership]> {
    for (const socket of nsp.sockets.values()) {
      for (const membership of socket.data.trips?.values() ?? []) if (membership.delivery.state === 'live') yield [socket, membership];
    }
  }

  // Concurrent identical log reads (many sockets of one trip catching up at once) share one query, but
  // only a query that started at or after `notBefore`: a join's replay must not reuse a read that began
  // before the socket joined the room, or an event committed in between would be missed.
  const reads = new Map<string, { startedAt: number; result: Promise<TripEventRecord[]> }>();
  const readAfter = (tripId: string, afterSeq: number, notBefore: number): Promise<TripEventRecord[]> => {
    const key = `${tripId}:${afterSeq}`;
    const inFlight = reads.get(key);
    if (inFlight && inFlight.startedAt >= notBefore) return inFlight.result;
    const entry = { startedAt: performance.now(), result: events.after(tripId, afterSeq, options.pageSize) };
    reads.set(key, entry);
    const forget = () => {
      if (reads.get(key) === entry) reads.delete(key);
    };
    entry.result.then(forget, forget);
    return entry.result;
  };

  /** Runs a catch-up the subscription started: reads the log page by page and sends what it says. */
  const catchUp = async (socket: RealtimeSocket, membership: TripMembership, first: CatchUpStep | null, reason: CatchUpReason): Promise<void> => {
    if (!first) return; // one is running already and will read again
    catchUps.inc({ reason });
    const sub = membership.delivery;
    try {
      for (let step = first; step.action !== 'live'; ) {
        if (step.action === 'retry') {
          await delay(GAP_REREAD_MS);
          if (!isCurrent(socket, membership)) return;
          step = sub.retried(performance.now());
          continue;
        }
        const page = await readAfter(sub.tripId, step.afterSeq, step.notBefore);
        if (!isCurrent(socket, membership)) return;
        const outcome = sub.pageRead(page);
        if (outcome.skippedGap) logger.warn({ tripId: sub.tripId, delivered: outcome.skippedGap.afterSeq, buffered: outcome.skippedGap.buffered }, 'trip event gap not in the log; skipping it');
        for (const record of outcome.send) emitTripEvent(socket, record);
        step = outcome.next;
      }
    } catch (error) {
      if (!isCurrent(socket, membership)) return;
      logger.error({ err: error, tripId: sub.tripId, socketId: socket.id }, 'trip event replay failed');
      // Unsubscribe so the client sees the failure and re-joins with its lastSeq (nothing is lost).
      socket.data.trips.delete(sub.tripId);
      void socket.leave(roomOf(sub.tripId));
      socket.emit('error', { tripId: sub.tripId, error: 'replay_failed' });
    }
  };

  /** Every live subscription (on this node) reads what it may have missed, from queries started now. */
  const catchUpLive = (reason: CatchUpReason, behind: (membership: TripMembership) => boolean, memberships: Iterable<[RealtimeSocket, TripMembership]>) => {
    const since = performance.now();
    for (const [socket, membership] of [...memberships]) {
      if (behind(membership)) void catchUp(socket, membership, membership.delivery.catchUp(since), reason);
    }
  };

  // --- live events -------------------------------------------------------------------------------
  const gapTimers = new Map<string, NodeJS.Timeout>();

  const checkGaps = (tripId: string) => {
    gapTimers.delete(tripId);
    for (const [socket, membership] of localMemberships(tripId)) {
      if (membership.delivery.hasGap) void catchUp(socket, membership, membership.delivery.catchUpGap(), 'gap');
    }
  };

  const relay = (record: TripEventRecord) => {
    const room = roomOf(record.tripId);
    const members = nsp.adapter.rooms.get(room);
    if (!members || members.size === 0) return;
    const inSync: string[] = [];
    let gap = false;
    for (const [socket, membership] of localMemberships(record.tripId)) {
      const send = membership.delivery.receive(record);
      if (send.length === 1 && send[0] === record) inSync.push(socket.id);
      else for (const sent of send) emitTripEvent(socket, sent);
      gap ||= membership.delivery.hasGap;
    }
    if (inSync.length > 0) emitTripEvent(inSync.length === members.size ? io.local.to(room) : io.local.to(inSync), record);
    if (gap && !gapTimers.has(record.tripId)) gapTimers.set(record.tripId, setTimeout(() => checkGaps(record.tripId), options.gapWaitMs));
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
  subscriber.on('pmessage', (pattern: string, channel: string, message: string) => {
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
  subscriber.on('ready', () => {
    if (!everReady) {
      everReady = true;
      return;
    }
    subscriber
      .psubscribe(...patterns)
      .then(() => {
        if (closing) return;
        logger.info('realtime relay reconnected; catching up live subscriptions');
        catchUpLive('resync', () => true, liveMemberships());
      })
      .catch((error: unknown) => logger.error({ err: error }, 'realtime relay could not resubscribe'));
  });
  await subscriber.psubscribe(...patterns);
  everReady = true;

  // --- tail check --------------------------------------------------------------------------------
  // One query per period for all trips with live subscriptions here (the subscriptions' own ids come
  // back, so the rooms match whatever spelling the client joined with).
  const checkTails = async (): Promise<void> => {
    const lowestDelivered = new Map<string, number>();
    for (const [, { delivery }] of liveMemberships()) {
      lowestDelivered.set(delivery.tripId, Math.min(lowestDelivered.get(delivery.tripId) ?? Number.POSITIVE_INFINITY, delivery.delivered));
    }
    if (lowestDelivered.size === 0) return;
    const tripIds = [...lowestDelivered.keys()];
    const rows = await prisma.$queryRaw<{ tripId: string; lastSeq: number }[]>`
      SELECT requested.id AS "tripId", trips."lastEventSeq" AS "lastSeq"
      FROM unnest(${tripIds}::text[]) AS requested(id) JOIN trips ON trips.id = requested.id::uuid`;
    if (closing) return;
    for (const { tripId, lastSeq } of rows) {
      if (lastSeq > (lowestDelivered.get(tripId) ?? Number.POSITIVE_INFINITY)) catchUpLive('tail', ({ delivery }) => delivery.isBehind(lastSeq), localMemberships(tripId));
    }
  };
  let tailCheckRunning = false;
  const tailTimer =
    options.tailCheckMs > 0
      ? setInterval(() => {
          if (tailCheckRunning || closing) return;
          tailCheckRunning = true;
          checkTails()
            .catch((error: unknown) => logger.warn({ err: error }, 'trip event tail check failed'))
            .finally(() => (tailCheckRunning = false));
        }, options.tailCheckMs)
      : null;
  tailTimer?.unref();

  return {
    async replay(socket, membership) {
      await catchUp(socket, membership, membership.delivery.joined(performance.now()), 'join');
    },
    async close() {
      closing = true;
      if (tailTimer) clearInterval(tailTimer);
      for (const timer of gapTimers.values()) clearTimeout(timer);
      gapTimers.clear();
      await subscriber.punsubscribe(...patterns).catch(() => undefined);
    },
  };
}
