// Price-watch and booking benchmark through the real Temporal dev server and ONE worker process
// (sandbox providers, real PostgreSQL and Redis), on an isolated stack:
// - baseline: the idle worker's memory (RSS) and the timer lateness of a single watch;
// - load: BENCH_WATCHES concurrent watches, at each cadence of BENCH_WATCH_CADENCE_SECONDS (default
//   "30,5": a relaxed one, then — changed at runtime with changeWatch — every 5 s): worker memory per watch
//   ((RSS under load − idle RSS) / watches), timer lateness p50/p95/p99 (the workflow passes the planned
//   and the actual fire time of each check to its activity, which stores both with the price point),
//   local activity pickup delay, the check rate achieved against the rate planned, and who used the CPU;
// - bookings: BENCH_BOOKINGS sagas end to end (start → re-price → hold → reserve → approve → charge →
//   confirm), BENCH_BOOKING_CONCURRENCY at a time: bookings per second and the share that confirm, with a
//   sequential single-booking latency as their baseline.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startBooking } from '../api/bookingWorkflows.js';
import { changePriceWatch, startPriceWatch } from '../api/priceWatchWorkflows.js';
import { addDays } from '../domain/dates.js';
import { loadPlaces, type PlaceIndex } from '../domain/places.js';
import type { WatchTarget } from '../domain/priceWatch.js';
import type { FlightOffer, StayOffer } from '../domain/trip.js';
import { loadConfig } from '../infra/config.js';
import type { EncryptionKeys } from '../infra/credentials.js';
import { resolveSecrets } from '../infra/secrets.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import { connectTemporalClient, temporalTarget } from '../infra/temporal.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { SandboxStayProvider } from '../providers/sandbox/stays.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { decideUpdate, getBookingQuery } from '../workflows/booking.js';
import { workflowIds } from '../workflows/ids.js';
import { systemCheckWorkflow } from '../workflows/systemCheck.js';
import { formatSummary, summarize } from './stats.js';

const WATCHES = Number(process.env.BENCH_WATCHES ?? 1000);
/** Cadences to measure, in seconds, in order (the watches' cadence is changed between them). */
const CADENCES = (process.env.BENCH_WATCH_CADENCE_SECONDS ?? '30,5').split(',').map(Number).filter((value) => value > 0);
const MEASURE_SECONDS = Number(process.env.BENCH_WATCH_SECONDS ?? 60);
const BASELINE_CHECKS = Number(process.env.BENCH_BASELINE_CHECKS ?? 12);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 200);
const BOOKING_CONCURRENCY = Number(process.env.BENCH_BOOKING_CONCURRENCY ?? 20);

