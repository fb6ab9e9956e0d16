// Real service clients for a test file, configured by globalSetup through process.env.
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../infra/config.js';
import { createPrismaClient, type PrismaClient } from '../../infra/db.js';
import { createLogger, type Logger } from '../../infra/logger.js';
import { createRedis, type Redis } from '../../infra/redis.js';
import { connectTemporalClient, temporalTarget, type TemporalTarget } from '../../infra/temporal.js';

export interface TestServices {
  config: Config;
  target: TemporalTarget;
  prisma: PrismaClient;
  redis: Redis;
  temporal: Client;
  logger: Logger;
  close(): Promise<void>;
}

export async function connectTestServices(): Promise<TestServices> {
  const config = loadConfig(process.env);
  const target = temporalTarget(config);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const temporal = await connectTemporalClient(target);
  return {
    config,
    target,
    prisma,
    redis,
    temporal,
    logger: createLogger('test', config.LOG_LEVEL),
    async close() {
      await Promise.allSettled([prisma.$disconnect(), redis.quit(), temporal.connection.close()]);
    },
  };
}
