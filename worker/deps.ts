// Everything the worker's activities run with, built from configuration in one place (the worker
// entrypoint and in-process test workers use the same wiring; tests may swap an external provider).
import { createActivities } from '../activities/index.js';
import { createBookingActivities, type BookingFailureHooks, type OffersAt } from '../activities/booking.js';
import { createPlanningActivities } from '../activities/planning.js';
import { createTravelerAgents } from '../activities/travelerAgents.js';
import { createPriceWatchActivities } from '../activities/priceWatch.js';
import { createEmbeddings } from '../agents/embeddings.js';
import { createMemoryStore } from '../agents/memory.js';
import { installUntracedRunContext } from '../agents/untracedRunContext.js';
import { createChatModel } from '../agents/model.js';
import type { AgentContext } from '../agents/context.js';
import { loadPlaces } from '../domain/places.js';
import type { Config } from '../infra/config.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { createRedis, type Redis } from '../infra/redis.js';
import { resolveSecrets } from '../infra/secrets.js';
import { TripEventLog } from '../infra/tripEvents.js';
import { createProviders } from '../providers/index.js';
import { SandboxBookingProvider } from '../providers/sandbox/booking.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { SandboxOperationStore } from '../providers/sandbox/operations.js';
import { SandboxPaymentProvider } from '../providers/sandbox/payments.js';
import { SandboxStayProvider } from '../providers/sandbox/stays.js';
import type { Providers } from '../providers/types.js';
import { failFastOnRefusedData } from '../activities/storageRejections.js';

export interface WorkerDeps {
  prisma: PrismaClient;
  redis: Redis;
  activities: ReturnType<typeof createActivities> &
    ReturnType<typeof createPlanningActivities> &
    ReturnType<typeof createBookingActivities> &
    ReturnType<typeof createPriceWatchActivities>;
  close(): Promise<void>;
}

export interface WorkerDepsOverrides {
  providers?: Partial<Providers>;
  /** Tests only: failure injection into the booking saga's steps (see activities/booking.ts). */
  bookingFailures?: BookingFailureHooks;
  /** Tests only: the sandbox booking/payment providers answer this late (default: config SANDBOX_BOOKING_DELAY_MS). */
  sandboxBookingDelayMs?: number;
  /** Tests only: how long the plan made with a message may take (activities/planning.ts). */
  planAheadBudgetMs?: number;
}

export async function createWorkerDeps(config: Config, logger: Logger, overrides: WorkerDepsOverrides = {}): Promise<WorkerDeps> {
  // Without LangSmith tracing, runnable calls carry their config without a run tree each (agents/untracedRunContext.ts).
  installUntracedRunContext();
  const prisma = createPrismaClient(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, {}, logger);
  const providers = { ...(await createProviders(config, { redis, logger })), ...overrides.providers };
  const places = await loadPlaces();
  const agents: AgentContext = {
    model: createChatModel(config),
    providers,
    places,
    memory: createMemoryStore({ prisma, embeddings: createEmbeddings(config) }),
    logger,
  };
  const events = new TripEventLog(prisma, redis, config.REDIS_KEY_PREFIX, logger);
  const secrets = resolveSecrets(config);
  // Re-pricing and price checks quote at the workflow's time: the sandbox gets that instant as its clock
  // (uncached: a quote must be fresh); real providers (Duffel, or a test's override) quote now.
  const sandboxOffers = !config.DUFFEL_ACCESS_TOKEN && !overrides.providers?.flights && !overrides.providers?.stays;
  const offersAt: OffersAt = sandboxOffers
    ? (at) => ({ flights: new SandboxFlightProvider({ places, now: () => at }), stays: new SandboxStayProvider({ places, now: () => at }) })
    : () => providers;
  const operations = new SandboxOperationStore(prisma, { delayMs: overrides.sandboxBookingDelayMs ?? config.SANDBOX_BOOKING_DELAY_MS });
  return {
    prisma,
    redis,
    activities: failFastOnRefusedData({
      ...createActivities({ prisma, redis, logger }),
      ...createPlanningActivities({
        prisma,
        events,
        agentsFor: createTravelerAgents({ config, prisma, keys: secrets, base: agents }),
        logger,
        // A traveler's own LLM key applies only where the platform's planner is a model too (activities/travelerAgents.ts).
        reasoning: config.LLM_PROVIDER === 'offline' ? 'local' : 'remote',
        memoryInline: config.EMBEDDINGS_PROVIDER === 'offline',
        ...(overrides.planAheadBudgetMs !== undefined && { planAheadBudgetMs: overrides.planAheadBudgetMs }),
        // The platform's sandbox providers (not a traveler's own Duffel key, which replaces them) compute offers in-process.
        ...(sandboxOffers && config.WEATHER_PROVIDER === 'sandbox' && { searchesLocally: (traveler: AgentContext) => traveler.providers === agents.providers }),
      }),
      ...createBookingActivities({
        prisma,
        events,
        logger,
        offersAt,
        booking: new SandboxBookingProvider(operations),
        payments: new SandboxPaymentProvider(operations),
        keys: secrets,
        ...(providers.fx && { fx: providers.fx }),
        ...(overrides.bookingFailures && { failures: overrides.bookingFailures }),
      }),
      ...createPriceWatchActivities({
        prisma,
        events,
        logger,
        offersAt,
        ...(providers.fx && { fx: providers.fx }),
        allowPrivateWebhookHosts: config.WEBHOOK_ALLOW_PRIVATE_HOSTS,
        keys: secrets,
      }),
    }),
    async close() {
      await Promise.allSettled([prisma.$disconnect(), redis.quit()]);
    },
  };
}
