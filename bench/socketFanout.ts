// Socket.IO fan-out benchmark. Processes, as in production: this one appends trip events through the
// event log (Postgres insert + Redis publish, as the worker does), one API process relays them
// (an HTTP server + attachRealtime with a real ApiContext on an isolated stack), and client processes
// hold socket.io-client connections (websocket transport), all joined to one trip room.
// - latency: append → receive, measured by every client for every event (all processes read the same
//   clock, performance.timeOrigin + performance.now()); a baseline with 1 client in the same run, and an
//   intermediate level to show how it scales;
// - server memory per connection: (heap and RSS after the clients joined − before) / clients, after a
//   GC, in the API process;
// - exactly once: every client must receive every event once, in seq order;
// - where the time goes: CPU and event-loop utilization of the API process and CPU of the clients
//   (on a small machine the clients, which run on the same CPUs, are part of what is measured).
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance as perfHooks } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { issueAccessToken } from '../api/auth/tokens.js';
import { createApiContext } from '../api/context.js';
import { attachRealtime, type ClientToServerEvents, type JoinAck, type ServerToClientEvents } from '../api/realtime.js';
import { loadConfig } from '../infra/config.js';
import { createPrismaClient } from '../infra/db.js';
import { createLogger } from '../infra/logger.js';
import { metricsRegistry } from '../infra/metrics.js';
import { createRedis } from '../infra/redis.js';
import { resolveSecrets } from '../infra/secrets.js';
import { TripEventLog, type TripEventRecord } from '../infra/tripEvents.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { formatSummary, summarize, type LatencySummary } from './stats.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 20);
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 2));
/** Client counts measured between the 1-client baseline and SOCKETS. */
const INTERMEDIATE = (process.env.BENCH_SOCKET_LEVELS ?? '1000').split(',').map(Number).filter((level) => level > 1 && level < SOCKETS);
const CONNECT_BATCH = 250;
const GOAL_P95_MS = 100;
const GOAL_BYTES_PER_CONNECTION = 50 * 1024;
const ROLE = 'TRIPSAGE_SOCKET_FANOUT_ROLE';

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

type ToServer = { cmd: 'mark' } | { cmd: 'usage' } | { cmd: 'memory' } | { cmd: 'roomSize'; tripId: string };

type FromServer =
  | { kind: 'listening'; url: string }
  | { kind: 'marked' }
  | { kind: 'usage'; cpuPercent: number; eventLoopUtilization: number; relayMsMean: number; relayed: number }
  | { kind: 'memory'; heapUsed: number; rss: number; external: number }
  | { kind: 'roomSize'; size: number };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fdLimit(): string {
  const result = spawnSync('sh', ['-c', 'echo "$(ulimit -Sn) (hard $(ulimit -Hn))"'], { encoding: 'utf8' });
  return result.stdout.trim() || 'unknown';
}

interface PhaseResult {
  clients: number;
  latency: LatencySummary;
  append: LatencySummary;
  received: number;
  expected: number;
  duplicates: number;
  outOfOrder: number;
  clientsComplete: number;
  serverCpuPercent: number;
  serverEventLoopUtilization: number;
  /** Mean synchronous relay time per event in the API process (hand-off to every socket, writes included). */
  relayMsMean: number;
  clientCpuPercent: number;
}

