// The dialog test set's vocabulary: a dialog is a short conversation about one trip; each turn says
// what the traveler writes, what the planner should read it as (intent), which request fields it sets
// or changes, and small checks on the plan and reply after it. Every field a turn does not name must be
// exactly as it was before the turn — the runner checks that on its own ("nothing unasked changed").
import type { CabinClass, Pace, StayWishes, TripPlan, TripRequest, TurnIntent, TurnSummary } from '../../domain/trip.js';

export const categories = [
  'dates',
  'places',
  'travelers',
  'budget',
  'cabin',
  'stops',
  'stay',
  'pace',
  'interests',
  'questions',
  'clarification',
  'undo',
  'confirmations',
  'combined',
] as const;
export type Category = (typeof categories)[number];

/** Request fields as a reader checks them: places by IATA code, the stay as the wishes that matter. */
/** A place by its IATA code, or by code and the city name the traveler used ("Playa del Carmen" at CUN). */
export type PlaceExpectation = string | { iata: string; city: string };

export interface RequestExpectation {
  origin?: PlaceExpectation | null;
  destination?: PlaceExpectation | null;
  /** Further cities in order; [] for none. */
  alsoVisiting?: string[];
  departDate?: string | null;
  returnDate?: string | null;
  adults?: number;
  children?: number;
  budget?: { amount: number; currency: string } | null;
  cabinClass?: CabinClass;
  maxStops?: number | null;
  /** Compared against the wishes with their defaults filled in. */
  stay?: Partial<StayWishes>;
  pace?: Pace;
  /** Interests that must be there afterwards (case-insensitive, as a part of one interest). */
  interestsInclude?: string[];
  /** Interests that must be gone afterwards (same matching). */
  interestsExclude?: string[];
}

/** What one turn did, as the checks see it. */
export interface TurnOutcome {
  request: TripRequest;
  pace: Pace;
  plan: TripPlan | null;
  reply: string;
  lastTurn: TurnSummary | undefined;
  /** The trip before the turn. */
  before: { request: TripRequest; pace: Pace; plan: TripPlan | null };
  /** Searches this turn ran (from the trip's progress events). */
  searches: { destination: number; flights: number; stays: number };
}

/** A named property of the plan or reply after a turn: null when it holds, else why not. */
export interface PlanCheck {
  name: string;
  check(outcome: TurnOutcome): string | null;
}

export interface Turn {
  say: string;
  intent: TurnIntent;
  /** The fields this turn sets or changes (all others must stay as they were). */
  expect?: RequestExpectation;
  /** Undo: the request and pace must be those after this earlier turn (0-based). */
  restores?: number;
  checks?: PlanCheck[];
}

export interface Dialog {
  id: string;
  category: Category;
  turns: Turn[];
  /** Work elsewhere this dialog waits for (it stays in the set and is scored like any other). */
  dependsOn?: string;
  /** Why the expectations are what they are, where a traveler's words allow more than one reading. */
  note?: string;
}
