// Compose: budget → itinerary → reply. Budget and itinerary are deterministic specialists; the reply is
// drafted from the plan's facts and then handed to the model to phrase (the offline planner returns the
// draft as is; a failing or empty model answer also falls back to the draft).
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { ChangeableField, FlightOffer, MemoryRef, Pace, StayOffer, StepFailure, TripPlan, TripRequest } from '../domain/trip.js';
import { isTravelerFacing, RETRY_LATER_ADVICE, STEP_UNAVAILABLE_REASON } from '../domain/stepFailures.js';
import { planBudget, type BudgetResult } from './budget.js';
import type { RunnableConfig } from '@langchain/core/runnables';
import { agentContextFrom, contextBlock, type AgentContext } from './context.js';
import { turnCurrency } from './currency.js';
import { dateOf, dateSpan, timeOf } from './dates.js';
import { buildItinerary } from './itinerary.js';
import { convert, formatMoney, formatTotalFor } from './knowledge.js';
import { changesLine } from './changeSet.js';
import { flightCarriers, formatDuration, stopsLabel } from './ranking.js';
import type { FollowUpContext, TurnStateUpdate, TurnStateValue } from './state.js';
import { messageText } from './toolAgent.js';
import { joinList, temperatureUnitFor, weatherSentence } from './weather.js';

/**
 * The traveler's stated preferences on the offers: at most `maxStops` stops, no stay when they have one,
 * stays within a nightly price and star floor, the cheapest stay on "somewhere cheaper". When nothing
 * meets a preference the plan keeps the offers and says plainly why (never silently ignores it).
 */
export function applyPreferences(
  request: TripRequest,
  flights: readonly FlightOffer[],
  stays: readonly StayOffer[],
): { flights: FlightOffer[]; stays: StayOffer[]; cheapestStayId: string | null; notes: string[] } {
  const notes: string[] = [];
  let keptFlights = [...flights];
  const maxStops = request.maxStops;
  if (maxStops !== undefined && maxStops !== null && flights.length > 0) {
    const fitting = flights.filter((offer) => offer.stops <= maxStops);
    if (fitting.length > 0) keptFlights = fitting;
    else {
      const fastest = [...flights].sort((a, b) => a.totalDurationMinutes - b.totalDurationMinutes)[0]!;
      notes.push(
        `No ${maxStops === 0 ? 'nonstop' : `${maxStops}-stop-or-fewer`} flight exists on this route for these dates; the fastest option is ${stopsLabel(fastest.stops)}, ${formatDuration(fastest.totalDurationMinutes)} in total, so the plan shows the options there are.`,
      );
    }
  }
  const wishes = request.stay;
  if (wishes?.needed === false) return { flights: keptFlights, stays: [], cheapestStayId: null, notes };
  let keptStays = [...stays];
  if (wishes && stays.length > 0) {
    const limit = wishes.maxPerNight;
    const filters: [string, (offer: StayOffer) => boolean][] = [];
    if (wishes.minStars) filters.push([`${wishes.minStars} stars or more`, (offer) => offer.rating >= (wishes.minStars ?? 0)]);
    if (limit) filters.push([`at most ${formatMoney(limit)} a night`, (offer) => offer.pricePerNight.amount <= convert(limit, offer.pricePerNight.currency).amount + 0.005]);
    for (const [label, fits] of filters) {
      const fitting = keptStays.filter(fits);
      if (fitting.length > 0) keptStays = fitting;
      else {
        const cheapest = [...keptStays].sort((a, b) => a.pricePerNight.amount - b.pricePerNight.amount)[0]!;
        notes.push(`No stay found is ${label}; the closest is ${cheapest.name} (${cheapest.rating}★, ${formatMoney(cheapest.pricePerNight)} a night).`);
      }
    }
    if (wishes.near) notes.push(`I can't measure distances to "${wishes.near}" yet, so the stay is picked on price, rating and distance from the centre.`);
  }
  const cheapestStayId = wishes?.cheapest && keptStays.length > 0 ? [...keptStays].sort((a, b) => a.totalPrice.amount - b.totalPrice.amount)[0]!.id : null;
  return { flights: keptFlights, stays: keptStays, cheapestStayId, notes };
}

