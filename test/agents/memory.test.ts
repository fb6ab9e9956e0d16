// Long-term memory on the real test database (pgvector), with the offline hashing embeddings and with
// OpenAI-compatible embeddings from the fake server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  composePlan,
  cosineSimilarity,
  createEmbeddings,
  createMemoryStore,
  hashEmbedding,
  rememberTurn,
  understandTurn,
} from '../../agents/index.js';
import { EMBEDDING_DIMENSIONS, fromVectorSql } from '../../infra/db.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/openaiServer.js';
import { createAgentTestEnv, lisbonRequest, REFERENCE_DATE, type AgentTestEnv } from '../support/agents.js';

describe('offline hashing embeddings', () => {
  it('are deterministic, 384-dimensional and L2-normalized', () => {
    const a = hashEmbedding('Prefers to fly business class');
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(hashEmbedding('Prefers to fly business class')).toEqual(a);
    expect(Math.sqrt(a.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 10);
    expect(hashEmbedding('the and of')).toEqual(new Array(EMBEDDING_DIMENSIONS).fill(0));
  });

  it('score shared words and word pieces above unrelated text (lexical, not semantic)', () => {
    const base = hashEmbedding('Enjoys museums when traveling');
    expect(cosineSimilarity(base, hashEmbedding('museum lover, enjoys museums'))).toBeGreaterThan(0.4);
    expect(cosineSimilarity(base, hashEmbedding('Prefers to fly business class'))).toBeLessThan(0.15);
  });
});

describe('MemoryStore on PostgreSQL + pgvector', () => {
  let env: AgentTestEnv;
  let fake: FakeOpenAIServer;

  beforeAll(async () => {
    env = await createAgentTestEnv();
    fake = await startFakeOpenAIServer();
  });
  afterAll(async () => {
    await fake.close();
    await env.close();
  });

  it('recalls the relevant memory first and stores the 384-dim embedding', async () => {
    const userId = await env.createUser();
    const food = await env.memory.remember(userId, 'preference', 'Enjoys food markets and street food when traveling', { topic: 'interest' });
    const cabin = await env.memory.remember(userId, 'preference', 'Prefers to fly business class on long flights');
    await env.memory.remember(userId, 'feedback', 'Dislikes early morning departures');
    await env.memory.remember(userId, 'past_trip', 'Trip to Lisbon (LIS), 10–14 Dec 2026, 2 travelers');
    expect(food.created && cabin.created).toBe(true);

    const cabinRecall = await env.memory.recall(userId, 'which class do they fly: business or economy?');
    expect(cabinRecall[0]).toMatchObject({ id: cabin.id, kind: 'preference', content: 'Prefers to fly business class on long flights' });
    expect(cabinRecall[0]?.similarity).toBeGreaterThan(0.2);
    const foodRecall = await env.memory.recall(userId, 'street food and markets', 2);
    expect(foodRecall[0]?.id).toBe(food.id);
    expect(foodRecall.length).toBeLessThanOrEqual(2);
    for (const [index, memory] of foodRecall.entries()) if (index > 0) expect(memory.similarity).toBeLessThanOrEqual(foodRecall[index - 1]!.similarity);
    expect(await env.memory.recall(userId, 'zzz qqq xyzzy')).toEqual([]);

    const rows = await env.prisma.$queryRaw<{ embedding: string }[]>`SELECT embedding::text AS embedding FROM memories WHERE id = ${food.id}::uuid`;
    expect(fromVectorSql(rows[0]?.embedding ?? '')).toHaveLength(EMBEDDING_DIMENSIONS);
  });

  it('skips near-duplicates for the same user but not for another user', async () => {
    const alice = await env.createUser();
    const bob = await env.createUser();
    const first = await env.memory.remember(alice, 'preference', 'Prefers window seats');
    const again = await env.memory.remember(alice, 'preference', 'prefers WINDOW seats.');
    expect(again).toEqual({ id: first.id, created: false });
    const different = await env.memory.remember(alice, 'preference', 'Prefers aisle seats');
    expect(different.created).toBe(true);
    const forBob = await env.memory.remember(bob, 'preference', 'Prefers window seats');
    expect(forBob.created).toBe(true);
    expect((await env.memory.list(alice)).map((memory) => memory.content).sort()).toEqual(['Prefers aisle seats', 'Prefers window seats']);

    // Concurrent identical writes still produce one row.
    const results = await Promise.all([1, 2, 3].map(() => env.memory.remember(bob, 'fact', 'Usually departs from Berlin (BER)')));
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('writes a batch in one statement: repeats within it and of stored memories are touched, not inserted, and concurrent batches insert each memory once', async () => {
    const userId = await env.createUser();
    const stored = await env.memory.remember(userId, 'preference', 'Prefers aisle seats');
    const batch = [
      { kind: 'preference' as const, content: 'Prefers window seats' },
      { kind: 'preference' as const, content: 'prefers WINDOW seats.' },
      { kind: 'fact' as const, content: 'Usually departs from Berlin (BER)' },
      { kind: 'preference' as const, content: 'Prefers aisle seats' },
      { kind: 'preference' as const, content: 'Prefers window seats' },
    ];
    const [window, windowAgain, berlin, aisle, windowThird] = await env.memory.rememberAll(userId, batch);
    expect(window?.created).toBe(true);
    expect(windowAgain).toEqual({ id: window?.id, created: false });
    expect(berlin?.created).toBe(true);
    expect(aisle).toEqual({ id: stored.id, created: false });
    expect(windowThird).toEqual({ id: window?.id, created: false });
    expect((await env.memory.list(userId)).map((memory) => memory.content).sort()).toEqual(['Prefers aisle seats', 'Prefers window seats', 'Usually departs from Berlin (BER)']);

    const other = await env.createUser();
    const results = await Promise.all([1, 2, 3].map(() => env.memory.rememberAll(other, batch)));
    expect(results.flat().filter((result) => result.created)).toHaveLength(3);
    expect(await env.memory.list(other)).toHaveLength(3);
  });

  it('finds the memories a statement may replace by topic: the traveler\'s own, and only this trip\'s of a trip\'s topics', async () => {
    const userId = await env.createUser();
    const [tripA, tripB] = [randomUUID(), randomUUID()];
    await env.memory.remember(userId, 'fact', 'Party for the trip to Lisbon: 2 adults', { topic: 'party', scope: 'trip', tripId: tripA });
    await env.memory.remember(userId, 'fact', 'Party for the trip to Rome: 4 adults', { topic: 'party', scope: 'trip', tripId: tripB });
    await env.memory.remember(userId, 'preference', 'Prefers to fly business class', { topic: 'cabin', scope: 'traveler', tripId: tripB });
    await env.memory.remember(userId, 'preference', 'Enjoys museums when traveling', { topic: 'interest', scope: 'traveler' });
    const contents = async (topics: string[], tripId: string | null) => (await env.memory.onTopics(userId, topics, tripId)).map((memory) => memory.content).sort();
    expect(await contents(['party', 'cabin'], tripA)).toEqual(['Party for the trip to Lisbon: 2 adults', 'Prefers to fly business class']);
    expect(await contents(['party'], tripB)).toEqual(['Party for the trip to Rome: 4 adults']);
    expect(await contents(['party'], null)).toEqual([]);
    expect(await contents([], tripA)).toEqual([]);
  });

  it('lists, recalls and deletes only the owner’s memories', async () => {
    const owner = await env.createUser();
    const stranger = await env.createUser();
    const { id } = await env.memory.remember(owner, 'fact', 'Travels with a dog', { topic: 'party' });

    const listed = await env.memory.list(owner);
    expect(listed).toEqual([{ id, kind: 'fact', content: 'Travels with a dog', metadata: { topic: 'party' }, createdAt: expect.any(String), updatedAt: expect.any(String) }]);
    expect(await env.memory.list(stranger)).toEqual([]);
    expect(await env.memory.recall(stranger, 'travels with a dog')).toEqual([]);

    expect(await env.memory.delete(stranger, id)).toBe(false);
    expect(await env.memory.delete(owner, 'not-a-uuid')).toBe(false);
    expect(await env.memory.delete(owner, id)).toBe(true);
    expect(await env.memory.delete(owner, id)).toBe(false);
    expect(await env.memory.list(owner)).toEqual([]);
  });

  it('rememberTurn writes preferences from what was said, deduplicated, and one record per trip', async () => {
    const userId = await env.createUser();
    const tripId = randomUUID();
    const text = 'We love food and museums, we prefer business class and I hate early flights. Budget 2500 EUR.';
    const request = lisbonRequest({ cabinClass: 'business', budget: { amount: 2500, currency: 'EUR' } });
    const written = await rememberTurn(env.context(), { userId, tripId, text, request });

    const contents = (await env.memory.list(userId, REFERENCE_DATE)).map((memory) => `${memory.kind}: ${memory.content}`).sort();
    expect(written).toBe(contents.length);
    expect(contents).toEqual(
      [
        'feedback: Dislikes early flights',
        'planned_trip: Trip to Lisbon (LIS), 10–14 Dec 2026, 2 travelers from London',
        'fact: Budget for the trip to Lisbon: €2,500 in total',
        'preference: Enjoys food when traveling',
        'preference: Enjoys museums when traveling',
        'preference: Prefers to fly business class',
      ].sort(),
    );

    expect(await rememberTurn(env.context(), { userId, tripId, text, request })).toBe(0);
    // New dates replace the trip record instead of adding a second one.
    await rememberTurn(env.context(), { userId, tripId, text: 'Move it to 12 December', request: { ...request, departDate: '2026-12-12', returnDate: '2026-12-16' } });
    const trips = (await env.memory.list(userId, REFERENCE_DATE)).filter((memory) => memory.kind === 'planned_trip');
    expect(trips.map((memory) => memory.content)).toEqual(['Trip to Lisbon (LIS), 12–16 Dec 2026, 2 travelers from London']);
  });

  it('recalls memories while understanding a turn, without echoing them in the reply', async () => {
    const userId = await env.createUser();
    await rememberTurn(env.context(), { userId, tripId: randomUUID(), text: 'I really love street food', request: lisbonRequest({ interests: [] }) });
    const understood = await understandTurn(env.context(), { text: 'Plan a food trip to Lisbon', request: lisbonRequest({ interests: [] }), referenceDate: REFERENCE_DATE, userId });
    // The interest is remembered in the traveler's words ("street food", not "food").
    expect(understood.memories.map((memory) => memory.content)).toContain('Loves street food');

    const { reply, plan } = await composePlan(env.context(), {
      request: understood.request,
      pace: 'balanced',
      destination: null,
      flights: [],
      stays: [],
      failures: [],
      memories: understood.memories,
      text: 'Plan a food trip to Lisbon',
    });
    // "Loves street food" did not change this plan (no itinerary without dates): not named.
    expect(plan.memoriesUsed).toEqual([]);
    expect(reply).not.toContain('From what I remember');
    expect(reply).not.toContain('Loves street food');
  });

  it('works with OpenAI-compatible embeddings (fake /v1/embeddings, dimensions 384)', async () => {
    const embeddings = createEmbeddings({ EMBEDDINGS_PROVIDER: 'openai-compatible', EMBEDDINGS_MODEL: 'text-embedding-3-small', EMBEDDINGS_API_KEY: 'test', EMBEDDINGS_BASE_URL: `${fake.url}/v1` });
    const vector = await embeddings.embedQuery('Prefers boutique hotels');
    expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
    const request = fake.requests.find((candidate) => candidate.path === '/v1/embeddings');
    expect(request?.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 384 });

    const memory = createMemoryStore({ prisma: env.prisma, embeddings });
    const userId = await env.createUser();
    const hotels = await memory.remember(userId, 'preference', 'Prefers boutique hotels in the old town');
    await memory.remember(userId, 'preference', 'Prefers to fly business class');
    expect((await memory.recall(userId, 'boutique hotels'))[0]?.id).toBe(hotels.id);
    expect((await memory.remember(userId, 'preference', 'Prefers boutique hotels in the old town')).created).toBe(false);
  });
});
