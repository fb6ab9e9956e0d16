// tripPlanningWorkflow (`trip:<tripId>`): one long-lived, durable entity per trip. Travelers talk to it
// through updates (validated before they enter history), AI agents through a signal, and everyone
// reads it through the `getState` query. Each turn: understand → destination ∥ flights ∥ stays →
// budget + itinerary + reply. A failing step yields a partial plan that says what failed.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { PlanningActivities, RecordedMessage, RecordedUnderstoodAndPlanned, SavedPlan, StepPlacement } from '../activities/planning.js';

type UnderstandTurnInput = Parameters<PlanningActivities['understandTurn']>[0];
import { stayRequestAfter } from '../domain/offerSanity.js';
import { storageProblem } from '../domain/storable.js';
import { isTravelerFacing, STEP_UNAVAILABLE_REASON } from '../domain/stepFailures.js';
import {
  bookedOffers,
  emptyTripRequest,
  priceDeltaBetween,
  suggestionKinds,
  type AgentSuggestion,
  type AgentSuggestionInput,
  type AppliedChange,
  type BookingChange,
  type ChangeAuthor,
  type ChangeBasis,
  type ChangedField,
  type ConstraintsChange,
  type OptionSelection,
  type PinnedOffers,
  type Constraints,
  type DestinationBrief,
  type FlightOffer,
  type SendMessageInput,
  type TurnOutcome,
  type StayOffer,
  type StepFailure,
  type Pace,
  type TripPlan,
  type TripRequest,
  type TripState,
  type TripStatus,
  type TurnFailure,
  type TurnSummary,
} from '../domain/trip.js';
import { applyItineraryEdit, type ItineraryEdit, type ItineraryEditChange, type ItineraryEditRules } from '../domain/itineraryEdits.js';
import { conflictMessage, EDIT_CONFLICT, fieldsOfConstraints, fieldsOfSelection, findConflict, withChange } from '../domain/editConflicts.js';
import { decidePatchesAtStart } from './patches.js';
import {
  BRIEF_FOLLOWS_DATES_PATCH,
  CHANGE_SETS_PATCH,
  CHANGED_ATTRIBUTES_ONLY,
  EDIT_CONFLICTS_PATCH,
  FIFO_TURN_LOCK_PATCH,
  ITINERARY_EDITS_FOLLOW_ENTRIES,
  LOCAL_PERSISTENCE_PATCH,
  LOCAL_REASONING_PATCH,
  LOCAL_SEARCH,
  PLANNING_BASELINES,
  PLANNING_PATCHES,
  RECORD_AND_UNDERSTAND,
  REMEMBER_WITH_PLAN,
  SEARCH_AND_COMPOSE,
  ONE_CALL_TURN,
  SEARCH_COMPOSE_AND_SAVE,
  STAYS_FROM_LANDING_PATCH,
  TURN_ROLLBACK_PATCH,
} from './tripPlanningVersions.js';
import { answerKey, answerOf, decideTurnChange, decisionKey, pinsOf, requestChangeOf, searchComposeAndSaveInput, type PickedOffers, type TurnContext } from '../domain/turnChange.js';
import { DestinationAttribute, TripIdAttribute, TripStatusAttribute, TurnFailedAttribute, UserIdAttribute } from './searchAttributes.js';
import { describeFailure, failureTypes, isRecord, splitChangeBasis, travelerStepReason, validateChangeBasis, validateConstraints, validateItineraryEdit, validateOptionSelection, validateSendMessage, validateSuggestionResolution } from './validators.js';

export const sendMessageUpdate = defineUpdate<TurnOutcome, [SendMessageInput]>('sendMessage');
export const setConstraintsUpdate = defineUpdate<TripState, [ConstraintsChange]>('setConstraints');
export const archiveTripUpdate = defineUpdate<TripState, []>('archive');
export const getStateQuery = defineQuery<TripState>('getState');
export const agentSuggestionSignal = defineSignal<[AgentSuggestionInput]>('agentSuggestion');
export const resolveSuggestionUpdate = defineUpdate<TripState, [SuggestionResolution]>('resolveSuggestion');
/** From the booking saga (workflows/booking.ts) when its booking awaits approval, is confirmed or ends. */
export const bookingChangedSignal = defineSignal<[BookingChange]>('bookingChanged');
/** The traveler picks a flight and/or stay among the plan's options; budget and itinerary follow. */
export const selectOptionsUpdate = defineUpdate<TurnOutcome, [OptionSelection]>('selectOptions');

/** A traveler edits the itinerary by hand: move, add or remove an entry (the plan's options and budget stay). */
export const editItineraryUpdate = defineUpdate<TripState, [ItineraryEditChange]>('editItinerary');

/** The traveler's answer to an agent's suggestion. */
export interface SuggestionResolution {
  suggestionId: string;
  decision: 'accept' | 'dismiss';
}

export interface TripPlanningInput {
  tripId: string;
  userId: string;
  /** What the trip already says (dates, party, budget set when it was created), for the first run. */
  initial?: { request: TripRequest; pace: Pace };
  /** Continue-as-new after this many turns even before the server suggests it (bounds history). */
  maxTurnsPerRun?: number;
  /** State carried across continue-as-new. */
  carried?: CarriedTripState;
}

export interface CarriedTripState {
  state: TripState;
  /** The traveler's own picks, kept while the request they were made for stays the same. */
  picked?: PickedOffers;
  /** Recent results by clientMessageId, so a re-sent message returns its first result across runs. */
  recentResults: [string, TurnOutcome][];
  /** Requests before each change, newest last, for undo (v6). */
  history?: RequestVersion[];
}

/** A request and pace as they were before a change. */
interface RequestVersion {
  request: TripRequest;
  pace: Pace;
}

const DEFAULT_MAX_TURNS_PER_RUN = 25;
/** How many earlier requests an undo can go back through. */
const MAX_UNDO_DEPTH = 20;
const REMEMBERED_RESULTS = 20;
const MAX_SUGGESTIONS = 50;

const persistence: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 10 },
};
/**
 * Model calls can take a minute; the activities heartbeat every 2 s while they work, so an attempt on a
 * worker that died is retried on a live one after 10 s, not after the 60 s start-to-close.
 */
