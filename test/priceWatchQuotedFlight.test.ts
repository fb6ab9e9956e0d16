// Which flight a watch quotes, over simulated days on the time-skipping server with the real activities,
// database and sandbox (whose prices drift with the workflow's clock): an exact watch quotes only its
// flight, even when another is cheaper, and its first check does not alert above the target; an `any`
// watch limited to nonstops never quotes a connection, even a cheaper one.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startPriceWatch } from '../api/priceWatchWorkflows.js';
import { addDays } from '../domain/dates.js';
import { loadPlaces, type PlaceIndex } from '../domain/places.js';
import { flightIdentityOf, isSameFlight, type FlightWatchTarget, type QuotedFlight, type WatchMatch } from '../domain/priceWatch.js';
import type { FlightOffer } from '../domain/trip.js';
import { loadConfig } from '../infra/config.js';
import { resolveSecrets } from '../infra/secrets.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import type { priceWatchWorkflow } from '../workflows/priceWatch.js';
import { startTimeSkippingStack, type TimeSkippingStack } from './support/timeSkipping.js';

const DAY = 24 * 3_600_000;
const CADENCE_MINUTES = 360;
const itinerary = (offer: { outbound: { flightNumber: string }[]; inbound: { flightNumber: string }[] }) =>
  `${offer.outbound.map((segment) => segment.flightNumber).join('/')} + ${offer.inbound.map((segment) => segment.flightNumber).join('/')}`;

