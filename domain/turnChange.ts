// What a planning turn that changes the trip searches, keeps and saves, decided from the trip's state and
// the message's understanding. Pure (no I/O, no clock), so the workflow and the worker's one call of v16
// (`recordUnderstandAndPlan`) decide alike from the same inputs, for a change and for an answer. The compose context's shape is
// agents/graph.ts ComposePlanInput's (the activity hands it there, so the compiler holds the two together).
import { fieldsOfRequestChanges, findConflict } from './editConflicts.js';
import type {
  AppliedChange,
  ChangedField,
  DestinationBrief,
  FlightOffer,
  MemoryRef,
  Money,
  Pace,
  PinnedOffers,
  QuestionTopic,
  RequestChange,
  StayOffer,
  TripPlan,
  TripRequest,
  TripStatus,
  TurnIntent,
  TurnSummary,
} from './trip.js';

/** What `searchAndCompose` takes: what to search, what the turn keeps from the plan, and the compose step's context. */
export interface SearchAndComposeInput {
  tripId: string;
  userId: string;
  turnKey: string;
  request: TripRequest;
  want: { destination: boolean; flights: boolean; stays: boolean };
  /** What the plan keeps where this turn does not search again (null: the turn does without it). */
  kept: { destination: DestinationBrief | null; flights: FlightOffer[] | null; stays: StayOffer[] | null };
  /** The plan's flight, kept: stays searched without flights start from its landing. */
  keptFlight: FlightOffer | null;
  compose: TurnCompose;
}

/** The compose step's context from the turn (agents/graph.ts ComposePlanInput's fields of the same names). */
export interface TurnCompose {
  pace: Pace;
  memories: MemoryRef[];
  text: string;
  notes: string[];
  pinned?: PinnedOffers;
  /** A change to a trip that had a plan: what changed, and the total and picks before it. */
  followUp: { intent: 'change' | 'undo'; changes: RequestChange[]; previousTotal: Money | null; previousFlightId: string | null; previousStayId: string | null } | null;
}

/** What `searchComposeAndSave` takes beyond searchAndCompose's: how the workflow settles the turn it saves. */
export interface SearchComposeAndSaveInput extends SearchAndComposeInput {
  save: {
    /** The trip's status with this plan (the workflow's settled status). */
    status: TripStatus;
    /** The turn's summary but its price change, which the composed plan decides. */
    turn: Omit<TurnSummary, 'priceDelta'>;
    /** The plan's total before the turn, for the price change. */
    previousTotal: Money | null;
    remember: { text: string };
  };
}

/** The traveler's picks and the request they were made under (a changed request drops them). */
export interface PickedOffers {
  offers: PinnedOffers;
  requestKey: string;
}

/** What the workflow's state says about a turn before it is understood. */
export interface TurnContext {
  previousPlan: TripPlan | null;
  /** Whether the request named a destination before the turn: a trip set up from nothing keeps no undo step. */
  hadDestination: boolean;
  /** How many changes an undo can go back through before the turn. */
  undoDepth: number;
  pace: Pace;
  /** The trip's status once the turn's work is done, for a turn that proposes a destination or gathers. */
  settled: Record<'proposing' | 'gathering', TripStatus>;
  picked: PickedOffers | null;
  /** The offers of the trip's confirmed bookings. */
  booked: { flight: FlightOffer | null; stay: StayOffer | null };
  /** The message's change basis (v11) and the changes since: a change that collides is not planned ahead. */
  basis?: { baseVersion: number; version: number; recentChanges: AppliedChange[] };
}

/** What the understand step makes of a message (agents/graph.ts understandTurn), and what the decision reads. */
export interface TurnUnderstanding {
  request: TripRequest;
  /** The request fields this turn changed. */
  mentioned: (keyof TripRequest)[];
  memories: MemoryRef[];
  needs: { destination: boolean; flights: boolean; stays: boolean };
  /** For the reply: what the message said that was not applied (e.g. impossible dates), in plain words. */
  notes: string[];
  // Absent in results recorded before change sets (workflow histories of older runs).
  intent?: TurnIntent;
  pace?: Pace;
  changes?: RequestChange[];
  questionTopic?: QuestionTopic;
  clarifyingQuestion?: string;
}

