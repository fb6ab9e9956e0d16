// The conversation on the LLM path: whole workflow turns on a worker whose model is an OpenAI-compatible
// server (the scripted local fake), one per intent — a change, a question, a clarification, an undo —
// and a model whose tool arguments are malformed: rejected, retried once, then a clarifying reply that
// leaves the trip exactly as it was.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendTripMessage, type TripRef } from '../api/tripWorkflows.js';
import type { SendMessageResult } from '../domain/trip.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import {
  allOf,
  contentText,
  draftOf,
  hasToolResult,
  offersTool,
  specialistsAnswerWithoutTools,
  startFakeOpenAIServer,
  userText,
  type ChatCompletionRequest,
  type FakeOpenAIServer,
  type ScriptedReply,
} from './fakes/openaiServer.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

const FIRST = { intent: 'change', origin: { city: 'New York' }, destination: { city: 'Lisbon' }, departDate: '2027-06-12', returnDate: '2027-06-19', adults: 2, budget: { amount: 5000, currency: 'USD' } };

describe('a planning conversation on an OpenAI-compatible model', () => {
  let services: TestServices;
  let fake: FakeOpenAIServer;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let userId: string;
  let trip: TripRef;
  let turn = 0;

  beforeAll(async () => {
    services = await connectTestServices();
    fake = await startFakeOpenAIServer({
      rules: [specialistsAnswerWithoutTools],
    });
    const config = { ...services.config, LLM_PROVIDER: 'openai-compatible' as const, LLM_BASE_URL: `${fake.url}/v1`, LLM_API_KEY: 'test', LLM_MODEL: undefined };
    deps = await createWorkerDeps(config, services.logger);
    worker = await startTestWorker({ address: services.target.address, namespace: services.target.namespace, taskQueue: `llm-conversation-${randomUUID()}`, activities: deps.activities });
    userId = (await services.prisma.user.create({ data: { email: `llm-${randomUUID()}@example.test`, displayName: 'LLM traveler' } })).id;
    trip = { tripId: randomUUID(), userId, taskQueue: worker.taskQueue };
  });

  afterAll(async () => {
    await worker.stop();
    await deps.close();
    await fake.close();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  /** One turn: the model reads the message as `understanding` (one reply per attempt), and phrases the draft it is given. */
  async function say(text: string, ...understanding: ScriptedReply[]): Promise<{ result: SendMessageResult; draft: string }> {
    const before = fake.chatRequests().length;
    fake.script(
      ...understanding.map((reply) => ({ match: allOf(offersTool('update_trip_request'), (request: ChatCompletionRequest) => userText(request) === text), reply })),
      { match: (request: ChatCompletionRequest) => request.tools === undefined && draftOf(request) !== '', reply: (request: ChatCompletionRequest) => ({ content: `Phrased: ${draftOf(request)}` }) },
    );
    turn += 1;
    const result = await sendTripMessage(services.temporal, trip, { text, clientMessageId: `llm-${turn}` });
    expect(fake.pendingRules()).toBe(0); // every scripted reply of this turn was used
    const phrased = fake.chatRequests().slice(before).find((request) => request.tools === undefined && draftOf(request) !== '');
    return { result, draft: phrased ? draftOf(phrased) : '' };
  }

  const call = (args: Record<string, unknown> | string): ScriptedReply => ({ toolCalls: [{ name: 'update_trip_request', arguments: args }] });

  it('plans, changes, answers, asks, undoes — and survives malformed tool arguments without touching the trip', async () => {
    const first = await say('Plan Lisbon from New York, June 12-19 2027, two of us, $5000', call(FIRST));
    expect(first.result.state.request).toMatchObject({ origin: { iata: 'NYC' }, destination: { iata: 'LIS' }, departDate: '2027-06-12', returnDate: '2027-06-19', adults: 2 });
    expect(first.result.plan?.flightOptions.length).toBeGreaterThan(0);
    expect(first.result.reply).toBe(`Phrased: ${first.draft}`);
    const planned = first.result.state;

    // A change: only the dates move; the reply leads with what changed.
    const change = await say('two days later please', call({ intent: 'change', shiftDepartDays: 2, shiftReturnDays: 2 }));
    expect(change.result.state.request).toEqual({ ...planned.request, departDate: '2027-06-14', returnDate: '2027-06-21' });
    expect(change.result.state.lastTurn).toMatchObject({ intent: 'change', canUndo: true, changes: [{ field: 'departDate', label: 'Dates', before: '12–19 Jun 2027', after: '14–21 Jun 2027' }] });
    expect(change.draft).toMatch(/^Dates: 12–19 Jun 2027 → 14–21 Jun 2027/);
    const offerIds = change.result.plan?.flightOptions.map((offer) => offer.id);

    // A question: answered from the plan; nothing changes, nothing is searched again.
    const question = await say('how warm will it be?', call({ intent: 'question', questionTopic: 'weather' }));
    expect(question.result.state.request).toEqual(change.result.state.request);
    expect(question.result.plan?.flightOptions.map((offer) => offer.id)).toEqual(offerIds);
    expect(question.result.state.lastTurn).toMatchObject({ intent: 'question', changes: [] });
    expect(question.draft).toMatch(/^Lisbon for 14–21 Jun 2027: .*°F/);

    // A clarification: the model's question goes back to the traveler.
    const vague = await say('make it better', call({ intent: 'clarify', clarifyingQuestion: 'Better how — a nicer hotel, fewer stops, or a slower pace?' }));
    expect(vague.result.state.request).toEqual(change.result.state.request);
    expect(vague.draft).toBe('Better how — a nicer hotel, fewer stops, or a slower pace?');

    // Undo: back to the dates before the change.
    const undo = await say('undo that', call({ intent: 'undo' }));
    expect(undo.result.state.request).toEqual(planned.request);
    expect(undo.result.state.lastTurn).toMatchObject({ intent: 'undo', canUndo: false });
    expect(undo.draft).toMatch(/^Undone\. Dates: 14–21 Jun 2027 → 12–19 Jun 2027/);

    // Schema-invalid arguments twice: rejected, retried once, then the traveler is asked; the trip is untouched.
    const invalid = await say('shift it by two', call({ intent: 'change', shiftDepartDays: 'two' }), call({ intent: 'change', shiftDepartDays: 'two days' }));
    expect(invalid.result.state.request).toEqual(planned.request);
    expect(invalid.result.state.lastTurn?.intent).toBe('clarify');
    expect(invalid.draft).toMatch(/could not work out what to change/);

    // Unparseable JSON, then a valid retry: applied.
    const retried = await say('we are three now', call('{"intent": "change", "addAdults": 1'), call({ intent: 'change', addAdults: 1 }));
    expect(retried.result.state.request).toEqual({ ...planned.request, adults: 3 });
    const understandCalls = fake.chatRequests().filter((request) => offersTool('update_trip_request')(request) && userText(request) === 'we are three now');
    expect(understandCalls).toHaveLength(2);
    expect(hasToolResult()(understandCalls[1]!)).toBe(false);
    expect(contentText(understandCalls[1]!.messages.at(-1)!)).toMatch(/could not be parsed/);
  });
});