describe('the flight a price watch quotes', () => {
  let stack: TimeSkippingStack;
  let places: PlaceIndex;
  let userId: string;

  beforeAll(async () => {
    stack = await startTimeSkippingStack();
    places = await loadPlaces();
    userId = (await stack.services.prisma.user.create({ data: { email: `quoted-${randomUUID()}@example.test`, displayName: 'Quoted flight' } })).id;
  }, 120_000);

  afterAll(async () => {
    await stack.services.prisma.user.delete({ where: { id: userId } });
    await stack.close();
  });

  const deps = () => ({ client: stack.client, prisma: stack.services.prisma, keys: resolveSecrets(loadConfig(process.env)) });
  const search = (target: FlightWatchTarget, at: Date) => new SandboxFlightProvider({ places, now: () => at }).searchFlights({ ...target });
  const points = (watchId: string) => stack.services.prisma.pricePoint.findMany({ where: { watchId }, orderBy: { id: 'asc' } });
  const offerOf = (details: unknown) => (details as { offer: { flight: FlightOffer } }).offer.flight;

  function flightTarget(now: Date, origin: string, destination: string): FlightWatchTarget {
    const departDate = addDays(now.toISOString().slice(0, 10), 30);
    return { kind: 'flight', origin, destination, departDate, returnDate: addDays(departDate, 7), cabinClass: 'economy', adults: 1, children: 0 };
  }

  /** Runs a watch for `days` simulated days (it ends by expiresAt) and returns its final state. */
  async function runWatch(target: FlightWatchTarget, match: WatchMatch, targetPrice: number, days: number) {
    const now = await stack.now();
    const trip = await stack.services.prisma.trip.create({ data: { ownerId: userId, title: 'Quoted flight' } });
    const watchId = randomUUID();
    const { handle } = await startPriceWatch(deps(), {
      taskQueue: stack.taskQueue,
      watchId,
      userId,
      tripId: trip.id,
      target,
      match,
      targetPrice,
      // A New York traveler's watch: quotes from JFK come in USD, so points compare with offers unconverted.
      currency: 'USD',
      cadenceMinutes: CADENCE_MINUTES,
      expiresAt: new Date(now.getTime() + days * DAY).toISOString(),
    });
    const final = await stack.env.client.workflow.getHandle<typeof priceWatchWorkflow>(handle.workflowId).result();
    expect(final.status).toBe('expired');
    return { watchId, final, stored: await points(watchId), tripId: trip.id };
  }

  it('an exact watch quotes only its flight, a cheaper one notwithstanding; its first check above the target does not alert', async () => {
    const now = await stack.now();
    const target = flightTarget(now, 'JFK', 'LIS');
    const offers = await search(target, now);
    // A flight that is not the cheapest on the route, and whose price later falls below its first one.
    const grid = Array.from({ length: 20 }, (_, index) => new Date(now.getTime() + index * CADENCE_MINUTES * 60_000));
    let picked: { offer: FlightOffer; targetPrice: number } | null = null;
    for (const offer of offers.slice(1)) {
      const series = await Promise.all(grid.map(async (at) => (await search(target, at)).find((candidate) => isSameFlight(candidate, flightIdentityOf(offer)))?.price.amount ?? Infinity));
      const lower = series.slice(1).filter((price) => price < (series[0] as number) * 0.99).sort((a, b) => a - b);
      if (lower.length >= 2) {
        picked = { offer, targetPrice: lower[Math.floor(lower.length / 2)] as number };
        break;
      }
    }
    expect(picked).not.toBeNull();
    const { offer, targetPrice } = picked as NonNullable<typeof picked>;
    expect(offers[0]?.price.amount).toBeLessThan(offer.price.amount); // the old watch quoted that cheaper flight, and alerted at once

    const { final, stored, tripId } = await runWatch(target, { mode: 'exact', flight: flightIdentityOf(offer) }, targetPrice, 5);
    expect(stored.length).toBe(final.checks);
    expect(stored.length).toBeGreaterThanOrEqual(18);
    for (const point of stored) {
      expect(point.price).not.toBeNull();
      expect(itinerary(point.flight as unknown as QuotedFlight)).toBe(itinerary(offer));
      expect(itinerary(offerOf(point.details))).toBe(itinerary(offer));
    }
    // The first check is the baseline: above the target, no alert.
    const prices = stored.map((point) => Number(point.price));
    expect(prices[0]).toBeGreaterThan(targetPrice);
    const alerts = await stack.services.prisma.tripEvent.findMany({ where: { tripId, type: 'price.alert' }, orderBy: { seq: 'asc' } });
    expect(alerts.length).toBe(final.alerts);
    expect(final.alerts).toBeGreaterThan(0);
    for (const event of alerts) {
      const payload = event.payload as unknown as { observedAt: string; price: { amount: number }; flight: QuotedFlight };
      expect(payload.observedAt).not.toBe(stored[0]?.observedAt.toISOString());
      expect(payload.price.amount).toBeLessThanOrEqual(targetPrice);
      expect(itinerary(payload.flight)).toBe(itinerary(offer));
    }
    expect(final.lastAlert?.offerId).toBe(final.lastAlert?.flight?.offerId);
  }, 180_000);

  it('an exact watch whose flight is not on the route records "not offered" points and never alerts', async () => {
    const now = await stack.now();
    const target = flightTarget(now, 'JFK', 'LIS');
    const [offer] = await search(target, now);
    const identity = flightIdentityOf(offer as FlightOffer);
    // The same flight numbers two hours later: beyond the schedule-change tolerance, so not this flight.
    const moved = { ...identity, outbound: identity.outbound.map((segment) => ({ ...segment, departAt: new Date(Date.parse(`${segment.departAt}Z`) + 2 * 3_600_000).toISOString().slice(0, 16) })) };
    const { final, stored } = await runWatch(target, { mode: 'exact', flight: moved }, 1_000_000, 2);
    expect(final.alerts).toBe(0);
    expect(final.notOfferedChecks).toBe(final.checks);
    expect(final.lastPrice).toBeNull();
    expect(stored.length).toBe(final.checks);
    expect(stored.every((point) => point.price === null && point.flight === null)).toBe(true);
  }, 120_000);

  it('an any-flight watch limited to nonstops never quotes a connection, even a cheaper one', async () => {
    const now = await stack.now();
    // The sandbox's schedule and fares depend on the dates, so pick a route and departure on which a connection
    // undercuts every nonstop at each check of the watch's three days: the case the limit exists for.
    const checkTimes = Array.from({ length: 12 }, (_, index) => new Date(now.getTime() + index * CADENCE_MINUTES * 60_000));
    const undercutAtEveryCheck = async (candidate: FlightWatchTarget) => {
      for (const at of checkTimes) {
        const offered = await search(candidate, at);
        const nonstops = offered.filter((offer) => offer.stops === 0).map((offer) => offer.price.amount);
        const connections = offered.filter((offer) => offer.stops > 0).map((offer) => offer.price.amount);
        if (nonstops.length === 0 || connections.length === 0 || Math.min(...connections) >= Math.min(...nonstops) * 0.97) return false;
      }
      return true;
    };
    let target: FlightWatchTarget | null = null;
    for (const destination of ['LIS', 'BCN', 'FCO', 'MAD', 'CDG', 'ATH', 'DUB', 'AMS']) {
      for (let shift = 0; shift < 10 && !target; shift += 1) {
        const base = flightTarget(now, 'JFK', destination);
        const candidate = { ...base, departDate: addDays(base.departDate, shift), returnDate: addDays(base.departDate, shift + 7) };
        if (await undercutAtEveryCheck(candidate)) target = candidate;
      }
      if (target) break;
    }
    expect(target).not.toBeNull();
    const { final, stored } = await runWatch(target as FlightWatchTarget, { mode: 'any', criteria: { maxStops: 0 } }, 1, 3);
    expect(final.failedChecks).toBe(0);
    expect(stored.length).toBeGreaterThanOrEqual(10);
    let cheaperConnections = 0;
    for (const point of stored) {
      const quoted = offerOf(point.details);
      expect(quoted.stops).toBe(0);
      const offered = await search(target as FlightWatchTarget, point.observedAt);
      // It is the cheapest nonstop of that check.
      expect(Number(point.price)).toBe(Math.min(...offered.filter((candidate) => candidate.stops === 0).map((candidate) => candidate.price.amount)));
      if (offered.some((candidate) => candidate.stops > 0 && candidate.price.amount < Number(point.price))) cheaperConnections += 1;
    }
    expect(cheaperConnections).toBeGreaterThan(0);
  }, 120_000);
});