export async function budgetNode(state: TurnStateValue, config: LangGraphRunnableConfig): Promise<TurnStateUpdate> {
  const ctx = agentContextFrom(config);
  const { request, destination } = state;
  const preferred = applyPreferences(request, state.flights, state.stays);
  const cityCode = destination?.iata ?? request.destination?.iata ?? null;
  const countryCode = destination?.countryCode ?? (cityCode ? (ctx.places.city(cityCode)?.countryCode ?? null) : null);
  const budget = planBudget({
    request,
    currency: turnCurrency(ctx, state),
    pace: state.pace,
    flights: preferred.flights,
    stays: preferred.stays,
    cityCode,
    countryCode,
    centre: destination ? { latitude: destination.latitude, longitude: destination.longitude } : null,
    pinnedFlightId: state.pinned.flight === undefined ? undefined : (state.pinned.flight?.id ?? null),
    pinnedStayId: state.pinned.stay === undefined ? (preferred.cheapestStayId ?? undefined) : (state.pinned.stay?.id ?? null),
  });
  return { budget, flights: preferred.flights, stays: preferred.stays, notes: [...state.notes, ...preferred.notes] };
}

export async function itineraryNode(state: TurnStateValue, config: LangGraphRunnableConfig): Promise<TurnStateUpdate> {
  const { request, budget } = state;
  const flight = state.flights.find((offer) => offer.id === budget?.selectedFlightId) ?? null;
  const stay = state.stays.find((offer) => offer.id === budget?.selectedStayId) ?? null;
  const interests = request.interests.length > 0 ? request.interests : interestsFromMemories(state.memories);
  const itinerary = buildItinerary({
    request,
    pace: state.pace,
    destination: state.destination,
    flight,
    stay,
    interests,
    costLevel: budget?.costLevel ?? 3,
    currency: budget?.breakdown?.total.currency ?? turnCurrency(agentContextFrom(config), state),
    places: agentContextFrom(config).places,
  });
  return { itinerary };
}

const REPLY_PROMPT = [
  "You are TripSage's trip planner, writing to the traveler.",
  'Rewrite the draft reply in the context in a friendly, concise tone. Keep every fact, number, unit, trade-off, failure and open question it contains; add nothing that is not in it (in particular, nothing else you may know about the traveler).',
  'Answer with the reply text only.',
].join('\n');

export async function replyNode(state: TurnStateValue, config: LangGraphRunnableConfig): Promise<TurnStateUpdate> {
  const ctx = agentContextFrom(config);
  const plan: TripPlan = {
    flightOptions: state.flights,
    stayOptions: state.stays,
    selectedFlightId: state.budget?.selectedFlightId ?? null,
    selectedStayId: state.budget?.selectedStayId ?? null,
    destination: state.destination,
    itinerary: state.itinerary,
    budget: state.budget?.breakdown ?? null,
    failures: state.failures,
    // Only memories that changed the plan are named (in the reply and here), never the whole recall.
    memoriesUsed: memoriesThatChangedThePlan(state.request, state.memories, state.itinerary.length > 0),
    temperatureUnit: temperatureUnitFor(state.request.origin ? ctx.places.city(state.request.origin.iata)?.countryCode : null),
  };
  const draft = draftReply({ request: state.request, pace: state.pace, plan, budget: state.budget, notes: state.notes, followUp: state.followUp });
  return { plan, reply: await phraseReply(ctx, config, { draft, travelerMessage: state.text }) };
}

/**
 * The model phrases a drafted reply; a failing or empty answer sends the draft (the offline model returns
 * it as is). With `ctx.onReplyDelta` the answer is streamed and handed over as it arrives (a model that
 * cannot stream, like the offline one, hands it over in one piece).
 */
export async function phraseReply(ctx: Pick<AgentContext, 'model' | 'logger' | 'onReplyDelta'>, config: RunnableConfig, input: { draft: string; travelerMessage: string }): Promise<string> {
  const messages = [new SystemMessage(`${REPLY_PROMPT}\n${contextBlock({ task: 'reply', travelerMessage: input.travelerMessage, draft: input.draft })}`), new HumanMessage('Write the reply.')];
  try {
    const text = ctx.onReplyDelta ? await streamedReply(ctx.model, messages, config, ctx.onReplyDelta) : messageText(await ctx.model.invoke(messages, config)).trim();
    if (text) return text;
  } catch (error) {
    if (config.signal?.aborted) throw error;
    ctx.logger.warn({ err: error }, 'reply model failed; sending the draft');
  }
  return input.draft;
}

async function streamedReply(model: AgentContext['model'], messages: BaseMessage[], config: RunnableConfig, onDelta: (text: string) => void): Promise<string> {
  const reply = trimmedDeltas(onDelta);
  for await (const chunk of await model.stream(messages, config)) reply.push(messageText(chunk));
  return reply.text();
}

