// Research specialists: destination (places index + geocoding + weather for every trip day: the forecast
// within ~16 days, typical weather beyond), flights and stays. Each runs
// its own tool-calling loop (the model picks the tool arguments from the structured request), then
// turns the tool artifacts into domain results. If the model never calls the tool, the specialist runs
// the search itself with the request's parameters, so a terse or confused model cannot lose a step.
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { lastTripDay } from '../domain/dates.js';
import { checkFlightOffer, checkStayOffer, partitionOffers, type Verdict } from '../domain/offerSanity.js';
import type { DailyWeather, DestinationBrief, FlightOffer, StayOffer, TemperatureUnit, TripRequest } from '../domain/trip.js';
import { offersRejected } from '../infra/metrics.js';
import { weatherForEveryDay } from '../providers/tripWeather.js';
import { ProviderError, type GeoPlace } from '../providers/types.js';
import { contextBlock, withAgentContext, type AgentContext } from './context.js';
import { flightsInCurrency, originCurrency, staysInCurrency, turnCurrency } from './currency.js';
import { fillCity, isWetDay, themesFor } from './knowledge.js';
import { rankFlights, rankStays } from './ranking.js';
import { AgentInputError } from './state.js';
import { buildToolAgent, finalText, toolArtifacts, toolCallCount, toolErrors } from './toolAgent.js';
import { formatTemperatureRange, temperatureUnitFor } from './weather.js';
import {
  geocodedCentre,
  geocodeTool,
  getForecastTool,
  lookupPlaceTool,
  placeFacts,
  searchFlightsTool,
  searchStaysTool,
  TOOL,
  type PlaceFacts,
  type ToolOutcome,
} from './tools.js';

const MAX_FLIGHT_OPTIONS = 8;
const MAX_STAY_OPTIONS = 8;

// A tool's result is the step's answer: no model call after it (a summary there was never read, and with a
// language model it cost a round trip and tokens per step). The destination's forecast is its last tool.
const destinationAgent = buildToolAgent('destination_agent', [lookupPlaceTool, geocodeTool, getForecastTool], { returnDirect: [TOOL.getForecast] });
const flightsAgent = buildToolAgent('flights_agent', [searchFlightsTool], { returnDirect: [TOOL.searchFlights] });
const staysAgent = buildToolAgent('stays_agent', [searchStaysTool], { returnDirect: [TOOL.searchStays] });

const PROMPTS = {
  destination: [
    'You are the destination researcher of TripSage.',
    `Call ${TOOL.lookupPlace} with the destination's IATA code and ${TOOL.geocode} with its city name, then ${TOOL.getForecast} for the city centre between departDate and returnDate (when dates are known; it returns typical weather for days beyond the forecast).`,
    'Without dates, finish with one sentence about the destination.',
  ].join('\n'),
  flights: [
    'You are the flights specialist of TripSage.',
    `Call ${TOOL.searchFlights} once with the request's origin and destination IATA codes, dates, party and cabin class.`,
  ].join('\n'),
  stays: [
    'You are the accommodation specialist of TripSage.',
    `Call ${TOOL.searchStays} once for the destination city code, check-in = departDate, check-out = returnDate and the party; pass the destination centre coordinates when given.`,
  ].join('\n'),
};

function specialistMessages(prompt: string, context: Record<string, unknown>, ask: string) {
  return [new SystemMessage(`${prompt}\n${contextBlock(context)}`), new HumanMessage(ask)];
}

function raise(failures: ToolOutcome<unknown>[], fallbackMessage: string): never {
  const failure = failures.map((outcome) => (outcome.ok ? null : outcome.error)).find((error) => error !== null);
  if (failure) {
    throw new ProviderError(failure.provider, failure.message, failure.retryable, failure.status);
  }
  throw new Error(fallbackMessage);
}

// ---- Destination ----

