// API benchmarks on an isolated stack (real Temporal dev server + worker, PostgreSQL, Redis):
// 1. planning turns started through the API (POST /api/trips/:id/messages, auth + validation +
//    authorization + update-with-start) vs. the raw Temporal client doing the same update-with-start:
//    throughput ratio (goal ≥ 0.8), same concurrency, same run;
// 2. GET /api/trips/:id/state under a fixed 200 requests/s (autocannon): latency p50/p95/p99
//    (goal p95 < 50 ms), with GET /api/health at the same rate as the baseline.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { createApp } from '../api/app.js';
import { createApiContext } from '../api/context.js';
import { createApiRouter } from '../api/routes/index.js';
import { securityMiddleware } from '../api/security.js';
import { issueAccessToken } from '../api/auth/tokens.js';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { loadConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { listen } from '../test/support/http.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 200);

const text = (index: number) => `Plan 4 nights in ${['Lisbon', 'Rome', 'Madrid', 'Athens', 'Dublin'][index % 5]} from London departing May ${1 + (index % 27)} 2027 for 2 adults`;

export async function runApiBenchmark(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'benchapi', name: 'tripsage-benchapi', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const config = { ...loadConfig(stack.env), RATE_LIMIT_PER_MINUTE: 1_000_000, RATE_LIMIT_IP_PER_MINUTE: 1_000_000 };
  const logger = createLogger('bench-api', 'warn');
  const ctx = await createApiContext(config, logger, stack.env);
  const api = await listen(
    createApp({
      logger,
      health: { prisma: ctx.prisma, redis: ctx.redis, temporal: ctx.temporal, namespace: ctx.namespace, taskQueue: config.TEMPORAL_TASK_QUEUE },
      temporalUiUrl: config.TEMPORAL_UI_URL,
      apiRouter: createApiRouter(ctx),
      security: securityMiddleware(ctx),
    }),
  );
  try {
    const user = await ctx.prisma.user.create({ data: { email: `bench-${randomUUID()}@example.test`, displayName: 'Bench' } });
    const { accessToken } = await issueAccessToken(ctx, user.id);
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const newTrip = async () => {
      const response = await fetch(`${api.url}/api/trips`, { method: 'POST', headers, body: JSON.stringify({ title: 'Bench trip' }) });
      if (response.status !== 201) throw new Error(`create trip: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    };

    // Warm-up: worker bundle, places index, JIT on both paths.
    for (let index = 0; index < 3; index += 1) {
      const tripId = await newTrip();
      await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: text(index), clientMessageId: `w${index}` }) });
    }

    const measure = async (label: string, turn: (tripId: string, index: number) => Promise<void>) => {
      const trips = await Promise.all(Array.from({ length: CONCURRENCY }, () => newTrip()));
      let completed = 0;
      const deadline = performance.now() + SECONDS * 1000;
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
    const raw = await measure('raw Temporal client (update-with-start)', async (tripId, index) => {
      await sendTripMessage(ctx.temporal, { tripId, userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: text(index), clientMessageId: `r${index}` });
    });
    const viaApi = await measure('through the API (POST …/messages)', async (tripId, index) => {
      const response = await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: text(index), clientMessageId: `a${index}` }) });
      if (response.status !== 200) throw new Error(`message: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    });
    console.log(`throughput ratio API / raw client: ${(viaApi / raw).toFixed(2)}   (goal ≥ 0.8 → ${viaApi / raw >= 0.8 ? 'met' : 'NOT met'})`);

    const tripId = await newTrip();
    await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: text(1), clientMessageId: 's1' }) });
    const load = async (label: string, path: string) => {
      const result = await autocannon({ url: `${api.url}${path}`, headers, connections: 20, overallRate: RATE, duration: SECONDS });
      const { latency } = result;
      console.log(
        `${label.padEnd(40)} ${result.requests.total} requests at ${RATE}/s: p50 ${latency.p50} ms, p97.5 ${latency.p97_5} ms, p99 ${latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
      return result;
    };
    await load('baseline GET /api/health', '/api/health');
    const state = await load('GET /api/trips/:id/state', `/api/trips/${tripId}/state`);
    // autocannon reports p97.5 and p99, not p95: p97.5 ≤ 50 ms implies p95 ≤ 50 ms.
    console.log(`state p97.5 ${state.latency.p97_5} ms (goal p95 < 50 ms at ${RATE}/s → ${state.latency.p97_5 < 50 ? 'met' : 'check'})`);
  } finally {
    await api.close();
    await ctx.close();
    await stack.stop();
  }
}