/**
 * Passes streamed text on as its trimmed whole reads (the reply is `text.trim()`): leading whitespace is
 * dropped and trailing whitespace held back until more text follows, so the pieces emitted add up to
 * exactly the trimmed text.
 */
export function trimmedDeltas(emit: (text: string) => void): { push(chunk: string): void; text(): string } {
  let raw = '';
  let sent = 0;
  return {
    push(chunk) {
      raw += chunk;
      const stable = raw.trim();
      if (stable.length > sent) {
        emit(stable.slice(sent));
        sent = stable.length;
      }
    },
    text: () => raw.trim(),
  };
}

const REMEMBERED_INTEREST = /^Enjoys (.+?) when traveling/i;

/** "Enjoys food when traveling" (written by rememberTurn) → "food". */
export function interestsFromMemories(memories: readonly MemoryRef[]): string[] {
  const interests: string[] = [];
  for (const memory of memories) {
    const match = memory.content.match(REMEMBERED_INTEREST);
    if (match?.[1]) interests.push(match[1].toLowerCase());
  }
  return [...new Set(interests)];
}

/** Remembered interests fill the itinerary only when the request names none (see itineraryNode). */
function memoriesThatChangedThePlan(request: TripRequest, memories: readonly MemoryRef[], hasItinerary: boolean): MemoryRef[] {
  if (!hasItinerary || request.interests.length > 0) return [];
  return memories.filter((memory) => REMEMBERED_INTEREST.test(memory.content));
}

const STEP_LABEL: Record<StepFailure['step'], string> = {
  understand: 'Understanding your message',
  destination: 'Destination research',
  flights: 'The flight search',
  stays: 'The accommodation search',
  compose: 'Putting the plan together',
};

const FAILURE_CONSEQUENCE: Record<StepFailure['step'], string> = {
  understand: 'I kept the trip details from before',
  destination: 'the plan has no destination brief or forecast',
  flights: 'the plan has no flights for now — ask me to try again',
  stays: 'the plan has no accommodation for now — ask me to try again',
  compose: 'the plan is incomplete',
};

export function draftReply(input: { request: TripRequest; pace: Pace; plan: TripPlan; budget: BudgetResult | null; notes?: readonly string[]; followUp?: FollowUpContext | null }): string {
  const { request, plan, followUp } = input;
  const paragraphs: string[] = [];
  if (followUp) paragraphs.push(...followUpParagraphs(input, followUp));
  else paragraphs.push(...firstPlanParagraphs(input));

  if (plan.failures.length > 0) {
    // Failure messages are traveler-facing at the source (domain/stepFailures.ts); checked again here.
    const reasons = plan.failures.map((failure) => (isTravelerFacing(failure.message) ? failure.message : STEP_UNAVAILABLE_REASON));
    const lines = plan.failures.map((failure, index) => `- ${STEP_LABEL[failure.step]} failed (${reasons[index]}), so ${FAILURE_CONSEQUENCE[failure.step]}.`);
    if (reasons.includes(STEP_UNAVAILABLE_REASON)) lines.push(RETRY_LATER_ADVICE);
    paragraphs.push(`What didn't work:\n${lines.join('\n')}`);
  }

  const questions: string[] = [];
  if (request.destination && !request.origin) questions.push("where you're flying from");
  if (request.destination && !request.departDate) questions.push('your travel dates');
  else if (request.destination && !request.returnDate) questions.push('when you fly back (or how many nights)');
  if (questions.length > 0) paragraphs.push(`To complete the plan, tell me ${joinList(questions)}.`);

  return paragraphs.join('\n\n');
}

type DraftInput = Parameters<typeof draftReply>[0];

const pickedFlight = (plan: TripPlan) => plan.flightOptions.find((offer) => offer.id === plan.selectedFlightId) ?? null;
const pickedStay = (plan: TripPlan) => plan.stayOptions.find((offer) => offer.id === plan.selectedStayId) ?? null;

function flightLine(flight: FlightOffer, travelers: number): string {
  const departs = timeOf(flight.outbound[0]?.departAt);
  return `${flightCarriers(flight)}, ${stopsLabel(flight.stops)}${departs ? `, departing ${departs}` : ''}, ${formatDuration(flight.totalDurationMinutes)} of flying in total — ${formatMoney(flight.price)}${travelers > 1 ? ' for everyone' : ''}.`;
}

function stayLine(stay: StayOffer): string {
  return `${stay.name} (${stay.rating}★${stay.reviewScore !== null ? `, ${stay.reviewScore.toFixed(1)}/10` : ''}) — ${formatMoney(stay.totalPrice)} for ${stay.nights} night${stay.nights === 1 ? '' : 's'}.`;
}

