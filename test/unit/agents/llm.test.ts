// The LLM path: ChatOpenAI (LLM_PROVIDER=openai-compatible) against the scripted fake OpenAI server runs
// the same specialist graphs as the offline planner, with native tool calls.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { composePlan, createChatModel, findFlights, understandTurn } from '../../../agents/index.js';
import { searchFlightsTool } from '../../../agents/tools.js';
import { emptyTripRequest } from '../../../domain/trip.js';
import { allOf, contentText, hasToolResult, not, offersTool, startFakeOpenAIServer, type FakeOpenAIServer } from '../../fakes/openaiServer.js';
import { createAgentTestEnv, lisbonRequest, recordingProviders, REFERENCE_DATE, type AgentTestEnv } from '../../support/agents.js';

describe('agents on an OpenAI-compatible model (scripted fake server)', () => {
  let env: AgentTestEnv;
  let fake: FakeOpenAIServer;
  let model: ChatOpenAI;

  beforeAll(async () => {
    env = await createAgentTestEnv();
    fake = await startFakeOpenAIServer();
    const created = createChatModel({ ...env.config, LLM_PROVIDER: 'openai-compatible', LLM_BASE_URL: `${fake.url}/v1`, LLM_API_KEY: 'test', LLM_MODEL: undefined });
    if (!(created instanceof ChatOpenAI)) throw new Error('expected ChatOpenAI');
    model = created;
  });
  afterEach(() => {
    expect(fake.pendingRules()).toBe(0);
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await env.close();
  });

  const lisbonFlightArgs = { origin: 'LON', destination: 'LIS', departDate: '2026-12-10', returnDate: '2026-12-14', adults: 2, children: 0, cabinClass: 'economy' };

  it('drives the flights specialist with a native tool call; the server saw the tool definition', async () => {
    fake.script(
      { match: allOf(offersTool('search_flights'), not(hasToolResult())), reply: { toolCalls: [{ name: 'search_flights', arguments: lisbonFlightArgs }] } },
    );
    const recorder = recordingProviders(env.providers);
    const offers = await findFlights(env.context({ model, providers: recorder.providers }), { request: lisbonRequest() });

    expect(offers.length).toBeGreaterThan(0);
    expect(recorder.calls).toEqual([{ operation: 'searchFlights', args: lisbonFlightArgs }]);

    // The search's result is the step's answer: the model is not asked again after it.
    const [first] = fake.chatRequests();
    expect(fake.chatRequests()).toHaveLength(1);
    expect(first?.model).toBe('gpt-4o-mini');
    expect(first?.temperature).toBe(0);
    const tool = first?.tools?.find((candidate) => candidate.function.name === 'search_flights');
    expect(tool?.type).toBe('function');
    expect(tool?.function.description).toMatch(/flight offers/i);
    expect(tool?.function.parameters).toMatchObject({
      type: 'object',
      properties: { origin: { type: 'string' }, destination: { type: 'string' }, departDate: { type: 'string' }, cabinClass: { enum: ['economy', 'premium_economy', 'business', 'first'] } },
    });
    // The structured request reaches the model as JSON in the system message.
    const system = first?.messages[0];
    expect(system?.role).toBe('system');
    expect(contentText(system ?? { role: 'system', content: '' })).toContain('"destination":{"city":"Lisbon","iata":"LIS"}');
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer test');
  });

  it('lets the model correct invalid tool arguments after the ToolNode reports the error', async () => {
    fake.script(
      { match: not(hasToolResult()), reply: { toolCalls: [{ name: 'search_flights', arguments: { ...lisbonFlightArgs, origin: 'London Heathrow' } }] } },
      {
        match: (request) => request.messages.at(-1)?.role === 'tool' && contentText(request.messages.at(-1) ?? { role: 'tool', content: '' }).startsWith('Error'),
        reply: { toolCalls: [{ name: 'search_flights', arguments: lisbonFlightArgs }] },
      },
    );
    const offers = await findFlights(env.context({ model }), { request: lisbonRequest() });
    expect(offers.length).toBeGreaterThan(0);
    // The rejected call, the corrected one; its result ends the step.
    expect(fake.chatRequests()).toHaveLength(2);
    const corrected = fake.chatRequests()[1];
    expect(contentText(corrected?.messages.at(-1) ?? { role: 'tool', content: '' })).toMatch(/^Error/);
  });

  it('falls back to a direct search when the model answers without calling the tool', async () => {
    fake.script({ reply: { content: 'I would rather not search.' } });
    const recorder = recordingProviders(env.providers);
    const offers = await findFlights(env.context({ model, providers: recorder.providers }), { request: lisbonRequest() });
    expect(offers.length).toBeGreaterThan(0);
    expect(recorder.calls.map((call) => call.operation)).toEqual(['searchFlights']);
  });

  it('understands a turn through update_trip_request, changing only the fields it sent', async () => {
    fake.script({
      match: offersTool('update_trip_request'),
      reply: { toolCalls: [{ name: 'update_trip_request', arguments: { intent: 'change', destination: { city: 'Porto' }, adults: 2, addInterests: ['wine'] } }] },
    });
    const before = { ...emptyTripRequest, origin: { city: 'London', iata: 'LON' }, departDate: '2026-12-10', returnDate: '2026-12-13' };
    const result = await understandTurn(env.context({ model }), { text: 'Two of us, to Porto, for the wine', request: before, referenceDate: REFERENCE_DATE, userId: randomUUID() });

    expect(result.intent).toBe('change');
    expect(result.mentioned.sort()).toEqual(['adults', 'destination', 'interests']);
    expect(result.request).toEqual({ ...before, destination: { city: 'Porto', iata: 'OPO' }, adults: 2, interests: ['wine'] });
    expect(result.needs).toEqual({ destination: true, flights: true, stays: true });
    // update_trip_request ends the loop: one model call, no summary round-trip.
    expect(fake.chatRequests()).toHaveLength(1);
    const request = fake.chatRequests()[0];
    expect(request?.messages.at(-1)).toMatchObject({ role: 'user', content: 'Two of us, to Porto, for the wine' });
    expect(contentText(request?.messages[0] ?? { role: 'system', content: '' })).toContain('"referenceDate":"2026-12-01"');
  });

  it('serves streamed completions too (server-sent chunks with a tool call)', async () => {
    fake.script({ match: offersTool('search_flights'), reply: { toolCalls: [{ name: 'search_flights', arguments: lisbonFlightArgs }] } });
    // .stream() rather than `streaming: true` + invoke: the latter estimates token usage with tiktoken,
    // which downloads its encoding from the network.
    let message: AIMessageChunk | undefined;
    for await (const chunk of await model.bindTools([searchFlightsTool]).stream('Find flights London to Lisbon')) message = message ? message.concat(chunk) : chunk;
    expect(fake.chatRequests()[0]?.stream).toBe(true);
    expect(message?.tool_calls).toEqual([expect.objectContaining({ name: 'search_flights', args: lisbonFlightArgs })]);
  });

  it('lets the model phrase the reply from the drafted facts', async () => {
    fake.script({ match: (request) => request.tools === undefined, reply: { content: 'Lisbon it is! Here is your plan.' } });
    const { reply, plan } = await composePlan(env.context({ model }), {
      request: lisbonRequest(),
      pace: 'balanced',
      destination: null,
      flights: [],
      stays: [],
      failures: [{ step: 'stays', message: 'sandbox: overloaded' }],
      memories: [],
      text: 'Plan Lisbon',
    });
    expect(reply).toBe('Lisbon it is! Here is your plan.');
    expect(plan.failures).toHaveLength(1);
    const system = contentText(fake.chatRequests()[0]?.messages[0] ?? { role: 'system', content: '' });
    expect(system).toContain('The accommodation search failed (sandbox: overloaded)');
  });
});
