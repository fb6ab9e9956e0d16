// API benchmarks on an isolated stack (real Temporal dev server + worker, PostgreSQL, Redis). Processes
// as in production: the API runs as its own process (`api/main.ts`, the real entrypoint), the load
// generator (autocannon) in another child process, and this process drives both.
// 1. planning turns started through the API (POST /api/trips/:id/messages, auth + validation +
//    authorization + update-with-start; `Prefer: wait=60` so the API answers with the whole turn, not 202
//    once accepted) vs. the raw Temporal client (from this process) doing the same update-with-start:
//    throughput ratio (goal ≥ 0.8), same concurrency, same run;
// 2. GET /api/trips/:id/state (cached) under a fixed BENCH_RATE (200) requests/s, paced (one request every
//    5 ms, open loop) and with autocannon's overallRate (bursts; see LoadRequest): latency p50/p95/p99 of
//    every response (goal p95 < 50 ms) and the rate achieved, after a warm-up at the same rate; in the same
//    run, at the same rate, two baselines: GET /api/trips/:id (the same authentication and authorization,
//    no cache) and GET /api/health (Postgres + Redis + two Temporal calls), and the p95 ratios.
// BENCH_CPU_PROF_DIR=<dir> writes a CPU profile of the API process there.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createApiContext } from '../api/context.js';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { loadConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { stop } from '../scripts/lib/process.js';
import { projectRoot } from '../scripts/provision.js';
import { benchTraveler, startApiProcess } from './apiProcess.js';
import { formatSummary, summarize, type LatencySummary } from './stats.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const LOAD_CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 20);
const PARTS = new Set((process.env.BENCH_API_PARTS ?? 'turns,state').split(','));
const GOAL_P95_MS = 50;
const ROLE = 'TRIPSAGE_API_BENCH_ROLE';

const text = (index: number) => `Plan 4 nights in ${['Lisbon', 'Rome', 'Madrid', 'Athens', 'Dublin'][index % 5]} from London departing May ${1 + (index % 27)} 2027 for 2 adults`;

interface LoadRequest {
  /**
   * paced: an open-loop generator, one request every 1/rate s on a schedule (latency measured from the
   * scheduled time, so a stalled generator cannot hide queueing), over a keep-alive pool;
   * autocannon: its `overallRate`, which lets each connection send its share back to back at the start
   * of every second and then pause (bursts of `connections` concurrent requests).
   */
  mode: 'paced' | 'autocannon';
  url: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

interface LoadResult {
  latencies: Float64Array;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** CPU of the load generator process while measuring, percent of one core. */
  cpuPercent: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** Machine-wide busy share of all CPUs since the previous call, from /proc/stat. */
function machineBusy(): () => number {
  const read = () => {
    const values = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { idle, total: values.reduce((sum, value) => sum + value, 0) };
  };
  const start = read();
  return () => {
    const end = read();
    return 1 - (end.idle - start.idle) / Math.max(1, end.total - start.total);
  };
}

/** Runs autocannon in a child process (warm-up, then the measured run) and returns every response's latency. */
function runLoad(request: LoadRequest): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [ROLE]: 'loadgen' },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result: LoadResult) => {
      resolve(result);
      child.kill();
    });
    child.once('exit', (code) => reject(new Error(`the load generator exited (${code}) before answering`)));
    child.send(request);
  });
}

async function runLoadGenerator(): Promise<void> {
  process.once('message', (request: LoadRequest) => {
    void (async () => {
      const run = request.mode === 'paced' ? pacedLoad : autocannonLoad;
      if (request.warmupSeconds > 0) await run(request, request.warmupSeconds);
      const cpuMark = process.cpuUsage();
      const started = performance.now();
      const result = await run(request, request.seconds);
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuMark);
      process.send?.({ ...result, seconds, cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100 } satisfies LoadResult);
    })();
  });
}

type LoadOutcome = Omit<LoadResult, 'seconds' | 'cpuPercent'>;

