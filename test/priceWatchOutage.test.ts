// A price check that falls into an outage runs when the outage ends, instead of being skipped: the check
// (a local activity) is retried with backoff until it succeeds or the next check is due. The flight
// provider of an in-process worker (shared dev server) goes down: for four calls — longer than the three
// attempts checks used to get — or, in the second test, for longer than the whole window until the next check.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getPriceWatch, startPriceWatch, stopPriceWatch } from '../api/priceWatchWorkflows.js';
import { addDays } from '../domain/dates.js';
import { loadPlaces } from '../domain/places.js';
import type { FlightWatchTarget } from '../domain/priceWatch.js';
import { resolveSecrets } from '../infra/secrets.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { ProviderError, type FlightProvider } from '../providers/types.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { workflowIds } from '../workflows/ids.js';
import { eventually } from './support/eventually.js';
import { createUser } from './support/identity.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

const OUTAGE_CALLS = 4;

const flightTarget = (): FlightWatchTarget => {
  const departDate = addDays(new Date().toISOString().slice(0, 10), 40);
  return { kind: 'flight', origin: 'LIS', destination: 'JFK', departDate, returnDate: addDays(departDate, 7), cabinClass: 'economy', adults: 1, children: 0 };
};

describe('a price check during a dependency outage', () => {
  let services: TestServices;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let userId: string;
  let calls = 0;
  /** Down for the calls up to this one, and whenever `down` is set. */
  let downUntilCall = OUTAGE_CALLS;
  let down = false;

  beforeAll(async () => {
    services = await connectTestServices();
    userId = (await createUser(services.prisma)).id;
    const sandbox = new SandboxFlightProvider({ places: await loadPlaces() });
    const flights: FlightProvider = {
      name: 'outage',
      async searchFlights(query) {
        calls += 1;
        if (calls <= downUntilCall || down) throw new ProviderError('outage', 'service unavailable (503)', true, 503);
        return sandbox.searchFlights(query);
      },
    };
    deps = await createWorkerDeps(services.config, services.logger, { providers: { flights } });
    worker = await startTestWorker({ address: services.target.address, namespace: services.target.namespace, taskQueue: `watch-outage-${randomUUID()}`, activities: deps.activities });
  });

  afterAll(async () => {
    await worker.stop();
    await deps.close();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  const startDeps = () => ({ client: services.temporal, prisma: services.prisma, keys: resolveSecrets(services.config) });

  it('retries the check until the provider is back: the check has its quote, nothing counted as failed', async () => {
    const watchId = randomUUID();
    await startPriceWatch(startDeps(), { taskQueue: worker.taskQueue, watchId, userId, target: flightTarget(), targetPrice: 1, cadenceMinutes: 60 });

    // The first check runs at once, into the outage; it settles as a quote or as a failure.
    const settled = await eventually(() => getPriceWatch(services.temporal, watchId), (state) => state.lastPrice !== null || state.failedChecks > 0, { timeoutMs: 90_000, what: 'the first check to settle' });
    expect(settled).toMatchObject({ checks: 1, failedChecks: 0, lastError: null });
    expect(settled.lastPrice?.price.currency).toBe('EUR');
    expect(calls).toBe(OUTAGE_CALLS + 1);
    const points = await services.prisma.pricePoint.findMany({ where: { watchId } });
    expect(points.map((point) => [point.checkKey, Number(point.price) > 0])).toEqual([['check:1', true]]);
    await stopPriceWatch(services.temporal, watchId);
  }, 120_000);

  it('gives up on a check just before the next one is due, and the next one runs when the outage is over', async () => {
    downUntilCall = 0;
    down = true;
    const callsBefore = calls;
    const watchId = randomUUID();
    // Checks every 20 s (± 2 s jitter): the first check may retry until shortly before the second slot.
    await startPriceWatch(startDeps(), { taskQueue: worker.taskQueue, watchId, userId, target: flightTarget(), targetPrice: 1, cadenceMinutes: 1 / 3 });
    const failed = await eventually(() => getPriceWatch(services.temporal, watchId), (state) => state.failedChecks > 0 || state.lastPrice !== null, { timeoutMs: 90_000, what: 'the first check to give up' });
    expect(failed).toMatchObject({ checks: 1, failedChecks: 1, lastPrice: null });
    const callsInFirstCheck = calls - callsBefore;
    down = false;
    const recovered = await eventually(() => getPriceWatch(services.temporal, watchId), (state) => state.lastPrice !== null, { timeoutMs: 90_000, what: 'a check after the outage' });
    expect(recovered).toMatchObject({ checks: 2, failedChecks: 1, lastError: null });
    await stopPriceWatch(services.temporal, watchId);
    // Check 2 was planned for the slot after the first (20 s ± 2 s), not the one after that (40 s): the retries
    // of the first ended before its slot came, so none was skipped.
    const startedAt = (await services.temporal.workflow.getHandle(workflowIds.priceWatch(watchId)).describe()).startTime.getTime();
    const [second] = await services.prisma.pricePoint.findMany({ where: { watchId, checkKey: 'check:2' } });
    expect(Date.parse((second?.details as { scheduledAt: string }).scheduledAt) - startedAt).toBeLessThan(30_000);
    // The first check kept trying through its window (more than the three attempts it used to get).
    expect(callsInFirstCheck).toBeGreaterThan(3);
    const points = await services.prisma.pricePoint.findMany({ where: { watchId } });
    expect(points.map((point) => point.checkKey)).toEqual(['check:2']);
  }, 120_000);
});
