import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { saveTravelersForTrip, testCard } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { createTraveler } from '../support/identity.js';
import { startTestApi, WAIT_FOR_REPLY, type TestApi } from './authSupport.js';

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
    return { source: response.headers.get('tripsage-state-source'), state: (await response.json()) as { status: string; request: { adults: number }; lastEventSeq: number } };
  };

  it('serves the cached state until the trip event log moves, then the fresh one', async () => {
    const created = await fetch(`${api.url}/api/trips`, { method: 'POST', headers, body: JSON.stringify({ title: 'Cache test' }) });
    const { id } = (await created.json()) as { id: string };
    const message = await fetch(`${api.url}/api/trips/${id}/messages`, { method: 'POST', headers: { ...headers, ...WAIT_FOR_REPLY }, body: JSON.stringify({ text: 'Five nights in Rome from London departing April 10 2027', clientMessageId: 'c1' }) });
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

  it('keeps caching after other workflows append events (a booking), with the pending proposals current', async () => {
    const created = await fetch(`${api.url}/api/trips`, { method: 'POST', headers, body: JSON.stringify({ title: 'Cache and bookings' }) });
    const { id } = (await created.json()) as { id: string };
    const message = await fetch(`${api.url}/api/trips/${id}/messages`, { method: 'POST', headers: { ...headers, ...WAIT_FOR_REPLY }, body: JSON.stringify({ text: 'Five nights in Rome from London departing April 10 2027', clientMessageId: 'c1' }) });
    const { plan } = (await message.json()) as { plan: { flightOptions: { id: string }[] } };
    const booking = await fetch(`${api.url}/api/trips/${id}/bookings`, { method: 'POST', headers, body: JSON.stringify({ flightOfferId: plan.flightOptions[0]?.id, travelerIds: await saveTravelersForTrip(api.url, headers, id) }) });
    const { bookingId } = (await booking.json()) as { bookingId: string };
    // The booking's events move the trip's counter past the planning workflow's last event.
    // …and the trip workflow, told by the saga, is awaiting approval.
    await eventually(
      () => getState(id),
      ({ state }) => state.status === 'awaiting_approval' && (state as unknown as { pendingProposals: { id: string }[] }).pendingProposals.length === 1,
      { what: 'the proposal in the state' },
    );
    const settled = await getState(id);
    const again = await getState(id);
    expect(again.source).toBe('cache');
    expect(again.state).toEqual(settled.state);
    expect((again.state as unknown as { pendingProposals: { id: string }[] }).pendingProposals.map((proposal) => proposal.id)).toEqual([bookingId]);
    // The booking workflow's own events (booking.status) are in the trip's log, and the cache still serves.
    expect(await api.ctx.prisma.tripEvent.count({ where: { tripId: id, type: 'booking.status' } })).toBeGreaterThan(0);

    const approve = await fetch(`${api.url}/api/trips/${id}/proposals/${bookingId}/approve`, { method: 'POST', headers, body: JSON.stringify({ card: testCard() }) });
    expect(approve.status).toBe(200);
    const afterDecision = await getState(id);
    expect(afterDecision.source).not.toBe('cache');
    expect((afterDecision.state as unknown as { pendingProposals: unknown[] }).pendingProposals).toEqual([]);
  });
});
