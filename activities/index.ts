// Activities come from one factory so tests can inject fakes of *external* services only.
import { hostname } from 'node:os';
import type { PrismaClient } from '../infra/db.js';
import { pingRedis, type Redis } from '../infra/redis.js';
import type { Logger } from '../infra/logger.js';

/** What systemCheckWorkflow reports: the worker that ran it and its round trips to PostgreSQL and Redis. */
export interface SystemCheckResult {
  workerIdentity: string;
  postgresMs: number;
  redisMs: number;
}

export interface ActivityDeps {
  prisma: PrismaClient;
  redis: Redis;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return {
    async checkWorkerDependencies(): Promise<SystemCheckResult> {
      const postgresStarted = performance.now();
      await deps.prisma.$queryRaw`SELECT 1`;
      const postgresMs = performance.now() - postgresStarted;
      const redisMs = await pingRedis(deps.redis);
      return { workerIdentity: `${process.pid}@${hostname()}`, postgresMs, redisMs };
    },
  };
}

export type PlatformActivities = ReturnType<typeof createActivities>;

