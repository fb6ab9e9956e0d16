// Plan-rules benchmark: plans sample trips through the real Temporal server and worker (offline model,
// sandbox providers) and counts, per rule in domain/planAudit.ts, the plans that break it. Trips vary:
// long-haul overnight, domestic, short-haul, one-way, budgets in USD, CAD, EUR and GBP, interests and day
// trips, and some reversed or impossible dates as travelers type them. The trip's currency is the domain's
// rule (budget, else the origin country's), so a Chicago traveler without a budget expects dollars. Goal: 0.
//   npm run bench -- rules            (BENCH_TRIPS=200, BENCH_CONCURRENCY=6)
import { randomUUID } from 'node:crypto';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { auditPlan, planRules, requestedDayTrips, type PlanRule, type Violation } from '../domain/planAudit.js';
import { tripCurrency } from '../domain/currency.js';
import { loadPlaces } from '../domain/places.js';
import { loadConfig } from '../infra/config.js';
import { createPrismaClient } from '../infra/db.js';
import { connectTemporalClient, temporalTarget } from '../infra/temporal.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { formatSummary, summarize } from './stats.js';

const TRIPS = Number(process.env.BENCH_TRIPS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);

type RouteKind = 'long-haul' | 'domestic' | 'short-haul';
const ROUTES: [from: string, to: string, kind: RouteKind][] = [
  ['Chicago', 'Tokyo', 'long-haul'], ['New York', 'London', 'long-haul'], ['Los Angeles', 'Sydney', 'long-haul'], ['San Francisco', 'Singapore', 'long-haul'],
  ['Toronto', 'Rome', 'long-haul'], ['Boston', 'Lisbon', 'long-haul'], ['Vancouver', 'Seoul', 'long-haul'], ['London', 'Bangkok', 'long-haul'],
  ['Paris', 'Tokyo', 'long-haul'], ['Seattle', 'Honolulu', 'long-haul'], ['Miami', 'Madrid', 'long-haul'], ['London', 'New York', 'long-haul'],
  ['Chicago', 'New York', 'domestic'], ['Los Angeles', 'San Francisco', 'domestic'], ['Dallas', 'Miami', 'domestic'], ['Boston', 'Chicago', 'domestic'],
  ['Seattle', 'Las Vegas', 'domestic'], ['Toronto', 'Vancouver', 'domestic'],
  ['London', 'Lisbon', 'short-haul'], ['Berlin', 'Athens', 'short-haul'], ['Paris', 'Barcelona', 'short-haul'], ['Amsterdam', 'Prague', 'short-haul'],
  ['Madrid', 'Rome', 'short-haul'], ['Dublin', 'Edinburgh', 'short-haul'],
];
const BUDGETS = ['$4000', '5000 CAD', '3500 EUR', '£3000', null] as const;
const INTERESTS = ['food and museums', 'temples and street food', 'hiking and wine tasting', 'art, architecture and nightlife', 'beaches', 'history and markets'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November'];

/** mulberry32: a tiny seeded PRNG, so every run plans the same sample. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sample {
  text: string;
  kind: RouteKind | 'reversed';
}

export function sampleTrips(count: number): Sample[] {
  const next = random(20_270_401);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const samples: Sample[] = [];
  for (let index = 0; index < count; index += 1) {
    const [from, to, kind] = ROUTES[index % ROUTES.length] as (typeof ROUTES)[number];
    const month = pick(MONTHS);
    const day = 1 + Math.floor(next() * 20);
    const nights = 3 + Math.floor(next() * 10);
    const adults = 1 + Math.floor(next() * 3);
    const budget = pick(BUDGETS);
    const interests = pick(INTERESTS);
    if (index % 25 === 24) {
      // As travelers type it: the return before the departure.
      samples.push({ text: `${to} from ${from}, ${month} ${day + 8} to ${month} ${day} 2027, ${adults} adults`, kind: 'reversed' });
      continue;
    }
    const oneWay = index % 10 === 7;
    const dates = oneWay ? `one way on ${month} ${day} 2027` : `${nights} nights from ${month} ${day} 2027`;
    const dayTrip = kind === 'long-haul' && index % 6 === 0 && to === 'Tokyo' ? ', and a day trip to Nikko' : '';
    samples.push({ text: `${dates}, ${to} from ${from} for ${adults} adult${adults === 1 ? '' : 's'}${budget ? `, budget ${budget}` : ''}, we like ${interests}${dayTrip}`, kind });
  }
  return samples;
}


export async function runPlanRulesBenchmark(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'bench_rules', name: 'tripsage-rules', env: { ...process.env, LOG_LEVEL: 'error' }, workerStdio: 'ignore' });
  const config = loadConfig(stack.env);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const client = await connectTemporalClient(temporalTarget(config, stack.env));
  const today = new Date().toISOString().slice(0, 10);
  const places = await loadPlaces();
  try {
    const user = await prisma.user.create({ data: { email: `rules-${randomUUID()}@example.test`, displayName: 'Rules' } });
    const samples = sampleTrips(TRIPS);
    const counts = new Map<PlanRule, number>(planRules.map((rule) => [rule, 0]));
    const examples = new Map<PlanRule, string>();
    const byKind = new Map<string, { trips: number; violating: number }>();
    const latencies: number[] = [];
    let failedTurns = 0;
    let checks = 0;

    let cursor = 0;
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < samples.length) {
          const sample = samples[cursor++] as Sample;
          const started = performance.now();
          let violations: Violation[];
          try {
            const result = await sendTripMessage(client, { tripId: randomUUID(), userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: sample.text, clientMessageId: 'm1' });
            latencies.push(performance.now() - started);
            violations = auditPlan({ request: result.state.request, plan: result.plan, today, currency: tripCurrency(result.state.request, null, places), dayTrips: requestedDayTrips(sample.text) });
            checks += planRules.length;
          } catch (error) {
            failedTurns += 1;
            console.log(`turn failed for "${sample.text}": ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          const kind = byKind.get(sample.kind) ?? { trips: 0, violating: 0 };
          kind.trips += 1;
          if (violations.length > 0) kind.violating += 1;
          byKind.set(sample.kind, kind);
          // Count plans per rule (a plan with three early activities breaks the rule once).
          for (const rule of new Set(violations.map((violation) => violation.rule))) {
            counts.set(rule, (counts.get(rule) ?? 0) + 1);
            if (!examples.has(rule)) examples.set(rule, `${violations.find((violation) => violation.rule === rule)?.detail} ← "${sample.text}"`);
          }
        }
      }),
    );
    const seconds = (performance.now() - startedAt) / 1000;

    console.log(`\n${samples.length} trips planned through the workflow in ${seconds.toFixed(1)} s (concurrency ${CONCURRENCY}), ${failedTurns} turns failed`);
    console.log(formatSummary('turn latency', summarize(latencies)));
    console.log('\nplans breaking each rule (goal 0):');
    for (const rule of planRules) console.log(`  ${rule.padEnd(32)} ${String(counts.get(rule) ?? 0).padStart(4)}${examples.has(rule) ? `   e.g. ${examples.get(rule)}` : ''}`);
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    console.log(`  ${'total'.padEnd(32)} ${String(total).padStart(4)} in ${checks} rule checks`);
    console.log('\nplans with any violation, by kind of trip:');
    for (const [kind, { trips, violating }] of byKind) console.log(`  ${kind.padEnd(12)} ${violating}/${trips}`);
  } finally {
    await prisma.$disconnect();
    await client.connection.close();
    await stack.stop();
  }
}
