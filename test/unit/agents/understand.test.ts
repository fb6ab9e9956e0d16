import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { applyChangeSet, understandTurn } from '../../../agents/index.js';
import { emptyTripRequest } from '../../../domain/trip.js';
import { createAgentTestEnv, lisbonRequest, REFERENCE_DATE, type AgentTestEnv } from '../../support/agents.js';

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
    expect(result.intent).toBe('confirm');
    expect(result.mentioned).toEqual([]);
    expect(result.request).toEqual(before);
  });

  it('asks for nothing it cannot run: no origin means no flight search', async () => {
    const result = await understandTurn(env.context(), { text: 'Thinking about Porto sometime', request: emptyTripRequest, referenceDate: REFERENCE_DATE, userId });
    expect(result.request.destination?.iata).toBe('OPO');
    expect(result.needs).toEqual({ destination: true, flights: false, stays: false });
  });

  it('keeps the previous dates when the message gives impossible ones, applies the rest, and notes why for the reply', async () => {
    const before = lisbonRequest();
    const result = await understandTurn(env.context(), { text: 'Make it April 12 to April 3 2027, and 3 adults', request: before, referenceDate: REFERENCE_DATE, userId });
    expect(result.request).toEqual({ ...before, adults: 3 });
    expect(result.mentioned).toEqual(['adults']);
    expect(result.notes).toEqual([
      "The return date (2027-04-03) is before the departure (2027-04-12) — did you mean 3–12 Apr 2027? I kept the trip's previous dates; tell me the dates again to change them.",
    ]);
  });

  it('refuses a return date before the trip\'s current departure, and a past departure', async () => {
    const before = lisbonRequest();
    const back = await understandTurn(env.context(), { text: 'we need to be back on December 8', request: before, referenceDate: REFERENCE_DATE, userId });
    expect(back.request).toEqual(before);
    expect(back.notes[0]).toMatch(/^The return date \(2026-12-08\) is before the departure \(2026-12-10\) — did you mean 8–10 Dec 2026\?/);
    const past = await understandTurn(env.context(), { text: 'leaving 20 November 2026 for 4 nights', request: before, referenceDate: REFERENCE_DATE, userId });
    expect(past.request).toEqual(before);
    expect(past.notes[0]).toMatch(/^The departure date \(2026-11-20\) is in the past; today is 2026-12-01 — did you mean 20–24 Nov 2027\?/);
  });

  it('applyChangeSet refuses dates that break the rule together, applies the rest and reports them', () => {
    const { request, changed, problems } = applyChangeSet(lisbonRequest(), 'balanced', { intent: 'change', returnDate: '2026-12-05', adults: 4 }, { today: REFERENCE_DATE, currency: 'EUR' });
    expect(request).toEqual(lisbonRequest({ adults: 4 }));
    expect(changed).toEqual(['adults']);
    expect(problems).toEqual([{ field: 'returnDate', reason: 'the return date (2026-12-05) is before the departure (2026-12-10)', suggestion: { departDate: '2026-12-05', returnDate: '2026-12-10' } }]);
  });

  it('applyChangeSet keeps the trip length when only a later departure is given', () => {
    const { request, changed } = applyChangeSet(lisbonRequest(), 'balanced', { intent: 'change', departDate: '2026-12-20' }, { today: REFERENCE_DATE, currency: 'EUR' });
    expect(changed).toEqual(['departDate', 'returnDate']);
    expect(request.departDate).toBe('2026-12-20');
    expect(request.returnDate).toBe('2026-12-24');
  });
});
