// Replies stream to the browser as the model writes them, and the message route answers as soon as the
// turn is accepted. The whole path on an OpenAI-compatible model (the scripted local fake, streaming
// server-sent chunks at a fixed pace per token): POST → 202 → `reply.delta` events on a Socket.IO client
// whose concatenation is the durable reply, which arrives after them as the `message` event; the turn's
// status (pending, done, failed) at the Location; `Prefer: wait=N` for the old, synchronous answer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { workflowRejection } from '../api/workflowErrors.js';
import type { MessageAcceptedView, MessageStatusView } from '../contracts/trips.js';
import { startTripMessage, updateResultWithin } from '../api/tripWorkflows.js';
import type { SendMessageResult } from '../domain/trip.js';
import type { ClientToServerEvents, JoinAck, ReplyDelta, ServerToClientEvents, TripEventRecord } from '../contracts/realtime.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './api/authSupport.js';
import { draftOf, offersTool, specialistsAnswerWithoutTools, startFakeOpenAIServer, userText, type FakeOpenAIServer } from './fakes/openaiServer.js';
import { eventually } from './support/eventually.js';
import { signUp, type SignedInUser } from './support/identity.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

/** The fake model writes one token every this many ms (so a turn takes long enough to watch it run). */
const TOKEN_DELAY_MS = 10;

/** What the model reads each message as (the update_trip_request tool call), by the traveler's text. */
const UNDERSTANDING: Record<string, Record<string, unknown>> = {
  'Plan Lisbon from New York, June 12-19 2027, two of us, $5000': {
    intent: 'change',
    origin: { city: 'New York' },
    destination: { city: 'Lisbon' },
    departDate: '2027-06-12',
    returnDate: '2027-06-19',
    adults: 2,
    budget: { amount: 5000, currency: 'USD' },
  },
  'how warm will it be?': { intent: 'question', questionTopic: 'weather' },
  'what does it cost in total?': { intent: 'question', questionTopic: 'total_price' },
  'two days later please': { intent: 'change', shiftDepartDays: 2, shiftReturnDays: 2 },
  'and the flight times?': { intent: 'question', questionTopic: 'flight_times' },
};

