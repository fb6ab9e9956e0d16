// Price watches through the API on the real worker: create (validated; webhook hosts must be public), see
// checks and an alert arrive, change / pause / resume / stop, read the price history, "book now" from the
// alert; and object-level authorization on every watch route.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookingView } from '../../domain/booking.js';
import type { WatchState } from '../../domain/priceWatch.js';
import { createApiRouter } from '../../api/routes/index.js';
import { eventually } from '../support/eventually.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../support/identity.js';
import { listRoutes } from '../support/routes.js';
import { call, startTestApi, type Problem, type TestApi } from './authSupport.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('price watches API', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let stranger: SignedInUser;
  let tripId: string;
  let watchId: string;

  const flightTarget = () => ({ kind: 'flight', origin: 'JFK', destination: 'LIS', departDate: inDays(60), returnDate: inDays(67), cabinClass: 'economy', adults: 2, children: 0 });
  const watch = (id = watchId, auth = owner.auth) => call<WatchState>(api, 'GET', `/watches/${id}`, { headers: auth });

  beforeAll(async () => {
    // Strict settings, as in production: a 1-minute cadence floor and public webhook hosts only.
    api = await startTestApi({ config: { PRICE_WATCH_MIN_CADENCE_MINUTES: 0.05, WEBHOOK_ALLOW_PRIVATE_HOSTS: false } });
    [owner, stranger] = await Promise.all([signUp(api.url, 'watcher'), signUp(api.url, 'stranger')]);
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisbon watch' } })).json.id;
  }, 60_000);

  afterAll(async () => {
    await api.close();
  });

  it('rejects bad watches with the field and reason, and creates nothing', async () => {
    const strict = await startTestApi({ config: { PRICE_WATCH_MIN_CADENCE_MINUTES: 1, WEBHOOK_ALLOW_PRIVATE_HOSTS: false } });
    try {
      const cases: [Record<string, unknown>, number, { field: string; reason: string }[]][] = [
        [{ target: flightTarget() }, 400, [{ field: 'targetPrice', reason: 'set a targetPrice, a dropPercent or both' }]],
        [{ target: flightTarget(), targetPrice: 500, userId: stranger.user.id }, 400, [{ field: 'userId', reason: 'is not a known field' }]],
        [{ target: { ...flightTarget(), origin: 'jfk' }, targetPrice: 500 }, 400, [{ field: 'target.origin', reason: 'must be a 3-letter IATA code such as LIS' }]],
        [{ target: { ...flightTarget(), returnDate: inDays(10) }, targetPrice: 500 }, 422, [{ field: 'target.returnDate', reason: 'must not be before departDate' }]],
        [{ target: flightTarget(), targetPrice: 500, cadenceMinutes: 0.5 }, 400, [{ field: 'cadenceMinutes', reason: 'must be at least 1' }]],
        [{ target: { ...flightTarget(), departDate: inDays(-1), returnDate: null }, targetPrice: 500 }, 422, [{ field: 'target.departDate', reason: 'must be after today' }]],
        [{ target: flightTarget(), targetPrice: 500, webhookUrl: 'http://127.0.0.1:9/hook' }, 422, [{ field: 'webhookUrl', reason: 'must point at a public host (127.0.0.1 is loopback)' }]],
        [{ target: flightTarget(), targetPrice: 500, webhookUrl: 'http://169.254.169.254/latest/meta-data' }, 422, [{ field: 'webhookUrl', reason: 'must point at a public host (169.254.169.254 is a linkLocal address)' }]],
        [{ target: flightTarget(), targetPrice: 500, webhookUrl: 'http://[::ffff:10.0.0.1]/hook' }, 422, [{ field: 'webhookUrl', reason: 'must point at a public host (::ffff:a00:1 is a private address)' }]],
        [{ target: flightTarget(), targetPrice: 500, webhookUrl: 'ftp://example.com/hook' }, 400, [{ field: 'webhookUrl', reason: 'must be an http(s) URL' }]],
        [{ target: flightTarget(), targetPrice: 500, tripId: randomUUID() }, 404, []],
      ];
      for (const [body, status, errors] of cases) {
        const response = await call<Problem>(strict, 'POST', '/watches', { headers: owner.auth, body });
        expect({ body, status: response.status, errors: response.json.errors ?? [] }).toEqual({ body, status, errors });
      }
      expect(await strict.ctx.prisma.priceWatch.count({ where: { userId: owner.user.id } })).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('checks on its cadence, alerts once on the trip, and keeps every price point', async () => {
    const created = await call<{ watch: WatchState; webhookSecret: string | null }>(api, 'POST', '/watches', {
      headers: owner.auth,
      // A target far above any fare: the first check alerts.
      body: { tripId, target: flightTarget(), targetPrice: 100_000, currency: 'EUR', cadenceMinutes: 0.05 },
    });
    expect(created.status).toBe(201);
    expect(created.json.webhookSecret).toBeNull();
    watchId = created.json.watch.watchId;
    expect(created.json.watch).toMatchObject({ status: 'active', tripId, targetPrice: 100_000, cadenceMinutes: 0.05 });

    const alerted = await eventually(async () => (await watch()).json, (state) => state.checks >= 3 && state.alerts >= 1, { timeoutMs: 60_000, what: 'three checks and an alert' });
    // One drop alerts once: the price stays under the target, but no further alert fires.
    expect(alerted.alerts).toBe(1);
    expect(alerted.lastAlert).toMatchObject({ reason: 'threshold', threshold: 100_000 });

    const points = await call<{ items: { id: string; price: { amount: number; currency: string }; offerId: string; summary: string }[]; nextCursor: string | null }>(
      api,
      'GET',
      `/watches/${watchId}/points`,
      { headers: owner.auth },
    );
    expect(points.json.items.length).toBeGreaterThanOrEqual(3);
    expect(points.json.items[0]).toMatchObject({ price: { currency: 'EUR' }, offerId: expect.any(String), summary: expect.stringMatching(/stop/) });
    const first = await call<{ items: { id: string }[]; nextCursor: string | null }>(api, 'GET', `/watches/${watchId}/points?limit=1`, { headers: owner.auth });
    expect(first.json.items.map((point) => point.id)).toEqual([points.json.items[0]?.id]);
    const page = await call<{ items: { id: string }[] }>(api, 'GET', `/watches/${watchId}/points?cursor=${first.json.nextCursor}&limit=1`, { headers: owner.auth });
    expect(page.json.items.map((point) => point.id)).toEqual([points.json.items[1]?.id]);

    const events = await call<{ items: { type: string; payload: { watchId?: string } }[] }>(api, 'GET', `/trips/${tripId}/events`, { headers: owner.auth });
    expect(events.json.items.filter((event) => event.type === 'price.alert' && event.payload.watchId === watchId)).toHaveLength(1);

    const list = await call<{ items: { watchId: string; status: string; lastPrice: number | null; hasWebhook: boolean }[]; nextCursor: null }>(api, 'GET', `/watches?tripId=${tripId}`, { headers: owner.auth });
    expect(list.json.nextCursor).toBeNull();
    expect(list.json.items).toEqual([expect.objectContaining({ watchId, status: 'active', lastPrice: expect.any(Number), hasWebhook: false })]);
  }, 90_000);

  it('changes the target, pauses, resumes and refuses what the state does not allow', async () => {
    const changed = await call<WatchState>(api, 'PATCH', `/watches/${watchId}`, { headers: owner.auth, body: { targetPrice: 50, dropPercent: 20 } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ targetPrice: 50, dropPercent: 20 });
    expect((await call<Problem>(api, 'PATCH', `/watches/${watchId}`, { headers: owner.auth, body: {} })).status).toBe(400);
    expect((await call<Problem>(api, 'PATCH', `/watches/${watchId}`, { headers: owner.auth, body: { dropPercent: 120 } })).json.errors).toEqual([{ field: 'dropPercent', reason: 'must be at most 95' }]);

    const paused = await call<WatchState>(api, 'POST', `/watches/${watchId}/pause`, { headers: owner.auth });
    expect(paused.json.status).toBe('paused');
    const again = await call<Problem>(api, 'POST', `/watches/${watchId}/pause`, { headers: owner.auth });
    expect(again.status).toBe(409);
    expect((await watch()).json.status).toBe('paused');
    // That a paused watch runs no checks is shown on the time-skipping server, across simulated hours,
    // in test/priceWatch.test.ts ('pauses and resumes'), not by waiting here.
    const resumed = await call<WatchState>(api, 'POST', `/watches/${watchId}/resume`, { headers: owner.auth });
    expect(resumed.json.status).toBe('active');
    // A resumed watch checks at once; wait for that check, so the next test books a settled latest point.
    await eventually(async () => (await watch()).json, (state) => state.checks > paused.json.checks, { timeoutMs: 30_000, what: 'the check on resume' });
    expect((await call<WatchState>(api, 'PATCH', `/watches/${watchId}`, { headers: owner.auth, body: { targetPrice: 100_000, dropPercent: null } })).status).toBe(200);
  }, 60_000);

  it('books the alerted offer now: a booking saga on the watch\'s trip, once per point', async () => {
    const booked = await call<BookingView>(api, 'POST', `/watches/${watchId}/book`, { headers: owner.auth, body: {} });
    expect(booked.status).toBe(201);
    expect(booked.json).toMatchObject({ tripId, flight: { provider: expect.any(String) }, stay: null });
    const again = await call<BookingView>(api, 'POST', `/watches/${watchId}/book`, { headers: owner.auth, body: {} });
    expect({ status: again.status, bookingId: again.json.bookingId }).toEqual({ status: 200, bookingId: booked.json.bookingId });
    const proposal = await eventually(
      async () => (await call<BookingView>(api, 'GET', `/trips/${tripId}/bookings/${booked.json.bookingId}`, { headers: owner.auth })).json,
      (view) => ['pending_approval', 'failed'].includes(view.status),
      { timeoutMs: 60_000, what: 'the booking to await approval' },
    );
    expect(proposal.status).toBe('pending_approval');
    // A watch without a trip cannot book.
    const loose = await call<{ watch: WatchState }>(api, 'POST', '/watches', { headers: owner.auth, body: { target: flightTarget(), targetPrice: 100_000, cadenceMinutes: 60 } });
    expect((await call<Problem>(api, 'POST', `/watches/${loose.json.watch.watchId}/book`, { headers: owner.auth, body: {} })).status).toBe(409);
    expect((await call(api, 'DELETE', `/watches/${loose.json.watch.watchId}`, { headers: owner.auth })).status).toBe(204);
  }, 90_000);

  it('answers 404 to another user on every watch route and 403 to keys without the scope; nothing changes', async () => {
    const routes = listRoutes(createApiRouter(api.ctx)).filter((route) => route.path.startsWith('/watches/:id'));
    expect(routes.length).toBe(7);
    const strangerKey = await createApiKeyFor(api.url, stranger, ['watches:read', 'watches:write', 'trips:write']);
    const readKey = await createApiKeyFor(api.url, owner, ['watches:read']);
    const noWatchKey = await createApiKeyFor(api.url, owner, ['trips:read']);
    const body = (method: string) => (method === 'PATCH' ? { targetPrice: 1 } : method === 'POST' ? {} : undefined);
    for (const route of routes) {
      const path = route.path.replace(':id', watchId);
      const payload = body(route.method);
      for (const auth of [stranger.auth, strangerKey.auth]) {
        const response = await call<Problem>(api, route.method, path, { headers: auth, ...(payload && { body: payload }) });
        expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 404 });
        expect(JSON.stringify({ ...response.json, instance: undefined })).not.toContain(tripId);
      }
      const denied = await call(api, route.method, path, { headers: noWatchKey.auth, ...(payload && { body: payload }) });
      expect({ route: `${route.method} ${route.path}`, status: denied.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
      const reading = await call(api, route.method, path, { headers: readKey.auth, ...(payload && { body: payload }) });
      // book needs trips:write on the watch's trip, so a watches:read key gets 403 there too.
      const expected = route.method === 'GET' ? 200 : 403;
      expect({ route: `${route.method} ${route.path}`, status: reading.status }).toEqual({ route: `${route.method} ${route.path}`, status: expected });
    }
    expect((await call<{ items: unknown[] }>(api, 'GET', '/watches', { headers: stranger.auth })).json.items).toEqual([]);
    const state = (await watch()).json;
    expect(state).toMatchObject({ status: 'active', targetPrice: 100_000 });
    // Attaching a watch to someone else's trip is a 404 too.
    expect((await call(api, 'POST', '/watches', { headers: stranger.auth, body: { tripId, target: flightTarget(), targetPrice: 1 } })).status).toBe(404);
  }, 60_000);

  it('stops for good on DELETE (idempotent), keeping the price history', async () => {
    expect((await call(api, 'DELETE', `/watches/${watchId}`, { headers: owner.auth })).status).toBe(204);
    expect((await call(api, 'DELETE', `/watches/${watchId}`, { headers: owner.auth })).status).toBe(204);
    const stopped = await eventually(async () => (await watch()).json, (state) => state.status === 'stopped', { what: 'the watch to stop' });
    expect(stopped.status).toBe('stopped');
    expect((await call(api, 'POST', `/watches/${watchId}/resume`, { headers: owner.auth })).status).toBe(409);
    const points = await call<{ items: unknown[] }>(api, 'GET', `/watches/${watchId}/points`, { headers: owner.auth });
    expect(points.json.items.length).toBeGreaterThan(0);
  });
});