const ROUTES = [
  ['JFK', 'LIS'], ['LHR', 'FCO'], ['CDG', 'NRT'], ['SFO', 'BCN'], ['ORD', 'MAD'], ['BER', 'ATH'], ['YYZ', 'KEF'], ['SYD', 'SIN'],
  ['BOS', 'DUB'], ['SEA', 'HNL'], ['AMS', 'IST'], ['MUC', 'LIS'], ['LAX', 'MEX'], ['MIA', 'BOG'], ['DXB', 'BKK'], ['FRA', 'JFK'],
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The worker process's resident set size in MiB, from /proc/<pid>/status (Linux). */
function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy and total CPU ticks of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const values = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU seconds of every process by pid, with its command name (for "who used the machine"). */
function processCpu(): Map<number, { name: string; seconds: number }> {
  const usage = new Map<number, { name: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(0, 4).join(' ');
      usage.set(Number(entry), { name: cmdline.includes('start-dev') ? 'temporal dev server' : cmdline.includes('worker/main.ts') ? 'worker' : name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // The process ended while we looked.
    }
  }
  return usage;
}

/** RSS once a second for `seconds`; the process's CPU use (1.0 = one core), the machine's busy share and its top CPU users. */
async function sampleRss(pid: number, seconds: number): Promise<{ rss: number[]; cpu: number; machine: number; top: string }> {
  const rss: number[] = [];
  const cpuBefore = cpuSeconds(pid);
  const machineBefore = machineTicks();
  const processesBefore = processCpu();
  const began = performance.now();
  for (let index = 0; index < seconds; index += 1) {
    rss.push(rssMiB(pid));
    await sleep(1_000);
  }
  const elapsed = (performance.now() - began) / 1000;
  const machineAfter = machineTicks();
  const top = [...processCpu()]
    .map(([processId, after]) => ({ name: after.name, share: (after.seconds - (processesBefore.get(processId)?.seconds ?? 0)) / elapsed }))
    .sort((a, b) => b.share - a.share)
    .slice(0, 5)
    .map((entry) => `${entry.name} ${(entry.share * 100).toFixed(0)} %`)
    .join(', ');
  return {
    rss,
    cpu: (cpuSeconds(pid) - cpuBefore) / elapsed,
    machine: (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
    top,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Runs `count` tasks, `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * What the watches watch: flights by default; BENCH_WATCH_KIND=stay watches hotels instead, whose sandbox
 * quote is ~8x cheaper in CPU than a flight quote (~0.8 ms vs ~6 ms), to see the platform's own ceiling.
 */
const WATCH_KIND = process.env.BENCH_WATCH_KIND === 'stay' ? 'stay' : 'flight';

function watchTarget(index: number): WatchTarget {
  const [origin, destination] = ROUTES[index % ROUTES.length] ?? ROUTES[0];
  const departDate = addDays(new Date().toISOString().slice(0, 10), 30 + (index % 60));
  if (WATCH_KIND === 'stay') {
    return { kind: 'stay', cityCode: destination, latitude: 0, longitude: 0, checkIn: departDate, checkOut: addDays(departDate, 3), adults: 2, children: 0, rooms: 1 };
  }
  return { kind: 'flight', origin, destination, departDate, returnDate: addDays(departDate, 7), cabinClass: 'economy', adults: 1 + (index % 2), children: 0 };
}

async function latencies(prisma: PrismaClient, watchIds: string[], from: Date, to: Date): Promise<{ lateness: number[]; pickup: number[] }> {
  const rows = await prisma.$queryRaw<{ lateness: number; pickup: number }[]>`
    SELECT (details->>'latenessMs')::float8 AS lateness, (details->>'pickupMs')::float8 AS pickup
    FROM price_points WHERE "watchId" = ANY(${watchIds}::uuid[]) AND "observedAt" >= ${from} AND "observedAt" < ${to}`;
  return { lateness: rows.map((row) => row.lateness), pickup: rows.map((row) => row.pickup) };
}

export async function runPriceWatchBenchmark(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, one worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'bench_watch', name: 'tripsage-bench-watch', env: { ...process.env, LOG_LEVEL: 'error' } });
  const config = loadConfig(stack.env);
  const keys = resolveSecrets(config);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const client = await connectTemporalClient(temporalTarget(config, stack.env));
  const pid = stack.worker.pid as number;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const cadenceMinutes = (CADENCES.at(-1) ?? 5) / 60;
  try {
    const user = await prisma.user.create({ data: { email: `bench-${randomUUID()}@example.test`, displayName: 'Bench' } });

    // ---- Baseline: an idle (but warm) worker, and one watch alone.
    await client.workflow.execute(systemCheckWorkflow, { taskQueue, workflowId: workflowIds.systemCheck(randomUUID()) });
    const idleSample = await sampleRss(pid, 5);
    const idle = median(idleSample.rss);
    const single = randomUUID();
    await startPriceWatch({ client, prisma, keys }, { taskQueue, watchId: single, userId: user.id, target: watchTarget(0), targetPrice: 1, cadenceMinutes });
    const singleStarted = new Date();
    while ((await prisma.pricePoint.count({ where: { watchId: single } })) < BASELINE_CHECKS) await sleep(500);
    const singleLatency = await latencies(prisma, [single], singleStarted, new Date(Date.now() + 1));
    await client.workflow.getHandle(workflowIds.priceWatch(single)).terminate('benchmark baseline done');
    console.log(`baseline: idle worker RSS ${idle.toFixed(0)} MiB, CPU ${(idleSample.cpu * 100).toFixed(0)} % of a core`);
    console.log(formatSummary(`baseline: 1 watch timer lateness`, summarize(singleLatency.lateness)));

    if (WATCHES > 0) await runWatches({ client, prisma, keys }, pid, taskQueue, user.id, idle);

    // ---- Bookings end to end.
    if (BOOKINGS > 0) await runBookings(client, prisma, user.id, taskQueue, pid);
  } finally {
    await prisma.$disconnect();
    await client.connection.close();
    await stack.stop();
  }
}

async function runWatches(deps: { client: Client; prisma: PrismaClient; keys: EncryptionKeys }, pid: number, taskQueue: string, userId: string, idle: number): Promise<void> {
  const { client, prisma } = deps;
  // ---- Load: WATCHES concurrent watches on the one worker, at each cadence in turn (changed at
  // runtime with the changeWatch update, as a traveler would).
  const watchIds = Array.from({ length: WATCHES }, () => randomUUID());
  const [firstCadence = 30] = CADENCES;
  const startBegan = performance.now();
  await pool(WATCHES, 50, async (index) => {
    await startPriceWatch(deps, { taskQueue, watchId: watchIds[index] as string, userId, target: watchTarget(index), targetPrice: 1, cadenceMinutes: firstCadence / 60, maxChecksPerRun: 200 });
  });
  const startSeconds = (performance.now() - startBegan) / 1000;
  console.log(`started ${WATCHES} ${WATCH_KIND} watches in ${startSeconds.toFixed(1)} s (${(WATCHES / startSeconds).toFixed(0)}/s)`);
  for (const [round, cadence] of CADENCES.entries()) {
    if (round > 0) {
      const changing = performance.now();
      await pool(WATCHES, 50, async (index) => {
        await changePriceWatch(client, watchIds[index] as string, { cadenceMinutes: cadence / 60 });
      });
      console.log(`changed the cadence of ${WATCHES} watches in ${((performance.now() - changing) / 1000).toFixed(1)} s`);
    }
    await sleep(Math.max(10, 2 * cadence) * 1000); // let every watch settle into its cadence
    const windowStart = new Date();
    const loaded = await sampleRss(pid, MEASURE_SECONDS);
    const windowEnd = new Date();
    const load = await latencies(prisma, watchIds, windowStart, windowEnd);
    const loadedRss = median(loaded.rss);
    console.log(`\n${WATCHES} watches every ${cadence} s → planned ${(WATCHES / cadence).toFixed(0)} checks/s; achieved ${(load.lateness.length / MEASURE_SECONDS).toFixed(1)}/s over ${MEASURE_SECONDS} s`);
    console.log(
      `  worker: RSS median ${loadedRss.toFixed(0)} MiB (max ${Math.max(...loaded.rss).toFixed(0)}) → ${(((loadedRss - idle) * 1024) / WATCHES).toFixed(1)} KiB per watch over idle; ` +
        `CPU ${(loaded.cpu * 100).toFixed(0)} % of a core; machine (${cpus().length} cores, shared) ${(loaded.machine * 100).toFixed(0)} % busy`,
    );
    console.log(`  top CPU users (100 % = one core): ${loaded.top}`);
    console.log(formatSummary(`  timer lateness`, summarize(load.lateness)));
    console.log(formatSummary(`  local activity pickup`, summarize(load.pickup)));
  }
  const terminated = performance.now();
  await pool(WATCHES, 50, async (index) => {
    await client.workflow.getHandle(workflowIds.priceWatch(watchIds[index] as string)).terminate('benchmark done');
  });
  console.log(`terminated the watches in ${((performance.now() - terminated) / 1000).toFixed(1)} s`);
  await sleep(2_000);
}

async function runBookings(client: Client, prisma: PrismaClient, userId: string, taskQueue: string, pid: number): Promise<void> {
  const places = await loadPlaces();
  const offers = await bookingOffers(places);
  const trips = await Promise.all(Array.from({ length: 10 }, () => prisma.trip.create({ data: { ownerId: userId, title: 'Bench bookings' } })));

  const book = async (index: number): Promise<{ ms: number; status: string }> => {
    const started = performance.now();
    const { flight, stay } = offers[index % offers.length] as { flight: FlightOffer; stay: StayOffer };
    const bookingId = randomUUID();
    const handle = await startBooking(client, { taskQueue, bookingId, tripId: (trips[index % trips.length] as { id: string }).id, userId, flight, stay, travelers: { adults: 2, children: 0, rooms: 1 } });
    for (;;) {
      const view = await handle.query(getBookingQuery);
      if (view.status === 'pending_approval') break;
      if (['failed', 'expired', 'rejected', 'cancelled'].includes(view.status)) return { ms: performance.now() - started, status: view.status };
      await sleep(25);
    }
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });
    const result = await handle.result();
    return { ms: performance.now() - started, status: result.status };
  };

  const sequential: number[] = [];
  for (let index = 0; index < 5; index += 1) sequential.push((await book(index)).ms);
  console.log(formatSummary('baseline: 1 booking at a time', summarize(sequential)));

  const outcomes: { ms: number; status: string }[] = [];
  let errors = 0;
  const cpuBefore = cpuSeconds(pid);
  const machineBefore = machineTicks();
  const began = performance.now();
  await pool(BOOKINGS, BOOKING_CONCURRENCY, async (index) => {
    try {
      outcomes.push(await book(index));
    } catch {
      errors += 1;
    }
  });
  const seconds = (performance.now() - began) / 1000;
  const machineAfter = machineTicks();
  const machineBusy = (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total);
  const confirmed = outcomes.filter((outcome) => outcome.status === 'confirmed').length;
  console.log(formatSummary(`${BOOKING_CONCURRENCY} concurrent bookings, end to end`, summarize(outcomes.map((outcome) => outcome.ms))));
  console.log(
    `bookings: ${BOOKINGS} in ${seconds.toFixed(1)} s = ${(BOOKINGS / seconds).toFixed(1)} bookings/s; confirmed ${confirmed} (${((confirmed / BOOKINGS) * 100).toFixed(1)} %), ` +
      `other outcomes ${outcomes.length - confirmed}, errors ${errors}; worker CPU ${(((cpuSeconds(pid) - cpuBefore) / seconds) * 100).toFixed(0)} % of a core, machine ${(machineBusy * 100).toFixed(0)} % busy`,
  );
  const duplicates = await prisma.$queryRaw<{ kind: string; extra: bigint }[]>`
    SELECT kind, COUNT(*) - COUNT(DISTINCT "idempotencyKey") AS extra FROM sandbox_operations GROUP BY kind`;
  console.log(`sandbox operations by kind: ${duplicates.map((row) => `${row.kind} (${Number(row.extra)} duplicate keys)`).join(', ')}`);
}

/** Offers to book: a few routes searched once, each with a flight and a stay on the same dates. */
async function bookingOffers(places: PlaceIndex): Promise<{ flight: FlightOffer; stay: StayOffer }[]> {
  const now = new Date();
  const pairs: { flight: FlightOffer; stay: StayOffer }[] = [];
  for (const [index, [origin, destination]] of ROUTES.slice(0, 8).entries()) {
    const depart = addDays(now.toISOString().slice(0, 10), 40 + index);
    const back = addDays(depart, 5);
    const [flight] = await new SandboxFlightProvider({ places, now: () => now }).searchFlights({ origin, destination, departDate: depart, returnDate: back, adults: 2, children: 0, cabinClass: 'economy' });
    const city = places.airport(destination);
    const [stay] = await new SandboxStayProvider({ places, now: () => now }).searchStays({
      cityCode: city?.cityCode ?? destination,
      latitude: city?.latitude ?? 0,
      longitude: city?.longitude ?? 0,
      checkIn: depart,
      checkOut: back,
      adults: 2,
      children: 0,
      rooms: 1,
    });
    if (flight && stay) pairs.push({ flight, stay });
  }
  return pairs;
}
