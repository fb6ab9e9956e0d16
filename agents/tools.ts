// The tools the specialists' models call natively (AIMessage.tool_calls → ToolNode). Each tool reads the
// AgentContext from its run config, so the tool objects (and the ToolNodes holding them) are built once.
//
// Tools answer in `content_and_artifact` form: `content` is compact JSON for the model to read (a
// summary plus the top options), the `artifact` is the full structured result the specialist node keeps.
// Provider failures are returned as data (artifact `{ ok: false, error }`) rather than thrown, so a
// specialist can re-raise them with their retryable flag intact.
import { tool } from '@langchain/core/tools';
import type { ToolRunnableConfig } from '@langchain/core/tools';
import { z } from 'zod';
import { isoDateSchema } from '../contracts/primitiveSchemas.js';
import { placeRefOf, type PlaceIndex } from '../domain/places.js';
import { cabinClasses, type DailyWeather, type FlightOffer, type PlaceRef, type StayOffer } from '../domain/trip.js';
import { ProviderError, type GeoPlace, type WeatherProvider } from '../providers/types.js';
import { weatherForEveryDay } from '../providers/tripWeather.js';
import { changeSetSchema, type ChangeSet, type PlaceArg, type ResolvedChangeSet } from './changeSet.js';
import { agentContextFrom } from './context.js';
import { formatMoney } from './knowledge.js';
import { flightCarriers, formatDuration, rankFlights, rankStays, stopsLabel } from './ranking.js';

export const TOOL = {
  updateTripRequest: 'update_trip_request',
  lookupPlace: 'lookup_place',
  geocode: 'geocode',
  getForecast: 'get_forecast',
  searchFlights: 'search_flights',
  searchStays: 'search_stays',
} as const;

export interface ProviderFailure {
  provider: string;
  message: string;
  retryable: boolean;
  status?: number;
}

export type ToolOutcome<T> = { ok: true; value: T } | { ok: false; error: ProviderFailure };

const iataCode = z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter IATA code');

async function attempt<T>(run: () => Promise<T>, provider: string): Promise<ToolOutcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ProviderError) {
      const prefix = `${error.provider}: `;
      const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      return { ok: false, error: { provider: error.provider, message, retryable: error.retryable, ...(error.status !== undefined ? { status: error.status } : {}) } };
    }
    if (error instanceof Error && error.name === 'AbortError') throw error;
    return { ok: false, error: { provider, message: error instanceof Error ? error.message : String(error), retryable: true } };
  }
}

function failureContent(error: ProviderFailure): string {
  return JSON.stringify({ error: `${error.provider}: ${error.message}`, retryable: error.retryable });
}

// ---- Places ----

/** Resolves a model- or parser-supplied place against the places index (IATA first, then the name). */
export function resolvePlace(places: PlaceIndex, place: { city?: string | undefined; iata?: string | undefined }): PlaceRef | null {
  const code = place.iata?.trim().toUpperCase();
  if (code && /^[A-Z]{3}$/.test(code)) {
    const city = places.city(code);
    if (city) return { city: place.city?.trim() || city.name, iata: code };
  }
  const name = place.city?.trim();
  if (name) {
    const byName = places.lookup(name);
    if (byName) return placeRefOf(byName);
    if (/^[A-Za-z]{3}$/.test(name)) {
      const city = places.city(name);
      if (city) return { city: city.name, iata: city.code };
    }
  }
  return null;
}

// ---- update_trip_request ----

/** The tool's artifact: the change set with its places resolved. */
export interface TripRequestUpdateResult {
  changes: ResolvedChangeSet;
}

export const updateTripRequestTool = tool(
  async (args: ChangeSet, config: ToolRunnableConfig): Promise<[string, TripRequestUpdateResult]> => {
    const { places } = agentContextFrom(config);
    const resolve = (place: PlaceArg, field: string): PlaceRef => {
      const resolved = resolvePlace(places, place);
      if (!resolved) throw new Error(`unknown place "${place.city}${place.iata ? ` (${place.iata})` : ''}" for ${field}; give a city or airport with scheduled flights`);
      return resolved;
    };
    const { origin, destination, alsoVisiting, ...rest } = args;
    const changes: ResolvedChangeSet = { ...rest };
    if (origin !== undefined) changes.origin = origin === null ? null : resolve(origin, 'origin');
    if (destination !== undefined) changes.destination = destination === null ? null : resolve(destination, 'destination');
    if (alsoVisiting !== undefined) changes.alsoVisiting = alsoVisiting.map((place, index) => resolve(place, `alsoVisiting[${index}]`));
    if (args.intent !== 'change' && Object.keys(changes).some((key) => !['intent', 'questionTopic', 'clarifyingQuestion'].includes(key))) {
      throw new Error(`intent "${args.intent}" carries no changes; use intent "change" to change the trip`);
    }
    return [JSON.stringify({ recorded: Object.keys(changes).filter((key) => key !== 'intent'), intent: args.intent }), { changes }];
  },
  {
    name: TOOL.updateTripRequest,
    description:
      "Record what the traveler's latest message is (intent) and, for a change, ONLY what it changes relative to the current request; omit everything else. Relative edits (\"two days later\", \"+1 friend\") use the shift/add fields.",
    schema: changeSetSchema,
    responseFormat: 'content_and_artifact',
  },
);

