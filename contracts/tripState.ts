// Response schemas of the trip workflow's state and plan (what `getState`, `sendMessage` and
// `setConstraints` return). Documentation only: responses are not re-validated at runtime, but each
// schema is typed against its domain type, so the document cannot drift from domain/trip.ts silently.
import { tripRequestSchema } from '../domain/schemas.js';
import {
  cabinClasses,
  paces,
  turnIntents,
  type ChangeableField,
  suggestionKinds,
  temperatureUnits,
  weatherKinds,
  tripStatuses,
  type AgentSuggestion,
  type AppliedChange,
  type ChangeAuthor,
  type ChangedField,
  type EditConflictDetails,
  type BudgetBreakdown,
  type DailyWeather,
  type DestinationBrief,
  type FlightOffer,
  type FlightSegment,
  type ItineraryDay,
  type MemoryRef,
  type Money,
  type Proposal,
  type SendMessageResult,
  type StayOffer,
  type TripPlan,
  type TripState,
} from '../domain/trip.js';
import { named, orNull, z } from './common.js';

export const moneyView: z.ZodType<Money> = z.object({ amount: z.number(), currency: z.string() }).openapi('Money');

const flightSegment: z.ZodType<FlightSegment> = z.object({
  carrier: z.object({ code: z.string(), name: z.string() }),
  flightNumber: z.string(),
  origin: z.string(),
  destination: z.string(),
  departAt: z.string(),
  arriveAt: z.string(),
  durationMinutes: z.number(),
});

const fareRule = z.object({
  allowed: z.boolean(),
  penalty: orNull(moneyView).describe("Fee for all passengers, in the trip's currency once in a plan; null when free or not stated"),
});

export const flightOfferView: z.ZodType<FlightOffer> = z
  .object({
    id: z.string(),
    provider: z.string(),
    outbound: z.array(flightSegment),
    inbound: z.array(flightSegment),
    cabinClass: z.enum(cabinClasses),
    stops: z.number().int(),
    totalDurationMinutes: z.number(),
    price: moneyView,
    originalPrice: moneyView.optional().openapi({ description: "The provider's own quote when `price` was converted into the trip's currency" }),
    fxRateDate: z.string().optional().openapi({ description: 'ECB reference date of the exchange rate used' }),
    expiresAt: z.string(),
    conditions: z
      .object({ refundBeforeDeparture: fareRule.nullable(), changeBeforeDeparture: fareRule.nullable() })
      .optional()
      .openapi({ description: 'Refund and change rules before departure, when the provider states them; a rule is null when it does not' }),
    baggage: z
      .object({ checked: z.number().int(), carryOn: z.number().int() })
      .optional()
      .openapi({ description: 'Bags included per passenger, each way' }),
  })
  .openapi('FlightOffer');

export const stayOfferView: z.ZodType<StayOffer> = z
  .object({
    id: z.string(),
    provider: z.string(),
    name: z.string(),
    cityCode: z.string(),
    latitude: z.number(),
    longitude: z.number(),
    rating: z.number(),
    reviewScore: z.number().nullable(),
    checkIn: z.string(),
    checkOut: z.string(),
    nights: z.number().int(),
    pricePerNight: moneyView,
    totalPrice: moneyView,
    originalPrice: moneyView.optional().openapi({ description: "The provider's own total when `totalPrice` was converted into the trip's currency" }),
    fxRateDate: z.string().optional().openapi({ description: 'ECB reference date of the exchange rate used' }),
    amenities: z.array(z.string()),
    expiresAt: z.string(),
    neighbourhood: z.string().optional().openapi({ description: 'The area the stay is in, when known' }),
    distanceToCentreKm: z.number().optional().openapi({ description: 'Straight-line distance from the city centre, in km' }),
    cancellationPolicy: z
      .object({ freeCancellationUntil: z.string().nullable(), refundable: z.boolean(), summary: z.string() })
      .optional()
      .openapi({ description: 'Cancellation terms of the rate: free until an instant (or never), and one sentence for the traveler' }),
  })
  .openapi('StayOffer');

const dailyWeather: z.ZodType<DailyWeather> = z.object({
  date: z.string(),
  // Plans written before typical weather existed only held forecast days.
  kind: z.enum(weatherKinds).default('forecast').describe('`forecast` within ~16 days; `typical`: climate normals for that day'),
  temperatureMaxC: z.number(),
  temperatureMinC: z.number(),
  precipitationMm: z.number(),
  weatherCode: z.number(),
  summary: z.string(),
});

