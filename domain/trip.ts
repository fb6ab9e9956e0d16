// Trip planning domain: the structured request, provider offers, the plan and the workflow's state.
// Plain types, constants and pure helpers, so workflow code can import this module freely; the zod schemas
// that validate these shapes at the edges live in domain/schemas.ts (zod schemas built at module top
// level inside workflow code would inflate every cached workflow).
import { roundToCents } from '../contracts/primitives.js';

export const cabinClasses = ['economy', 'premium_economy', 'business', 'first'] as const;
export const paces = ['relaxed', 'balanced', 'packed'] as const;
export const tripStatuses = ['gathering', 'searching', 'proposing', 'awaiting_approval', 'booked', 'archived'] as const;
export const suggestionKinds = ['flight', 'stay', 'activity', 'budget', 'note'] as const;

export type CabinClass = (typeof cabinClasses)[number];
export type Pace = (typeof paces)[number];
export type TripStatus = (typeof tripStatuses)[number];

export const MAX_MESSAGE_LENGTH = 4_000;
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 100;

/** Amounts are stored as Decimal(12,2) (contracts/primitives.ts moneyAmountProblem). */
export interface Money {
  amount: number;
  currency: string; // ISO 4217
}

export interface PlaceRef {
  city: string;
  iata: string; // airport or metropolitan-area code
}

/** What the traveler asked for, as understood so far. The `plan:parse` CLI prints exactly this shape. */
export interface TripRequest {
  origin: PlaceRef | null;
  destination: PlaceRef | null;
  departDate: string | null; // YYYY-MM-DD
  returnDate: string | null;
  adults: number;
  children: number;
  budget: Money | null;
  cabinClass: CabinClass;
  interests: string[];
  /** Further cities of a multi-city trip, in the order named after `destination` ("Kyoto and Osaka"). */
  alsoVisiting?: PlaceRef[];
  /** Most stops per direction the traveler accepts (0: nonstop only); absent or null: any. */
  maxStops?: number | null;
  /** Accommodation wishes; absent: a stay is needed and any suits. */
  stay?: StayWishes;
}

/** What the traveler wants (or does not want) from accommodation. */
export interface StayWishes {
  /** false: they have somewhere to stay ("we have an apartment"); no stay is searched or budgeted. */
  needed: boolean;
  /** Most per night, in any currency (compared after conversion into the trip's). */
  maxPerNight: Money | null;
  minStars: number | null;
  /** A place they want to be near, in their words ("the old town"). */
  near: string | null;
  /** "somewhere cheaper": the plan picks the cheapest suitable stay. */
  cheapest: boolean;
}

export const defaultStayWishes: StayWishes = { needed: true, maxPerNight: null, minStars: null, near: null, cheapest: false };

export const emptyTripRequest: TripRequest = {
  origin: null,
  destination: null,
  departDate: null,
  returnDate: null,
  adults: 1,
  children: 0,
  budget: null,
  cabinClass: 'economy',
  interests: [],
};

/** `setConstraints` update: every field optional. */
export interface Constraints {
  departDate?: string | null;
  returnDate?: string | null;
  budget?: Money | null;
  adults?: number;
  children?: number;
  cabinClass?: CabinClass;
  interests?: string[];
  pace?: Pace;
  maxStops?: number | null;
  stay?: StayWishes;
}

/** The `setConstraints` update's input: the constraints and where the change comes from. */
export type ConstraintsChange = Constraints & ChangeBasis;

/** What a traveler's message was: a change to the trip, a question about it, an acknowledgement, an undo, or too vague to act on. */
export const turnIntents = ['change', 'question', 'confirm', 'undo', 'clarify'] as const;
export type TurnIntent = (typeof turnIntents)[number];

/** What a question is about, so it is answered from the plan and the destination data. */
export const questionTopics = ['weather', 'flight_duration', 'flight_times', 'stay_price', 'breakfast', 'total_price', 'budget', 'general'] as const;
export type QuestionTopic = (typeof questionTopics)[number];

/** The fields of a request (plus the trip's pace) a change can touch, in the order changes are shown. */
export type ChangeableField = keyof TripRequest | 'pace';

/** One field a turn changed, with both values as the traveler reads them ("Dates: Jun 12–19 → Jun 14–21"). */
export interface RequestChange {
  field: ChangeableField;
  label: string;
  before: string;
  after: string;
}

