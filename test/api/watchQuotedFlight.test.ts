// A watch created from a plan's flight watches that flight (issue 10, point 6): every price point quotes
// it (not the route's cheapest), its alert is about it, "book now" books it, and once the airline stops
// offering it, "book now" is a 409 instead of another flight. Real API, Temporal, PostgreSQL and Redis on
// an in-process worker whose flight provider is the sandbox behind an airline schedule the test can
// cancel a flight from (the stand-in for Duffel, an external service).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookingView } from '../../domain/booking.js';
import { loadPlaces } from '../../domain/places.js';
import type { QuotedFlight, WatchState } from '../../domain/priceWatch.js';
import type { FlightOffer, FlightSearch, TripState } from '../../domain/trip.js';
import { SandboxFlightProvider } from '../../providers/sandbox/flights.js';
import type { FlightProvider } from '../../providers/types.js';
import { createWorkerDeps, type WorkerDeps } from '../../worker/deps.js';
import { eventually } from '../support/eventually.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { connectTestServices, type TestServices } from '../support/services.js';
import { startTestWorker, type TestWorker } from '../support/worker.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

const flightNumbers = (segments: { flightNumber: string }[]) => segments.map((segment) => segment.flightNumber).join('/');
const itinerary = (offer: { outbound: { flightNumber: string }[]; inbound: { flightNumber: string }[] }) => `${flightNumbers(offer.outbound)} + ${flightNumbers(offer.inbound)}`;

/** The sandbox's schedule, minus flights the "airline" cancelled (matched by outbound + inbound flight numbers). */
class CancellableSchedule implements FlightProvider {
  readonly name = 'sandbox';
  readonly cancelled = new Set<string>();
  constructor(private readonly sandbox: SandboxFlightProvider) {}
  async searchFlights(search: FlightSearch, signal?: AbortSignal): Promise<FlightOffer[]> {
    return (await this.sandbox.searchFlights(search, signal)).filter((offer) => !this.cancelled.has(itinerary(offer)));
  }
}

interface PointView {
  id: string;
  offered: boolean;
  price: { amount: number; currency: string } | null;
  offerId: string | null;
  flight: QuotedFlight | null;
}