export const destinationBrief: z.ZodType<DestinationBrief> = z
  .object({
    city: z.string(),
    iata: z.string(),
    countryCode: z.string(),
    latitude: z.number(),
    longitude: z.number(),
    timeZone: z.string(),
    weather: z.array(dailyWeather),
    highlights: z.array(z.string()),
    source: z.string(),
  })
  .openapi('DestinationBrief');

export const itineraryDayView: z.ZodType<ItineraryDay> = z.object({
  day: z.number().int(),
  date: z.string(),
  title: z.string(),
  weather: dailyWeather.nullable(),
  entries: z.array(
    z.object({
      time: z.string().nullable(),
      kind: z.enum(['flight', 'stay', 'activity', 'transfer', 'meal', 'note']),
      title: z.string(),
      description: z.string().nullable(),
      cost: orNull(moneyView),
    }),
  ),
});

const budgetBreakdown: z.ZodType<BudgetBreakdown> = z.object({
  lines: z.array(z.object({ category: z.enum(['flights', 'stay', 'activities', 'food', 'local_transport']), amount: moneyView })),
  total: moneyView,
  budget: orNull(moneyView),
  withinBudget: z.boolean().nullable(),
  tradeoffs: z.array(z.string()),
});

const memoryRef: z.ZodType<MemoryRef> = z.object({ id: z.string(), kind: z.string(), content: z.string(), similarity: z.number() });

export const tripPlanView: z.ZodType<TripPlan> = z
  .object({
    flightOptions: z.array(flightOfferView),
    stayOptions: z.array(stayOfferView),
    selectedFlightId: z.string().nullable(),
    selectedStayId: z.string().nullable(),
    destination: orNull(destinationBrief),
    itinerary: z.array(itineraryDayView),
    budget: budgetBreakdown.nullable(),
    failures: z.array(z.object({ step: z.enum(['understand', 'destination', 'flights', 'stays', 'compose']), message: z.string() })),
    memoriesUsed: z.array(memoryRef),
    temperatureUnit: z.enum(temperatureUnits).optional().describe("The traveler's temperature unit: `F` for travelers from the US, else `C`"),
  })
  .openapi('TripPlan', { description: 'The current plan; `failures` names any step that failed this turn (a partial plan).' });

/** The one view of an agent's suggestion: in the trip state, from POST/GET /api/agent/trips/{id}/suggestions, and MCP's get_suggestion. */
export const agentSuggestionView: z.ZodType<AgentSuggestion> = z
  .object({
    id: z.string(),
    source: z.string(),
    kind: z.enum(suggestionKinds),
    payload: z.record(z.string(), z.unknown()),
    receivedAt: z.string(),
    status: z.enum(['pending', 'accepted', 'dismissed']).openapi({ description: 'pending until the traveler accepts or dismisses it (in the app); agents never answer suggestions.' }),
  })
  .openapi('AgentSuggestion');

const proposal: z.ZodType<Proposal> = z.object({
  id: z.string(),
  kind: z.literal('booking'),
  flightOfferId: z.string().nullable(),
  stayOfferId: z.string().nullable(),
  total: moneyView,
  expiresAt: z.string(),
  createdAt: z.string(),
});

export const tripRequestView = named(tripRequestSchema, 'TripRequest');

const tripBookingRefView = z
  .object({
    bookingId: z.string(),
    status: z.string().openapi({ description: 'The booking\'s status when the saga last told the trip: pending_approval, confirmed, or how it ended.' }),
    flight: orNull(flightOfferView),
    stay: orNull(stayOfferView),
    updatedAt: z.string(),
  })
  .openapi('TripBookingRef');

const turnSummaryView = z
  .object({
    intent: z.enum(turnIntents).openapi({ description: 'What the last message was: a change, a question (answered, nothing changed), a confirmation, an undo, or a clarification the planner asked for.' }),
    changes: z.array(z.object({ field: z.string() as z.ZodType<ChangeableField>, label: z.string(), before: z.string(), after: z.string() })).openapi({ description: 'Each field the turn changed, as the traveler reads it ("Dates: 12–19 Jun 2027 → 14–21 Jun 2027").' }),
    canUndo: z.boolean().openapi({ description: 'Whether sending "undo" restores the request before the last change.' }),
    priceDelta: orNull(moneyView).optional(),
  })
  .openapi('TurnSummary');