/** What the last turn did, for the reply, the state and the trip's event. */
export interface TurnSummary {
  intent: TurnIntent;
  changes: RequestChange[];
  /** Whether an `undo` message (or the button) can restore the request before the last change. */
  canUndo: boolean;
  /** Total price difference the changes made (the trip's currency), when both plans had a total. */
  priceDelta?: Money | null;
}

/** What a turn's changes did to the plan's total: null unless both totals exist in the same currency. */
export function priceDeltaBetween(total: Money | null | undefined, previousTotal: Money | null | undefined): Money | null {
  if (!total || !previousTotal || total.currency !== previousTotal.currency) return null;
  return { amount: roundToCents(total.amount - previousTotal.amount), currency: total.currency };
}

/** The last turn or change that failed and was rolled back; the next one that succeeds clears it. */
export interface TurnFailure {
  /** What failed: a message's turn, a constraint change, an option pick, or the re-plan after a booking changed. */
  kind: 'message' | 'constraints' | 'selection' | 'booking' | 'itinerary';
  /** The message's clientMessageId when a message's turn failed, else null. */
  clientMessageId: string | null;
  /** `refused`: the database refused a value (not retried, the same value would fail again); `failed`: a step could not finish. */
  reason: 'refused' | 'failed';
  failedAt: string;
}

export interface SendMessageInput extends ChangeBasis {
  text: string;
  clientMessageId: string;
}

/** Who made a change to a trip: the trip's owner, a collaborator, or an API key's agent (acting for its user). */
export interface ChangeAuthor {
  userId: string;
  /** Display name when the API knows it, so collaborators read who it was. */
  name?: string;
  kind?: 'user' | 'agent';
}

/**
 * What every change to a trip (message, constraints, selection) may say about its origin: the trip
 * `version` it was made against and who made it. Without `baseVersion` the change applies to whatever
 * the trip is by then (the behaviour before edit conflicts, kept for agents).
 */
export interface ChangeBasis {
  baseVersion?: number;
  author?: ChangeAuthor;
}

/** The fields a change can touch, as conflicts compare them: request fields grouped (dates, party) plus the selected offers. */
export type ChangedField =
  | 'dates'
  | 'party'
  | 'selectedFlight'
  | 'selectedStay'
  /** The day-by-day itinerary: edited by hand, and rebuilt by every change that recomposes the plan. */
  | 'itinerary'
  | Exclude<ChangeableField, 'departDate' | 'returnDate' | 'adults' | 'children'>;

/** One change applied to the trip (state `recentChanges`, newest last, bounded): what a later conflict names. */
export interface AppliedChange {
  /** The trip's version this change made. */
  version: number;
  kind: 'message' | 'constraints' | 'selection' | 'itinerary';
  fields: ChangedField[];
  /** Null for changes whose sender did not say (agents, older clients). */
  author: ChangeAuthor | null;
  at: string;
}

/** ApplicationFailure details of an `EditConflict`: the change made since the base version that touched the same fields. */
export interface EditConflictDetails {
  baseVersion: number;
  currentVersion: number;
  /** The fields both changes touch. */
  fields: ChangedField[];
  /** The other change; null when it is older than the bounded log remembers. */
  change: AppliedChange | null;
}

export interface AgentSuggestionInput {
  source: string;
  kind: (typeof suggestionKinds)[number];
  payload: Record<string, unknown>;
}

// ---- Provider results ----

/** One rule of a fare (refund or change before departure), as the provider states it (Duffel offer `conditions`). */
export interface FareRule {
  allowed: boolean;
  /** What it costs for all passengers; null when free or when the provider states no amount. */
  penalty: Money | null;
}

/** What the fare allows; a rule is null when the provider does not say. */
export interface FareConditions {
  refundBeforeDeparture: FareRule | null;
  changeBeforeDeparture: FareRule | null;
}

/** Bags included per passenger, each way (Duffel segment passenger `baggages`). */
export interface BaggageAllowance {
  checked: number;
  carryOn: number;
}

/** A stay's cancellation terms (Duffel stays rate `cancellation_timeline`). */
export interface StayCancellationPolicy {
  /** Until when (ISO instant) cancelling refunds everything; null when never. */
  freeCancellationUntil: string | null;
  refundable: boolean;
  /** The terms in one traveler-facing sentence. */
  summary: string;
}

export interface FlightSegment {
  carrier: { code: string; name: string };
  flightNumber: string;
  origin: string;
  destination: string;
  departAt: string; // ISO local date-time at origin, e.g. 2026-12-10T08:35
  arriveAt: string; // ISO local date-time at destination
  durationMinutes: number;
}