describe('a watch created from a plan\'s flight', () => {
  let services: TestServices;
  let schedule: CancellableSchedule;
  let deps: WorkerDeps;
  let worker: TestWorker;
  let api: TestApi;
  let owner: SignedInUser;
  let tripId: string;
  let plan: NonNullable<TripState['plan']>;
  let picked: FlightOffer;
  let watchId: string;

  const points = async (id = watchId) => (await call<{ items: PointView[] }>(api, 'GET', `/watches/${id}/points`, { headers: owner.auth })).json.items;
  const watch = async (id = watchId) => (await call<WatchState>(api, 'GET', `/watches/${id}`, { headers: owner.auth })).json;

  beforeAll(async () => {
    services = await connectTestServices();
    schedule = new CancellableSchedule(new SandboxFlightProvider({ places: await loadPlaces() }));
    deps = await createWorkerDeps(services.config, services.logger, { providers: { flights: schedule } });
    worker = await startTestWorker({ address: services.target.address, namespace: services.target.namespace, taskQueue: `watch-flight-${randomUUID()}`, activities: deps.activities });
    api = await startTestApi({ config: { TEMPORAL_TASK_QUEUE: worker.taskQueue, PRICE_WATCH_MIN_CADENCE_MINUTES: 0.05 } });
    owner = await signUp(api.url, 'flight-watcher');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisbon, one flight' } })).json.id;
    const turn = await call<{ plan: TripState['plan'] }>(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: 'A week in Lisbon from New York from 2027-03-10 to 2027-03-17 for 2 adults, budget 6000 EUR', clientMessageId: 'plan-1' },
    });
    expect(turn.status).toBe(200);
    plan = turn.json.plan as NonNullable<TripState['plan']>;
    // The dearest option: the route's cheapest is another flight, which the old watch would have quoted.
    picked = [...plan.flightOptions].sort((a, b) => b.price.amount - a.price.amount)[0] as FlightOffer;
    expect(plan.flightOptions.some((offer) => offer.price.amount < picked.price.amount && itinerary(offer) !== itinerary(picked))).toBe(true);
  }, 180_000);

  afterAll(async () => {
    await api.close();
    await worker.stop();
    await deps.close();
    await services.close();
  });

  it('refuses an offerId it cannot watch, with a 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ tripId, offerId: 'sbx_off_made_up', targetPrice: 1000 }, 'offerId'],
      [{ offerId: picked.id, targetPrice: 1000 }, 'tripId'],
      [{ tripId, offerId: picked.id, targetPrice: 1000, target: { kind: 'flight', origin: 'JFK', destination: 'LIS', departDate: '2027-03-10' } }, 'target'],
      [{ tripId, offerId: picked.id, targetPrice: 1000, anyFlight: { maxStops: 0 } }, 'anyFlight'],
      [{ tripId, targetPrice: 1000 }, 'target'],
    ];
    for (const [body, field] of cases) {
      const response = await call<Problem>(api, 'POST', '/watches', { headers: owner.auth, body });
      expect({ body, status: response.status, fields: (response.json.errors ?? []).map((error) => error.field) }).toEqual({ body, status: 422, fields: [field] });
    }
    expect(await services.prisma.priceWatch.count({ where: { userId: owner.user.id } })).toBe(0);
  });

  it('quotes only that flight on every check, alerts about it, and "book now" books it', async () => {
    const created = await call<{ watch: WatchState }>(api, 'POST', '/watches', { headers: owner.auth, body: { tripId, offerId: picked.id, targetPrice: 100_000, cadenceMinutes: 0.05 } });
    expect(created.status).toBe(201);
    watchId = created.json.watch.watchId;
    expect(created.json.watch.match).toMatchObject({ mode: 'exact', flight: { cabinClass: picked.cabinClass, outbound: picked.outbound.map((segment) => ({ flightNumber: segment.flightNumber, departAt: segment.departAt.slice(0, 16) })) } });
    expect(created.json.watch.target).toMatchObject({ kind: 'flight', origin: picked.outbound[0]?.origin, departDate: picked.outbound[0]?.departAt.slice(0, 10), adults: 2 });

    const alerted = await eventually(watch, (state) => state.checks >= 3 && state.alerts >= 1, { timeoutMs: 60_000, what: 'three checks and an alert' });
    expect(alerted.lastAlert?.flight?.outbound.map((segment) => segment.flightNumber).join('/')).toBe(flightNumbers(picked.outbound));
    const quoted = await points();
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    for (const point of quoted) {
      expect({ offered: point.offered, flight: point.flight && itinerary(point.flight) }).toEqual({ offered: true, flight: itinerary(picked) });
      expect(point.offerId).toBe(point.flight?.offerId);
    }
    const row = await services.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } });
    expect(row.match).toMatchObject({ mode: 'exact' });

    const booked = await call<BookingView>(api, 'POST', `/watches/${watchId}/book`, { headers: owner.auth, body: {} });
    expect(booked.status).toBe(201);
    const proposal = await eventually(
      async () => (await call<BookingView>(api, 'GET', `/trips/${tripId}/bookings/${booked.json.bookingId}`, { headers: owner.auth })).json,
      (view) => ['pending_approval', 'failed'].includes(view.status),
      { timeoutMs: 60_000, what: 'the booking to await approval' },
    );
    expect(proposal.status).toBe('pending_approval');
    expect(proposal.flight && itinerary(proposal.flight)).toBe(itinerary(picked));
    expect(proposal.flight?.outbound.map((segment) => segment.departAt)).toEqual(picked.outbound.map((segment) => segment.departAt));
  }, 120_000);

  it('records "not offered" once the flight is gone: no alert, and "book now" is a 409, never another flight', async () => {
    const before = await watch();
    schedule.cancelled.add(itinerary(picked));
    const gone = await eventually(watch, (state) => state.notOfferedChecks >= 2, { timeoutMs: 60_000, what: 'two checks without the flight' });
    expect(gone.lastError).toBe('not offered on this check');
    expect(gone.alerts).toBe(before.alerts);
    const latest = (await points()).at(-1);
    expect(latest).toMatchObject({ offered: false, price: null, flight: null });

    const bookingsBefore = await services.prisma.booking.count({ where: { tripId } });
    const refused = await call<Problem>(api, 'POST', `/watches/${watchId}/book`, { headers: { ...owner.auth, 'Idempotency-Key': randomUUID() }, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/no longer offered/);
    expect(refused.json.detail).toContain(picked.outbound[0]?.flightNumber);
    expect(await services.prisma.booking.count({ where: { tripId } })).toBe(bookingsBefore);
    expect((await call(api, 'DELETE', `/watches/${watchId}`, { headers: owner.auth })).status).toBe(204);
  }, 90_000);
});
