// The trip's currency end to end, through the real workflow, worker, activities, PostgreSQL and Redis:
// offers, budget lines, itinerary costs and the reply are all in the trip's currency
// (budget → profile → origin's country → EUR), and converted offers keep the provider's own amount.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendTripMessage, type TripRef } from '../api/tripWorkflows.js';
import type { SendMessageResult, TripPlan } from '../domain/trip.js';
import { savePreferredCurrency } from '../infra/profile.js';
import { connectTestServices, type TestServices } from './support/services.js';

/** Every amount a plan shows, with where it is. */
function amountsOf(plan: TripPlan): { where: string; currency: string }[] {
  return [
    ...plan.flightOptions.map((offer) => ({ where: `flight ${offer.id}`, currency: offer.price.currency })),
    ...plan.stayOptions.flatMap((offer) => [
      { where: `stay ${offer.id} total`, currency: offer.totalPrice.currency },
      { where: `stay ${offer.id} per night`, currency: offer.pricePerNight.currency },
    ]),
    ...(plan.budget?.lines ?? []).map((line) => ({ where: `budget ${line.category}`, currency: line.amount.currency })),
    ...(plan.budget ? [{ where: 'budget total', currency: plan.budget.total.currency }] : []),
    ...plan.itinerary.flatMap((day) => day.entries.filter((entry) => entry.cost).map((entry) => ({ where: `day ${day.day} ${entry.title}`, currency: entry.cost!.currency }))),
  ];
}

function expectAllIn(result: SendMessageResult, currency: string): TripPlan {
  const plan = result.plan!;
  expect(plan.failures).toEqual([]);
  expect(plan.flightOptions.length).toBeGreaterThan(0);
  expect(plan.stayOptions.length).toBeGreaterThan(0);
  expect(plan.itinerary.some((day) => day.entries.some((entry) => entry.cost))).toBe(true);
  expect(amountsOf(plan).filter((amount) => amount.currency !== currency)).toEqual([]);
  return plan;
}

describe('trip currency through the real stack', () => {
  let services: TestServices;
  const users: string[] = [];

  const newTrip = async (preferredCurrency: string | null = null): Promise<TripRef> => {
    const user = await services.prisma.user.create({ data: { email: `currency-${randomUUID()}@example.test`, displayName: 'Currency Test' } });
    users.push(user.id);
    if (preferredCurrency) await savePreferredCurrency(services.prisma, user.id, preferredCurrency);
    return { tripId: randomUUID(), userId: user.id, taskQueue: services.config.TEMPORAL_TASK_QUEUE };
  };

  beforeAll(async () => {
    services = await connectTestServices();
  });

  afterAll(async () => {
    await services.prisma.user.deleteMany({ where: { id: { in: users } } });
    await services.close();
  });

  it('Chicago → Tokyo with a USD budget: every offer, budget line, itinerary cost and the reply in USD', async () => {
    const result = await sendTripMessage(services.temporal, await newTrip(), {
      text: 'Plan 6 days in Tokyo from Chicago departing May 10 2027 for 2 adults, budget $9000',
      clientMessageId: 'm1',
    });
    expect(result.state.request.budget).toEqual({ amount: 9000, currency: 'USD' });
    const plan = expectAllIn(result, 'USD');
    // The sandbox quotes in the origin's country's currency: nothing needed converting.
    expect([...plan.flightOptions, ...plan.stayOptions].filter((offer) => offer.originalPrice)).toEqual([]);
    expect(result.reply).toMatch(/Estimated \$[\d,]+ total for 2 travelers/);
    expect(result.reply).not.toContain('€');
  });

  it('Chicago → Tokyo with a EUR budget: USD quotes converted to EUR, keeping the provider amount and the rate date', async () => {
    const result = await sendTripMessage(services.temporal, await newTrip(), {
      text: 'Plan 6 days in Tokyo from Chicago departing May 10 2027 for 2 adults, budget €8000',
      clientMessageId: 'm1',
    });
    const plan = expectAllIn(result, 'EUR');
    for (const offer of plan.flightOptions) {
      expect(offer.originalPrice?.currency).toBe('USD');
      expect(offer.fxRateDate).toBe('2024-04-19');
      // Snapshot rate: EUR 1 = USD 1.0653.
      expect(offer.price.amount).toBeCloseTo(offer.originalPrice!.amount / 1.0653, 1);
    }
    for (const offer of plan.stayOptions) expect(offer.originalPrice?.currency).toBe('USD');
    expect(result.reply).toMatch(/Estimated €[\d,]+ total for 2 travelers/);
    expect(plan.budget?.tradeoffs.join(' ')).toContain('Prices quoted in USD were converted to EUR at the ECB reference rate of 2024-04-19');
  });

  it('Chicago → New York with no budget: USD (the origin country)', async () => {
    const result = await sendTripMessage(services.temporal, await newTrip(), {
      text: 'Plan 4 days in New York from Chicago departing June 8 2027 for 1 adult',
      clientMessageId: 'm1',
    });
    expect(result.state.request.budget).toBeNull();
    expectAllIn(result, 'USD');
    expect(result.reply).toMatch(/total for 1 traveler\b/);
  });

  it("Chicago → New York with no budget for a traveler who prefers CHF: the profile's currency", async () => {
    const result = await sendTripMessage(services.temporal, await newTrip('CHF'), {
      text: 'Plan 4 days in New York from Chicago departing June 8 2027 for 1 adult',
      clientMessageId: 'm1',
    });
    const plan = expectAllIn(result, 'CHF');
    expect(plan.flightOptions.every((offer) => offer.originalPrice?.currency === 'USD')).toBe(true);
  });

  it('London → Lisbon with a GBP budget: GBP', async () => {
    const result = await sendTripMessage(services.temporal, await newTrip(), {
      text: 'Plan 5 days in Lisbon from London departing April 12 2027 for 2 adults, budget £3000',
      clientMessageId: 'm1',
    });
    expect(result.state.request.budget).toEqual({ amount: 3000, currency: 'GBP' });
    expectAllIn(result, 'GBP');
    expect(result.reply).toMatch(/Estimated £[\d,]+ total for 2 travelers/);
  });
});
