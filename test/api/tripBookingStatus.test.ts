// The trip follows its bookings and the traveler's choice, through the API on the real worker: picking a
// flight recomputes the budget and the itinerary for it; a booking awaiting approval makes the trip
// `awaiting_approval`, a confirmed one `booked` (state, trips list, the TripStatus search attribute
// operators filter on), with the booked offers selected in the plan, also after a later turn.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookingView } from '../../domain/booking.js';
import type { SendMessageResult, TripPlan, TripState } from '../../domain/trip.js';
import { saveTravelersForTrip, testCard } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

describe('a trip follows its bookings and selections', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let tripId: string;
  let plan: TripPlan;

  const state = async () => (await call<TripState>(api, 'GET', `/trips/${tripId}/state`, { headers: owner.auth })).json;
  const untilTripStatus = (status: TripState['status']) => eventually(state, (current) => current.status === status, { timeoutMs: 60_000, what: `the trip to be ${status}` });

  beforeAll(async () => {
    api = await startTestApi();
    owner = await signUp(api.url, 'trip-status');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Rome in May' } })).json.id;
    const turn = await call<SendMessageResult>(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: 'Five nights in Rome from London from 2027-05-10 to 2027-05-15 for 2 adults', clientMessageId: 'plan-1' },
    });
    expect(turn.status).toBe(200);
    plan = turn.json.plan as TripPlan;
    expect(plan.flightOptions.length).toBeGreaterThan(2);
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it('recomputes the budget and the itinerary for a flight the traveler picks, and refuses an id not in the plan', async () => {
    const other = plan.flightOptions.find((offer) => offer.id !== plan.selectedFlightId) ?? plan.flightOptions[0];
    const picked = await call<SendMessageResult>(api, 'POST', `/trips/${tripId}/selection`, { headers: owner.auth, body: { flightOfferId: other?.id } });
    expect(picked.status).toBe(200);
    const next = picked.json.plan as TripPlan;
    expect(next.selectedFlightId).toBe(other?.id);
    expect(next.selectedStayId).toBe(plan.selectedStayId);
    expect(next.budget?.lines.find((line) => line.category === 'flights')?.amount.amount).toBeCloseTo(other?.price.amount ?? 0, 0);
    const flightEntries = next.itinerary.flatMap((day) => day.entries).filter((entry) => entry.kind === 'flight').map((entry) => entry.title).join(' ');
    expect(flightEntries).toContain(other?.outbound[0]?.flightNumber);

    const unknown = await call<Problem>(api, 'POST', `/trips/${tripId}/selection`, { headers: owner.auth, body: { flightOfferId: 'no-such-offer' } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([{ field: 'flightOfferId', reason: "is not one of the plan's current options" }]);
    expect((await call<Problem>(api, 'POST', `/trips/${tripId}/selection`, { headers: owner.auth, body: {} })).status).toBe(400);
    plan = next;
  }, 90_000);

  it('is awaiting_approval while a proposal waits and booked once it is confirmed, everywhere operators and travelers look', async () => {
    const flight = plan.flightOptions.find((offer) => offer.id === plan.selectedFlightId);
    const stay = plan.stayOptions.find((offer) => offer.id === plan.selectedStayId);
    const started = await call<BookingView>(api, 'POST', `/trips/${tripId}/bookings`, { headers: owner.auth, body: { flightOfferId: flight?.id, stayOfferId: stay?.id, travelerIds: await saveTravelersForTrip(api.url, owner.auth, tripId) } });
    expect(started.status).toBe(201);

    const waiting = await untilTripStatus('awaiting_approval');
    expect(waiting.bookings).toEqual([expect.objectContaining({ bookingId: started.json.bookingId, status: 'pending_approval' })]);

    const approved = await call<BookingView>(api, 'POST', `/trips/${tripId}/proposals/${started.json.bookingId}/approve`, { headers: owner.auth, body: { card: testCard() } });
    expect(approved.status).toBe(200);
    const booked = await untilTripStatus('booked');
    expect(booked.bookings).toEqual([expect.objectContaining({ bookingId: started.json.bookingId, status: 'confirmed' })]);
    expect(booked.plan?.selectedFlightId).toBe(flight?.id);
    expect(booked.plan?.selectedStayId).toBe(stay?.id);

    const list = await call<{ items: { id: string; status: string }[] }>(api, 'GET', '/trips', { headers: owner.auth });
    expect(list.json.items.find((item) => item.id === tripId)?.status).toBe('booked');
    const runs = await eventually(
      async () => {
        const found: string[] = [];
        for await (const run of api.ctx.temporal.workflow.list({ query: `TripStatus = "booked" AND TripId = "${tripId}"` })) found.push(run.workflowId);
        return found;
      },
      (found) => found.length === 1,
      { timeoutMs: 30_000, what: 'the run in the operator filter TripStatus = "booked"' },
    );
    expect(runs).toEqual([`trip:${tripId}`]);

    // A later turn keeps the trip booked and the booked flight and stay selected.
    const followUp = await call<SendMessageResult>(api, 'POST', `/trips/${tripId}/messages`, { headers: { ...owner.auth, ...WAIT_FOR_REPLY }, body: { text: 'we love museums and food', clientMessageId: 'after-booking' } });
    expect(followUp.status).toBe(200);
    expect(followUp.json.state.status).toBe('booked');
    expect(followUp.json.plan?.selectedFlightId).toBe(flight?.id);
    expect(followUp.json.plan?.selectedStayId).toBe(stay?.id);
  }, 180_000);
});
