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

const base = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const databaseUrl = suffixedDatabaseUrl(base.DATABASE_URL, 'zzsplit');
await recreateDatabase(databaseUrl, migrationsDir);
const config = { ...base, DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: `zz:${randomUUID()}:` };
const deps = await createWorkerDeps(config, createLogger('bench', 'warn'));
const a = deps.activities;
const env = new MockActivityEnvironment();
const user = await createUser(deps.prisma, { displayName: 'x' });
const wall = new Map<string, number[]>(); const cpu = new Map<string, number[]>();
const ROUNDS = Number(process.env.ROUNDS ?? 150);
for (let round = 0; round < ROUNDS; round++) {
  const tripId = randomUUID(); const userId = user.id; const turnKey = 'm1'; const text = requestText(round % 10);
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now(); const c = process.cpuUsage(); const r = await env.run(fn); const u = process.cpuUsage(c);
    if (round >= 50) { (wall.get(name) ?? wall.set(name, []).get(name)!).push(performance.now() - t); (cpu.get(name) ?? cpu.set(name, []).get(name)!).push((u.user + u.system) / 1000); }
    return r as T;
  };
  const understand = { tripId, userId, turnKey, text, request: emptyTripRequest, referenceDate: '2026-12-05', pace: 'balanced' as const, undoTarget: null };
  const rec = await step('recordAndUnderstand', () => a.recordAndUnderstand({ message: { tripId, userId, clientMessageId: turnKey, text }, understand }));
  const u = rec.understanding!;
  const composed = await step('searchAndCompose', () => a.searchAndCompose({ tripId, userId, turnKey, request: u.request, want: { destination: true, flights: true, stays: true }, kept: { destination: null, flights: null, stays: null }, keptFlight: null, compose: { pace: 'balanced', memories: u.memories, text, notes: u.notes, followUp: null } }));
  if (process.env.SPLIT) {
    await step('savePlan', () => a.savePlan({ tripId, userId, turnKey, request: u.request, plan: composed.plan, reply: composed.reply, status: 'proposing', pace: 'balanced' }));
    await step('rememberTurn', () => a.rememberTurn({ userId, tripId, text, request: u.request }));
  } else {
    await step('savePlanAndRemember', () => a.savePlanAndRemember({ tripId, userId, turnKey, request: u.request, plan: composed.plan, reply: composed.reply, status: 'proposing', pace: 'balanced', remember: { text } }));
  }
}
const med = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
let tw = 0, tc = 0;
for (const [k, v] of wall) { const c = cpu.get(k)!; tw += med(v); tc += med(c); console.log(k.padEnd(22), 'wall p50', med(v).toFixed(1), 'cpu p50', med(c).toFixed(1)); }
console.log('sum wall', tw.toFixed(1), 'cpu', tc.toFixed(1));
await deps.close();
