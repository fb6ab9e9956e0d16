// Everything the worker's activities run with, built from configuration in one place (the worker
// entrypoint and in-process test workers use the same wiring; tests may swap an external provider).
import { createActivities } from '../activities/index.js';
import { createPlanningActivities } from '../activities/planning.js';
import { createEmbeddings } from '../agents/embeddings.js';
import { createMemoryStore } from '../agents/memory.js';
import { createChatModel } from '../agents/model.js';
import type { AgentContext } from '../agents/context.js';
import { loadPlaces } from '../domain/places.js';
import type { Config } from '../infra/config.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { createRedis, type Redis } from '../infra/redis.js';
import { TripEventLog } from '../infra/tripEvents.js';
import { createProviders } from '../providers/index.js';
import type { Providers } from '../providers/types.js';

export interface WorkerDeps {
  prisma: PrismaClient;
  redis: Redis;
  activities: ReturnType<typeof createActivities> & ReturnType<typeof createPlanningActivities>;
  close(): Promise<void>;
}

export async function createWorkerDeps(config: Config, logger: Logger, overrides: { providers?: Partial<Providers> } = {}): Promise<WorkerDeps> {
  const prisma = createPrismaClient(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const providers = { ...(await createProviders(config, { redis, logger })), ...overrides.providers };
  const agents: AgentContext = {
    model: createChatModel(config),
    providers,
    places: await loadPlaces(),
    memory: createMemoryStore({ prisma, embeddings: createEmbeddings(config) }),
    logger,
  };
  const events = new TripEventLog(prisma, redis, config.REDIS_KEY_PREFIX, logger);
  return {
    prisma,
    redis,
    activities: { ...createActivities({ prisma, redis, logger }), ...createPlanningActivities({ prisma, events, agents, logger }) },
    async close() {
      await Promise.allSettled([prisma.$disconnect(), redis.quit()]);
    },
  };
}