const reasoning: ActivityOptions = {
  startToCloseTimeout: '60s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumAttempts: 3 },
};
const search: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: ['ProviderInputError'] },
};

const storeRemotely = proxyActivities<PlanningActivities>(persistence);
const storeLocally = proxyLocalActivities<PlanningActivities>({ startToCloseTimeout: '10s', retry: persistence.retry });



/** The activity failure type of a write the database refused (activities/storageRejections.ts). */
const STORAGE_REJECTED = 'StorageRejected';

/** A new trip's status (the start request sets it as a search attribute too). */
export const FIRST_TRIP_STATUS: TripStatus = 'gathering';


const thinkRemotely = proxyActivities<PlanningActivities>(reasoning);
const thinkLocally = proxyLocalActivities<PlanningActivities>({ startToCloseTimeout: reasoning.startToCloseTimeout, retry: reasoning.retry });
const lookUpRemotely = proxyActivities<PlanningActivities>(search);
const lookUpLocally = proxyLocalActivities<PlanningActivities>({ startToCloseTimeout: search.startToCloseTimeout, retry: search.retry });
/** v16: recording the message is retried as persistence is; the plan made with it has a budget of its own inside the call and is left out where it fails or runs over (activities/planning.ts). */
const planAhead = proxyLocalActivities<PlanningActivities>({ startToCloseTimeout: search.startToCloseTimeout, retry: persistence.retry });
/** One attempt: where it fails, the turn runs its steps one by one, each with its own retries (v14). */
const oneCall = proxyLocalActivities<PlanningActivities>({ startToCloseTimeout: search.startToCloseTimeout, retry: { maximumAttempts: 1 } });
const remember = proxyActivities<PlanningActivities>({ startToCloseTimeout: '15s', retry: { maximumAttempts: 2 } });