/** What a flight provider is asked (also what a price watch watches). */
export interface FlightSearch {
  origin: string; // IATA airport or city code
  destination: string;
  departDate: string; // YYYY-MM-DD
  returnDate: string | null;
  adults: number;
  children: number;
  cabinClass: CabinClass;
}

/** What a stay provider is asked (also what a price watch on a stay watches). */
export interface StaySearch {
  cityCode: string;
  latitude: number;
  longitude: number;
  checkIn: string;
  checkOut: string;
  adults: number;
  children: number;
  rooms: number;
  /**
   * Currency to quote in, as a point of sale (the traveler's origin country's). The sandbox honours it;
   * real providers may answer in the hotel's own currency (offers are converted where they enter a plan).
   */
  currency?: string;
}

export interface FlightOffer {
  id: string;
  provider: string;
  outbound: FlightSegment[];
  inbound: FlightSegment[]; // empty for one-way
  cabinClass: CabinClass;
  stops: number;
  totalDurationMinutes: number;
  price: Money; // for all passengers, in the trip's currency once in a plan
  /** The provider's own quote when `price` was converted into the trip's currency (what the provider is paid). */
  originalPrice?: Money;
  /** ECB reference date of the rate used for the conversion. */
  fxRateDate?: string;
  expiresAt: string; // ISO instant
  /** Refund and change rules, when the provider states them. */
  conditions?: FareConditions;
  /** Bags included, when the provider states them. */
  baggage?: BaggageAllowance;
  /** The offer's passengers as its provider numbered them (Duffel's passenger ids, which an order names); absent in the sandbox. */
  passengers?: { id: string; type: 'adult' | 'child' }[];
}

export interface StayOffer {
  id: string;
  provider: string;
  name: string;
  cityCode: string;
  latitude: number;
  longitude: number;
  rating: number; // stars 1-5
  reviewScore: number | null; // 0-10
  checkIn: string;
  checkOut: string;
  nights: number;
  pricePerNight: Money;
  totalPrice: Money; // in the trip's currency once in a plan
  /** The provider's own total when `totalPrice` was converted into the trip's currency. */
  originalPrice?: Money;
  /** ECB reference date of the rate used for the conversion. */
  fxRateDate?: string;
  amenities: string[];
  expiresAt: string;
  /** The area the stay is in (e.g. "Baixa"), when known. */
  neighbourhood?: string;
  /** Straight-line distance from the city centre, in km. */
  distanceToCentreKm?: number;
  cancellationPolicy?: StayCancellationPolicy;
}

/** `forecast`: a weather model's forecast (within ~16 days); `typical`: climate normals for the place and day. */
export const weatherKinds = ['forecast', 'typical'] as const;
export type WeatherKind = (typeof weatherKinds)[number];

export interface DailyWeather {
  date: string;
  kind: WeatherKind;
  temperatureMaxC: number;
  temperatureMinC: number;
  precipitationMm: number;
  weatherCode: number;
  summary: string;
}

/** How temperatures are shown to the traveler: °F for travelers from the US, °C otherwise. */
export const temperatureUnits = ['C', 'F'] as const;
export type TemperatureUnit = (typeof temperatureUnits)[number];

export interface DestinationBrief {
  city: string;
  iata: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  timeZone: string;
  /** Weather for every day of the trip: the forecast within the forecast horizon, typical weather beyond it. */
  weather: DailyWeather[];
  highlights: string[];
  source: string;
}

// ---- The plan ----

export interface ItineraryEntry {
  time: string | null; // HH:MM local
  kind: 'flight' | 'stay' | 'activity' | 'transfer' | 'meal' | 'note';
  title: string;
  description: string | null;
  cost: Money | null;
}

export interface ItineraryDay {
  day: number; // 1-based
  date: string;
  title: string;
  weather: DailyWeather | null;
  entries: ItineraryEntry[];
}

export interface BudgetLine {
  category: 'flights' | 'stay' | 'activities' | 'food' | 'local_transport';
  amount: Money;
}

export interface BudgetBreakdown {
  lines: BudgetLine[];
  total: Money;
  budget: Money | null;
  withinBudget: boolean | null;
  tradeoffs: string[];
}

export interface StepFailure {
  step: 'understand' | 'destination' | 'flights' | 'stays' | 'compose';
  message: string;
}

