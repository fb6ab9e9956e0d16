// `npm run test:faults`: fault injection into the real platform (worker, API and Temporal processes on a
// PostgreSQL cluster and a Redis server of the suite's own, see services.ts), under load through the public
// API (load.ts). Each scenario injects one fault while turns and bookings are in flight, then checks that
// nothing was lost or duplicated (checks.ts) and prints a table. A plain tsx script rather than jest: it
// orchestrates processes and minutes-long outages, shares one stack across scenarios in a fixed order, and
// must not start the jest suite's own stack; it ends with a `N passed, N failed` line and its exit code.
//
//   npm run test:faults                       all scenarios
//   npm run test:faults -- worker redis       some (names: worker temporal redis postgres api)
//   FAULTS_OUTAGE_MS=20000                    how long Redis and PostgreSQL stay down
//   FAULTS_STRICT=1                           a known product bug (KNOWN_BUGS) fails the run too
//   FAULTS_HISTORIES=<dir>                    save each booking's workflow history there (replay a failure)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { fileURLToPath } from 'node:url';
import { startFakeDuffel } from '../fakes/duffelServer.js';
import { startFakeOpenMeteo } from '../fakes/openMeteoServer.js';
import { checkBookings, checkCharges, checkContract, checkEvents, checkTurns, type CheckResult } from './checks.js';
import { Load, type TripUnderLoad } from './load.js';
import { LOG_DIR, startFaultStack, type FaultStack } from './services.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUTAGE_MS = Number(process.env.FAULTS_OUTAGE_MS ?? 20_000);
const TRIPS_PER_SCENARIO = Number(process.env.FAULTS_TRIPS ?? 4);
const started = Date.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`[faults ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

/**
 * Assertions that fail today because of product bugs: still evaluated and printed (KNOWN FAIL), but they do
 * not fail the run unless FAULTS_STRICT=1. Once one passes it prints FIXED: remove its entry then. Keyed by
 * `<scenario>/<check name>`; with `evidence`, only a failure whose scenario left that trace in the
 * processes' logs is the known bug (any other failure of the same check fails the run).
 */
const KNOWN_BUGS: Record<string, { reason: string; evidence?: RegExp }> = {};

interface Scenario {
  name: string;
  title: string;
  /** When the fault goes in: enough work in flight (the load's state). */
  ready(load: Load): boolean;
  /** Injects the fault; resolves when it has ended (the service is back). May add checks of its own. */
  inject(stack: FaultStack, load: Load, extraChecks: CheckResult[]): Promise<void>;
  /** After the checks: undo what the fault left (e.g. a killed API node). */
  restore?(stack: FaultStack): Promise<void>;
}

const inFlightTurns = (load: Load) => load.inFlight().filter((item) => item.kind === 'turn').length;
const bookingIn = (load: Load, ...statuses: string[]) => [...load.bookingStatus.values()].some((status) => statuses.includes(status));
/** A booking under way (held or being charged) and a turn running. */
const busy = (load: Load) => bookingIn(load, 'holding', 'pending_approval', 'approved', 'paying') && inFlightTurns(load) > 0 && load.inFlight().length >= 4;

const scenarios: Scenario[] = [
  {
    name: 'worker',
    title: 'kill -9 the worker mid-turn and mid-booking',
    // A charge committed by the sandbox but not returned yet (SANDBOX_BOOKING_DELAY_MS) and a turn running.
    ready: (load) => bookingIn(load, 'paying') && inFlightTurns(load) > 0,
    async inject(stack, _load, extraChecks) {
      await stack.killWorker();
      // Operators must see it: the worker stays down until /api/health says so (at most 30 s).
      const seen = await healthReportsWorkerDown(stack, 30_000);
      extraChecks.push({ name: 'health reports the dead worker', ok: seen !== null, detail: seen === null ? 'GET /api/health still said the worker was up 30 s after kill -9' : `down after ${(seen / 1000).toFixed(1)} s`, lost: 0, duplicated: 0 });
      await stack.startWorker();
    },
  },
  {
    name: 'temporal',
    title: 'restart the Temporal dev server mid-load',
    ready: busy,
    inject: (stack) => stack.restartTemporal(1_000),
  },
  {
    name: 'redis',
    title: `stop Redis ${OUTAGE_MS / 1000} s during load`,
    ready: busy,
    async inject(stack) {
      await stack.stopRedis();
      await sleep(OUTAGE_MS);
      await stack.startRedis();
    },
  },
  {
    name: 'postgres',
    title: `stop PostgreSQL ${OUTAGE_MS / 1000} s during load`,
    ready: busy,
    async inject(stack) {
      await stack.stopPostgres();
      await sleep(OUTAGE_MS);
      await stack.startPostgres();
    },
  },
  {
    name: 'api',
    title: 'kill an API node with sockets attached',
    // The fault "ends" at the kill: the other node is there; clients must move to it and catch up by seq.
    ready: busy,
    async inject(stack, load, extraChecks) {
      const attached = load.trips.filter((trip) => trip.watcher.connectedTo === stack.apiUrls[1]).length;
      // Without sockets on the killed node this scenario would show nothing about them.
      extraChecks.push({ name: 'sockets attached to the killed node', ok: attached > 0, detail: `${attached} of ${load.trips.length}`, lost: 0, duplicated: 0 });
      await stack.killApi(1);
    },
    restore: (stack) => stack.startApi(1),
  },
];

/** ms from now until GET /api/health reports the worker check down, or null if it did not within `withinMs`. */
async function healthReportsWorkerDown(stack: FaultStack, withinMs: number): Promise<number | null> {
  const from = Date.now();
  while (Date.now() - from < withinMs) {
    try {
      const response = await fetch(`${stack.apiUrls[0]}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const report = (await response.json()) as { checks?: { worker?: { status?: string } } };
      if (report.checks?.worker?.status !== 'up') return Date.now() - from;
    } catch {
      // An answer that is not a health report is no verdict either way: ask again.
    }
    await sleep(500);
  }
  return null;
}