async function autocannonLoad(request: LoadRequest, seconds: number): Promise<LoadOutcome> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url: request.url, headers: request.headers, connections: request.connections, overallRate: request.rate, timeout: 10, duration: seconds };
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)));
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  return { latencies: Float64Array.from(latencies), non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts };
}

async function pacedLoad(request: LoadRequest, seconds: number): Promise<LoadOutcome> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const interval = 1000 / request.rate;
  const total = Math.round(seconds * request.rate);
  const inFlight = new Set<Promise<void>>();
  const send = (scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const outgoing = http.get(request.url, { agent, headers: request.headers, timeout: 10_000 }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - scheduledAt);
          if ((response.statusCode ?? 0) >= 300) non2xx += 1;
          resolve();
        });
      });
      outgoing.on('timeout', () => {
        timeouts += 1;
        outgoing.destroy();
      });
      outgoing.on('error', () => {
        errors += 1;
        resolve();
      });
    });
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const scheduledAt = started + index * interval;
    const wait = scheduledAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const pending = send(scheduledAt);
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { latencies: Float64Array.from(latencies), non2xx, errors, timeouts };
}

export async function runApiBenchmark(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'benchapi', name: 'tripsage-benchapi', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const config = loadConfig(stack.env);
  const logger = createLogger('bench-api', 'warn');
  // This process's own context: the raw Temporal client, and the test user's rows and token.
  const ctx = await createApiContext(config, logger, stack.env);
  const api = await startApiProcess(stack.env);
  console.log(`API process (api/main.ts) pid ${api.child.pid} at ${api.url}; load generator: autocannon in its own process`);
  try {
    const { userId, headers } = await benchTraveler(ctx);
    // Whole turns (the route's synchronous answer), like the raw client's executeUpdateWithStart.
    const waitForTurn = { ...headers, prefer: 'wait=60' };
    const newTrip = async () => {
      const response = await fetch(`${api.url}/api/trips`, { method: 'POST', headers, body: JSON.stringify({ title: 'Bench trip' }) });
      if (response.status !== 201) throw new Error(`create trip: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    };

    // Warm-up: worker bundle, places index, JIT on both paths.
    for (let index = 0; index < 3; index += 1) {
      const tripId = await newTrip();
      await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: waitForTurn, body: JSON.stringify({ text: text(index), clientMessageId: `w${index}` }) });
      await sendTripMessage(ctx.temporal, { tripId: await newTrip(), userId, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: text(index), clientMessageId: `wr${index}` });
    }

    const measure = async (label: string, turn: (tripId: string, index: number) => Promise<void>) => {
      const trips = await Promise.all(Array.from({ length: CONCURRENCY }, () => newTrip()));
      let completed = 0;
      const deadline = performance.now() + (SECONDS / 2) * 1000;
      const started = performance.now();
      await Promise.all(
        trips.map(async (tripId, traveler) => {
          for (let index = 0; performance.now() < deadline; index += 1) {
            await turn(tripId, traveler * 1000 + index);
            completed += 1;
          }
        }),
      );
      const rate = completed / ((performance.now() - started) / 1000);
      console.log(`${label.padEnd(40)} ${completed} turns, ${rate.toFixed(1)} turns/s (${CONCURRENCY} concurrent)`);
      return rate;
    };
    if (PARTS.has('turns')) {
      // ABBA order (raw, API, API, raw), each for half of BENCH_SECONDS: drift (worker warm-up, other load
      // on the machine) affects both paths alike.
      const rawTurn = async (tripId: string, index: number) => {
        await sendTripMessage(ctx.temporal, { tripId, userId, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: text(index), clientMessageId: `r${index}` });
      };
      const apiTurn = async (tripId: string, index: number) => {
        const response = await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: waitForTurn, body: JSON.stringify({ text: text(index), clientMessageId: `a${index}` }) });
        if (response.status !== 200) throw new Error(`message: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      };
      const raw1 = await measure('raw Temporal client (update-with-start)', rawTurn);
      const api1 = await measure('through the API (POST …/messages)', apiTurn);
      const api2 = await measure('through the API (POST …/messages)', apiTurn);
      const raw2 = await measure('raw Temporal client (update-with-start)', rawTurn);
      const raw = (raw1 + raw2) / 2;
      const viaApi = (api1 + api2) / 2;
      console.log(`mean: raw client ${raw.toFixed(1)} turns/s, through the API ${viaApi.toFixed(1)} turns/s`);
      console.log(`throughput ratio API / raw client: ${(viaApi / raw).toFixed(2)}   (goal ≥ 0.8 → ${viaApi / raw >= 0.8 ? 'met' : 'NOT met'})`);
    }

    if (!PARTS.has('state')) return;
    // A trip whose state the workflow has caught up with, so that GET …/state is served from the cache.
    const tripId = await newTrip();
    await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: waitForTurn, body: JSON.stringify({ text: text(1), clientMessageId: 's1' }) });
    let source = '';
    for (let attempt = 0; attempt < 100 && source !== 'cache'; attempt += 1) {
      const response = await fetch(`${api.url}/api/trips/${tripId}/state`, { headers });
      await response.arrayBuffer();
      source = response.headers.get('tripsage-state-source') ?? '';
      if (source !== 'cache') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`\nGET /api/trips/:id/state answers from: ${source} (TripSage-State-Source)`);

    const load = async (label: string, urlPath: string, mode: LoadRequest['mode'] = 'paced'): Promise<LatencySummary> => {
      const apiCpuBefore = cpuSecondsOf(api.child.pid);
      const busy = machineBusy();
      const result = await runLoad({ mode, url: `${api.url}${urlPath}`, headers, rate: RATE, seconds: LOAD_SECONDS, warmupSeconds: WARMUP_SECONDS, connections: LOAD_CONNECTIONS });
      const machine = busy();
      // The API's CPU over warm-up + measurement (both at the same rate).
      const apiCpu = ((cpuSecondsOf(api.child.pid) - apiCpuBefore) / (result.seconds + WARMUP_SECONDS)) * 100;
      const summary = summarize([...result.latencies]);
      console.log(formatSummary(label, summary));
      console.log(
        `  ${summary.count} responses in ${result.seconds.toFixed(1)} s = ${(summary.count / result.seconds).toFixed(1)}/s (asked ${RATE}/s, ${mode}, ≤ ${LOAD_CONNECTIONS} connections), ` +
          `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}; CPU: API process ${apiCpu.toFixed(0)}%, load generator ${result.cpuPercent.toFixed(0)}%, machine ${(machine * 100).toFixed(0)}% of ${cpus().length} CPUs`,
      );
      return summary;
    };
    console.log(
      `fixed rate ${RATE}/s for ${LOAD_SECONDS} s after a ${WARMUP_SECONDS} s warm-up at the same rate, load generator in its own process; latency of every response ` +
        `(paced: one request every ${(1000 / RATE).toFixed(1)} ms, from its scheduled time; autocannon: overallRate, bursts of ${LOAD_CONNECTIONS} at each second):`,
    );
    const health = await load('baseline GET /api/health', '/api/health');
    const tripRead = await load('baseline GET /api/trips/:id', `/api/trips/${tripId}`);
    const state = await load('GET /api/trips/:id/state (cached)', `/api/trips/${tripId}/state`);
    const bursty = await load('state, autocannon overallRate', `/api/trips/${tripId}/state`, 'autocannon');
    console.log(
      `p95 ratios: state / GET trip ${(state.p95 / tripRead.p95).toFixed(2)}, state / health ${(state.p95 / health.p95).toFixed(2)}; load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `state p95 ${state.p95.toFixed(1)} ms at a steady ${RATE}/s (goal p95 < ${GOAL_P95_MS} ms → ${state.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}); ` +
        `with autocannon's bursts of ${LOAD_CONNECTIONS}: p95 ${bursty.p95.toFixed(1)} ms (${bursty.p95 < GOAL_P95_MS ? 'met' : 'NOT met'})`,
    );
  } finally {
    await stop(api.child, 15_000);
    await ctx.close();
    await stack.stop();
  }
}

if (process.send && process.env[ROLE] === 'loadgen') await runLoadGenerator();
