import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './support/eventually.js';
import { WorkflowFailedError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { startBooking } from '../api/bookingWorkflows.js';
import type { BookingFailureHooks } from '../activities/booking.js';
import { bookingForwardSteps, type BookingStep, type BookingView } from '../domain/booking.js';
import { addDays } from '../domain/dates.js';
import { BOOKING_UNAVAILABLE_REASON } from '../domain/stepFailures.js';
import { loadPlaces, type PlaceIndex } from '../domain/places.js';
import type { FlightOffer, StayOffer } from '../domain/trip.js';
import type { PrismaClient } from '../infra/db.js';
import { pollingWorkerCount } from '../infra/temporal.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { tokenizeTestCard } from '../providers/sandbox/payments.js';
import { SandboxStayProvider } from '../providers/sandbox/stays.js';
import { stop } from '../scripts/lib/process.js';
import { projectRoot } from '../scripts/provision.js';
import { bookingWorkflow, decideUpdate, getBookingQuery } from '../workflows/booking.js';
import { workflowBundlerOptions, workflowsPath } from '../worker/bundler.js';
import { workflowIds } from '../workflows/ids.js';
import { BookingStatusAttribute } from '../workflows/searchAttributes.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startTimeSkippingStack, type TimeSkippingStack } from './support/timeSkipping.js';

type Handle = WorkflowHandle<typeof bookingWorkflow>;

interface Injection {
  step: BookingStep;
  when: 'before' | 'after';
  /** Fail only the first N attempts (retryably); default: every attempt, non-retryably. */
  attempts?: number;
  /** The first attempt first hangs this long without heartbeating (its worker stalled or died), then fails. */
  stallFirstMs?: number;
}

/** Failure injection per booking id, through the activity deps' hooks (tests only, never a global of the app). */
const injected = new Map<string, Injection[]>();
const attemptsSeen: { bookingId: string; step: BookingStep; attempt: number }[] = [];
function inject(when: Injection['when']) {
  return async (step: BookingStep, context: { bookingId: string; attempt: number }) => {
    if (when === 'before') attemptsSeen.push({ bookingId: context.bookingId, step, attempt: context.attempt });
    for (const plan of injected.get(context.bookingId) ?? []) {
      if (plan.when !== when || plan.step !== step) continue;
      if (plan.stallFirstMs && context.attempt === 1) await new Promise((resolve) => setTimeout(resolve, plan.stallFirstMs));
      if (plan.attempts === undefined) throw ApplicationFailure.nonRetryable(`injected failure ${when} ${step}`, 'InjectedFailure');
      if (context.attempt <= plan.attempts) throw ApplicationFailure.retryable(`injected failure ${when} ${step} (attempt ${context.attempt})`, 'InjectedFailure');
    }
  };
}
/** Status records made slow per booking id: status → delay in ms. */
const slowStatusRecords = new Map<string, Partial<Record<BookingView['status'], number>>>();
const hooks: BookingFailureHooks = {
  before: inject('before'),
  after: inject('after'),
  recordingStatus: async (status, { bookingId }) => {
    const delayMs = slowStatusRecords.get(bookingId)?.[status];
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
  },
};

const SIDE_EFFECT = { 'hold-flight': 'hold_flight', 'reserve-stay': 'reserve_stay', charge: 'charge' } as const;
const UNDO = { 'hold-flight': 'release_flight_hold', 'reserve-stay': 'cancel_stay', charge: 'refund' } as const;
const MUTATING = ['hold-flight', 'reserve-stay', 'charge'] as const;
const ENDED = ['confirmed', 'failed', 'cancelled', 'expired', 'rejected'];

async function searchOffers(places: PlaceIndex, at: Date): Promise<{ flight: FlightOffer; stays: StayOffer[] }> {
  const depart = addDays(at.toISOString().slice(0, 10), 60);
  const back = addDays(depart, 5);
  const flights = await new SandboxFlightProvider({ places, now: () => at }).searchFlights({ origin: 'JFK', destination: 'LIS', departDate: depart, returnDate: back, adults: 2, children: 0, cabinClass: 'economy' });
  const lisbon = places.city('LIS');
  const stays = await new SandboxStayProvider({ places, now: () => at }).searchStays({
    cityCode: 'LIS',
    latitude: lisbon?.latitude ?? 38.72,
    longitude: lisbon?.longitude ?? -9.14,
    checkIn: depart,
    checkOut: back,
    adults: 2,
    children: 0,
    rooms: 1,
    // Quoted where the traveler books from, like the planner's stays search (JFK: USD, as the flights).
    currency: 'USD',
  });
  const [flight] = flights;
  if (!flight || stays.length < 2) throw new Error('the sandbox offered nothing');
  return { flight, stays };
}

async function sandboxOperations(prisma: PrismaClient, bookingId: string) {
  return prisma.sandboxOperation.findMany({ where: { idempotencyKey: { startsWith: `${bookingId}:` } }, orderBy: { id: 'asc' } });
}

/** Polls the query until the booking awaits a decision or has ended. */
async function decisionPoint(handle: Handle, timeoutMs = 60_000): Promise<BookingView> {
  const view = await eventually(() => handle.query(getBookingQuery).catch(() => null), (read) => read !== null && (read.status === 'pending_approval' || ENDED.includes(read.status)), {
    timeoutMs,
    intervalMs: 50,
    what: 'the booking to reach a decision point',
  });
  return view as BookingView;
}

describe('bookingWorkflow on the time-skipping server', () => {
  let stack: TimeSkippingStack;
  let places: PlaceIndex;
  let userId: string;

  beforeAll(async () => {
    stack = await startTimeSkippingStack({ bookingFailures: hooks });
    places = await loadPlaces();
    userId = (await stack.services.prisma.user.create({ data: { email: `booking-${randomUUID()}@example.test`, displayName: 'Booking Test' } })).id;
  }, 120_000);

  afterAll(async () => {
    await stack.services.prisma.user.delete({ where: { id: userId } });
    await stack.close();
  });

  async function newBooking(options: { flight?: FlightOffer | null; stay?: StayOffer | null; injections?: Injection[] } = {}) {
    const trip = await stack.services.prisma.trip.create({ data: { ownerId: userId, title: 'Booking test' } });
    const offers = await searchOffers(places, await stack.now());
    const bookingId = randomUUID();
    if (options.injections) injected.set(bookingId, options.injections);
    const handle = await startBooking(stack.client, {
      taskQueue: stack.taskQueue,
      bookingId,
      tripId: trip.id,
      userId,
      flight: options.flight === undefined ? offers.flight : options.flight,
      stay: options.stay === undefined ? (offers.stays[0] as StayOffer) : options.stay,
      travelers: { adults: 2, children: 0, rooms: 1 },
    });
    return { bookingId, tripId: trip.id, handle, offers };
  }

  const operations = (bookingId: string) => sandboxOperations(stack.services.prisma, bookingId);

  // The worker may record a local activity's result (a status record) in one workflow task and run the code
  // after it in the next — when the record outlasts the task, and under load around a worker kill (the
  // fault suite caught it) — while a replay resolves the activity from its marker at once, a task earlier.
  // A patched() call placed after it then answered false on replay ("Non-deprecated patch marker
  // encountered", the booking stuck). New runs decide their patches in their first task instead
  // (workflows/patches.ts); this run spans tasks with slow records and queries, and must replay.
  it('replays deterministically when a status record outlasts its workflow task', async () => {
    const trip = await stack.services.prisma.trip.create({ data: { ownerId: userId, title: 'Slow status record' } });
    const offers = await searchOffers(places, await stack.now());
    const bookingId = randomUUID();
    slowStatusRecords.set(bookingId, { pending_approval: 2_500, confirmed: 2_500 });
    const handle = await stack.client.workflow.start(bookingWorkflow, {
      workflowId: workflowIds.booking(bookingId),
      taskQueue: stack.taskQueue,
      // The worker completes a task held by a running local activity at 80 % of this timeout (1.6 s).
      workflowTaskTimeout: '2s',
      args: [{ bookingId, tripId: trip.id, userId, flight: offers.flight, stay: offers.stays[0] as StayOffer, travelers: { adults: 2, children: 0, rooms: 1 } }],
    });
    // The API reads a booking with queries, often while a status record runs.
    let querying = true;
    const queries = (async () => {
      while (querying) {
        await handle.query(getBookingQuery).catch(() => null);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    expect((await decisionPoint(handle)).status).toBe('pending_approval');
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });
    expect((await handle.result()).status).toBe('confirmed');
    querying = false;
    await queries;

    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const markers = (name: string) => events.filter((event) => event.markerRecordedEventAttributes?.markerName === name).map((event) => Number(event.eventId));
    const taskEnds = events.filter((event) => event.workflowTaskCompletedEventAttributes).map((event) => Number(event.eventId));
    // Every patch marker is in the first task, before any status record.
    expect(markers('core_patch').length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...markers('core_patch'))).toBeLessThan(taskEnds[1] ?? Infinity);
    expect(Math.max(...markers('core_patch'))).toBeLessThan(Math.min(...markers('core_local_activity')));
    // The slow pending_approval record spanned tasks: its status upsert and its marker are in different ones.
    const notification = Number(events.find((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes)?.eventId);
    const record = Math.max(...markers('core_local_activity').filter((id) => id < notification));
    const upsert = Math.max(...events.filter((event) => event.upsertWorkflowSearchAttributesEventAttributes && Number(event.eventId) < record).map((event) => Number(event.eventId)));
    expect(taskEnds.some((id) => id > upsert && id < record)).toBe(true);
    await expect(
      Worker.runReplayHistory({ workflowsPath, bundlerOptions: workflowBundlerOptions }, history, handle.workflowId),
    ).resolves.toBeUndefined();
  }, 60_000);

  it('re-prices, holds, waits for approval, charges once and confirms; rows, events and search attribute follow', async () => {
    const { bookingId, tripId, handle } = await newBooking();
    const held = await decisionPoint(handle);
    expect(held.status).toBe('pending_approval');
    expect(held.steps.map((step) => [step.step, step.status, step.compensation?.status ?? null])).toEqual([
      ['validate', 'done', null],
      ['hold-flight', 'done', 'registered'],
      ['reserve-stay', 'done', 'registered'],
    ]);
    expect(Date.parse(held.approvalDeadline ?? '')).toBeGreaterThan(Date.now());
    expect((await handle.describe()).typedSearchAttributes.get(BookingStatusAttribute)).toBe('pending_approval');

    const approved = await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve', note: 'looks good' }] });
    expect(['approved', 'paying', 'confirmed']).toContain(approved.status);
    const result = await handle.result();
    expect(result.status).toBe('confirmed');
    expect(result.amounts.charged).toEqual(result.amounts.total);
    expect(result.amounts.total?.amount).toBeCloseTo((result.amounts.flight?.amount ?? 0) + (result.amounts.stay?.amount ?? 0), 2);
    expect(result.decision).toMatchObject({ decision: 'approve', note: 'looks good' });

    expect((await operations(bookingId)).map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'charge']);
    const booking = await stack.services.prisma.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { items: true } });
    expect(booking).toMatchObject({ status: 'confirmed', workflowId: workflowIds.booking(bookingId), currency: 'USD' });
    expect(Number(booking.totalAmount)).toBeCloseTo(result.amounts.total?.amount ?? 0, 2);
    expect(booking.items.map((item) => `${item.kind}:${item.status}`).sort()).toEqual(['flight:confirmed', 'payment:confirmed', 'stay:confirmed']);

    const events = await stack.services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
    // Every step and status, plus one `proposal` right after pending_approval.
    expect(events.map((event) => event.type).filter((type) => type !== 'booking.status')).toEqual(['proposal']);
    const proposalAt = events.findIndex((event) => event.type === 'proposal');
    expect((events[proposalAt - 1]?.payload as { status?: string }).status).toBe('pending_approval');
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const payloads = events.filter((event) => event.type === 'booking.status').map((event) => event.payload as { status?: string; step?: string });
    expect(payloads.filter((payload) => payload.status).map((payload) => payload.status)).toEqual(['holding', 'pending_approval', 'approved', 'paying', 'confirmed']);
    expect(payloads.filter((payload) => payload.step).map((payload) => payload.step)).toEqual(['validate', 'hold-flight', 'reserve-stay', 'charge', 'confirm']);
    expect((await handle.describe()).typedSearchAttributes.get(BookingStatusAttribute)).toBe('confirmed');
  });

  const matrix = MUTATING.flatMap((step) => [`${step}:before`, `${step}:after`]).concat(['confirm:before', 'confirm:after']);
  it.each(matrix)('a failure at %s compensates exactly the steps that took effect, in reverse, every time', async (scenario) => {
    const [step, when] = scenario.split(':') as [BookingStep, 'before' | 'after'];
    const index = bookingForwardSteps.indexOf(step as (typeof bookingForwardSteps)[number]);
    // Steps whose side effect happened: those before the failing one, and the failing one when it failed after its effect.
    const tookEffect = MUTATING.filter((mutating) => bookingForwardSteps.indexOf(mutating) < index || (mutating === step && when === 'after'));
    // The failing step's compensation was registered before it ran: finding nothing, it voids the step's key.
    const voided = when === 'before' && step !== 'confirm' ? ['void'] : [];
    const expected = [...tookEffect.map((done) => SIDE_EFFECT[done]), ...voided, ...[...tookEffect].reverse().map((done) => UNDO[done])];

    for (let repetition = 0; repetition < 2; repetition += 1) {
      const { bookingId, handle } = await newBooking({ injections: [{ step, when }] });
      const point = await decisionPoint(handle);
      if (point.status === 'pending_approval') await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });
      const result = await handle.result();
      expect(result.status).toBe('failed');
      // An injected (internal) failure is not shown to the traveler: the plain reason is.
      expect(result.failureReason).toBe(BOOKING_UNAVAILABLE_REASON);
      expect(result.steps.filter((record) => record.status === 'failed').map((record) => record.error)).toEqual([BOOKING_UNAVAILABLE_REASON]);

      const ops = await operations(bookingId);
      expect(ops.map((op) => op.kind)).toEqual(expected);
      // Each undo targets what its step created.
      for (const done of tookEffect) {
        const created = ops.find((op) => op.kind === SIDE_EFFECT[done]);
        expect(ops.find((op) => op.kind === UNDO[done])?.targetReference).toBe(created?.reference);
      }
      // The view says which compensations undid something and which found nothing to undo.
      const compensated = result.steps.filter((record) => record.compensation).map((record) => [record.step, record.compensation?.status, record.compensation?.outcome]);
      expect(compensated).toEqual(
        MUTATING.filter((mutating) => bookingForwardSteps.indexOf(mutating) <= index).map((mutating) => [mutating, 'done', tookEffect.includes(mutating) ? 'undone' : 'nothing']),
      );
      const booking = await stack.services.prisma.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { items: true } });
      expect(booking.status).toBe('failed');
      expect(booking.items.every((item) => item.status === 'released' || item.status === 'refunded')).toBe(true);
    }
  }, 120_000);

  it('lets the approval window lapse: everything held is released and the booking expires', async () => {
    const { bookingId, handle } = await newBooking();
    const held = await decisionPoint(handle);
    const before = await stack.now();
    // The time-skipping client's result() lets the server skip time to the deadline.
    const result = await stack.env.client.workflow.getHandle<typeof bookingWorkflow>(handle.workflowId).result();
    const after = await stack.now();
    expect(result.status).toBe('expired');
    expect(after.getTime()).toBeGreaterThanOrEqual(Date.parse(held.approvalDeadline ?? ''));
    expect(after.getTime() - before.getTime()).toBeGreaterThan(25 * 60_000); // the sandbox's 30-minute offers
    expect((await operations(bookingId)).map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'cancel_stay', 'release_flight_hold']);
    const booking = await stack.services.prisma.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { items: true } });
    expect(booking.status).toBe('expired');
    expect(booking.items.map((item) => item.status)).toEqual(['released', 'released']);
  });

  it('releases what is held when the traveler rejects', async () => {
    const { bookingId, handle } = await newBooking();
    await decisionPoint(handle);
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'reject', note: 'too expensive' }] });
    const result = await handle.result();
    expect(result.status).toBe('rejected');
    expect((await operations(bookingId)).map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'cancel_stay', 'release_flight_hold']);
  });

  it('charges the card the traveler approved with; a declined test card fails with its reason and releases the holds', async () => {
    const cases = [
      { number: '4242 4242 4242 4242', status: 'confirmed', kinds: ['hold_flight', 'reserve_stay', 'charge'] },
      { number: '4000 0000 0000 9995', status: 'failed', kinds: ['hold_flight', 'reserve_stay', 'void', 'cancel_stay', 'release_flight_hold'] },
    ] as const;
    for (const { number, status, kinds } of cases) {
      const { bookingId, handle } = await newBooking();
      await decisionPoint(handle);
      // What the approve route stores before it sends the decision: the token, never the number.
      const card = tokenizeTestCard({ number, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: '123' }, new Date());
      await stack.services.prisma.booking.update({ where: { id: bookingId }, data: { paymentMethod: { ...card } } });
      await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });
      const result = await handle.result();
      expect(result.status).toBe(status);
      expect((await operations(bookingId)).map((op) => op.kind)).toEqual(kinds);
      const items = await stack.services.prisma.bookingItem.findMany({ where: { bookingId } });
      if (status === 'confirmed') {
        expect(result.amounts.charged).toEqual(result.amounts.total);
        expect(items.find((item) => item.kind === 'payment')?.details).toMatchObject({ brand: 'visa', last4: '4242' });
        expect(items.find((item) => item.kind === 'flight')?.details).toMatchObject({ bookingReference: expect.stringMatching(/^[A-Z2-9]{6}$/) });
      } else {
        expect(result.failureReason).toBe('The payment was declined: the card has insufficient funds (insufficient_funds, card ending 9995). Nothing was charged and everything held was released: book again with another card.');
        expect(result.amounts.charged).toBeNull();
        expect(items.map((item) => `${item.kind}:${item.status}`).sort()).toEqual(['flight:released', 'stay:released']);
      }
    }
  });

  it('edits: releases the held round, re-prices and holds the replacement, then books it', async () => {
    const { bookingId, handle, offers } = await newBooking();
    await decisionPoint(handle);
    const otherStay = offers.stays[1] as StayOffer;
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'edit', stay: otherStay }] });
    const second = await decisionPoint(handle);
    expect(second).toMatchObject({ status: 'pending_approval', round: 2 });
    expect(second.stay?.name).toBe(otherStay.name);
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });
    const result = await handle.result();
    expect(result.status).toBe('confirmed');
    const ops = await operations(bookingId);
    expect(ops.map((op) => `${op.kind}@${op.idempotencyKey.slice(bookingId.length + 1)}`)).toEqual([
      'hold_flight@hold-flight',
      'reserve_stay@reserve-stay',
      'cancel_stay@cancel-stay',
      'release_flight_hold@release-flight-hold',
      'hold_flight@hold-flight:r2',
      'reserve_stay@reserve-stay:r2',
      'charge@charge:r2',
    ]);
    expect((ops[5]?.request as { hotel?: string }).hotel).toBe(otherStay.name);
  });

  it('compensates on cancellation, in a scope the cancellation cannot interrupt', async () => {
    const { bookingId, handle } = await newBooking();
    await decisionPoint(handle);
    await handle.cancel();
    const failure = await handle.result().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await operations(bookingId)).map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'cancel_stay', 'release_flight_hold']);
    expect((await stack.services.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('cancelled');
  });

  it('retries a failing compensation until it is done', async () => {
    const { bookingId, handle } = await newBooking({ injections: [{ step: 'release-flight-hold', when: 'before', attempts: 3 }] });
    await decisionPoint(handle);
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'reject' }] });
    const result = await stack.env.client.workflow.getHandle<typeof bookingWorkflow>(handle.workflowId).result(); // skips the retry backoff
    expect(result.status).toBe('rejected');
    expect(attemptsSeen.filter((seen) => seen.bookingId === bookingId && seen.step === 'release-flight-hold').map((seen) => seen.attempt)).toEqual([1, 2, 3, 4]);
    expect((await operations(bookingId)).map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'cancel_stay', 'release_flight_hold']);
  });

  it('retries a charge whose acknowledgement was lost until it completes: confirmed, one charge, no refund', async () => {
    // The charge is taken, then its attempt dies without answering (no heartbeat past the 10 s timeout),
    // and four more attempts lose their answer too: more than the attempts a step before payment gets.
    const { bookingId, handle } = await newBooking({ injections: [{ step: 'charge', when: 'after', attempts: 5, stallFirstMs: 11_000 }] });
    await decisionPoint(handle);
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });
    const result = await stack.env.client.workflow.getHandle<typeof bookingWorkflow>(handle.workflowId).result(); // skips the retry backoff
    expect([result.status, result.failureReason]).toEqual(['confirmed', null]);
    expect(result.amounts.refunded).toBeNull();
    expect(attemptsSeen.filter((seen) => seen.bookingId === bookingId && seen.step === 'charge').map((seen) => seen.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    const ops = await operations(bookingId);
    expect(ops.map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'charge']);
    expect(result.steps.find((record) => record.step === 'charge')).toMatchObject({ status: 'done', reference: ops[2]?.reference, compensation: { status: 'registered' } });
    const booking = await stack.services.prisma.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { items: true } });
    expect(booking.status).toBe('confirmed');
    expect(booking.items.map((item) => `${item.kind}:${item.status}`).sort()).toEqual(['flight:confirmed', 'payment:confirmed', 'stay:confirmed']);
  }, 90_000);

  it('fails before any side effect when an offer got dearer than the tolerance or is gone', async () => {
    const offers = await searchOffers(places, await stack.now());
    const stay = offers.stays[0] as StayOffer;
    const cheaper = { ...stay, totalPrice: { ...stay.totalPrice, amount: Math.round(stay.totalPrice.amount * 0.8 * 100) / 100 } };
    const segment = offers.flight.outbound[0] as FlightOffer['outbound'][number];
    const vanished = { ...offers.flight, outbound: [{ ...segment, flightNumber: 'ZZ9999' }, ...offers.flight.outbound.slice(1)] };
    const dearer = await newBooking({ flight: null, stay: cheaper });
    const gone = await newBooking({ flight: vanished });
    const [dearerResult, goneResult] = await Promise.all([dearer.handle.result(), gone.handle.result()]);
    expect(dearerResult.status).toBe('failed');
    expect(dearerResult.failureReason).toMatch(/more than .*tolerance 3 %/);
    expect(goneResult.status).toBe('failed');
    expect(goneResult.failureReason).toMatch(/no longer offered/);
    expect(await operations(dearer.bookingId)).toEqual([]);
    expect(await operations(gone.bookingId)).toEqual([]);
  });

  it('rejects invalid or untimely decisions before they enter history', async () => {
    const { handle } = await newBooking();
    await decisionPoint(handle);
    const invalid: unknown[] = [{ decision: 'maybe' }, { decision: 'approve', flight: null }, { decision: 'edit' }, { decision: 'edit', flight: null, stay: null }, { decision: 'approve', extra: 1 }];
    for (const decision of invalid) {
      const failure = await handle.executeUpdate('decide', { args: [decision] }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((failure as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('ValidationError');
    }
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'reject' }] });
    const late = await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(((late as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('BookingNotAwaitingApproval');
    expect((await handle.result()).status).toBe('rejected');
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
  });

  it('ten concurrent retries of one step with one idempotency key have one side effect; reusing the key differently is refused', async () => {
    const { flight, stays } = await searchOffers(places, await stack.now());
    const trip = await stack.services.prisma.trip.create({ data: { ownerId: userId, title: 'Idempotency' } });
    const bookingId = randomUUID();
    await stack.services.prisma.booking.create({ data: { id: bookingId, tripId: trip.id, userId, idempotencyKey: bookingId, totalAmount: 1, currency: 'EUR' } });
    const { activities } = stack.deps;
    const ref = { bookingId, tripId: trip.id };
    /** Ten attempts of one activity at once, each in its own activity context (attempt 1..10). */
    const attempts = <I, R>(activity: (input: I) => Promise<R>, input: I): Promise<R[]> =>
      Promise.all(Array.from({ length: 10 }, (_, attempt) => new MockActivityEnvironment({ attempt: attempt + 1 }).run(activity, input) as Promise<R>));

    const holds = await attempts(activities.holdFlight, { ...ref, idempotencyKey: `${bookingId}:hold-flight`, offer: flight, passengers: 2 });
    const reservations = await attempts(activities.reserveStay, { ...ref, idempotencyKey: `${bookingId}:reserve-stay`, offer: stays[0] as StayOffer, guests: 2 });
    const charges = await attempts(activities.chargePayment, { ...ref, idempotencyKey: `${bookingId}:charge`, amount: { amount: 1234.5, currency: 'EUR' }, description: 'idempotency test' });
    const refunds = await attempts(activities.refundPayment, { ...ref, idempotencyKey: `${bookingId}:refund`, chargeKey: `${bookingId}:charge` });
    expect(new Set(holds.map((hold) => hold.holdId)).size).toBe(1);
    expect(new Set(reservations.map((reservation) => reservation.reservationId)).size).toBe(1);
    expect(new Set(charges.map((charge) => charge.chargeId)).size).toBe(1);
    expect(new Set(refunds.map((refund) => refund.reference)).size).toBe(1);
    expect((await sandboxOperations(stack.services.prisma, bookingId)).map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'charge', 'refund']);
    expect(await stack.services.prisma.bookingItem.count({ where: { bookingId } })).toBe(3);
    expect(await stack.services.prisma.tripEvent.count({ where: { tripId: trip.id } })).toBe(4);

    // Same key, other parameters: Stripe's rule, as a non-retryable failure.
    const reused = await new MockActivityEnvironment()
      .run(activities.chargePayment, { ...ref, idempotencyKey: `${bookingId}:charge`, amount: { amount: 99, currency: 'EUR' }, description: 'idempotency test' })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(reused).toBeInstanceOf(ApplicationFailure);
    expect(reused).toMatchObject({ type: 'IdempotencyKeyReused', nonRetryable: true });
    expect((await sandboxOperations(stack.services.prisma, bookingId)).filter((op) => op.kind === 'charge')).toHaveLength(1);
  });
});

