// Socket.IO fan-out benchmark. Processes, as in production: this one appends trip events through the
// event log (Postgres insert + Redis publish, as the worker does), one API process relays them
// (an HTTP server + attachRealtime with a real ApiContext on an isolated stack), and BENCH_CLIENT_PROCESSES
// client processes hold socket.io-client connections (websocket transport only).
//
// Every client joins two trips: one room shared by ALL clients (the worst case: every event goes to every
// connection) and a small room of BENCH_ROOM_SIZE (5) clients (a trip with its traveler, collaborators and
// agents). Phases, with the number of connected clients rising:
// - 1 client (warm-up, then disconnected), then BENCH_SOCKET_LEVELS (100,1000) and BENCH_SOCKETS (5000):
//   events to the shared room, BENCH_SPACING_MS (1000) apart; the 100-client level is the baseline;
// - at BENCH_SOCKETS: events to the small rooms, round robin, BENCH_SMALL_SPACING_MS (10) apart;
// - the kernel floor, same run, same client processes: raw TCP connections (no WebSocket, Socket.IO, DB or
//   Redis), one frame of the same size written to each of BENCH_SOCKETS connections per round, one round
//   per BENCH_SPACING_MS, from the API process (on its CPU): what one loopback write costs on this machine.
// Reported: publish → receive latency p50/p95/p99 over every delivery (the publisher stamps `sentAt` before
// the append; clients read the same clock, performance.timeOrigin + performance.now()); exactly once and in
// order; connect + join rate; the API process's memory per connection (after GC: heap, RSS); the API
// process's CPU, event-loop utilization and synchronous relay time per event; the clients' CPU.
// CPU pinning (BENCH_PIN, default on): the API process alone on CPU 0, everything this benchmark starts on
// the other CPUs (see pinning()). BENCH_CPU_PROF_DIR=<dir> writes CPU profiles of the API and client processes.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { issueAccessToken } from '../../api/auth/tokens.js';
import { loadConfig } from '../../infra/config.js';
import { createPrismaClient } from '../../infra/db.js';
import { createLogger } from '../../infra/logger.js';
import { createRedis } from '../../infra/redis.js';
import { resolveSecrets } from '../../infra/secrets.js';
import { TripEventLog } from '../../infra/tripEvents.js';
import { startIsolatedStack } from '../../scripts/lib/isolatedStack.js';
import { projectRoot } from '../../scripts/provision.js';
import { formatSummary, summarize, type LatencySummary } from '../stats.js';
import { ROOM_SIZE, TCP_FRAME_BYTES, now, sleep, type FromClients, type FromServer, type ToClients, type ToServer } from './protocol.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5_000);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 1_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);
const SMALL_SPACING_MS = Number(process.env.BENCH_SMALL_SPACING_MS ?? 10);
const SMALL_EVENTS = Number(process.env.BENCH_SMALL_EVENTS ?? 2_000);
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 2));
/** Client counts measured before SOCKETS; the first is the baseline of the ratio. */
const LEVELS = (process.env.BENCH_SOCKET_LEVELS ?? '100,1000')
  .split(',')
  .map(Number)
  .filter((level) => level >= 1 && level < SOCKETS);
const GOAL_P95_MS = 100;
const GOAL_BYTES_PER_CONNECTION = 50 * 1024;

function fdLimit(): string {
  const result = spawnSync('sh', ['-c', 'echo "$(ulimit -Sn) (hard $(ulimit -Hn))"'], { encoding: 'utf8' });
  return result.stdout.trim() || 'unknown';
}

interface PhaseResult {
  label: string;
  clients: number;
  events: number;
  spacingMs: number;
  /** Deliveries per second asked of the API process (events/s × room size). */
  offeredPerSecond: number;
  latency: LatencySummary;
  append: LatencySummary;
  received: number;
  expected: number;
  duplicates: number;
  outOfOrder: number;
  complete: number;
  subscriptions: number;
  serverCpuPercent: number;
  serverEventLoopUtilization: number;
  /** Mean synchronous relay time per event in the API process (hand-off to every socket, writes included). */
  relayMsMean: number;
  clientCpuPercent: number;
}

