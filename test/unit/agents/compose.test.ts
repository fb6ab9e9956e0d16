import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composePlan, findFlights, findStays, researchDestination } from '../../../agents/index.js';
import { draftReply } from '../../../agents/compose.js';
import { isWetDay } from '../../../agents/knowledge.js';
import type { DestinationBrief, FlightOffer, FlightSegment, StayOffer } from '../../../domain/trip.js';
import { createAgentTestEnv, lisbonRequest, type AgentTestEnv } from '../../support/agents.js';

function segment(from: string, to: string, departAt: string, arriveAt: string, minutes: number): FlightSegment {
  return { carrier: { code: 'TP', name: 'TAP Air Portugal' }, flightNumber: `TP${minutes}`, origin: from, destination: to, departAt, arriveAt, durationMinutes: minutes };
}

function flight(id: string, amount: number, stops: number): FlightOffer {
  const outbound =
    stops === 0
      ? [segment('LHR', 'LIS', '2026-12-10T08:00', '2026-12-10T10:45', 165)]
      : [segment('LHR', 'MAD', '2026-12-10T07:00', '2026-12-10T10:20', 140), segment('MAD', 'LIS', '2026-12-10T11:30', '2026-12-10T11:50', 80)];
  const inbound = [segment('LIS', 'LHR', '2026-12-14T18:30', '2026-12-14T21:05', 155)];
  return {
    id,
    provider: 'test',
    outbound,
    inbound,
    cabinClass: 'economy',
    stops,
    totalDurationMinutes: outbound.reduce((sum, leg) => sum + leg.durationMinutes, 0) + 155,
    price: { amount, currency: 'EUR' },
    expiresAt: '2026-12-01T10:00:00Z',
  };
}

function stay(id: string, name: string, rating: number, total: number): StayOffer {
  return {
    id,
    provider: 'test',
    name,
    cityCode: 'LIS',
    latitude: 38.7223,
    longitude: -9.1393,
    rating,
    reviewScore: rating * 2,
    checkIn: '2026-12-10',
    checkOut: '2026-12-14',
    nights: 4,
    pricePerNight: { amount: total / 4, currency: 'EUR' },
    totalPrice: { amount: total, currency: 'EUR' },
    amenities: [],
    expiresAt: '2026-12-01T10:00:00Z',
  };
}

const brief = (weather: DestinationBrief['weather']): DestinationBrief => ({
  city: 'Lisbon',
  iata: 'LIS',
  countryCode: 'PT',
  latitude: 38.7223,
  longitude: -9.1393,
  timeZone: 'Europe/Lisbon',
  weather,
  highlights: [],
  source: 'test',
});

const day = (date: string, precipitationMm: number) => ({
  date,
  kind: 'forecast' as const,
  temperatureMaxC: 16,
  temperatureMinC: 9,
  precipitationMm,
  weatherCode: precipitationMm > 0 ? 63 : 1,
  summary: precipitationMm > 0 ? 'Moderate rain' : 'Mainly clear',
});

