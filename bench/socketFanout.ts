// Socket.IO fan-out benchmark: one API process (HTTP server + attachRealtime, real Postgres and Redis from
// an isolated stack) and BENCH_SOCKETS socket.io-client clients (websocket transport) all joined to one
// trip room. Events are appended through the trip event log (Postgres insert + Redis publish), spaced
// BENCH_SPACING_MS apart; each client measures append → receive latency.
// - baseline in the same run: the same latency with 1 client;
// - server memory per connection: (heap and RSS after all clients joined − before) / clients, after a GC;
// - exactly-once check: every client must receive every event once, in seq order.
// The clients run in BENCH_CLIENT_PROCESSES child processes so that the server's event loop (the thing
// measured) does not also parse every client's frames; all processes share the machine's clock
// (performance.timeOrigin). On a small machine the clients' CPU bounds the fan-out latency: the output
// shows each side's CPU use so the bottleneck is visible.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { issueAccessToken } from '../api/auth/tokens.js';
import { createApiContext } from '../api/context.js';
import { attachRealtime, type ClientToServerEvents, type JoinAck, type ServerToClientEvents } from '../api/realtime.js';
import { loadConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import type { TripEventRecord } from '../infra/tripEvents.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { formatSummary, summarize } from './stats.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 20);
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 2));
const CONNECT_BATCH = 250;
const GOAL_P95_MS = 100;
const GOAL_BYTES_PER_CONNECTION = 50 * 1024;
const CHILD_FLAG = 'TRIPSAGE_SOCKET_FANOUT_CLIENTS';

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

type ToClients =
  | { cmd: 'connect'; url: string; token: string; tripId: string; lastSeq: number; count: number }
  | { cmd: 'mark' }
  | { cmd: 'collect'; fromSeq: number; toSeq: number }
  | { cmd: 'disconnect' };

type FromClients =
  | { kind: 'connected'; count: number; failed: number }
  | { kind: 'marked' }
  | { kind: 'results'; latencies: Float64Array; received: number; expected: number; duplicates: number; outOfOrder: number; clientsComplete: number; cpuPercent: number }
  | { kind: 'disconnected' };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fdLimit(): string {
  const result = spawnSync('sh', ['-c', 'echo "$(ulimit -Sn) (hard $(ulimit -Hn))"'], { encoding: 'utf8' });
  return result.stdout.trim() || 'unknown';
}

