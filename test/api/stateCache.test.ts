import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTraveler } from '../support/identity.js';
import { startTestApi, type TestApi } from './authSupport.js';

describe('GET /api/trips/:id/state cache', () => {
  let api: TestApi;
  let headers: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi();
    const { token } = await createTraveler(api.ctx);
    headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  });
  afterAll(() => api.close());

  const getState = async (tripId: string) => {
    const response = await fetch(`${api.url}/api/trips/${tripId}/state`, { headers });
    expect(response.status).toBe(200);
    return { source: response.headers.get('tripsage-state-source'), state: (await response.json()) as { request: { adults: number }; lastEventSeq: number } };
  };

  it('serves the cached state until the trip event log moves, then the fresh one', async () => {
    const created = await fetch(`${api.url}/api/trips`, { method: 'POST', headers, body: JSON.stringify({ title: 'Cache test' }) });
    const { id } = (await created.json()) as { id: string };
    const message = await fetch(`${api.url}/api/trips/${id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: 'Five nights in Rome from London departing April 10 2027', clientMessageId: 'c1' }) });
    expect(message.status).toBe(200);

    const first = await getState(id);
    expect(first.source).toBe('workflow');
    const second = await getState(id);
    expect(second.source).toBe('cache');
    expect(second.state).toEqual(first.state);

    const constraints = await fetch(`${api.url}/api/trips/${id}/constraints`, { method: 'POST', headers, body: JSON.stringify({ adults: 4 }) });
    expect(constraints.status).toBe(200);
    const afterChange = await getState(id);
    expect(afterChange.source).toBe('workflow');
    expect(afterChange.state.request.adults).toBe(4);
    expect(afterChange.state.lastEventSeq).toBeGreaterThan(first.state.lastEventSeq);
  });
});
