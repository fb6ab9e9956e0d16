// Socket.IO across API processes: two real `api/main.ts` processes on one Redis and one database. An event
// appended anywhere reaches clients on every node exactly once, and a client whose node is killed and
// restarted reconnects with its last seq and ends up with every event exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { io as connectClient } from 'socket.io-client';
import { createApiContext, type ApiContext } from '../../api/context.js';
import { attachRealtime, type Realtime } from '../../api/realtime/server.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { tripEventNames, type PresenceUpdate, type SeenUpdate, type TripEventRecord } from '../../contracts/realtime.js';
import { ReadReceiptStore } from '../../api/readReceipts.js';
import { freePort } from '../../scripts/lib/ports.js';
import { exited, stop } from '../../scripts/lib/process.js';
import { createApiKeyFor, createTraveler, createTrip, signUp } from '../support/identity.js';
import { connected, join, type TripSocket } from '../support/sockets.js';

jest.setTimeout(90_000);

type Client = TripSocket;

interface ApiNode {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  output: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Spawns `api/main.ts` like production does and waits until it answers HTTP. */
async function startApiNode(name: string, port: number): Promise<ApiNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, API_HOST: '127.0.0.1', API_PORT: String(port), SERVE_WEB: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const node: ApiNode = { name, port, url: `http://127.0.0.1:${port}`, child, output: [] };
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => node.output.push(chunk.toString()));
  // Generous: two processes start at once, and a loaded 2-core CI machine has taken over 30 s.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${node.output.join('')}`);
    try {
      await fetch(`${node.url}/api/health`);
      return node;
    } catch {
      if (Date.now() > deadline) throw new Error(`${name} did not start listening:\n${node.output.join('')}`);
      await sleep(100);
    }
  }
}