function exposedGc(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

export async function runSocketFanoutBenchmark(): Promise<void> {
  console.log(`open-file limit (ulimit -n): ${fdLimit()}; ${SOCKETS} sockets need ~${SOCKETS} fds in the server process and as many across the client processes`);
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'bench_fanout', name: 'tripsage-bench', env: { ...process.env, LOG_LEVEL: 'warn' }, workerStdio: 'ignore' });
  const config = loadConfig(stack.env);
  const ctx = await createApiContext(config, createLogger('bench', 'warn'), stack.env);
  const server = createServer((_req, res) => res.writeHead(404).end());
  const realtime = await attachRealtime(server, ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const children = Array.from({ length: CLIENT_PROCESSES }, () =>
    fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, [CHILD_FLAG]: '1' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    }),
  );
  const all = <K extends FromClients['kind']>(make: (child: number) => ToClients, kind: K) => Promise.all(children.map((child, index) => request(child, make(index), kind)));
  const gc = exposedGc();
  try {
    const user = await ctx.prisma.user.create({ data: { email: `fanout-${Date.now()}@example.test`, displayName: 'Fanout' } });
    const trip = await ctx.prisma.trip.create({ data: { ownerId: user.id, title: 'Fan-out benchmark' } });
    const { accessToken } = await issueAccessToken(ctx, user.id);
    let lastSeq = 0;

    const connect = async (count: number) => {
      const started = performance.now();
      const share = (index: number) => Math.floor(count / children.length) + (index < count % children.length ? 1 : 0);
      const replies = await all((index) => ({ cmd: 'connect', url, token: accessToken, tripId: trip.id, lastSeq, count: share(index) }), 'connected');
      return { count: replies.reduce((sum, reply) => sum + reply.count, 0), failed: replies.reduce((sum, reply) => sum + reply.failed, 0), seconds: (performance.now() - started) / 1000 };
    };

    const publish = async (phase: string) => {
      const appendMs: number[] = [];
      const fromSeq = lastSeq + 1;
      await all(() => ({ cmd: 'mark' }), 'marked');
      const started = performance.now();
      const cpu = process.cpuUsage();
      for (let index = 0; index < EVENTS; index += 1) {
        const sentAt = now();
        const record = await ctx.events.append(trip.id, { key: `${phase}:${index}`, type: 'progress', payload: { sentAt, index } });
        appendMs.push(now() - sentAt);
        lastSeq = record.seq;
        const wait = started + (index + 1) * SPACING_MS - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const replies = await all(() => ({ cmd: 'collect', fromSeq, toSeq: lastSeq }), 'results');
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - started) / 1000;
      const latencies = replies.flatMap((reply) => Array.from(reply.latencies));
      const sum = (pick: (reply: (typeof replies)[number]) => number) => replies.reduce((total, reply) => total + pick(reply), 0);
      return {
        latency: summarize(latencies),
        received: sum((reply) => reply.received),
        expected: sum((reply) => reply.expected),
        duplicates: sum((reply) => reply.duplicates),
        outOfOrder: sum((reply) => reply.outOfOrder),
        clientsComplete: sum((reply) => reply.clientsComplete),
        append: summarize(appendMs),
        serverCpuPercent: ((used.user + used.system) / 1e6 / seconds) * 100,
        clientCpuPercent: sum((reply) => reply.cpuPercent),
      };
    };

    const report = (label: string, result: Awaited<ReturnType<typeof publish>>) => {
      console.log(formatSummary(`${label}: append → receive`, result.latency));
      console.log(
        `  delivered ${result.received}/${result.expected} (clients with every event: ${result.clientsComplete}), duplicates ${result.duplicates}, out of order ${result.outOfOrder}; ` +
          `append (DB insert + publish) p50 ${result.append.p50.toFixed(1)} ms p95 ${result.append.p95.toFixed(1)} ms; ` +
          `CPU (publish to last receipt): server ${result.serverCpuPercent.toFixed(0)}%, clients ${result.clientCpuPercent.toFixed(0)}% of a core`,
      );
    };

    // Baseline: one client.
    const one = await request(children[0] as ChildProcess, { cmd: 'connect', url, token: accessToken, tripId: trip.id, lastSeq, count: 1 }, 'connected');
    if (one.failed) throw new Error('the baseline client could not connect');
    const baseline = await publish('baseline');
    await all(() => ({ cmd: 'disconnect' }), 'disconnected');
    await sleep(500);

    // Fan-out: SOCKETS clients, server memory measured around their connection.
    gc();
    const before = process.memoryUsage();
    const many = await connect(SOCKETS);
    console.log(`connected and joined ${many.count} clients in ${many.seconds.toFixed(1)} s (${many.failed} failed) from ${children.length} client processes`);
    await sleep(1_000);
    gc();
    const after = process.memoryUsage();
    const roomSize = (await realtime.io.in(`trip:${trip.id}`).fetchSockets()).length;
    const fanout = await publish('fanout');

    const load = loadavg().map((value) => value.toFixed(1)).join(' ');
    console.log(`\n${EVENTS} events ${SPACING_MS} ms apart to one trip room (room size seen by the server: ${roomSize}); ${cpus().length} CPUs, load average ${load}`);
    report('baseline, 1 client', baseline);
    report(`fan-out, ${many.count} clients`, fanout);
    const per = (bytes: number) => `${(bytes / Math.max(1, many.count) / 1024).toFixed(1)} KB`;
    const rssPer = (after.rss - before.rss) / Math.max(1, many.count);
    console.log(
      `server memory per connection: heap ${per(after.heapUsed - before.heapUsed)}, RSS ${per(after.rss - before.rss)}, ` +
        `external+array buffers ${per(after.external + after.arrayBuffers - before.external - before.arrayBuffers)} (after GC; heap total ${(after.heapUsed / 1048576).toFixed(0)} MB)`,
    );
    console.log(`ratio fan-out p95 / baseline p95: ${(fanout.latency.p95 / baseline.latency.p95).toFixed(1)}x`);
    const exact = fanout.duplicates === 0 && fanout.outOfOrder === 0 && fanout.received === fanout.expected;
    console.log(
      `goal p95 < ${GOAL_P95_MS} ms → ${fanout.latency.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}; goal < 50 KB per connection (RSS) → ${rssPer < GOAL_BYTES_PER_CONNECTION ? 'met' : 'NOT met'}; exactly once → ${exact ? 'yes' : 'NO'}`,
    );
  } finally {
    for (const child of children) child.kill();
    await realtime.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ctx.close();
    await stack.stop();
  }
}