function headline(request: TripRequest, pace: Pace, budget: BudgetResult | null): string {
  const city = [request.destination?.city, ...(request.alsoVisiting ?? []).map((place) => place.city)].filter(Boolean).join(', ');
  const nights = budget?.nights ?? null;
  const party = `${request.adults} adult${request.adults === 1 ? '' : 's'}${request.children > 0 ? ` and ${request.children} child${request.children === 1 ? '' : 'ren'}` : ''}`;
  const when = request.departDate ? `, ${dateSpan(request.departDate, request.returnDate)}${nights ? ` (${nights} night${nights === 1 ? '' : 's'})` : ''}` : '';
  return `Trip to ${city}${when} for ${party}, at a ${pace} pace.`;
}

/** "Estimated $3,439 total for 2 travelers (...) — within your $4,000 budget." The verdict is the breakdown's, never assumed. */
function estimateLine(plan: TripPlan, request: TripRequest): string | null {
  const breakdown = plan.budget;
  if (!breakdown) return null;
  const parts = breakdown.lines.map((line) => `${line.category.replace('_', ' ')} ${formatMoney(line.amount)}`).join(', ');
  const verdict =
    breakdown.withinBudget === null
      ? ''
      : breakdown.withinBudget
        ? ` — within your ${formatMoney(breakdown.budget ?? breakdown.total)} budget`
        : ` — over your ${formatMoney(breakdown.budget ?? breakdown.total)} budget`;
  return `Estimated ${formatTotalFor(breakdown.total, request.adults + request.children)} (${parts})${verdict}.`;
}

function tradeoffsParagraph(plan: TripPlan): string | null {
  const tradeoffs = plan.budget?.tradeoffs ?? [];
  return tradeoffs.length > 0 ? `Trade-offs:\n${tradeoffs.map((line) => `- ${line}`).join('\n')}` : null;
}

function firstPlanParagraphs(input: DraftInput): string[] {
  const { request, pace, plan } = input;
  // What the traveler said that could not be applied comes first: it explains why the plan below did not change.
  const paragraphs: string[] = (input.notes ?? []).filter(Boolean);
  if (!request.destination) {
    paragraphs.push("Where would you like to go? Tell me a destination — and your dates, who's travelling and a budget if you know them — and I'll search flights and stays and plan the days.");
    return paragraphs;
  }
  paragraphs.push(headline(request, pace, input.budget));
  const found: string[] = [];
  if (plan.flightOptions.length > 0) found.push(`${plan.flightOptions.length} flight option${plan.flightOptions.length === 1 ? '' : 's'}`);
  if (plan.stayOptions.length > 0) found.push(`${plan.stayOptions.length} place${plan.stayOptions.length === 1 ? '' : 's'} to stay`);
  if (plan.destination) found.push(`a destination brief${plan.destination.weather.length > 0 ? ' with the weather for each day' : ''}`);
  if (found.length > 0) paragraphs.push(`I found ${joinList(found)}.`);

  const flight = pickedFlight(plan);
  const stay = pickedStay(plan);
  const chosen = [flight && `Flight: ${flightLine(flight, request.adults + request.children)}`, stay && `Stay: ${stayLine(stay)}`].filter((line): line is string => Boolean(line));
  if (chosen.length > 0) paragraphs.push(`My pick:\n${chosen.map((line) => `- ${line}`).join('\n')}`);
  const otherCities = otherCitiesNote(request, stay);
  if (otherCities) paragraphs.push(otherCities);
  const estimate = estimateLine(plan, request);
  if (estimate) paragraphs.push(estimate);
  const tradeoffs = tradeoffsParagraph(plan);
  if (tradeoffs) paragraphs.push(tradeoffs);

  const weather = weatherSentence(plan.destination?.weather ?? [], plan.temperatureUnit ?? 'C');
  if (weather) paragraphs.push(weather);
  const remembered = interestsFromMemories(plan.memoriesUsed);
  if (remembered.length > 0) paragraphs.push(`Using your interest in ${joinList(remembered)} from earlier trips.`);
  const span = itinerarySpan(plan, flight);
  if (span) paragraphs.push(span);
  return paragraphs;
}

/**
 * A follow-up leads with what changed (and what it did to the price), then only what the change moved:
 * a new pick, a dropped stay, where a requested day trip landed, the estimate; the weather and the
 * itinerary's span only when the place or the dates changed. The unchanged rest of the plan is not repeated.
 */