/** A turn that changes the request: what it searches, what the plan keeps, and how the turn settles. */
export interface TurnChange {
  intent: 'change' | 'undo';
  changes: RequestChange[];
  changedFields: ChangedField[];
  request: TripRequest;
  pace: Pace;
  want: SearchComposeAndSaveInput['want'];
  kept: SearchComposeAndSaveInput['kept'];
  keptFlight: FlightOffer | null;
  compose: SearchComposeAndSaveInput['compose'];
  /** The planning stage the turn settles in, where no booking outranks it. */
  stage: 'proposing' | 'gathering';
  /** The status the turn settles on, as the state stood when it was decided. */
  status: TripStatus;
  canUndo: boolean;
}

/**
 * What the plan must select: a confirmed booking's offers while they are for the requested dates, else the
 * traveler's own picks while the request is the one they picked under.
 */
export function pinsOf(request: TripRequest, picked: PickedOffers | null, booked: TurnContext['booked']): PinnedOffers {
  const pins: PinnedOffers = {};
  if (picked && picked.requestKey === JSON.stringify(request)) Object.assign(pins, picked.offers);
  if (booked.flight && booked.flight.outbound[0]?.departAt.slice(0, 10) === request.departDate) pins.flight = booked.flight;
  if (booked.stay && booked.stay.checkIn === request.departDate && booked.stay.checkOut === request.returnDate) pins.stay = booked.stay;
  return pins;
}

/** What a message asks to change: its intent and changes, or null where it changes nothing about the trip. */
export interface RequestChangeAsked {
  intent: 'change' | 'undo';
  changes: RequestChange[];
  changedFields: ChangedField[];
}

/** The change a message asks for, or null for a question, an acknowledgement, a clarification, an empty undo. */
export function requestChangeOf(understanding: Pick<TurnUnderstanding, 'intent' | 'changes'>): RequestChangeAsked | null {
  const intent = understanding.intent ?? 'change';
  const changes = understanding.changes ?? [];
  if ((intent !== 'change' && intent !== 'undo') || changes.length === 0) return null;
  return { intent, changes, changedFields: fieldsOfRequestChanges(changes.map((change) => change.field)) };
}

/**
 * What a change searches, keeps, pins and settles on, from the state before the turn (`context`).
 * `briefFollowsDates` answers whether new dates fetch the destination brief again (v7); asked only where
 * it decides something, as the workflow's patch check must be.
 */
export function decideTurnChange(context: TurnContext, understanding: TurnUnderstanding, asked: RequestChangeAsked, text: string, briefFollowsDates: () => boolean): TurnChange {
  const { intent, changes } = asked;
  const { previousPlan } = context;
  const request = understanding.request;
  const pace = understanding.pace ?? context.pace;
  const needs = understanding.needs;
  // What to search again: only what the change touched (all of it for a trip without a plan yet).
  const touched = new Set<string>(understanding.mentioned);
  const touches = (...fields: string[]) => previousPlan === null || fields.some((field) => touched.has(field));
  const want = {
    destination: needs.destination && (touches('destination') || !previousPlan?.destination || (touches('departDate', 'returnDate') && briefFollowsDates())),
    flights: needs.flights && (touches('origin', 'destination', 'departDate', 'returnDate', 'adults', 'children', 'cabinClass', 'maxStops') || previousPlan?.flightOptions.length === 0),
    stays: needs.stays && (touches('destination', 'departDate', 'returnDate', 'adults', 'children', 'stay') || previousPlan?.stayOptions.length === 0),
  };
  // What the plan keeps where this turn does not search again.
  const kept = {
    destination: needs.destination ? (previousPlan?.destination ?? null) : null,
    flights: needs.flights ? (previousPlan?.flightOptions ?? null) : null,
    stays: needs.stays ? (previousPlan?.stayOptions ?? null) : null,
  };
  const keptFlight = previousPlan?.flightOptions.find((offer) => offer.id === previousPlan.selectedFlightId) ?? null;
  const followUp = previousPlan
    ? { intent, changes, previousTotal: previousPlan.budget?.total ?? null, previousFlightId: previousPlan.selectedFlightId, previousStayId: previousPlan.selectedStayId }
    : null;
  const pinned = pinsOf(request, context.picked, context.booked);
  const stage = needs.destination ? 'proposing' : 'gathering';
  // Undo goes back through changes to a trip (one fewer after an undo); setting the trip up from nothing is not one.
  const canUndo = intent === 'undo' ? context.undoDepth > 1 : Boolean(previousPlan) || context.hadDestination || context.undoDepth > 0;
  return {
    ...asked,
    request,
    pace,
    want,
    kept,
    keptFlight,
    compose: { memories: understanding.memories, text, notes: understanding.notes, followUp, pace, ...(Object.keys(pinned).length > 0 && { pinned }) },
    stage,
    status: context.settled[stage],
    canUndo,
  };
}