interface ScenarioReport {
  scenario: string;
  inFlight: number;
  completed: number;
  lost: number;
  duplicated: number;
  recoveryMs: number | null;
  /** Fault end → the last piece of work that was in flight at the fault ended (null: some never did). */
  drainedMs: number | null;
  checks: (CheckResult & { verdict: 'PASS' | 'FAIL' | 'KNOWN FAIL' | 'FIXED' })[];
}

async function runScenario(stack: FaultStack, scenario: Scenario): Promise<ScenarioReport> {
  log(`── ${scenario.name}: ${scenario.title}`);
  const load = new Load(stack.apiUrls, `${scenario.name}-${Date.now().toString(36)}`);
  try {
    const travelers = [await load.signUp(0), await load.signUp(1)];
    const trips: TripUnderLoad[] = [];
    for (let index = 0; index < TRIPS_PER_SCENARIO; index += 1) trips.push(await load.createTrip(travelers[index % 2]!, index));
    const probeTrip = await load.createTrip(travelers[0]!, TRIPS_PER_SCENARIO);
    // Staggered, so that when the fault hits some trips are planning and others booking.
    const journeys = trips.map((trip, index) => sleep(index * 1_500).then(() => load.journey(trip, index)));

    const readyBy = Date.now() + 45_000;
    while (!scenario.ready(load) && Date.now() < readyBy) await sleep(50);
    if (!scenario.ready(load)) log('   (the load never reached the planned state; injecting anyway)');
    const faultStart = Date.now();
    const inFlight = load.inFlight(faultStart);
    log(`   fault in: ${inFlight.length} in flight (${inFlight.map((item) => `${item.kind} ${item.key.split('-').slice(-2).join('-')}`).join(', ')})`);
    const logMark = stack.logMark();
    const extraChecks: CheckResult[] = [];
    await scenario.inject(stack, load, extraChecks);
    const faultEnd = Date.now();
    log(`   fault over after ${((faultEnd - faultStart) / 1000).toFixed(1)} s`);

    // Recovery: a new turn sent the moment the fault ends, until it is answered.
    await load.turn(probeTrip, `${load.label}-probe`, 'Lisbon from New York June 12-19 2028, 2 adults, $4000');
    const probe = load.work.find((item) => item.key === `${load.label}-probe`);
    const recoveryMs = probe?.outcome === 'done' && probe.finishedAt ? probe.finishedAt - faultEnd : null;
    // Work sent after the fault shows recovery too; then the chat stops and bookings finish.
    await sleep(3_000);
    load.quiet = true;
    await Promise.all(journeys);
    log(`   load done ${((Date.now() - faultEnd) / 1000).toFixed(1)} s after the fault`);
    if (process.env.FAULTS_HISTORIES) {
      const connection = await Connection.connect({ address: String(stack.env.TEMPORAL_ADDRESS) });
      const client = new Client({ connection, namespace: String(stack.env.TEMPORAL_NAMESPACE ?? 'default') });
      for (const item of load.work.filter((work) => work.kind === 'booking' && work.bookingId)) {
        const history = await client.workflow.getHandle(`booking:${item.bookingId}`).fetchHistory().catch(() => null);
        if (history) writeFileSync(path.join(process.env.FAULTS_HISTORIES, `${scenario.name}-${item.outcome}-${item.bookingId}.json`), JSON.stringify(history));
      }
      await connection.close();
    }
    if (process.env.FAULTS_VERBOSE === '1') {
      const at = (time: number | null) => (time === null ? '-' : `${((time - faultStart) / 1000).toFixed(1)}`);
      for (const item of load.work) log(`     ${item.kind.padEnd(7)} ${item.key.padEnd(32)} ${at(item.startedAt).padStart(6)} → ${at(item.finishedAt).padStart(6)} s  ${item.outcome} ${item.detail ?? ''}`);
    }

    const results = await stack.withDb(async (db) => [
      await checkTurns(load, db),
      await checkBookings(load, db),
      await checkCharges(load, db),
      await checkEvents(load, db, 20_000),
      checkContract(load),
      ...extraChecks,
    ]);
    await scenario.restore?.(stack);
    const checks = results.map((result) => {
      const entry = KNOWN_BUGS[`${scenario.name}/${result.name}`];
      // An intermittent bug (with evidence) that did not show this time is a plain pass, not FIXED.
      const known = entry && (entry.evidence ? !result.ok && entry.evidence.test(stack.logsSince(logMark)) : true) ? entry : undefined;
      const verdict = result.ok ? (known ? 'FIXED' : 'PASS') : known ? 'KNOWN FAIL' : 'FAIL';
      return { ...result, verdict } as ScenarioReport['checks'][number];
    });
    for (const check of checks) log(`   ${check.verdict.padEnd(10)} ${check.name}: ${check.detail}`);
    return {
      scenario: scenario.name,
      inFlight: inFlight.length,
      completed: load.work.filter((item) => item.outcome === 'done' || (item.kind === 'booking' && item.outcome === 'failed')).length,
      lost: results.reduce((sum, result) => sum + result.lost, 0),
      duplicated: results.reduce((sum, result) => sum + result.duplicated, 0),
      recoveryMs,
      drainedMs: inFlight.every((item) => item.outcome !== 'pending' && item.outcome !== 'lost') ? Math.max(0, ...inFlight.map((item) => (item.finishedAt ?? faultEnd) - faultEnd)) : null,
      checks,
    };
  } finally {
    load.close();
  }
}