export async function runSocketFanoutBenchmark(): Promise<void> {
  console.log(`open-file limit (ulimit -n): ${fdLimit()}; ${SOCKETS} sockets need ~${SOCKETS} fds in the API process and as many across the client processes`);
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'bench_fanout', name: 'tripsage-bench', env: { ...process.env, LOG_LEVEL: 'warn' }, workerStdio: 'ignore' });
  const config = loadConfig(stack.env);
  const logger = createLogger('bench', 'warn');
  const prisma = createPrismaClient(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const events = new TripEventLog(prisma, redis, config.REDIS_KEY_PREFIX, logger);
  const spawnRole = (role: 'server' | 'clients', execArgv: string[] = []) =>
    fork(fileURLToPath(import.meta.url), [], {
      env: { ...stack.env, [ROLE]: role },
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
  const server = spawnRole('server', ['--expose-gc']);
  const listening = request<FromServer, 'listening'>(server, null, 'listening');
  const clients = Array.from({ length: CLIENT_PROCESSES }, () => spawnRole('clients'));
  const askServer = <K extends FromServer['kind']>(message: ToServer, kind: K) => request<FromServer, K>(server, message, kind);
  const askClients = <K extends FromClients['kind']>(make: (index: number) => ToClients, kind: K) =>
    Promise.all(clients.map((child, index) => request<FromClients, K>(child, make(index), kind)));
  try {
    const { url } = await listening;
    const user = await prisma.user.create({ data: { email: `fanout-${Date.now()}@example.test`, displayName: 'Fanout' } });
    const trip = await prisma.trip.create({ data: { ownerId: user.id, title: 'Fan-out benchmark' } });
    const { accessToken } = await issueAccessToken({ config, secrets: resolveSecrets(config) }, user.id);
    let lastSeq = 0;
    let connectedClients = 0;

    /** Adds clients (spread over the client processes) up to `total`. */
    const connectUpTo = async (total: number) => {
      const add = total - connectedClients;
      const started = performance.now();
      const share = (index: number) => Math.floor(add / clients.length) + (index < add % clients.length ? 1 : 0);
      const replies = await askClients((index) => ({ cmd: 'connect', url, token: accessToken, tripId: trip.id, lastSeq, count: share(index) }), 'connected');
      const failed = replies.reduce((sum, reply) => sum + reply.failed, 0);
      connectedClients = replies.reduce((sum, reply) => sum + reply.count, 0);
      console.log(`connected and joined ${add - failed} clients (now ${connectedClients}) in ${((performance.now() - started) / 1000).toFixed(1)} s, ${failed} failed`);
      if (failed > 0) throw new Error(`${failed} clients could not connect`);
    };

    const publish = async (phase: string): Promise<PhaseResult> => {
      const appendMs: number[] = [];
      const fromSeq = lastSeq + 1;
      await Promise.all([askServer({ cmd: 'mark' }, 'marked'), askClients(() => ({ cmd: 'mark' }), 'marked')]);
      const started = performance.now();
      for (let index = 0; index < EVENTS; index += 1) {
        const sentAt = now();
        const record = await events.append(trip.id, { key: `${phase}:${index}`, type: 'progress', payload: { sentAt, index } });
        appendMs.push(now() - sentAt);
        lastSeq = record.seq;
        const wait = started + (index + 1) * SPACING_MS - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const replies = await askClients(() => ({ cmd: 'collect', fromSeq, toSeq: lastSeq }), 'results');
      const usage = await askServer({ cmd: 'usage' }, 'usage');
      const sum = (pick: (reply: (typeof replies)[number]) => number) => replies.reduce((total, reply) => total + pick(reply), 0);
      return {
        clients: connectedClients,
        latency: summarize(replies.flatMap((reply) => Array.from(reply.latencies))),
        append: summarize(appendMs),
        received: sum((reply) => reply.received),
        expected: sum((reply) => reply.expected),
        duplicates: sum((reply) => reply.duplicates),
        outOfOrder: sum((reply) => reply.outOfOrder),
        clientsComplete: sum((reply) => reply.clientsComplete),
        serverCpuPercent: usage.cpuPercent,
        serverEventLoopUtilization: usage.eventLoopUtilization,
        relayMsMean: usage.relayMsMean,
        clientCpuPercent: sum((reply) => reply.cpuPercent),
      };
    };

    const results: PhaseResult[] = [];
    await connectUpTo(1);
    results.push(await publish('baseline'));
    await askClients(() => ({ cmd: 'disconnect' }), 'disconnected');
    connectedClients = 0;
    await sleep(1_000);

    const before = await askServer({ cmd: 'memory' }, 'memory');
    for (const level of [...INTERMEDIATE, SOCKETS]) {
      await connectUpTo(level);
      if (level === SOCKETS) break;
      results.push(await publish(`level-${level}`));
    }
    await sleep(1_000);
    const after = await askServer({ cmd: 'memory' }, 'memory');
    const { size: roomSize } = await askServer({ cmd: 'roomSize', tripId: trip.id }, 'roomSize');
    results.push(await publish('fanout'));

    const load = loadavg().map((value) => value.toFixed(1)).join(' ');
    console.log(`\n${EVENTS} events ${SPACING_MS} ms apart to one trip room (room size seen by the API: ${roomSize}); ${cpus().length} CPUs, load average ${load}`);
    for (const result of results) {
      console.log(formatSummary(`${result.clients} client${result.clients === 1 ? '' : 's'}: append → receive`, result.latency));
      console.log(
        `  delivered ${result.received}/${result.expected} (clients with every event: ${result.clientsComplete}/${result.clients}), duplicates ${result.duplicates}, out of order ${result.outOfOrder}; ` +
          `append (DB + publish) p50 ${result.append.p50.toFixed(1)} ms\n  API process: relay ${result.relayMsMean.toFixed(2)} ms per event (${((result.relayMsMean * 1000) / result.clients).toFixed(1)} µs per socket), ` +
          `CPU ${result.serverCpuPercent.toFixed(0)}%, event loop ${(result.serverEventLoopUtilization * 100).toFixed(0)}% busy; client processes CPU ${result.clientCpuPercent.toFixed(0)}% (of one core)`,
      );
    }
    const baseline = results[0] as PhaseResult;
    const fanout = results.at(-1) as PhaseResult;
    const per = (bytes: number) => bytes / Math.max(1, connectedClients);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `API process memory per connection (after GC): heap ${kb(per(after.heapUsed - before.heapUsed))}, RSS ${kb(per(after.rss - before.rss))}, ` +
        `external ${kb(per(after.external - before.external))} (heap ${(after.heapUsed / 1048576).toFixed(0)} MB, RSS ${(after.rss / 1048576).toFixed(0)} MB with ${connectedClients} clients)`,
    );
    console.log(`ratio ${fanout.clients}-client p95 / baseline p95: ${(fanout.latency.p95 / baseline.latency.p95).toFixed(1)}x`);
    const exact = results.every((result) => result.duplicates === 0 && result.outOfOrder === 0 && result.received === result.expected);
    const perConnection = Math.max(per(after.rss - before.rss), per(after.heapUsed - before.heapUsed));
    console.log(
      `goal p95 < ${GOAL_P95_MS} ms with ${fanout.clients} clients → ${fanout.latency.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}; ` +
        `goal < 50 KB per connection → ${perConnection < GOAL_BYTES_PER_CONNECTION ? 'met' : 'NOT met'}; exactly once → ${exact ? 'yes' : 'NO'}`,
    );
  } finally {
    for (const child of [server, ...clients]) child.kill();
    await prisma.$disconnect();
    redis.disconnect();
    await stack.stop();
  }
}

/** Sends `message` (unless null) to a child process and waits for its answer of `kind`. */
function request<Reply extends { kind: string }, K extends Reply['kind']>(child: ChildProcess, message: object | null, kind: K): Promise<Extract<Reply, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      if (reply.kind !== kind) return;
      cleanup();
      resolve(reply as Extract<Reply, { kind: K }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`a benchmark process exited (${code}) while waiting for "${kind}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (message) child.send(message);
  });
}

// --- the API process -------------------------------------------------------------------------------

async function runServerProcess(): Promise<void> {
  const send = (message: FromServer) => process.send?.(message);
  const config = loadConfig(process.env);
  const ctx = await createApiContext(config, createLogger('bench-api', 'warn'), process.env);
  const server = createServer((_req, res) => res.writeHead(404).end());
  const realtime = await attachRealtime(server, ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gc = globalThis.gc ?? (() => undefined);
  let cpuMark = process.cpuUsage();
  let eluMark = perfHooks.eventLoopUtilization();
  let markedAt = performance.now();
  const relayed = async () => {
    const metric = metricsRegistry.getSingleMetric('tripsage_realtime_relay_seconds');
    const values = metric ? (await metric.get()).values : [];
    const named = (suffix: string) => values.find((value) => 'metricName' in value && String(value.metricName).endsWith(suffix))?.value ?? 0;
    const [sum, count] = [named('_sum'), named('_count')];
    return { sum, count };
  };
  let relayMark = await relayed();
  process.on('message', (message: ToServer) => {
    void (async () => {
      if (message.cmd === 'mark') {
        relayMark = await relayed();
        cpuMark = process.cpuUsage();
        eluMark = perfHooks.eventLoopUtilization();
        markedAt = performance.now();
        send({ kind: 'marked' });
      } else if (message.cmd === 'usage') {
        const cpu = process.cpuUsage(cpuMark);
        const seconds = (performance.now() - markedAt) / 1000;
        const elu = perfHooks.eventLoopUtilization(eluMark).utilization;
        const relay = await relayed();
        const count = relay.count - relayMark.count;
        send({ kind: 'usage', cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100, eventLoopUtilization: elu, relayMsMean: count ? ((relay.sum - relayMark.sum) / count) * 1000 : 0, relayed: count });
      } else if (message.cmd === 'memory') {
        gc();
        await sleep(100);
        gc();
        const usage = process.memoryUsage();
        send({ kind: 'memory', heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external + usage.arrayBuffers });
      } else {
        send({ kind: 'roomSize', size: (await realtime.io.in(`trip:${message.tripId}`).fetchSockets()).length });
      }
    })();
  });
  const stop = () => void realtime.close().finally(() => ctx.close().finally(() => process.exit(0)));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  send({ kind: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

// --- a client process ------------------------------------------------------------------------------

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
        const deadline = Date.now() + 60_000;
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

if (process.send && process.env[ROLE] === 'server') await runServerProcess();
if (process.send && process.env[ROLE] === 'clients') await runClientProcess();
