// CPU per planning activity, outside Temporal: a first turn's activities called in the workflow's order
// (recordUserMessage, understand, destination, flights, stays, compose, save, remember), each timed with
// the process's CPU clock, on a migrated database and Redis with the offline model and sandbox providers.
// One warm-up round, then BENCH_TURNS measured turns; the sum is the activities' share of a turn's worker
// CPU (the rest is the Temporal SDK: `npm run bench -- planning` gives the whole).
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { emptyTripRequest } from '../domain/trip.js';
import { loadConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { recreateDatabase, suffixedDatabaseUrl } from '../scripts/lib/migrations.js';
import { migrationsDir } from '../scripts/provision.js';
import { createUser } from '../test/support/identity.js';
import { createWorkerDeps } from '../worker/deps.js';
import { requestText } from './requests.js';

// 200: with fewer the JIT is still warming up through the measured round (40 turns read ~50 % higher).
const TURNS = Number(process.env.BENCH_TURNS ?? 200);

export async function runActivityCpuBenchmark(): Promise<void> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const databaseUrl = suffixedDatabaseUrl(base.DATABASE_URL, 'activitycpu');
  await recreateDatabase(databaseUrl, migrationsDir);
  const config = { ...base, DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: `tripsage-activitycpu:${randomUUID()}:` };
  const deps = await createWorkerDeps(config, createLogger('bench', 'warn'));
  const activities = deps.activities;
  try {
    const user = await createUser(deps.prisma, { displayName: 'Activity CPU' });
    const cpu = new Map<string, number>();
    const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      // An environment per call, as the worker gives each activity its own context and cancellation signal:
      // one shared signal collects every call's abort listeners, and adding one walks them all.
      const environment = new MockActivityEnvironment();
      const before = process.cpuUsage();
      const result = await environment.run<[], T, () => Promise<T>>(run);
      const used = process.cpuUsage(before);
      cpu.set(name, (cpu.get(name) ?? 0) + (used.user + used.system) / 1000);
      return result;
    };
    for (const round of ['warm-up', 'measured'] as const) {
      cpu.clear();
      for (let index = 0; index < TURNS; index += 1) {
        const tripId = randomUUID();
        const userId = user.id;
        const turnKey = `m${index}`;
        const text = requestText(index);
        await timed('recordUserMessage', () => activities.recordUserMessage({ tripId, userId, clientMessageId: turnKey, text }));
        const understood = await timed('understandTurn', () => activities.understandTurn({ tripId, userId, turnKey, text, request: emptyTripRequest, referenceDate: new Date().toISOString().slice(0, 10), pace: 'balanced', undoTarget: null }));
        const request = understood.request;
        // One at a time (the workflow runs destination ∥ flights), so each figure is its own.
        const destination = await timed('researchDestination', () => activities.researchDestination({ tripId, userId, turnKey, request }));
        const flights = await timed('searchFlights', () => activities.searchFlights({ tripId, userId, turnKey, request }));
        const stays = await timed('searchStays', () => activities.searchStays({ tripId, userId, turnKey, request }));
        const composed = await timed('composePlan', () => activities.composePlan({ tripId, userId, turnKey, request, pace: 'balanced', destination, flights, stays, failures: [], memories: understood.memories, text, notes: understood.notes }));
        await timed('savePlan', () => activities.savePlan({ tripId, userId, turnKey, request, plan: composed.plan, reply: composed.reply, status: 'proposing', pace: 'balanced' }));
        await timed('rememberTurn', () => activities.rememberTurn({ userId, tripId, text, request }));
      }
      if (round === 'measured') {
        let total = 0;
        for (const [name, used] of cpu) {
          total += used;
          console.log(`${name.padEnd(22)} ${(used / TURNS).toFixed(1).padStart(6)} CPU-ms`);
        }
        console.log(`${'all activities'.padEnd(22)} ${(total / TURNS).toFixed(1).padStart(6)} CPU-ms per first turn (${TURNS} turns, warm cache)`);
      }
    }
  } finally {
    await deps.close();
  }
}
