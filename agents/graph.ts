// The agent graphs and the step functions Temporal activities call. Every graph is compiled once per
// process (module scope); the AgentContext travels in each invocation's config.
//
//   understandTurn       the understand agent (its tool agent), then recall
//   researchDestination  the destination agent (agents/toolAgent.ts: model → tools → model …)
//   findFlights          the flights agent, its search's result the answer
//   findStays            the stays agent, likewise
//   composePlan          START → budget_specialist → itinerary_specialist → reply_writer → END
//   rememberTurn         the memory writer (agents/remember.ts; rules, no model)
//
// A search step runs its tool agent directly: wrapped in a one-node graph of the turn's state it paid
// ~1.7 ms of CPU per step for the wrapper alone (docs/benchmarks.md). Understanding likewise: its tool agent,
// then the recall, one after the other, without a two-node graph around them.
// The graphs propagate errors: Temporal retries the activity and records the failure (workflows/tripPlanning.ts
// runs the steps, in parallel where the request allows).
import type { RunnableConfig } from '@langchain/core/runnables';
import { END, START, StateGraph } from '@langchain/langgraph';
import type { DestinationBrief, FlightOffer, MemoryRef, Pace, PinnedOffers, StayOffer, StepFailure, TripPlan, TripRequest } from '../domain/trip.js';
import { draftAnswer, type AnswerInput } from './answer.js';
import { budgetNode, itineraryNode, phraseReply, replyNode } from './compose.js';
import { withAgentContext, type AgentContext } from './context.js';
import { rememberStatements } from './remember.js';
import { findFlightsInCurrency, findStaysInCurrency, researchDestinationStep } from './research.js';
import { TurnState, type FollowUpContext } from './state.js';
import { recallMemories, understandMessage, type UnderstandState } from './understand.js';
import type { TurnUnderstanding } from '../domain/turnChange.js';

export interface StepRunOptions {
  /** Cancels in-flight model and provider calls (e.g. the activity's cancellation signal). */
  signal?: AbortSignal;
}

const composeGraph = new StateGraph(TurnState)
  .addNode('budget_specialist', budgetNode)
  .addNode('itinerary_specialist', itineraryNode)
  .addNode('reply_writer', replyNode)
  .addEdge(START, 'budget_specialist')
  .addEdge('budget_specialist', 'itinerary_specialist')
  .addEdge('itinerary_specialist', 'reply_writer')
  .addEdge('reply_writer', END)
  .compile({ name: 'compose_plan' });


function runConfig(ctx: AgentContext, options: StepRunOptions | undefined): RunnableConfig {
  return withAgentContext(ctx, options?.signal ? { signal: options.signal } : {});
}

// ---- Step functions (one per Temporal activity) ----

export interface UnderstandTurnInput {
  text: string;
  request: TripRequest;
  referenceDate: string;
  userId: string;
  /** The trip this turn belongs to: recall includes its own trip-scoped memories. */
  tripId?: string | null;
  /** The trip's pace (a message may change it); balanced when omitted. */
  pace?: Pace;
  /** The request and pace before the last change, for an undo. */
  undoTarget?: { request: TripRequest; pace: Pace } | null;
  /** The trip's currency, for a budget stated without one; decided from the request when omitted. */
  currency?: string | null;
}

/** The understanding of a message (domain/turnChange.ts, where the workflow's decision reads it). */
export type UnderstandTurnResult = TurnUnderstanding;

export async function understandTurn(ctx: AgentContext, input: UnderstandTurnInput, options?: StepRunOptions): Promise<UnderstandTurnResult> {
  const config = runConfig(ctx, options);
  const asked: UnderstandState = {
    text: input.text,
    request: input.request,
    referenceDate: input.referenceDate,
    userId: input.userId,
    tripId: input.tripId ?? null,
    pace: input.pace ?? 'balanced',
    undoTarget: input.undoTarget ?? null,
    currency: input.currency ?? null,
  };
  const understood = await understandMessage(asked, config);
  const { memories } = await recallMemories({ ...asked, request: understood.request }, config);
  return {
    request: understood.request,
    mentioned: understood.mentioned,
    memories,
    needs: understood.needs,
    notes: understood.notes,
    intent: understood.intent,
    pace: understood.pace,
    changes: understood.changes,
    ...(understood.questionTopic && { questionTopic: understood.questionTopic }),
    ...(understood.clarifyingQuestion && { clarifyingQuestion: understood.clarifyingQuestion }),
  };
}