// ---- Destination research ----

export interface PlaceFacts {
  city: string;
  iata: string;
  countryCode: string;
  /** The main airport's position: the airport datasets carry no city centres (geocodedCentre does). */
  latitude: number;
  longitude: number;
  timeZone: string;
  airports: string[];
}

/** A city's facts from the airport database, by IATA city or airport code; null when unknown. */
export function placeFacts(places: PlaceIndex, code: string): PlaceFacts | null {
  const city = places.city(code);
  if (!city) return null;
  return {
    city: city.name,
    iata: city.code,
    countryCode: city.countryCode,
    latitude: city.latitude,
    longitude: city.longitude,
    timeZone: city.airports[0]?.timeZone ?? 'UTC',
    airports: city.airports.map((airport) => airport.iata),
  };
}

export const lookupPlaceTool = tool(
  (args: { code: string }, config: ToolRunnableConfig): [string, PlaceFacts | null] => {
    const facts = placeFacts(agentContextFrom(config).places, args.code);
    if (!facts) return [JSON.stringify({ error: `no city or airport with code ${args.code}` }), null];
    return [JSON.stringify(facts), facts];
  },
  {
    name: TOOL.lookupPlace,
    description: 'Look up a city by IATA city or airport code in the airport database: name, country, airports, time zone, and its main airport\'s coordinates (not the city centre: geocode the city for that).',
    schema: z.object({ code: iataCode.describe('IATA city or airport code, e.g. "LIS"') }),
    responseFormat: 'content_and_artifact',
  },
);

/**
 * A city's centre: the geocoder's place of that name in the city's country (Open-Meteo's `latitude` and
 * `longitude` are the town centre), null when it knows none. Never the airport: callers decide the fallback.
 */
export async function geocodedCentre(geocoder: Pick<WeatherProvider, 'geocode'>, city: { name: string; countryCode?: string | undefined }, signal?: AbortSignal): Promise<{ latitude: number; longitude: number } | null> {
  const places = await geocoder.geocode(city.name, signal);
  const match = places.find((place) => city.countryCode === undefined || place.countryCode === city.countryCode);
  return match ? { latitude: match.latitude, longitude: match.longitude } : null;
}

export const geocodeTool = tool(
  async (args: { name: string }, config: ToolRunnableConfig): Promise<[string, ToolOutcome<GeoPlace[]>]> => {
    const { providers } = agentContextFrom(config);
    const outcome = await attempt(async () => (await providers.weather.geocode(args.name, config.signal)).slice(0, 5), providers.weather.name);
    if (!outcome.ok) return [failureContent(outcome.error), outcome];
    return [JSON.stringify({ results: outcome.value }), outcome];
  },
  {
    name: TOOL.geocode,
    description: 'Geocode a city name to the coordinates of its centre, its country and time zone.',
    schema: z.object({ name: z.string().min(1).max(120).describe('City name, e.g. "Lisbon"') }),
    responseFormat: 'content_and_artifact',
  },
);

export const getForecastTool = tool(
  async (
    args: { latitude: number; longitude: number; startDate: string; endDate: string },
    config: ToolRunnableConfig,
  ): Promise<[string, ToolOutcome<DailyWeather[]>]> => {
    const { providers } = agentContextFrom(config);
    const endDate = args.endDate < args.startDate ? args.startDate : args.endDate;
    const outcome = await attempt(
      () => weatherForEveryDay(providers.weather, args.latitude, args.longitude, args.startDate, endDate, config.signal),
      providers.weather.name,
    );
    if (!outcome.ok) return [failureContent(outcome.error), outcome];
    const days = outcome.value;
    const forecastDays = days.filter((day) => day.kind === 'forecast').length;
    const summary = `${days.length} days: ${forecastDays} forecast, ${days.length - forecastDays} typical (climate normals beyond the forecast horizon)`;
    return [
      JSON.stringify({ summary, days: days.map((day) => ({ date: day.date, kind: day.kind, summary: day.summary, maxC: day.temperatureMaxC, minC: day.temperatureMinC, rainMm: day.precipitationMm })) }),
      outcome,
    ];
  },
  {
    name: TOOL.getForecast,
    description: 'Daily weather for coordinates between two dates: the forecast within ~16 days, typical weather (climate normals, kind "typical") beyond.',
    schema: z.object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      startDate: isoDateSchema,
      endDate: isoDateSchema,
    }),
    responseFormat: 'content_and_artifact',
  },
);

