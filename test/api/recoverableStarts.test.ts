// Recoverable starts: when the workflow service refuses a booking's or a watch's start, the API answers 503
// with Retry-After and leaves no orphan row. A retry with the same Idempotency-Key starts the workflow and
// the booking proceeds; a booking whose start failed is started when it is read or cancelled; without a key
// nothing is left waiting for a start that cannot come. The faults are injected into the real Temporal
// client (test/support/temporalFaults.ts): only the armed `workflow.start` fails.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { startBooking as startBookingWorkflow } from '../../api/bookingWorkflows.js';
import type { BookingView } from '../../domain/booking.js';
import { flightIdentityOf, type WatchState } from '../../domain/priceWatch.js';
import type { TripState } from '../../domain/trip.js';
import { workflowIds } from '../../workflows/ids.js';
import { saveTravelersForTrip, testCard } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { failingWorkflowStarts, type FailingStarts } from '../support/temporalFaults.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('recoverable workflow starts', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let tripId: string;
  let plan: NonNullable<TripState['plan']>;
  let travelerIds: string[];
  let realTemporal: TestApi['ctx']['temporal'];

  /** Arms the API's Temporal client to refuse the next workflow start. */
  const failNextStart = (): FailingStarts => {
    const faulty = failingWorkflowStarts(realTemporal);
    api.ctx.temporal = faulty.client;
    return faulty;
  };

  const workflowExists = async (workflowId: string) =>
    realTemporal.workflow.getHandle(workflowId)
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        },
      );

  const booking = (bookingId: string) => call<BookingView>(api, 'GET', `/trips/${tripId}/bookings/${bookingId}`, { headers: owner.auth });
  const untilStatus = (bookingId: string, statuses: BookingView['status'][]) =>
    eventually(async () => (await booking(bookingId)).json, (view) => statuses.includes(view.status), { timeoutMs: 60_000, what: `booking ${bookingId} to be ${statuses.join('|')}` });
  const startBooking = (headers: Record<string, string>, offerIndex: number) =>
    call<Partial<BookingView> & Partial<Problem>>(api, 'POST', `/trips/${tripId}/bookings`, {
      headers: { ...owner.auth, ...headers },
      body: { flightOfferId: plan.flightOptions[offerIndex]?.id, stayOfferId: plan.stayOptions[offerIndex]?.id, travelerIds },
    });

  beforeAll(async () => {
    api = await startTestApi();
    realTemporal = api.ctx.temporal;
    owner = await signUp(api.url, 'retrier');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisbon, eventually' } })).json.id;
    const turn = await call<{ plan: TripState['plan'] }>(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: 'A week in Lisbon from New York from 2027-03-10 to 2027-03-17 for 2 adults, budget 4000 EUR', clientMessageId: 'plan-1' },
    });
    expect(turn.status).toBe(200);
    plan = turn.json.plan as NonNullable<TripState['plan']>;
    travelerIds = await saveTravelersForTrip(api.url, owner.auth, tripId);
    expect(plan.flightOptions.length).toBeGreaterThan(2);
    expect(plan.stayOptions.length).toBeGreaterThan(2);
  }, 120_000);

  afterAll(async () => {
    api.ctx.temporal = realTemporal;
    await api.close();
  });

  it('answers 503 when the start fails, and the retry with the same Idempotency-Key starts the booking', async () => {
    const faulty = failNextStart();
    const failed = await startBooking({ 'Idempotency-Key': 'porto-retry' }, 0);
    expect(faulty.refused()).toBe(1);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('content-type')).toContain('application/problem+json');
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(failed.json.detail).toMatch(/same Idempotency-Key/);
    expect(JSON.stringify(failed.json)).not.toMatch(/UNAVAILABLE|injected/);
    // The row is kept, marked as waiting for its saga, so the retry can start it.
    const [row] = await api.ctx.prisma.booking.findMany({ where: { tripId } });
    expect(row).toMatchObject({ status: 'holding', workflowId: null });
    const bookingId = row?.id as string;
    expect(await workflowExists(workflowIds.booking(bookingId))).toBe(false);

    const retried = await startBooking({ 'Idempotency-Key': 'porto-retry' }, 0);
    expect(retried.status).toBe(201);
    expect(retried.json.bookingId).toBe(bookingId);
    expect(await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } })).toMatchObject({ workflowId: workflowIds.booking(bookingId) });
    // Once started, the same key answers the same booking (200) and starts nothing more.
    const again = await startBooking({ 'Idempotency-Key': 'porto-retry' }, 0);
    expect([again.status, again.json.bookingId]).toEqual([200, bookingId]);

    const proposal = await untilStatus(bookingId, ['pending_approval']);
    expect(proposal.steps.filter((step) => step.status === 'done').map((step) => step.step)).toEqual(['validate', 'hold-flight', 'reserve-stay']);
    // The saga re-prices: the same flights, under the provider's fresh offer id (a new one each hour).
    expect(proposal.flight && flightIdentityOf(proposal.flight)).toEqual(plan.flightOptions[0] && flightIdentityOf(plan.flightOptions[0]));
    const approved = await call<BookingView>(api, 'POST', `/trips/${tripId}/proposals/${bookingId}/approve`, { headers: owner.auth, body: { card: testCard() } });
    expect(approved.status).toBe(200);
    expect((await untilStatus(bookingId, ['confirmed', 'failed'])).status).toBe('confirmed');
    const activity = await call<{ items: { action: string; targetId: string }[] }>(api, 'GET', `/trips/${tripId}/activity`, { headers: owner.auth });
    expect(activity.json.items.filter((item) => item.targetId === bookingId).map((item) => item.action).sort()).toEqual(['booking.approve', 'booking.start']);
  }, 120_000);

  it('shows the stored booking when its saga cannot answer (no worker polls its task queue)', async () => {
    const bookingId = randomUUID();
    const stored = await api.ctx.prisma.booking.create({
      data: {
        id: bookingId,
        tripId,
        userId: owner.user.id,
        status: 'pending_approval',
        workflowId: workflowIds.booking(bookingId),
        idempotencyKey: bookingId,
        totalAmount: 1234.5,
        currency: 'EUR',
        offerSnapshot: JSON.parse(JSON.stringify({ flight: plan.flightOptions[0] ?? null, stay: null })) as object,
      },
    });
    // The saga exists but nothing polls its queue: Temporal refuses the query (FAILED_PRECONDITION).
    const handle = await startBookingWorkflow(realTemporal, { taskQueue: `nobody-polls-${bookingId}`, bookingId, tripId, userId: owner.user.id, flight: plan.flightOptions[0] ?? null, stay: null });
    try {
      const view = await booking(bookingId);
      expect(view.status).toBe(200);
      expect(view.json).toMatchObject({ bookingId, status: 'pending_approval', amounts: { total: { amount: 1234.5, currency: 'EUR' } } });
      expect(view.json.flight?.id).toBe(plan.flightOptions[0]?.id);
    } finally {
      await handle.terminate('test over');
      await api.ctx.prisma.booking.delete({ where: { id: stored.id } });
    }
  }, 60_000);

  it('marks a booking whose start failed without an Idempotency-Key as failed, holding nothing', async () => {
    failNextStart();
    const failed = await startBooking({}, 1);
    expect(failed.status).toBe(503);
    expect(failed.json.detail).toMatch(/nothing was held or charged/);
    const rows = await api.ctx.prisma.booking.findMany({ where: { tripId, status: 'failed' }, include: { items: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workflowId: null, failureReason: expect.stringMatching(/could not be started/), items: [] });
    // Read back, it stays failed: nothing starts a booking its client was told had failed.
    const view = await booking(rows[0]?.id as string);
    expect(view.json).toMatchObject({ status: 'failed' });
    expect(await workflowExists(workflowIds.booking(rows[0]?.id as string))).toBe(false);
  }, 60_000);

  it('starts a booking whose start failed when it is cancelled, or read after the start window', async () => {
    failNextStart();
    expect((await startBooking({ 'Idempotency-Key': 'porto-cancel' }, 1)).status).toBe(503);
    const toCancel = await api.ctx.prisma.booking.findFirstOrThrow({ where: { tripId, workflowId: null, status: 'holding' } });
    const cancelled = await call<BookingView>(api, 'POST', `/trips/${tripId}/bookings/${toCancel.id}/cancel`, { headers: owner.auth });
    expect(cancelled.status).toBe(202);
    expect((await untilStatus(toCancel.id, ['cancelled'])).amounts.charged).toBeNull();

    failNextStart();
    expect((await startBooking({ 'Idempotency-Key': 'porto-abandoned' }, 2)).status).toBe(503);
    const abandoned = await api.ctx.prisma.booking.findFirstOrThrow({ where: { tripId, workflowId: null, status: 'holding' } });
    // Within the start window a read leaves it alone (a start may be in progress); after it, the read starts it.
    expect((await booking(abandoned.id)).json.status).toBe('holding');
    expect(await workflowExists(workflowIds.booking(abandoned.id))).toBe(false);
    await api.ctx.prisma.booking.update({ where: { id: abandoned.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    await booking(abandoned.id);
    expect(await workflowExists(workflowIds.booking(abandoned.id))).toBe(true);
    await untilStatus(abandoned.id, ['pending_approval']);
    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${abandoned.id}/reject`, { headers: owner.auth, body: {} })).status).toBe(200);
  }, 120_000);

  it('leaves no watch row behind a failed start; the retry with the same key creates and starts it, once', async () => {
    const body = { tripId, target: { kind: 'flight', origin: 'LHR', destination: 'OPO', departDate: inDays(90), returnDate: inDays(95), cabinClass: 'economy', adults: 2, children: 0 }, targetPrice: 1, webhookUrl: 'https://hooks.example.com/porto' };
    const create = (headers: Record<string, string>) => call<{ watch: WatchState; webhookSecret: string | null }>(api, 'POST', '/watches', { headers: { ...owner.auth, ...headers }, body });

    failNextStart();
    const failed = await create({ 'Idempotency-Key': 'porto-watch' });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(await api.ctx.prisma.priceWatch.count({ where: { userId: owner.user.id } })).toBe(0);

    const created = await create({ 'Idempotency-Key': 'porto-watch' });
    expect(created.status).toBe(201);
    expect(created.json.webhookSecret).toMatch(/^whsec_/);
    const { watchId } = created.json.watch;
    expect(created.json.watch).toMatchObject({ status: 'active' });
    expect(await workflowExists(workflowIds.priceWatch(watchId))).toBe(true);
    // The same key answers the same watch and its secret (the response the first success would have given).
    const again = await create({ 'Idempotency-Key': 'porto-watch' });
    expect([again.status, again.json.watch.watchId, again.json.webhookSecret]).toEqual([200, watchId, created.json.webhookSecret]);
    const activity = await call<{ items: { action: string; targetId: string }[] }>(api, 'GET', `/trips/${tripId}/activity`, { headers: owner.auth });
    expect(activity.json.items.filter((item) => item.targetId === watchId).map((item) => item.action)).toEqual(['watch.create']);

    failNextStart();
    const unkeyed = await create({});
    expect(unkeyed.status).toBe(503);
    expect(await api.ctx.prisma.priceWatch.findMany({ where: { userId: owner.user.id }, select: { id: true } })).toEqual([{ id: watchId }]);
    expect((await call(api, 'DELETE', `/watches/${watchId}`, { headers: owner.auth })).status).toBe(204);
  }, 60_000);
});
