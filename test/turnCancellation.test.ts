// Cancellation reaches the work: a planning step whose activity is cancelled (a cancelled turn, a heartbeat
// timeout) aborts the model's HTTP call instead of leaving it hanging — here a local OpenAI-compatible
// server that takes minutes to answer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createPlanningActivities } from '../activities/planning.js';
import type { AgentContext } from '../agents/context.js';
import { createEmbeddings } from '../agents/embeddings.js';
import { createMemoryStore } from '../agents/memory.js';
import { createChatModel } from '../agents/model.js';
import { loadPlaces } from '../domain/places.js';
import { emptyTripRequest } from '../domain/trip.js';
import { TripEventLog } from '../infra/tripEvents.js';
import { createProviders } from '../providers/index.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fakes/openaiServer.js';
import { eventually } from './support/eventually.js';
import { createUser } from './support/identity.js';
import { connectTestServices, type TestServices } from './support/services.js';

describe('cancelling a planning step', () => {
  let services: TestServices;
  let fake: FakeOpenAIServer;
  let userId: string;

  beforeAll(async () => {
    services = await connectTestServices();
    userId = (await createUser(services.prisma)).id;
    // Every answer takes 1,000 tokens × 1 s: only an abort ends the call within the test.
    fake = await startFakeOpenAIServer({ tokenDelayMs: 1_000, rules: [{ reply: { content: 'x '.repeat(1_000) }, times: Infinity }] });
  });

  afterAll(async () => {
    await fake.close();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  it('aborts the model call when the activity is cancelled', async () => {
    const config = { ...services.config, LLM_PROVIDER: 'openai-compatible' as const, LLM_BASE_URL: `${fake.url}/v1`, LLM_API_KEY: 'test', LLM_MODEL: undefined };
    const places = await loadPlaces();
    const providers = await createProviders({ ...config, DUFFEL_ACCESS_TOKEN: undefined, WEATHER_PROVIDER: 'sandbox' }, { redis: services.redis, logger: services.logger });
    const memory = createMemoryStore({ prisma: services.prisma, embeddings: createEmbeddings({ ...config, EMBEDDINGS_PROVIDER: 'offline' }) });
    const agents: AgentContext = { model: createChatModel(config), providers, places, memory, logger: services.logger };
    const activities = createPlanningActivities({
      prisma: services.prisma,
      events: new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger),
      agentsFor: async () => agents,
      logger: services.logger,
    });
    const tripId = randomUUID();
    await services.prisma.trip.create({ data: { id: tripId, ownerId: userId, title: 'Cancelled turn' } });

    const environment = new MockActivityEnvironment();
    const turn = environment.run(activities.understandTurn, { tripId, userId, turnKey: 'turn-1', text: 'A week in Lisbon in May', request: emptyTripRequest, referenceDate: '2026-12-03' });
    await eventually(async () => fake.chatRequests().length, (count) => count > 0, { what: 'the model call' });
    environment.cancel();

    await expect(turn).rejects.toBeInstanceOf(CancelledFailure);
    expect(await eventually(async () => fake.abortedRequests(), (count) => count > 0, { what: 'the aborted model call' })).toBe(1);
  }, 60_000);
});
