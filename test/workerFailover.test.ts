// A dead worker's planning step moves to a live worker within seconds. The model-calling activities
// heartbeat while they work and have a heartbeat timeout (workflows/tripPlanning.ts `reasoning`), so when
// the worker running a turn's understand step is killed with SIGKILL, the server times that attempt out
// on the missing heartbeat and a second worker on the same task queue runs the retry — instead of the
// attempt waiting out its 60 s start-to-close. Two `npm run worker` processes, a local OpenAI-compatible
// fake as the model (the first understanding call never answers: the worker dies while it waits).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendTripMessage, type TripRef } from '../api/tripWorkflows.js';
import { temporalEnums } from '../infra/temporal.js';
import { stop } from '../scripts/lib/process.js';
import { projectRoot } from '../scripts/provision.js';
import { workflowIds } from '../workflows/ids.js';
import { draftOf, offersTool, specialistsAnswerWithoutTools, startFakeOpenAIServer, type FakeOpenAIServer, type ScriptedReply } from './fakes/openaiServer.js';
import { eventually } from './support/eventually.js';
import { createUser } from './support/identity.js';
import { connectTestServices, type TestServices } from './support/services.js';

const REQUEST = { intent: 'change', origin: { city: 'New York' }, destination: { city: 'Lisbon' }, departDate: '2027-06-12', returnDate: '2027-06-19', adults: 2 };
const understanding = (delayMs?: number): ScriptedReply => ({ toolCalls: [{ name: 'update_trip_request', arguments: REQUEST }], ...(delayMs && { delayMs }) });

describe('a worker killed in the middle of a planning step (two worker processes on one task queue)', () => {
  let services: TestServices;
  let fake: FakeOpenAIServer;
  let userId: string;
  const workers: ChildProcess[] = [];
  const taskQueue = `failover-${randomUUID()}`;
  const trip: Partial<TripRef> = {};

  beforeAll(async () => {
    services = await connectTestServices();
    userId = (await createUser(services.prisma)).id;
    fake = await startFakeOpenAIServer({
      rules: [
        // The first understanding call hangs (its worker is killed meanwhile); the retry gets an answer.
        { match: offersTool('update_trip_request'), reply: understanding(10 * 60_000) },
        { match: offersTool('update_trip_request'), reply: understanding(), times: Infinity },
        specialistsAnswerWithoutTools,
        { match: (request) => request.tools === undefined, reply: (request) => ({ content: `Phrased: ${draftOf(request)}` }), times: Infinity },
      ],
    });
  });

  afterAll(async () => {
    if (trip.tripId) await services.temporal.workflow.getHandle(workflowIds.trip(trip.tripId)).terminate('test over').catch(() => undefined);
    await Promise.all(workers.map((worker) => stop(worker, 5_000)));
    await fake.close();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  /** Whether the worker process polls this test's activity tasks (pollers are named `<pid>@<host>`). */
  async function pollsActivities(worker: ChildProcess): Promise<boolean> {
    const response = await services.temporal.workflowService.describeTaskQueue({
      namespace: services.target.namespace,
      taskQueue: { name: taskQueue, kind: temporalEnums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporalEnums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    return (response.pollers ?? []).some((poller) => poller.identity?.startsWith(`${worker.pid}@`));
  }

  /** `npm run worker` on this test's task queue, its model the fake; resolves once it polls for activities. */
  async function startWorker(): Promise<ChildProcess> {
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'worker', 'main.ts')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        TEMPORAL_TASK_QUEUE: taskQueue,
        LLM_PROVIDER: 'openai-compatible',
        LLM_BASE_URL: `${fake.url}/v1`,
        LLM_API_KEY: 'test',
        LLM_MODEL: 'test-model',
        EMBEDDINGS_PROVIDER: 'offline',
        WORKER_METRICS_PORT: '0',
        WORKER_APP_METRICS_PORT: '0',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(worker);
    await eventually(
      async () => {
        if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
        return pollsActivities(worker);
      },
      (polling) => polling,
      { timeoutMs: 90_000, what: `worker ${worker.pid} polling` },
    );
    return worker;
  }

  it('retries the step on the live worker once the dead one stops heartbeating, not after the start-to-close timeout', async () => {
    const first = await startWorker();
    Object.assign(trip, { tripId: randomUUID(), userId, taskQueue });
    const turn = sendTripMessage(services.temporal, trip as TripRef, { text: 'Lisbon from New York, June 12-19 2027, two of us', clientMessageId: 'failover-1' });
    // The first worker is inside the understand step, waiting for the model.
    await eventually(async () => fake.chatRequests().filter(offersTool('update_trip_request')).length, (count) => count >= 1, { timeoutMs: 60_000, what: 'the understanding call' });
    await startWorker();
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const result = await turn;
    expect(result.state.request).toMatchObject({ origin: { iata: 'NYC' }, destination: { iata: 'LIS' }, departDate: '2027-06-12' });
    expect(result.reply).toMatch(/^Phrased: /);

    // The attempt that completed the step is the second, and the first ended on its missing heartbeat.
    const events = (await services.temporal.workflow.getHandle(workflowIds.trip(trip.tripId as string)).fetchHistory()).events ?? [];
    const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'understandTurn');
    const started = events.find((event) => event.activityTaskStartedEventAttributes && Number(event.activityTaskStartedEventAttributes.scheduledEventId) === Number(scheduled?.eventId));
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(2);
    expect(started?.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(temporalEnums.TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
  }, 240_000);
});