function table(reports: ScenarioReport[]): string {
  const header = ['scenario', 'in flight', 'completed', 'lost', 'duplicated', 'recovery', 'in-flight drained'];
  const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  const rows = reports.map((report) => [
    report.scenario,
    String(report.inFlight),
    String(report.completed),
    String(report.lost),
    String(report.duplicated),
    seconds(report.recoveryMs),
    seconds(report.drainedMs),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((scenario) => scenario.name).join(', ')}`);
    return 2;
  }
  const selected = scenarios.filter((scenario) => wanted.length === 0 || wanted.includes(scenario.name));
  // External services are local fakes speaking their APIs (test/fakes): flights and stays from Duffel,
  // weather from Open-Meteo. Duffel answers late, like the real one, so a fault lands mid-call.
  const [duffel, openMeteo] = await Promise.all([startFakeDuffel(), startFakeOpenMeteo()]);
  duffel.setDelay(Number(process.env.FAULTS_PROVIDER_DELAY_MS ?? 1_500));
  const providers = {
    DUFFEL_ACCESS_TOKEN: duffel.token,
    DUFFEL_API_URL: duffel.url,
    WEATHER_PROVIDER: 'open-meteo',
    OPEN_METEO_FORECAST_URL: openMeteo.url,
    OPEN_METEO_GEOCODING_URL: openMeteo.url,
    OPEN_METEO_ARCHIVE_URL: openMeteo.url,
  };
  let stack: FaultStack;
  try {
    stack = await startFaultStack({ projectRoot, apiNodes: 2, sandboxDelayMs: 1_500, env: providers, log });
  } catch (error) {
    await Promise.allSettled([duffel.close(), openMeteo.close()]);
    throw error;
  }
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    void stack.teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const reports: ScenarioReport[] = [];
  try {
    log(`stack ready; scenarios: ${selected.map((scenario) => scenario.name).join(', ')}`);
    for (const scenario of selected) {
      try {
        reports.push(await runScenario(stack, scenario));
      } catch (error) {
        log(`   scenario ${scenario.name} broke: ${(error as Error).stack ?? String(error)}`);
        reports.push({ scenario: scenario.name, inFlight: 0, completed: 0, lost: 0, duplicated: 0, recoveryMs: null, drainedMs: null, checks: [{ name: 'scenario ran', ok: false, detail: (error as Error).message, lost: 0, duplicated: 0, verdict: 'FAIL' }] });
      }
    }
  } finally {
    if (!interrupted) await stack.teardown();
    await Promise.allSettled([duffel.close(), openMeteo.close()]);
  }
  const checks = reports.flatMap((report) => report.checks.map((check) => ({ scenario: report.scenario, ...check })));
  process.stdout.write(`\n${table(reports)}\n\n`);
  for (const check of checks.filter((candidate) => candidate.verdict !== 'PASS')) {
    const reason = check.verdict === 'FAIL' ? undefined : KNOWN_BUGS[`${check.scenario}/${check.name}`]?.reason;
    process.stdout.write(`${check.verdict}: ${check.scenario} / ${check.name}: ${check.detail}${reason ? `\n    known bug: ${reason}` : ''}\n`);
  }
  const strict = process.env.FAULTS_STRICT === '1';
  const failed = checks.filter((check) => check.verdict === 'FAIL' || (strict && check.verdict === 'KNOWN FAIL'));
  const passed = checks.filter((check) => check.verdict === 'PASS' || check.verdict === 'FIXED').length;
  const tolerated = strict ? 0 : checks.filter((check) => check.verdict === 'KNOWN FAIL').length;
  process.stdout.write(`\nprocess logs: ${LOG_DIR}\n`);
  process.stdout.write(`\nfault suite finished in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  // Known failures are reported as skipped: evaluated and shown above, not counted against the run.
  process.stdout.write(`${passed} passed, ${failed.length} failed${tolerated ? `, ${tolerated} skipped` : ''}\n`);
  return failed.length === 0 ? 0 : 1;
}

// Open client handles (sockets, keep-alive) must not keep a finished run alive.
process.exit(await main());
