// Bookings and proposals through the API, end to end on the real worker: start a booking from the trip's
// plan (idempotent by Idempotency-Key), see it become a proposal, approve / reject / edit / cancel it, and
// follow every step in the booking view and the trip's event log. Approving needs a traveler's session.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookingView } from '../../domain/booking.js';
import type { TripState } from '../../domain/trip.js';
import type { BookingResource } from '../../contracts/bookings.js';
import { adultDetails, compensationOutcomes, DECLINED_CARD_COMPENSATIONS, saveAdults, TEST_CARDS, testCard } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

describe('bookings and proposals API', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let reader: SignedInUser;
  let tripId: string;
  let plan: NonNullable<TripState['plan']>;
  /** The owner's two saved adults, who travel on every booking here. */
  let travelerIds: string[];

  const booking = (bookingId: string) => call<BookingResource>(api, 'GET', `/trips/${tripId}/bookings/${bookingId}`, { headers: owner.auth });
  const untilStatus = (bookingId: string, statuses: BookingView['status'][]) =>
    eventually(async () => (await booking(bookingId)).json, (view) => statuses.includes(view.status), { timeoutMs: 60_000, what: `booking ${bookingId} to be ${statuses.join('|')}` });
  const start = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await call<BookingView>(api, 'POST', `/trips/${tripId}/bookings`, { headers: { ...owner.auth, ...headers }, body: { travelerIds, ...body } });
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
    travelerIds = await saveAdults(api.url, owner.auth, 2);
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
    // The refusal says what would be allowed, whatever the key's scopes: a suggest-only key is not told to get trips:write.
    const refusal = 'Approving and paying for a booking needs a signed-in traveler; API keys cannot approve or pay for bookings, whatever their scopes.';
    for (const scopes of [['trips:read', 'trips:write'], ['trips:suggest'], ['watches:read']] as const) {
      const key = await createApiKeyFor(api.url, owner, [...scopes]);
      const byKey = await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: key.auth, body: {} });
      expect({ scopes, status: byKey.status, detail: byKey.json.detail }).toEqual({ scopes, status: 403, detail: refusal });
    }
    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: reader.auth, body: {} })).status).toBe(403);
    expect((await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { note: 'ok', tip: 5, card: testCard() } })).json.errors).toEqual([
      { field: 'tip', reason: 'is not a known field' },
    ]);

    // A card that breaks a rule is a 422 by field, and nothing is decided.
    const badCard = await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, {
      headers: owner.auth,
      body: { card: { number: '4242 4242 4242 4241', expMonth: 1, expYear: 2020, cvc: '12345' } },
    });
    expect(badCard.status).toBe(400); // the CVC's shape is wrong: a 400, listing every field
    const ruleBroken = await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, {
      headers: owner.auth,
      body: { card: { number: '4242 4242 4242 4241', expMonth: 1, expYear: 2020, cvc: '123' } },
    });
    expect(ruleBroken.status).toBe(422);
    expect(ruleBroken.json.errors).toEqual([
      { field: 'card.number', reason: 'is not a valid card number (check the digits)' },
      { field: 'card.expYear', reason: 'the card has expired' },
    ]);
    expect((await booking(started.bookingId)).json.status).toBe('pending_approval');

    const approved = await call<BookingResource>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { note: 'Looks good', card: testCard() } });
    expect(approved.status).toBe(200);
    expect(approved.json.checkout.paymentMethod).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(approved.json.decision).toMatchObject({ decision: 'approve', note: 'Looks good' });
    const confirmed = await untilStatus(started.bookingId, ['confirmed', 'failed']);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.amounts.charged).toEqual(confirmed.amounts.total);
    expect(confirmed.steps.map((step) => `${step.step}:${step.status}`)).toEqual(['validate:done', 'hold-flight:done', 'reserve-stay:done', 'charge:done', 'confirm:done']);
    // In the traveler's terms: who flies, the card (never its number), the airline's and the hotel's references.
    expect(confirmed.checkout.travelers.map((traveler) => [traveler.givenName, traveler.familyName, traveler.type])).toEqual([
      [adultDetails(0).givenName, 'Silva', 'adult'],
      [adultDetails(1).givenName, 'Silva', 'adult'],
    ]);
    expect(confirmed.checkout.references.airline).toMatch(/^[A-Z2-9]{6}$/);
    expect(confirmed.checkout.references.hotel).toMatch(/^[A-Z]{3}[0-9A-F]{8}$/);
    const stored = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: started.bookingId } });
    expect(JSON.stringify(stored)).not.toContain('4242424242424242');
    expect(stored.paymentMethod).toMatchObject({ brand: 'visa', last4: '4242', token: expect.stringMatching(/^tok_sandbox_ok_4242_/) });

    // Decided is decided: a second approval and a cancellation are conflicts.
    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { card: testCard() } })).status).toBe(409);
    expect((await call(api, 'POST', `/trips/${tripId}/bookings/${started.bookingId}/cancel`, { headers: owner.auth })).status).toBe(409);
    const row = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: started.bookingId }, include: { items: true } });
    expect(row.status).toBe('confirmed');
    expect(row.items.map((item) => `${item.kind}:${item.status}`).sort()).toEqual(['flight:confirmed', 'payment:confirmed', 'stay:confirmed']);

    // The trip's event log and audit trail tell the story.
    const events = await call<{ items: { type: string; payload: { bookingId?: string; status?: string } }[] }>(api, 'GET', `/trips/${tripId}/events?limit=500`, { headers: owner.auth });
    const statuses = events.json.items.filter((event) => event.type === 'booking.status' && event.payload.bookingId === started.bookingId && event.payload.status).map((event) => event.payload.status);
    expect(statuses).toEqual(['holding', 'pending_approval', 'approved', 'paying', 'confirmed']);
    const proposalEvents = events.json.items.filter((event) => event.type === 'proposal' && event.payload.bookingId === started.bookingId);
    expect(proposalEvents.map((event) => event.payload)).toEqual([
      { bookingId: started.bookingId, flightOfferId: proposal.flight?.id, stayOfferId: proposal.stay?.id, total: proposal.amounts.total, approvalDeadline: proposal.approvalDeadline },
    ]);
    const activity = await call<{ items: { action: string; targetId: string }[] }>(api, 'GET', `/trips/${tripId}/activity`, { headers: owner.auth });
    expect(activity.json.items.filter((item) => item.targetId === started.bookingId).map((item) => item.action).sort()).toEqual(['booking.approve', 'booking.start']);
  }, 120_000);

  it.each([
    [TEST_CARDS.declined, /your bank declined the card \(card_declined, card ending 0002\)/],
    [TEST_CARDS.insufficientFunds, /insufficient funds \(insufficient_funds, card ending 9995\)/],
  ])('a declined card (%s) fails the booking with the reason, charges nothing and releases every hold', async (number, reason) => {
    const started = await start({ flightOfferId: plan.flightOptions[0]?.id, stayOfferId: plan.stayOptions[0]?.id });
    await untilStatus(started.bookingId, ['pending_approval']);
    const approved = await call<BookingResource>(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { card: testCard(number) } });
    expect(approved.status).toBe(200);
    const final = await untilStatus(started.bookingId, ['failed', 'confirmed']);
    expect(final.status).toBe('failed');
    expect(final.failureReason).toMatch(reason);
    expect(final.failureReason).toMatch(/Nothing was charged and everything held was released/);
    expect(final.amounts.charged).toBeNull();
    expect(compensationOutcomes(final)).toEqual(DECLINED_CARD_COMPENSATIONS);
    const ops = await api.ctx.prisma.sandboxOperation.findMany({ where: { idempotencyKey: { startsWith: `${started.bookingId}:` } }, orderBy: { id: 'asc' } });
    expect(ops.map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'void', 'cancel_stay', 'release_flight_hold']);
    const row = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: started.bookingId }, include: { items: true } });
    expect(row.items.map((item) => `${item.kind}:${item.status}`).sort()).toEqual(['flight:released', 'stay:released']);
  }, 90_000);

  it('names who travels before anything is held: the caller\'s saved travelers, as many adults and children as the trip', async () => {
    const before = await api.ctx.prisma.booking.count({ where: { tripId } });
    const offers = { flightOfferId: plan.flightOptions[0]?.id, stayOfferId: plan.stayOptions[0]?.id };
    const attempt = (body: Record<string, unknown>, headers = owner.auth) => call<Problem>(api, 'POST', `/trips/${tripId}/bookings`, { headers, body: { ...offers, ...body } });
    expect((await attempt({})).json.errors).toEqual([{ field: 'travelerIds', reason: 'name the saved travelers who travel (2 adults)' }]);
    const one = await attempt({ travelerIds: travelerIds.slice(0, 1) });
    expect(one.status).toBe(422);
    expect(one.json.errors).toEqual([{ field: 'travelerIds', reason: expect.stringMatching(/^the trip is for 2 adults; these are 1 adult on \d{4}-\d{2}-\d{2}/) }]);
    const [child] = await Promise.all([call<{ id: string }>(api, 'POST', '/travelers', { headers: owner.auth, body: adultDetails(2, { bornOn: '2020-05-01' }) })]);
    const withChild = await attempt({ travelerIds: [travelerIds[0], child?.json.id] });
    expect(withChild.json.errors).toEqual([{ field: 'travelerIds', reason: expect.stringMatching(/these are 1 adult and 1 child/) }]);
    const twice = await attempt({ travelerIds: [travelerIds[0], travelerIds[0]] });
    expect([twice.status, twice.json.errors]).toEqual([422, [{ field: 'travelerIds', reason: 'must name each traveler once' }]]);
    const [foreign] = await saveAdults(api.url, reader.auth, 1);
    expect((await attempt({ travelerIds: [travelerIds[0], foreign] })).json.errors).toEqual([{ field: 'travelerIds.1', reason: 'is not one of your saved travelers' }]);
    expect(await api.ctx.prisma.booking.count({ where: { tripId } })).toBe(before);

    // An API key (it cannot read passport details) starts without travelers; the traveler names them when approving.
    const key = await createApiKeyFor(api.url, owner, ['trips:read', 'trips:write']);
    const byAgent = await attempt({}, key.auth);
    expect(byAgent.status).toBe(201);
    const agentBookingId = (byAgent.json as unknown as BookingView).bookingId;
    await untilStatus(agentBookingId, ['pending_approval']);
    const unnamed = await call<Problem>(api, 'POST', `/trips/${tripId}/proposals/${agentBookingId}/approve`, { headers: owner.auth, body: { card: testCard() } });
    expect([unnamed.status, unnamed.json.errors]).toEqual([422, [{ field: 'travelerIds', reason: expect.stringMatching(/started without travelers/) }]]);
    const named = await call<BookingResource>(api, 'POST', `/trips/${tripId}/proposals/${agentBookingId}/approve`, { headers: owner.auth, body: { card: testCard(), travelerIds } });
    expect(named.status).toBe(200);
    expect((await untilStatus(agentBookingId, ['confirmed', 'failed'])).checkout.travelers).toHaveLength(2);
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

  it('sends who flies to the airline in Duffel\'s order shape, and keeps their names on the booking after they are deleted', async () => {
    const ids = await saveAdults(api.url, owner.auth, 2);
    const started = await start({ flightOfferId: plan.flightOptions[0]?.id, stayOfferId: plan.stayOptions[0]?.id, travelerIds: ids });
    await untilStatus(started.bookingId, ['pending_approval']);
    // The hold named both passengers (the sandbox checked every field of Duffel's `passengers[]`); its log keeps names, not birth dates or contacts.
    const [hold] = await api.ctx.prisma.sandboxOperation.findMany({ where: { idempotencyKey: { startsWith: `${started.bookingId}:` }, kind: 'hold_flight' } });
    expect(hold?.request).toMatchObject({
      passengers: 2,
      named: [
        { id: 'passenger_1', type: 'adult', given_name: adultDetails(0).givenName, family_name: 'Silva' },
        { id: 'passenger_2', type: 'adult', given_name: adultDetails(1).givenName, family_name: 'Silva' },
      ],
      namedDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(hold?.request)).not.toMatch(/1990-0|@example\.test|\+351/);

    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${started.bookingId}/approve`, { headers: owner.auth, body: { card: testCard() } })).status).toBe(200);
    expect((await untilStatus(started.bookingId, ['confirmed', 'failed'])).status).toBe('confirmed');
    const row = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: started.bookingId } });
    expect(row.bookedPassengers).toEqual([
      { id: ids[0], givenName: adultDetails(0).givenName, familyName: 'Silva', type: 'adult' },
      { id: ids[1], givenName: adultDetails(1).givenName, familyName: 'Silva', type: 'adult' },
    ]);

    // Deleting a traveler leaves the booking naming who it was booked for, in the booking and in the list.
    expect((await call(api, 'DELETE', `/travelers/${ids[0]}`, { headers: owner.auth })).status).toBe(204);
    const names = (view: BookingResource | undefined) => view?.checkout.travelers.map((traveler) => `${traveler.givenName} ${traveler.familyName}`);
    const expected = [`${adultDetails(0).givenName} Silva`, `${adultDetails(1).givenName} Silva`];
    expect(names((await booking(started.bookingId)).json)).toEqual(expected);
    const list = await call<{ items: BookingResource[] }>(api, 'GET', `/trips/${tripId}/bookings`, { headers: owner.auth });
    expect(names(list.json.items.find((item) => item.bookingId === started.bookingId))).toEqual(expected);
  }, 120_000);

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
