// Provider selection: Duffel for flights and stays when DUFFEL_ACCESS_TOKEN is set, else the built-in
// sandbox; WEATHER_PROVIDER picks the sandbox's climate estimate or Open-Meteo, GEOCODING_PROVIDER where
// city centres come from. Every provider is wrapped by the Redis cache (providers/cache.ts).
import { loadPlaces, type PlaceIndex } from '../domain/places.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.js';
import { ProviderCache, withCache } from './cache.js';
import { createCurrencyConverter } from './fx.js';
import { OpenMeteoWeatherProvider } from './openMeteo.js';
import { SandboxFlightProvider } from './sandbox/flights.js';
import { SandboxStayProvider } from './sandbox/stays.js';
import { SandboxWeatherProvider } from './sandbox/weather.js';
import type { DailyWeather } from '../domain/trip.js';
import type { FlightProvider, GeoPlace, Providers, StayProvider, WeatherProvider } from './types.js';

export interface ProviderDeps {
  redis: Redis;
  logger: Logger;
  /** Injectable clock for the sandbox, the forecast horizon and cache ageing (tests, price watches). */
  now?: () => Date;
}

/** Duffel flights + stays for an access token (the platform's, or a traveler's own). */
export async function createDuffelProviders(config: Pick<Config, 'DUFFEL_API_URL'>, token: string): Promise<{ flights: FlightProvider; stays: StayProvider }> {
  // Imported lazily: the SDK swaps process.env for a copy at import time (see providers/duffel.ts).
  const { createDuffelClient, DuffelFlightProvider, DuffelStayProvider } = await import('./duffel.js');
  const options = { token, baseUrl: config.DUFFEL_API_URL };
  const client = createDuffelClient(options);
  return { flights: new DuffelFlightProvider(options, client), stays: new DuffelStayProvider(options, client) };
}

export async function createProviders(config: Config, deps: ProviderDeps): Promise<Providers> {
  const now = deps.now ?? (() => new Date());
  let places: PlaceIndex | undefined;
  const placeIndex = async () => (places ??= await loadPlaces());

  let flights: FlightProvider;
  let stays: StayProvider;
  if (config.DUFFEL_ACCESS_TOKEN) {
    ({ flights, stays } = await createDuffelProviders(config, config.DUFFEL_ACCESS_TOKEN));
  } else {
    flights = new SandboxFlightProvider({ places: await placeIndex(), now });
    stays = new SandboxStayProvider({ places: await placeIndex(), now });
  }

  const openMeteo = (): WeatherProvider =>
    new OpenMeteoWeatherProvider({
      forecastUrl: config.OPEN_METEO_FORECAST_URL,
      geocodingUrl: config.OPEN_METEO_GEOCODING_URL,
      archiveUrl: config.OPEN_METEO_ARCHIVE_URL,
      now,
    });
  const sandboxWeather = async (): Promise<WeatherProvider> => new SandboxWeatherProvider({ places: await placeIndex(), now });
  const forecasts = config.WEATHER_PROVIDER === 'open-meteo' ? openMeteo() : await sandboxWeather();
  const geocoding = config.GEOCODING_PROVIDER ?? (config.WEATHER_PROVIDER === 'open-meteo' || config.DUFFEL_ACCESS_TOKEN ? 'open-meteo' : 'sandbox');
  const weather = geocoding === config.WEATHER_PROVIDER ? forecasts : new WithGeocoder(forecasts, geocoding === 'open-meteo' ? openMeteo() : await sandboxWeather());

  deps.logger.info({ flights: flights.name, stays: stays.name, weather: weather.name, fx: config.FX_RATES_SOURCE }, 'providers selected');
  const cache = new ProviderCache({ redis: deps.redis, logger: deps.logger, now });
  const fx = createCurrencyConverter({ source: config.FX_RATES_SOURCE, url: config.FX_ECB_RATES_URL, cache, logger: deps.logger });
  return { ...withCache({ flights, stays, weather }, cache), fx };
}

/**
 * Forecasts from one provider, geocoding (city centres) from another: the sandbox's climate estimate with
 * Open-Meteo's centres, say. Named after both, so the cache never mixes its answers with either alone's.
 */
export class WithGeocoder implements WeatherProvider {
  readonly name: string;

  constructor(
    private readonly weather: WeatherProvider,
    private readonly geocoder: WeatherProvider,
  ) {
    this.name = `${weather.name}+${geocoder.name}-geocoding`;
  }

  geocode(name: string, signal?: AbortSignal): Promise<GeoPlace[]> {
    return this.geocoder.geocode(name, signal);
  }

  forecast(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    return this.weather.forecast(latitude, longitude, startDate, endDate, signal);
  }

  typical(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    return this.weather.typical(latitude, longitude, startDate, endDate, signal);
  }
}
