// Shared setup for the agent tests: the real sandbox providers (behind the real Redis cache), the real
// places index, the real memory store on the test database (migrated by the jest global setup).
import { randomUUID } from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { createChatModel, createEmbeddings, createMemoryStore, type AgentContext, type MemoryStore } from '../../agents/index.js';
import { loadPlaces, type PlaceIndex } from '../../domain/places.js';
import { emptyTripRequest, type TripRequest } from '../../domain/trip.js';
import { loadConfig, type Config } from '../../infra/config.js';
import { createPrismaClient, type PrismaClient } from '../../infra/db.js';
import { createLogger, type Logger } from '../../infra/logger.js';
import { createRedis, type Redis } from '../../infra/redis.js';
import { createProviders } from '../../providers/index.js';
import type { Providers } from '../../providers/types.js';

/** The sandbox clock: trips in mid-December fall inside the 16-day forecast horizon. */
export const NOW = new Date('2026-12-01T09:00:00Z');
export const REFERENCE_DATE = '2026-12-01';

export interface AgentTestEnv {
  config: Config;
  prisma: PrismaClient;
  redis: Redis;
  logger: Logger;
  places: PlaceIndex;
  providers: Providers;
  memory: MemoryStore;
  embeddings: EmbeddingsInterface;
  context(overrides?: { model?: BaseChatModel; providers?: Providers; memory?: MemoryStore }): AgentContext;
  createUser(): Promise<string>;
  close(): Promise<void>;
}

export async function createAgentTestEnv(): Promise<AgentTestEnv> {
  const config: Config = {
    ...loadConfig(process.env),
    DUFFEL_ACCESS_TOKEN: undefined,
    WEATHER_PROVIDER: 'sandbox',
    LLM_PROVIDER: 'offline',
    EMBEDDINGS_PROVIDER: 'offline',
  };
  const prisma = createPrismaClient(config.DATABASE_URL, { maxConnections: 4 });
  const redis = createRedis(config.REDIS_URL, `${config.REDIS_KEY_PREFIX}agents:${randomUUID()}:`);
  const logger = createLogger('agents-test', config.LOG_LEVEL);
  const places = await loadPlaces();
  const providers = await createProviders(config, { redis, logger, now: () => NOW });
  const embeddings = createEmbeddings(config);
  const memory = createMemoryStore({ prisma, embeddings });
  const model = createChatModel(config);
  const users: string[] = [];

  return {
    config,
    prisma,
    redis,
    logger,
    places,
    providers,
    memory,
    embeddings,
    context: (overrides = {}) => ({
      model: overrides.model ?? model,
      providers: overrides.providers ?? providers,
      places,
      memory: overrides.memory ?? memory,
      logger,
    }),
    async createUser() {
      const user = await prisma.user.create({ data: { email: `agents-${randomUUID()}@test.tripsage.local`, displayName: 'Agent Test' }, select: { id: true } });
      users.push(user.id);
      return user.id;
    },
    async close() {
      if (users.length > 0) await prisma.user.deleteMany({ where: { id: { in: users } } });
      await Promise.allSettled([prisma.$disconnect(), redis.quit()]);
    },
  };
}

/** London → Lisbon, 10–14 Dec 2026 (4 nights), 2 adults, food and museums. */
export function lisbonRequest(overrides: Partial<TripRequest> = {}): TripRequest {
  return {
    ...emptyTripRequest,
    origin: { city: 'London', iata: 'LON' },
    destination: { city: 'Lisbon', iata: 'LIS' },
    departDate: '2026-12-10',
    returnDate: '2026-12-14',
    adults: 2,
    budget: { amount: 2500, currency: 'EUR' },
    interests: ['food', 'museums'],
    ...overrides,
  };
}

/** Wraps providers to record the searches the agents made (the searches still hit the real sandbox). */
export function recordingProviders(providers: Providers) {
  const calls: { operation: string; args: unknown }[] = [];
  const wrapped: Providers = {
    flights: {
      name: providers.flights.name,
      searchFlights: (search, signal) => {
        calls.push({ operation: 'searchFlights', args: search });
        return providers.flights.searchFlights(search, signal);
      },
    },
    stays: {
      name: providers.stays.name,
      searchStays: (search, signal) => {
        calls.push({ operation: 'searchStays', args: search });
        return providers.stays.searchStays(search, signal);
      },
    },
    weather: {
      name: providers.weather.name,
      geocode: (name, signal) => {
        calls.push({ operation: 'geocode', args: name });
        return providers.weather.geocode(name, signal);
      },
      forecast: (latitude, longitude, start, end, signal) => {
        calls.push({ operation: 'forecast', args: { latitude, longitude, start, end } });
        return providers.weather.forecast(latitude, longitude, start, end, signal);
      },
      typical: (latitude, longitude, start, end, signal) => {
        calls.push({ operation: 'typical', args: { latitude, longitude, start, end } });
        return providers.weather.typical(latitude, longitude, start, end, signal);
      },
    },
  };
  return { providers: wrapped, calls };
}
