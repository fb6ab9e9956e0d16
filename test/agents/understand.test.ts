import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mergeTripRequest, understandTurn } from '../../agents/index.js';
import { emptyTripRequest } from '../../domain/trip.js';
import { createAgentTestEnv, lisbonRequest, REFERENCE_DATE, type AgentTestEnv } from './support.js';

describe('understandTurn (offline)', () => {
  let env: AgentTestEnv;
  const userId = randomUUID(); // no memories: recall returns nothing

  beforeAll(async () => {
    env = await createAgentTestEnv();
  });
  afterAll(() => env.close());

  it('builds a request from a first message and says which specialists can run', async () => {
    const result = await understandTurn(env.context(), {
      text: 'We want to fly from London to Lisbon on December 10 for 4 nights, 2 adults, budget 2000 EUR. We love food and museums.',
      request: emptyTripRequest,
      referenceDate: REFERENCE_DATE,
      userId,
    });
    expect(result.request).toMatchObject({
      origin: { iata: 'LON' },
      destination: { iata: 'LIS' },
      departDate: '2026-12-10',
      returnDate: '2026-12-14',
      adults: 2,
      budget: { amount: 2000, currency: 'EUR' },
    });
    expect(result.request.interests).toEqual(expect.arrayContaining(['food', 'museums']));
    expect(result.needs).toEqual({ destination: true, flights: true, stays: true });
    expect(result.memories).toEqual([]);
  });

  it('merges a follow-up without clobbering what it does not mention', async () => {
    const before = lisbonRequest({ budget: { amount: 2000, currency: 'EUR' } });
    const result = await understandTurn(env.context(), {
      text: 'Actually we will be 3 adults, and we also like hiking.',
      request: before,
      referenceDate: REFERENCE_DATE,
      userId,
    });
    expect(result.mentioned.sort()).toEqual(['adults', 'interests']);
    expect(result.request).toEqual({ ...before, adults: 3, interests: ['food', 'museums', 'hiking'] });
    expect(result.needs).toEqual({ destination: true, flights: true, stays: true });
  });

  it('keeps the request when the message says nothing about the trip', async () => {
    const before = lisbonRequest();
    const result = await understandTurn(env.context(), { text: 'Thanks, sounds great!', request: before, referenceDate: REFERENCE_DATE, userId });
    expect(result.mentioned).toEqual([]);
    expect(result.request).toEqual(before);
  });

  it('asks for nothing it cannot run: no origin means no flight search', async () => {
    const result = await understandTurn(env.context(), { text: 'Thinking about Porto sometime', request: emptyTripRequest, referenceDate: REFERENCE_DATE, userId });
    expect(result.request.destination?.iata).toBe('OPO');
    expect(result.needs).toEqual({ destination: true, flights: false, stays: false });
  });

  it('mergeTripRequest keeps the trip length when only a later departure is given', () => {
    const { request, applied } = mergeTripRequest(lisbonRequest(), { departDate: '2026-12-20' });
    expect(applied).toEqual(['departDate']);
    expect(request.departDate).toBe('2026-12-20');
    expect(request.returnDate).toBe('2026-12-24');
  });
});
