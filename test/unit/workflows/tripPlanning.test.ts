// The planning workflow's own logic with its activities replaced by in-memory fakes, on the
// time-skipping test server: no PostgreSQL, Redis or worker process. What the fakes stand in for is
// tested with the real stack in test/tripPlanning.test.ts; here it is the workflow's decisions: one turn
// at a time in arrival order, a failing step giving a partial plan, archive refusing queued work, and
// continue-as-new keeping the trip.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PlanningActivities, StepPlacement } from '../../../activities/planning.js';
import { emptyTripRequest, priceDeltaBetween, type FlightOffer, type PlaceRef, type StayOffer, type TripPlan, type TripRequest } from '../../../domain/trip.js';
import { DestinationAttribute, TripIdAttribute, TripStatusAttribute, UserIdAttribute } from '../../../workflows/searchAttributes.js';
import { answerKey, answerOf, collides, decideTurnChange, decisionKey, requestChangeOf, searchComposeAndSaveInput } from '../../../domain/turnChange.js';
import {
  archiveTripUpdate,
  FIRST_TRIP_STATUS,
  getStateQuery,
  sendMessageUpdate,
  setConstraintsUpdate,
  tripPlanningWorkflow,
} from '../../../workflows/tripPlanning.js';
import { startWorkflowTestEnv, type WorkflowTestEnv } from '../../support/workflowTestEnv.js';

const CITIES: Record<string, PlaceRef> = {
  Lisbon: { city: 'Lisbon', iata: 'LIS' },
  Porto: { city: 'Porto', iata: 'OPO' },
  Madrid: { city: 'Madrid', iata: 'MAD' },
  Rome: { city: 'Rome', iata: 'ROM' },
};

/** A message names its destination as "to <City>"; everything else about the trip is fixed. */
function destinationIn(text: string): PlaceRef | null {
  const named = /to (\w+)/.exec(text)?.[1];
  return named ? (CITIES[named] ?? null) : null;
}

type Gate = { wait: Promise<void>; open: () => void };
const gate = (): Gate => {
  let open = () => undefined as void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
};

/** A nonstop flight landing the afternoon of the trip's first day. */
const flightTo = (iata: string): FlightOffer => ({
  id: `flight-${iata}`,
  provider: 'fake',
  outbound: [{ carrier: { code: 'TP', name: 'TAP' }, flightNumber: 'TP202', origin: 'JFK', destination: iata, departAt: '2027-03-05T08:00', arriveAt: '2027-03-05T15:00', durationMinutes: 420 }],
  inbound: [],
  cabinClass: 'economy',
  stops: 0,
  totalDurationMinutes: 420,
  price: { amount: 900, currency: 'USD' },
  expiresAt: '2027-03-01T00:00:00Z',
});

/** In-memory activities: they record what the workflow asked, in order, and can hold a turn open. */
class FakePlanning {
  calls: string[] = [];
  seq = 0;
  failFlights = false;
  /** Where the worker says reasoning runs; the held-turn tests need remote (a held local activity holds the workflow task). */
  reasoning: StepPlacement = 'remote';
  /** Where the worker says the traveler's searches run. */
  searching: StepPlacement = 'remote';
  /** The one call that searches and composes (v14) fails, as where a step in it failed. */
  failOneCall = false;
  /** The combined record-and-understand call answers no understanding, as where understanding failed in it. */
  noUnderstandingWithMessage = false;
  /** The plan made with the message (v16) says it was decided from another state than the workflow's. */
  plannedFromAnotherState = false;
  /** Whether the plan's save also writes the turn's memories (a worker whose memory is local). */
  memoryInline = true;
  holds = new Map<string, Gate>();

  hold(text: string): Gate {
    const held = gate();
    this.holds.set(text, held);
    return held;
  }

  private next = () => ++this.seq;

