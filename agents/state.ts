// The state every agent graph shares. Each step graph uses the channels it needs; the full turn graph
// uses all of them. Specialists running in parallel write disjoint channels, except `failures`, which
// concatenates.
import { Annotation } from '@langchain/langgraph';
import {
  emptyTripRequest,
  type DestinationBrief,
  type FlightOffer,
  type ItineraryDay,
  type MemoryRef,
  type Money,
  type Pace,
  type PinnedOffers,
  type QuestionTopic,
  type RequestChange,
  type TurnIntent,
  type StayOffer,
  type StepFailure,
  type TripPlan,
  type TripRequest,
} from '../domain/trip.js';
import type { BudgetResult } from './budget.js';

export interface FollowUpContext {
  intent: 'change' | 'undo';
  changes: RequestChange[];
  previousTotal: Money | null;
  /** The picks before the change: the reply names a flight or stay only when the pick changed. */
  previousFlightId?: string | null;
  previousStayId?: string | null;
}

export interface Needs {
  destination: boolean;
  flights: boolean;
  stays: boolean;
}

const replace = <T>(initial: () => T) => Annotation<T>({ reducer: (_previous, next) => next, default: initial });

export const TurnState = Annotation.Root({
  text: replace<string>(() => ''),
  referenceDate: replace<string>(() => new Date().toISOString().slice(0, 10)),
  userId: replace<string | null>(() => null),
  tripId: replace<string | null>(() => null),
  request: replace<TripRequest>(() => emptyTripRequest),
  /** The trip's currency as the caller decided it (domain/currency.ts); null: decide from the request. */
  currency: replace<string | null>(() => null),
  mentioned: replace<(keyof TripRequest)[]>(() => []),
  /** Short lines for the reply about what the traveler said that was not applied (e.g. impossible dates). */
  notes: replace<string[]>(() => []),
  pace: replace<Pace>(() => 'balanced'),
  /** What the message was (agents/changeSet.ts); a turn that is not a change re-plans nothing. */
  intent: replace<TurnIntent>(() => 'change'),
  questionTopic: replace<QuestionTopic | undefined>(() => undefined),
  clarifyingQuestion: replace<string | undefined>(() => undefined),
  /** The fields this turn changed, as the traveler reads them. */
  changes: replace<RequestChange[]>(() => []),
  /** The request and pace before the last change, for an undo; null when there is nothing to undo. */
  undoTarget: replace<{ request: TripRequest; pace: Pace } | null>(() => null),
  needs: replace<Needs>(() => ({ destination: false, flights: false, stays: false })),
  memories: replace<MemoryRef[]>(() => []),
  destination: replace<DestinationBrief | null>(() => null),
  flights: replace<FlightOffer[]>(() => []),
  stays: replace<StayOffer[]>(() => []),
  failures: Annotation<StepFailure[]>({ reducer: (previous, next) => [...previous, ...next], default: () => [] }),
  pinned: replace<PinnedOffers>(() => ({})),
  /** On a follow-up turn: what changed and the total before, so the reply leads with the difference. */
  followUp: replace<FollowUpContext | null>(() => null),
  budget: replace<BudgetResult | null>(() => null),
  itinerary: replace<ItineraryDay[]>(() => []),
  plan: replace<TripPlan | null>(() => null),
  reply: replace<string>(() => ''),
  memoriesWritten: replace<number>(() => 0),
});

export type TurnStateValue = typeof TurnState.State;
export type TurnStateUpdate = typeof TurnState.Update;

/** A step cannot run with this input (missing fields); retrying will not help. */
export class AgentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentInputError';
  }
}

export function computeNeeds(request: TripRequest): Needs {
  const destination = request.destination !== null;
  return {
    destination,
    flights: destination && request.origin !== null && request.departDate !== null,
    stays: destination && request.stay?.needed !== false && request.departDate !== null && request.returnDate !== null && request.returnDate > request.departDate,
  };
}