// ---- Flights ----

export const searchFlightsSchema = z.object({
  origin: iataCode.describe('IATA code of the departure city or airport'),
  destination: iataCode.describe('IATA code of the arrival city or airport'),
  departDate: isoDateSchema,
  returnDate: isoDateSchema.nullable().describe('Return date, or null for one-way'),
  adults: z.number().int().min(1).max(9),
  children: z.number().int().min(0).max(9).default(0),
  cabinClass: z.enum(cabinClasses).default('economy'),
});

export const searchFlightsTool = tool(
  async (args: z.infer<typeof searchFlightsSchema>, config: ToolRunnableConfig): Promise<[string, ToolOutcome<FlightOffer[]>]> => {
    const { providers } = agentContextFrom(config);
    const search = { ...args, origin: args.origin.toUpperCase(), destination: args.destination.toUpperCase() };
    const outcome = await attempt(() => providers.flights.searchFlights(search, config.signal), providers.flights.name);
    if (!outcome.ok) return [failureContent(outcome.error), outcome];
    const ranked = rankFlights(outcome.value, args.adults + args.children);
    const top = ranked.slice(0, 5).map((offer) => ({
      id: offer.id,
      price: formatMoney(offer.price),
      stops: stopsLabel(offer.stops),
      duration: formatDuration(offer.totalDurationMinutes),
      carriers: flightCarriers(offer),
      departs: offer.outbound[0]?.departAt ?? null,
      returns: offer.inbound[0]?.departAt ?? null,
    }));
    return [JSON.stringify({ summary: `${ranked.length} flight offers`, best: top }), { ok: true, value: ranked }];
  },
  {
    name: TOOL.searchFlights,
    description: 'Search flight offers (round trip when returnDate is set) for the whole party. Returns the best options ranked by price, duration and stops.',
    schema: searchFlightsSchema,
    responseFormat: 'content_and_artifact',
  },
);

// ---- Stays ----

export const searchStaysSchema = z.object({
  cityCode: iataCode.describe('IATA city code of the destination'),
  checkIn: isoDateSchema,
  checkOut: isoDateSchema,
  adults: z.number().int().min(1).max(9),
  children: z.number().int().min(0).max(9).default(0),
  rooms: z.number().int().min(1).max(9).optional().describe('Defaults to one room per two adults'),
  latitude: z.number().min(-90).max(90).optional().describe('Centre to search around; defaults to the city centre'),
  longitude: z.number().min(-180).max(180).optional(),
});

export const searchStaysTool = tool(
  async (args: z.infer<typeof searchStaysSchema>, config: ToolRunnableConfig): Promise<[string, ToolOutcome<StayOffer[]>]> => {
    const { providers, places, stayQuoteCurrency } = agentContextFrom(config);
    const cityCode = args.cityCode.toUpperCase();
    const city = places.city(cityCode);
    let centre = args.latitude !== undefined && args.longitude !== undefined ? { latitude: args.latitude, longitude: args.longitude } : null;
    if (!centre && city) {
      // The place data's coordinates are the main airport's (LIS is ~7 km from Lisbon's centre): search
      // around the geocoded centre, the airport only when geocoding has no answer.
      centre = (await geocodedCentre(providers.weather, city, config.signal).catch(() => null)) ?? { latitude: city.latitude, longitude: city.longitude };
    }
    if (!centre) throw new Error(`unknown city code ${cityCode}; pass latitude and longitude`);
    const { latitude, longitude } = centre;
    if (args.checkOut <= args.checkIn) throw new Error('checkOut must be after checkIn');
    const search = {
      cityCode,
      latitude,
      longitude,
      checkIn: args.checkIn,
      checkOut: args.checkOut,
      adults: args.adults,
      children: args.children,
      rooms: args.rooms ?? Math.max(1, Math.ceil(args.adults / 2)),
      ...(stayQuoteCurrency && { currency: stayQuoteCurrency }),
    };
    const outcome = await attempt(() => providers.stays.searchStays(search, config.signal), providers.stays.name);
    if (!outcome.ok) return [failureContent(outcome.error), outcome];
    const ranked = rankStays(outcome.value, { latitude, longitude });
    const top = ranked.slice(0, 5).map((offer) => ({
      id: offer.id,
      name: offer.name,
      stars: offer.rating,
      reviews: offer.reviewScore,
      total: formatMoney(offer.totalPrice),
      perNight: formatMoney(offer.pricePerNight),
    }));
    return [JSON.stringify({ summary: `${ranked.length} stays`, best: top }), { ok: true, value: ranked }];
  },
  {
    name: TOOL.searchStays,
    description: 'Search hotels and other stays in a city for the given nights. Returns the best-value options ranked by price, reviews and location.',
    schema: searchStaysSchema,
    responseFormat: 'content_and_artifact',
  },
);