describe('composePlan (offline)', () => {
  let env: AgentTestEnv;

  beforeAll(async () => {
    env = await createAgentTestEnv();
  });
  afterAll(() => env.close());

  it('picks the combination that fits the budget and explains the trade-offs', async () => {
    // Lisbon (cost level 3), balanced pace, 2 adults, 4 nights: €800 of daily spend on top of flight + stay.
    const flights = [flight('nonstop', 700, 0), flight('one-stop', 520, 1)];
    const stays = [stay('four', 'Palácio Tejo', 4, 900), stay('three', 'Casa Alfama', 3, 600)];
    const { plan, reply } = await composePlan(env.context(), {
      request: lisbonRequest({ budget: { amount: 2000, currency: 'EUR' } }),
      pace: 'balanced',
      destination: brief([]),
      flights,
      stays,
      failures: [],
      memories: [],
      text: 'Plan it',
    });

    expect(plan.selectedFlightId).toBe('one-stop');
    expect(plan.selectedStayId).toBe('three');
    expect(plan.budget).toMatchObject({ withinBudget: true, total: { amount: 1920, currency: 'EUR' }, budget: { amount: 2000, currency: 'EUR' } });
    expect(plan.budget?.lines.map((line) => line.category)).toEqual(['flights', 'stay', 'activities', 'food', 'local_transport']);
    const tradeoffs = plan.budget?.tradeoffs.join('\n') ?? '';
    expect(tradeoffs).toContain('The 1 stop flight saves €180 compared with the cheapest nonstop');
    expect(tradeoffs).toContain('A 3-star stay (Casa Alfama) keeps you under budget; the 4-star Palácio Tejo would add €300 and go over.');
    expect(tradeoffs).toContain('leaves €80 of your €2,000 budget');
    expect(reply).toContain('Casa Alfama');
    expect(reply).toContain('saves €180');
    expect(reply).toContain('within your €2,000 budget');
  });

  it('without a budget picks the best-ranked pair (nonstop, better stay)', async () => {
    const { plan } = await composePlan(env.context(), {
      request: lisbonRequest({ budget: null }),
      // The offers here are in EUR; without a budget a New York trip would be priced in USD.
      currency: 'EUR',
      pace: 'relaxed',
      destination: brief([]),
      flights: [flight('nonstop', 560, 0), flight('one-stop', 520, 1)],
      stays: [stay('four', 'Palácio Tejo', 4, 700), stay('three', 'Casa Alfama', 3, 600)],
      failures: [],
      memories: [],
      text: '',
    });
    expect(plan.selectedFlightId).toBe('nonstop');
    expect(plan.budget?.withinBudget).toBeNull();
    expect(plan.budget?.tradeoffs.join(' ')).toContain('A 1 stop flight would save €40');
  });

  it('plans nights + 1 days around the flights, with the weather, indoors on rainy days', async () => {
    const weather = [day('2026-12-10', 0), day('2026-12-11', 0), day('2026-12-12', 9), day('2026-12-13', 0), day('2026-12-14', 0)];
    const { plan, reply } = await composePlan(env.context(), {
      request: lisbonRequest(),
      pace: 'balanced',
      destination: brief(weather),
      flights: [flight('nonstop', 560, 0)],
      stays: [stay('three', 'Casa Alfama', 3, 600)],
      failures: [],
      memories: [],
      text: '',
    });
    expect(plan.itinerary.map((entry) => entry.date)).toEqual(['2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13', '2026-12-14']);
    expect(plan.itinerary.map((entry) => entry.day)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.itinerary.every((entry, index) => entry.weather?.date === weather[index]?.date)).toBe(true);

    const [first, , rainy, , last] = plan.itinerary;
    expect(first?.entries[0]).toMatchObject({ kind: 'flight', time: '08:00' });
    expect(first?.entries.find((entry) => entry.kind === 'stay')?.title).toBe('Check in at Casa Alfama');
    expect(last?.entries.at(-1)).toMatchObject({ kind: 'flight', time: '18:30' });
    expect(isWetDay(rainy?.weather)).toBe(true);
    expect(rainy?.title).toMatch(/^Rainy day/);
    expect(rainy?.entries[0]).toMatchObject({ kind: 'note', title: 'Rain expected' });
    const rainyActivities = rainy?.entries.filter((entry) => entry.kind === 'activity') ?? [];
    expect(rainyActivities.length).toBe(3);
    expect(rainyActivities.every((entry) => /indoors/i.test(entry.description ?? ''))).toBe(true);
    // Interests drive the activities.
    const titles = plan.itinerary.flatMap((entry) => entry.entries.map((item) => item.title)).join(' | ');
    expect(titles).toMatch(/museum/i);
    expect(titles).toMatch(/market|cooking|street-food/i);
    expect(reply).toContain('rain is forecast on Sat 12 Dec');
    expect(reply).toContain('The itinerary covers 5 days, from landing at 10:45 on day 1 to the 18:30 flight home on day 5.');
  });

  it('returns a partial plan when the flight search failed, and says so', async () => {
    const request = lisbonRequest();
    const destination = await researchDestination(env.context(), { request });
    const stays = await findStays(env.context(), { request, destination });
    const { plan, reply } = await composePlan(env.context(), {
      request,
      pace: 'balanced',
      destination,
      flights: null,
      stays,
      failures: [{ step: 'flights', message: 'sandbox: upstream timed out' }],
      memories: [{ id: 'm1', kind: 'preference', content: 'Prefers aisle seats', similarity: 0.61 }],
      text: 'Plan Lisbon',
    });
    expect(plan.flightOptions).toEqual([]);
    expect(plan.selectedFlightId).toBeNull();
    expect(plan.selectedStayId).toBe(stays[0]?.id);
    expect(plan.failures).toEqual([{ step: 'flights', message: 'sandbox: upstream timed out' }]);
    expect(plan.budget?.lines.map((line) => line.category)).not.toContain('flights');
    expect(plan.budget?.tradeoffs).toContain('Flights are not included in the total.');
    expect(plan.itinerary).toHaveLength(5);
    // A recalled memory that did not change the plan is neither listed nor echoed.
    expect(plan.memoriesUsed).toEqual([]);
    expect(reply).toContain("What didn't work:");
    expect(reply).toContain('The flight search failed (sandbox: upstream timed out)');
    expect(reply).not.toContain('remember');
    expect(reply).not.toContain('aisle');
  });

  it('composes from the real sandbox results end to end', async () => {
    const request = lisbonRequest();
    const context = env.context();
    const [destination, flights] = await Promise.all([researchDestination(context, { request }), findFlights(context, { request })]);
    const stays = await findStays(context, { request, destination });
    const { plan, reply } = await composePlan(context, { request, pace: 'packed', destination, flights, stays, failures: [], memories: [], text: '' });
    expect(plan.selectedFlightId).toEqual(expect.any(String));
    expect(plan.selectedStayId).toEqual(expect.any(String));
    expect(plan.itinerary).toHaveLength(5);
    expect(plan.budget?.total.currency).toBe('EUR');
    expect(reply).toMatch(/I found \d+ flight options?, \d+ places? to stay and a destination brief/);
  });
});

describe('draftReply notes', () => {
  it('puts what could not be applied first, before the plan', () => {
    const plan = { flightOptions: [], stayOptions: [], selectedFlightId: null, selectedStayId: null, destination: null, itinerary: [], budget: null, failures: [], memoriesUsed: [] };
    const note = 'The return date (2027-04-03) is before the departure (2027-04-12) — did you mean 3–12 Apr 2027?';
    const reply = draftReply({ request: lisbonRequest(), pace: 'balanced', plan, budget: null, notes: [note] });
    expect(reply.split('\n\n')[0]).toBe(note);
    expect(reply).toContain('Trip to Lisbon');
  });
});