export async function researchDestinationStep(ctx: AgentContext, request: TripRequest, config: LangGraphRunnableConfig): Promise<DestinationBrief> {
  const target = request.destination;
  if (!target) throw new AgentInputError('destination research needs a destination');
  const result = await destinationAgent.invoke(
    { messages: specialistMessages(PROMPTS.destination, { task: 'destination', request }, `Research ${target.city} (${target.iata}) for this trip.`) },
    config,
  );
  const { messages } = result;
  const errors = toolErrors(messages);
  if (errors.length > 0) ctx.logger.warn({ errors }, 'destination tools reported errors');

  const facts = toolArtifacts<PlaceFacts>(messages, TOOL.lookupPlace)[0] ?? placeFacts(ctx.places, target.iata);
  if (!facts) throw new AgentInputError(`unknown destination ${target.city} (${target.iata})`);
  const geocoded = toolArtifacts<ToolOutcome<GeoPlace[]>>(messages, TOOL.geocode).flatMap((outcome) => (outcome.ok ? outcome.value : []));
  const centre = geocoded.find((place) => place.countryCode === facts.countryCode) ?? null;

  let weather: DailyWeather[] = [];
  const forecasts = toolArtifacts<ToolOutcome<DailyWeather[]>>(messages, TOOL.getForecast);
  const forecast = forecasts.find((outcome) => outcome.ok);
  if (forecast?.ok) {
    weather = forecast.value;
  } else if (request.departDate && toolCallCount(messages, TOOL.getForecast) === 0) {
    ctx.logger.warn('destination model did not ask for a forecast; fetching it directly');
    weather = await forecastOrEmpty(ctx, centre ?? facts, request.departDate, lastTripDay(request.departDate, request.returnDate), config.signal);
  } else if (forecasts.length > 0) {
    // Weather is a nice-to-have for the brief: report and carry on without it.
    ctx.logger.warn({ failure: forecasts[0] }, 'forecast unavailable');
  }
  if (request.departDate) {
    const last = lastTripDay(request.departDate, request.returnDate);
    weather = weather.filter((day) => day.date >= request.departDate! && day.date <= last).sort((a, b) => a.date.localeCompare(b.date));
  }

  return {
    city: facts.city,
    iata: facts.iata,
    countryCode: facts.countryCode,
    latitude: centre?.latitude ?? facts.latitude,
    longitude: centre?.longitude ?? facts.longitude,
    timeZone: centre?.timeZone ?? facts.timeZone,
    weather,
    highlights: highlightsFor(facts.city, request.interests, weather, temperatureUnitFor(request.origin ? ctx.places.city(request.origin.iata)?.countryCode : null)),
    source: `${ctx.providers.weather.name} + airport database`,
  };
}

async function forecastOrEmpty(
  ctx: AgentContext,
  at: { latitude: number; longitude: number },
  start: string,
  end: string,
  signal: AbortSignal | undefined,
): Promise<DailyWeather[]> {
  try {
    return await weatherForEveryDay(ctx.providers.weather, at.latitude, at.longitude, start, end, signal);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'forecast unavailable');
    return [];
  }
}

/** One line per interest (theme vocabulary, or a generic line for unknown interests) plus the weather. */
export function highlightsFor(city: string, interests: readonly string[], weather: readonly DailyWeather[], unit: TemperatureUnit = 'C'): string[] {
  const highlights: string[] = [];
  const seen = new Set<string>();
  for (const { interest, theme } of themesFor(interests)) {
    if (theme) {
      if (seen.has(theme.key)) continue;
      seen.add(theme.key);
      highlights.push(fillCity(theme.highlight, city));
    } else {
      highlights.push(`${interest.charAt(0).toUpperCase()}${interest.slice(1)}: look for ${interest} spots and events in ${city}`);
    }
  }
  if (highlights.length === 0) {
    highlights.push(`Old town and landmark sights of ${city}`, `Local food markets and neighbourhood restaurants`);
  }
  if (weather.length > 0) {
    const min = Math.min(...weather.map((day) => day.temperatureMinC));
    const max = Math.max(...weather.map((day) => day.temperatureMaxC));
    const wet = weather.filter((day) => isWetDay(day)).length;
    const label = weather.every((day) => day.kind === 'typical') ? 'Typical weather' : 'Weather';
    highlights.push(`${label}: ${formatTemperatureRange(min, max, unit)}${wet > 0 ? `, rain likely on ${wet} of ${weather.length} days — pack an umbrella` : ', mostly dry'}`);
  }
  return highlights;
}

// ---- Flights ----

export async function findFlightsStep(ctx: AgentContext, request: TripRequest, config: LangGraphRunnableConfig): Promise<FlightOffer[]> {
  const { origin, destination, departDate } = request;
  if (!origin || !destination || !departDate) throw new AgentInputError('a flight search needs origin, destination and departDate');
  const result = await flightsAgent.invoke(
    { messages: specialistMessages(PROMPTS.flights, { task: 'flights', request }, `Find flights ${origin.city} → ${destination.city} for this trip.`) },
    config,
  );
  const outcomes = toolArtifacts<ToolOutcome<FlightOffer[]>>(result.messages, TOOL.searchFlights);
  let offers = outcomes.flatMap((outcome) => (outcome.ok ? outcome.value : []));
  if (offers.length === 0 && outcomes.some((outcome) => !outcome.ok)) raise(outcomes, 'flight search failed');
  if (toolCallCount(result.messages, TOOL.searchFlights) === 0) {
    ctx.logger.warn({ answer: finalText(result.messages) }, 'flights model did not call search_flights; searching directly');
    offers = await ctx.providers.flights.searchFlights(
      { origin: origin.iata, destination: destination.iata, departDate, returnDate: request.returnDate, adults: request.adults, children: request.children, cabinClass: request.cabinClass },
      config.signal,
    );
  } else if (offers.length === 0 && outcomes.length === 0) {
    ctx.logger.warn({ errors: toolErrors(result.messages) }, 'search_flights calls were rejected');
    raise([], `flight search failed: ${toolErrors(result.messages).join('; ') || 'no result'}`);
  }
  const unique = [...new Map(offers.map((offer) => [offer.id, offer])).values()];
  // Against the traveler's dates, not the tool arguments the model chose.
  const sane = saneOffers(ctx, 'flight', unique, (offer) => checkFlightOffer(offer, { departDate, returnDate: request.returnDate }));
  return rankFlights(sane, request.adults + request.children).slice(0, MAX_FLIGHT_OPTIONS);
}