describe('a worker killed with SIGKILL mid-booking (shared dev server, worker processes)', () => {
  let services: TestServices;
  let places: PlaceIndex;
  let userId: string;
  const workers: ChildProcess[] = [];
  const taskQueue = `kill-${randomUUID()}`;

  beforeAll(async () => {
    services = await connectTestServices();
    places = await loadPlaces();
    userId = (await services.prisma.user.create({ data: { email: `kill-${randomUUID()}@example.test`, displayName: 'Kill Test' } })).id;
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => stop(worker, 5_000)));
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  /** `npm run worker` on its own task queue, with the sandbox answering 2.5 s after each mutation. */
  async function startWorker(): Promise<ChildProcess> {
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'worker', 'main.ts')], {
      cwd: projectRoot,
      env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, SANDBOX_BOOKING_DELAY_MS: '2500', WORKER_METRICS_PORT: '0', WORKER_APP_METRICS_PORT: '0', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(worker);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
      if ((await pollingWorkerCount(services.temporal.connection, services.target.namespace, taskQueue, 5_000)) > 0) return worker;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('worker did not start polling');
  }

  async function killWhenDone(worker: ChildProcess, kind: string, key: string): Promise<void> {
    // The mutation is committed but the activity is still inside the sandbox's delay: kill the worker now.
    const operation = await eventually(() => services.prisma.sandboxOperation.findUnique({ where: { idempotencyKey: key } }), (row) => row !== null, { intervalMs: 50, what: `the ${kind} operation` });
    expect(operation?.kind).toBe(kind);
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
  }

  it('completes on a new worker with exactly one hold, one reservation and one charge', async () => {
    const client: Client = services.temporal;
    const first = await startWorker();
    const trip = await services.prisma.trip.create({ data: { ownerId: userId, title: 'Kill test' } });
    const { flight, stays } = await searchOffers(places, new Date());
    const bookingId = randomUUID();
    const handle = await startBooking(client, { taskQueue, bookingId, tripId: trip.id, userId, flight, stay: stays[0] as StayOffer, travelers: { adults: 2, children: 0, rooms: 1 } });

    await killWhenDone(first, 'hold_flight', `${bookingId}:hold-flight`);
    const second = await startWorker();
    expect((await decisionPoint(handle, 90_000)).status).toBe('pending_approval');
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve' }] });

    await killWhenDone(second, 'charge', `${bookingId}:charge`);
    await startWorker();
    const result = await handle.result();
    expect(result.status).toBe('confirmed');

    const ops = await sandboxOperations(services.prisma, bookingId);
    expect(ops.map((op) => op.kind)).toEqual(['hold_flight', 'reserve_stay', 'charge']);
    expect(await services.prisma.bookingItem.count({ where: { bookingId } })).toBe(3);
    // The killed attempts were retried: the same holds and charge came back, by idempotency key.
    expect(result.steps.find((step) => step.step === 'hold-flight')?.reference).toBe(ops[0]?.reference);
    expect(result.steps.find((step) => step.step === 'charge')?.reference).toBe(ops[2]?.reference);
    // …and they were retried: the attempts that completed hold and charge are not the first ones.
    const events = (await handle.fetchHistory()).events ?? [];
    const completedAttempt = (activityType: string) => {
      const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
      const started = events.find((event) => event.activityTaskStartedEventAttributes && Number(event.activityTaskStartedEventAttributes.scheduledEventId) === Number(scheduled?.eventId));
      return started?.activityTaskStartedEventAttributes?.attempt ?? 0;
    };
    expect(completedAttempt('holdFlight')).toBeGreaterThanOrEqual(2);
    expect(completedAttempt('chargePayment')).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