describe('realtime across API processes', () => {
  let ctx: ApiContext & { close(): Promise<void> };
  let nodeA: ApiNode;
  let nodeB: ApiNode;
  // An in-process node as well, to look at rooms cluster-wide through the Redis adapter.
  let observer: { server: HttpServer; realtime: Realtime };
  const clients: Client[] = [];

  beforeAll(async () => {
    const config = loadConfig(process.env);
    ctx = await createApiContext(config, createLogger('realtime-cluster-test', config.LOG_LEVEL));
    [nodeA, nodeB] = await Promise.all([startApiNode('api-a', await freePort()), startApiNode('api-b', await freePort())]);
    const server = createServer((_req, res) => res.writeHead(404).end());
    observer = { server, realtime: await attachRealtime(server, ctx) };
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all([nodeA, nodeB].filter(Boolean).map((node) => stop(node.child, 10_000)));
    await observer?.realtime.close();
    await ctx?.close();
  });

  const connect = (node: ApiNode, token: string, reconnect = false): Client => {
    const client: Client = connectClient(node.url, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token },
      reconnection: reconnect,
      reconnectionDelay: 100,
      reconnectionDelayMax: 250,
      randomizationFactor: 0,
    });
    clients.push(client);
    return client;
  };

  const collectSeqs = (client: Client) => {
    const seqs: number[] = [];
    for (const name of Object.values(tripEventNames)) client.on(name, (event: TripEventRecord) => seqs.push(event.seq));
    return seqs;
  };

  const append = (tripId: string, index: number) => ctx.events.append(tripId, { key: `e${index}`, type: index % 2 ? 'progress' : 'message', payload: { index } });
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

  it('delivers an event appended anywhere to clients on every node, once each', async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const onA = connect(nodeA, token);
    const onB = connect(nodeB, token);
    await Promise.all([connected(onA), connected(onB)]);
    const [seqsA, seqsB] = [collectSeqs(onA), collectSeqs(onB)];
    expect(await join(onA, trip.id)).toEqual({ ok: true, tripId: trip.id });
    expect(await join(onB, trip.id)).toEqual({ ok: true, tripId: trip.id });

    // The room spans both processes (the adapter shares the run's key prefix).
    const members = await observer.realtime.io.in(`trip:${trip.id}`).fetchSockets();
    expect(members.map((socket) => socket.id).sort()).toEqual([onA.id, onB.id].sort());

    for (let index = 1; index <= 30; index += 1) await append(trip.id, index);
    await waitFor(() => seqsA.length >= 30 && seqsB.length >= 30, 'thirty events on both nodes');
    await sleep(300); // a duplicate relayed through another node would arrive by now
    expect(seqsA).toEqual(range(1, 30));
    expect(seqsB).toEqual(range(1, 30));
  });

  it('catches a client up exactly once after its node is killed and restarted', async () => {
    const { user, token } = await createTraveler(ctx);
    const trip = await createTrip(ctx.prisma, user.id);
    const client = connect(nodeB, token, true);
    const seqs = collectSeqs(client);
    let connects = 0;
    // What a client does on every (re)connect: re-join with the last seq it has.
    client.on('connect', () => {
      connects += 1;
      client.emit('join', { tripId: trip.id, lastSeq: seqs.at(-1) ?? 0 }, (ack) => {
        if (!ack.ok) throw new Error(`join failed: ${ack.error}`);
      });
    });
    await waitFor(() => connects === 1, 'the first connect');

    // A writer appends every 10 ms throughout: before, during and after node B's restart.
    let appended = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        appended += 1;
        await append(trip.id, appended);
        await sleep(10);
      }
    })();

    await waitFor(() => seqs.length >= 40, 'forty live events');
    const atKill = appended;
    nodeB.child.kill('SIGKILL');
    await exited(nodeB.child);
    await sleep(1_000); // events appended now reach nobody
    const missedFrom = appended;
    expect(missedFrom - atKill).toBeGreaterThan(20);
    nodeB = await startApiNode('api-b', nodeB.port);
    await waitFor(() => connects === 2, 'the reconnect');
    await waitFor(() => (seqs.at(-1) ?? 0) > appended - 5 && appended > missedFrom + 40, 'live events after the reconnect');
    writing = false;
    await writer;
    await waitFor(() => seqs.length >= appended, `all ${appended} events`);
    await sleep(300);

    expect(seqs).toEqual(range(1, appended));
  });

  it('shows who is viewing and typing across nodes, agents as agents, and drops a viewer who leaves — none of it in the log', async () => {
    const owner = await signUp(nodeA.url, 'presence-owner');
    const friend = await signUp(nodeA.url, 'presence-friend');
    const agentKey = await createApiKeyFor(nodeA.url, owner, ['trips:read'], 'Trip scout');
    const trip = await createTrip(ctx.prisma, owner.user.id);
    // A read-only collaborator appears too.
    await ctx.prisma.tripCollaborator.create({ data: { tripId: trip.id, userId: friend.user.id, role: 'read' } });

    const ownerClient = connect(nodeA, owner.accessToken);
    const friendClient = connect(nodeB, friend.accessToken);
    const agentClient = connect(nodeB, agentKey.key);
    await Promise.all([connected(ownerClient), connected(friendClient), connected(agentClient)]);
    const seenByOwner: PresenceUpdate[] = [];
    ownerClient.on('presence', (update) => seenByOwner.push(update));
    const latest = () => seenByOwner.at(-1)?.viewers ?? [];
    const names = () => latest().map((viewer) => `${viewer.kind}:${viewer.name}${viewer.typing ? ' (typing)' : ''}`);

    expect(await join(ownerClient, trip.id)).toEqual({ ok: true, tripId: trip.id });
    expect(await join(friendClient, trip.id)).toEqual({ ok: true, tripId: trip.id });
    expect(await join(agentClient, trip.id)).toEqual({ ok: true, tripId: trip.id });
    const everyone = [`agent:Trip scout`, `traveler:${owner.user.displayName}`, `traveler:${friend.user.displayName}`].sort();
    await waitFor(() => JSON.stringify([...names()].sort()) === JSON.stringify(everyone), 'all three viewers, seen from the other node');
    expect(latest().find((viewer) => viewer.kind === 'agent')?.id).toBe(agentKey.id);

    // Typing on node B shows on node A; stopping clears it.
    friendClient.emit('typing', { tripId: trip.id, typing: true });
    await waitFor(() => names().includes(`traveler:${friend.user.displayName} (typing)`), 'the friend typing');
    friendClient.emit('typing', { tripId: trip.id, typing: false });
    await waitFor(() => names().includes(`traveler:${friend.user.displayName}`), 'the friend no longer typing');

    // Typing in a trip one has not joined is ignored.
    const stranger = await createTraveler(ctx);
    const strangerClient = connect(nodeB, stranger.token);
    await connected(strangerClient);
    strangerClient.emit('typing', { tripId: trip.id, typing: true });

    // A closed tab: gone at once. The agent leaving: gone too.
    friendClient.disconnect();
    agentClient.emit('leave', { tripId: trip.id });
    await waitFor(() => JSON.stringify(names()) === JSON.stringify([`traveler:${owner.user.displayName}`]), 'only the owner left');

    // Ephemeral: nothing of it in the trip's durable event log.
    expect(await ctx.events.after(trip.id, 0, 100)).toEqual([]);
  });

  it('tells every node who has seen the latest reply, only moving forward, only from those who joined — none of it in the log', async () => {
    const owner = await signUp(nodeA.url, 'seen-owner');
    const friend = await signUp(nodeA.url, 'seen-friend');
    const trip = await createTrip(ctx.prisma, owner.user.id);
    await ctx.prisma.tripCollaborator.create({ data: { tripId: trip.id, userId: friend.user.id, role: 'read' } });
    await ctx.events.append(trip.id, { key: 'm1:user', type: 'message', payload: { role: 'user', text: 'Lisbon in June', clientMessageId: 'm1' } });
    await ctx.events.append(trip.id, { key: 'm1:reply', type: 'message', payload: { role: 'assistant', text: 'Trip to Lisbon.', clientMessageId: 'm1' } });

    const stranger = await createTraveler(ctx);
    const ownerClient = connect(nodeA, owner.accessToken);
    const friendClient = connect(nodeB, friend.accessToken);
    const strangerClient = connect(nodeB, stranger.token);
    await Promise.all([connected(ownerClient), connected(friendClient), connected(strangerClient)]);
    const ownerHeard: SeenUpdate[] = [];
    ownerClient.on('seen', (update) => ownerHeard.push(update));
    const friendSeqs = collectSeqs(friendClient);
    expect(await join(ownerClient, trip.id)).toEqual({ ok: true, tripId: trip.id });
    expect(await join(friendClient, trip.id)).toEqual({ ok: true, tripId: trip.id });
    await waitFor(() => friendSeqs.length === 2, 'the friend holding both messages');
    // The joining socket hears who has read how far so far: nobody yet.
    await waitFor(() => ownerHeard.length > 0, 'the readers on join');
    expect(ownerHeard[0]).toEqual({ tripId: trip.id, readers: [] });

    // The friend on node B displayed the reply (seq 2): the owner on node A hears it.
    friendClient.emit('trip.seen', { tripId: trip.id, seq: 2 });
    const friendAt = (seq: number) => ({ id: friend.user.id, kind: 'traveler', name: friend.user.displayName, seq });
    await waitFor(() => JSON.stringify(ownerHeard.at(-1)?.readers) === JSON.stringify([friendAt(2)]), 'the friend seen on the other node');

    // A stale tab cannot take them back; a reply the socket was never sent cannot have been seen; a stranger
    // who has not joined (and cannot) is ignored; bad input too.
    friendClient.emit('trip.seen', { tripId: trip.id, seq: 1 });
    friendClient.emit('trip.seen', { tripId: trip.id, seq: 5 });
    strangerClient.emit('trip.seen', { tripId: trip.id, seq: 2 });
    friendClient.emit('trip.seen', { tripId: trip.id, seq: -3 } as never);
    // Each socket's events are handled in order, and a refused one is refused at once: after these acks they were handled.
    await Promise.all([
      new Promise((resolve) => strangerClient.emit('leave', { tripId: trip.id }, resolve)),
      new Promise((resolve) => friendClient.emit('join', { tripId: trip.id }, resolve)),
    ]);
    const receipts = new ReadReceiptStore(ctx.redis);
    expect(await receipts.readers(trip.id)).toEqual([friendAt(2)]);

    // A socket that joins later (on either node) is told at once.
    const lateClient = connect(nodeB, owner.accessToken);
    await connected(lateClient);
    const lateHeard: SeenUpdate[] = [];
    lateClient.on('seen', (update) => lateHeard.push(update));
    expect(await join(lateClient, trip.id)).toEqual({ ok: true, tripId: trip.id });
    await waitFor(() => lateHeard.length > 0, 'the readers on a later join');
    expect(lateHeard[0]?.readers).toEqual([friendAt(2)]);

    // Ephemeral: the log holds only the two messages.
    expect((await ctx.events.after(trip.id, 0, 100)).map((event) => event.seq)).toEqual([1, 2]);
  });

  it('on SIGTERM closes its websockets (clients see a transport close and reconnect elsewhere) and exits cleanly', async () => {
    const { token } = await createTraveler(ctx);
    const client = connect(nodeB, token);
    await connected(client);
    const reason = new Promise<string>((resolve) => client.once('disconnect', (why) => resolve(why)));
    nodeB.child.kill('SIGTERM');
    expect(await exited(nodeB.child)).toBe(0);
    expect(await reason).toBe('transport close');
  });
});
