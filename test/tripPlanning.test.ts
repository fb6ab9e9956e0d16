import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './support/eventually.js';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { getTripState, sendTripMessage, setTripConstraints, type TripRef } from '../api/tripWorkflows.js';
import { addDays, dateRange } from '../domain/dates.js';
import { roomNeededFrom } from '../domain/offerSanity.js';
import { emptyTripRequest, type FlightOffer } from '../domain/trip.js';
import { workflowIds } from '../workflows/ids.js';
import { DestinationAttribute, TripStatusAttribute } from '../workflows/searchAttributes.js';
import { agentSuggestionSignal, tripPlanningWorkflow } from '../workflows/tripPlanning.js';
import { connectTestServices, type TestServices } from './support/services.js';

const REQUEST = 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000, we love food and museums';

describe('tripPlanningWorkflow on the real worker', () => {
  let services: TestServices;
  let userId: string;

  const newTrip = (): TripRef => ({ tripId: randomUUID(), userId, taskQueue: services.config.TEMPORAL_TASK_QUEUE });

  beforeAll(async () => {
    services = await connectTestServices();
    const user = await services.prisma.user.create({ data: { email: `planner-${randomUUID()}@example.test`, displayName: 'Planner Test' } });
    userId = user.id;
  });

  afterAll(async () => {
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  it('runs a full turn: understands, searches, budgets, writes an itinerary and replies; persists and logs events', async () => {
    const trip = newTrip();
    const result = await sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 'm1' });

    expect(result.state.request).toMatchObject({
      origin: { iata: 'NYC' },
      destination: { iata: 'LIS' },
      departDate: '2027-03-05',
      returnDate: '2027-03-12',
      adults: 2,
      budget: { amount: 5000, currency: 'USD' },
    });
    expect(result.state.request.interests).toEqual(expect.arrayContaining(['food', 'museums']));
    expect(result.plan?.flightOptions.length).toBeGreaterThan(0);
    expect(result.plan?.stayOptions.length).toBeGreaterThan(0);
    expect(result.plan?.itinerary.length).toBe(8);
    expect(result.plan?.budget?.total.amount).toBeGreaterThan(0);
    expect(result.plan?.failures).toEqual([]);
    expect(result.reply.length).toBeGreaterThan(40);
    expect(result.state.status).toBe('proposing');

    // The query answers the same state.
    const state = await getTripState(services.temporal, trip.tripId);
    expect(state.turns).toBe(1);
    expect(state.lastEventSeq).toBe(result.state.lastEventSeq);

    // Events: gap-free seq from 1, progress for every step, the reply last.
    const events = await services.prisma.tripEvent.findMany({ where: { tripId: trip.tripId }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(-1)).toMatchObject({ type: 'message', payload: { role: 'assistant' } });
    const doneSteps = events.filter((event) => event.type === 'progress' && (event.payload as { status?: string }).status === 'done').map((event) => (event.payload as { step: string }).step);
    expect(doneSteps.sort()).toEqual(['compose', 'destination', 'flights', 'stays', 'understand']);
    expect(state.lastEventSeq).toBe(events.length);

    // Projection rows.
    const row = await services.prisma.trip.findUniqueOrThrow({ where: { id: trip.tripId }, include: { messages: true, itineraryItems: true } });
    expect(row).toMatchObject({ status: 'proposing', origin: 'NYC', destinations: ['LIS'], title: 'Trip to Lisbon', adults: 2 });
    expect(row.messages.map((message) => message.role).sort()).toEqual(['assistant', 'user']);
    expect(row.itineraryItems.length).toBeGreaterThan(8);
    expect((row.plan as { itinerary: unknown[] } | null)?.itinerary).toHaveLength(8);

    // Operators find the run by its search attributes.
    const description = await services.temporal.workflow.getHandle(workflowIds.trip(trip.tripId)).describe();
    expect(description.typedSearchAttributes.get(TripStatusAttribute)).toBe('proposing');
    expect(description.typedSearchAttributes.get(DestinationAttribute)).toBe('LIS');
  });

  it('books the stay from the night the traveler lands, not the nights spent flying (Chicago → Tokyo overnight)', async () => {
    const trip = newTrip();
    const result = await sendTripMessage(services.temporal, trip, { text: 'Chicago to Tokyo from April 8 to April 15 2027 for 2 adults', clientMessageId: 'm1' });
    const plan = result.plan;
    const flight = plan?.flightOptions.find((offer) => offer.id === plan.selectedFlightId);
    const stay = plan?.stayOptions.find((offer) => offer.id === plan.selectedStayId);
    expect(flight && stay).toBeTruthy();
    const landing = flight?.outbound.at(-1)?.arriveAt ?? '';
    expect(landing.slice(0, 10) > '2027-04-08').toBe(true);
    // Every stay option starts when the leading flight needs a room, and the pick fits the picked flight.
    expect(stay?.checkIn).toBe(roomNeededFrom(flight as FlightOffer, '2027-04-08'));
    expect(plan?.stayOptions.every((offer) => offer.checkIn > '2027-04-08' && offer.checkOut === '2027-04-15')).toBe(true);
    expect(stay?.nights).toBeLessThan(7);
  });

  it('returns the first result for a re-sent clientMessageId and runs nothing twice', async () => {
    const trip = newTrip();
    const first = await sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 'same' });
    const eventsBefore = await services.prisma.tripEvent.count({ where: { tripId: trip.tripId } });
    const [again, concurrent] = await Promise.all([
      sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 'same' }),
      sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 'same' }),
    ]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(await services.prisma.tripEvent.count({ where: { tripId: trip.tripId } })).toBe(eventsBefore);
    expect(await services.prisma.chatMessage.count({ where: { tripId: trip.tripId } })).toBe(2);
    expect((await getTripState(services.temporal, trip.tripId)).turns).toBe(1);
  });

  it('merges a follow-up message into the request without clobbering it', async () => {
    const trip = newTrip();
    await sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 'a' });
    const followUp = await sendTripMessage(services.temporal, trip, { text: 'Actually make it business class', clientMessageId: 'b' });
    expect(followUp.state.request).toMatchObject({ cabinClass: 'business', destination: { iata: 'LIS' }, adults: 2 });
    expect(followUp.state.turns).toBe(2);
  });

  it("starts from what the trip already says and lets the message fill in the rest", async () => {
    const trip = newTrip();
    const seeded = { ...emptyTripRequest, adults: 3, children: 1, budget: { amount: 7000, currency: 'EUR' }, interests: ['wine'] };
    const result = await sendTripMessage(services.temporal, trip, { text: 'Lisbon from London departing May 2 2027 for a week', clientMessageId: 's1' }, { request: seeded, pace: 'relaxed' });
    expect(result.state.request).toMatchObject({ adults: 3, children: 1, budget: { amount: 7000, currency: 'EUR' }, destination: { iata: 'LIS' }, departDate: '2027-05-02' });
    expect(result.state.request.interests).toContain('wine');
    expect(result.state.pace).toBe('relaxed');
  });

  it('rejects invalid updates before they enter history', async () => {
    const trip = newTrip();
    await sendTripMessage(services.temporal, trip, { text: 'Somewhere warm in December', clientMessageId: 'ok' });
    const handle = services.temporal.workflow.getHandle(workflowIds.trip(trip.tripId));
    const invalid: unknown[] = [
      { text: '   ', clientMessageId: 'x1' },
      { text: 'x'.repeat(4_001), clientMessageId: 'x2' },
      { text: 'hi', clientMessageId: 'x3', role: 'system' },
      { text: 'hi', clientMessageId: 'has spaces' },
    ];
    for (const input of invalid) {
      const failure = await handle.executeUpdate('sendMessage', { args: [input] }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (failure as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('ValidationError');
    }
    const constraintFailure = await setTripConstraints(services.temporal, trip.tripId, { departDate: '2027-05-10', returnDate: '2027-05-01' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect((constraintFailure as WorkflowUpdateFailedError).cause?.message).toContain('returnDate');

    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(1); // only the valid first message
    expect((await getTripState(services.temporal, trip.tripId)).turns).toBe(1);
  });

  it('applies constraints and records agent suggestions without applying them', async () => {
    const trip = newTrip();
    await sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 'c1' });
    const updated = await setTripConstraints(services.temporal, trip.tripId, { adults: 3, pace: 'relaxed', budget: { amount: 6000, currency: 'USD' } });
    expect(updated.request).toMatchObject({ adults: 3, budget: { amount: 6000 } });
    expect(updated.pace).toBe('relaxed');

    const handle = services.temporal.workflow.getHandle(workflowIds.trip(trip.tripId));
    await handle.signal(agentSuggestionSignal, { source: 'concierge-bot', kind: 'activity', payload: { title: 'Fado night in Alfama' } });
    await handle.signal(agentSuggestionSignal, { source: '', kind: 'bogus', payload: null } as never);
    const state = await eventually(() => getTripState(services.temporal, trip.tripId), (read) => read.suggestions.length > 0, { timeoutMs: 5_000, intervalMs: 100, what: 'the suggestion' });
    expect(state.suggestions).toHaveLength(1);
    expect(state.suggestions[0]).toMatchObject({ source: 'concierge-bot', status: 'pending', payload: { title: 'Fado night in Alfama' } });
    expect(state.request.adults).toBe(3); // the suggestion changed nothing
    // The state shows the suggestion as soon as the signal is handled; its event is written just after.
    const suggestionEvents = await eventually(() => services.prisma.tripEvent.count({ where: { tripId: trip.tripId, type: 'suggestion' } }), (count) => count > 0, { timeoutMs: 10_000, what: 'the suggestion event' });
    expect(suggestionEvents).toBe(1);
  });

  it('continues as new after maxTurnsPerRun and keeps state, idempotency and events', async () => {
    const trip = newTrip();
    const workflowId = workflowIds.trip(trip.tripId);
    const handle = await services.temporal.workflow.start(tripPlanningWorkflow, {
      workflowId,
      taskQueue: trip.taskQueue,
      args: [{ tripId: trip.tripId, userId, maxTurnsPerRun: 2 }],
    });
    const firstRunId = handle.firstExecutionRunId;
    const first = await sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 't1' });
    await sendTripMessage(services.temporal, trip, { text: 'Make it 3 adults', clientMessageId: 't2' });
    // The second turn ends the first run; the next message lands on the new run.
    const description = await eventually(() => services.temporal.workflow.getHandle(workflowId).describe(), (read) => read.runId !== firstRunId, {
      timeoutMs: 5_000,
      intervalMs: 100,
      what: 'the continued run',
    });
    expect(description.runId).not.toBe(firstRunId);
    const third = await sendTripMessage(services.temporal, trip, { text: 'We also like wine', clientMessageId: 't3' });
    expect(third.state.turns).toBe(3);
    expect(third.state.request).toMatchObject({ adults: 3, destination: { iata: 'LIS' } });
    expect(third.state.request.interests).toEqual(expect.arrayContaining(['food', 'museums', 'wine']));
    const resent = await sendTripMessage(services.temporal, trip, { text: REQUEST, clientMessageId: 't1' });
    expect(resent.reply).toBe(first.reply);
    const events = await services.prisma.tripEvent.findMany({ where: { tripId: trip.tripId }, orderBy: { seq: 'asc' }, select: { seq: true } });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(third.state.lastEventSeq).toBe(events.length);
  });
  it('gives a trip 5 months out weather on every itinerary day, labelled typical, in °F for a Chicago traveler', async () => {
    const trip = newTrip();
    const depart = addDays(new Date().toISOString().slice(0, 10), 150);
    const month = new Date(`${depart}T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });
    const text = `Plan 4 nights in Lisbon from Chicago departing ${month} ${Number(depart.slice(8, 10))} ${depart.slice(0, 4)} for 2 adults`;
    const result = await sendTripMessage(services.temporal, trip, { text, clientMessageId: 'far-out' });

    expect(result.state.request).toMatchObject({ origin: { iata: 'CHI' }, destination: { iata: 'LIS' }, departDate: depart, returnDate: addDays(depart, 4) });
    const itinerary = result.plan?.itinerary ?? [];
    expect(itinerary.map((day) => day.date)).toEqual(dateRange(depart, addDays(depart, 4)));
    expect(itinerary.map((day) => day.weather?.kind)).toEqual(Array(5).fill('typical'));
    expect(result.plan?.destination?.weather.map((day) => day.date)).toEqual(dateRange(depart, addDays(depart, 4)));
    expect(result.plan?.temperatureUnit).toBe('F');
    expect(result.reply).toMatch(/Weather: typical for (early|mid|late) [A-Z][a-z]+( to (early|mid|late)( [A-Z][a-z]+)?)?: -?\d+–-?\d+ °F/);
    expect(result.reply).not.toMatch(/no forecast|From what I remember/);
  });
});
