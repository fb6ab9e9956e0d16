// Edits that don't collide (issue 17): two collaborators change one trip from the same base version through
// the API, against the real stack (PostgreSQL, Redis, Temporal and the worker running the offline planner).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EditConflictDetails, SendMessageResult, TripState } from '../../domain/trip.js';
import type { TripEventRecord } from '../../contracts/realtime.js';
import type { MessageStatusView } from '../../contracts/trips.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

type ConflictProblem = Problem & { conflict?: EditConflictDetails };

const REQUEST = 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000, we love food and museums';

describe('edit conflicts between collaborators', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let writer: SignedInUser;
  let tripId: string;

  const as = (user: SignedInUser) => ({
    get: <T>(path: string) => call<T>(api, 'GET', path, { headers: user.auth }),
    post: <T>(path: string, body: unknown, headers: Record<string, string> = {}) => call<T>(api, 'POST', path, { headers: { ...user.auth, ...headers }, body }),
  });
  const state = async () => (await as(owner).get<TripState>(`/trips/${tripId}/state`)).json;

  beforeAll(async () => {
    api = await startTestApi();
    owner = await signUp(api.url, 'owner');
    writer = await signUp(api.url, 'writer');
    const created = await call<{ trip: { id: string } }>(api, 'POST', '/trips', { headers: { ...owner.auth, ...WAIT_FOR_REPLY }, body: { message: { text: REQUEST } } });
    expect(created.status).toBe(201);
    tripId = created.json.trip.id;
    expect((await as(owner).post(`/trips/${tripId}/collaborators`, { email: writer.user.email, role: 'write' })).status).toBe(201);
  }, 90_000);

  afterAll(async () => {
    await api.close();
  });

  it('counts the first planning message as a change, by its author', async () => {
    const current = await state();
    expect(current.version).toBeGreaterThanOrEqual(1);
    expect(current.recentChanges?.at(-1)).toMatchObject({ kind: 'message', version: current.version, author: { userId: owner.user.id, name: 'Test owner', kind: 'user' } });
    expect(current.recentChanges?.at(-1)?.fields).toEqual(expect.arrayContaining(['destination', 'dates']));
  });

  it('refuses the second of two changes to the same field from the same base with 409 naming the first; a change to other fields applies', async () => {
    const base = (await state()).version as number;
    const first = await as(owner).post<TripState>(`/trips/${tripId}/constraints`, { adults: 3, baseVersion: base });
    expect(first.status).toBe(200);
    expect(first.json.version).toBe(base + 1);
    expect(first.json.recentChanges?.at(-1)).toMatchObject({ version: base + 1, kind: 'constraints', fields: ['party'], author: { userId: owner.user.id, name: 'Test owner' } });

    // Children and adults are both "the party": the writer, who had not seen the owner's change, is told of it.
    const second = await as(writer).post<ConflictProblem>(`/trips/${tripId}/constraints`, { children: 2, adults: 2, baseVersion: base });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(second.json.detail).toMatch(/^Test owner changed the travelers \(version \d+\)/);
    expect(second.json.conflict).toEqual({
      baseVersion: base,
      currentVersion: base + 1,
      fields: ['party'],
      change: { version: base + 1, kind: 'constraints', fields: ['party'], author: { userId: owner.user.id, name: 'Test owner', kind: 'user' }, at: expect.any(String) },
    });
    const unchanged = await state();
    expect(unchanged.request).toMatchObject({ adults: 3, children: 0 });
    expect(unchanged.version).toBe(base + 1);

    // The same base, other fields: nothing collides, it applies.
    const pace = await as(writer).post<TripState>(`/trips/${tripId}/constraints`, { pace: 'relaxed', baseVersion: base });
    expect(pace.status).toBe(200);
    expect(pace.json).toMatchObject({ pace: 'relaxed', version: base + 2 });
    expect(pace.json.request.adults).toBe(3);
    expect(pace.json.recentChanges?.at(-1)).toMatchObject({ fields: ['pace'], author: { userId: writer.user.id, name: 'Test writer' } });

    // Re-applied on the version the conflict named, the writer's change now wins (they saw the owner's).
    const reapplied = await as(writer).post<TripState>(`/trips/${tripId}/constraints`, { children: 2, adults: 2, baseVersion: second.json.conflict?.currentVersion });
    expect(reapplied.status).toBe(200);
    expect(reapplied.json.request).toMatchObject({ adults: 2, children: 2 });
  }, 60_000);

  it('lets exactly one of two simultaneous changes to the same field from the same base apply', async () => {
    const base = (await state()).version as number;
    const [byOwner, byWriter] = await Promise.all([
      as(owner).post<TripState | ConflictProblem>(`/trips/${tripId}/constraints`, { budget: { amount: 6000, currency: 'USD' }, baseVersion: base }),
      as(writer).post<TripState | ConflictProblem>(`/trips/${tripId}/constraints`, { budget: { amount: 4000, currency: 'USD' }, baseVersion: base }),
    ]);
    expect([byOwner.status, byWriter.status].sort()).toEqual([200, 409]);
    const [applied, refused] = byOwner.status === 200 ? [byOwner, byWriter] : [byWriter, byOwner];
    const winner = applied === byOwner ? owner : writer;
    expect((refused.json as ConflictProblem).conflict?.change).toMatchObject({ version: base + 1, fields: ['budget'], author: { userId: winner.user.id } });
    expect((await state()).request.budget).toEqual((applied.json as TripState).request.budget);
  }, 60_000);

  it('applies PATCH /trips/:id planning fields under the same rule', async () => {
    const base = (await state()).version as number;
    expect((await as(owner).post(`/trips/${tripId}/constraints`, { interests: ['tiles'], baseVersion: base })).status).toBe(200);
    const patched = await call<ConflictProblem>(api, 'PATCH', `/trips/${tripId}`, { headers: writer.auth, body: { preferences: { interests: ['fado'] }, baseVersion: base } });
    expect(patched.status).toBe(409);
    expect(patched.json.conflict).toMatchObject({ fields: ['interests'], change: { author: { userId: owner.user.id } } });
    expect((await state()).request.interests).toEqual(['tiles']);
    const titleOnly = await call<{ title: string }>(api, 'PATCH', `/trips/${tripId}`, { headers: writer.auth, body: { title: 'Lisbon, together', baseVersion: base } });
    expect(titleOnly.status).toBe(200);
  }, 60_000);

  it('applies a change without baseVersion as before (last write wins), and refuses a base the trip never had with 422', async () => {
    const before = (await state()).version as number;
    const plain = await as(writer).post<TripState>(`/trips/${tripId}/constraints`, { adults: 4 });
    expect(plain.status).toBe(200);
    expect(plain.json.request.adults).toBe(4);
    expect(plain.json.version).toBe(before + 1);

    const future = await as(writer).post<Problem>(`/trips/${tripId}/constraints`, { adults: 1, baseVersion: before + 50 });
    expect(future.status).toBe(422);
    expect(future.json.errors).toEqual([{ field: 'baseVersion', reason: `is newer than the trip (version ${before + 1})` }]);
    // A base version alone is no change.
    const onlyBase = await as(writer).post<Problem>(`/trips/${tripId}/constraints`, { baseVersion: 1 });
    expect(onlyBase.status).toBe(400);
    expect(onlyBase.json.errors).toEqual([{ field: 'body', reason: 'at least one constraint is required' }]);
  }, 60_000);

  it('refuses a selection of another flight made against the version before someone else\'s pick', async () => {
    const current = await state();
    const base = current.version as number;
    const options = current.plan?.flightOptions ?? [];
    expect(options.length).toBeGreaterThanOrEqual(3);
    const mine = await as(owner).post<SendMessageResult>(`/trips/${tripId}/selection`, { flightOfferId: options[1]?.id, baseVersion: base });
    expect(mine.status).toBe(200);
    expect(mine.json.state.version).toBe(base + 1);
    expect(mine.json.plan?.selectedFlightId).toBe(options[1]?.id);

    const theirs = await as(writer).post<ConflictProblem>(`/trips/${tripId}/selection`, { flightOfferId: options[2]?.id, baseVersion: base });
    expect(theirs.status).toBe(409);
    expect(theirs.json.conflict).toMatchObject({ fields: ['selectedFlight'], change: { kind: 'selection', author: { userId: owner.user.id } } });
    expect((await state()).plan?.selectedFlightId).toBe(options[1]?.id);

    // A stay picked from the same base touches the stay only: it applies, and the flight stays the owner's.
    const stay = current.plan?.stayOptions[1];
    if (stay) {
      const stayPick = await as(writer).post<SendMessageResult>(`/trips/${tripId}/selection`, { stayOfferId: stay.id, baseVersion: base });
      expect(stayPick.status).toBe(200);
      expect(stayPick.json.plan).toMatchObject({ selectedStayId: stay.id, selectedFlightId: options[1]?.id });
    }
  }, 90_000);

  it('edits the itinerary by hand (move, add, remove) under the same rules: an edit from an older base after another edit is refused', async () => {
    const current = await state();
    const base = current.version as number;
    const [first, second] = current.plan?.itinerary ?? [];
    // A flight's time is fixed, so it does not move: the first other entry of day 2 moves to the end of day 1.
    const from = second?.entries.findIndex((entry) => entry.kind !== 'flight') ?? -1;
    expect(first && from >= 0).toBe(true);
    const moved = second?.entries[from];

    const move = await as(owner).post<TripState>(`/trips/${tripId}/itinerary`, { op: 'move', day: 2, index: from, toDay: 1, toIndex: first?.entries.length, baseVersion: base });
    expect(move.status).toBe(200);
    expect(move.json.plan?.itinerary[0]?.entries.at(-1)).toEqual(moved);
    expect(move.json.plan?.itinerary[1]?.entries).toHaveLength((second?.entries.length ?? 0) - 1);
    expect(move.json.recentChanges?.at(-1)).toMatchObject({ version: base + 1, kind: 'itinerary', fields: ['itinerary'], author: { userId: owner.user.id } });

    // The writer, still on the base before the move, adds a dinner: refused, naming the owner's move.
    const dinner = { op: 'add', day: 2, entry: { kind: 'meal', title: 'Dinner at Cervejaria Ramiro', time: '20:30' } };
    const refused = await as(writer).post<ConflictProblem>(`/trips/${tripId}/itinerary`, { ...dinner, baseVersion: base });
    expect(refused.status).toBe(409);
    expect(refused.json.conflict).toMatchObject({ fields: ['itinerary'], change: { kind: 'itinerary', version: base + 1, author: { userId: owner.user.id, name: 'Test owner' } } });
    expect((await state()).plan?.itinerary[1]?.entries.some((entry) => entry.title === 'Dinner at Cervejaria Ramiro')).toBe(false);

    // On the current version it applies (at the day's end), and a remove takes it out again.
    const added = await as(writer).post<TripState>(`/trips/${tripId}/itinerary`, { ...dinner, baseVersion: base + 1 });
    expect(added.status).toBe(200);
    const day2 = added.json.plan?.itinerary[1]?.entries ?? [];
    expect(day2.at(-1)).toEqual({ kind: 'meal', title: 'Dinner at Cervejaria Ramiro', time: '20:30', description: null, cost: null });
    const removed = await as(writer).post<TripState>(`/trips/${tripId}/itinerary`, { op: 'remove', day: 2, index: day2.length - 1 });
    expect(removed.status).toBe(200);
    expect(removed.json.plan?.itinerary[1]?.entries).toHaveLength(day2.length - 1);

    // What the itinerary does not have is a 422 naming the field; a flight cannot be added by hand.
    const nowhere = await as(writer).post<Problem>(`/trips/${tripId}/itinerary`, { op: 'remove', day: 99, index: 0 });
    expect(nowhere.status).toBe(422);
    expect(nowhere.json.errors).toEqual([{ field: 'day', reason: expect.stringMatching(/^is not a day of the itinerary/) }]);
    const flight = await as(writer).post<Problem>(`/trips/${tripId}/itinerary`, { op: 'add', day: 1, entry: { kind: 'flight', title: 'My own flight' } });
    expect(flight.status).toBe(400);
  }, 60_000);

  it('re-applies a removal after a conflict to the entry it named, where the other traveler moved it', async () => {
    const before = await state();
    const base = before.version as number;
    // A day with two neighbouring entries that may trade places (neither a flight, whose time is fixed).
    const tradable = (entries: NonNullable<TripState['plan']>['itinerary'][number]['entries']) =>
      entries.findIndex((entry, index) => index > 0 && entry.kind !== 'flight' && entries[index - 1]?.kind !== 'flight');
    const dayIndex = (before.plan?.itinerary ?? []).findIndex((day) => tradable(day.entries) >= 0);
    expect(dayIndex).toBeGreaterThanOrEqual(0);
    const day = before.plan?.itinerary[dayIndex] as NonNullable<TripState['plan']>['itinerary'][number];
    const at = tradable(day.entries);
    const [third, second] = [day.entries[at], day.entries[at - 1]];
    // The owner moves an entry up; the writer, on the same base, removes it (then at its old index).
    const up = await as(owner).post<TripState>(`/trips/${tripId}/itinerary`, { op: 'move', day: day.day, index: at, toDay: day.day, toIndex: at - 1, entryTitle: third?.title, baseVersion: base });
    expect(up.status).toBe(200);
    // Times stay in place: the moved entry takes the earlier slot.
    expect(up.json.plan?.itinerary[dayIndex]?.entries.slice(at - 1, at + 1).map((entry) => [entry.title, entry.time])).toEqual([[third?.title, second?.time], [second?.title, third?.time]]);
    const removal = { op: 'remove', day: day.day, index: at, entryTitle: third?.title };
    expect((await as(writer).post<ConflictProblem>(`/trips/${tripId}/itinerary`, { ...removal, baseVersion: base })).status).toBe(409);
    // Re-applied on the current version: the entry it named goes, wherever it now is; the other stays.
    const reapplied = await as(writer).post<TripState>(`/trips/${tripId}/itinerary`, { ...removal, baseVersion: base + 1 });
    expect(reapplied.status).toBe(200);
    const titles = reapplied.json.plan?.itinerary[dayIndex]?.entries.map((entry) => entry.title) ?? [];
    expect(titles).not.toContain(third?.title);
    expect(titles).toContain(second?.title);
    // Named but gone: 422 on the field.
    const gone = await as(writer).post<Problem>(`/trips/${tripId}/itinerary`, { ...removal, baseVersion: base + 2 });
    expect(gone.status).toBe(422);
    expect(gone.json.errors).toEqual([{ field: 'entryTitle', reason: `is no longer on day ${day.day}` }]);
  }, 60_000);

  it('refuses a message that changes a field changed since its base: 409 with Prefer: wait, failed with the conflict in its status; its author is recorded', async () => {
    const base = (await state()).version as number;
    expect((await as(owner).post(`/trips/${tripId}/constraints`, { cabinClass: 'first', baseVersion: base })).status).toBe(200);

    const clientMessageId = `conflict-${base}`;
    const sent = await as(writer).post<ConflictProblem>(`/trips/${tripId}/messages`, { text: 'Make it business class', clientMessageId, baseVersion: base }, WAIT_FOR_REPLY);
    expect(sent.status).toBe(409);
    expect(sent.json.conflict).toMatchObject({ baseVersion: base, fields: ['cabinClass'], change: { kind: 'constraints', author: { userId: owner.user.id } } });
    expect((await state()).request.cabinClass).toBe('first');

    const status = await as(writer).get<MessageStatusView>(`/trips/${tripId}/messages/${clientMessageId}`);
    expect(status.json).toMatchObject({ status: 'failed', error: { status: 409, conflict: { fields: ['cabinClass'] } } });

    // The message itself is in the chat, by the writer, for every collaborator to see.
    const messages = await as(owner).get<{ items: { clientMessageId: string; role: string; authorId: string | null }[] }>(`/trips/${tripId}/messages?limit=100`);
    expect(messages.json.items.find((message) => message.clientMessageId === clientMessageId)).toMatchObject({ role: 'user', authorId: writer.user.id });
    const events = await as(owner).get<{ items: TripEventRecord[] }>(`/trips/${tripId}/events?limit=500`);
    const event = events.json.items.find((candidate) => candidate.type === 'message' && candidate.payload.clientMessageId === clientMessageId);
    expect(event?.payload).toMatchObject({ role: 'user', authorId: writer.user.id, authorName: 'Test writer' });
    // Its turn's progress says why it stopped, for every collaborator.
    const stopped = events.json.items.find((candidate) => candidate.type === 'progress' && candidate.payload.turn === clientMessageId && candidate.payload.status === 'failed');
    expect(stopped?.payload).toMatchObject({ step: 'compose', message: expect.stringMatching(/^Test owner changed the cabin class \(version \d+\)/) });

    // A question from the same old base changes nothing, so it collides with nothing: it is answered.
    const question = await as(writer).post<SendMessageResult>(`/trips/${tripId}/messages`, { text: 'How warm will it be?', baseVersion: base }, WAIT_FOR_REPLY);
    expect(question.status).toBe(200);
    expect(question.json.reply.length).toBeGreaterThan(0);
  }, 120_000);
});
