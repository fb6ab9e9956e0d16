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
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { PlanningActivities } from '../activities/planning.js';
import {
  emptyTripRequest,
  suggestionKinds,
  type AgentSuggestion,
  type AgentSuggestionInput,
  type Constraints,
  type DestinationBrief,
  type FlightOffer,
  type SendMessageInput,
  type SendMessageResult,
  type StayOffer,
  type StepFailure,
  type Pace,
  type TripPlan,
  type TripRequest,
  type TripState,
  type TripStatus,
} from '../domain/trip.js';
import { DestinationAttribute, TripIdAttribute, TripStatusAttribute, UserIdAttribute } from './searchAttributes.js';
import { describeFailure, validateConstraints, validateSendMessage, validateSuggestionResolution } from './validators.js';

export const sendMessageUpdate = defineUpdate<SendMessageResult, [SendMessageInput]>('sendMessage');
export const setConstraintsUpdate = defineUpdate<TripState, [Constraints]>('setConstraints');
export const archiveTripUpdate = defineUpdate<TripState, []>('archive');
export const getStateQuery = defineQuery<TripState>('getState');
export const agentSuggestionSignal = defineSignal<[AgentSuggestionInput]>('agentSuggestion');
export const resolveSuggestionUpdate = defineUpdate<TripState, [SuggestionResolution]>('resolveSuggestion');

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
  /** Recent results by clientMessageId, so a re-sent message returns its first result across runs. */
  recentResults: [string, SendMessageResult][];
}

const DEFAULT_MAX_TURNS_PER_RUN = 25;
const REMEMBERED_RESULTS = 20;
const MAX_SUGGESTIONS = 50;

const persistence: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 10 },
};
const reasoning: ActivityOptions = {
  startToCloseTimeout: '60s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumAttempts: 3 },
};
const search: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: ['ProviderInputError'] },
};

const storeRemotely = proxyActivities<PlanningActivities>(persistence);
const storeLocally = proxyLocalActivities<PlanningActivities>({ startToCloseTimeout: '10s', retry: persistence.retry });

/**
 * v2 (patch id below): persistence runs as local activities (short, idempotent database writes; no
 * task-queue round trip) and memory is written after the reply is returned. Runs started on v1 code
 * replay the v1 path (test/histories/tripPlanning-v1.json).
 */
export const LOCAL_PERSISTENCE_PATCH = 'local-persistence-background-memory';

function store(): typeof storeRemotely | typeof storeLocally {
  return patched(LOCAL_PERSISTENCE_PATCH) ? storeLocally : storeRemotely;
}
const think = proxyActivities<PlanningActivities>(reasoning);
const lookUp = proxyActivities<PlanningActivities>(search);
const remember = proxyActivities<PlanningActivities>({ startToCloseTimeout: '15s', retry: { maximumAttempts: 2 } });