export async function tripPlanningWorkflow(input: TripPlanningInput): Promise<TripState> {
  const patched = decidePatchesAtStart(PLANNING_PATCHES, PLANNING_BASELINES);
  const store = (): typeof storeRemotely | typeof storeLocally => (patched(LOCAL_PERSISTENCE_PATCH) ? storeLocally : storeRemotely);
  const state: TripState = input.carried?.state ?? {
    tripId: input.tripId,
    userId: input.userId,
    status: FIRST_TRIP_STATUS,
    request: input.initial?.request ?? emptyTripRequest,
    pace: input.initial?.pace ?? 'balanced',
    plan: null,
    pendingProposals: [],
    bookings: [],
    suggestions: [],
    lastEventSeq: 0,
    turns: 0,
    version: 0,
    recentChanges: [],
  };
  // Runs carried over from before bookings were tracked have no list yet.
  if (!Array.isArray(state.bookings)) state.bookings = [];
  // …nor, from before edit conflicts (v11), a version.
  state.version ??= 0;
  state.recentChanges ??= [];
  let picked: PickedOffers | null = input.carried?.picked ?? null;
  const history: RequestVersion[] = input.carried?.history ?? [];
  const rememberVersion = (version: RequestVersion): void => {
    history.push(JSON.parse(JSON.stringify(version)) as RequestVersion);
    if (history.length > MAX_UNDO_DEPTH) history.shift();
  };
  const results = new Map<string, TurnOutcome>(input.carried?.recentResults ?? []);
  const inFlight = new Map<string, Promise<TurnOutcome>>();
  const maxTurnsPerRun = input.maxTurnsPerRun ?? DEFAULT_MAX_TURNS_PER_RUN;
  let turnsThisRun = 0;
  /** Only the v2 lock (runs without the FIFO patch) reads this. */
  let busy = false;
  let pendingMemoryWrites = 0;

  /**
   * v13 (baseline runs): search attributes are written where they change, and a step's changes in one upsert
   * (each upsert is a history event and a visibility write); the start request sets the first ones. Before,
   * every call wrote what it was given.
   */
  function writeAttributes(pairs: SearchAttributeUpdatePair[]): void {
    if (!patched(CHANGED_ATTRIBUTES_ONLY)) {
      upsertSearchAttributes(pairs);
      return;
    }
    const current = workflowInfo().typedSearchAttributes;
    const changed = pairs.filter((pair) => current.get(pair.key) !== pair.value);
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  writeAttributes([
    { key: TripIdAttribute, value: input.tripId },
    { key: UserIdAttribute, value: input.userId },
    { key: TripStatusAttribute, value: state.status },
  ]);

  // A deep copy, so callers never hold references into live workflow state (structuredClone is not in the sandbox).
  const snapshot = (): TripState => JSON.parse(JSON.stringify(state)) as TripState;

  /** Where the last recorded message's worker runs reasoning (v10); remote until a message says. */
  let reasoningPlacement: StepPlacement = 'remote';
  function think(): typeof thinkRemotely | typeof thinkLocally {
    return reasoningPlacement === 'local' && patched(LOCAL_REASONING_PATCH) ? thinkLocally : thinkRemotely;
  }
  /** Where the last recorded message's traveler's searches run (v13); remote until a message says. */
  let searchPlacement: StepPlacement = 'remote';
  function lookUp(): typeof lookUpRemotely | typeof lookUpLocally {
    return searchPlacement === 'local' && patched(LOCAL_SEARCH) ? lookUpLocally : lookUpRemotely;
  }

  /** The trip's status, and its search attribute written with `alongside` (other attributes of the same step). */
  function setStatus(status: TripStatus, alongside: SearchAttributeUpdatePair[] = []): void {
    const pairs = [...alongside];
    if (state.status !== status) {
      state.status = status;
      pairs.push({ key: TripStatusAttribute, value: status });
    }
    if (pairs.length > 0) writeAttributes(pairs);
  }

  /** The status once a turn's work is done: bookings outrank the planning stage. */
  function settledStatus(planning: TripStatus): TripStatus {
    if (state.status === 'archived') return 'archived';
    if (state.bookings.some((booking) => booking.status === 'confirmed')) return 'booked';
    if (state.bookings.some((booking) => booking.status === 'pending_approval')) return 'awaiting_approval';
    return planning;
  }

  /** What the plan must select (pinsOf): a confirmed booking's offers, else the traveler's own picks. */
  const pinsFor = (request: TripRequest): PinnedOffers => pinsOf(request, picked, bookedOffers(state.bookings));

  /**
   * Turns and constraint changes run one at a time, in arrival order. v3 (FIFO_TURN_LOCK_PATCH) chains
   * each handler onto the previous one's completion, so when a turn ends exactly one waiter starts; the
   * v2 flag (`condition(() => !busy)`) woke every waiter in the same pass and let them run together.
   * `guard` runs inside the lock, so a check such as "archived" sees the state the previous turn left.
   */
  let lockTail: Promise<void> = Promise.resolve();
  async function exclusively<T>(work: () => Promise<T>, guard?: () => void): Promise<T> {
    if (!patched(FIFO_TURN_LOCK_PATCH)) {
      await condition(() => !busy);
      busy = true;
      try {
        return await work();
      } finally {
        busy = false;
      }
    }
    const previous = lockTail;
    let release!: () => void;
    lockTail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      guard?.();
      return await work();
    } finally {
      release();
    }
  }

  /** Event sequence numbers only move forward, whatever order writes answer in. */
  function advanceSeq(seq: number): void {
    state.lastEventSeq = Math.max(state.lastEventSeq, seq);
  }

  const refuseIfArchived = (): void => {
    if (state.status === 'archived') throw ApplicationFailure.nonRetryable('trip is archived', 'TripArchived');
  };

  /** v11: refuses a change based on an older version that touches `fields` changed since (EDIT_CONFLICTS_PATCH). */
  function refuseIfConflicting(basis: ChangeBasis, fields: ChangedField[]): void {
    if (basis.baseVersion === undefined || !patched(EDIT_CONFLICTS_PATCH)) return;
    refuseConflict(basis.baseVersion, fields);
  }

  /** The conflict check itself; validators call it directly (a rejection never enters history, so it needs no patch). */
  function refuseConflict(baseVersion: number, fields: ChangedField[]): void {
    const conflict = findConflict(state.recentChanges ?? [], state.version ?? 0, baseVersion, fields);
    if (conflict) throw ApplicationFailure.create({ type: EDIT_CONFLICT, message: conflictMessage(conflict), nonRetryable: true, details: [conflict] });
  }

  /** An applied change: the next version, logged (bounded) with what it touched and who made it. */
  function recordChange(kind: AppliedChange['kind'], fields: ChangedField[], author: ChangeAuthor | undefined): void {
    if (fields.length === 0) return;
    state.version = (state.version ?? 0) + 1;
    state.recentChanges = withChange(state.recentChanges ?? [], { version: state.version, kind, fields, author: author ?? null, at: new Date().toISOString() });
  }

  /**
   * Runs `work` so that, on the v8 path, a failure leaves the trip as it was before it (see
   * TURN_ROLLBACK_PATCH) and records `turnFailure`; a success clears it. `rethrow: false` (signals) logs
   * the failure instead of throwing it, since a failing signal handler fails the whole workflow.
   */
  async function rolledBackOnFailure<T>(kind: TurnFailure['kind'], clientMessageId: string | null, work: () => Promise<T>, rethrow = true): Promise<T | undefined> {
    if (!patched(TURN_ROLLBACK_PATCH)) return work();
    const before = JSON.parse(JSON.stringify({ request: state.request, pace: state.pace, plan: state.plan, status: state.status, lastTurn: state.lastTurn ?? null, turns: state.turns, history, picked })) as {
      request: TripRequest;
      pace: Pace;
      plan: TripPlan | null;
      status: TripStatus;
      lastTurn: TripState['lastTurn'] | null;
      turns: number;
      history: RequestVersion[];
      picked: PickedOffers | null;
    };
    const turnsBefore = turnsThisRun;
    // Cleared first, so the state a successful turn answers with no longer shows the earlier failure.
    if (state.turnFailure) markTurnFailure(null);
    try {
      return await work();
    } catch (error) {
      // A conflict is found before the change touches anything: nothing to roll back, and nothing failed.
      if (isCancellation(error) || failureTypes(error).includes(EDIT_CONFLICT)) throw error;
      state.request = before.request;
      state.pace = before.pace;
      state.plan = before.plan;
      state.turns = before.turns;
      if (before.lastTurn) state.lastTurn = before.lastTurn;
      else delete state.lastTurn;
      history.splice(0, history.length, ...before.history);
      picked = before.picked;
      turnsThisRun = turnsBefore;
      setStatus(settledStatus(before.status));
      if (before.request.destination) writeAttributes([{ key: DestinationAttribute, value: before.request.destination.iata }]);
      const reason = failureTypes(error).includes(STORAGE_REJECTED) ? 'refused' : 'failed';
      markTurnFailure({ kind, clientMessageId, reason, failedAt: new Date().toISOString() });
      log.error('turn failed and was rolled back', { kind, clientMessageId, reason, cause: describeFailure(error) });
      if (!rethrow) return undefined;
      throw ApplicationFailure.nonRetryable(
        reason === 'refused'
          ? 'The trip could not store this change, so it was not made; the trip is as it was before it.'
          : 'This could not be completed right now; the trip is as it was before it. Try again in a moment.',
        'TurnFailed',
        { reason, kind },
      );
    }
  }

  function markTurnFailure(failure: TurnFailure | null): void {
    state.turnFailure = failure;
    writeAttributes([{ key: TurnFailedAttribute, value: failure !== null }]);
  }

  /** Runs a turn's step; a failure (after its retries) is recorded in `failures` and reported, and the turn goes on. */
  function stepRunner(turnKey: string, failures: StepFailure[]) {
    return async function step<T>(name: StepFailure['step'], run: () => Promise<T>): Promise<T | null> {
      try {
        return await run();
      } catch (error) {
        // The traveler (reply, state, progress event) reads a plain reason; the real one goes to the log.
        const shown = travelerStepReason(error);
        failures.push({ step: name, message: shown });
        log.warn('planning step failed', { step: name, reason: describeFailure(error) });
        advanceSeq(await store().recordStepFailure({ tripId: state.tripId, turnKey, step: name, message: shown }));
        return null;
      }
    };
  }

  /**
   * Destination research ∥ flights ∥ stays, each only when `want` says so. With flights and stays, the
   * stay starts the night the traveler first needs a room (v5), so stays follow the flight search; with
   * stays alone, they follow `knownFlight` (the plan's flight, kept) the same way.
   */
  async function gatherOffers(
    request: TripRequest,
    want: { destination: boolean; flights: boolean; stays: boolean },
    step: ReturnType<typeof stepRunner>,
    turnKey: string,
    knownFlight?: FlightOffer | null,
  ): Promise<[DestinationBrief | null, FlightOffer[] | null, StayOffer[] | null]> {
    const tripId = state.tripId;
    const route = `${request.origin?.iata ?? '?'}→${request.destination?.iata ?? '?'}`;
    const researchDestination = () =>
      want.destination
        ? step('destination', () =>
            lookUp().researchDestination.executeWithOptions({ summary: `Destination research: ${request.destination?.city ?? '?'}` }, [{ tripId, userId: state.userId, turnKey, request }]),
          )
        : Promise.resolve<DestinationBrief | null>(null);
    const searchFlights = () =>
      step('flights', () =>
        lookUp().searchFlights.executeWithOptions({ summary: `Flights ${route} ${request.departDate ?? ''}` }, [{ tripId, userId: state.userId, turnKey, request }]),
      );
    const searchStays = (stayRequest: TripRequest) =>
      step('stays', () =>
        lookUp().searchStays.executeWithOptions({ summary: `Stays in ${stayRequest.destination?.city ?? '?'} ${stayRequest.departDate ?? ''}` }, [{ tripId, userId: state.userId, turnKey, request: stayRequest }]),
      );
    const { departDate, returnDate } = request;
    const fromLanding = (flight: FlightOffer | null | undefined): TripRequest => stayRequestAfter(request, flight);
    if (want.flights && want.stays && departDate && returnDate && patched(STAYS_FROM_LANDING_PATCH)) {
      const [brief, [found, rooms]] = await Promise.all([
        researchDestination(),
        searchFlights().then(async (offers) => [offers, await searchStays(fromLanding(offers?.[0]))] as const),
      ]);
      return [brief, found, rooms];
    }
    return Promise.all([
      researchDestination(),
      want.flights ? searchFlights() : Promise.resolve<FlightOffer[] | null>(null),
      want.stays ? searchStays(knownFlight ? fromLanding(knownFlight) : request) : Promise.resolve<StayOffer[] | null>(null),
    ]);
  }

  /**
   * A turn's start: its key, its step runner (collecting the turn's failures), and the traveler's message in
   * the log. Given `understand` (v13), the same local activity understands the message where the worker's
   * reasoning is local (`understood`; null: the caller runs its understand step).
   */
  async function beginTurn(message: SendMessageInput, understand?: Omit<UnderstandTurnInput, 'tripId' | 'userId' | 'turnKey' | 'text'>) {
    const turnKey = message.clientMessageId;
    const failures: StepFailure[] = [];
    const tripId = state.tripId;
    const step = stepRunner(turnKey, failures);
    const record = { tripId, userId: state.userId, clientMessageId: turnKey, text: message.text, ...(message.author && { author: message.author }) };
    if (understand && patched(RECORD_AND_UNDERSTAND)) {
      const understandInput = { tripId, userId: state.userId, turnKey, text: message.text, ...understand };
      const recorded: RecordedUnderstoodAndPlanned = patched(ONE_CALL_TURN)
        ? await planAhead.recordUnderstandAndPlan({ message: record, understand: understandInput, ahead: turnContext(message) })
        : await storeLocally.recordAndUnderstand({ message: record, understand: understandInput });
      advanceSeq(recorded.seq);
      reasoningPlacement = recorded.reasoning;
      searchPlacement = recorded.searching ?? 'remote';
      return { turnKey, failures, tripId, step, understood: recorded.understanding, plannedAhead: recorded.planned ?? null, answeredAhead: recorded.answered ?? null };
    }
    // Before v10 the activity answered the seq alone (recorded histories replay that).
    const recorded: RecordedMessage | number = await store().recordUserMessage(record);
    if (typeof recorded === 'number') advanceSeq(recorded);
    else {
      advanceSeq(recorded.seq);
      reasoningPlacement = recorded.reasoning;
      searchPlacement = recorded.searching ?? 'remote';
    }
    return { turnKey, failures, tripId, step, understood: null, plannedAhead: null, answeredAhead: null };
  }

  /** What the state says about a turn before it is understood, for the worker to plan a change ahead (v16). */
  function turnContext(message: SendMessageInput): TurnContext {
    return {
      previousPlan: state.plan,
      hadDestination: Boolean(state.request.destination),
      undoDepth: history.length,
      pace: state.pace,
      settled: { proposing: settledStatus('proposing'), gathering: settledStatus('gathering') },
      picked,
      booked: bookedOffers(state.bookings),
      ...(message.baseVersion !== undefined && { basis: { baseVersion: message.baseVersion, version: state.version ?? 0, recentChanges: state.recentChanges ?? [] } }),
    };
  }

  /** A turn's compose step: the plan and reply for the offers gathered, keeping the pins the request allows. */
  function composeStep(
    turn: Awaited<ReturnType<typeof beginTurn>>,
    request: TripRequest,
    [destination, flights, stays]: [DestinationBrief | null, FlightOffer[] | null, StayOffer[] | null],
    understood: Pick<Parameters<PlanningActivities['composePlan']>[0], 'memories' | 'text' | 'notes' | 'followUp'>,
  ) {
    const pinned = pinsFor(request);
    return turn.step('compose', () =>
      think().composePlan({
        ...(Object.keys(pinned).length > 0 && { pinned }),
        tripId: turn.tripId,
        userId: state.userId,
        turnKey: turn.turnKey,
        request,
        pace: state.pace,
        destination,
        flights,
        stays,
        failures: [...turn.failures],
        ...understood,
      }),
    );
  }

  /** v14: whether this turn's searches and compose step run as one local activity (the worker computes both). */
  function searchesAndReasoningInOneCall(): boolean {
    return reasoningPlacement === 'local' && searchPlacement === 'local' && patched(SEARCH_AND_COMPOSE);
  }

  /**
   * A turn's one call's result, or null where that call failed: the caller then runs the steps one by one,
   * with their own retries, failure reports and save. v14's call searches and composes (a single workflow
   * activation); v15's also saves the plan, the turn's summary and its memories.
   */
  async function inOneCallOrNull<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn(`${what} in one call failed; running the steps one by one`, { reason: describeFailure(error) });
      return null;
    }
  }

  /** v1–v5 turns: every turn re-reads the message as a whole and searches whatever the request allows. */
  async function runTurn(message: SendMessageInput): Promise<TurnOutcome> {
    const turn = await beginTurn(message);
    const { turnKey, failures, tripId, step } = turn;

    const understanding = await step('understand', () =>
      think().understandTurn({ tripId, userId: state.userId, turnKey, text: message.text, request: state.request, referenceDate: today() }),
    );
    if (understanding) state.request = understanding.request;
    const needs = understanding?.needs ?? { destination: false, flights: false, stays: false };
    const request = state.request;
    if (request.destination) upsertSearchAttributes([{ key: DestinationAttribute, value: request.destination.iata }]);

    if (needs.destination || needs.flights || needs.stays) setStatus('searching');
    const [destination, flights, stays] = await gatherOffers(request, needs, step, turnKey);

    setStatus(settledStatus(needs.destination ? 'proposing' : 'gathering'));
    const composed = await composeStep(turn, request, [destination, flights, stays], {
      memories: understanding?.memories ?? [],
      text: message.text,
      notes: understanding?.notes ?? [],
    });
    const plan: TripPlan = composed?.plan ?? fallbackPlan(state.plan, destination, flights, stays, failures);
    const reply = composed?.reply ?? fallbackReply(failures);
    state.plan = plan;
    state.turns += 1;
    turnsThisRun += 1;

    advanceSeq(await store().savePlan({ tripId, userId: state.userId, turnKey, request, plan, reply, status: state.status }));
    await rememberTurn(message.text, request);
    return { reply, state: snapshot() };
  }

  /**
   * Memory is best effort: a failure to remember must not cost the traveler their reply. v2+ writes it
   * after the reply is returned; v1 runs waited for it.
   */
  async function rememberTurn(text: string, request: TripRequest): Promise<void> {
    const remembering = remember.rememberTurn({ userId: state.userId, tripId: state.tripId, text, request }).then(
      () => undefined,
      (error: unknown) => log.warn('remembering the turn failed', { message: describeFailure(error) }),
    );
    if (patched(LOCAL_PERSISTENCE_PATCH)) {
      pendingMemoryWrites += 1;
      void remembering.finally(() => (pendingMemoryWrites -= 1));
    } else {
      await remembering;
    }
  }

  /**
   * v6 turns (CHANGE_SETS_PATCH): the message is read as a change set against the current request.
   * A change (or an undo) re-searches only what it touched and recomposes; anything else is answered
   * from the plan as it stands.
   */
  async function converse(message: SendMessageInput): Promise<TurnOutcome> {
    const understandInput = { request: state.request, referenceDate: today(), pace: state.pace, undoTarget: history.at(-1) ?? null };
    const turn = await beginTurn(message, understandInput);
    const { turnKey, failures, tripId, step } = turn;

    const previousPlan = state.plan;
    const understanding = turn.understood ?? (await step('understand', () => think().understandTurn({ tripId, userId: state.userId, turnKey, text: message.text, ...understandInput })));
    const asked = understanding && requestChangeOf(understanding);
    try {
      refuseIfConflicting(message, asked?.changedFields ?? []);
    } catch (conflict) {
      // Everyone on the trip sees why this turn stopped (its progress), not only the sender (the update's failure).
      advanceSeq(await store().recordStepFailure({ tripId, turnKey, step: 'compose', message: (conflict as Error).message }));
      throw conflict;
    }

    if (!understanding || !asked) {
      // Nothing about the trip changes: answer from the plan as it stands (no search, no recompose).
      const answer = understanding && answerOf(understanding);
      const summary: TurnSummary = { intent: answer?.intent ?? 'clarify', changes: [], canUndo: history.length > 0 };
      const settle = (reply: string, seq: number): TurnOutcome => {
        state.lastTurn = summary;
        state.turns += 1;
        turnsThisRun += 1;
        advanceSeq(seq);
        return { reply, state: snapshot() };
      };
      // v16: answered and saved with the message where the worker came to the same answer.
      const ahead = turn.answeredAhead;
      if (answer && ahead?.key === answerKey(answer, summary.canUndo)) return settle(ahead.reply, ahead.seq);
      if (ahead) log.error('the answer made with the message was decided from another state; answering the turn again');
      const reply = answer
        ? await step('compose', () =>
            think().answerTurn({ tripId, userId: state.userId, turnKey, ...answer, text: message.text, request: state.request, pace: state.pace, plan: state.plan }),
          )
        : null;
      const text = reply ?? fallbackReply(failures);
      return settle(text, await store().saveReply({ tripId, turnKey, reply: text, turn: summary }));
    }

    const before = turnContext(message);
    // Undo goes back through changes to a trip; setting the trip up from nothing is not one.
    if (asked.intent === 'undo') history.pop();
    else if (previousPlan || state.request.destination) rememberVersion({ request: state.request, pace: state.pace });
    state.request = understanding.request;
    state.pace = understanding.pace ?? state.pace;
    const request = state.request;
    const destinationAttribute: SearchAttributeUpdatePair[] = request.destination ? [{ key: DestinationAttribute, value: request.destination.iata }] : [];
    // Before v13 the destination was written on its own; since, with the status the step sets.
    const attributesTogether = patched(CHANGED_ATTRIBUTES_ONLY);
    if (!attributesTogether && destinationAttribute.length > 0) upsertSearchAttributes(destinationAttribute);
    // Decided after that write: in runs from before v13 the brief's patch marker (v7) follows it in history.
    const change = decideTurnChange(before, understanding, asked, message.text, () => patched(BRIEF_FOLLOWS_DATES_PATCH));
    const { want, kept, keptFlight } = change;

    const searching = want.destination || want.flights || want.stays;
    const announceSearching = () => {
      if (attributesTogether) setStatus(searching ? 'searching' : state.status, destinationAttribute);
      else if (searching) setStatus('searching');
    };
    // v14: in one call nobody sees a "searching" status (the workflow task holds queries and attributes until
    // the call ends), so the step writes its attributes once, with the settled status.
    const inOneCall = searchesAndReasoningInOneCall();
    if (!inOneCall) announceSearching();
    // Read when the turn settles: a booking confirmed meanwhile decides it.
    const settledTurnStatus = () => settledStatus(change.stage);
    const settle = () => setStatus(settledTurnStatus());
    const planned = (plan: TripPlan, summary: TurnSummary): void => {
      state.plan = plan;
      state.lastTurn = summary;
      state.turns += 1;
      turnsThisRun += 1;
    };
    const saved = async ({ seq, remembered }: SavedPlan, reply: string): Promise<TurnOutcome> => {
      advanceSeq(seq);
      // The plan was composed again: its itinerary too (an edit by hand made before it is gone).
      recordChange('message', [...change.changedFields, 'itinerary'], message.author);
      if (!remembered) await rememberTurn(message.text, request);
      return { reply, state: snapshot() };
    };
    // The one call's input (v15's with its save, v14's without), as the state stood when the change was decided.
    const oneCallTurn = inOneCall ? searchComposeAndSaveInput({ tripId, userId: state.userId, turnKey }, change, previousPlan) : null;
    const searches = (Object.keys(want) as (keyof typeof want)[]).filter((name) => want[name]).join(', ') || 'nothing';
    const savesInOneCall = oneCallTurn !== null && patched(SEARCH_COMPOSE_AND_SAVE);
    if (oneCallTurn && savesInOneCall) {
      // v16: the worker planned this change ahead with the message; its plan stands where it decided alike.
      const ahead = turn.plannedAhead;
      const decidedAlike = ahead !== null && ahead.key === decisionKey(oneCallTurn);
      // Cannot happen while turns, bookings and edits share the lock; if it did, the turn's plan is the workflow's,
      // but the chat log and events keep the worker's reply (they are written once per turn key).
      if (ahead && !decidedAlike) log.error('the plan made with the message was decided from another state; planning the turn again');
      const result = decidedAlike
        ? ahead.saved
        : await inOneCallOrNull('searching, composing and saving', () =>
            oneCall.searchComposeAndSave.executeWithOptions({ summary: `Search ${searches}, compose and save` }, [oneCallTurn]),
          );
      if (result) {
        setStatus(oneCallTurn.save.status, destinationAttribute);
        planned(result.plan, result.turn);
        return saved(result, result.reply);
      }
    }
    let plan: TripPlan;
    let reply: string;
    const composedInOneCall =
      oneCallTurn && !savesInOneCall
        ? await inOneCallOrNull('searching and composing', () => {
            const { save: _save, ...searchAndComposeInput } = oneCallTurn;
            return oneCall.searchAndCompose.executeWithOptions({ summary: `Search ${searches} and compose` }, [searchAndComposeInput]);
          })
        : null;
    if (composedInOneCall) {
      setStatus(settledTurnStatus(), destinationAttribute);
      ({ plan, reply } = composedInOneCall);
    } else {
      if (inOneCall) announceSearching();
      const [found, flightsFound, staysFound] = await gatherOffers(request, want, step, turnKey, keptFlight);
      const destination = want.destination ? found : kept.destination;
      const flights = want.flights ? flightsFound : kept.flights;
      const stays = want.stays ? staysFound : kept.stays;
      settle();
      const { memories, text, notes, followUp } = change.compose;
      const composed = await composeStep(turn, request, [destination, flights, stays], { memories, text, notes, followUp });
      plan = composed?.plan ?? fallbackPlan(state.plan, destination, flights, stays, failures);
      reply = composed?.reply ?? fallbackReply(failures);
    }
    const summary = { intent: change.intent, changes: change.changes, canUndo: history.length > 0, priceDelta: priceDeltaBetween(plan.budget?.total, previousPlan?.budget?.total) };
    planned(plan, summary);
    const saving = { tripId, userId: state.userId, turnKey, request, plan, reply, status: state.status, pace: state.pace, turn: summary };
    if (patched(REMEMBER_WITH_PLAN)) return saved(await storeLocally.savePlanAndRemember({ ...saving, remember: { text: message.text } }), reply);
    return saved({ seq: await store().savePlan(saving), remembered: false }, reply);
  }

  setHandler(
    sendMessageUpdate,
    async (message) => {
      const previous = results.get(message.clientMessageId) ?? (await inFlight.get(message.clientMessageId));
      if (previous) return previous;
      const running = exclusively(
        async () => (await rolledBackOnFailure('message', message.clientMessageId, () => (patched(CHANGE_SETS_PATCH) ? converse(message) : runTurn(message)))) as TurnOutcome,
        refuseIfArchived,
      );
      inFlight.set(message.clientMessageId, running);
      try {
        const result = await running;
        results.set(message.clientMessageId, result);
        for (const key of results.keys()) {
          if (results.size <= REMEMBERED_RESULTS) break;
          results.delete(key);
        }
        return result;
      } finally {
        inFlight.delete(message.clientMessageId);
      }
    },
    {
      validator: (message) => {
        if (state.status === 'archived') throw ApplicationFailure.nonRetryable('trip is archived', 'TripArchived');
        const [basis, rest] = splitChangeBasis(message);
        validateChangeBasis(basis, state.version ?? 0);
        validateSendMessage(rest);
      },
      description: 'Send a traveler message; returns the reply, the plan and the state.',
    },
  );

  setHandler(
    setConstraintsUpdate,
    async (input) => {
      const [basis, constraints] = splitChangeBasis(input) as [ChangeBasis, Constraints];
      return exclusively(async () => {
        await rolledBackOnFailure('constraints', null, async () => {
          const { pace, ...requestFields } = constraints;
          rememberVersion({ request: state.request, pace: state.pace });
          state.request = { ...state.request, ...requestFields };
          if (pace) state.pace = pace;
          advanceSeq(await store().saveTripRequest({ tripId: state.tripId, key: `constraints:${uuid4()}`, request: state.request, pace: state.pace, status: state.status }));
          recordChange('constraints', fieldsOfConstraints(constraints), basis.author);
        });
        return snapshot();
      }, () => {
        // Re-checked in turn: a change queued behind an archive or a date change must still fit. A
        // conflict first: a stale change that no longer fits is someone else's change, not bad input.
        refuseIfArchived();
        refuseIfConflicting(basis, fieldsOfConstraints(constraints));
        validateConstraints(constraints, state.request);
      });
    },
    {
      validator: (input) => {
        refuseIfArchived();
        const [basis, constraints] = splitChangeBasis(input);
        validateChangeBasis(basis, state.version ?? 0);
        if (basis.baseVersion !== undefined && isRecord(constraints)) refuseConflict(basis.baseVersion, fieldsOfConstraints(constraints));
        validateConstraints(constraints, state.request);
      },
      description: 'Change dates, budget, travelers, cabin, interests or pace.',
    },
  );

  setHandler(
    archiveTripUpdate,
    async () =>
      exclusively(async () => {
        setStatus('archived');
        advanceSeq(await store().saveTripRequest({ tripId: state.tripId, key: 'archived', request: state.request, pace: state.pace, status: state.status }));
        return snapshot();
      }),
    { description: 'Archive the trip; the workflow completes once running handlers finish.' },
  );

  setHandler(getStateQuery, snapshot);

  setHandler(agentSuggestionSignal, async (suggestion) => {
    // Signals have no validators: malformed input is logged and dropped, never applied.
    if (!isAgentSuggestion(suggestion)) {
      log.warn('dropped malformed agent suggestion');
      return;
    }
    const recorded: AgentSuggestion = { ...suggestion, id: uuid4(), receivedAt: new Date().toISOString(), status: 'pending' };
    const suggestionsBefore = state.suggestions;
    state.suggestions = [...state.suggestions, recorded].slice(-MAX_SUGGESTIONS);
    const recordSuggestion = async () =>
      advanceSeq(await store().recordTripEvent({
        tripId: state.tripId,
        key: `suggestion:${recorded.id}`,
        type: 'suggestion',
        payload: { suggestion: recorded },
      }));
    if (!patched(TURN_ROLLBACK_PATCH)) return recordSuggestion();
    // v8: a suggestion that cannot be stored is dropped and logged, never half-applied; a failing signal
    // handler would fail the whole trip workflow.
    try {
      await recordSuggestion();
    } catch (error) {
      if (isCancellation(error)) throw error;
      state.suggestions = suggestionsBefore;
      log.error('agent suggestion could not be stored and was dropped', { source: suggestion.source, cause: describeFailure(error) });
    }
  });

  // Added after v2: a new handler only (no existing command sequence changes), so old histories replay as before.
  setHandler(
    resolveSuggestionUpdate,
    async ({ suggestionId, decision }) => {
      const status = decision === 'accept' ? 'accepted' : 'dismissed';
      state.suggestions = state.suggestions.map((suggestion) => (suggestion.id === suggestionId ? { ...suggestion, status } : suggestion));
      const resolved = state.suggestions.find((suggestion) => suggestion.id === suggestionId);
      advanceSeq(await store().recordTripEvent({ tripId: state.tripId, key: `suggestion:${suggestionId}:${status}`, type: 'suggestion', payload: { suggestion: resolved } }));
      return snapshot();
    },
    {
      validator: (resolution) => validateSuggestionResolution(resolution, state.suggestions),
      description: 'Accept or dismiss a pending agent suggestion (recorded for the traveler and the agent; never applied by itself).',
    },
  );

  /** Budget, itinerary and reply again for the plan's own options with `pins` selected (no new search). */
  async function recompose(turnKey: string, pins: PinnedOffers): Promise<TurnOutcome> {
    const current = state.plan as TripPlan;
    const composed = await think().composePlan({
      tripId: state.tripId,
      userId: state.userId,
      turnKey,
      request: state.request,
      pace: state.pace,
      destination: current.destination,
      flights: current.flightOptions,
      stays: current.stayOptions,
      failures: [],
      memories: [],
      text: '',
      pinned: pins,
    });
    state.plan = composed.plan;
    advanceSeq(await store().savePlan({ tripId: state.tripId, userId: state.userId, turnKey, request: state.request, plan: composed.plan, reply: composed.reply, status: state.status }));
    return { reply: composed.reply, state: snapshot() };
  }

  // Added in v3: new handlers only, so histories without them replay as before.
  setHandler(
    selectOptionsUpdate,
    async (input) => {
      const [basis, selection] = splitChangeBasis(input) as [ChangeBasis, OptionSelection];
      return exclusively(
        async () => (await rolledBackOnFailure('selection', null, async () => {
          const plan = state.plan as TripPlan;
          const pick = <T extends { id: string }>(options: T[], id: string | null | undefined): T | null | undefined =>
            id === undefined ? undefined : id === null ? null : options.find((offer) => offer.id === id);
          const offers: PinnedOffers = { ...picked?.offers };
          const flight = pick(plan.flightOptions, selection.flightOfferId);
          const stay = pick(plan.stayOptions, selection.stayOfferId);
          if (flight !== undefined) offers.flight = flight;
          if (stay !== undefined) offers.stay = stay;
          picked = { offers, requestKey: JSON.stringify(state.request) };
          const result = await recompose(`select:${uuid4()}`, { ...offers, ...pinsFor(state.request) });
          recordChange('selection', [...fieldsOfSelection(selection), 'itinerary'], basis.author);
          // The result's state is the one the change made (with its version).
          return { ...result, state: snapshot() };
        })) as TurnOutcome,
        () => {
          refuseIfArchived();
          refuseIfConflicting(basis, fieldsOfSelection(selection));
          validateOptionSelection(selection, state.plan);
        },
      );
    },
    {
      validator: (input) => {
        refuseIfArchived();
        const [basis, selection] = splitChangeBasis(input);
        validateChangeBasis(basis, state.version ?? 0);
        if (basis.baseVersion !== undefined && isRecord(selection)) refuseConflict(basis.baseVersion, fieldsOfSelection(selection));
        validateOptionSelection(selection, state.plan);
      },
      description: 'Choose the flight and/or stay among the plan\'s options (null: none); the budget and the itinerary are recomputed for it.',
    },
  );

  const itineraryEditRules = (): ItineraryEditRules => ({ followEntries: patched(ITINERARY_EDITS_FOLLOW_ENTRIES) });
  // Added in v11: a new handler only, so histories without it replay as before.
  setHandler(
    editItineraryUpdate,
    async (input) => {
      const [basis, itineraryEdit] = splitChangeBasis(input) as [ChangeBasis, ItineraryEdit];
      return exclusively(async () => {
        await rolledBackOnFailure('itinerary', null, async () => {
          const plan = state.plan as TripPlan;
          state.plan = { ...plan, itinerary: applyItineraryEdit(plan.itinerary, itineraryEdit, itineraryEditRules()) };
          advanceSeq(await store().saveItinerary({ tripId: state.tripId, key: `itinerary:${uuid4()}`, plan: state.plan, edit: itineraryEdit, ...(basis.author && { author: basis.author }) }));
          recordChange('itinerary', ['itinerary'], basis.author);
        });
        return snapshot();
      }, () => {
        // Re-checked in turn: a change queued before it may have rebuilt or edited the itinerary.
        refuseIfArchived();
        refuseIfConflicting(basis, ['itinerary']);
        validateItineraryEdit(itineraryEdit, state.plan, itineraryEditRules());
      });
    },
    {
      validator: (input) => {
        refuseIfArchived();
        const [basis, itineraryEdit] = splitChangeBasis(input);
        validateChangeBasis(basis, state.version ?? 0);
        // Before the shape check: an entry that moved since is a conflict, not a bad index.
        if (basis.baseVersion !== undefined) refuseConflict(basis.baseVersion, ['itinerary']);
        validateItineraryEdit(itineraryEdit, state.plan, itineraryEditRules());
      },
      description: 'Move, add or remove an itinerary entry (with baseVersion: refused as an EditConflict when the itinerary changed since).',
    },
  );

  setHandler(bookingChangedSignal, async (change) => {
    if (!isBookingChange(change)) {
      log.warn('dropped malformed booking change');
      return;
    }
    await exclusively(async () => rolledBackOnFailure('booking', null, async () => {
      const known = state.bookings.find((booking) => booking.bookingId === change.bookingId);
      if (known?.status === change.status) return; // a re-delivered signal changes nothing
      const updated = { ...change, updatedAt: new Date().toISOString() };
      state.bookings = [...state.bookings.filter((booking) => booking.bookingId !== change.bookingId), updated];
      const bookingDriven = state.status === 'booked' || state.status === 'awaiting_approval';
      setStatus(settledStatus(bookingDriven ? (state.plan ? 'proposing' : 'gathering') : state.status));
      advanceSeq(await store().saveTripRequest({ tripId: state.tripId, key: `booking:${change.bookingId}:${change.status}`, request: state.request, pace: state.pace, status: state.status }));
      // A confirmed booking is what the trip is now built around: select it and redo budget and days.
      if (change.status === 'confirmed' && state.plan && state.status !== 'archived') await recompose(`booked:${change.bookingId}`, pinsFor(state.request));
    }, false));
  });

  await condition(() => state.status === 'archived' || turnsThisRun >= maxTurnsPerRun || workflowInfo().continueAsNewSuggested);
  await condition(() => allHandlersFinished() && pendingMemoryWrites === 0);
  if (state.status === 'archived') return snapshot();
  return continueAsNew<typeof tripPlanningWorkflow>({ ...input, carried: { state, recentResults: [...results], ...(picked && { picked }), ...(history.length > 0 && { history }) } });
}

