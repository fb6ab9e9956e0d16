// Idempotent provisioning shared by `npm start` and `npm test`: every step says what it did and how long it took.
// Run on its own with `npm run provision`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../infra/config.js';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { createRedis, pingRedis } from '../infra/redis.js';
import { hasExternalTemporal } from '../infra/temporal.js';
import { applyMigrations, ensureDatabase } from './lib/migrations.js';
import { checkPostgresReachable, ensureVectorAvailable, generatePrismaClient } from './lib/postgres.js';
import { projectRoot } from './lib/projectRoot.js';
import { exitOnProvisionError, ProvisionError, step } from './lib/steps.js';
import { resolveTemporalCli, type TemporalCli } from './lib/temporalServer.js';
import { buildWebClient } from './lib/web.js';

export { projectRoot };
export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');

export interface ProvisionOptions {
  /** Create and migrate the configured database (tests migrate their own database instead). */
  migrate: boolean;
  buildWeb: boolean;
}

export interface Provisioned {
  temporalCli: TemporalCli | null;
}

export async function provision(config: Config, options: ProvisionOptions): Promise<Provisioned> {
  const started = performance.now();
  const temporalCli = hasExternalTemporal()
    ? (console.log(`▸ Temporal: using the configured server (${process.env.TEMPORAL_ADDRESS ?? 'temporal.toml profile'}), none started`), null)
    : await step('Temporal CLI', () => resolveTemporalCli(projectRoot), (cli) => `${cli.source}: ${cli.path}`);
  await step('PostgreSQL reachable', () => checkPostgresReachable(config.DATABASE_URL), (version) => version);
  await step('pgvector extension', () => ensureVectorAvailable(config.DATABASE_URL, projectRoot), (outcome) => outcome);
  await step('Prisma client', () => generatePrismaClient(projectRoot), (outcome) => outcome);
  if (options.migrate) {
    const databaseName = new URL(config.DATABASE_URL).pathname.slice(1);
    await step(`Database "${databaseName}"`, () => ensureDatabase(config.DATABASE_URL), (created) => (created ? 'created' : 'exists'));
    await step('Migrations', () => applyMigrations(config.DATABASE_URL, migrationsDir), ({ applied, alreadyApplied }) =>
      applied.length ? `applied ${applied.join(', ')}` : `${alreadyApplied} already applied`,
    );
  }
  await step('Redis', () => pingRedisOnce(config), (ms) => `PONG in ${ms.toFixed(1)} ms`);
  if (options.buildWeb) await step('Web client', () => buildWebClient(projectRoot), (outcome) => outcome);
  console.log(`✔ provisioned in ${((performance.now() - started) / 1000).toFixed(2)}s`);
  return { temporalCli };
}

async function pingRedisOnce(config: Config): Promise<number> {
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, { maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  redis.on('error', () => undefined); // reported through the rejected PING below
  try {
    return await pingRedis(redis, 3_000);
  } catch (error) {
    throw new ProvisionError('Redis', `no PONG from ${new URL(config.REDIS_URL).host}: ${(error as Error).message}`, [
      'Start Redis (e.g. `redis-server --daemonize yes`).',
      'Set REDIS_URL to a reachable server, e.g. redis://host:6379.',
      'With Docker: `docker compose up -d redis`.',
    ]);
  } finally {
    redis.disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  loadDotEnv();
  await provision(loadConfigOrExit(), { migrate: true, buildWeb: true }).catch(exitOnProvisionError);
}
