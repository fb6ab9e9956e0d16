// Memory from facts, not from mistakes (real PostgreSQL + pgvector, offline planner and embeddings): what the
// traveler stated is remembered, a correction overwrites the wrong fact, nothing is derived from a plan,
// trips read as planned until they are over, other trips' facts stay out of recall, replies do not echo
// memories — and weather for every day, in the traveler's unit.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { composePlan, rememberTurn, researchDestination, understandTurn } from '../../agents/index.js';
import { dateRange } from '../../domain/dates.js';
import { emptyTripRequest, type MemoryRef, type TripRequest } from '../../domain/trip.js';
import { createAgentTestEnv, lisbonRequest, REFERENCE_DATE, type AgentTestEnv } from '../support/agents.js';

describe('remembering from facts', () => {
  let env: AgentTestEnv;

  beforeAll(async () => {
    env = await createAgentTestEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  /** One turn as the workflow runs it: understand (merge + recall), then remember what was said. */
  async function turn(userId: string, tripId: string, text: string, request: TripRequest, referenceDate = REFERENCE_DATE) {
    const understood = await understandTurn(env.context(), { text, request, referenceDate, userId, tripId });
    await rememberTurn(env.context(), { userId, tripId, text, request: understood.request });
    return understood;
  }
  const contents = async (userId: string, today = REFERENCE_DATE) => (await env.memory.list(userId, today)).map((memory) => `${memory.kind}: ${memory.content}`).sort();

  it('a correction in the next turn overwrites the wrong facts instead of adding to them', async () => {
    const userId = await env.createUser();
    const tripId = randomUUID();
    const first = await turn(userId, tripId, 'Plan Lisbon from London 10-14 December for 2 adults, budget 2500 EUR', emptyTripRequest);
    await turn(userId, tripId, 'Actually we are 3 adults flying from Manchester, budget 3000 EUR', first.request);

    expect(await contents(userId)).toEqual(
      [
        'fact: Budget for the trip to Lisbon: €3,000 in total',
        'fact: Party for the trip to Lisbon: 3 adults',
        'fact: Usually departs from Manchester (MAN)',
        'planned_trip: Trip to Lisbon (LIS), 10–14 Dec 2026, 3 travelers from Manchester',
      ].sort(),
    );
  });

  it('never stores per-night "habits" or anything the message did not state', async () => {
    const userId = await env.createUser();
    const tripId = randomUUID();
    // A half-understood turn: one night, a budget for the whole party.
    await rememberTurn(env.context(), {
      userId,
      tripId,
      text: 'Lisbon 10 to 11 December, budget $2500',
      request: lisbonRequest({ origin: null, departDate: '2026-12-10', returnDate: '2026-12-11', budget: { amount: 2500, currency: 'USD' }, interests: [] }),
    });
    const stored = await contents(userId);
    expect(stored).toContain('fact: Budget for the trip to Lisbon: $2,500 in total');
    expect(stored.join('\n')).not.toMatch(/habit|per night|per person|nights\)/i);

    // The next message says nothing about budget, party, origin or interests: the request still carries
    // them (from earlier turns), but nothing new is remembered from it.
    const other = await env.createUser();
    await rememberTurn(env.context(), { userId: other, tripId: randomUUID(), text: 'Sounds good, thanks!', request: lisbonRequest() });
    expect((await contents(other)).filter((memory) => !memory.includes('Trip to Lisbon'))).toEqual([]);
  });

  it('reads a trip as planned until its return date has passed, then as a past trip', async () => {
    const userId = await env.createUser();
    await rememberTurn(env.context(), { userId, tripId: randomUUID(), text: 'Lisbon from London 10-14 December', request: lisbonRequest() });
    const kindOn = async (today: string) => (await env.memory.list(userId, today)).find((memory) => memory.content.startsWith('Trip to Lisbon'))?.kind;
    expect(await kindOn('2026-12-01')).toBe('planned_trip');
    expect(await kindOn('2026-12-14')).toBe('planned_trip');
    expect(await kindOn('2026-12-15')).toBe('past_trip');
  });

  it('recalls only the traveler’s preferences and past trips for another trip, never its party, budget or plans', async () => {
    const userId = await env.createUser();
    const lisbonTrip = randomUUID();
    await turn(userId, lisbonTrip, 'Lisbon from London 10-14 December for 3 adults, budget 3000 EUR, we love food', emptyTripRequest);

    const query = 'Plan a trip to Rome for the 3 adults with a budget, we love food';
    const recallFor = async (tripId: string, referenceDate: string) =>
      (await understandTurn(env.context(), { text: query, request: emptyTripRequest, referenceDate, userId, tripId })).memories.map((memory) => `${memory.kind}: ${memory.content}`);

    // While the Lisbon trip is still ahead: its facts belong to it alone.
    const duringPlanning = await recallFor(randomUUID(), REFERENCE_DATE);
    expect(duringPlanning).toContain('preference: Enjoys food when traveling');
    expect(duringPlanning.join('\n')).not.toMatch(/Lisbon|Party|Budget/);
    // The Lisbon trip itself still recalls them.
    expect((await recallFor(lisbonTrip, REFERENCE_DATE)).join('\n')).toMatch(/Party for the trip to Lisbon: 3 adults|Budget for the trip to Lisbon/);

    // Once it is over, it is a past trip other trips may learn from — still without its party or budget.
    const afterwards = await recallFor(randomUUID(), '2027-01-10');
    expect(afterwards.join('\n')).not.toMatch(/Party|Budget/);
    const trip = (await env.memory.recall(userId, 'trip to Lisbon', 5, undefined, { tripId: randomUUID(), today: '2027-01-10' })).find((memory) => memory.content.startsWith('Trip to Lisbon'));
    expect(trip?.kind).toBe('past_trip');
  });
});

describe('replies name a memory only when it changed the plan; weather for every day, in the traveler’s unit', () => {
  let env: AgentTestEnv;

  beforeAll(async () => {
    env = await createAgentTestEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const temples: MemoryRef = { id: 'm1', kind: 'preference', content: 'Enjoys temples when traveling', similarity: 0.5 };
  const aisle: MemoryRef = { id: 'm2', kind: 'preference', content: 'Prefers aisle seats', similarity: 0.7 };

  it('uses remembered interests when the request has none, and says so once — no memory paragraph', async () => {
    const request = lisbonRequest({ interests: [] });
    const destination = await researchDestination(env.context(), { request });
    const { plan, reply } = await composePlan(env.context(), { request, pace: 'balanced', destination, flights: [], stays: [], failures: [], memories: [aisle, temples], text: 'Plan Lisbon' });
    expect(plan.memoriesUsed).toEqual([temples]);
    expect(reply).toContain('Using your interest in temples from earlier trips.');
    expect(reply).not.toContain('aisle');
    expect(reply).not.toContain('From what I remember');

    // With interests of its own, the request is planned from them and no memory is named.
    const own = await composePlan(env.context(), { request: lisbonRequest(), pace: 'balanced', destination, flights: [], stays: [], failures: [], memories: [aisle, temples], text: 'Plan Lisbon' });
    expect(own.plan.memoriesUsed).toEqual([]);
    expect(own.reply).not.toMatch(/temples|aisle|remember/);
  });

  it('a trip 5 months out has typical weather on every day, in °F for a Chicago origin and °C for London', async () => {
    // The sandbox clock is 1 December 2026: early May 2027 is far beyond the forecast horizon.
    const fromChicago = lisbonRequest({ origin: { city: 'Chicago', iata: 'CHI' }, departDate: '2027-05-03', returnDate: '2027-05-08' });
    const destination = await researchDestination(env.context(), { request: fromChicago });
    expect(destination.weather.map((day) => day.date)).toEqual(dateRange('2027-05-03', '2027-05-08'));
    expect(destination.weather.every((day) => day.kind === 'typical')).toBe(true);
    expect(destination.highlights.join('\n')).toMatch(/Typical weather: \d+–\d+ °F/);

    const chicago = await composePlan(env.context(), { request: fromChicago, pace: 'balanced', destination, flights: [], stays: [], failures: [], memories: [], text: '' });
    expect(chicago.plan.temperatureUnit).toBe('F');
    expect(chicago.plan.itinerary.map((day) => day.weather?.kind)).toEqual(Array(6).fill('typical'));
    expect(chicago.reply).toMatch(/Weather: typical for early May: \d+–\d+ °F/);
    expect(chicago.reply).not.toMatch(/no forecast|°C/);

    const fromLondon = { ...fromChicago, origin: { city: 'London', iata: 'LON' } };
    const london = await composePlan(env.context(), { request: fromLondon, pace: 'balanced', destination, flights: [], stays: [], failures: [], memories: [], text: '' });
    expect(london.plan.temperatureUnit).toBe('C');
    expect(london.reply).toMatch(/Weather: typical for early May: \d+–\d+ °C/);
    // The same days: °F = °C × 9/5 + 32.
    const celsius = /(\d+)–(\d+) °C/.exec(london.reply)!;
    const fahrenheit = /(\d+)–(\d+) °F/.exec(chicago.reply)!;
    expect(Math.abs(Number(fahrenheit[1]) - (Number(celsius[1]) * 9) / 5 - 32)).toBeLessThanOrEqual(1);
  });

  it('within the horizon the weather is the forecast, as before', async () => {
    const request = lisbonRequest();
    const destination = await researchDestination(env.context(), { request });
    expect(destination.weather.map((day) => day.kind)).toEqual(Array(5).fill('forecast'));
    const { reply } = await composePlan(env.context(), { request, pace: 'balanced', destination, flights: [], stays: [], failures: [], memories: [], text: '' });
    expect(reply).toMatch(/Weather: \d+–\d+ °C/);
    expect(reply).not.toContain('typical');
  });
});