function followUpParagraphs(input: DraftInput, followUp: FollowUpContext): string[] {
  const { request, pace, plan } = input;
  const total = plan.budget?.total ?? null;
  const previous = followUp.previousTotal;
  const delta = total && previous && total.currency === previous.currency ? { amount: total.amount - previous.amount, currency: total.currency } : null;
  const line = changesLine(followUp.changes, delta);
  const paragraphs = [followUp.intent === 'undo' ? (line ? `Undone. ${line}` : 'Undone.') : line || 'Nothing about the trip changed.'];
  paragraphs.push(...(input.notes ?? []).filter(Boolean));
  if (!request.destination) return paragraphs;

  const changed = new Set(followUp.changes.map((change) => change.field));
  const newPlaceOrDates = ['destination', 'departDate', 'returnDate', 'alsoVisiting'].some((field) => changed.has(field as ChangeableField));
  if (newPlaceOrDates || changed.has('adults') || changed.has('children')) paragraphs.push(headline(request, pace, input.budget));

  const flight = pickedFlight(plan);
  const stay = pickedStay(plan);
  const picks: string[] = [];
  if (flight && flight.id !== followUp.previousFlightId) picks.push(`Flight: ${flightLine(flight, request.adults + request.children)}`);
  if (stay && stay.id !== followUp.previousStayId) picks.push(`Stay: ${stayLine(stay)}`);
  if (!stay && followUp.previousStayId && request.stay?.needed === false) picks.push('Stay: none — the plan and the estimate leave accommodation out.');
  if (picks.length > 0) paragraphs.push(`${followUp.previousFlightId || followUp.previousStayId ? 'New pick' : 'My pick'}:\n${picks.map((pick) => `- ${pick}`).join('\n')}`);

  const otherCities = changed.has('alsoVisiting') ? otherCitiesNote(request, stay) : null;
  if (otherCities) paragraphs.push(otherCities);

  const dayTrips = plan.itinerary.filter((day) => /^day trip to /i.test(day.title) && followUp.changes.some((change) => change.after.toLowerCase().includes(day.title.replace(/^day trip to /i, '').toLowerCase())));
  for (const day of dayTrips) paragraphs.push(`${day.title} on day ${day.day} (${dateSpan(day.date, null)}).`);

  const estimate = estimateLine(plan, request);
  if (estimate) paragraphs.push(estimate);
  // Trade-offs answer a money question: shown when the budget, the picks or the verdict moved.
  const moneyMoved = changed.has('budget') || picks.length > 0 || plan.budget?.withinBudget === false;
  const tradeoffs = moneyMoved ? tradeoffsParagraph(plan) : null;
  if (tradeoffs) paragraphs.push(tradeoffs);
  if (newPlaceOrDates) {
    const weather = weatherSentence(plan.destination?.weather ?? [], plan.temperatureUnit ?? 'C');
    if (weather) paragraphs.push(weather);
    const span = itinerarySpan(plan, flight);
    if (span) paragraphs.push(span);
  }
  return paragraphs;
}

/** A multi-city trip's stay is searched at the destination only (one round-trip flight, one stay): say so. */
function otherCitiesNote(request: TripRequest, stay: StayOffer | null): string | null {
  const others = (request.alsoVisiting ?? []).map((place) => place.city);
  if (others.length === 0 || !request.destination) return null;
  const where = request.destination.city;
  return stay
    ? `The itinerary gives ${joinList(others)} their own days; the stay is in ${where} for every night, so nights in ${joinList(others)} are not booked or in the estimate.`
    : `The itinerary gives ${joinList(others)} their own days.`;
}

/** "The itinerary covers 8 days, from landing at 06:10 on day 2 to the 09:50 flight home on day 8." */
function itinerarySpan(plan: TripPlan, flight: FlightOffer | null): string | null {
  if (plan.itinerary.length === 0) return null;
  // The days the flight lands and leaves on (an overnight flight lands on day 2 or 3).
  const landing = flight?.outbound.at(-1)?.arriveAt;
  const leaving = flight?.inbound[0]?.departAt;
  const dayOf = (dateTime: string | undefined) => plan.itinerary.find((day) => day.date === dateOf(dateTime))?.day ?? null;
  const [arrival, arrivalDay] = [timeOf(landing), dayOf(landing)];
  const [home, homeDay] = [timeOf(leaving), dayOf(leaving)];
  return (
    `The itinerary covers ${plan.itinerary.length} day${plan.itinerary.length === 1 ? '' : 's'}` +
    (arrival && arrivalDay ? `, from landing at ${arrival} on day ${arrivalDay}` : '') +
    (home && homeDay ? ` to the ${home} flight home on day ${homeDay}` : '') +
    '.'
  );
}