// ---- Stays ----

export async function findStaysStep(
  ctx: AgentContext,
  request: TripRequest,
  destination: DestinationBrief | null,
  config: LangGraphRunnableConfig,
): Promise<StayOffer[]> {
  const { departDate, returnDate } = request;
  const target = request.destination;
  if (!target || !departDate || !returnDate || returnDate <= departDate) throw new AgentInputError('a stay search needs a destination, departDate and a later returnDate');
  const centre = destination ? { latitude: destination.latitude, longitude: destination.longitude } : await cityCentre(ctx, target, config.signal);
  // The search tool reads the point-of-sale currency from the context (the model does not choose it).
  const quoteCurrency = originCurrency(ctx, request);
  const result = await staysAgent.invoke(
    {
      messages: specialistMessages(
        PROMPTS.stays,
        { task: 'stays', request, ...(centre ? { destination: centre } : {}) },
        `Find somewhere to stay in ${target.city} for this trip.`,
      ),
    },
    withAgentContext({ ...ctx, stayQuoteCurrency: quoteCurrency }, config),
  );
  const outcomes = toolArtifacts<ToolOutcome<StayOffer[]>>(result.messages, TOOL.searchStays);
  let offers = outcomes.flatMap((outcome) => (outcome.ok ? outcome.value : []));
  if (offers.length === 0 && outcomes.some((outcome) => !outcome.ok)) raise(outcomes, 'stay search failed');
  if (toolCallCount(result.messages, TOOL.searchStays) === 0) {
    ctx.logger.warn({ answer: finalText(result.messages) }, 'stays model did not call search_stays; searching directly');
    const city = ctx.places.city(target.iata);
    const at = centre ?? (city ? { latitude: city.latitude, longitude: city.longitude } : null);
    if (!at) throw new AgentInputError(`unknown destination ${target.city} (${target.iata})`);
    offers = await ctx.providers.stays.searchStays(
      { cityCode: target.iata, latitude: at.latitude, longitude: at.longitude, checkIn: departDate, checkOut: returnDate, adults: request.adults, children: request.children, rooms: Math.max(1, Math.ceil(request.adults / 2)), ...(quoteCurrency && { currency: quoteCurrency }) },
      config.signal,
    );
  } else if (offers.length === 0 && outcomes.length === 0) {
    raise([], `stay search failed: ${toolErrors(result.messages).join('; ') || 'no result'}`);
  }
  const unique = [...new Map(offers.map((offer) => [offer.id, offer])).values()];
  const sane = saneOffers(ctx, 'stay', unique, (offer) => checkStayOffer(offer, { departDate, returnDate }));
  return rankStays(sane, centre).slice(0, MAX_STAY_OPTIONS);
}

/**
 * The offers that pass the sanity rules; every provider's results (tool call or direct search) go through
 * here before ranking. Rejections are counted and logged at debug only: the traveler never sees them.
 */
function saneOffers<Offer extends { id: string; provider: string }, Reason extends string>(
  ctx: AgentContext,
  kind: 'flight' | 'stay',
  offers: readonly Offer[],
  check: (offer: Offer) => Verdict<Reason>,
): Offer[] {
  const { accepted, rejected } = partitionOffers(offers, check);
  for (const { offer, reason } of rejected) {
    offersRejected.inc({ kind, reason });
    ctx.logger.debug({ kind, reason, offerId: offer.id, provider: offer.provider }, 'offer rejected by the sanity rules');
  }
  return accepted;
}

/** The city centre from geocoding (airport coordinates can be 20+ km out), else null. */
async function cityCentre(ctx: AgentContext, target: { city: string; iata: string }, signal: AbortSignal | undefined): Promise<{ latitude: number; longitude: number } | null> {
  try {
    return await geocodedCentre(ctx.providers.weather, { name: target.city, countryCode: ctx.places.city(target.iata)?.countryCode }, signal);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'geocoding the stay search centre failed');
    return null;
  }
}

// ---- Graph nodes (throwing: the step graphs propagate errors to the caller) ----

// Offers enter the plan here, so this is where they are converted into the trip's currency.
export async function findFlightsInCurrency(ctx: AgentContext, request: TripRequest, currency: string | null, config: LangGraphRunnableConfig): Promise<FlightOffer[]> {
  const offers = await findFlightsStep(ctx, request, config);
  return flightsInCurrency(ctx, offers, turnCurrency(ctx, { currency, request }), config.signal);
}

export async function findStaysInCurrency(ctx: AgentContext, request: TripRequest, destination: DestinationBrief | null, currency: string | null, config: LangGraphRunnableConfig): Promise<StayOffer[]> {
  const offers = await findStaysStep(ctx, request, destination, config);
  return staysInCurrency(ctx, offers, turnCurrency(ctx, { currency, request }), config.signal);
}
