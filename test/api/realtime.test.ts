// Socket.IO on one API node, against the real Postgres event log and Redis: handshake authentication,
// trip authorization on join, and exactly-once, in-order delivery across the replay/live boundary.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';
import { io as connectClient } from 'socket.io-client';
import { createApiKey, revokeApiKey } from '../../api/auth/apiKeys.js';
import { issueAccessToken } from '../../api/auth/tokens.js';
import { createApiContext, type ApiContext } from '../../api/context.js';
import { attachRealtime, type Realtime } from '../../api/realtime/server.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { tripEventNames } from '../../contracts/realtime.js';
import { createTraveler, createTrip } from '../support/identity.js';
import { collect, connected, join, type TripSocket } from '../support/sockets.js';

type Client = TripSocket;
const TYPES = Object.keys(tripEventNames) as (keyof typeof tripEventNames)[];

describe('realtime (in-process API nodes)', () => {
  let ctx: ApiContext & { close(): Promise<void> };
  const nodes: { server: HttpServer; realtime: Realtime; url: string }[] = [];
  /** The node the tests use: a small page forces the replay to paginate; a short gap wait keeps the lost-publish test quick. */
  let node: (typeof nodes)[number];
  /** A node that never fills live gaps from the log (60 s wait): the join/replay boundary alone must lose nothing. */
  let strictNode: (typeof nodes)[number];
  /** A node whose only way to notice an unannounced event is the tail check (every 250 ms). */
  let tailNode: (typeof nodes)[number];
  const clients: Client[] = [];

  const startNode = async (options: { pageSize: number; gapWaitMs: number; tailCheckMs: number }) => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    const realtime = await attachRealtime(server, ctx, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const started = { server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    nodes.push(started);
    return started;
  };

  beforeAll(async () => {
    const config = loadConfig(process.env);
    ctx = await createApiContext(config, createLogger('realtime-test', config.LOG_LEVEL));
    node = await startNode({ pageSize: 16, gapWaitMs: 50, tailCheckMs: 0 });
    strictNode = await startNode({ pageSize: 16, gapWaitMs: 60_000, tailCheckMs: 0 });
    tailNode = await startNode({ pageSize: 16, gapWaitMs: 60_000, tailCheckMs: 250 });
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    for (const { server, realtime } of nodes) {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await ctx.close();
  });

  const connect = (options: { token?: string; headers?: Record<string, string>; url?: string } = {}): Client => {
    const client: Client = connectClient(options.url ?? node.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: options.token ? { token: options.token } : {},
      ...(options.headers && { extraHeaders: options.headers }),
    });
    clients.push(client);
    return client;
  };

  const connectError = (client: Client) =>
    new Promise<Error>((resolve, reject) => {
      client.once('connect', () => reject(new Error('connected without valid credentials')));
      client.once('connect_error', resolve);
    });

  const waitFor = async (condition: () => boolean, what: string, timeoutMs = 15_000) => {
    await eventually(async () => condition(), Boolean, { timeoutMs, intervalMs: 10, what });
  };

  const appendEvents = async (tripId: string, from: number, count: number, writers = 1) => {
    let next = from;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < from + count) {
          const index = next++;
          await ctx.events.append(tripId, { key: `e${index}`, type: TYPES[index % TYPES.length] ?? 'progress', payload: { index } });
        }
      }),
    );
  };

  /** Commits an event without publishing it: a writer killed between its commit and its publish. */
  const commitUnpublished = (tripId: string, key: string, index: number) => ctx.prisma.$executeRaw`
    WITH next AS (UPDATE trips SET "lastEventSeq" = "lastEventSeq" + 1 WHERE id = ${tripId}::uuid RETURNING "lastEventSeq")
    INSERT INTO trip_events ("tripId", seq, type, payload, key) SELECT ${tripId}::uuid, "lastEventSeq", 'message', ${JSON.stringify({ index })}::jsonb, ${key} FROM next`;

  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

  it('rejects a handshake without valid credentials', async () => {
    expect((await connectError(connect())).message).toBe('unauthorized');
    expect((await connectError(connect({ token: 'not-a-token' }))).message).toBe('unauthorized');
    expect((await connectError(connect({ token: 'tsk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }))).message).toBe('unauthorized');
    expect((await connectError(connect({ headers: { authorization: 'Bearer nope' } }))).message).toBe('unauthorized');
  });

  it('accepts an access token in auth.token or in the Authorization header', async () => {
    const { token } = await createTraveler(ctx);
    await connected(connect({ token }));
    await connected(connect({ headers: { authorization: `Bearer ${token}` } }));
  });

  it("answers not_found, with an error event, for another traveler's trip or one that does not exist", async () => {
    const owner = await createTraveler(ctx);
    const stranger = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, owner.user.id);
    const client = connect({ token: stranger.token });
    await connected(client);
    const errors: { tripId: string; error: string }[] = [];
    client.on('error', (error) => errors.push(error));
    const received = collect(client);

    expect(await join(client, trip.id)).toEqual({ ok: false, error: 'not_found' });
    expect(await join(client, '6f1c2d4e-0000-4000-8000-000000000000')).toEqual({ ok: false, error: 'not_found' });
    expect(await join(client, 'not-a-uuid')).toEqual({ ok: false, error: 'not_found' });
    expect(await join(client, 42 as unknown as string)).toEqual({ ok: false, error: 'invalid_request' });
    await waitFor(() => errors.length === 3, 'three error events');
    expect(errors).toEqual([
      { tripId: trip.id, error: 'not_found' },
      { tripId: '6f1c2d4e-0000-4000-8000-000000000000', error: 'not_found' },
      { tripId: 'not-a-uuid', error: 'not_found' },
    ]);

    // Not joined: the owner's events do not reach the stranger.
    await appendEvents(trip.id, 1, 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual([]);
    // A repeated join while the first is being authorized gets the same answer.
    expect(await Promise.all([join(client, trip.id), join(client, trip.id)])).toEqual([
      { ok: false, error: 'not_found' },
      { ok: false, error: 'not_found' },
    ]);
  });

  it('accepts an API key in auth.token; joining needs its trips:read scope', async () => {
    const { user } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const reader = await createApiKey(ctx.prisma, user.id, { name: 'agent', scopes: ['trips:read'] });
    const writer = await createApiKey(ctx.prisma, user.id, { name: 'suggester', scopes: ['trips:suggest'] });
    const withRead = connect({ token: reader.key });
    const withoutRead = connect({ token: writer.key });
    await Promise.all([connected(withRead), connected(withoutRead)]);
    const received = collect(withRead);
    expect(await join(withRead, trip.id)).toEqual({ ok: true, tripId: trip.id });
    expect(await join(withoutRead, trip.id)).toEqual({ ok: false, error: 'forbidden' });
    await appendEvents(trip.id, 1, 2);
    await waitFor(() => received.length === 2, 'two events');
    expect(received.map(({ name }) => name)).toEqual(['message', 'plan.updated']);
  });

  it('ends a connection when its access token expires (session.expired, then the transport closes); the expired token cannot reconnect', async () => {
    const { user } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const shortLived = await issueAccessToken({ config: { ...ctx.config, ACCESS_TOKEN_TTL_SECONDS: 2 }, secrets: ctx.secrets }, user.id);
    const client = connect({ token: shortLived.accessToken });
    await connected(client);
    expect(await join(client, trip.id)).toEqual({ ok: true, tripId: trip.id });
    const expired = new Promise<void>((resolve) => client.once('session.expired', resolve));
    const closed = new Promise<string>((resolve) => client.once('disconnect', resolve));
    await expired;
    // A transport close (not a server "disconnect"): Socket.IO clients reconnect by themselves.
    expect(await closed).toBe('transport close');
    expect((await connectError(connect({ token: shortLived.accessToken }))).message).toBe('unauthorized');
  }, 15_000);

  it('answers no more joins on a socket whose API key was revoked after the handshake', async () => {
    const { user } = await createTraveler(ctx);
    const [first, second] = await Promise.all([createTrip(ctx.prisma, user.id), createTrip(ctx.prisma, user.id)]);
    const key = await createApiKey(ctx.prisma, user.id, { name: 'agent', scopes: ['trips:read'] });
    const client = connect({ token: key.key });
    await connected(client);
    expect(await join(client, first.id)).toEqual({ ok: true, tripId: first.id });
    expect(await revokeApiKey(ctx.prisma, user.id, key.id)).not.toBeNull();
    expect(await join(client, second.id)).toEqual({ ok: false, error: 'forbidden' });
  });

  it('replays the gap since lastSeq, then live events, each exactly once and in order, while 200 are appended in a burst', async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    await appendEvents(trip.id, 1, 60);

    const client = connect({ token, url: strictNode.url });
    await connected(client);
    const received = collect(client);

    // Join (replay of 31.. in pages of 16, each page held back 20 ms after it was read, so live events
    // keep arriving between a read and its delivery) while four concurrent writers append 61..260.
    const read = ctx.events.after.bind(ctx.events);
    ctx.events.after = async (...args) => {
      const page = await read(...args);
      await new Promise((resolve) => setTimeout(resolve, 20)); // events published now must be buffered
      return page;
    };
    try {
      const burst = appendEvents(trip.id, 61, 200, 4);
      expect(await join(client, trip.id, 30)).toEqual({ ok: true, tripId: trip.id });
      await burst;
    } finally {
      ctx.events.after = read;
    }
    await appendEvents(trip.id, 261, 20);
    await waitFor(() => received.at(-1)?.event.seq === 280, 'seq 280');
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything extra would arrive now

    expect(received.map(({ event }) => event.seq)).toEqual(range(31, 280));
    for (const { name, event } of received) {
      expect(event.tripId).toBe(trip.id);
      expect(name).toBe(tripEventNames[event.type as keyof typeof tripEventNames]);
      expect(Number.isNaN(Date.parse(event.createdAt))).toBe(false);
    }
    // Concurrent writers take seqs in whatever order they win the row lock: every write is there once.
    expect(received.map(({ event }) => event.payload.index as number).sort((a, b) => a - b)).toEqual(range(31, 280));

    // Joining again is a no-op (no second replay); leave stops delivery.
    expect(await join(client, trip.id, 0)).toEqual({ ok: true, tripId: trip.id });
    await new Promise<void>((resolve) => client.emit('leave', { tripId: trip.id }, () => resolve()));
    await appendEvents(trip.id, 281, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(250);
  });

  it('fills a gap left by a lost publish from the log, without duplicates', async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const client = connect({ token });
    await connected(client);
    const received = collect(client);
    expect(await join(client, trip.id)).toEqual({ ok: true, tripId: trip.id });

    await appendEvents(trip.id, 1, 2);
    // Seq 3 is committed but never published (as when Redis was unreachable at the time)...
    await ctx.prisma.$executeRaw`
      WITH next AS (UPDATE trips SET "lastEventSeq" = "lastEventSeq" + 1 WHERE id = ${trip.id}::uuid RETURNING "lastEventSeq")
      INSERT INTO trip_events ("tripId", seq, type, payload, key) SELECT ${trip.id}::uuid, "lastEventSeq", 'message', '{"index":3}'::jsonb, 'e3' FROM next`;
    // ...so 4 and 5 arrive beyond a gap: they wait for it to be read from the log.
    await appendEvents(trip.id, 4, 2);
    await waitFor(() => received.length >= 5, 'five events');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map(({ event }) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(received[2]?.name).toBe('message');
  });

  it('delivers an event that was committed but never published, with no event after it, by the tail check', async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const client = connect({ token, url: tailNode.url });
    await connected(client);
    const received = collect(client);
    expect(await join(client, trip.id)).toEqual({ ok: true, tripId: trip.id });
    await appendEvents(trip.id, 1, 2);
    await waitFor(() => received.length === 2, 'two events');

    // The writer died after its commit, before its publish; nothing is written after it.
    await commitUnpublished(trip.id, 'e3', 3);
    await waitFor(() => received.length >= 3, 'the unannounced event');
    await new Promise((resolve) => setTimeout(resolve, 600)); // later checks must not send it again
    expect(received.map(({ event }) => [event.seq, event.payload.index])).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('publishes an event again when a retried writer appends a key that is already stored', async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    // No tail check and no gap filling on this node: only the re-publish can deliver it.
    const client = connect({ token, url: strictNode.url });
    await connected(client);
    const received = collect(client);
    expect(await join(client, trip.id)).toEqual({ ok: true, tripId: trip.id });
    await appendEvents(trip.id, 1, 1);
    await waitFor(() => received.length === 1, 'the first event');

    await commitUnpublished(trip.id, 'e2', 2);
    // The retried activity appends the same key: the stored event comes back, with its seq, and is published.
    const retried = await ctx.events.append(trip.id, { key: 'e2', type: 'message', payload: { index: 2 } });
    expect(retried.seq).toBe(2);
    await waitFor(() => received.length >= 2, 'the re-published event');
    // A re-publish of an event the client already has is dropped by seq.
    await ctx.events.append(trip.id, { key: 'e2', type: 'message', payload: { index: 2 } });
    await appendEvents(trip.id, 3, 1);
    await waitFor(() => received.length >= 3, 'the event after it');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map(({ event }) => event.seq)).toEqual([1, 2, 3]);
    expect(await ctx.prisma.tripEvent.count({ where: { tripId: trip.id } })).toBe(3);
  });

  it("catches live subscriptions up from the log after the relay's Redis connection drops", async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const client = connect({ token, url: strictNode.url });
    await connected(client);
    const received = collect(client);
    expect(await join(client, trip.id)).toEqual({ ok: true, tripId: trip.id });
    await appendEvents(trip.id, 1, 3);
    await waitFor(() => received.length === 3, 'three events');

    // Cut this run's relay subscribers; what is published before they are back reaches nobody live...
    const list = String(await ctx.redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    const relays = list.split('\n').filter((line) => line.includes(` name=${ctx.config.REDIS_KEY_PREFIX}realtime-relay `));
    expect(relays.length).toBeGreaterThanOrEqual(1);
    for (const line of relays) await ctx.redis.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)?.[1] ?? '0');
    await appendEvents(trip.id, 4, 3);
    // ...and no later event reveals the gap: the resync after the reconnect delivers 4..6.
    await waitFor(() => received.length >= 6, 'events 4..6 after the reconnect');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map(({ event }) => event.seq)).toEqual(range(1, 6));
  });

  it('lets several sockets of one trip (owner and a read collaborator) each receive every event once', async () => {
    const owner = await createTraveler(ctx);
    const reader = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, owner.user.id);
    await ctx.prisma.tripCollaborator.create({ data: { tripId: trip.id, userId: reader.user.id, role: 'read' } });
    const sockets = [connect({ token: owner.token, url: strictNode.url }), connect({ token: owner.token }), connect({ token: reader.token })];
    await Promise.all(sockets.map(connected));
    const inboxes = sockets.map(collect);
    for (const socket of sockets) expect(await join(socket, trip.id)).toEqual({ ok: true, tripId: trip.id });
    await appendEvents(trip.id, 1, 30, 3);
    await waitFor(() => inboxes.every((inbox) => inbox.length >= 30), 'thirty events on every socket');
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const inbox of inboxes) expect(inbox.map(({ event }) => event.seq)).toEqual(range(1, 30));
    // Rooms are visible from every node through the Redis adapter.
    expect((await node.realtime.io.in(`trip:${trip.id}`).fetchSockets()).length).toBe(3);
    expect((await strictNode.realtime.io.in(`trip:${trip.id}`).fetchSockets()).length).toBe(3);
  });
});