describe('streamed replies and the 202 message route', () => {
  let services: TestServices;
  let fake: FakeOpenAIServer;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let api: TestApi;
  let traveler: SignedInUser;
  let tripId: string;
  let socket: Client;
  /** Everything the socket received, in arrival order. */
  const received: ({ kind: 'delta'; delta: ReplyDelta } | { kind: 'message'; event: TripEventRecord })[] = [];

  beforeAll(async () => {
    services = await connectTestServices();
    fake = await startFakeOpenAIServer({
      tokenDelayMs: TOKEN_DELAY_MS,
      rules: [
        specialistsAnswerWithoutTools,
        {
          match: (request) => offersTool('update_trip_request')(request) && userText(request) in UNDERSTANDING,
          reply: (request) => ({ toolCalls: [{ name: 'update_trip_request', arguments: UNDERSTANDING[userText(request)] ?? {} }] }),
          times: Infinity,
        },
        // Leading whitespace, as models often write it: the reply (and the deltas) leave it out.
        { match: (request) => request.tools === undefined && draftOf(request) !== '', reply: (request) => ({ content: `\n Phrased: ${draftOf(request)}` }), times: Infinity },
      ],
    });
    // The worker publishes on the Redis channels the API relays from: one key prefix for both.
    const REDIS_KEY_PREFIX = `${services.config.REDIS_KEY_PREFIX}stream-${randomUUID().slice(0, 8)}:`;
    const config = { ...services.config, REDIS_KEY_PREFIX, LLM_PROVIDER: 'openai-compatible' as const, LLM_BASE_URL: `${fake.url}/v1`, LLM_API_KEY: 'test', LLM_MODEL: undefined };
    deps = await createWorkerDeps(config, services.logger);
    worker = await startTestWorker({ address: services.target.address, namespace: services.target.namespace, taskQueue: `reply-stream-${randomUUID()}`, activities: deps.activities });
    api = await startTestApi({ realtime: true, config: { TEMPORAL_TASK_QUEUE: worker.taskQueue, REDIS_KEY_PREFIX } });
    traveler = await signUp(api.url, 'streaming');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'Streaming' } })).json.id;

    socket = connectClient(api.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: traveler.accessToken } });
    socket.on('reply.delta', (delta) => received.push({ kind: 'delta', delta }));
    socket.on('message', (event) => received.push({ kind: 'message', event }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const joined = await new Promise<JoinAck>((resolve) => socket.emit('join', { tripId }, resolve));
    expect(joined).toEqual({ ok: true, tripId });
  }, 120_000);

  afterAll(async () => {
    socket?.disconnect();
    await api?.close();
    await worker?.stop();
    await deps?.close();
    await fake?.close();
    await services?.close();
  });

  const send = (text: string, clientMessageId: string, headers: Record<string, string> = {}) =>
    call<MessageAcceptedView & SendMessageResult>(api, 'POST', `/trips/${tripId}/messages`, { headers: { ...traveler.auth, ...headers }, body: { text, clientMessageId } });
  const status = (clientMessageId: string, headers: Record<string, string> = {}) =>
    call<MessageStatusView>(api, 'GET', `/trips/${tripId}/messages/${clientMessageId}`, { headers: { ...traveler.auth, ...headers } });

  /** The turn's deltas and its durable reply, once the reply has arrived on the socket. */
  async function streamedTurn(clientMessageId: string) {
    const reply = await eventually(
      async () => received.find((entry) => entry.kind === 'message' && entry.event.payload.role === 'assistant' && entry.event.payload.clientMessageId === clientMessageId),
      (entry) => entry !== undefined,
      { what: `the reply to ${clientMessageId}`, timeoutMs: 30_000 },
    );
    const position = received.indexOf(reply as (typeof received)[number]);
    const deltas = received.flatMap((entry, index) => (entry.kind === 'delta' && entry.delta.clientMessageId === clientMessageId ? [{ ...entry.delta, before: index < position }] : []));
    return { text: (reply as { event: TripEventRecord }).event.payload.text as string, deltas };
  }

  it('answers 202 once the turn is accepted, streams the reply as deltas that add up to the durable reply, then sends it', async () => {
    const accepted = await send('Plan Lisbon from New York, June 12-19 2027, two of us, $5000', 'plan-1');
    expect(accepted.status).toBe(202);
    expect(accepted.json).toEqual({ tripId, clientMessageId: 'plan-1', status: 'accepted', statusUrl: `/api/trips/${tripId}/messages/plan-1` });
    expect(accepted.headers.get('location')).toBe(accepted.json.statusUrl);
    // Nothing of the reply yet: the model is still reading the message.
    expect(received.filter((entry) => entry.kind === 'delta')).toEqual([]);
    const pending = await status('plan-1');
    expect(pending.json).toEqual({ tripId, clientMessageId: 'plan-1', status: 'pending', reply: null, result: null, error: null });

    const { text, deltas } = await streamedTurn('plan-1');
    expect(text).toMatch(/^Phrased: Trip to Lisbon/);
    expect(deltas.length).toBeGreaterThan(3); // streamed in pieces, not one
    expect(deltas.map((delta) => delta.index)).toEqual(deltas.map((_, index) => index));
    expect(deltas.every((delta) => delta.before && delta.tripId === tripId)).toBe(true);
    expect(deltas.map((delta) => delta.delta).join('')).toBe(text);

    const done = await status('plan-1', WAIT_FOR_REPLY);
    expect(done.headers.get('preference-applied')).toBe('wait=60');
    expect(done.json).toMatchObject({ status: 'done', reply: text, error: null });
    expect(done.json.result?.reply).toBe(text);
    expect(done.json.result?.plan?.flightOptions.length).toBeGreaterThan(0);
  }, 60_000);

  it('streams answers to questions too (the answer step phrases through the model as well)', async () => {
    expect((await send('how warm will it be?', 'question-1')).status).toBe(202);
    const { text, deltas } = await streamedTurn('question-1');
    expect(text).toMatch(/^Phrased: Lisbon for 12–19 Jun 2027: /);
    expect(deltas.map((delta) => delta.delta).join('')).toBe(text);
    expect(deltas.every((delta) => delta.before)).toBe(true);
  }, 30_000);

  it('with Prefer: wait=N answers 200 with the whole result when the turn ends in time; a re-sent message is the same turn', async () => {
    const answered = await send('what does it cost in total?', 'question-2', WAIT_FOR_REPLY);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('preference-applied')).toBe('wait=60');
    expect(answered.json.reply).toMatch(/^Phrased: The estimate is /);
    expect(answered.json.state.lastTurn).toMatchObject({ intent: 'question' });
    const turns = answered.json.state.turns;

    const again = await send('what does it cost in total?', 'question-2', WAIT_FOR_REPLY);
    expect(again.status).toBe(200);
    expect(again.json.reply).toBe(answered.json.reply);
    expect(again.json.state.turns).toBe(turns);
    // Without the preference the same re-send is accepted again (202), and nothing runs twice.
    expect((await send('what does it cost in total?', 'question-2')).status).toBe(202);
    expect((await status('question-2')).json).toMatchObject({ status: 'done', reply: answered.json.reply });

    // wait=0: the turn has not ended at once, so 202 (the preference still applied).
    const quick = await send('and the flight times?', 'question-3', { prefer: 'wait=0' });
    expect(quick.status).toBe(202);
    expect(quick.headers.get('preference-applied')).toBe('wait=0');
    expect((await status('question-3', WAIT_FOR_REPLY)).json.status).toBe('done');
  }, 60_000);

  it('answers the status of unknown and malformed ids with 404 and 400', async () => {
    const unknown = await status('never-sent');
    expect(unknown.status).toBe(404);
    expect((unknown.json as unknown as Problem).detail).toBe('The trip has no message with that clientMessageId.');
    const malformed = await call<Problem>(api, 'GET', `/trips/${tripId}/messages/${encodeURIComponent('not valid!')}`, { headers: traveler.auth });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors).toEqual([{ field: 'clientMessageId', reason: 'may contain letters, digits, . _ : - only' }]);
  });

  it('has a rejected message in hand at once (the route\'s 422), without waiting for anything', async () => {
    // Past the API (its own schema refuses this first): the workflow's validator rejects it.
    const handle = await startTripMessage(services.temporal, { tripId, userId: traveler.user.id, taskQueue: worker.taskQueue }, { text: 'poison\u0000', clientMessageId: 'poison-1' });
    const rejection = await updateResultWithin(services.temporal, handle, 0).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((rejection as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('ValidationError');
    expect(workflowRejection(rejection)).toMatchObject({ status: 422, errors: [{ field: 'text', reason: 'must not contain the NUL character (U+0000)' }] });
  });

  it('reports a turn that failed (queued behind an archive) with the reason, also once the session has ended', async () => {
    expect((await send('two days later please', 'before-archive')).status).toBe(202);
    // The archive queues behind that turn; a message sent meanwhile is accepted, then refused in its turn.
    const archiving = call(api, 'POST', `/trips/${tripId}/archive`, { headers: traveler.auth });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await send('how warm will it be?', 'after-archive')).status).toBe(202);
    expect((await archiving).status).toBe(200);

    const failed = await status('after-archive', { prefer: 'wait=10' });
    expect(failed.json).toEqual({
      tripId,
      clientMessageId: 'after-archive',
      status: 'failed',
      reply: null,
      result: null,
      error: { status: 409, title: 'Conflict', detail: 'The trip is archived.' },
    });
    expect((await status('before-archive')).json.status).toBe('done');
    expect((await status('plan-1')).json.status).toBe('done');

    // A message the trip's workflow never heard of but the chat history has without a reply: failed.
    await services.prisma.chatMessage.create({ data: { tripId, clientMessageId: 'orphan', role: 'user', content: 'lost', authorId: traveler.user.id } });
    expect((await status('orphan')).json).toMatchObject({ status: 'failed', error: { status: 500, title: 'Turn failed' } });
  }, 60_000);
});
