import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './support/eventually.js';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createPlanningActivities, type RecordedAndUnderstood, type RecordedUnderstoodAndPlanned, type SavedPlan } from '../activities/planning.js';
import { emptyTripRequest, type TripPlan } from '../domain/trip.js';
import { TripEventBatch, TripEventLog, type TripEventInput } from '../infra/tripEvents.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { decideTurnChange, decisionKey, requestChangeOf, searchComposeAndSaveInput, type TurnContext } from '../domain/turnChange.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { createAgentTestEnv } from './support/agents.js';

// Activities run for real (real PostgreSQL and Redis) inside the SDK's activity context, twice each,
// as Temporal does when an attempt's result is lost: the second run must write nothing new.
describe('planning activities are idempotent under retries', () => {
  let services: TestServices;
  let deps: WorkerDeps;
  let userId: string;
  const environment = new MockActivityEnvironment();

  beforeAll(async () => {
    services = await connectTestServices();
    deps = await createWorkerDeps(services.config, services.logger);
    userId = (await services.prisma.user.create({ data: { email: `activities-${randomUUID()}@example.test`, displayName: 'Activities' } })).id;
  });

  afterAll(async () => {
    await services.prisma.user.delete({ where: { id: userId } });
    await deps.close();
    await services.close();
  });

  it('writes each message, itinerary row and event once, with gap-free seq under concurrency', async () => {
    const tripId = randomUUID();
    const message = { tripId, userId, clientMessageId: 'r1', text: 'Lisbon in March' };
    const [first, retried] = await Promise.all([
      environment.run(deps.activities.recordUserMessage, message),
      environment.run(deps.activities.recordUserMessage, message),
    ]);
    expect(retried).toEqual(first);

    const plan: TripPlan = {
      flightOptions: [],
      stayOptions: [],
      selectedFlightId: null,
      selectedStayId: null,
      destination: null,
      itinerary: [
        { day: 1, date: '2027-03-05', title: 'Arrival', weather: null, entries: [{ time: '15:00', kind: 'stay', title: 'Check in', description: null, cost: null }] },
        { day: 2, date: '2027-03-06', title: 'Alfama', weather: null, entries: [{ time: '10:00', kind: 'activity', title: 'Walk', description: null, cost: { amount: 0, currency: 'EUR' } }] },
      ],
      budget: null,
      failures: [],
      memoriesUsed: [],
    };
    const save = { tripId, userId, turnKey: 'r1', request: emptyTripRequest, plan, reply: 'Here is your plan.', status: 'proposing' as const };
    const saved = await environment.run(deps.activities.savePlan, save);
    expect(await environment.run(deps.activities.savePlan, save)).toBe(saved);

    // Many distinct events appended concurrently: every seq exactly once.
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => environment.run(deps.activities.recordTripEvent, { tripId, key: `burst:${index}`, type: 'test', payload: { index } })),
    );

    const trip = await services.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, include: { messages: true, itineraryItems: true, events: { orderBy: { seq: 'asc' } } } });
    expect(trip.messages).toHaveLength(2);
    expect(trip.itineraryItems).toHaveLength(2);
    expect(trip.events.map((event) => event.seq)).toEqual(Array.from({ length: trip.events.length }, (_, index) => index + 1));
    expect(trip.events).toHaveLength(1 + 2 + 20); // user message, plan.updated + reply, the burst
    expect(trip.lastEventSeq).toBe(trip.events.length);
  });

  it('records a message and, with the offline planner, understands it in the same call, once under a retry', async () => {
    const tripId = randomUUID();
    const input = {
      message: { tripId, userId, clientMessageId: 'u1', text: 'Five nights in Lisbon from New York in May 2027' },
      understand: { tripId, userId, turnKey: 'u1', text: 'Five nights in Lisbon from New York in May 2027', request: emptyTripRequest, referenceDate: '2026-12-04', pace: 'balanced' as const, undoTarget: null },
    };
    const first = (await environment.run(deps.activities.recordAndUnderstand, input)) as RecordedAndUnderstood;
    const retried = await environment.run(deps.activities.recordAndUnderstand, input);
    expect(first.reasoning).toBe('local');
    expect(first.searching).toBe('local'); // the sandbox providers: offers are computed in the worker
    expect(first.understanding?.request.destination?.iata).toBe('LIS');
    expect(retried).toEqual(first);
    const events = await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.key)).toEqual(['u1:message:user', 'u1:understand:running', 'u1:understand:done']);
  });

  /** A new trip's state before its first turn, as the workflow hands it to the plan made with the message. */
  const newTrip: TurnContext = {
    previousPlan: null, hadDestination: false, undoDepth: 0, pace: 'balanced',
    settled: { proposing: 'proposing', gathering: 'gathering' }, picked: null, booked: { flight: null, stay: null },
  };

  it('records, understands and plans a change ahead in one call (v16), each row once under a retry; a question is answered instead', async () => {
    const tripId = randomUUID();
    const text = 'Five nights in Lisbon from New York in May 2027, 2 adults';
    const ahead = newTrip;
    const understand = { tripId, userId, turnKey: 'p1', text, request: emptyTripRequest, referenceDate: '2026-12-04', pace: 'balanced' as const, undoTarget: null };
    const input = { message: { tripId, userId, clientMessageId: 'p1', text }, understand, ahead };
    const first = (await environment.run(deps.activities.recordUnderstandAndPlan, input)) as RecordedUnderstoodAndPlanned;
    const planned = first.planned;
    expect(planned?.saved.plan.flightOptions.length).toBeGreaterThan(0);
    expect(planned?.saved.plan.stayOptions.length).toBeGreaterThan(0);
    expect(planned?.saved.reply).toMatch(/Lisbon/);
    expect(planned?.saved.turn).toMatchObject({ intent: 'change', canUndo: false, priceDelta: null });
    // The key is the one the workflow comes to, deciding from the same state and understanding.
    const firstAsked = first.understanding && requestChangeOf(first.understanding);
    const change = first.understanding && firstAsked && decideTurnChange(ahead, first.understanding, firstAsked, text, () => true);
    expect(change).not.toBeNull();
    expect(planned?.key).toBe(change && decisionKey(searchComposeAndSaveInput({ tripId, userId, turnKey: 'p1' }, change, null)));
    const retried = (await environment.run(deps.activities.recordUnderstandAndPlan, input)) as RecordedUnderstoodAndPlanned;
    expect(retried.planned?.key).toBe(planned?.key);
    const trip = await services.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, include: { messages: true } });
    expect(trip.messages.map((message) => message.role).sort()).toEqual(['assistant', 'user']);
    expect(trip.destinations).toEqual(['LIS']);
    // The message came first and the plan last, though the understanding ran while the message was stored
    // and the plan's statement while the steps' last events were.
    const log = (await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } })).map((event) => event.key ?? '');
    expect(log.slice(0, 3)).toEqual(['p1:message:user', 'p1:understand:running', 'p1:understand:done']);
    expect(log.slice(-2)).toEqual(['p1:plan', 'p1:message:assistant']);
    expect(log.filter((key) => key.endsWith(':done'))).toHaveLength(5); // understand, destination, flights, stays, compose

    // A question about the trip as planned changes nothing: recorded and understood, not planned.
    const question = 'How warm will it be?';
    const asked = (await environment.run(deps.activities.recordUnderstandAndPlan, {
      message: { tripId, userId, clientMessageId: 'p2', text: question },
      understand: { ...understand, turnKey: 'p2', text: question, request: first.understanding?.request ?? emptyTripRequest },
      ahead: { ...ahead, previousPlan: planned?.saved.plan ?? null, hadDestination: true },
    })) as RecordedUnderstoodAndPlanned;
    expect(asked.understanding?.intent).toBe('question');
    expect(asked.planned).toBeUndefined();
    // …answered, with its reply saved, in the same call.
    expect(asked.answered?.reply).toMatch(/Lisbon/);
    const replies = await services.prisma.chatMessage.findMany({ where: { tripId, clientMessageId: 'p2' }, select: { role: true, content: true } });
    expect(replies.map((reply) => reply.role).sort()).toEqual(['assistant', 'user']);
    expect(replies.find((reply) => reply.role === 'assistant')?.content).toBe(asked.answered?.reply);
  }, 30_000);

  it('answers without the plan made with the message where it runs over its budget (v16): the workflow then plans the turn', async () => {
    const slow = await createWorkerDeps(services.config, services.logger, { planAheadBudgetMs: 1 });
    const tripId = randomUUID();
    const text = 'Five nights in Porto from London in June 2027, 2 adults';
    try {
      const recorded = (await environment.run(slow.activities.recordUnderstandAndPlan, {
        message: { tripId, userId, clientMessageId: 'b1', text },
        understand: { tripId, userId, turnKey: 'b1', text, request: emptyTripRequest, referenceDate: '2026-12-04', pace: 'balanced' as const, undoTarget: null },
        ahead: newTrip,
      })) as RecordedUnderstoodAndPlanned;
      expect(recorded.understanding?.request.destination?.iata).toBe('OPO');
      expect(recorded.planned).toBeUndefined();
    } finally {
      // The plan that ran over still lands, under the same turn key as the workflow's own save of it.
      await eventually(() => services.prisma.trip.findUnique({ where: { id: tripId }, select: { plan: true } }), (trip) => trip?.plan != null, { timeoutMs: 20_000, what: 'the late plan to land' });
      await slow.close();
    }
  }, 30_000);

  it('saves a plan and, with offline embeddings, writes the turn\'s memories in the same call', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 's1', text: 'We love street food' });
    const request = { ...emptyTripRequest, destination: { city: 'Lisbon', iata: 'LIS' }, interests: ['food'] };
    const plan: TripPlan = { flightOptions: [], stayOptions: [], selectedFlightId: null, selectedStayId: null, destination: null, itinerary: [], budget: null, failures: [], memoriesUsed: [] };
    const before = await services.prisma.memory.count({ where: { userId } });
    const saved = (await environment.run(deps.activities.savePlanAndRemember, {
      tripId, userId, turnKey: 's1', request, plan, reply: 'Here it is.', status: 'proposing' as const, remember: { text: 'We love street food' },
    })) as SavedPlan;
    expect(saved).toEqual({ seq: expect.any(Number), remembered: true });
    expect(await services.prisma.memory.count({ where: { userId } })).toBeGreaterThan(before);
    const trip = await services.prisma.trip.findUniqueOrThrow({ where: { id: tripId } });
    expect(trip.title).toBe('Trip to Lisbon');
  });

  it('keeps no memories of a turn whose plan could not be saved (the plan is saved first)', async () => {
    const travelerId = (await services.prisma.user.create({ data: { email: `unsaved-${randomUUID()}@example.test`, displayName: 'Unsaved' } })).id;
    try {
      const request = { ...emptyTripRequest, destination: { city: 'Lisbon', iata: 'LIS' }, interests: ['food'] };
      const plan: TripPlan = { flightOptions: [], stayOptions: [], selectedFlightId: null, selectedStayId: null, destination: null, itinerary: [], budget: null, failures: [], memoriesUsed: [] };
      // No trip row: the save is refused, and the workflow rolls the turn back.
      const saving = environment.run(deps.activities.savePlanAndRemember, {
        tripId: randomUUID(), userId: travelerId, turnKey: 'f1', request, plan, reply: 'Here it is.', status: 'proposing' as const, remember: { text: 'We love street food' },
      });
      await expect(saving).rejects.toMatchObject({ type: 'StorageRejected', nonRetryable: true, message: expect.stringMatching(/has no row to save its plan in/) });
      expect(await services.prisma.memory.count({ where: { userId: travelerId } })).toBe(0);
    } finally {
      await services.prisma.user.delete({ where: { id: travelerId } });
    }
  });

  it('records the message and leaves understanding to the workflow when understanding with it takes too long', async () => {
    const stalled = createPlanningActivities({
      prisma: services.prisma,
      events: new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger),
      agentsFor: () => new Promise<never>(() => undefined), // the traveler's agents never come
      logger: services.logger,
      reasoning: 'local',
    });
    const tripId = randomUUID();
    const text = 'Five nights in Lisbon from New York in May 2027';
    const recorded = await environment.run(stalled.recordAndUnderstand, {
      message: { tripId, userId, clientMessageId: 't1', text },
      understand: { tripId, userId, turnKey: 't1', text, request: emptyTripRequest, referenceDate: '2026-12-04', pace: 'balanced' as const, undoTarget: null },
    });
    expect(recorded).toEqual({ seq: 1, reasoning: 'local', searching: 'remote', understanding: null });
    const events = await services.prisma.tripEvent.findMany({ where: { tripId } });
    expect(events.map((event) => event.key)).toEqual(['t1:message:user']);
  }, 30_000);

  it('appends a batch in one statement, and a batch retried with a key already stored keeps each event once, in order', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 'b0', text: 'hello' });
    const events = new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger);
    const batch = ['b1', 'b2', 'b3'].map((key, index) => ({ key, type: 'test', payload: { index } }));
    const first = await events.appendMany(tripId, batch);
    expect(first.map((event) => [event.seq, event.payload])).toEqual([[2, { index: 0 }], [3, { index: 1 }], [4, { index: 2 }]]);
    // A writer that died after storing the first two retries them with one more: the stored ones come back as they were.
    const retried = await events.appendMany(tripId, [...batch.slice(0, 2), { key: 'b4', type: 'test', payload: { index: 3 } }]);
    expect(retried.map((event) => event.seq)).toEqual([2, 3, 5]);
    expect(retried.slice(0, 2)).toEqual(first.slice(0, 2));
    const stored = await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
    expect(stored.map((event) => [event.seq, event.key])).toEqual([[1, 'b0:message:user'], [2, 'b1'], [3, 'b2'], [4, 'b3'], [5, 'b4']]);
    expect((await services.prisma.trip.findUniqueOrThrow({ where: { id: tripId } })).lastEventSeq).toBe(5);
  });

  it('batches a step\'s progress events: the first goes out at once, the ones queued meanwhile together, all in order', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 'q0', text: 'hello' });
    const statements: string[][] = [];
    const log = new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger);
    const appendMany = log.appendMany.bind(log);
    log.appendMany = (id: string, batch: TripEventInput[]) => {
      statements.push(batch.map((event) => event.key));
      return appendMany(id, batch);
    };
    const progress = new TripEventBatch(log, tripId);
    for (const key of ['q1', 'q2', 'q3', 'q4']) progress.append({ key, type: 'test', payload: {} });
    await progress.flush();
    progress.append({ key: 'q5', type: 'test', payload: {} });
    await progress.flush();
    expect(statements).toEqual([['q1'], ['q2', 'q3', 'q4'], ['q5']]);
    const stored = await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
    expect(stored.map((event) => event.key)).toEqual(['q0:message:user', 'q1', 'q2', 'q3', 'q4', 'q5']);
  });

  it('reports a batch\'s failed write at flush and writes nothing after it', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 'f0', text: 'hello' });
    const log = new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger);
    const appendMany = log.appendMany.bind(log);
    let calls = 0;
    log.appendMany = (id: string, batch: TripEventInput[]) => (++calls === 2 ? Promise.reject(new Error('database went away')) : appendMany(id, batch));
    const progress = new TripEventBatch(log, tripId);
    progress.append({ key: 'f1', type: 'test', payload: {} });
    progress.append({ key: 'f2', type: 'test', payload: {} });
    await expect(progress.flush()).rejects.toThrow('database went away');
    progress.append({ key: 'f3', type: 'test', payload: {} });
    await expect(progress.flush()).rejects.toThrow('database went away');
    const stored = await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
    expect(stored.map((event) => event.key)).toEqual(['f0:message:user', 'f1']);
  });

  it('holds a batch\'s events until the write they follow is stored, and writes none if it fails', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 'a0', text: 'hello' });
    const log = new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger);
    let release: () => void = () => undefined;
    const message = new Promise<void>((resolve) => { release = resolve; });
    const progress = new TripEventBatch(log, tripId, message.then(() => log.append(tripId, { key: 'a1', type: 'test', payload: {} })));
    progress.append({ key: 'a2', type: 'test', payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await services.prisma.tripEvent.count({ where: { tripId } })).toBe(1); // held: only the trip's first message
    release();
    await progress.flush();
    const stored = await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
    expect(stored.map((event) => event.key)).toEqual(['a0:message:user', 'a1', 'a2']);

    const failed = new TripEventBatch(log, tripId, Promise.reject(new Error('the message was not stored')));
    failed.append({ key: 'a3', type: 'test', payload: {} });
    await expect(failed.flush()).rejects.toThrow('the message was not stored');
    expect(await services.prisma.tripEvent.count({ where: { tripId } })).toBe(3);
    // A batch with nothing queued still reports the write it follows.
    await expect(new TripEventBatch(log, tripId, Promise.reject(new Error('never stored'))).flush()).rejects.toThrow('never stored');
  });

  it('fails the call and writes none of the understanding\'s events when the message it ran beside was not stored', async () => {
    const log = new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger);
    const appended: string[][] = [];
    log.appendMany = (_id: string, batch: TripEventInput[]) => {
      appended.push(batch.map((event) => event.key));
      return Promise.reject(new Error('event log unavailable'));
    };
    const agents = await createAgentTestEnv();
    let understood = false;
    const failing = createPlanningActivities({
      prisma: services.prisma, events: log, logger: services.logger, reasoning: 'local',
      agentsFor: () => Promise.resolve({ ...agents.context(), logger: agents.logger.child({ probe: true }) }).finally(() => { understood = true; }),
    });
    try {
      const tripId = randomUUID();
      const text = 'Five nights in Lisbon from New York in May 2027';
      await expect(environment.run(failing.recordAndUnderstand, {
        message: { tripId, userId, clientMessageId: 'x1', text },
        understand: { tripId, userId, turnKey: 'x1', text, request: emptyTripRequest, referenceDate: '2026-12-04', pace: 'balanced' as const, undoTarget: null },
      })).rejects.toThrow('event log unavailable');
      expect(understood).toBe(true); // the understanding did start beside the message
      // It finishes on its own; its events wait for the message's, which failed.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(appended).toEqual([['x1:message:user']]);
    } finally {
      await agents.close();
    }
  }, 30_000);

  it('answers without the understanding when its progress events could not be stored, and plans nothing ahead', async () => {
    const log = new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger);
    const appendMany = log.appendMany.bind(log);
    // The message's event is stored; the steps' events are not.
    log.appendMany = (id: string, batch: TripEventInput[]) => (batch.every((event) => event.key.endsWith(':message:user')) ? appendMany(id, batch) : Promise.reject(new Error('event log full')));
    const agents = await createAgentTestEnv();
    const unstored = createPlanningActivities({
      prisma: services.prisma, events: log, logger: services.logger, reasoning: 'local', memoryInline: true,
      agentsFor: () => Promise.resolve(agents.context()), searchesLocally: () => true,
    });
    try {
      const tripId = randomUUID();
      const text = 'Five nights in Lisbon from New York in May 2027';
      const understand = { tripId, userId, turnKey: 'y1', text, request: emptyTripRequest, referenceDate: '2026-12-04', pace: 'balanced' as const, undoTarget: null };
      const recorded = (await environment.run(unstored.recordAndUnderstand, { message: { tripId, userId, clientMessageId: 'y1', text }, understand })) as RecordedAndUnderstood;
      expect(recorded).toMatchObject({ reasoning: 'local', understanding: null });
      const planned = (await environment.run(unstored.recordUnderstandAndPlan, { message: { tripId, userId, clientMessageId: 'y1', text }, understand, ahead: newTrip })) as RecordedUnderstoodAndPlanned;
      expect(planned).toMatchObject({ understanding: null });
      expect(planned.planned).toBeUndefined();
      const stored = await services.prisma.tripEvent.findMany({ where: { tripId }, orderBy: { seq: 'asc' } });
      expect(stored.map((event) => event.key)).toEqual(['y1:message:user']);
      // Nor was anything of the plan made ahead stored: no reply, no plan on the trip's row, no memories.
      const trip = await services.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, include: { messages: true } });
      expect(trip.messages.map((message) => message.role)).toEqual(['user']);
      expect(trip.plan).toBeNull();
      expect(trip.destinations).toEqual([]);
      expect(await services.prisma.memory.count({ where: { userId, metadata: { path: ['tripId'], equals: tripId } } })).toBe(0);
    } finally {
      await agents.close();
    }
  }, 30_000);

  it('replaces the itinerary rows with each saved plan\'s, as it grows, shrinks and reorders', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 'i0', text: 'Lisbon' });
    const entry = (title: string) => ({ time: '10:00', kind: 'activity' as const, title, description: null, cost: null });
    const planWith = (days: string[][]): TripPlan => ({
      flightOptions: [], stayOptions: [], selectedFlightId: null, selectedStayId: null, destination: null, budget: null, failures: [], memoriesUsed: [],
      itinerary: days.map((titles, index) => ({ day: index + 1, date: `2027-03-0${index + 1}`, title: `Day ${index + 1}`, weather: null, entries: titles.map(entry) })),
    });
    const rows = async () =>
      (await services.prisma.itineraryItem.findMany({ where: { tripId }, orderBy: [{ day: 'asc' }, { position: 'asc' }] })).map((row) => [row.day, row.position, row.title]);
    const save = (turnKey: string, days: string[][]) =>
      environment.run(deps.activities.savePlan, { tripId, userId, turnKey, request: emptyTripRequest, plan: planWith(days), reply: 'ok', status: 'proposing' as const });

    await save('i1', [['a', 'b'], ['c']]);
    expect(await rows()).toEqual([[1, 0, 'a'], [1, 1, 'b'], [2, 0, 'c']]);
    await save('i2', [['b', 'a', 'd'], ['e'], ['f']]);
    expect(await rows()).toEqual([[1, 0, 'b'], [1, 1, 'a'], [1, 2, 'd'], [2, 0, 'e'], [3, 0, 'f']]);
    await save('i3', [['g']]);
    expect(await rows()).toEqual([[1, 0, 'g']]);
    await save('i4', []);
    expect(await rows()).toEqual([]);
    const replies = await services.prisma.chatMessage.findMany({ where: { tripId, role: 'assistant' } });
    expect(replies).toHaveLength(4);
  });

  it('writes nothing for a trip without a row, and says so', async () => {
    const tripId = randomUUID();
    const plan: TripPlan = {
      flightOptions: [], stayOptions: [], selectedFlightId: null, selectedStayId: null, destination: null, budget: null, failures: [], memoriesUsed: [],
      itinerary: [{ day: 1, date: '2027-03-01', title: 'Day 1', weather: null, entries: [{ time: '10:00', kind: 'activity', title: 'Walk', description: null, cost: null }] }],
    };
    await expect(environment.run(deps.activities.savePlan, { tripId, userId, turnKey: 'n1', request: emptyTripRequest, plan, reply: 'ok', status: 'proposing' as const }))
      .rejects.toMatchObject({ type: 'StorageRejected', nonRetryable: true, message: `trip ${tripId} has no row to save its plan in` });
    expect(await services.prisma.itineraryItem.count({ where: { tripId } })).toBe(0);
    expect(await services.prisma.chatMessage.count({ where: { tripId } })).toBe(0);
  });

  it('publishes each appended event on the trip channel in seq order', async () => {
    const tripId = randomUUID();
    await environment.run(deps.activities.recordUserMessage, { tripId, userId, clientMessageId: 'p0', text: 'hello' });
    const subscriber = services.redis.duplicate();
    const channel = `${services.config.REDIS_KEY_PREFIX}trip-events:${tripId}`;
    const received: number[] = [];
    subscriber.on('message', (_channel: string, raw: string) => received.push((JSON.parse(raw) as { seq: number }).seq));
    await subscriber.subscribe(channel);
    for (let index = 0; index < 5; index += 1) {
      await environment.run(deps.activities.recordTripEvent, { tripId, key: `pub:${index}`, type: 'test', payload: {} });
    }
    // A retry re-publishes the stored event (its publish may have been lost with a killed worker); subscribers dedupe by seq.
    await environment.run(deps.activities.recordTripEvent, { tripId, key: 'pub:0', type: 'test', payload: {} });
    await eventually(async () => received.length, (count) => count >= 6, { timeoutMs: 1_000, intervalMs: 20, what: 'six published events' }).finally(() => subscriber.quit());
    expect(received).toEqual([2, 3, 4, 5, 6, 2]);
  });
});