/** Sends a command to a client process and waits for its answer of `kind`. */
function request<K extends FromClients['kind']>(child: ChildProcess, message: ToClients, kind: K): Promise<Extract<FromClients, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromClients) => {
      if (reply.kind !== kind) return;
      cleanup();
      resolve(reply as Extract<FromClients, { kind: K }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`a client process exited (${code}) while waiting for "${kind}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}

// --- the client process ----------------------------------------------------------------------------

interface Tracked {
  socket: Client;
  next: number;
  received: number;
  duplicates: number;
  outOfOrder: number;
}

async function runClientProcess(): Promise<void> {
  let tracked: Tracked[] = [];
  let latencies: number[] = [];
  let cpuMark = process.cpuUsage();
  let markedAt = performance.now();
  const send = (message: FromClients) => process.send?.(message);

  const connectOne = (command: Extract<ToClients, { cmd: 'connect' }>): Promise<Tracked | null> =>
    new Promise((resolve) => {
      const socket: Client = connectClient(command.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: command.token }, timeout: 60_000 });
      const entry: Tracked = { socket, next: command.lastSeq + 1, received: 0, duplicates: 0, outOfOrder: 0 };
      socket.on('progress', (event: TripEventRecord) => {
        const received = now();
        const sentAt = event.payload.sentAt;
        if (typeof sentAt === 'number') latencies.push(received - sentAt);
        entry.received += 1;
        if (event.seq < entry.next) entry.duplicates += 1;
        else if (event.seq > entry.next) entry.outOfOrder += 1;
        entry.next = Math.max(entry.next, event.seq + 1);
      });
      socket.once('connect_error', () => resolve(null));
      socket.once('connect', () => {
        socket.emit('join', { tripId: command.tripId, lastSeq: command.lastSeq }, (ack: JoinAck) => resolve(ack.ok ? entry : null));
      });
    });

  process.on('message', (message: ToClients) => {
    void (async () => {
      if (message.cmd === 'connect') {
        let failed = 0;
        for (let offset = 0; offset < message.count; offset += CONNECT_BATCH) {
          const batch = await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, message.count - offset) }, () => connectOne(message)));
          for (const entry of batch) {
            if (entry) tracked.push(entry);
            else failed += 1;
          }
        }
        send({ kind: 'connected', count: tracked.length, failed });
      } else if (message.cmd === 'mark') {
        cpuMark = process.cpuUsage();
        markedAt = performance.now();
        send({ kind: 'marked' });
      } else if (message.cmd === 'collect') {
        const expectedEach = message.toSeq - message.fromSeq + 1;
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && tracked.some((entry) => entry.next <= message.toSeq)) await sleep(20);
        const cpu = process.cpuUsage(cpuMark);
        const seconds = (performance.now() - markedAt) / 1000;
        await sleep(200); // late duplicates would show up now
        send({
          kind: 'results',
          latencies: Float64Array.from(latencies),
          cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
          received: tracked.reduce((sum, entry) => sum + entry.received, 0),
          expected: expectedEach * tracked.length,
          duplicates: tracked.reduce((sum, entry) => sum + entry.duplicates, 0),
          outOfOrder: tracked.reduce((sum, entry) => sum + entry.outOfOrder, 0),
          clientsComplete: tracked.filter((entry) => entry.next > message.toSeq && entry.received === expectedEach).length,
        });
        latencies = [];
        for (const entry of tracked) Object.assign(entry, { received: 0, duplicates: 0, outOfOrder: 0 });
      } else {
        for (const entry of tracked) entry.socket.disconnect();
        tracked = [];
        send({ kind: 'disconnected' });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.env[CHILD_FLAG] === '1' && process.send) await runClientProcess();
