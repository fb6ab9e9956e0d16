// /api/trips against the real stack: PostgreSQL, Redis, Temporal and the real worker process (planning
// turns run the offline planner through the worker). Users sign up through the auth routes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SendMessageResult, TripState } from '../../domain/trip.js';
import type { TripEventRecord } from '../../infra/tripEvents.js';
import { workflowIds } from '../../workflows/ids.js';
import { eventually } from '../support/eventually.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, type Problem, type TestApi } from './authSupport.js';

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
      ['no title', {}, [{ field: 'title', reason: 'is required' }]],
      ['a date that does not exist', { title: 'x', startDate: '2027-02-30' }, [{ field: 'startDate', reason: 'must be a real calendar date' }]],
      ['an end before the start', { title: 'x', startDate: '2027-03-05', endDate: '2027-03-01' }, [{ field: 'endDate', reason: 'must not be before startDate' }]],
      ['a lowercase airport code', { title: 'x', origin: 'nyc' }, [{ field: 'origin', reason: 'must be a 3-letter IATA code such as LIS' }]],
      ['a body that is not an object', ['x'], [{ field: 'body', reason: 'must be a JSON object' }]],
    ])('answers 400 with the field for %s', async (_label, body, errors) => {
      const response = await as(traveler).post<Problem>('/trips', body);
      expect(response.status).toBe(400);
      expect(response.json.errors).toEqual(errors);
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

      for (const [query, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['status=lost', 'status'], ['cursor=nonsense', 'cursor'], ['owner=me', 'owner']]) {
        const response = await as(lister).get<Problem>(`/trips?${query}`);
        expect(response.status).toBe(400);
        expect(response.json.errors?.map((error) => error.field)).toEqual([field]);
      }
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
      expect(clash.json.errors).toEqual([{ field: 'endDate', reason: 'must not be before startDate' }]);
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

    beforeAll(async () => {
      trip = await createTrip(traveler, { title: 'Planned trip' });
      const response = await as(traveler).post<SendMessageResult>(`/trips/${trip.id}/messages`, { text: REQUEST, clientMessageId: 'turn-1' });
      expect(response.status).toBe(200);
      turn = response.json;
    }, 60_000);

    it('runs a planning turn: a reply, a plan with options and the state', () => {
      expect(turn.reply.length).toBeGreaterThan(40);
      expect(turn.plan?.flightOptions.length).toBeGreaterThan(0);
      expect(turn.plan?.stayOptions.length).toBeGreaterThan(0);
      expect(turn.plan?.itinerary.length).toBeGreaterThan(0);
      expect(turn.state).toMatchObject({ tripId: trip.id, userId: traveler.user.id, turns: 1, request: { destination: { iata: 'LIS' }, departDate: '2027-03-05', adults: 2 } });
    });

    it('returns the first result for a re-sent clientMessageId', async () => {
      const again = await as(traveler).post<SendMessageResult>(`/trips/${trip.id}/messages`, { text: REQUEST, clientMessageId: 'turn-1' });
      expect(again.status).toBe(200);
      expect(again.json.reply).toBe(turn.reply);
      expect(again.json.state.turns).toBe(1);
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

    it('pages the event log by seq with after/limit', async () => {
      const last = turn.state.lastEventSeq;
      expect(last).toBeGreaterThan(5);
      const page1 = await as(traveler).get<{ events: TripEventRecord[]; nextAfter: number }>(`/trips/${trip.id}/events?limit=3`);
      expect(page1.status).toBe(200);
      expect(page1.json.events.map((event) => event.seq)).toEqual([1, 2, 3]);
      expect(page1.json.nextAfter).toBe(3);
      const page2 = await as(traveler).get<{ events: TripEventRecord[]; nextAfter: number }>(`/trips/${trip.id}/events?after=3&limit=500`);
      const seqs = page2.json.events.map((event) => event.seq);
      expect(seqs[0]).toBe(4);
      expect(seqs).toEqual(seqs.map((_, index) => index + 4));
      expect(page2.json.nextAfter).toBe(seqs.at(-1));
      expect(seqs.at(-1)).toBeGreaterThanOrEqual(last);
      expect(page2.json.events.at(-1)?.type).toBeDefined();
      const caughtUp = await as(traveler).get<{ events: TripEventRecord[]; nextAfter: number }>(`/trips/${trip.id}/events?after=${page2.json.nextAfter}`);
      expect(caughtUp.json).toEqual({ events: [], nextAfter: page2.json.nextAfter });

      for (const [query, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['after=-1', 'after'], ['after=abc', 'after'], ['since=1', 'since']]) {
        const response = await as(traveler).get<Problem>(`/trips/${trip.id}/events?${query}`);
        expect(response.status).toBe(400);
        expect(response.json.errors?.map((error) => error.field)).toEqual([field]);
      }
    });

    it('sets constraints through the workflow', async () => {
      const response = await as(traveler).post<TripState>(`/trips/${trip.id}/constraints`, { adults: 3, pace: 'relaxed', interests: ['tiles'] });
      expect(response.status).toBe(200);
      expect(response.json.request).toMatchObject({ adults: 3, interests: ['tiles'], departDate: '2027-03-05' });
      expect(response.json.pace).toBe('relaxed');
      const row = await api.ctx.prisma.trip.findUniqueOrThrow({ where: { id: trip.id } });
      expect(row.adults).toBe(3);
    });

    it('answers 422 with the field when the workflow validator rejects constraints', async () => {
      // Valid on its own (the API schema passes it), but before the trip's current departure date: only
      // the workflow knows that, and its update validator rejects it before it enters history.
      const response = await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, { returnDate: '2027-03-01' });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.json.errors).toEqual([{ field: 'returnDate', reason: 'must not be before departDate' }]);
      // The same through PATCH, reported under the PATCH field name.
      const patch = await as(traveler).patch<Problem>(`/trips/${trip.id}`, { endDate: '2027-03-01' });
      expect(patch.status).toBe(422);
      expect(patch.json.errors).toEqual([{ field: 'endDate', reason: 'must not be before departDate' }]);
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
      const suggest = (text: string) => call(api, 'POST', `/agent/trips/${trip.id}/suggestions`, { headers: agent.auth, body: { kind: 'note', payload: { text } } });
      expect((await suggest('Try the tram 28')).status).toBe(202);
      expect((await suggest('Book a fado dinner')).status).toBe(202);
      const state = await eventually(async () => (await as(traveler).get<TripState>(`/trips/${trip.id}/state`)).json, (value) => value.suggestions.length === 2, { what: 'two suggestions' });
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
      // The agent sees the answers in the state it reads.
      const seen = await call<TripState>(api, 'GET', `/agent/trips/${trip.id}/state`, { headers: (await createApiKeyFor(api.url, traveler, ['trips:read'])).auth });
      expect(seen.json.suggestions.map((suggestion) => suggestion.status)).toEqual(['accepted', 'dismissed']);
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
      expect((await as(traveler).post<Problem>(`/trips/${trip.id}/constraints`, { adults: 2 })).status).toBe(409);

      const activity = await as(traveler).get<{ items: { action: string; actorType: string; actorId: string }[] }>(`/trips/${trip.id}/activity`);
      expect(activity.status).toBe(200);
      expect(activity.json.items[0]).toMatchObject({ action: 'trip.archive', actorType: 'user', actorId: traveler.user.id });
    });
  });
});
