// Bookings and proposals through the API, end to end on the real worker: start a booking from the trip's
// plan (idempotent by Idempotency-Key), see it become a proposal, approve / reject / edit / cancel it, and
// follow every step in the booking view and the trip's event log. Approving needs a traveler's session.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookingView } from '../../domain/booking.js';
import type { TripState } from '../../domain/trip.js';
import { eventually } from '../support/eventually.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

describe('bookings and proposals API', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let reader: SignedInUser;
  let tripId: string;
  let plan: NonNullable<TripState['plan']>;

  const booking = (bookingId: string) => call<BookingView>(api, 'GET', `/trips/${tripId}/bookings/${bookingId}`, { headers: owner.auth });
  const untilStatus = (bookingId: string, statuses: BookingView['status'][]) =>
    eventually(async () => (await booking(bookingId)).json, (view) => statuses.includes(view.status), { timeoutMs: 60_000, what: `booking ${bookingId} to be ${statuses.join('|')}` });
  const start = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await call<BookingView>(api, 'POST', `/trips/${tripId}/bookings`, { headers: { ...owner.auth, ...headers }, body });
    expect(response.status).toBe(201);
    return response.json;
  };

  beforeAll(async () => {
    api = await startTestApi();
    [owner, reader] = await Promise.all([signUp(api.url, 'booker'), signUp(api.url, 'reader')]);
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisbon in March' } })).json.id;
    expect((await call(api, 'PUT', `/trips/${tripId}/collaborators/${reader.user.id}`, { headers: owner.auth, body: { role: 'read' } })).status).toBe(201);
    const turn = await call<{ plan: TripState['plan'] }>(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: 'A week in Lisbon from New York from 2027-03-10 to 2027-03-17 for 2 adults, budget 4000 EUR', clientMessageId: 'plan-1' },
    });
    expect(turn.status).toBe(200);
    plan = turn.json.plan as NonNullable<TripState['plan']>;
    expect(plan.flightOptions.length).toBeGreaterThan(1);
    expect(plan.stayOptions.length).toBeGreaterThan(1);
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it('starts a booking once per Idempotency-Key, holds, proposes and confirms on approval', async () => {
    const flight = plan.flightOptions[0];
    const stay = plan.stayOptions[0];
    const body = { flightOfferId: flight?.id, stayOfferId: stay?.id };
    const started = await start(body, { 'Idempotency-Key': 'book-first' });
    expect(started).toMatchObject({ tripId, userId: owner.user.id, flight: { id: flight?.id }, stay: { id: stay?.id } });
    // A retry with the same key answers the same booking (200), concurrently too.
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => call<BookingView>(api, 'POST', `/trips/${tripId}/bookings`, { headers: { ...owner.auth, 'Idempotency-Key': 'book-first' }, body })),
    );
    expect(retries.map((retry) => [retry.status, retry.json.bookingId])).toEqual(retries.map(() => [200, started.bookingId]));

    const proposal = await untilStatus(started.bookingId, ['pending_approval']);
    expect(Date.parse(proposal.approvalDeadline ?? '')).toBeGreaterThan(Date.now());
    expect(proposal.steps.filter((step) => step.status === 'done').map((step) => step.step)).toEqual(['validate', 'hold-flight', 'reserve-stay']);
    const proposals = await call<{ items: BookingView[] }>(api, 'GET', `/trips/${tripId}/proposals`, { headers: reader.auth });
    expect(proposals.json.items.map((item) => item.bookingId)).toContain(started.bookingId);
    const state = await call<TripState>(api, 'GET', `/trips/${tripId}/state`, { headers: reader.auth });
    expect(state.json.pendingProposals).toEqual([
      expect.objectContaining({ id: started.bookingId, kind: 'booking', flightOfferId: proposal.flight?.id, stayOfferId: proposal.stay?.id, total: proposal.amounts.total, expiresAt: proposal.approvalDeadline }),
    ]);

    // Only a traveler's session with write access decides: not an API key, not a reader.
    const key = await createApiKeyFor(api.url, owner, ['trips:read', 'trips:write']);
    const byKey = await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: key.auth, body: {} });
    expect(byKey.status).toBe(403);
    expect(byKey.json.detail).toMatch(/signed-in traveler/);
    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: reader.auth, body: {} })).status).toBe(403);
    expect((await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { note: 'ok', tip: 5 } })).json.errors).toEqual([
      { field: 'tip', reason: 'is not a known field' },
    ]);

    const approved = await call<BookingView>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { note: 'Looks good' } });
    expect(approved.status).toBe(200);
    expect(approved.json.decision).toMatchObject({ decision: 'approve', note: 'Looks good' });
    const confirmed = await untilStatus(started.bookingId, ['confirmed', 'failed']);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.amounts.charged).toEqual(confirmed.amounts.total);
    expect(confirmed.steps.map((step) => `${step.step}:${step.status}`)).toEqual(['validate:done', 'hold-flight:done', 'reserve-stay:done', 'charge:done', 'confirm:done']);

    // Decided is decided: a second approval and a cancellation are conflicts.
    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: {} })).status).toBe(409);
    expect((await call(api, 'POST', `/trips/${tripId}/bookings/${started.bookingId}/cancel`, { headers: owner.auth })).status).toBe(409);
    const row = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: started.bookingId }, include: { items: true } });
    expect(row.status).toBe('confirmed');
    expect(row.items.map((item) => `${item.kind}:${item.status}`).sort()).toEqual(['flight:confirmed', 'payment:confirmed', 'stay:confirmed']);

    // The trip's event log and audit trail tell the story.
    const events = await call<{ events: { type: string; payload: { bookingId?: string; status?: string } }[] }>(api, 'GET', `/trips/${tripId}/events?limit=500`, { headers: owner.auth });
    const statuses = events.json.events.filter((event) => event.type === 'booking.status' && event.payload.bookingId === started.bookingId && event.payload.status).map((event) => event.payload.status);
    expect(statuses).toEqual(['holding', 'pending_approval', 'approved', 'paying', 'confirmed']);
    const proposalEvents = events.json.events.filter((event) => event.type === 'proposal' && event.payload.bookingId === started.bookingId);
    expect(proposalEvents.map((event) => event.payload)).toEqual([
      { bookingId: started.bookingId, flightOfferId: proposal.flight?.id, stayOfferId: proposal.stay?.id, total: proposal.amounts.total, approvalDeadline: proposal.approvalDeadline },
    ]);
    const activity = await call<{ items: { action: string; targetId: string }[] }>(api, 'GET', `/trips/${tripId}/activity`, { headers: owner.auth });
    expect(activity.json.items.filter((item) => item.targetId === started.bookingId).map((item) => item.action).sort()).toEqual(['booking.approve', 'booking.start']);
  }, 120_000);

  it('releases every hold on rejection and charges nothing', async () => {
    const started = await start({ flightOfferId: plan.flightOptions[1]?.id, stayOfferId: plan.stayOptions[1]?.id });
    await untilStatus(started.bookingId, ['pending_approval']);
    const rejected = await call<BookingView>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/reject`, { headers: owner.auth, body: { note: 'Too early' } });
    expect(rejected.status).toBe(200);
    const final = await untilStatus(started.bookingId, ['rejected']);
    expect(final.amounts.charged).toBeNull();
    const undone = final.steps.filter((step) => step.compensation).map((step) => [step.step, step.compensation?.status, step.compensation?.outcome]);
    expect(undone).toEqual([
      ['hold-flight', 'done', 'undone'],
      ['reserve-stay', 'done', 'undone'],
    ]);
    const row = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: started.bookingId }, include: { items: true } });
    expect(row.status).toBe('rejected');
    expect(row.items.every((item) => item.status !== 'confirmed')).toBe(true);
  }, 90_000);

  it('edits a proposal into a new round without the stay', async () => {
    const started = await start({ flightOfferId: plan.flightOptions[0]?.id, stayOfferId: plan.stayOptions[0]?.id });
    await untilStatus(started.bookingId, ['pending_approval']);
    const unknown = await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/edit`, { headers: owner.auth, body: { stayOfferId: 'no-such-offer' } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([{ field: 'stayOfferId', reason: 'is not one of the plan\'s stay options' }]);
    const edited = await call<BookingView>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/edit`, { headers: owner.auth, body: { stayOfferId: null, note: 'Staying with friends' } });
    expect(edited.status).toBe(200);
    const second = await eventually(async () => (await booking(started.bookingId)).json, (view) => view.round === 2 && view.status === 'pending_approval', { timeoutMs: 60_000, what: 'round 2' });
    expect(second.stay).toBeNull();
    expect(second.flight?.outbound[0]?.flightNumber).toBe(plan.flightOptions[0]?.outbound[0]?.flightNumber);
    // Cancel while it waits: the round-2 flight hold is released.
    const cancelled = await call<BookingView>(api, 'POST', `/trips/${tripId}/bookings/${started.bookingId}/cancel`, { headers: owner.auth });
    expect(cancelled.status).toBe(202);
    const final = await untilStatus(started.bookingId, ['cancelled']);
    expect(final.steps.filter((step) => step.round === 2 && step.compensation).map((step) => step.compensation?.outcome)).toEqual(['undone']);
    expect((await call(api, 'POST', `/trips/${tripId}/bookings/${started.bookingId}/cancel`, { headers: owner.auth })).status).toBe(409);
  }, 120_000);

  it('rejects bad input with the field and reason, and starts nothing', async () => {
    const before = await api.ctx.prisma.booking.count({ where: { tripId } });
    const cases: [unknown, number, { field: string; reason: string }[]][] = [
      [{}, 400, [{ field: 'flightOfferId', reason: 'name a flightOfferId, a stayOfferId or both' }]],
      [{ flightOfferId: plan.flightOptions[0]?.id, userId: owner.user.id }, 400, [{ field: 'userId', reason: 'is not a known field' }]],
      [{ flightOfferId: 'made-up' }, 422, [{ field: 'flightOfferId', reason: 'is not one of the plan\'s flight options' }]],
    ];
    for (const [body, status, errors] of cases) {
      const response = await call<Problem>(api, 'POST', `/trips/${tripId}/bookings`, { headers: owner.auth, body });
      expect({ status: response.status, errors: response.json.errors }).toEqual({ status, errors });
    }
    const badKey = await call<Problem>(api, 'POST', `/trips/${tripId}/bookings`, { headers: { ...owner.auth, 'Idempotency-Key': 'x'.repeat(201) }, body: { flightOfferId: plan.flightOptions[0]?.id } });
    expect(badKey.json.errors).toEqual([{ field: 'Idempotency-Key', reason: 'must be 1 to 200 visible ASCII characters' }]);
    expect(await api.ctx.prisma.booking.count({ where: { tripId } })).toBe(before);
  });

  it('lists the trip\'s bookings newest first and hides them from other users', async () => {
    const list = await call<{ items: BookingView[] }>(api, 'GET', `/trips/${tripId}/bookings`, { headers: reader.auth });
    expect(list.status).toBe(200);
    expect(list.json.items.length).toBeGreaterThanOrEqual(3);
    expect(list.json.items.map((item) => item.status)).toEqual(expect.arrayContaining(['confirmed', 'rejected', 'cancelled']));
    const stranger = await signUp(api.url, 'stranger');
    const bookingId = list.json.items[0]?.bookingId as string;
    const foreign = await call<Problem>(api, 'GET', `/trips/${tripId}/bookings/${bookingId}`, { headers: stranger.auth });
    expect(foreign.status).toBe(404);
    // A booking of another trip is not reachable through a trip the caller may read.
    const ownTrip = (await call<{ id: string }>(api, 'POST', '/trips', { headers: stranger.auth, body: { title: 'Mine' } })).json.id;
    expect((await call(api, 'GET', `/trips/${ownTrip}/bookings/${bookingId}`, { headers: stranger.auth })).status).toBe(404);
    expect((await call(api, 'POST', `/trips/${ownTrip}/proposals/${bookingId}/approve`, { headers: stranger.auth, body: {} })).status).toBe(404);
  });
});