/** Whether the change collides with a change made since the message's basis (v11): then it is not planned ahead. */
export function collides(context: TurnContext, change: TurnChange): boolean {
  const { basis } = context;
  return basis !== undefined && findConflict(basis.recentChanges, basis.version, basis.baseVersion, change.changedFields) !== null;
}

/** The one call's input (v15) for a change: what to search and keep, the compose step's context, how to save. */
export function searchComposeAndSaveInput(ref: { tripId: string; userId: string; turnKey: string }, change: TurnChange, previousPlan: TripPlan | null): SearchComposeAndSaveInput {
  return {
    ...ref,
    request: change.request,
    want: change.want,
    kept: change.kept,
    keptFlight: change.keptFlight,
    compose: change.compose,
    save: {
      status: change.status,
      turn: { intent: change.intent, changes: change.changes, canUndo: change.canUndo },
      previousTotal: previousPlan?.budget?.total ?? null,
      remember: { text: change.compose.text },
    },
  };
}

/**
 * What a one call's input was decided from, in a few hundred bytes: the worker's plan made ahead (v16) is
 * used only where the workflow, deciding again when the understanding arrives, comes to the same key.
 */
export function decisionKey(input: SearchComposeAndSaveInput): string {
  const { want, keptFlight, compose, save } = input;
  return JSON.stringify({
    want,
    keptFlight: keptFlight?.id ?? null,
    kept: [input.kept.destination !== null, input.kept.flights?.map((offer) => offer.id) ?? null, input.kept.stays?.map((offer) => offer.id) ?? null],
    pace: compose.pace,
    pinned: [compose.pinned?.flight?.id ?? null, compose.pinned?.stay?.id ?? null],
    followUp: compose.followUp ?? null,
    save,
  });
}

/** How a turn that changes nothing is answered: a question, an acknowledgement, or a clarification. */
export interface TurnAnswer {
  intent: Exclude<TurnIntent, 'change'>;
  questionTopic?: QuestionTopic;
  clarifyingQuestion?: string;
}

/** The answer to a message that asks for no change (requestChangeOf answered null). */
export function answerOf(understanding: Pick<TurnUnderstanding, 'intent' | 'notes' | 'questionTopic' | 'clarifyingQuestion'>): TurnAnswer {
  const intent = understanding.intent ?? 'change';
  const clarifyingQuestion = understanding.notes[0] ?? understanding.clarifyingQuestion ?? (intent === 'change' ? 'That is already how the trip is set — what else should I change?' : undefined);
  return {
    intent: intent === 'change' ? 'clarify' : intent,
    ...(understanding.questionTopic && { questionTopic: understanding.questionTopic }),
    ...(clarifyingQuestion !== undefined && { clarifyingQuestion }),
  };
}

/** What an answer made with the message (v16) was decided from: the answer, and whether the trip keeps an undo step. */
export function answerKey(answer: TurnAnswer, canUndo: boolean): string {
  return JSON.stringify([answer, canUndo]);
}