  activities(): Partial<PlanningActivities> {
    // As the real one: destination beside flights, stays after them, then compose; a failure fails the call.
    const searchThenCompose = async ({ tripId, userId, turnKey, request, want, kept, compose }: Parameters<PlanningActivities['searchAndCompose']>[0]) => {
      const ref = { tripId, userId, turnKey, request };
      const destination = want.destination ? await activities.researchDestination!(ref) : kept.destination;
      const flights = want.flights ? await activities.searchFlights!(ref) : kept.flights;
      const stays = want.stays ? await activities.searchStays!(ref) : kept.stays;
      return activities.composePlan!({ ...ref, ...compose, destination, flights, stays, failures: [] });
    };
    const activities: Partial<PlanningActivities> = {
      recordUserMessage: async ({ text }) => {
        this.calls.push(`message:${text}`);
        return { seq: this.next(), reasoning: this.reasoning, searching: this.searching };
      },
      // As the real one (activities/planning.ts): the message, then, where reasoning is local, its understanding.
      recordAndUnderstand: async ({ message, understand }) => {
        const recorded = await activities.recordUserMessage!(message);
        if (recorded.reasoning !== 'local' || this.noUnderstandingWithMessage) return { ...recorded, understanding: null };
        this.calls.push('understood with the message');
        return { ...recorded, understanding: await activities.understandTurn!(understand) };
      },
      // As the real one (v16): the above, then a change planned ahead from the workflow's state, searched, composed and saved.
      recordUnderstandAndPlan: async ({ message, understand, ahead }) => {
        const recorded = await activities.recordAndUnderstand!({ message, understand });
        if (!recorded.understanding || recorded.reasoning !== 'local' || recorded.searching !== 'local') return recorded;
        const asked = requestChangeOf(recorded.understanding);
        if (!asked) {
          const answer = answerOf(recorded.understanding);
          const canUndo = ahead.undoDepth > 0;
          const { tripId, userId, clientMessageId: turnKey, text } = message;
          const reply = await activities.answerTurn!({ tripId, userId, turnKey, ...answer, text, request: understand.request, pace: ahead.pace, plan: ahead.previousPlan });
          const seq = await activities.saveReply!({ tripId, turnKey, reply, turn: { intent: answer.intent, changes: [], canUndo } });
          this.calls.push('answered with the message');
          return { ...recorded, answered: { key: answerKey(answer, canUndo), reply, seq } };
        }
        const change = decideTurnChange(ahead, recorded.understanding, asked, message.text, () => true);
        if (collides(ahead, change)) return recorded;
        const input = searchComposeAndSaveInput({ tripId: message.tripId, userId: message.userId, turnKey: message.clientMessageId }, change, ahead.previousPlan);
        try {
          const saved = await activities.searchComposeAndSave!(input);
          return { ...recorded, planned: { key: this.plannedFromAnotherState ? 'another state' : decisionKey(input), saved } };
        } catch {
          return recorded;
        }
      },
      understandTurn: async ({ text, request }) => {
        this.calls.push(`understand:${text}`);
        await this.holds.get(text)?.wait;
        const destination = destinationIn(text);
        // The first message sets the whole trip up; later ones change only the destination.
        const setUp: TripRequest = request.destination
          ? request
          : { ...request, origin: { city: 'New York', iata: 'NYC' }, departDate: '2027-03-05', returnDate: '2027-03-12', adults: 2 };
        const changed: TripRequest = destination ? { ...setUp, destination } : request;
        return {
          request: changed,
          mentioned: destination ? ['destination'] : [],
          memories: [],
          needs: { destination: true, flights: true, stays: true },
          notes: [],
          intent: destination ? 'change' : 'question',
          changes: destination ? [{ field: 'destination', label: 'Destination', before: request.destination?.city ?? 'not set', after: destination.city }] : [],
        } as Awaited<ReturnType<PlanningActivities['understandTurn']>>;
      },
      answerTurn: async ({ text }) => `You asked: ${text}`,
      researchDestination: async ({ request }) => ({
        city: request.destination?.city ?? '?',
        iata: request.destination?.iata ?? '?',
        countryCode: 'PT',
        latitude: 38.7,
        longitude: -9.1,
        timeZone: 'Europe/Lisbon',
        weather: [],
        highlights: [],
        source: 'fake',
      }),
      searchFlights: async ({ request }) => {
        this.calls.push(`flights:${request.destination?.iata}`);
        if (this.failFlights) throw ApplicationFailure.nonRetryable('flight provider is down', 'ProviderUnavailable');
        return [flightTo(request.destination?.iata ?? '?')];
      },
      searchStays: async ({ request }) => {
        this.calls.push(`stays:${request.destination?.iata}`);
        return [{ id: `stay-${request.destination?.iata}` } as StayOffer];
      },
      composePlan: async ({ request, destination, flights, stays, failures }) => {
        this.calls.push(`compose:${request.destination?.iata}`);
        const plan: TripPlan = {
          flightOptions: flights ?? [],
          stayOptions: stays ?? [],
          selectedFlightId: flights?.[0]?.id ?? null,
          selectedStayId: stays?.[0]?.id ?? null,
          destination,
          itinerary: [],
          // A total that differs by destination, so a follow-up has a price change to report.
          budget: { lines: [], total: { amount: 1000 + 100 * (request.destination?.iata.charCodeAt(0) ?? 0), currency: 'USD' }, budget: null, withinBudget: null, tradeoffs: [] },
          failures,
          memoriesUsed: [],
        };
        return { plan, reply: `Planned ${request.destination?.city}` };
      },
      searchAndCompose: async (input) => {
        this.calls.push('searching and composing in one call');
        if (this.failOneCall) throw new Error('a step of the one call failed');
        return searchThenCompose(input);
      },
      // As the real one (v15): the above, then the plan saved with the turn's summary and its price change.
      searchComposeAndSave: async (input) => {
        this.calls.push('searching, composing and saving in one call');
        if (this.failOneCall) throw new Error('a step of the one call failed');
        const { plan, reply } = await searchThenCompose(input);
        const turn = { ...input.save.turn, priceDelta: priceDeltaBetween(plan.budget?.total, input.save.previousTotal) };
        const saved = await activities.savePlanAndRemember!({ ...input, plan, reply, status: input.save.status, turn, remember: input.save.remember });
        return { plan, reply, ...saved, turn };
      },
      recordStepFailure: async ({ step }) => {
        this.calls.push(`failed:${step}`);
        return this.next();
      },
      savePlan: async ({ request }) => {
        this.calls.push(`saved:${request.destination?.iata}`);
        return this.next();
      },
      savePlanAndRemember: async (input) => {
        const seq = await activities.savePlan!(input);
        if (this.memoryInline) this.calls.push('remembered with the plan');
        return { seq, remembered: this.memoryInline };
      },
      saveReply: async () => this.next(),
      saveTripRequest: async ({ key }) => {
        this.calls.push(`request:${key.split(':')[0]}`);
        return this.next();
      },
      recordTripEvent: async () => this.next(),
      rememberTurn: async () => {
        this.calls.push('remembered on its own');
        return 0;
      },
    };
    return activities;
  }
}

