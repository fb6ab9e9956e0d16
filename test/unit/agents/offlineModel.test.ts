import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { createChatModel, findFlights, findStays, OfflinePlannerModel, researchDestination } from '../../../agents/index.js';
import { contextBlock } from '../../../agents/context.js';
import { searchFlightsTool, TOOL } from '../../../agents/tools.js';
import { createAgentTestEnv, lisbonRequest, recordingProviders, type AgentTestEnv } from '../../support/agents.js';

describe('OfflinePlannerModel', () => {
  let env: AgentTestEnv;

  beforeAll(async () => {
    env = await createAgentTestEnv();
  });
  afterAll(() => env.close());

  it('is what createChatModel returns for LLM_PROVIDER=offline', () => {
    expect(createChatModel({ LLM_PROVIDER: 'offline', LLM_MODEL: undefined, LLM_API_KEY: undefined, LLM_BASE_URL: undefined })).toBeInstanceOf(OfflinePlannerModel);
  });

  it('emits a native search_flights tool call from the structured request, then summarizes the tool result', async () => {
    const request = lisbonRequest({ cabinClass: 'business', children: 1 });
    const model = new OfflinePlannerModel().bindTools([searchFlightsTool]);
    const messages = [new SystemMessage(`You are the flights specialist.\n${contextBlock({ task: 'flights', request })}`), new HumanMessage('Find flights.')];

    const first = await model.invoke(messages);
    expect(first.content).toBe('');
    expect(first.tool_calls).toEqual([
      {
        id: expect.any(String),
        name: TOOL.searchFlights,
        type: 'tool_call',
        args: { origin: 'LON', destination: 'LIS', departDate: '2026-12-10', returnDate: '2026-12-14', adults: 2, children: 1, cabinClass: 'business' },
      },
    ]);

    const call = first.tool_calls?.[0];
    if (!call?.id) throw new Error('no tool call id');
    const toolResult = new ToolMessage({ tool_call_id: call.id, name: TOOL.searchFlights, content: JSON.stringify({ summary: '3 flight offers', best: [] }) });
    const second = await model.invoke([...messages, new AIMessage({ content: '', tool_calls: first.tool_calls }), toolResult]);
    expect(second.tool_calls ?? []).toEqual([]);
    expect(second.content).toBe('search_flights: 3 flight offers');
  });

  it('does not call a tool whose arguments it cannot derive', async () => {
    const model = new OfflinePlannerModel().bindTools([searchFlightsTool]);
    const request = lisbonRequest({ origin: null });
    const answer = await model.invoke([new SystemMessage(contextBlock({ task: 'flights', request })), new HumanMessage('Find flights.')]);
    expect(answer.tool_calls ?? []).toEqual([]);
    expect(answer.content).toMatch(/not enough information/i);
  });

  it('drives the flights specialist graph through the ToolNode to the real sandbox provider', async () => {
    const recorder = recordingProviders(env.providers);
    const offers = await findFlights(env.context({ providers: recorder.providers }), { request: lisbonRequest() });

    expect(recorder.calls).toEqual([
      { operation: 'searchFlights', args: { origin: 'LON', destination: 'LIS', departDate: '2026-12-10', returnDate: '2026-12-14', adults: 2, children: 0, cabinClass: 'economy' } },
    ]);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.length).toBeLessThanOrEqual(8);
    for (const offer of offers) {
      expect(offer.outbound[0]?.departAt.startsWith('2026-12-10')).toBe(true);
      expect(offer.inbound.at(-1)?.arriveAt.startsWith('2026-12-1')).toBe(true);
    }
  });

  it('researches the destination with parallel lookup/geocode calls and a forecast for the trip dates', async () => {
    const recorder = recordingProviders(env.providers);
    const brief = await researchDestination(env.context({ providers: recorder.providers }), { request: lisbonRequest() });

    expect(brief).toMatchObject({ city: 'Lisbon', iata: 'LIS', countryCode: 'PT', timeZone: 'Europe/Lisbon' });
    expect(recorder.calls.map((call) => call.operation)).toEqual(['geocode', 'forecast']);
    expect(recorder.calls[1]?.args).toMatchObject({ start: '2026-12-10', end: '2026-12-14' });
    expect(brief.weather.map((day) => day.date)).toEqual(['2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13', '2026-12-14']);
    expect(brief.highlights.some((line) => line.startsWith('Food:'))).toBe(true);
    expect(brief.highlights.some((line) => line.startsWith('Museums:'))).toBe(true);
  });

  it('finds stays for the trip nights, ranked, around the destination centre', async () => {
    const request = lisbonRequest();
    const brief = await researchDestination(env.context(), { request });
    const recorder = recordingProviders(env.providers);
    const stays = await findStays(env.context({ providers: recorder.providers }), { request, destination: brief });

    expect(recorder.calls).toEqual([
      {
        operation: 'searchStays',
        args: { cityCode: 'LIS', latitude: brief.latitude, longitude: brief.longitude, checkIn: '2026-12-10', checkOut: '2026-12-14', adults: 2, children: 0, rooms: 1, currency: 'GBP' },
      },
    ]);
    expect(stays.length).toBeGreaterThan(0);
    expect(stays.every((stay) => stay.nights === 4 && stay.cityCode === 'LIS')).toBe(true);
  });
});