const turnFailureView = z
  .object({
    kind: z.enum(['message', 'constraints', 'selection', 'booking', 'itinerary']),
    clientMessageId: z.string().nullable(),
    reason: z.enum(['refused', 'failed']).openapi({ description: '`refused`: storage refused a value (sending the same again fails again); `failed`: a step could not finish (retry later).' }),
    failedAt: z.string(),
  })
  .openapi('TurnFailure', { description: 'The last turn or change failed and was rolled back: the trip is as it was before it. Cleared by the next one that succeeds.' });

export const changeAuthorView: z.ZodType<ChangeAuthor> = z
  .object({
    userId: z.string(),
    name: z.string().optional().openapi({ description: 'Display name of the traveler (or the API key\'s user).' }),
    kind: z.enum(['user', 'agent']).optional().openapi({ description: '`agent`: made through an API key.' }),
  })
  .openapi('ChangeAuthor');

const changedFields = ['dates', 'party', 'selectedFlight', 'selectedStay', 'itinerary', 'origin', 'destination', 'budget', 'cabinClass', 'interests', 'alsoVisiting', 'maxStops', 'stay', 'pace'] as const satisfies readonly ChangedField[];

export const appliedChangeView: z.ZodType<AppliedChange> = z
  .object({
    version: z.number().int().openapi({ description: 'The trip version this change made.' }),
    kind: z.enum(['message', 'constraints', 'selection', 'itinerary']),
    fields: z.array(z.enum(changedFields)).openapi({ description: 'What it changed: request fields (both dates are `dates`, adults and children `party`), the selected offers, and `itinerary` (edited by hand, or rebuilt by a change that recomposed the plan).' }),
    author: orNull(changeAuthorView).openapi({ description: 'Who made it; null when the sender did not say (an agent, an older client).' }),
    at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('AppliedChange');

export const editConflictView: z.ZodType<EditConflictDetails> = z
  .object({
    baseVersion: z.number().int().openapi({ description: 'The version the refused change was based on.' }),
    currentVersion: z.number().int().openapi({ description: 'The trip\'s version when it was refused: send the change again with this `baseVersion` to re-apply it.' }),
    fields: z.array(z.enum(changedFields)).openapi({ description: 'The fields both changes touch.' }),
    change: orNull(appliedChangeView).openapi({ description: 'The other change (who, when, which fields, its version); null when the base is older than the trip remembers.' }),
  })
  .openapi('EditConflict', { description: 'A change based on an older trip version touched fields changed since: the other person\'s change, which was kept.' });

export const tripStateView: z.ZodType<TripState> = z
  .object({
    tripId: z.string(),
    userId: z.string(),
    status: z.enum(tripStatuses),
    request: tripRequestView,
    pace: z.enum(paces),
    plan: orNull(tripPlanView),
    pendingProposals: z.array(proposal).openapi({ description: 'Bookings awaiting the traveler\'s decision (see /api/trips/{id}/proposals); `expiresAt` is the approval deadline.' }),
    bookings: z.array(tripBookingRefView).openapi({ description: 'Bookings that reached approval or an end; a confirmed one is pinned (selected) in the plan and makes the trip `booked`.' }),
    suggestions: z.array(agentSuggestionView),
    lastEventSeq: z.number().int(),
    turns: z.number().int(),
    version: z.number().int().optional().openapi({ description: 'Moves with every applied change (message that changed the trip, constraints, selection). Send it as `baseVersion` with a change so a collision with someone else\'s is a 409, not an overwrite. Absent for trips from before edit conflicts (read as 0).' }),
    recentChanges: z.array(appliedChangeView).optional().openapi({ description: 'The latest applied changes (newest last, at most 20).' }),
    lastTurn: turnSummaryView.optional(),
    turnFailure: orNull(turnFailureView).optional(),
  })
  .openapi('TripState', {
    description:
      'The trip workflow\'s state (its `getState` query). For a trip whose workflow has not started (no message yet) or whose ' +
      'history is gone, the state is built from the stored trip: status from the row (gathering for a new trip), the stored ' +
      'plan (null before the first turn), no suggestions, turns 0. The `TripSage-State-Source` response header says ' +
      'which: `workflow` or `stored`.',
  });

export const sendMessageResultView: z.ZodType<SendMessageResult> = z
  .object({ reply: z.string(), plan: orNull(tripPlanView), state: tripStateView })
  .openapi('SendMessageResult');
