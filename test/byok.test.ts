import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { saveUserCredential } from '../infra/credentials.js';
import { workflowIds } from '../workflows/ids.js';
import { resolveSecrets } from '../infra/secrets.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { startFakeDuffel, type FakeDuffel } from './fakes/duffelServer.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

// Bring your own key: a traveler's stored Duffel token is used for their trips; others get the platform's providers.
describe("a traveler's own provider key", () => {
  const travelerToken = 'duffel_test_traveler_own_token';
  let services: TestServices;
  let duffel: FakeDuffel;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let withKey: string;
  let withoutKey: string;

  beforeAll(async () => {
    services = await connectTestServices();
    duffel = await startFakeDuffel(travelerToken);
    // The platform itself has no Duffel token (sandbox); Duffel's URL points at the local Duffel-speaking server.
    const config = { ...services.config, DUFFEL_ACCESS_TOKEN: undefined, DUFFEL_API_URL: duffel.url };
    deps = await createWorkerDeps(config, services.logger);
    worker = await startTestWorker({ address: services.target.address, namespace: services.target.namespace, taskQueue: `byok-${randomUUID()}`, activities: deps.activities });
    withKey = (await services.prisma.user.create({ data: { email: `byok-${randomUUID()}@example.test`, displayName: 'Own key' } })).id;
    withoutKey = (await services.prisma.user.create({ data: { email: `plain-${randomUUID()}@example.test`, displayName: 'No key' } })).id;
    await saveUserCredential(services.prisma, resolveSecrets(config), withKey, 'duffel', travelerToken);
  });

  afterAll(async () => {
    await worker.stop();
    await deps.close();
    await duffel.close();
    await services.prisma.user.deleteMany({ where: { id: { in: [withKey, withoutKey] } } });
    await services.close();
  });

  let lastTripId = '';
  const plan = (userId: string) => {
    lastTripId = randomUUID();
    return sendTripMessage(
      services.temporal,
      { tripId: lastTripId, userId, taskQueue: worker.taskQueue },
      { text: 'Five nights in Rome from London departing April 10 2027, 2 adults', clientMessageId: 'k1' },
    );
  };
  /** The activities the last trip's workflow scheduled on the task queue (local activities are not among them). */
  const scheduledActivities = async () => {
    const { events } = await services.temporal.workflow.getHandle(workflowIds.trip(lastTripId)).fetchHistory();
    return (events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []).sort();
  };

  it("searches with the traveler's token when they stored one", async () => {
    const result = await plan(withKey);
    expect(result.plan?.failures).toEqual([]);
    expect(result.plan?.flightOptions.length).toBeGreaterThan(0);
    expect(result.plan?.flightOptions.every((offer) => offer.provider === 'duffel')).toBe(true);
    const offerRequests = duffel.requests.filter((request) => request.path.startsWith('/air/offer_requests'));
    expect(offerRequests.length).toBeGreaterThan(0);
    expect(offerRequests.every((request) => request.headers.authorization === `Bearer ${travelerToken}`)).toBe(true);
    // Calls out to Duffel: searches are activities of their own, never inside the workflow task.
    expect(await scheduledActivities()).toEqual(['researchDestination', 'searchFlights', 'searchStays']);
  });

  it("uses the platform's providers for a traveler without a key", async () => {
    const before = duffel.requests.length;
    const result = await plan(withoutKey);
    expect(result.plan?.flightOptions.length).toBeGreaterThan(0);
    expect(result.plan?.flightOptions.every((offer) => offer.provider === 'sandbox')).toBe(true);
    expect(duffel.requests.length).toBe(before);
    // The sandbox computes offers in the worker: the searches run as local activities.
    expect(await scheduledActivities()).toEqual([]);
  });
});