describe('tripPlanningWorkflow with fake activities (time-skipping server)', () => {
  let env: WorkflowTestEnv;
  let fake: FakePlanning;

  beforeAll(async () => {
    fake = new FakePlanning();
    env = await startWorkflowTestEnv(fake.activities());
  }, 60_000);

  afterAll(async () => {
    await env?.close();
  });

  const startTrip = async (maxTurnsPerRun?: number): Promise<WorkflowHandle<typeof tripPlanningWorkflow>> =>
    env.client.workflow.start(tripPlanningWorkflow, {
      taskQueue: env.taskQueue,
      workflowId: `trip:${randomUUID()}`,
      args: [{ tripId: randomUUID(), userId: randomUUID(), initial: { request: emptyTripRequest, pace: 'balanced' }, ...(maxTurnsPerRun && { maxTurnsPerRun }) }],
    });

  const send = (handle: WorkflowHandle<typeof tripPlanningWorkflow>, text: string) =>
    handle.startUpdate(sendMessageUpdate, { args: [{ text, clientMessageId: randomUUID() }], waitForStage: WorkflowUpdateStage.ACCEPTED });

  it('runs messages and a constraint change that arrive during a turn one at a time, in arrival order', async () => {
    fake.calls = [];
    const handle = await startTrip();
    const first = fake.hold('fly to Lisbon');
    const a = await send(handle, 'fly to Lisbon');
    const b = await send(handle, 'make it to Porto');
    const constraints = await handle.startUpdate(setConstraintsUpdate, { args: [{ adults: 3 }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const c = await send(handle, 'no, to Madrid');
    first.open();
    const [ra, rb, , rc] = await Promise.all([a.result(), b.result(), constraints.result(), c.result()]);

    expect([ra, rb, rc].map((result) => result.state.request.destination?.iata)).toEqual(['LIS', 'OPO', 'MAD']);
    expect(rc.state.request.adults).toBe(3);
    // Each handler's work ends before the next one's starts.
    const order = fake.calls.filter((call) => /^(message|saved|request):/.test(call));
    expect(order).toEqual([
      'message:fly to Lisbon', 'saved:LIS',
      'message:make it to Porto', 'saved:OPO',
      'request:constraints',
      'message:no, to Madrid', 'saved:MAD',
    ]);
    await handle.executeUpdate(archiveTripUpdate);
  });

  it('runs understanding and composing as local activities where the worker says its planner is local, searches as activities', async () => {
    const handle = await startTrip();
    fake.reasoning = 'local';
    try {
      const outcome = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Lisbon', clientMessageId: randomUUID() }] });
      expect(outcome.state.plan?.selectedFlightId).toBe('flight-LIS');
      expect(outcome).not.toHaveProperty('plan'); // the plan travels once, in the state
      const history = await handle.fetchHistory();
      const scheduled = (history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      expect(scheduled).toEqual(expect.arrayContaining(['researchDestination', 'searchFlights', 'searchStays']));
      expect(scheduled).not.toEqual(expect.arrayContaining(['understandTurn']));
      expect(scheduled).not.toEqual(expect.arrayContaining(['composePlan']));
      const markers = (history.events ?? []).filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
      expect(markers).toBe(3); // message and its understanding (v13: one call), compose, save
    } finally {
      fake.reasoning = 'remote';
      await handle.executeUpdate(archiveTripUpdate);
    }
  });

  it('starts a new trip on one patch marker and writes a turn\'s search attributes where they change, together (v13)', async () => {
    const tripId = randomUUID();
    const userId = randomUUID();
    // As the API starts it: the first attributes come with the start request.
    const handle = await env.client.workflow.start(tripPlanningWorkflow, {
      taskQueue: env.taskQueue,
      workflowId: `trip:${tripId}`,
      args: [{ tripId, userId, initial: { request: emptyTripRequest, pace: 'balanced' } }],
      typedSearchAttributes: [
        { key: TripIdAttribute, value: tripId },
        { key: UserIdAttribute, value: userId },
        { key: TripStatusAttribute, value: FIRST_TRIP_STATUS },
      ],
    });
    try {
      await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Lisbon', clientMessageId: randomUUID() }] });
      await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'what is the weather like?', clientMessageId: randomUUID() }] });
      const events = (await handle.fetchHistory()).events ?? [];
      const patches = events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch');
      expect(patches).toHaveLength(1);
      // Destination and "searching" in one write, then "proposing"; the question changes nothing.
      const upserts = events.flatMap((event) => {
        const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        return fields ? [Object.keys(fields).filter((key) => key !== 'TemporalChangeVersion').sort().join('+')] : [];
      });
      expect(upserts.filter((keys) => keys !== '')).toEqual(['Destination+TripStatus', 'TripStatus']);
      // Memories written with the plan: no activity of their own, no workflow task after the reply.
      const scheduled = events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      expect(scheduled).not.toContain('rememberTurn');
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect([attributes.get(DestinationAttribute), attributes.get(TripStatusAttribute)]).toEqual(['LIS', 'proposing']);
    } finally {
      await handle.executeUpdate(archiveTripUpdate);
    }
  });

  const localActivities = async (handle: WorkflowHandle<typeof tripPlanningWorkflow>) =>
    ((await handle.fetchHistory()).events ?? []).filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;

  /** A new trip on a worker that computes whole turns (the offline planner, the sandbox), with `faults` for this test only. */
  const onLocalTrip = async (faults: Partial<Pick<FakePlanning, 'failOneCall' | 'plannedFromAnotherState'>>, run: (handle: WorkflowHandle<typeof tripPlanningWorkflow>) => Promise<void>) => {
    const handle = await startTrip();
    Object.assign(fake, { reasoning: 'local', searching: 'local', calls: [], ...faults });
    try {
      await run(handle);
    } finally {
      Object.assign(fake, { reasoning: 'remote', searching: 'remote', failOneCall: false, plannedFromAnotherState: false });
      await handle.executeUpdate(archiveTripUpdate);
    }
  };

  it('records, understands, searches, composes and saves in one local activity where the worker computes the whole turn (v16)', () =>
    onLocalTrip({}, async (handle) => {
      const outcome = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Lisbon', clientMessageId: randomUUID() }] });
      expect(outcome.state.plan?.selectedFlightId).toBe('flight-LIS');
      expect(outcome.state.plan?.selectedStayId).toBe('stay-LIS');
      expect(outcome.state.status).toBe('proposing');
      expect(fake.calls).toEqual(['message:fly to Lisbon', 'understood with the message', 'understand:fly to Lisbon', 'searching, composing and saving in one call', 'flights:LIS', 'stays:LIS', 'compose:LIS', 'saved:LIS', 'remembered with the plan']);
      expect(await localActivities(handle)).toBe(1); // the message, its understanding, searches, compose and save
      expect(outcome.state.lastTurn?.priceDelta).toBeNull(); // a first plan: nothing to compare with
      // No "searching" status nobody could see: the turn writes its attributes once, settled.
      const statuses = ((await handle.fetchHistory()).events ?? []).flatMap((event) => {
        const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        const status = fields?.[TripStatusAttribute.name]?.data;
        return status ? [`${Object.keys(fields).filter((key) => key !== 'TemporalChangeVersion').sort().join('+')}=${Buffer.from(status).toString()}`] : [];
      });
      expect(statuses.at(-1)).toBe('Destination+TripStatus="proposing"');
      expect(statuses.some((status) => status.includes('searching'))).toBe(false);
      const scheduled = ((await handle.fetchHistory()).events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      expect(scheduled).toEqual([]);
      // A follow-up that changes the destination searches again in the one call; its reply is the one call's.
      const followUp = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'no, to Madrid', clientMessageId: randomUUID() }] });
      expect(followUp.reply).toBe('Planned Madrid');
      expect(followUp.state.plan?.selectedFlightId).toBe('flight-MAD');
      // The price change, worked out in the call from the new total and the one before: M (77) − L (76).
      expect(followUp.state.lastTurn).toMatchObject({ intent: 'change', canUndo: true, priceDelta: { amount: 100, currency: 'USD' } });
      expect(followUp.state.status).toBe('proposing');
      expect(await localActivities(handle)).toBe(2);
      // A question is answered and its reply saved in the same call: one local activity more, no search.
      fake.calls = [];
      const question = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'how warm is it?', clientMessageId: randomUUID() }] });
      expect(question.reply).toBe('You asked: how warm is it?');
      expect(question.state.lastTurn).toMatchObject({ intent: 'question', changes: [], canUndo: true });
      expect(question.state.plan?.selectedFlightId).toBe('flight-MAD');
      expect(fake.calls).toEqual(['message:how warm is it?', 'understood with the message', 'understand:how warm is it?', 'answered with the message']);
      expect(await localActivities(handle)).toBe(3);
    }));

  it('runs the steps one by one where the one call failed, and the turn plans as it would have', () =>
    onLocalTrip({ failOneCall: true }, async (handle) => {
      const outcome = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Porto', clientMessageId: randomUUID() }] });
      expect(outcome.state.plan?.selectedFlightId).toBe('flight-OPO');
      expect(outcome.state.plan?.failures).toEqual([]);
      expect(outcome.reply).toBe('Planned Porto');
      expect(fake.calls.filter((call) => !call.startsWith('understand') && call !== 'understood with the message')).toEqual([
        'message:fly to Porto',
        'searching, composing and saving in one call', // with the message (v16): failed, so no plan ahead
        'searching, composing and saving in one call', // the workflow's own one call: failed too
        'flights:OPO', 'stays:OPO', 'compose:OPO', 'saved:OPO', 'remembered with the plan',
      ]);
      // message, understanding and the failed plan ahead; the failed call; destination, flights, stays, compose, save
      expect(await localActivities(handle)).toBe(7);
    }));

  it('plans the turn again where the plan made with the message was decided from another state (v16)', () =>
    onLocalTrip({ plannedFromAnotherState: true }, async (handle) => {
      const outcome = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Lisbon', clientMessageId: randomUUID() }] });
      expect(outcome.reply).toBe('Planned Lisbon');
      expect(outcome.state.plan?.selectedFlightId).toBe('flight-LIS');
      // The plan made ahead is not used: the workflow's own one call plans and saves the turn again.
      expect(fake.calls.filter((call) => call.startsWith('searching') || call.startsWith('saved'))).toEqual([
        'searching, composing and saving in one call', 'saved:LIS',
        'searching, composing and saving in one call', 'saved:LIS',
      ]);
      expect(await localActivities(handle)).toBe(2);
    }));

  it('writes the memories with an activity of their own where the plan\'s save did not', async () => {
    const handle = await startTrip();
    fake.memoryInline = false;
    fake.calls = [];
    try {
      await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Madrid', clientMessageId: randomUUID() }] });
      await handle.executeUpdate(archiveTripUpdate); // runs after the memory write: the lock waits for it
      expect(fake.calls).toContain('remembered on its own');
      expect(fake.calls).not.toContain('remembered with the plan');
    } finally {
      fake.memoryInline = true;
    }
  });

  it('understands the message in its own step where the call that recorded it brought no understanding', async () => {
    const handle = await startTrip();
    fake.reasoning = 'local';
    fake.noUnderstandingWithMessage = true;
    fake.calls = [];
    try {
      const outcome = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Porto', clientMessageId: randomUUID() }] });
      expect(outcome.state.request.destination?.iata).toBe('OPO');
      expect(fake.calls.slice(0, 2)).toEqual(['message:fly to Porto', 'understand:fly to Porto']);
      expect(fake.calls).not.toContain('understood with the message');
      const markers = (await handle.fetchHistory()).events?.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
      expect(markers).toBe(4); // message, understand, compose, save
    } finally {
      fake.reasoning = 'remote';
      fake.noUnderstandingWithMessage = false;
      await handle.executeUpdate(archiveTripUpdate);
    }
  });

  it('answers a failed flight search with a partial plan that says what failed, and keeps the trip usable', async () => {
    fake.calls = [];
    const handle = await startTrip();
    fake.failFlights = true;
    const partial = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Rome', clientMessageId: randomUUID() }] });
    fake.failFlights = false;

    expect(partial.state.plan?.failures).toEqual([expect.objectContaining({ step: 'flights' })]);
    expect(partial.state.plan?.flightOptions).toEqual([]);
    expect(partial.state.plan?.stayOptions.map((stay) => stay.id)).toEqual(['stay-ROM']);
    expect(fake.calls).toContain('failed:flights');

    const recovered = await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'make it to Porto', clientMessageId: randomUUID() }] });
    expect(recovered.state.plan?.failures).toEqual([]);
    expect(recovered.state.plan?.selectedFlightId).toBe('flight-OPO');
    await handle.executeUpdate(archiveTripUpdate);
  });

  it('refuses a message queued behind an archive, and completes once archived', async () => {
    const handle = await startTrip();
    const held = fake.hold('fly to Madrid');
    const running = await send(handle, 'fly to Madrid');
    const archive = await handle.startUpdate(archiveTripUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED });
    const queued = await send(handle, 'make it to Rome');
    held.open();

    await expect(running.result()).resolves.toMatchObject({ state: { request: { destination: { iata: 'MAD' } } } });
    await expect(archive.result()).resolves.toMatchObject({ status: 'archived' });
    const refusal = await queued.result().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('TripArchived');
    await expect(handle.result()).resolves.toMatchObject({ status: 'archived', request: { destination: { iata: 'MAD' } } });
  });

  it('continues as new after maxTurnsPerRun turns and keeps the trip, its turn count and its plan', async () => {
    const handle = await startTrip(2);
    await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'fly to Lisbon', clientMessageId: randomUUID() }] });
    // Read before the second turn: the run may continue as new in the same task that answers it.
    const firstRun = (await handle.describe()).runId;
    await handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'make it to Porto', clientMessageId: randomUUID() }] });

    // The next update reaches the new run (the handle follows the workflow id, not the run).
    const third = await env.client.workflow.getHandle<typeof tripPlanningWorkflow>(handle.workflowId)
      .executeUpdate(sendMessageUpdate, { args: [{ text: 'what is the weather like?', clientMessageId: randomUUID() }] });
    const secondRun = (await handle.describe()).runId;

    expect(secondRun).not.toBe(firstRun);
    expect(third.state.turns).toBe(3);
    expect(third.state.plan?.selectedStayId).toBe('stay-OPO');
    const state = await env.client.workflow.getHandle(handle.workflowId).query(getStateQuery);
    expect(state.request.destination?.iata).toBe('OPO');
    await env.client.workflow.getHandle(handle.workflowId).executeUpdate(archiveTripUpdate);
  });
});