export async function runSocketFanoutBenchmark(): Promise<void> {
  console.log(`open-file limit (ulimit -n): ${fdLimit()}; ${SOCKETS} sockets need ~${SOCKETS} fds in the API process and as many across the client processes`);
  const pinned = pinning();
  if (pinned) {
    // Everything this process starts from now on (stack, clients) inherits the client CPUs; the API
    // process is moved to its own CPU once forked.
    pin(process.pid, pinned.others);
    console.log(`CPU pinning: API process on CPU ${pinned.api}; this process, the stack and the ${CLIENT_PROCESSES} client processes on CPU ${pinned.others} (BENCH_PIN=0: no pinning)`);
  } else {
    console.log(`CPU pinning: off (every process shares the ${cpus().length} CPUs)`);
  }
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'bench_fanout', name: 'tripsage-bench', env: { ...process.env, LOG_LEVEL: 'warn' }, workerStdio: 'ignore' });
  const config = loadConfig(stack.env);
  const logger = createLogger('bench', 'warn');
  const prisma = createPrismaClient(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const events = new TripEventLog(prisma, redis, config.REDIS_KEY_PREFIX, logger);
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const spawnRole = (role: 'server' | 'client', execArgv: string[] = []) =>
    fork(fileURLToPath(new URL(`./${role}.ts`, import.meta.url)), [], {
      env: stack.env,
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
  const server = spawnRole('server', ['--expose-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]);
  if (pinned && server.pid) pin(server.pid, String(pinned.api));
  const listening = request<FromServer, 'listening'>(server, null, 'listening');
  const clients = Array.from({ length: CLIENT_PROCESSES }, () => spawnRole('client', profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}/clients`] : []));
  const askServer = <K extends FromServer['kind']>(message: ToServer, kind: K) => request<FromServer, K>(server, message, kind);
  const askClients = <K extends FromClients['kind']>(make: (index: number) => ToClients, kind: K) =>
    Promise.all(clients.map((child, index) => request<FromClients, K>(child, make(index), kind)));
  try {
    const { url } = await listening;
    const user = await prisma.user.create({ data: { email: `fanout-${Date.now()}@example.test`, displayName: 'Fanout' } });
    const shared = await prisma.trip.create({ data: { ownerId: user.id, title: 'Fan-out benchmark (shared room)' } });
    const smallCount = Math.ceil(SOCKETS / ROOM_SIZE);
    await prisma.trip.createMany({ data: Array.from({ length: smallCount }, (_, index) => ({ ownerId: user.id, title: `Fan-out benchmark (small room ${index})` })) });
    const smallTrips = (await prisma.trip.findMany({ where: { ownerId: user.id, id: { not: shared.id } }, select: { id: true }, orderBy: { createdAt: 'asc' } })).map((trip) => trip.id);
    const { accessToken } = await issueAccessToken({ config, secrets: resolveSecrets(config) }, user.id);
    const lastSeq = new Map<string, number>([[shared.id, 0], ...smallTrips.map((id): [string, number] => [id, 0])]);
    const seqOf = (id: string) => lastSeq.get(id) ?? 0;
    let connectedClients = 0;
    const connectRates: string[] = [];

    /** Adds clients (spread over the client processes) up to `total`; each joins the shared room and one small room. */
    const connectUpTo = async (total: number) => {
      const add = total - connectedClients;
      const started = performance.now();
      const share = (index: number) => Math.floor(add / clients.length) + (index < add % clients.length ? 1 : 0);
      const firstIndex = (index: number) => connectedClients + Array.from({ length: index }, (_, before) => share(before)).reduce((sum, count) => sum + count, 0);
      const replies = await askClients(
        (index) => ({
          cmd: 'connect',
          url,
          token: accessToken,
          shared: { id: shared.id, lastSeq: seqOf(shared.id) },
          small: smallTrips.map((id) => ({ id, lastSeq: seqOf(id) })),
          firstIndex: firstIndex(index),
          count: share(index),
        }),
        'connected',
      );
      const failed = replies.reduce((sum, reply) => sum + reply.failed, 0);
      connectedClients = replies.reduce((sum, reply) => sum + reply.count, 0);
      const seconds = (performance.now() - started) / 1000;
      const rate = `${(add / seconds).toFixed(0)} clients/s`;
      if (add >= 100) connectRates.push(`${add} in ${seconds.toFixed(1)} s = ${rate}`);
      console.log(`connected ${add - failed} clients (each: handshake with JWT, 2 joins with authorization + replay; now ${connectedClients}) in ${seconds.toFixed(1)} s, ${rate}, ${failed} failed`);
      if (failed > 0) throw new Error(`${failed} clients could not connect`);
    };

    const publish = async (label: string, trips: string[], count: number, spacingMs: number, roomSize: number): Promise<PhaseResult> => {
      const appendMs: number[] = [];
      const ranges: Record<string, [number, number]> = {};
      await Promise.all([askServer({ cmd: 'mark' }, 'marked'), askClients(() => ({ cmd: 'mark' }), 'marked')]);
      const started = performance.now();
      for (let index = 0; index < count; index += 1) {
        const tripId = trips[index % trips.length] as string;
        const sentAt = now();
        const record = await events.append(tripId, { key: `${label}:${index}`, type: 'progress', payload: { sentAt, index } });
        appendMs.push(now() - sentAt);
        const range = ranges[tripId];
        if (range) range[1] = record.seq;
        else ranges[tripId] = [record.seq, record.seq];
        lastSeq.set(tripId, record.seq);
        const wait = started + (index + 1) * spacingMs - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const replies = await askClients(() => ({ cmd: 'collect', ranges }), 'results');
      const usage = await askServer({ cmd: 'usage' }, 'usage');
      const sum = (pick: (reply: (typeof replies)[number]) => number) => replies.reduce((total, reply) => total + pick(reply), 0);
      return {
        label,
        clients: connectedClients,
        events: count,
        spacingMs,
        offeredPerSecond: (1000 / spacingMs) * roomSize,
        latency: summarize(replies.flatMap((reply) => [...reply.latencies])),
        append: summarize(appendMs),
        received: sum((reply) => reply.received),
        expected: sum((reply) => reply.expected),
        duplicates: sum((reply) => reply.duplicates),
        outOfOrder: sum((reply) => reply.outOfOrder),
        complete: sum((reply) => reply.complete),
        subscriptions: sum((reply) => reply.subscriptions),
        serverCpuPercent: usage.cpuPercent,
        serverEventLoopUtilization: usage.eventLoopUtilization,
        relayMsMean: usage.relayMsMean,
        clientCpuPercent: sum((reply) => reply.cpuPercent),
      };
    };

    const results: PhaseResult[] = [];
    // Warm-up (JIT, connection pools) with one client, then nobody connected: the memory baseline.
    await connectUpTo(1);
    await publish('warm-up', [shared.id], Math.min(EVENTS, 10), 50, 1);
    await askClients(() => ({ cmd: 'disconnect' }), 'disconnected');
    connectedClients = 0;
    await sleep(1_000);

    const before = await askServer({ cmd: 'memory' }, 'memory');
    for (const level of [...LEVELS, SOCKETS]) {
      await connectUpTo(level);
      if (level === SOCKETS) break;
      results.push(await publish(`shared room, ${level} clients`, [shared.id], EVENTS, SPACING_MS, level));
    }
    await sleep(1_000);
    const after = await askServer({ cmd: 'memory' }, 'memory');
    const { size: roomSize } = await askServer({ cmd: 'roomSize', tripId: shared.id }, 'roomSize');
    results.push(await publish(`shared room, ${SOCKETS} clients`, [shared.id], EVENTS, SPACING_MS, SOCKETS));
    const small = await publish(`${smallCount} rooms of ${ROOM_SIZE}, ${SOCKETS} clients`, smallTrips, SMALL_EVENTS, SMALL_SPACING_MS, ROOM_SIZE);
    results.push(small);

    // Kernel floor: raw TCP from the API process to the client processes.
    const { port: tcpPort } = await askServer({ cmd: 'tcpListen' }, 'tcpListening');
    const share = (index: number) => Math.floor(SOCKETS / clients.length) + (index < SOCKETS % clients.length ? 1 : 0);
    await askClients((index) => ({ cmd: 'tcpConnect', port: tcpPort, count: share(index) }), 'tcpConnected');
    const writeMs: number[] = [];
    let tcpSockets = 0;
    for (let round = 0; round < EVENTS; round += 1) {
      const written = await askServer({ cmd: 'tcpRound', expected: SOCKETS }, 'tcpWritten');
      writeMs.push(written.writeMs);
      tcpSockets = written.sockets;
      await sleep(SPACING_MS);
    }
    const tcpReplies = await askClients(() => ({ cmd: 'tcpCollect', rounds: EVENTS }), 'tcpResults');
    const tcpLatency = summarize(tcpReplies.flatMap((reply) => [...reply.latencies]));
    const tcpWrite = summarize(writeMs);

    const load = loadavg().map((value) => value.toFixed(1)).join(' ');
    console.log(`\n${cpus().length} CPUs, load average ${load}; shared room size seen by the API: ${roomSize}; every client is in the shared room and in one small room`);
    for (const result of results) {
      console.log(formatSummary(`${result.label}: append → receive`, result.latency));
      console.log(
        `  ${result.events} events ${result.spacingMs} ms apart = ${result.offeredPerSecond.toFixed(0)} deliveries/s asked; delivered ${result.received}/${result.expected} ` +
          `(subscriptions with every event: ${result.complete}/${result.subscriptions}), duplicates ${result.duplicates}, out of order ${result.outOfOrder}; append (DB + publish) p50 ${result.append.p50.toFixed(1)} ms\n` +
          `  API process: relay ${result.relayMsMean.toFixed(2)} ms per event (synchronous; ${((result.relayMsMean * 1000 * result.events) / Math.max(1, result.expected)).toFixed(1)} µs per delivery), ` +
          `CPU ${result.serverCpuPercent.toFixed(0)}%, event loop ${(result.serverEventLoopUtilization * 100).toFixed(0)}% busy; client processes CPU ${result.clientCpuPercent.toFixed(0)}% (of one core)`,
      );
    }
    console.log(formatSummary(`kernel floor: raw TCP, ${tcpSockets} sockets`, tcpLatency));
    console.log(
      `  ${EVENTS} rounds ${SPACING_MS} ms apart, ${TCP_FRAME_BYTES}-byte frame per socket (no WebSocket, Socket.IO, DB or Redis); API process write loop p50 ${tcpWrite.p50.toFixed(1)} ms per round = ` +
        `${((tcpWrite.p50 * 1000) / Math.max(1, tcpSockets)).toFixed(1)} µs per socket; rounds complete in every connection: ${tcpReplies.reduce((sum, reply) => sum + reply.complete, 0)}/${tcpSockets}`,
    );

    const per = (bytes: number) => bytes / Math.max(1, connectedClients);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `API process memory per connection (after GC, ${connectedClients} clients, 2 trip subscriptions each): heap ${kb(per(after.heapUsed - before.heapUsed))}, RSS ${kb(per(after.rss - before.rss))}, ` +
        `external ${kb(per(after.external - before.external))} (RSS ${(before.rss / 1048576).toFixed(0)} MB → ${(after.rss / 1048576).toFixed(0)} MB, heap ${(after.heapUsed / 1048576).toFixed(0)} MB)`,
    );
    console.log(`connect + join rate: ${connectRates.join('; ')}`);
    const baseline = results[0] as PhaseResult;
    const sharedFull = results.at(-2) as PhaseResult;
    console.log(
      `p95 ratios: shared room ${SOCKETS} / ${baseline.clients} clients ${(sharedFull.latency.p95 / baseline.latency.p95).toFixed(1)}x; ` +
        `shared room ${SOCKETS} clients / raw TCP ${(sharedFull.latency.p95 / tcpLatency.p95).toFixed(2)}x; small rooms / ${baseline.clients}-client shared room ${(small.latency.p95 / baseline.latency.p95).toFixed(2)}x`,
    );
    const exact = results.every((result) => result.duplicates === 0 && result.outOfOrder === 0 && result.received === result.expected);
    const perConnection = Math.max(per(after.rss - before.rss), per(after.heapUsed - before.heapUsed));
    const verdict = (result: PhaseResult) => `${result.latency.p95.toFixed(1)} ms → ${result.latency.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}`;
    console.log(
      `goal p95 < ${GOAL_P95_MS} ms with ${SOCKETS} clients: shared room (every event to every client) ${verdict(sharedFull)}; rooms of ${ROOM_SIZE} ${verdict(small)}; ` +
        `goal < 50 KB per connection → ${perConnection < GOAL_BYTES_PER_CONNECTION ? 'met' : 'NOT met'}; exactly once, in order → ${exact ? 'yes' : 'NO'}`,
    );
  } finally {
    for (const child of [server, ...clients]) child.kill();
    await prisma.$disconnect();
    redis.disconnect();
    await stack.stop();
  }
}

/**
 * CPU pinning (BENCH_PIN, default on with ≥ 2 CPUs and `taskset`): the API process gets CPU 0 to itself and
 * every other benchmark process (publisher, client processes, Temporal dev server, worker) runs on the other
 * CPUs, as if the clients were on other machines. PostgreSQL and Redis (system services) are not pinned.
 */
function pinning(): { api: number; others: string } | null {
  const count = cpus().length;
  if (process.env.BENCH_PIN === '0' || count < 2) return null;
  if (spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status !== 0) return null;
  return { api: 0, others: count === 2 ? '1' : `1-${count - 1}` };
}

/** Moves every thread of `pid` to `cpuList` (taskset syntax). */
function pin(pid: number, cpuList: string): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset ${cpuList} ${pid}: ${result.stderr.trim()}`);
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