/** The reply to a turn that changes nothing (a question, an acknowledgement, a clarification, an empty undo). */
export async function answerTurn(ctx: AgentContext, input: AnswerInput, options?: StepRunOptions): Promise<string> {
  const draft = draftAnswer(input, ctx.places);
  return phraseReply(ctx, runConfig(ctx, options), { draft, travelerMessage: input.text });
}

export async function researchDestination(ctx: AgentContext, input: { request: TripRequest }, options?: StepRunOptions): Promise<DestinationBrief> {
  return researchDestinationStep(ctx, input.request, runConfig(ctx, options));
}

/** `currency`: the trip's (domain/currency.ts tripCurrency); offers are converted into it. */
export async function findFlights(ctx: AgentContext, input: { request: TripRequest; currency?: string | null }, options?: StepRunOptions): Promise<FlightOffer[]> {
  return findFlightsInCurrency(ctx, input.request, input.currency ?? null, runConfig(ctx, options));
}

export async function findStays(
  ctx: AgentContext,
  input: { request: TripRequest; destination: DestinationBrief | null; currency?: string | null },
  options?: StepRunOptions,
): Promise<StayOffer[]> {
  return findStaysInCurrency(ctx, input.request, input.destination, input.currency ?? null, runConfig(ctx, options));
}

export interface ComposePlanInput {
  request: TripRequest;
  pace: Pace;
  destination: DestinationBrief | null;
  /** null: not searched this turn. */
  flights: FlightOffer[] | null;
  stays: StayOffer[] | null;
  failures: StepFailure[];
  memories: MemoryRef[];
  text: string;
  /** The understand step's notes (UnderstandTurnResult.notes); absent in turns recorded before them. */
  notes?: string[];
  /** The trip's currency (domain/currency.ts); decided from the request alone when omitted. */
  currency?: string | null;
  /** Offers the plan must select (a confirmed booking, the traveler's pick). */
  pinned?: PinnedOffers;
  /** A follow-up turn's changes: the reply leads with them and stays short. */
  followUp?: FollowUpContext | null;
}

/** A pinned offer leads the options (added when a new search no longer lists it). */
function withPinned<T extends { id: string }>(offers: readonly T[], pinned: T | null | undefined): T[] {
  if (!pinned) return [...offers];
  return [pinned, ...offers.filter((offer) => offer.id !== pinned.id)];
}

export async function composePlan(ctx: AgentContext, input: ComposePlanInput, options?: StepRunOptions): Promise<{ plan: TripPlan; reply: string }> {
  const state = await composeGraph.invoke(
    {
      request: input.request,
      currency: input.currency ?? null,
      pace: input.pace,
      destination: input.destination,
      flights: withPinned(input.flights ?? [], input.pinned?.flight),
      stays: withPinned(input.stays ?? [], input.pinned?.stay),
      failures: input.failures,
      memories: input.memories,
      text: input.text,
      pinned: input.pinned ?? {},
      notes: input.notes ?? [],
      followUp: input.followUp ?? null,
    },
    runConfig(ctx, options),
  );
  if (!state.plan) throw new Error('compose produced no plan');
  return { plan: state.plan, reply: state.reply };
}

/** `after`: the turn's plan, while it is being saved (agents/remember.ts rememberStatements). */
export async function rememberTurn(
  ctx: AgentContext,
  input: { userId: string; tripId: string; text: string; request: TripRequest },
  after?: Promise<unknown>,
): Promise<number> {
  return rememberStatements(ctx, { ...input, referenceDate: new Date().toISOString().slice(0, 10) }, after);
}