export async function tripPlanningWorkflow(input: TripPlanningInput): Promise<TripState> {
  const state: TripState = input.carried?.state ?? {
    tripId: input.tripId,
    userId: input.userId,
    status: 'gathering',
    request: input.initial?.request ?? emptyTripRequest,
    pace: input.initial?.pace ?? 'balanced',
    plan: null,
    pendingProposals: [],
    suggestions: [],
    lastEventSeq: 0,
    turns: 0,
  };
  const results = new Map<string, SendMessageResult>(input.carried?.recentResults ?? []);
  const inFlight = new Map<string, Promise<SendMessageResult>>();
  const maxTurnsPerRun = input.maxTurnsPerRun ?? DEFAULT_MAX_TURNS_PER_RUN;
  let turnsThisRun = 0;
  let busy = false;
  let pendingMemoryWrites = 0;

  upsertSearchAttributes([
    { key: TripIdAttribute, value: input.tripId },
    { key: UserIdAttribute, value: input.userId },
    { key: TripStatusAttribute, value: state.status },
  ]);

  // A deep copy, so callers never hold references into live workflow state (structuredClone is not in the sandbox).
  const snapshot = (): TripState => JSON.parse(JSON.stringify(state)) as TripState;

  function setStatus(status: TripStatus): void {
    if (state.status === status) return;
    state.status = status;
    upsertSearchAttributes([{ key: TripStatusAttribute, value: status }]);
  }

  /** Turns run one at a time, in arrival order; concurrent updates wait their turn. */
  async function exclusively<T>(work: () => Promise<T>): Promise<T> {
    await condition(() => !busy);
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  }

  async function runTurn(message: SendMessageInput): Promise<SendMessageResult> {
    const turnKey = message.clientMessageId;
    const failures: StepFailure[] = [];
    const tripId = state.tripId;

    /** Runs a step; a failure (after its retries) is recorded and reported, and the turn goes on. */
    async function step<T>(name: StepFailure['step'], run: () => Promise<T>): Promise<T | null> {
      try {
        return await run();
      } catch (error) {
        const reason = describeFailure(error);
        failures.push({ step: name, message: reason });
        log.warn('planning step failed', { step: name, reason });
        state.lastEventSeq = await store().recordStepFailure({ tripId, turnKey, step: name, message: reason });
        return null;
      }
    }
    state.lastEventSeq = await store().recordUserMessage({ tripId, userId: state.userId, clientMessageId: turnKey, text: message.text });

    const understanding = await step('understand', () =>
      think.understandTurn({ tripId, userId: state.userId, turnKey, text: message.text, request: state.request, referenceDate: today() }),
    );
    if (understanding) state.request = understanding.request;
    const needs = understanding?.needs ?? { destination: false, flights: false, stays: false };
    const request = state.request;
    if (request.destination) upsertSearchAttributes([{ key: DestinationAttribute, value: request.destination.iata }]);

    if (needs.destination || needs.flights || needs.stays) setStatus('searching');
    const route = `${request.origin?.iata ?? '?'}→${request.destination?.iata ?? '?'}`;
    const [destination, flights, stays] = await Promise.all([
      needs.destination
        ? step('destination', () =>
            lookUp.researchDestination.executeWithOptions({ ...search, summary: `Destination research: ${request.destination?.city ?? '?'}` }, [{ tripId, userId: state.userId, turnKey, request }]),
          )
        : Promise.resolve<DestinationBrief | null>(null),
      needs.flights
        ? step('flights', () =>
            lookUp.searchFlights.executeWithOptions({ ...search, summary: `Flights ${route} ${request.departDate ?? ''}` }, [{ tripId, userId: state.userId, turnKey, request }]),
          )
        : Promise.resolve<FlightOffer[] | null>(null),
      needs.stays
        ? step('stays', () =>
            lookUp.searchStays.executeWithOptions({ ...search, summary: `Stays in ${request.destination?.city ?? '?'} ${request.departDate ?? ''}` }, [{ tripId, userId: state.userId, turnKey, request }]),
          )
        : Promise.resolve<StayOffer[] | null>(null),
    ]);

    setStatus(needs.destination ? 'proposing' : 'gathering');
    const composed = await step('compose', () =>
      think.composePlan({
        tripId,
        userId: state.userId,
        turnKey,
        request,
        pace: state.pace,
        destination,
        flights,
        stays,
        failures: [...failures],
        memories: understanding?.memories ?? [],
        text: message.text,
        notes: understanding?.notes ?? [],
      }),
    );
    const plan: TripPlan = composed?.plan ?? fallbackPlan(state.plan, destination, flights, stays, failures);
    const reply = composed?.reply ?? fallbackReply(failures);
    state.plan = plan;
    state.turns += 1;
    turnsThisRun += 1;

    state.lastEventSeq = await store().savePlan({ tripId, userId: state.userId, turnKey, request, plan, reply, status: state.status });
    // Memory is best effort: a failure to remember must not cost the traveler their reply.
    const remembering = remember.rememberTurn({ userId: state.userId, tripId, text: message.text, request }).then(
      () => undefined,
      (error: unknown) => log.warn('remembering the turn failed', { message: describeFailure(error) }),
    );
    if (patched(LOCAL_PERSISTENCE_PATCH)) {
      pendingMemoryWrites += 1;
      void remembering.finally(() => (pendingMemoryWrites -= 1));
    } else {
      await remembering;
    }
    return { reply, plan, state: snapshot() };
  }

  setHandler(
    sendMessageUpdate,
    async (message) => {
      const previous = results.get(message.clientMessageId) ?? (await inFlight.get(message.clientMessageId));
      if (previous) return previous;
      const running = exclusively(() => runTurn(message));
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
        validateSendMessage(message);
      },
      description: 'Send a traveler message; returns the reply, the plan and the state.',
    },
  );

  setHandler(
    setConstraintsUpdate,
    async (constraints) =>
      exclusively(async () => {
        const { pace, ...requestFields } = constraints;
        state.request = { ...state.request, ...requestFields };
        if (pace) state.pace = pace;
        state.lastEventSeq = await store().saveTripRequest({ tripId: state.tripId, key: `constraints:${uuid4()}`, request: state.request, pace: state.pace, status: state.status });
        return snapshot();
      }),
    {
      validator: (constraints) => validateConstraints(constraints, state.request),
      description: 'Change dates, budget, travelers, cabin, interests or pace.',
    },
  );

  setHandler(
    archiveTripUpdate,
    async () =>
      exclusively(async () => {
        setStatus('archived');
        state.lastEventSeq = await store().saveTripRequest({ tripId: state.tripId, key: 'archived', request: state.request, pace: state.pace, status: state.status });
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
    state.suggestions = [...state.suggestions, recorded].slice(-MAX_SUGGESTIONS);
    state.lastEventSeq = await store().recordTripEvent({
      tripId: state.tripId,
      key: `suggestion:${recorded.id}`,
      type: 'suggestion',
      payload: { suggestion: recorded },
    });
  });

  // Added after v2: a new handler only (no existing command sequence changes), so old histories replay as before.
  setHandler(
    resolveSuggestionUpdate,
    async ({ suggestionId, decision }) => {
      const status = decision === 'accept' ? 'accepted' : 'dismissed';
      state.suggestions = state.suggestions.map((suggestion) => (suggestion.id === suggestionId ? { ...suggestion, status } : suggestion));
      const resolved = state.suggestions.find((suggestion) => suggestion.id === suggestionId);
      state.lastEventSeq = await store().recordTripEvent({ tripId: state.tripId, key: `suggestion:${suggestionId}:${status}`, type: 'suggestion', payload: { suggestion: resolved } });
      return snapshot();
    },
    {
      validator: (resolution) => validateSuggestionResolution(resolution, state.suggestions),
      description: 'Accept or dismiss a pending agent suggestion (recorded for the traveler and the agent; never applied by itself).',
    },
  );

  await condition(() => state.status === 'archived' || turnsThisRun >= maxTurnsPerRun || workflowInfo().continueAsNewSuggested);
  await condition(() => allHandlersFinished() && pendingMemoryWrites === 0);
  if (state.status === 'archived') return snapshot();
  return continueAsNew<typeof tripPlanningWorkflow>({ ...input, carried: { state, recentResults: [...results] } });
}

/** The workflow's calendar date (deterministic: the SDK's Date is replay-safe). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
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
    JSON.stringify(candidate.payload).length <= 10_000
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
  const what = failures.map((failure) => `${failure.step} (${failure.message})`).join('; ');
  return `I could not finish the plan this time: ${what}. The options found so far are in the plan; send another message to try again.`;
}
