// /api/trips against the real stack: PostgreSQL, Redis, Temporal and the real worker process (planning
// turns run the offline planner through the worker). Users sign up through the auth routes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { getTripState, setTripConstraints } from '../../api/tripWorkflows.js';
import { addDays, MAX_TRIP_NIGHTS, utcDateOf } from '../../domain/dates.js';
import type { AgentSuggestion, SendMessageResult, TripState } from '../../domain/trip.js';
import type { TripEventRecord } from '../../contracts/realtime.js';
import { workflowIds } from '../../workflows/ids.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../support/identity.js';
import type { MessageAcceptedView, MessageStatusView } from '../../contracts/trips.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

interface TripBody {
  id: string;
  ownerId: string;
  title: string;
  status: string;
  origin: string | null;
  destinations: string[];
  startDate: string | null;
  endDate: string | null;
  adults: number;
  children: number;
  budget: { amount: number; currency: string } | null;
  preferences: Record<string, unknown>;
  role: string;
  lastEventSeq: number;
  archivedAt: string | null;
}

const REQUEST = 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000, we love food and museums';

describe('/api/trips', () => {
  let api: TestApi;
  let traveler: SignedInUser;

  const as = (user: SignedInUser) => ({
    get: <T>(path: string) => call<T>(api, 'GET', path, { headers: user.auth }),
    post: <T>(path: string, body?: unknown) => call<T>(api, 'POST', path, { headers: user.auth, body }),
    patch: <T>(path: string, body: unknown) => call<T>(api, 'PATCH', path, { headers: user.auth, body }),
  });
  const createTrip = async (user: SignedInUser, body: Record<string, unknown> = { title: 'Somewhere nice' }) => {
    const response = await as(user).post<TripBody>('/trips', body);
    expect(response.status).toBe(201);
    return response.json;
  };

  beforeAll(async () => {
    api = await startTestApi();
    traveler = await signUp(api.url, 'trips');
  });

  afterAll(async () => {
    await api.close();
  });

  describe('field errors in sentences', () => {
    it.each([
      ['a wrong type is not "required"', 'POST', '/trips', { title: 123 }, { field: 'title', reason: 'must be a string' }],
      ['a number given as text is not "required"', 'POST', '/trips', { title: 'x', budget: { amount: '1e400', currency: 'USD' } }, { field: 'budget.amount', reason: 'must be a number' }],
      ['a huge count has one reason, in words', 'POST', '/trips', { title: 'x', adults: 1e308 }, { field: 'adults', reason: expect.stringMatching(/^must be at most \d+$/) }],
      ['a negative count, in words', 'POST', '/trips', { title: 'x', children: -1 }, { field: 'children', reason: 'must be at least 0' }],
      ['a repeated query parameter', 'GET', '/trips?limit=1&limit=2', undefined, { field: 'limit', reason: 'must be given once' }],
    ])('%s', async (_what, method, path, body, problem) => {
      const response = await call<{ errors: unknown[] }>(api, method, path, { headers: traveler.auth, ...(body !== undefined && { body }) });
      expect(response.status).toBe(400);
      expect(response.json.errors).toEqual([problem]);
    });
  });

  describe('create, read, list, update', () => {
    it('creates a trip owned by the caller and reads it back', async () => {
      const response = await as(traveler).post<TripBody>('/trips', {
        title: '  Lisbon in spring ',
        origin: 'NYC',
        destinations: ['LIS', 'OPO'],
        startDate: '2027-03-05',
        endDate: '2027-03-12',
        adults: 2,
        children: 1,
        budget: { amount: 5000, currency: 'USD' },
        preferences: { pace: 'relaxed', interests: ['food'], cabinClass: 'premium_economy' },
      });
      expect(response.status).toBe(201);
      const trip = response.json;
      expect(response.headers.get('location')).toBe(`/api/trips/${trip.id}`);
      expect(trip).toMatchObject({
        ownerId: traveler.user.id,
        title: 'Lisbon in spring',
        status: 'gathering',
        origin: 'NYC',
        destinations: ['LIS', 'OPO'],
        startDate: '2027-03-05',
        endDate: '2027-03-12',
        adults: 2,
        children: 1,
        budget: { amount: 5000, currency: 'USD' },
        preferences: { pace: 'relaxed', interests: ['food'], cabinClass: 'premium_economy' },
        role: 'owner',
        lastEventSeq: 0,
        archivedAt: null,
      });
      const read = await as(traveler).get<TripBody>(`/trips/${trip.id}`);
      expect(read.status).toBe(200);
      expect(read.json).toEqual(trip);
    });

    it('creates a trip with its first message: 202 and the turn to follow, the title derived from the request', async () => {
      const response = await as(traveler).post<{ trip: TripBody; turn: MessageAcceptedView }>('/trips', { message: { text: REQUEST } });
      expect(response.status).toBe(202);
      const { trip, turn } = response.json;
      expect(trip).toMatchObject({ ownerId: traveler.user.id, title: 'Lisbon, 5–12 Mar', role: 'owner' });
      expect(turn).toEqual({ tripId: trip.id, clientMessageId: expect.any(String), status: 'accepted', statusUrl: `/api/trips/${trip.id}/messages/${turn.clientMessageId}` });
      expect(response.headers.get('location')).toBe(turn.statusUrl);
      // The turn is the trip's first, followed as any other.
      const done = await call<MessageStatusView>(api, 'GET', turn.statusUrl.replace(/^\/api/, ''), { headers: { ...traveler.auth, ...WAIT_FOR_REPLY } });
      expect(done.json).toMatchObject({ status: 'done', reply: expect.stringMatching(/\S/) });
      const read = await as(traveler).get<TripBody>(`/trips/${trip.id}`);
      expect(read.json).toMatchObject({ title: 'Lisbon, 5–12 Mar', destinations: ['LIS'], adults: 2 });
    });

    it('creates a trip with its first message and waits for the plan with Prefer: wait (201); a given title and clientMessageId are kept', async () => {
      const response = await call<{ trip: TripBody; turn: MessageAcceptedView; result: SendMessageResult }>(api, 'POST', '/trips', {
        headers: { ...traveler.auth, ...WAIT_FOR_REPLY },
        body: { title: 'Spring break', message: { text: REQUEST, clientMessageId: 'first-1' } },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(`/api/trips/${response.json.trip.id}`);
      expect(response.json.turn).toMatchObject({ clientMessageId: 'first-1', status: 'accepted' });
      expect(response.json.result.plan?.flightOptions.length).toBeGreaterThan(0);
      // The trip as the turn left it: the user's title kept, the understanding projected onto it.
      expect(response.json.trip).toMatchObject({ title: 'Spring break', destinations: ['LIS'], adults: 2, lastEventSeq: expect.any(Number) });
      expect(response.json.trip.lastEventSeq).toBeGreaterThan(0);
    });

    it('derives a title from the message itself when it names no place, never splitting a character', async () => {
      const text = `Somewhere warm with the kids ${'🏖️'.repeat(40)} and good food`;
      const response = await as(traveler).post<{ trip: TripBody }>('/trips', { message: { text } });
      expect(response.status).toBe(202);
      const { title } = response.json.trip;
      expect(title.startsWith('Somewhere warm with the kids')).toBe(true);
      expect(title.endsWith('…')).toBe(true);
      expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(title.length).toBeLessThanOrEqual(60);
    });

    it('rejects mass assignment: unknown fields such as ownerId are a 400 naming each field, and nothing is created', async () => {
      const other = await signUp(api.url, 'victim');
      const before = await api.ctx.prisma.trip.count({ where: { OR: [{ ownerId: traveler.user.id }, { ownerId: other.user.id }] } });
      const response = await as(traveler).post<Problem>('/trips', { title: 'Mine', ownerId: other.user.id, status: 'booked', lastEventSeq: 99 });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.json.errors?.map((error) => error.field).sort()).toEqual(['lastEventSeq', 'ownerId', 'status']);
      expect(response.json.errors?.every((error) => error.reason === 'is not a known field')).toBe(true);
      expect(await api.ctx.prisma.trip.count({ where: { OR: [{ ownerId: traveler.user.id }, { ownerId: other.user.id }] } })).toBe(before);
    });

    it.each([
      ['a message without text', { message: { clientMessageId: 'm1' } }, [{ field: 'message.text', reason: 'is required' }]],
      ['a message that is not an object', { title: 'x', message: 'hi' }, [{ field: 'message', reason: expect.any(String) }]],
      ['a date that is not YYYY-MM-DD', { title: 'x', startDate: 'next friday' }, [{ field: 'startDate', reason: 'must be a date YYYY-MM-DD' }]],
      ['a lowercase airport code', { title: 'x', origin: 'nyc' }, [{ field: 'origin', reason: 'must be a 3-letter IATA code such as LIS' }]],
      ['a body that is not an object', ['x'], [{ field: 'body', reason: 'must be a JSON object' }]],
    ])('answers 400 with the field for %s', async (_label, body, errors) => {
      const response = await as(traveler).post<Problem>('/trips', body);
      expect(response.status).toBe(400);
      expect(response.json.errors).toEqual(errors);
    });

    it('answers 422 for a trip with neither a title nor a first message (each is optional alone)', async () => {
      const response = await as(traveler).post<Problem>('/trips', {});
      expect(response.status).toBe(422);
      expect(response.json.errors).toEqual([{ field: 'title', reason: 'is required unless a message is given' }]);
    });

    describe('the trip-date rule: 422 naming the field, nothing stored', () => {
      const today = utcDateOf(new Date());
      const in10 = addDays(today, 10);
      // [label, start, end, field, reason]
      const impossible: [string, string, string | null, 'startDate' | 'endDate', string][] = [
        ['reversed dates', in10, addDays(today, 5), 'endDate', `the return date (${addDays(today, 5)}) is before the departure (${in10})`],
        ['30 February', '2026-02-30', null, 'startDate', 'the departure date 2026-02-30 is not a date on the calendar'],
        ['year 0000', '0000-01-01', null, 'startDate', 'the departure date must be a date between 2000 and 2100'],
        ['a past departure', addDays(today, -3), null, 'startDate', `the departure date (${addDays(today, -3)}) is in the past; today is ${today}`],
        ['a trip too long', in10, addDays(in10, MAX_TRIP_NIGHTS + 1), 'endDate', `the trip from ${in10} to ${addDays(in10, MAX_TRIP_NIGHTS + 1)} would be ${MAX_TRIP_NIGHTS + 1} nights; at most ${MAX_TRIP_NIGHTS} nights are possible`],
      ];
      const tripCount = () => api.ctx.prisma.trip.count({ where: { ownerId: traveler.user.id } });

      it.each(impossible)('create refuses %s', async (_label, startDate, endDate, field, reason) => {
        const before = await tripCount();
        const response = await as(traveler).post<Problem>('/trips', { title: 'Impossible', startDate, ...(endDate && { endDate }) });
        expect(response.status).toBe(422);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.json.errors).toEqual([{ field, reason }]);
        expect(await tripCount()).toBe(before);
      });

      it.each(impossible)('PATCH refuses %s and keeps the stored dates', async (_label, startDate, endDate, field, reason) => {
        const trip = await createTrip(traveler, { title: 'Draft', startDate: addDays(today, 20), endDate: addDays(today, 25) });
        const response = await as(traveler).patch<Problem>(`/trips/${trip.id}`, { startDate, ...(endDate && { endDate }) });
        expect(response.status).toBe(422);
        expect(response.json.errors).toEqual([{ field, reason }]);
        const row = await as(traveler).get<TripBody>(`/trips/${trip.id}`);
        expect({ startDate: row.json.startDate, endDate: row.json.endDate }).toEqual({ startDate: addDays(today, 20), endDate: addDays(today, 25) });
      });

      it('PATCH checks the change against the stored dates: an end before the stored start names endDate', async () => {
        const trip = await createTrip(traveler, { title: 'Draft', startDate: addDays(today, 20) });
        const response = await as(traveler).patch<Problem>(`/trips/${trip.id}`, { endDate: addDays(today, 15) });
        expect(response.status).toBe(422);
        expect(response.json.errors).toEqual([{ field: 'endDate', reason: `the return date (${addDays(today, 15)}) is before the departure (${addDays(today, 20)})` }]);
        expect((await as(traveler).get<TripBody>(`/trips/${trip.id}`)).json.endDate).toBeNull();
      });

      it('accepts today as the departure and a trip of exactly the limit', async () => {
        const trip = await createTrip(traveler, { title: 'Leaving now', startDate: today, endDate: addDays(today, MAX_TRIP_NIGHTS) });
        expect(trip).toMatchObject({ startDate: today, endDate: addDays(today, MAX_TRIP_NIGHTS) });
      });
    });

    it('lists own and shared trips newest first, with cursor pagination and a status filter', async () => {
      const lister = await signUp(api.url, 'lister');
      const friend = await signUp(api.url, 'friend');
      const first = await createTrip(lister, { title: 'one' });
      const second = await createTrip(lister, { title: 'two' });
      const third = await createTrip(lister, { title: 'three' });
      const shared = await createTrip(friend, { title: 'shared with lister' });
      await createTrip(friend, { title: 'not shared' });
      expect((await as(friend).post(`/trips/${shared.id}/collaborators`, { email: lister.user.email, role: 'write' })).status).toBe(201);

      const page1 = await as(lister).get<{ items: TripBody[]; nextCursor: string | null }>('/trips?limit=3');
      expect(page1.status).toBe(200);
      expect(page1.json.items.map((trip) => trip.title)).toEqual(['shared with lister', 'three', 'two']);
      expect(page1.json.items[0]?.role).toBe('write');
      expect(page1.json.nextCursor).toEqual(expect.any(String));
      const page2 = await as(lister).get<{ items: TripBody[]; nextCursor: string | null }>(`/trips?limit=3&cursor=${page1.json.nextCursor}`);
      expect(page2.json.items.map((trip) => trip.title)).toEqual(['one']);
      expect(page2.json.nextCursor).toBeNull();

      expect((await as(lister).post(`/trips/${second.id}/archive`)).status).toBe(200);
      const archived = await as(lister).get<{ items: TripBody[] }>('/trips?status=archived');
      expect(archived.json.items.map((trip) => trip.id)).toEqual([second.id]);
      expect((await as(lister).get<{ items: TripBody[] }>('/trips?status=gathering')).json.items.map((trip) => trip.id)).toEqual([shared.id, third.id, first.id]);

      for (const [query, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['status=lost', 'status'], ['cursor=not%20base64', 'cursor'], ['owner=me', 'owner']]) {
        const response = await as(lister).get<Problem>(`/trips?${query}`);
        expect(response.status).toBe(400);
        expect(response.json.errors?.map((error) => error.field)).toEqual([field]);
      }
      // Cursor-shaped (base64url) but not one this API issued: a 422, as the document says.
      const forged = await as(lister).get<Problem>('/trips?cursor=nonsense');
      expect(forged.status).toBe(422);
      expect(forged.json.errors?.map((error) => error.field)).toEqual(['cursor']);
    });

    it('patches title, dates, travelers, budget and preferences before the first message (stored on the trip)', async () => {
      const trip = await createTrip(traveler, { title: 'Draft', startDate: '2027-05-01', preferences: { pace: 'packed' } });
      const response = await as(traveler).patch<TripBody>(`/trips/${trip.id}`, {
        title: 'Porto long weekend',
        endDate: '2027-05-04',
        adults: 3,
        budget: { amount: 1200, currency: 'EUR' },
        preferences: { interests: ['wine'] },
      });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        title: 'Porto long weekend',
        startDate: '2027-05-01',
        endDate: '2027-05-04',
        adults: 3,
        budget: { amount: 1200, currency: 'EUR' },
        preferences: { pace: 'packed', interests: ['wine'] },
      });
      // The state of a trip whose workflow never started is built from the stored trip.
      const state = await as(traveler).get<TripState>(`/trips/${trip.id}/state`);
      expect(state.status).toBe(200);
      expect(state.headers.get('tripsage-state-source')).toBe('stored');
      expect(state.json).toMatchObject({
        tripId: trip.id,
        userId: traveler.user.id,
        status: 'gathering',
        plan: null,
        turns: 0,
        pace: 'packed',
        request: { departDate: '2027-05-01', returnDate: '2027-05-04', adults: 3, budget: { amount: 1200, currency: 'EUR' }, interests: ['wine'] },
      });

      const clash = await as(traveler).patch<Problem>(`/trips/${trip.id}`, { endDate: '2027-04-01' });
      expect(clash.status).toBe(422);
      expect(clash.json.errors).toEqual([{ field: 'endDate', reason: 'the return date (2027-04-01) is before the departure (2027-05-01)' }]);
      const unknown = await as(traveler).patch<Problem>(`/trips/${trip.id}`, { title: 'x', ownerId: traveler.user.id });
      expect(unknown.status).toBe(400);
      expect(unknown.json.errors).toEqual([{ field: 'ownerId', reason: 'is not a known field' }]);
      expect((await as(traveler).patch<Problem>(`/trips/${trip.id}`, {})).status).toBe(400);
    });

    it('answers 409 for constraints before the first message (no planning session yet)', async () => {
      const trip = await createTrip(traveler);
      const response = await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, { adults: 2 });
      expect(response.status).toBe(409);
      expect(response.json.detail).toMatch(/send it a message first/);
    });

    it('archives a trip whose workflow never started by marking the row; archiving again is a no-op', async () => {
      const trip = await createTrip(traveler);
      const archived = await as(traveler).post<TripBody>(`/trips/${trip.id}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.json.status).toBe('archived');
      expect(archived.json.archivedAt).toEqual(expect.any(String));
      const again = await as(traveler).post<TripBody>(`/trips/${trip.id}/archive`);
      expect(again.json.archivedAt).toBe(archived.json.archivedAt);
      expect((await as(traveler).post<Problem>(`/trips/${trip.id}/messages`, { text: 'hello', clientMessageId: 'm1' })).status).toBe(409);
      expect((await as(traveler).patch<Problem>(`/trips/${trip.id}`, { title: 'again' })).status).toBe(409);
    });
  });

  describe('planning through the real worker', () => {
    let trip: TripBody;
    let turn: SendMessageResult;

    let accepted: { status: number; headers: Headers; json: MessageAcceptedView };
    let done: { status: number; headers: Headers; json: MessageStatusView };

    beforeAll(async () => {
      trip = await createTrip(traveler, { title: 'Planned trip' });
      accepted = await as(traveler).post<MessageAcceptedView>(`/trips/${trip.id}/messages`, { text: REQUEST, clientMessageId: 'turn-1' });
      done = await call<MessageStatusView>(api, 'GET', `/trips/${trip.id}/messages/turn-1`, { headers: { ...traveler.auth, ...WAIT_FOR_REPLY } });
      turn = done.json.result as SendMessageResult;
    }, 60_000);

    it('accepts a message with 202 and the status URL; the status waits (Prefer: wait) for the turn\'s result', () => {
      expect(accepted.status).toBe(202);
      expect(accepted.json).toEqual({ tripId: trip.id, clientMessageId: 'turn-1', status: 'accepted', statusUrl: `/api/trips/${trip.id}/messages/turn-1` });
      expect(accepted.headers.get('location')).toBe(accepted.json.statusUrl);
      expect(done.status).toBe(200);
      expect(done.headers.get('preference-applied')).toBe('wait=60');
      expect(done.json).toMatchObject({ tripId: trip.id, clientMessageId: 'turn-1', status: 'done', error: null });
      expect(done.json.reply).toBe(turn.reply);
    });

    it('runs a planning turn: a reply, a plan with options and the state', () => {
      expect(turn.reply.length).toBeGreaterThan(40);
      expect(turn.plan?.flightOptions.length).toBeGreaterThan(0);
      expect(turn.plan?.stayOptions.length).toBeGreaterThan(0);
      expect(turn.plan?.itinerary.length).toBeGreaterThan(0);
      expect(turn.state).toMatchObject({ tripId: trip.id, userId: traveler.user.id, turns: 1, request: { destination: { iata: 'LIS' }, departDate: '2027-03-05', adults: 2 } });
    });

    it('returns the first result for a re-sent clientMessageId', async () => {
      const again = await call<SendMessageResult>(api, 'POST', `/trips/${trip.id}/messages`, { headers: { ...traveler.auth, ...WAIT_FOR_REPLY }, body: { text: REQUEST, clientMessageId: 'turn-1' } });
      expect(again.status).toBe(200);
      expect(again.json.reply).toBe(turn.reply);
      expect(again.json.state.turns).toBe(1);
    });

    it('makes the clientMessageId when the client sends none, and answers it as the key for retries', async () => {
      const other = await as(traveler).post<TripBody>('/trips', { title: 'No key given' });
      const sent = await as(traveler).post<MessageAcceptedView>(`/trips/${other.json.id}/messages`, { text: 'What is the weather like in Lisbon?' });
      expect(sent.status).toBe(202);
      expect(sent.json.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(sent.json.statusUrl).toBe(`/api/trips/${other.json.id}/messages/${sent.json.clientMessageId}`);
      const status = await call<{ status: string }>(api, 'GET', `/trips/${other.json.id}/messages/${sent.json.clientMessageId}`, { headers: { ...traveler.auth, ...WAIT_FOR_REPLY } });
      expect([status.status, status.json.status]).toEqual([200, 'done']);
    });

    it('answers the workflow state, the chat history and the projected trip', async () => {
      const state = await as(traveler).get<TripState>(`/trips/${trip.id}/state`);
      expect(state.status).toBe(200);
      expect(state.headers.get('tripsage-state-source')).toBe('workflow');
      expect(state.json.turns).toBe(1);
      expect(state.json.lastEventSeq).toBe(turn.state.lastEventSeq);

      const messages = await as(traveler).get<{ items: { role: string; content: string; clientMessageId: string }[]; nextCursor: string | null }>(`/trips/${trip.id}/messages`);
      expect(messages.status).toBe(200);
      expect(messages.json.items.map((message) => message.role)).toEqual(['user', 'assistant']);
      expect(messages.json.items[0]?.content).toBe(REQUEST);
      expect(messages.json.items[1]?.content).toBe(turn.reply);
      const firstOnly = await as(traveler).get<{ items: { role: string }[]; nextCursor: string }>(`/trips/${trip.id}/messages?limit=1`);
      expect(firstOnly.json.items.map((message) => message.role)).toEqual(['user']);
      const rest = await as(traveler).get<{ items: { role: string }[]; nextCursor: string | null }>(`/trips/${trip.id}/messages?limit=1&cursor=${firstOnly.json.nextCursor}`);
      expect(rest.json.items.map((message) => message.role)).toEqual(['assistant']);

      const row = await as(traveler).get<TripBody>(`/trips/${trip.id}`);
      // The user's title is kept; the planner's understanding is projected onto the row.
      expect(row.json).toMatchObject({ title: 'Planned trip', destinations: ['LIS'], adults: 2 });
    });

    it('pages the event log by seq with cursor (or after) and limit', async () => {
      type EventPage = { items: TripEventRecord[]; nextCursor: string };
      const last = turn.state.lastEventSeq;
      expect(last).toBeGreaterThan(5);
      const page1 = await as(traveler).get<EventPage>(`/trips/${trip.id}/events?limit=3`);
      expect(page1.status).toBe(200);
      expect(page1.json.items.map((event) => event.seq)).toEqual([1, 2, 3]);
      expect(page1.json.nextCursor).toEqual(expect.any(String));
      const page2 = await as(traveler).get<EventPage>(`/trips/${trip.id}/events?cursor=${page1.json.nextCursor}&limit=500`);
      const seqs = page2.json.items.map((event) => event.seq);
      expect(seqs[0]).toBe(4);
      expect(seqs).toEqual(seqs.map((_, index) => index + 4));
      expect(seqs.at(-1)).toBeGreaterThanOrEqual(last);
      expect(page2.json.items.at(-1)?.type).toBeDefined();
      // `after=<seq>` (a position the caller holds, e.g. from the socket) reads the same page.
      const byAfter = await as(traveler).get<EventPage>(`/trips/${trip.id}/events?after=3&limit=500`);
      expect(byAfter.json).toEqual(page2.json);
      // Caught up: no events, and a cursor that still says where to poll from (never null: the log grows).
      const caughtUp = await as(traveler).get<EventPage>(`/trips/${trip.id}/events?cursor=${page2.json.nextCursor}`);
      expect(caughtUp.json).toEqual({ items: [], nextCursor: page2.json.nextCursor });

      const forged = await as(traveler).get<Problem>(`/trips/${trip.id}/events?cursor=${Buffer.from('["x"]').toString('base64url')}`);
      expect(forged.status).toBe(422);
      expect(forged.json.errors?.map((error) => error.field)).toEqual(['cursor']);
      for (const [query, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['after=-1', 'after'], ['after=abc', 'after'], ['since=1', 'since']]) {
        const response = await as(traveler).get<Problem>(`/trips/${trip.id}/events?${query}`);
        expect(response.status).toBe(400);
        expect(response.json.errors?.map((error) => error.field)).toEqual([field]);
      }
      // Each is valid alone; both at once breaks a rule between them (422, as the OpenAPI document says).
      const both = await as(traveler).get<Problem>(`/trips/${trip.id}/events?after=1&cursor=${page1.json.nextCursor}`);
      expect(both.status).toBe(422);
      expect(both.json.errors).toEqual([{ field: 'cursor', reason: 'give either cursor or after, not both' }]);
    });

    it('sets constraints through the workflow', async () => {
      const response = await as(traveler).post<TripState>(`/trips/${trip.id}/constraints`, { adults: 3, pace: 'relaxed', interests: ['tiles'] });
      expect(response.status).toBe(200);
      expect(response.json.request).toMatchObject({ adults: 3, interests: ['tiles'], departDate: '2027-03-05' });
      expect(response.json.pace).toBe('relaxed');
      const row = await api.ctx.prisma.trip.findUniqueOrThrow({ where: { id: trip.id } });
      expect(row.adults).toBe(3);
    });

    it('counts an interest\'s length in characters, in the API and in the workflow alike', async () => {
      // 30 globes: 30 characters (at most 40), 60 UTF-16 units. The workflow's validator used to count units and refuse (422).
      const globes = '\u{1F30D}'.repeat(30);
      const response = await as(traveler).post<TripState>(`/trips/${trip.id}/constraints`, { interests: ['tiles', globes] });
      expect(response.status).toBe(200);
      expect(response.json.request.interests).toEqual(['tiles', globes]);
    });

    it('answers 422 with the field when the workflow validator rejects constraints', async () => {
      // Valid on its own (the API schema passes it), but before the trip's current departure date: only
      // the workflow knows that, and its update validator rejects it before it enters history.
      const response = await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, { returnDate: '2027-03-01' });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.json.errors).toEqual([{ field: 'returnDate', reason: 'the return date (2027-03-01) is before the departure (2027-03-05)' }]);
      // The same through PATCH, reported under the PATCH field name.
      const patch = await as(traveler).patch<Problem>(`/trips/${trip.id}`, { endDate: '2027-03-01' });
      expect(patch.status).toBe(422);
      expect(patch.json.errors).toEqual([{ field: 'endDate', reason: 'the return date (2027-03-01) is before the departure (2027-03-05)' }]);
    });

    it('refuses impossible dates in constraints with 422 naming the field, and the trip keeps its dates', async () => {
      const today = utcDateOf(new Date());
      const cases: [Record<string, string>, string, string][] = [
        [{ departDate: addDays(today, 10), returnDate: addDays(today, 5) }, 'returnDate', `the return date (${addDays(today, 5)}) is before the departure (${addDays(today, 10)})`],
        [{ departDate: '2026-02-30' }, 'departDate', 'the departure date 2026-02-30 is not a date on the calendar'],
        [{ returnDate: '0000-01-01' }, 'returnDate', 'the return date must be a date between 2000 and 2100'],
        [{ departDate: addDays(today, -1) }, 'departDate', `the departure date (${addDays(today, -1)}) is in the past; today is ${today}`],
        [{ returnDate: '2027-06-01' }, 'returnDate', `the trip from 2027-03-05 to 2027-06-01 would be 88 nights; at most ${MAX_TRIP_NIGHTS} nights are possible`],
      ];
      for (const [body, field, reason] of cases) {
        const response = await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, body);
        expect({ body, status: response.status, errors: response.json.errors }).toEqual({ body, status: 422, errors: [{ field, reason }] });
      }
      const state = await as(traveler).get<TripState>(`/trips/${trip.id}/state`);
      expect(state.json.request).toMatchObject({ departDate: '2027-03-05', returnDate: '2027-03-12' });
    });

    it('a message with impossible dates keeps the trip\'s dates and the reply says what is wrong', async () => {
      const response = await call<SendMessageResult>(api, 'POST', `/trips/${trip.id}/messages`, {
        headers: { ...traveler.auth, ...WAIT_FOR_REPLY },
        body: { text: 'Change it to April 12 to April 3 2027', clientMessageId: 'turn-reversed' },
      });
      expect(response.status).toBe(200);
      expect(response.json.reply).toContain('The return date (2027-04-03) is before the departure (2027-04-12) — did you mean 3–12 Apr 2027?');
      expect(response.json.state.request).toMatchObject({ departDate: '2027-03-05', returnDate: '2027-03-12' });
    }, 60_000);

    it('the workflow\'s setConstraints validator itself rejects a reversed pair (called past the API)', async () => {
      const failure = await setTripConstraints(api.ctx.temporal, trip.id, { departDate: '2027-03-20', returnDate: '2027-03-10' }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (failure as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('ValidationError');
      expect((cause as ApplicationFailure).details).toEqual([{ field: 'returnDate', reason: 'the return date (2027-03-10) is before the departure (2027-03-20)' }]);
      // Rejected before it entered history: the trip's dates are unchanged.
      const state = await getTripState(api.ctx.temporal, trip.id);
      expect(state.request).toMatchObject({ departDate: '2027-03-05', returnDate: '2027-03-12' });
    });

    it('answers 400 before the workflow for malformed input', async () => {
      const unknown = await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, { adults: 2, ownerId: 'x' });
      expect(unknown.status).toBe(400);
      expect(unknown.json.errors).toEqual([{ field: 'ownerId', reason: 'is not a known field' }]);
      const empty = await as(traveler).post<Problem>(`/trips/${trip.id}/messages`, { text: '   ', clientMessageId: 'm2' });
      expect(empty.status).toBe(400);
      expect(empty.json.errors).toEqual([{ field: 'text', reason: 'must not be empty' }]);
      const extra = await as(traveler).post<Problem>(`/trips/${trip.id}/messages`, { text: 'hi', clientMessageId: 'm2', userId: 'someone' });
      expect(extra.status).toBe(400);
      expect(extra.json.errors).toEqual([{ field: 'userId', reason: 'is not a known field' }]);
    });

    it('lets the traveler accept or dismiss an agent\'s suggestion once (never the agent itself)', async () => {
      const agent = await createApiKeyFor(api.url, traveler, ['trips:suggest', 'trips:write'], 'Deal Bot');
      const suggest = (text: string) => call<AgentSuggestion>(api, 'POST', `/agent/trips/${trip.id}/suggestions`, { headers: agent.auth, body: { kind: 'note', payload: { text } } });
      // 201 once the trip has recorded it: its id, pending, and where to read its answer.
      const tram = await suggest('Try the tram 28');
      expect(tram.status).toBe(201);
      expect(tram.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), source: 'Deal Bot', kind: 'note', payload: { text: 'Try the tram 28' }, receivedAt: expect.any(String), status: 'pending' });
      expect(tram.headers.get('location')).toBe(`/api/agent/trips/${trip.id}/suggestions/${tram.json.id}`);
      const fado = await suggest('Book a fado dinner');
      expect(fado.status).toBe(201);
      expect(fado.json.id).not.toBe(tram.json.id);
      const state = (await as(traveler).get<TripState>(`/trips/${trip.id}/state`)).json;
      expect(state.suggestions.map((suggestion) => suggestion.id)).toEqual([tram.json.id, fado.json.id]);
      const [first, second] = state.suggestions;
      const byAgent = await call<Problem>(api, 'POST', `/trips/${trip.id}/suggestions/${first?.id}/accept`, { headers: agent.auth });
      expect(byAgent.status).toBe(403);
      const accepted = await as(traveler).post<TripState>(`/trips/${trip.id}/suggestions/${first?.id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.json.suggestions.map((suggestion) => suggestion.status)).toEqual(['accepted', 'pending']);
      const dismissed = await as(traveler).post<TripState>(`/trips/${trip.id}/suggestions/${second?.id}/dismiss`);
      expect(dismissed.json.suggestions.map((suggestion) => suggestion.status)).toEqual(['accepted', 'dismissed']);
      const again = await as(traveler).post<Problem>(`/trips/${trip.id}/suggestions/${first?.id}/dismiss`);
      expect({ status: again.status, detail: again.json.detail }).toEqual({ status: 409, detail: 'suggestionId: was already accepted' });
      expect((await as(traveler).post<Problem>(`/trips/${trip.id}/suggestions/${randomUUID()}/accept`)).status).toBe(404);
      expect((await as(traveler).post<Problem>(`/trips/${trip.id}/suggestions/not-a-uuid/accept`)).status).toBe(400);
      // The agent sees the answers in the state it reads, and each at the suggestion's own URL.
      const reader = await createApiKeyFor(api.url, traveler, ['trips:read']);
      const seen = await call<TripState>(api, 'GET', `/agent/trips/${trip.id}/state`, { headers: reader.auth });
      expect(seen.json.suggestions.map((suggestion) => suggestion.status)).toEqual(['accepted', 'dismissed']);
      const answer = await call<AgentSuggestion>(api, 'GET', String(tram.headers.get('location')).replace(/^\/api/, ''), { headers: reader.auth });
      expect(answer.json).toEqual({ ...tram.json, status: 'accepted' });
      expect((await call<AgentSuggestion>(api, 'GET', `/agent/trips/${trip.id}/suggestions/${fado.json.id}`, { headers: reader.auth })).json.status).toBe('dismissed');
      // Reading needs trips:read (a suggest-only key suggests, never reads); unknown ids are 404s, malformed ones 400s.
      expect((await call<Problem>(api, 'GET', `/agent/trips/${trip.id}/suggestions/${tram.json.id}`, { headers: (await createApiKeyFor(api.url, traveler, ['trips:suggest'])).auth })).status).toBe(403);
      expect((await call<Problem>(api, 'GET', `/agent/trips/${trip.id}/suggestions/${randomUUID()}`, { headers: reader.auth })).json.detail).toMatch(/No such suggestion/);
      expect((await call<Problem>(api, 'GET', `/agent/trips/${trip.id}/suggestions/not-a-uuid`, { headers: reader.auth })).status).toBe(400);
      // Another traveler's key, with every scope: the trip does not exist for it.
      const strangerKey = await createApiKeyFor(api.url, await signUp(api.url, 'suggestion-stranger'), ['trips:read', 'trips:suggest']);
      const foreign = await call<Problem>(api, 'GET', `/agent/trips/${trip.id}/suggestions/${tram.json.id}`, { headers: strangerKey.auth });
      expect({ status: foreign.status, detail: foreign.json.detail }).toEqual({ status: 404, detail: 'No such trip.' });
      // An agent cannot pose as someone else: the key's name always leads the source.
      const posing = await call<AgentSuggestion>(api, 'POST', `/agent/trips/${trip.id}/suggestions`, { headers: agent.auth, body: { kind: 'note', source: 'TripSage Support', payload: { text: 'Pay here' } } });
      expect(posing.status).toBe(201);
      expect(posing.json.source).toBe('Deal Bot · TripSage Support');
    });

    it('sends PATCHed planning fields to the running workflow, which stores them', async () => {
      const response = await as(traveler).patch<TripBody>(`/trips/${trip.id}`, { title: 'Lisbon, finally', children: 1 });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ title: 'Lisbon, finally', children: 1 });
      const state = await as(traveler).get<TripState>(`/trips/${trip.id}/state`);
      expect(state.json.request.children).toBe(1);
    });

    it('archives through the workflow update; the trip then refuses messages', async () => {
      const archived = await as(traveler).post<TripBody>(`/trips/${trip.id}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.json.status).toBe('archived');
      expect(archived.json.archivedAt).toEqual(expect.any(String));
      const handle = api.ctx.temporal.workflow.getHandle(workflowIds.trip(trip.id));
      await expect(handle.result()).resolves.toMatchObject({ status: 'archived' });
      const state = await as(traveler).get<TripState>(`/trips/${trip.id}/state`);
      expect(state.json.status).toBe('archived');
      expect((await as(traveler).post<Problem>(`/trips/${trip.id}/messages`, { text: 'one more thing', clientMessageId: 'late' })).status).toBe(409);
      // The turns stay readable once the session has ended.
      expect((await as(traveler).get<MessageStatusView>(`/trips/${trip.id}/messages/turn-1`)).json).toMatchObject({ status: 'done', reply: turn.reply });
      expect((await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, { adults: 2 })).status).toBe(409);

      const activity = await as(traveler).get<{ items: { action: string; actorType: string; actorId: string }[] }>(`/trips/${trip.id}/activity`);
      expect(activity.status).toBe(200);
      expect(activity.json.items[0]).toMatchObject({ action: 'trip.archive', actorType: 'user', actorId: traveler.user.id });
    });
  });
});
