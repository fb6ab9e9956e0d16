// A traveler never reads an internal error. With PostgreSQL down, a planning step fails with Prisma's
// message (a server file path and the source lines around the call); the reply, the plan and state, and
// the step's progress event say in plain words what failed, what still works and to retry later. The
// failures here are real Prisma errors (a client pointed at a closed port) thrown from the real
// activities' places, on the real workflow.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getTripState, sendTripMessage } from '../api/tripWorkflows.js';
import { RETRY_LATER_ADVICE, STEP_UNAVAILABLE_REASON } from '../domain/stepFailures.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import { freePort } from '../scripts/lib/ports.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

/** What Prisma's errors carry and a traveler must never see. */
const INTERNALS = /[Pp]risma|invocation|\.ts:\d|\/work\/|node_modules|Can't reach database server|\n\s+at /;

describe('a planning step that fails on a database outage', () => {
  let services: TestServices;
  let unreachable: PrismaClient;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let userId: string;
  const failing = { stays: false, compose: false };

  /** A real Prisma error, as the activity meets it when PostgreSQL is down. */
  const databaseDown = async (): Promise<never> => {
    await unreachable.trip.findFirst();
    throw new Error('the unreachable database answered');
  };

  beforeAll(async () => {
    services = await connectTestServices();
    unreachable = createPrismaClient(`postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`);
    deps = await createWorkerDeps(services.config, services.logger);
    const real = deps.activities;
    worker = await startTestWorker({
      address: services.target.address,
      namespace: services.target.namespace,
      taskQueue: `step-text-${randomUUID()}`,
      activities: {
        ...real,
        searchStays: (...args: Parameters<typeof real.searchStays>) => (failing.stays ? databaseDown() : real.searchStays(...args)),
        composePlan: (...args: Parameters<typeof real.composePlan>) => (failing.compose ? databaseDown() : real.composePlan(...args)),
        // The outage fails the one call that searches, composes and saves too (v15); the workflow then runs the steps one by one.
        searchComposeAndSave: (...args: Parameters<typeof real.searchComposeAndSave>) => (failing.stays || failing.compose ? databaseDown() : real.searchComposeAndSave(...args)),
        // …and the plan made with the message (v16), which then records and understands it only.
        recordUnderstandAndPlan: (...args: Parameters<typeof real.recordUnderstandAndPlan>) => (failing.stays || failing.compose ? real.recordAndUnderstand(...args) : real.recordUnderstandAndPlan(...args)),
      },
    });
    userId = (await services.prisma.user.create({ data: { email: `step-text-${randomUUID()}@example.test`, displayName: 'Step text' } })).id;
  });

  afterAll(async () => {
    await worker.stop();
    await deps.close();
    await unreachable.$disconnect();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  const plan = async (text: string) => {
    const tripId = randomUUID();
    const result = await sendTripMessage(services.temporal, { tripId, userId, taskQueue: worker.taskQueue }, { text, clientMessageId: 'm1' });
    const state = await getTripState(services.temporal, tripId);
    const events = await services.prisma.tripEvent.findMany({ where: { tripId }, select: { payload: true } });
    return { result, state, events };
  };

  it('keeps the Prisma error out of the reply, the plan, the state and the progress events', async () => {
    failing.stays = true;
    failing.compose = false;
    const { result, state, events } = await plan('Five nights in Rome from London departing April 10 2027, 2 adults');
    expect(result.plan?.failures).toEqual([{ step: 'stays', message: STEP_UNAVAILABLE_REASON }]);
    expect(result.plan?.flightOptions.length).toBeGreaterThan(0);
    expect(result.reply).toContain(`The accommodation search failed (${STEP_UNAVAILABLE_REASON})`);
    expect(result.reply).toContain(RETRY_LATER_ADVICE);
    for (const shown of [result.reply, JSON.stringify(result), JSON.stringify(state), JSON.stringify(events)]) expect(shown).not.toMatch(INTERNALS);
  }, 90_000);

  it('keeps it out of the fallback reply when putting the plan together fails', async () => {
    failing.stays = false;
    failing.compose = true;
    const { result, state, events } = await plan('Four nights in Lisbon from Paris departing May 3 2027, 1 adult');
    expect(result.plan?.failures.map((failure) => failure.step)).toContain('compose');
    expect(result.reply).toMatch(/could not finish the plan/);
    expect(result.reply).toContain(STEP_UNAVAILABLE_REASON);
    for (const shown of [result.reply, JSON.stringify(result), JSON.stringify(state), JSON.stringify(events)]) expect(shown).not.toMatch(INTERNALS);
  }, 90_000);
});