/** The workflow's calendar date (deterministic: the SDK's Date is replay-safe). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function isBookingChange(value: unknown): value is BookingChange {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.bookingId === 'string' && candidate.bookingId.length <= 100 && typeof candidate.status === 'string' && candidate.status.length <= 40;
}

function isAgentSuggestion(value: unknown): value is AgentSuggestionInput {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.source === 'string' &&
    candidate.source.length > 0 &&
    candidate.source.length <= 100 &&
    suggestionKinds.includes(candidate.kind as never) &&
    typeof candidate.payload === 'object' &&
    candidate.payload !== null &&
    JSON.stringify(candidate.payload).length <= 10_000 &&
    storageProblem(candidate, 'suggestion') === null
  );
}

/** When composing fails, keep what the searches found so the traveler still sees options. */
function fallbackPlan(
  previous: TripPlan | null,
  destination: DestinationBrief | null,
  flights: FlightOffer[] | null,
  stays: StayOffer[] | null,
  failures: StepFailure[],
): TripPlan {
  return {
    flightOptions: flights ?? previous?.flightOptions ?? [],
    stayOptions: stays ?? previous?.stayOptions ?? [],
    selectedFlightId: null,
    selectedStayId: null,
    destination: destination ?? previous?.destination ?? null,
    itinerary: previous?.itinerary ?? [],
    budget: null,
    failures: [...failures],
    memoriesUsed: [],
  };
}

function fallbackReply(failures: StepFailure[]): string {
  // Messages are traveler-facing already (stepRunner); shown again only if they read as such.
  const what = failures.map((failure) => `${FALLBACK_STEP_LABEL[failure.step]} (${isTravelerFacing(failure.message) ? failure.message : STEP_UNAVAILABLE_REASON})`).join('; ');
  return `I could not finish the plan this time: ${what || 'putting the plan together'} did not work. The options found so far are in the plan; send another message in a few minutes to try again.`;
}

const FALLBACK_STEP_LABEL: Record<StepFailure['step'], string> = {
  understand: 'understanding your message',
  destination: 'destination research',
  flights: 'the flight search',
  stays: 'the accommodation search',
  compose: 'putting the plan together',
};
