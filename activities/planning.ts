// Planning activities: each step of a turn runs an agent specialist, reports progress to the trip's event
// log, and persists idempotently (a retried activity writes once: upserts on natural keys, events keyed).
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  answerTurn,
  composePlan,
  findFlights,
  findStays,
  rememberTurn,
  researchDestination,
  understandTurn,
  type ComposePlanInput,
  type StepRunOptions,
} from '../agents/index.js';
import type { AnswerInput } from '../agents/answer.js';
import type { ItineraryEdit } from '../domain/itineraryEdits.js';
import type { AgentContext } from '../agents/context.js';
import { tripCurrency } from '../domain/currency.js';
import { stayRequestAfter } from '../domain/offerSanity.js';
import { withTimeout } from '../infra/async.js';
import { answerKey, answerOf, collides, decideTurnChange, decisionKey, requestChangeOf, searchComposeAndSaveInput, type SearchAndComposeInput, type SearchComposeAndSaveInput, type TurnContext } from '../domain/turnChange.js';
import { loadPreferredCurrency } from '../infra/profile.js';
import {
  priceDeltaBetween,
  type ChangeAuthor,
  type DestinationBrief,
  type FlightOffer,
  type Pace,
  type StayOffer,
  type StepFailure,
  type TripPlan,
  type TripRequest,
  type TripStatus,
  type TurnSummary,
} from '../domain/trip.js';
import { Prisma, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import { TripEventBatch, type TripEventLog } from '../infra/tripEvents.js';
import { withHeartbeat } from './heartbeat.js';
import { STORAGE_REJECTED } from './storageRejections.js';
import { replyDeltaStream } from './replyDeltas.js';
import type { TravelerAgents } from './travelerAgents.js';

export interface PlanningDeps {
  prisma: PrismaClient;
  events: TripEventLog;
  /** The agent context for a traveler: the platform's, or with their own provider/LLM keys. */
  agentsFor: TravelerAgents;
  logger: Logger;
  /**
   * Where the workflow runs this worker's reasoning steps (understand, compose, answer): `local` when the
   * planner is the offline model (milliseconds of CPU, not worth a task-queue round trip), `remote` when a
   * language model answers (seconds: a local activity would hold the workflow task, and with it every
   * arriving message and state query, until it ends). Default `remote`.
   */
  reasoning?: StepPlacement;
  /** Whether memories are written where the plan is saved (the memory store's embeddings are local). Default false. */
  memoryInline?: boolean;
  /** How long the plan made with the message may take (v16); default PLAN_AHEAD_BUDGET_MS. */
  planAheadBudgetMs?: number;
  /**
   * Whether a traveler's searches (destination, flights, stays) are computed in this process: true for the
   * built-in sandbox providers (milliseconds of CPU), false where they call out (Duffel, Open-Meteo, a
   * traveler's own Duffel key), which take seconds and must not hold the workflow task. Default: never.
   */
  searchesLocally?: (agents: AgentContext) => boolean;
}

/** Where a step of a turn runs: in the workflow task as a local activity, or as an activity of its own. */
export type StepPlacement = 'local' | 'remote';

/** What recording a traveler's message answers: the event's seq and where this turn's reasoning runs. */
export interface RecordedMessage {
  seq: number;
  reasoning: StepPlacement;
  /** Where this traveler's searches run (v13); absent in histories from before: remote. */
  searching?: StepPlacement;
}

type SavePlanInput = TurnRef & { userId: string; request: TripRequest; plan: TripPlan; reply: string; status: TripStatus; pace?: Pace; turn?: TurnSummary };

/** A saved plan's last event seq, and whether the turn's memories were written with it. */
export interface SavedPlan {
  seq: number;
  remembered: boolean;
}

type RecordMessageInput = { tripId: string; userId: string; clientMessageId: string; text: string; author?: ChangeAuthor };
type UnderstandInput = AgentTurnRef & { text: string; request: TripRequest; referenceDate: string; pace?: Pace; undoTarget?: { request: TripRequest; pace: Pace } | null };
type Understanding = Awaited<ReturnType<typeof understandTurn>>;

/**
 * Recording a message and, where reasoning is local, understanding it in the same call (v13). `understanding`
 * is null where reasoning is remote, or where understanding failed here: the workflow then runs its own
 * understand step, with that step's retries and failure reporting.
 */
export interface RecordedAndUnderstood extends RecordedMessage {
  understanding: Understanding | null;
}

type ComposedPlan = { plan: TripPlan; reply: string };

/**
 * v16: recorded and understood and, where the worker went on with the turn, the plan of a change saved with
 * its decision's key, or the answer to a turn that changes nothing saved with its own.
 */
export interface RecordedUnderstoodAndPlanned extends RecordedAndUnderstood {
  planned?: { key: string; saved: ComposedAndSaved };
  answered?: AnsweredAhead;
}

/** A reply saved with the message (v16): the answer's key (answerKey), the reply, its event's seq. */
export interface AnsweredAhead {
  key: string;
  reply: string;
  seq: number;
}

/** The composed plan and reply, saved: the last event's seq, whether memories were written, the turn's summary. */
export type ComposedAndSaved = ComposedPlan & SavedPlan & { turn: TurnSummary };

interface TurnRef {
  tripId: string;
  turnKey: string;
}

/** A turn's step and where its progress events go. */
type ProgressRef = TurnRef & { progress: TripEventBatch };

/** Steps that call agents say whose trip it is, so the traveler's own keys apply. */
interface AgentTurnRef extends TurnRef {
  userId: string;
}

const DEFAULT_TITLE = 'New trip';

/** The activity's cancellation (a cancelled turn, a heartbeat timeout) aborts the agents' model and provider calls. */
const cancellable = (): StepRunOptions => ({ signal: Context.current().cancellationSignal });
/** Heartbeats while a long call runs, so a dead worker is detected by the heartbeat timeout (workflows/tripPlanning.ts). */
const HEARTBEATS = { everyMs: 2_000, providerErrors: 'forTraveler' } as const;

/**
 * How long a local activity waits for the work it takes on beside its own (understanding with the message,
 * memories with the plan) before leaving it to the workflow's own step: well inside the local activity's
 * 10 s, so slow extra work can never time out, and fail, the record or the save it rides with.
 */
export const ALONGSIDE_BUDGET_MS = 4_000;

/**
 * How long the plan made with the message (v16) may take before the call answers without it: well inside the
 * call's 30 s with recording and understanding, so a slow plan falls back to the workflow's own steps
 * instead of timing the call out and repeating all of it.
 */
const PLAN_AHEAD_BUDGET_MS = 20_000;

export function createPlanningActivities(deps: PlanningDeps) {
  const { prisma, events, agentsFor } = deps;

  /**
   * Runs `work` with a batch for its progress events (infra/tripEvents.ts TripEventBatch): the steps do not
   * wait for each event's round trip, and every event is stored before the activity returns or fails, so a
   * failure the workflow records next comes after the step's "running". `after`: see TripEventBatch.
   */
  async function withProgress<T>(tripId: string, work: (progress: TripEventBatch) => Promise<T>, after?: Promise<unknown>): Promise<T> {
    const { result, stored } = await withProgressStoring(tripId, work, after);
    await stored;
    return result;
  }

  /**
   * withProgress, answering as soon as `work` is done: `stored` settles when its events are, for a caller
   * with more to do meanwhile (it must await `stored` before it returns).
   */
  async function withProgressStoring<T>(tripId: string, work: (progress: TripEventBatch) => Promise<T>, after?: Promise<unknown>): Promise<{ result: T; stored: Promise<void> }> {
    const progress = new TripEventBatch(events, tripId, after);
    try {
      const result = await work(progress);
      const stored = progress.flush();
      stored.catch(() => undefined); // observed by the caller's await; not an unhandled rejection meanwhile
      return { result, stored };
    } catch (error) {
      await progress.flush().catch(() => undefined); // the step's own failure is the one to report
      throw error;
    }
  }

  /** Runs one step between "running" and "done" progress events; failures surface to the workflow. */
  async function progressStep<T>(
    ref: ProgressRef,
    step: StepFailure['step'],
    run: () => Promise<T>,
    summarize: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    ref.progress.append({ key: `${ref.turnKey}:${step}:running`, type: 'progress', payload: { turn: ref.turnKey, step, status: 'running' } });
    const result = await withHeartbeat(run(), HEARTBEATS);
    ref.progress.append({ key: `${ref.turnKey}:${step}:done`, type: 'progress', payload: { turn: ref.turnKey, step, status: 'done', ...summarize(result) } });
    return result;
  }

  /**
   * Runs a step that writes a reply with the reply streamed to the trip's room as the model writes it
   * (ephemeral `reply.delta` events); every delta is published before the step returns, so before the
   * durable reply that a later step saves.
   */
  async function streamingReply<T>(ref: TurnRef, agents: AgentContext, run: (agents: AgentContext) => Promise<T>): Promise<T> {
    const stream = replyDeltaStream((delta) => events.publishReplyDelta({ tripId: ref.tripId, clientMessageId: ref.turnKey, ...delta }));
    try {
      return await run({ ...agents, onReplyDelta: stream.push });
    } finally {
      await stream.finish();
    }
  }

  /** The trip's currency for this request: the one rule (domain/currency.ts), with the traveler's profile. */
  async function currencyFor(userId: string, request: TripRequest, agents: AgentContext): Promise<string> {
    return tripCurrency(request, request.budget ? null : await loadPreferredCurrency(prisma, userId), agents.places);
  }

  function research(ref: ProgressRef, request: TripRequest, agents: AgentContext): Promise<DestinationBrief> {
    return progressStep(ref, 'destination', () => researchDestination(agents, { request }, cancellable()), (brief) => ({
      destination: { city: brief.city, countryCode: brief.countryCode, weatherDays: brief.weather.length },
    }));
  }

  function flightsFor(ref: ProgressRef, request: TripRequest, agents: AgentContext, currency: string): Promise<FlightOffer[]> {
    return progressStep(ref, 'flights', () => findFlights(agents, { request, currency }, cancellable()), (offers) => ({
      count: offers.length,
      preview: offers.slice(0, 3).map((offer) => ({ id: offer.id, price: offer.price, stops: offer.stops, durationMinutes: offer.totalDurationMinutes })),
    }));
  }

  function staysFor(ref: ProgressRef, request: TripRequest, agents: AgentContext, currency: string): Promise<StayOffer[]> {
    return progressStep(ref, 'stays', () => findStays(agents, { request, destination: null, currency }, cancellable()), (offers) => ({
      count: offers.length,
      preview: offers.slice(0, 3).map((offer) => ({ id: offer.id, name: offer.name, totalPrice: offer.totalPrice, rating: offer.rating })),
    }));
  }

  function compose(ref: ProgressRef, agents: AgentContext, input: ComposePlanInput): Promise<ComposedPlan> {
    return progressStep(
      ref,
      'compose',
      () => streamingReply(ref, agents, (streaming) => composePlan(streaming, input, cancellable())),
      ({ plan }) => ({ days: plan.itinerary.length, withinBudget: plan.budget?.withinBudget ?? null }),
    );
  }

  async function searchPlacement(userId: string): Promise<StepPlacement> {
    const { searchesLocally } = deps;
    // Without the option nothing is looked up: no traveler's agents to load for recording a message.
    return searchesLocally && searchesLocally(await agentsFor(userId)) ? 'local' : 'remote';
  }

  /** `author`: who wrote it (a collaborator, not necessarily the trip's owner `userId`); absent: the owner. */
  async function recordUserMessage(input: RecordMessageInput): Promise<RecordedMessage> {
    // The trip's row (its first message creates it) and the message in one statement, each INSERT … ON
    // CONFLICT DO NOTHING: atomic, written once under retries. The message's foreign key is checked at the
    // statement's end, when the trip row exists.
    await prisma.$executeRaw`
      WITH trip AS (
        INSERT INTO trips (id, "ownerId", title) VALUES (${input.tripId}::uuid, ${input.userId}::uuid, ${DEFAULT_TITLE})
        ON CONFLICT (id) DO NOTHING)
      INSERT INTO chat_messages ("tripId", "clientMessageId", role, content, "authorId")
      VALUES (${input.tripId}::uuid, ${input.clientMessageId}, 'user'::chat_role, ${input.text}, ${input.author?.userId ?? input.userId}::uuid)
      ON CONFLICT ("tripId", "clientMessageId", role) DO NOTHING`;
    const event = await events.append(input.tripId, {
      key: `${input.clientMessageId}:message:user`,
      type: 'message',
      payload: {
        role: 'user',
        text: input.text,
        clientMessageId: input.clientMessageId,
        ...(input.author && { authorId: input.author.userId, ...(input.author.name && { authorName: input.author.name }), ...(input.author.kind === 'agent' && { authorKind: 'agent' }) }),
      },
    });
    return { seq: event.seq, reasoning: deps.reasoning ?? 'remote', searching: await searchPlacement(input.userId) };
  }

  async function understand(input: UnderstandInput): Promise<Understanding> {
    const { result, stored } = await understandStoring(input);
    await stored;
    return result;
  }

  /**
   * understand, answering before its progress events are stored (withProgressStoring). `after`: the
   * message's own write, when it runs alongside (recordAndUnderstand): the step's events follow it.
   */
  async function understandStoring(input: UnderstandInput, after?: Promise<unknown>): Promise<{ result: Understanding; stored: Promise<void> }> {
    const agents = await agentsFor(input.userId);
    const currency = input.pace ? await currencyFor(input.userId, input.request, agents) : null;
    return withProgressStoring(input.tripId, (progress) => progressStep(
      { tripId: input.tripId, turnKey: input.turnKey, progress },
      'understand',
      () =>
        understandTurn(agents, {
          text: input.text,
          request: input.request,
          referenceDate: input.referenceDate,
          userId: input.userId,
          tripId: input.tripId,
          ...(input.pace && { pace: input.pace, undoTarget: input.undoTarget ?? null, currency }),
        }, cancellable()),
      (understanding) => ({ request: understanding.request, needs: understanding.needs, memories: understanding.memories.length, intent: understanding.intent ?? 'change', changes: understanding.changes ?? [] }),
    ), after);
  }

  async function savePlan(input: SavePlanInput): Promise<number> {
    await writePlan(input);
    return announcePlan(input);
  }

  /** The plan's one statement: the trip's row, its itinerary rows and the reply. */
  async function writePlan(input: SavePlanInput): Promise<void> {
    const { tripId, turnKey, request, plan } = input;
    const columns = tripColumns(request, input.status);
    const preferences = input.pace ? JSON.stringify({ pace: input.pace, interests: request.interests, cabinClass: request.cabinClass }) : null;
    const metadata = { failures: plan.failures.length, ...(input.turn && { turn: input.turn }) };
    // One statement, each document one JSON parameter: Prisma's typed writes walked every nested value and
    // took an interactive transaction of seven round trips (then a batch of six), the worker's largest
    // database cost per turn. The reply is keyed, so it is written once.
    const updated = await planStatement(prisma, tripId, plan, Prisma.sql`
      status = ${columns.status}::trip_status, origin = ${columns.origin}, destinations = ${columns.destinations}::text[],
      "startDate" = ${request.departDate ?? null}::date, "endDate" = ${request.returnDate ?? null}::date, adults = ${columns.adults}, children = ${columns.children},
      "budgetAmount" = ${columns.budgetAmount}::numeric, "budgetCurrency" = ${columns.budgetCurrency},
      preferences = COALESCE(${preferences}::jsonb, preferences),
      title = CASE WHEN title = ${DEFAULT_TITLE} AND ${request.destination?.city ?? null}::text IS NOT NULL THEN 'Trip to ' || ${request.destination?.city ?? null}::text ELSE title END`,
      Prisma.sql`reply AS (
        INSERT INTO chat_messages ("tripId", "clientMessageId", role, content, metadata)
        SELECT ${tripId}::uuid, ${turnKey}, 'assistant'::chat_role, ${input.reply}, ${JSON.stringify(metadata)}::jsonb FROM trip
        ON CONFLICT ("tripId", "clientMessageId", role) DO NOTHING)`,
    );
    // The turn's first step created the row, so it is gone (the trip was deleted): no retry brings it back,
    // and the workflow rolls the turn back as for any refused write.
    if (updated === 0) throw ApplicationFailure.nonRetryable(`trip ${tripId} has no row to save its plan in`, STORAGE_REJECTED);
  }

  /** The saved plan's events; answers the last one's seq. */
  async function announcePlan(input: SavePlanInput): Promise<number> {
    const { tripId, turnKey, request, plan } = input;
    const appended = await events.appendMany(tripId, [
      { key: `${turnKey}:plan`, type: 'plan.updated', payload: { turn: turnKey, status: input.status, summary: planSummary(plan), ...(input.turn && { request, intent: input.turn.intent, changes: input.turn.changes }) } },
      { key: `${turnKey}:message:assistant`, type: 'message', payload: { role: 'assistant', text: input.reply, clientMessageId: turnKey, ...(input.turn && { intent: input.turn.intent, changes: input.turn.changes, canUndo: input.turn.canUndo }) } },
    ]);
    return appended.at(-1)?.seq ?? 0;
  }

  /**
   * A turn's searches and its compose step in one call, where the worker computes both (v14: the sandbox
   * providers and the offline planner): one workflow activation for what were up to four. Each step still
   * writes its own progress events. Destination research runs beside flights, and stays follow the flight
   * (from the night the traveler first needs a room), as the workflow's own steps do. A failure fails the
   * whole call; the workflow then runs the steps one by one, with their retries and failure reports.
   */
  async function searchAndCompose(input: SearchAndComposeInput): Promise<ComposedPlan> {
    return withProgress(input.tripId, (progress) => searchAndComposeWith(input, progress));
  }

  async function searchAndComposeWith(input: SearchAndComposeInput, progress: TripEventBatch): Promise<ComposedPlan> {
    const { request, want, kept } = input;
    const agents = await agentsFor(input.userId);
    const currency = await currencyFor(input.userId, request, agents);
    const ref = { tripId: input.tripId, turnKey: input.turnKey, progress };
    const flightsThenStays = async () => {
      const flights = want.flights ? await flightsFor(ref, request, agents, currency) : kept.flights;
      const stays = want.stays ? await staysFor(ref, stayRequestAfter(request, want.flights ? flights?.[0] : input.keptFlight), agents, currency) : kept.stays;
      return { flights, stays };
    };
    const [destination, { flights, stays }] = await Promise.all([want.destination ? research(ref, request, agents) : kept.destination, flightsThenStays()]);
    return compose(ref, agents, { ...input.compose, request, currency, destination, flights, stays, failures: [] });
  }

  /**
   * The plan saved and, where this worker's memory is local (offline embeddings: milliseconds of CPU), the
   * turn's memories written beside it (v13): one activity and one workflow task fewer per turn.
   * `remembered` false: the workflow writes them with its own best-effort `rememberTurn` activity.
   * `after`: the turn's progress events, still being stored; nothing is written unless they are.
   */
  async function savePlanAndRemember(input: SavePlanInput & { remember: { text: string } }, after?: Promise<unknown>): Promise<SavedPlan> {
    // After the steps' events too: where they could not be stored, nothing of the plan is.
    const written = Promise.resolve(after).then(() => writePlan(input));
    const saving = written.then(() => announcePlan(input));
    if (!deps.memoryInline) return { seq: await saving, remembered: false };
    // The memories are worked out while the plan is written, and written themselves once it is (beside the
    // plan's events): a plan refused leaves no memories of a turn the workflow then rolls back.
    const remembering = (async () => {
      const agents = await agentsFor(input.userId);
      await withTimeout(rememberTurn(agents, { userId: input.userId, tripId: input.tripId, text: input.remember.text, request: input.request }, written), ALONGSIDE_BUDGET_MS, 'remembering the turn with its plan');
      return true;
    })().catch((error: unknown) => error);
    const seq = await saving;
    const remembered = await remembering;
    if (remembered === true) return { seq, remembered };
    deps.logger.warn({ tripId: input.tripId, err: remembered }, 'remembering the turn with its plan failed; the workflow retries it on its own');
    return { seq, remembered: false };
  }

  /** One local activity instead of two where the offline planner reasons: a workflow activation fewer per turn. */
  async function recordAndUnderstand(input: { message: RecordMessageInput; understand: UnderstandInput }): Promise<RecordedAndUnderstood> {
    const { recorded, stored } = await recordAndUnderstandStoring(input);
    return understandingStored(input.message.tripId, recorded, stored);
  }

  /**
   * recordAndUnderstand, answering before the understanding's progress events are stored: `stored` settles
   * when they are (what the call writes next waits for it; understandingStored when it writes nothing more).
   */
  async function recordAndUnderstandStoring(input: { message: RecordMessageInput; understand: UnderstandInput }): Promise<{ recorded: RecordedAndUnderstood; stored: Promise<void> }> {
    const nothingPending = Promise.resolve();
    if ((deps.reasoning ?? 'remote') !== 'local') return { recorded: { ...(await recordUserMessage(input.message)), understanding: null }, stored: nothingPending };
    // The message is stored while it is understood: the reasoning's CPU overlaps the writes' round trips.
    // The step's progress events wait for the message's own, so the trip's log still shows the message first;
    // a failed write fails the call (and writes none of them), whatever the understanding came to.
    const recording = recordUserMessage(input.message);
    const understanding = withTimeout(understandStoring(input.understand, recording), ALONGSIDE_BUDGET_MS, 'understanding with the message').then(
      (understood) => ({ understood }),
      (error: unknown) => ({ error }),
    );
    const recorded = await recording;
    const outcome = await understanding;
    if ('error' in outcome) {
      warnUnderstandingFailed(input.message.tripId, outcome.error);
      return { recorded: { ...recorded, understanding: null }, stored: nothingPending };
    }
    return { recorded: { ...recorded, understanding: outcome.understood.result }, stored: outcome.understood.stored };
  }

  /** The call's answer once the understanding's events are stored; without the understanding if they could not be. */
  async function understandingStored(tripId: string, recorded: RecordedAndUnderstood, stored: Promise<void>): Promise<RecordedAndUnderstood> {
    try {
      // The same budget as the understanding's: a slow event log leaves the understanding to the workflow.
      await withTimeout(stored, ALONGSIDE_BUDGET_MS, 'storing the understanding\'s progress events');
      return recorded;
    } catch (error) {
      warnUnderstandingFailed(tripId, error);
      return { ...recorded, understanding: null };
    }
  }

  function warnUnderstandingFailed(tripId: string, error: unknown): void {
    deps.logger.warn({ tripId, err: error }, 'understanding with the message failed; the workflow retries it as its own step');
  }

  /**
   * v15: searchAndCompose, then the plan saved with the turn's summary (its price change worked out here,
   * from the composed total) and its memories: the plan no longer goes into the workflow and back out to be
   * saved, and the turn is one workflow activation shorter. A failure falls back as searchAndCompose's does.
   * `after`: the turn's earlier events, still being stored (recordUnderstandAndPlan); this call's follow them.
   */
  async function searchComposeAndSave(input: SearchComposeAndSaveInput, after?: Promise<unknown>): Promise<ComposedAndSaved> {
    const { result: composed, stored } = await withProgressStoring(input.tripId, (progress) => searchAndComposeWith(input, progress), after);
    const { save } = input;
    const turn: TurnSummary = { ...save.turn, priceDelta: priceDeltaBetween(composed.plan.budget?.total, save.previousTotal) };
    // The plan is saved once the steps' last progress events are stored (none of it where they could not be),
    // so the call ends after them either way; its memories are worked out meanwhile.
    const saved = await savePlanAndRemember({
      tripId: input.tripId, userId: input.userId, turnKey: input.turnKey, request: input.request, plan: composed.plan, reply: composed.reply,
      status: save.status, pace: input.compose.pace, turn, remember: save.remember,
    }, stored);
    return { ...composed, ...saved, turn };
  }

  /** The reply to a turn that changes nothing (question, acknowledgement, clarification, empty undo). */
  async function answer(input: AgentTurnRef & AnswerInput): Promise<string> {
    const agents = await agentsFor(input.userId);
    const { tripId: _tripId, userId: _userId, turnKey: _turnKey, ...asked } = input;
    return withHeartbeat(streamingReply(input, agents, (streaming) => answerTurn(streaming, asked, cancellable())), HEARTBEATS);
  }

  /** The reply to a turn that changed nothing: the assistant message only (the plan stays as it was). */
  async function saveReply(input: TurnRef & { reply: string; turn: TurnSummary }): Promise<number> {
    const { tripId, turnKey } = input;
    await prisma.chatMessage.createMany({
      data: [{ tripId, clientMessageId: turnKey, role: 'assistant', content: input.reply, metadata: { failures: 0, turn: JSON.parse(JSON.stringify(input.turn)) as Prisma.InputJsonObject } }],
      skipDuplicates: true,
    });
    const event = await events.append(tripId, {
      key: `${turnKey}:message:assistant`,
      type: 'message',
      payload: { role: 'assistant', text: input.reply, clientMessageId: turnKey, intent: input.turn.intent, changes: input.turn.changes, canUndo: input.turn.canUndo },
    });
    return event.seq;
  }

  /**
   * v16, a turn that changes nothing: answered and the reply saved in the call that understood it, from the
   * state the workflow handed over. Left out (the workflow answers on its own) where it fails or runs over.
   */
  async function answerAhead(input: { message: RecordMessageInput; understand: UnderstandInput; ahead: TurnContext }, understanding: Understanding): Promise<AnsweredAhead | undefined> {
    const { tripId, userId, clientMessageId: turnKey, text } = input.message;
    const turnAnswer = answerOf(understanding);
    const canUndo = input.ahead.undoDepth > 0;
    try {
      const reply = await withTimeout(
        answer({ tripId, userId, turnKey, ...turnAnswer, text, request: input.understand.request, pace: input.ahead.pace, plan: input.ahead.previousPlan }),
        deps.planAheadBudgetMs ?? PLAN_AHEAD_BUDGET_MS,
        'answering the turn with its message',
      );
      const seq = await saveReply({ tripId, turnKey, reply, turn: { intent: turnAnswer.intent, changes: [], canUndo } });
      return { key: answerKey(turnAnswer, canUndo), reply, seq };
    } catch (error) {
      deps.logger.warn({ tripId, err: error }, 'answering the turn with its message failed; the workflow answers it on its own');
      return undefined;
    }
  }

  /**
   * v16: the turn in one call where the worker computes all of it (the offline planner and the sandbox's
   * searches): the message recorded and understood, then a turn that changes nothing answered
   * (answerAhead), or, for a change to the trip, what to search and keep
   * decided from the workflow's state (`ahead`, the same pure decision the workflow makes), searched,
   * composed and saved. The workflow decides again when the understanding arrives and uses the plan only
   * where it comes to the same decision (`planned.key`); where the plan could not be made here, it carries on
   * with its own one call and steps, as in v15.
   */
  async function recordUnderstandAndPlan(input: { message: RecordMessageInput; understand: UnderstandInput; ahead: TurnContext }): Promise<RecordedUnderstoodAndPlanned> {
    const { tripId } = input.message;
    // The understanding's last events may still be on their way: the plan's wait for them in the trip's log
    // (its first search starts meanwhile); every other way out waits for them here.
    const { recorded, stored } = await recordAndUnderstandStoring(input);
    const settled = () => understandingStored(tripId, recorded, stored);
    // Understood here only where the reasoning is local; a change is planned here only where the searches are too.
    if (!recorded.understanding) return settled();
    const asked = requestChangeOf(recorded.understanding);
    if (!asked) {
      const understood = await settled();
      const answered = understood.understanding && (await answerAhead(input, understood.understanding));
      return answered ? { ...understood, answered } : understood;
    }
    if (recorded.searching !== 'local') return settled();
    const change = decideTurnChange(input.ahead, recorded.understanding, asked, input.message.text, () => true);
    if (collides(input.ahead, change)) return settled();
    const oneCall = searchComposeAndSaveInput({ tripId, userId: input.message.userId, turnKey: input.message.clientMessageId }, change, input.ahead.previousPlan);
    try {
      // Its progress events follow the understanding's, so a plan saved means they were stored.
      const saved = await withTimeout(searchComposeAndSave(oneCall, stored), deps.planAheadBudgetMs ?? PLAN_AHEAD_BUDGET_MS, 'planning the turn with its message');
      return { ...recorded, planned: { key: decisionKey(oneCall), saved } };
    } catch (error) {
      deps.logger.warn({ tripId, err: error }, 'planning the turn with its message failed; the workflow carries on with its own steps');
      return settled();
    }
  }

  return {
    recordUserMessage,

    understandTurn: understand,

    recordAndUnderstand,

    recordUnderstandAndPlan,

    answerTurn: answer,

    async researchDestination(input: AgentTurnRef & { request: TripRequest }): Promise<DestinationBrief> {
      const agents = await agentsFor(input.userId);
      return withProgress(input.tripId, (progress) => research({ ...input, progress }, input.request, agents));
    },

    async searchFlights(input: AgentTurnRef & { request: TripRequest }): Promise<FlightOffer[]> {
      const agents = await agentsFor(input.userId);
      const currency = await currencyFor(input.userId, input.request, agents);
      return withProgress(input.tripId, (progress) => flightsFor({ ...input, progress }, input.request, agents, currency));
    },

    async searchStays(input: AgentTurnRef & { request: TripRequest }): Promise<StayOffer[]> {
      const agents = await agentsFor(input.userId);
      const currency = await currencyFor(input.userId, input.request, agents);
      return withProgress(input.tripId, (progress) => staysFor({ ...input, progress }, input.request, agents, currency));
    },

    async composePlan(input: AgentTurnRef & ComposePlanInput): Promise<ComposedPlan> {
      const agents = await agentsFor(input.userId);
      const currency = await currencyFor(input.userId, input.request, agents);
      return withProgress(input.tripId, (progress) => compose({ tripId: input.tripId, turnKey: input.turnKey, progress }, agents, { ...input, currency }));
    },

    searchAndCompose,

    searchComposeAndSave,

    async recordStepFailure(input: TurnRef & { step: StepFailure['step']; message: string }): Promise<number> {
      const event = await events.append(input.tripId, {
        key: `${input.turnKey}:${input.step}:failed`,
        type: 'progress',
        payload: { turn: input.turnKey, step: input.step, status: 'failed', message: input.message },
      });
      return event.seq;
    },

    /** A traveler's itinerary edit: the plan with its new itinerary, and a `plan.updated` event saying who edited it. */
    async saveItinerary(input: { tripId: string; key: string; plan: TripPlan; edit: ItineraryEdit; author?: ChangeAuthor }): Promise<number> {
      await planStatement(prisma, input.tripId, input.plan);
      const event = await events.append(input.tripId, {
        key: input.key,
        type: 'plan.updated',
        payload: { summary: planSummary(input.plan), itineraryEdit: { op: input.edit.op, day: input.edit.day, ...(input.author && { authorId: input.author.userId, authorName: input.author.name ?? null }) } },
      });
      return event.seq;
    },

    savePlan,

    savePlanAndRemember,

    saveReply,

    async saveTripRequest(input: { tripId: string; key: string; request: TripRequest; pace: Pace; status: TripStatus }): Promise<number> {
      await prisma.trip.update({
        where: { id: input.tripId },
        data: { ...tripColumns(input.request, input.status), preferences: { pace: input.pace, interests: input.request.interests, cabinClass: input.request.cabinClass }, ...(input.status === 'archived' && { archivedAt: new Date() }) },
      });
      const event = await events.append(input.tripId, { key: input.key, type: 'trip.updated', payload: { request: input.request, pace: input.pace, status: input.status } });
      return event.seq;
    },

    async recordTripEvent(input: { tripId: string; key: string; type: string; payload: Record<string, unknown> }): Promise<number> {
      const event = await events.append(input.tripId, { key: input.key, type: input.type, payload: input.payload });
      return event.seq;
    },

    async rememberTurn(input: { userId: string; tripId: string; text: string; request: TripRequest }): Promise<number> {
      return rememberTurn(await agentsFor(input.userId), input);
    },
  };
}

export type PlanningActivities = ReturnType<typeof createPlanningActivities>;

function tripColumns(request: TripRequest, status: TripStatus) {
  return {
    status,
    origin: request.origin?.iata ?? null,
    destinations: request.destination ? [request.destination.iata] : [],
    startDate: request.departDate ? new Date(`${request.departDate}T00:00:00Z`) : null,
    endDate: request.returnDate ? new Date(`${request.returnDate}T00:00:00Z`) : null,
    adults: request.adults,
    children: request.children,
    budgetAmount: request.budget?.amount ?? null,
    budgetCurrency: request.budget?.currency ?? null,
  };
}

function planSummary(plan: TripPlan): Record<string, unknown> {
  return {
    flightOptions: plan.flightOptions.length,
    stayOptions: plan.stayOptions.length,
    days: plan.itinerary.length,
    total: plan.budget?.total ?? null,
    withinBudget: plan.budget?.withinBudget ?? null,
    failures: plan.failures,
  };
}

/**
 * The trip's plan (with the trip columns `columns` sets), its itinerary rows and the `alongside` writes
 * (common table expressions), in one statement, so a retry rewrites the same rows: the new itinerary's rows are upserted by
 * (day, position) and the ones past it deleted, so the two never meet in the unique index; the rows go in as
 * one JSON parameter (Prisma's typed createMany walked every value). Nothing is written for a trip without a
 * row. Resolves to the number of trip rows updated.
 */
async function planStatement(prisma: PrismaClient, tripId: string, plan: TripPlan, columns?: Prisma.Sql, alongside?: Prisma.Sql): Promise<number> {
  const items = plan.itinerary.flatMap((day) =>
    day.entries.map((entry, position) => ({
      day: day.day,
      position,
      kind: entry.kind,
      title: entry.title,
      description: entry.description,
      cost: entry.cost?.amount ?? null,
      currency: entry.cost?.currency ?? null,
      details: { date: day.date, time: entry.time },
    })),
  );
  const [result] = await prisma.$queryRaw<{ updated: number }[]>`
    WITH items AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
        AS item(day int, position int, kind text, title text, description text, cost numeric, currency text, details jsonb)),
    trip AS (
      UPDATE trips SET ${columns ? Prisma.sql`${columns},` : Prisma.empty} plan = ${JSON.stringify(plan)}::jsonb, "updatedAt" = now()
      WHERE id = ${tripId}::uuid RETURNING id),
    stale AS (
      DELETE FROM itinerary_items AS old WHERE old."tripId" = ${tripId}::uuid
        AND NOT EXISTS (SELECT 1 FROM items WHERE items.day = old.day AND items.position = old.position)),
    upserted AS (
      INSERT INTO itinerary_items ("tripId", day, position, kind, title, description, cost, currency, details, "updatedAt")
      SELECT ${tripId}::uuid, items.day, items.position, items.kind::itinerary_item_kind, items.title, items.description, items.cost, items.currency, items.details, now()
      FROM items WHERE EXISTS (SELECT 1 FROM trip)
      ON CONFLICT ("tripId", day, position) DO UPDATE SET
        kind = EXCLUDED.kind, title = EXCLUDED.title, description = EXCLUDED.description, cost = EXCLUDED.cost,
        currency = EXCLUDED.currency, details = EXCLUDED.details, "updatedAt" = EXCLUDED."updatedAt")
    ${alongside ? Prisma.sql`, ${alongside}` : Prisma.empty}
    SELECT count(*)::int AS updated FROM trip`;
  return result?.updated ?? 0;
}
