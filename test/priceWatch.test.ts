import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import { changePriceWatch, getPriceWatch, pausePriceWatch, resumePriceWatch, startPriceWatch, stopPriceWatch } from '../api/priceWatchWorkflows.js';
import { addDays } from '../domain/dates.js';
import { loadPlaces, type PlaceIndex } from '../domain/places.js';
import { loadConfig } from '../infra/config.js';
import { resolveSecrets } from '../infra/secrets.js';
import type { FlightWatchTarget, StayWatchTarget, WatchTarget } from '../domain/priceWatch.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { SandboxStayProvider } from '../providers/sandbox/stays.js';
import { workflowIds } from '../workflows/ids.js';
import type { priceWatchWorkflow } from '../workflows/priceWatch.js';
import { WatchStatusAttribute } from '../workflows/searchAttributes.js';
import { startTimeSkippingStack, type TimeSkippingStack } from './support/timeSkipping.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhookReceiver.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The dedup rule, independently: alert on a crossing at or below the threshold; again only after the
 * price went back above it, or on a new low `realert` % below the last alerted price. */
function expectedAlerts(prices: number[], threshold: number, realertPercent = 5): number[] {
  const alerts: number[] = [];
  let armed = true;
  let lastAlerted = Number.POSITIVE_INFINITY;
  for (const price of prices) {
    if (price > threshold) {
      armed = true;
    } else if (armed || price <= lastAlerted * (1 - realertPercent / 100)) {
      alerts.push(price);
      armed = false;
      lastAlerted = price;
    }
  }
  return alerts;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

/**
 * A threshold below `below` that the series crosses, with more prices under it than alerts (so dedup has
 * work to do): a middle quantile where one qualifies, else the highest price that does (a stay's prices
 * mostly rise towards check-in, so few lie 1 % under the first); null: none.
 */
function pickThreshold(series: number[], below = Number.POSITIVE_INFINITY): number | null {
  const qualifies = (threshold: number, extraCrossings: number) => {
    const alerts = expectedAlerts(series, threshold).length;
    return alerts >= 1 && series.filter((price) => price <= threshold).length >= alerts + extraCrossings;
  };
  for (let q = 0.3; q <= 0.6; q += 0.05) {
    const threshold = quantile(series, q);
    if (threshold >= below) break;
    if (qualifies(threshold, 3)) return threshold;
  }
  const lower = [...new Set(series)].filter((price) => price < below).sort((a, b) => b - a);
  return lower.find((threshold) => qualifies(threshold, 2)) ?? null;
}

describe('priceWatchWorkflow on the time-skipping server', () => {
  let stack: TimeSkippingStack;
  let places: PlaceIndex;
  let userId: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    stack = await startTimeSkippingStack();
    places = await loadPlaces();
    receiver = await startWebhookReceiver({ failFirst: 1 });
    userId = (await stack.services.prisma.user.create({ data: { email: `watch-${randomUUID()}@example.test`, displayName: 'Watch Test' } })).id;
  }, 120_000);

  afterAll(async () => {
    await stack.services.prisma.user.delete({ where: { id: userId } });
    await receiver.close();
    await stack.close();
  });

  const deps = () => ({ client: stack.client, prisma: stack.services.prisma, keys: resolveSecrets(loadConfig(process.env)) });
  const points = (watchId: string) => stack.services.prisma.pricePoint.findMany({ where: { watchId }, orderBy: { observedAt: 'asc' } });

  function flightTarget(now: Date, daysAhead: number): FlightWatchTarget {
    const departDate = addDays(now.toISOString().slice(0, 10), daysAhead);
    // From Lisbon: quoted in EUR, the currency of a watch that names none (no conversion in the series).
    return { kind: 'flight', origin: 'LIS', destination: 'JFK', departDate, returnDate: addDays(departDate, 7), cabinClass: 'economy', adults: 1, children: 0 };
  }

  function stayTarget(now: Date, daysAhead: number): StayWatchTarget {
    const checkIn = addDays(now.toISOString().slice(0, 10), daysAhead);
    const rome = places.city('ROM');
    return { kind: 'stay', cityCode: 'ROM', latitude: rome?.latitude ?? 41.9, longitude: rome?.longitude ?? 12.5, checkIn, checkOut: addDays(checkIn, 4), adults: 2, children: 0, rooms: 1 };
  }

  /** What the sandbox will quote on the cadence grid, to pick a threshold the price crosses. */
  async function sandboxSeries(target: WatchTarget, from: Date, until: number, everyMs: number): Promise<number[]> {
    const prices: number[] = [];
    for (let at = from.getTime(); at < until; at += everyMs) {
      const now = new Date(at);
      if (target.kind === 'flight') {
        const offers = await new SandboxFlightProvider({ places, now: () => now }).searchFlights({ ...target });
        prices.push(Math.min(...offers.map((offer) => offer.price.amount)));
      } else {
        const offers = await new SandboxStayProvider({ places, now: () => now }).searchStays({ ...target });
        prices.push(Math.min(...offers.map((offer) => offer.totalPrice.amount)));
      }
    }
    return prices;
  }

  it.each([
    { name: 'a flight with a target price', kind: 'flight' as const, cadenceMinutes: 360, days: 42 },
    { name: 'a stay with a percent drop', kind: 'stay' as const, cadenceMinutes: 480, days: 35 },
  ])('watches $name over simulated weeks: every check stored, alerts deduplicated and signed, ends at departure', async ({ kind, cadenceMinutes, days }) => {
    const now = await stack.now();
    // The sandbox's prices depend on the dates and the hour: look for a departure (from `days` ahead) whose
    // series crosses a threshold, which a percent drop measures from the first price, so below that one.
    let target: WatchTarget = kind === 'flight' ? flightTarget(now, days) : stayTarget(now, days);
    let departure = 0;
    let series: number[] = [];
    let picked: number | null = null;
    for (let shift = 0; shift < 15 && picked === null; shift += 1) {
      target = kind === 'flight' ? flightTarget(now, days + shift) : stayTarget(now, days + shift);
      departure = Date.parse(`${kind === 'flight' ? (target as FlightWatchTarget).departDate : (target as StayWatchTarget).checkIn}T00:00:00Z`);
      series = await sandboxSeries(target, now, departure, cadenceMinutes * 60_000);
      picked = pickThreshold(series, kind === 'stay' ? (series[0] as number) * 0.99 : undefined);
    }
    expect(picked).not.toBeNull();
    const chosen = picked as number;
    const criteria = kind === 'flight' ? { targetPrice: chosen } : { dropPercent: Math.max(0.1, Math.round((1 - chosen / (series[0] as number)) * 1000) / 10) };
    const trip = await stack.services.prisma.trip.create({ data: { ownerId: userId, title: 'Watch test' } });
    const watchId = randomUUID();
    const deliveriesBefore = receiver.deliveries.length;
    const { handle, webhookSecret } = await startPriceWatch(deps(), {
      taskQueue: stack.taskQueue,
      watchId,
      userId,
      tripId: trip.id,
      target,
      ...criteria,
      cadenceMinutes,
      webhookUrl: `${receiver.url}/hooks/price`,
      maxChecksPerRun: 25,
    });
    expect(webhookSecret).toMatch(/^whsec_/);
    // Stored sealed (AES-256-GCM, bound to the watch), never as the secret itself.
    const sealed = await stack.services.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId }, select: { webhookSecret: true } });
    expect(sealed.webhookSecret).toMatch(/^sealed:v1:\d+:/);
    expect(sealed.webhookSecret).not.toContain(webhookSecret as string);

    // The time-skipping client skips through every timer to departure, across continue-as-new.
    const final = await stack.env.client.workflow.getHandle<typeof priceWatchWorkflow>(handle.workflowId).result();
    expect(final.status).toBe('expired');
    expect(final.runs).toBeGreaterThan(1);
    expect(final.failedChecks).toBe(0);
    expect(await stack.now().then((time) => time.getTime())).toBeGreaterThanOrEqual(departure);

    // Every check is stored once, on the cadence (± jitter), the last one within a cadence of departure.
    const stored = await points(watchId);
    expect(stored).toHaveLength(final.checks);
    expect(final.checks).toBeGreaterThanOrEqual(Math.floor(((departure - now.getTime()) / (cadenceMinutes * 60_000)) * 0.95));
    const times = stored.map((point) => point.observedAt.getTime());
    expect(times.every((time) => time < departure)).toBe(true);
    expect(departure - (times.at(-1) as number)).toBeLessThanOrEqual(cadenceMinutes * 60_000 * 1.1);
    const gaps = times.slice(1).map((time, index) => time - (times[index] as number));
    const jitterSpan = Math.min(cadenceMinutes * 60_000 * 0.1, 5 * 60_000);
    expect(gaps.every((gap) => Math.abs(gap - cadenceMinutes * 60_000) <= 2 * jitterSpan + 1_000)).toBe(true);
    expect(new Set(gaps.map((gap) => Math.round(gap / 1000))).size).toBeGreaterThan(3); // jittered, not a fixed period
    for (const point of stored) expect((point.details as { latenessMs: number }).latenessMs).toBeGreaterThanOrEqual(0);

    // Alerts: exactly what the dedup rule gives for the stored prices; each once on the trip and once per webhook.
    const prices = stored.map((point) => Number(point.price));
    const threshold = kind === 'flight' ? (criteria.targetPrice as number) : Math.round((prices[0] as number) * (1 - (criteria.dropPercent as number) / 100) * 100) / 100;
    const expected = expectedAlerts(prices, threshold);
    expect(expected.length).toBeGreaterThan(0);
    expect(prices.filter((price) => price <= threshold).length).toBeGreaterThan(expected.length); // dedup mattered
    expect(final.alerts).toBe(expected.length);
    const alertEvents = await stack.services.prisma.tripEvent.findMany({ where: { tripId: trip.id, type: 'price.alert' }, orderBy: { seq: 'asc' } });
    expect(alertEvents.map((event) => (event.payload as { price: { amount: number } }).price.amount)).toEqual(expected);
    expect(alertEvents.every((event) => (event.payload as { threshold: number }).threshold === threshold)).toBe(true);

    const deliveries = receiver.deliveries.slice(deliveriesBefore);
    expect(deliveries.map((delivery) => (JSON.parse(delivery.body) as { price: { amount: number } }).price.amount)).toEqual(expected);
    expect(new Set(deliveries.map((delivery) => delivery.headers['webhook-id'])).size).toBe(expected.length);
    // Signed per Standard Webhooks: the reference verifier accepts each delivery with the watch's secret.
    const verifier = new Webhook(webhookSecret as string);
    for (const delivery of deliveries) expect(verifier.verify(delivery.body, delivery.headers as Record<string, string>)).toEqual(JSON.parse(delivery.body));
    expect(final.webhook.delivered).toBe(expected.length);

    const row = await stack.services.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } });
    expect(row.status).toBe('expired');
    expect(Number(row.lastPrice)).toBe(prices.at(-1));
    expect(Number(row.lastAlertPrice)).toBe(expected.at(-1));
    expect((await stack.env.client.workflow.getHandle(workflowIds.priceWatch(watchId)).describe()).typedSearchAttributes.get(WatchStatusAttribute)).toBe('expired');
  }, 180_000);

  it('pauses and resumes: no checks while paused, a prompt check on resume, a clean stop', async () => {
    const now = await stack.now();
    const watchId = randomUUID();
    const { handle } = await startPriceWatch(deps(), { taskQueue: stack.taskQueue, watchId, userId, target: flightTarget(now, 60), targetPrice: 1, cadenceMinutes: 360 });
    await stack.env.sleep(DAY);
    const active = await getPriceWatch(stack.client, watchId);
    expect(active.checks).toBeGreaterThanOrEqual(4);
    expect(active.checks).toBeLessThanOrEqual(6);

    const paused = await pausePriceWatch(stack.client, watchId);
    expect(paused.status).toBe('paused');
    expect((await handle.describe()).typedSearchAttributes.get(WatchStatusAttribute)).toBe('paused');
    await stack.env.sleep(3 * DAY);
    const afterPause = await points(watchId);
    expect(afterPause).toHaveLength(paused.checks);
    expect((await stack.services.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } })).status).toBe('paused');

    const resumedAt = await stack.now();
    await resumePriceWatch(stack.client, watchId);
    await stack.env.sleep(HOUR);
    const resumed = await points(watchId);
    expect(resumed).toHaveLength(paused.checks + 1);
    expect((resumed.at(-1) as { observedAt: Date }).observedAt.getTime() - resumedAt.getTime()).toBeLessThan(60_000); // at once
    await stack.env.sleep(DAY);
    expect((await getPriceWatch(stack.client, watchId)).checks).toBeGreaterThanOrEqual(paused.checks + 4);

    const stopped = await stopPriceWatch(stack.client, watchId);
    expect(stopped.status).toBe('stopped');
    expect((await handle.result()).status).toBe('stopped');
    expect((await stack.services.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } })).status).toBe('stopped');
    expect(stopped.alerts).toBe(0); // a target of 1 EUR is never met
  }, 120_000);

  it('ends by itself at departure even while paused', async () => {
    const now = await stack.now();
    const watchId = randomUUID();
    const target = flightTarget(now, 3);
    const { handle } = await startPriceWatch(deps(), { taskQueue: stack.taskQueue, watchId, userId, target, targetPrice: 1, cadenceMinutes: 720 });
    await stack.env.sleep(HOUR);
    await pausePriceWatch(stack.client, watchId);
    const final = await stack.env.client.workflow.getHandle<typeof priceWatchWorkflow>(handle.workflowId).result();
    expect(final.status).toBe('expired');
    expect(final.expiresAt).toBe(`${target.departDate}T00:00:00.000Z`);
    expect((await stack.now()).getTime()).toBeGreaterThanOrEqual(Date.parse(final.expiresAt));
  }, 60_000);

  it('changes target and cadence mid-flight; invalid changes never enter history', async () => {
    const now = await stack.now();
    const trip = await stack.services.prisma.trip.create({ data: { ownerId: userId, title: 'Change test' } });
    const watchId = randomUUID();
    const { handle } = await startPriceWatch(deps(), { taskQueue: stack.taskQueue, watchId, userId, tripId: trip.id, target: flightTarget(now, 60), targetPrice: 1, cadenceMinutes: 360 });
    await stack.env.sleep(DAY);
    const before = await getPriceWatch(stack.client, watchId);
    expect(before.alerts).toBe(0);

    for (const change of [{ targetPrice: -5 }, { cadence: 5 }, {}, { targetPrice: null }, { cadenceMinutes: 0.001 }, { dropPercent: 150 }]) {
      const failure = await handle.executeUpdate('changeWatch', { args: [change] }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((failure as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('ValidationError');
    }
    const resumeActive = await resumePriceWatch(stack.client, watchId).then(
      () => null,
      (error: unknown) => error,
    );
    expect(((resumeActive as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('WatchStateConflict');

    // A target just above the price now: the next check alerts, once.
    const last = before.lastPrice?.price.amount as number;
    const newTarget = Math.round(last * 1.3);
    const changed = await changePriceWatch(stack.client, watchId, { targetPrice: newTarget, cadenceMinutes: 60 });
    expect(changed).toMatchObject({ targetPrice: newTarget, cadenceMinutes: 60, armed: true });
    await stack.env.sleep(90 * 60_000);
    const after = await getPriceWatch(stack.client, watchId);
    expect(after.checks).toBeGreaterThan(before.checks);
    expect(after.alerts).toBe(1);
    expect(after.lastAlert).toMatchObject({ reason: 'threshold', threshold: newTarget });
    await stack.env.sleep(6 * HOUR); // still below the target: no second alert
    const later = await getPriceWatch(stack.client, watchId);
    expect(later.checks).toBeGreaterThanOrEqual(after.checks + 5); // hourly now
    expect(later.alerts).toBe(1);

    const alerts = await stack.services.prisma.tripEvent.findMany({ where: { tripId: trip.id, type: 'price.alert' } });
    expect(alerts).toHaveLength(1);
    const row = await stack.services.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } });
    expect(Number(row.targetPrice)).toBe(newTarget);
    expect(row.cadenceMinutes).toBe(60);
    await stopPriceWatch(stack.client, watchId);
    await handle.result();

    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(2); // the valid change and stop
  }, 120_000);
});
