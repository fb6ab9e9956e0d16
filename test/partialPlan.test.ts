import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { STEP_UNAVAILABLE_REASON } from '../domain/stepFailures.js';
import { DuffelFlightProvider } from '../providers/duffel.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { duffelError, startFakeDuffel, type FakeDuffel } from './fakes/duffelServer.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

describe('a failing flight provider', () => {
  let services: TestServices;
  let duffel: FakeDuffel;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let userId: string;

  beforeAll(async () => {
    services = await connectTestServices();
    duffel = await startFakeDuffel();
    // The real worker wiring, with flights from Duffel (a local server speaking Duffel's API) instead of the sandbox.
    deps = await createWorkerDeps(services.config, services.logger, {
      providers: { flights: new DuffelFlightProvider({ token: duffel.token, baseUrl: duffel.url }) },
    });
    worker = await startTestWorker({
      address: services.target.address,
      namespace: services.target.namespace,
      taskQueue: `partial-${randomUUID()}`,
      activities: deps.activities,
    });
    userId = (await services.prisma.user.create({ data: { email: `partial-${randomUUID()}@example.test`, displayName: 'Partial' } })).id;
  });

  afterAll(async () => {
    await worker.stop();
    await deps.close();
    await duffel.close();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  it('yields a partial plan that says what failed, after the retry policy, without failing the workflow', async () => {
    duffel.failNext(duffelError(503, 'api_error', 'service_unavailable', 'Service unavailable', 'Try again later'), 3); // one failure per attempt of the retry policy
    const tripId = randomUUID();
    const result = await sendTripMessage(
      services.temporal,
      { tripId, userId, taskQueue: worker.taskQueue },
      { text: 'Five nights in Rome from London departing April 10 2027, 2 adults, budget €3000', clientMessageId: 'p1' },
    );
    // A provider outage is told in plain words (domain/stepFailures.ts), not with the provider's error text.
    expect(result.plan?.failures).toEqual([{ step: 'flights', message: STEP_UNAVAILABLE_REASON }]);
    expect(result.plan?.flightOptions).toEqual([]);
    expect(result.plan?.stayOptions.length).toBeGreaterThan(0);
    expect(result.plan?.itinerary.length).toBe(6);
    expect(result.reply).toMatch(/flight/i);
    expect(duffel.requests.filter((request) => request.path.startsWith('/air/offer_requests'))).toHaveLength(3); // the retry policy's attempts

    const failed = await services.prisma.tripEvent.findMany({ where: { tripId, type: 'progress' } });
    expect(failed.some((event) => (event.payload as { step?: string; status?: string }).step === 'flights' && (event.payload as { status?: string }).status === 'failed')).toBe(true);
  });

  it('does not retry a request the provider rejects as invalid', async () => {
    duffel.requests.length = 0;
    duffel.failNext(duffelError(422, 'validation_error', 'invalid_airport', 'Invalid airport', 'origin is not a valid IATA code'), 3);
    const result = await sendTripMessage(
      services.temporal,
      { tripId: randomUUID(), userId, taskQueue: worker.taskQueue },
      { text: 'Five nights in Rome from London departing April 10 2027', clientMessageId: 'p2' },
    );
    expect(result.plan?.failures.map((failure) => failure.step)).toEqual(['flights']);
    // A request the provider rejects is about the request: its reason is kept.
    expect(result.plan?.failures[0]?.message).toMatch(/duffel/i);
    expect(duffel.requests.filter((request) => request.path.startsWith('/air/offer_requests'))).toHaveLength(1);
  });
});
