// What the API's routers, middleware and Socket.IO server run with, built once per process.
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { createRedis, type Redis } from '../infra/redis.js';
import { resolveSecrets, type Secrets } from '../infra/secrets.js';
import { connectTemporalClient, temporalTarget } from '../infra/temporal.js';
import { TripEventLog } from '../infra/tripEvents.js';

export interface ApiContext {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  /** Commands and publishing (keys carry config.REDIS_KEY_PREFIX). */
  redis: Redis;
  temporal: Client;
  namespace: string;
  secrets: Secrets;
  events: TripEventLog;
}

/** Connects everything an API process needs; `close()` releases it. Used by api/main.ts and tests. */
export async function createApiContext(config: Config, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ApiContext & { close(): Promise<void> }> {
  const target = temporalTarget(config, env);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, {}, logger);
  const temporal = await connectTemporalClient(target);
  return {
    config,
    logger,
    prisma,
    redis,
    temporal,
    namespace: target.namespace,
    secrets: resolveSecrets(config),
    events: new TripEventLog(prisma, redis, config.REDIS_KEY_PREFIX, logger),
    async close() {
      await Promise.allSettled([prisma.$disconnect(), redis.quit(), temporal.connection.close()]);
    },
  };
}