export interface MemoryRef {
  id: string;
  kind: string;
  content: string;
  similarity: number;
}

export interface TripPlan {
  flightOptions: FlightOffer[];
  stayOptions: StayOffer[];
  selectedFlightId: string | null;
  selectedStayId: string | null;
  destination: DestinationBrief | null;
  itinerary: ItineraryDay[];
  budget: BudgetBreakdown | null;
  failures: StepFailure[];
  /** Memories that changed this plan (e.g. remembered interests filling a request without any). */
  memoriesUsed: MemoryRef[];
  /** The traveler's temperature unit (absent on plans written before units existed: °C). */
  temperatureUnit?: TemperatureUnit;
}

export interface AgentSuggestion extends AgentSuggestionInput {
  id: string;
  receivedAt: string;
  status: 'pending' | 'accepted' | 'dismissed';
}

export interface Proposal {
  id: string;
  kind: 'booking';
  flightOfferId: string | null;
  stayOfferId: string | null;
  total: Money;
  expiresAt: string;
  createdAt: string;
}

/** What the trip workflow knows of one of its bookings (signalled by the booking saga on each decisive status). */
export interface TripBookingRef {
  bookingId: string;
  /** A BookingStatus (domain/booking.ts): pending_approval, confirmed, or how it ended. */
  status: string;
  flight: FlightOffer | null;
  stay: StayOffer | null;
  updatedAt: string;
}

/** The flight and stay of the trip's confirmed bookings (the latest of each), or null: what the trip is built around. */
export function bookedOffers(bookings: readonly TripBookingRef[]): { flight: FlightOffer | null; stay: StayOffer | null } {
  const confirmed = bookings.filter((booking) => booking.status === 'confirmed');
  return {
    flight: confirmed.map((booking) => booking.flight).filter((flight) => flight !== null).at(-1) ?? null,
    stay: confirmed.map((booking) => booking.stay).filter((stay) => stay !== null).at(-1) ?? null,
  };
}

/** The booking saga's message to its trip (`bookingChanged` signal). */
export type BookingChange = Omit<TripBookingRef, 'updatedAt'>;

/**
 * Offers the plan must select instead of letting the budget specialist choose: an offer (a confirmed
 * booking's or the traveler's pick, added to the options if a new search no longer lists it), `null` for
 * "none" (e.g. no flight: the traveler has one), undefined to let the planner pick.
 */
export interface PinnedOffers {
  flight?: FlightOffer | null;
  stay?: StayOffer | null;
}

/** The traveler's choice among the plan's options (`selectOptions` update); undefined keeps the current one. */
export interface OptionSelection extends ChangeBasis {
  flightOfferId?: string | null;
  stayOfferId?: string | null;
}

export interface TripState {
  tripId: string;
  userId: string;
  status: TripStatus;
  request: TripRequest;
  pace: Pace;
  plan: TripPlan | null;
  pendingProposals: Proposal[];
  /** The trip's bookings that reached approval or an end, newest last; a confirmed one is pinned in the plan. */
  bookings: TripBookingRef[];
  suggestions: AgentSuggestion[];
  lastEventSeq: number;
  turns: number;
  /**
   * Moves with every applied change (a message that changed the trip, constraints, a selection); a change
   * sent with `baseVersion` older than this is checked against `recentChanges`. Absent before edit conflicts.
   */
  version?: number;
  /** The latest applied changes (newest last, bounded), for conflicts and for collaborators to see who changed what. */
  recentChanges?: AppliedChange[];
  /** The last turn's intent and changes (absent before the first turn and on runs from before change sets). */
  lastTurn?: TurnSummary;
  /** Set when the last turn or change failed (the trip was left as it was before it); absent or null otherwise. */
  turnFailure?: TurnFailure | null;
}

export interface SendMessageResult {
  reply: string;
  plan: TripPlan | null;
  state: TripState;
}

/**
 * What the planning workflow's message and selection updates answer: the reply and the state, whose
 * `plan` is the turn's plan. Runs on code before v10 sent the plan a second time as `plan` (tens of KB
 * more in every update's history event); old outcomes still carry it.
 */
export interface TurnOutcome {
  reply: string;
  state: TripState;
  plan?: TripPlan | null;
}

/** A turn's outcome as the API answers it: the plan beside the state. */
export function withPlan(outcome: TurnOutcome): SendMessageResult {
  return { reply: outcome.reply, plan: outcome.state.plan, state: outcome.state };
}
