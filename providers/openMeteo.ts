// Open-Meteo (https://open-meteo.com): free geocoding and a 16-day daily forecast, no key.
// - geocoding: GET {OPEN_METEO_GEOCODING_URL}/v1/search?name=&count=&language=en&format=json → results[]
// - forecast:  GET {OPEN_METEO_FORECAST_URL}/v1/forecast?latitude&longitude&daily=…&timezone=auto
//              &start_date&end_date → daily{time[], temperature_2m_max[], …}
// Dates outside [today, today + 15] are not requested (the API rejects them); such days are omitted.
import { z } from 'zod';
import type { DailyWeather } from '../domain/trip.js';
import { addDays, fromEpochDay, isIsoDate } from '../domain/dates.js';
import { utcDayNumber } from './dates.js';
import { apiUrl, asProviderError, isRetryableStatus, withDeadline } from './http.js';
import { ProviderError, type GeoPlace, type WeatherProvider } from './types.js';
import { FORECAST_HORIZON_DAYS, weatherSummary } from './weatherCodes.js';

export const OPEN_METEO_PROVIDER_NAME = 'open-meteo';
export const OPEN_METEO_DAILY_VARIABLES = ['temperature_2m_max', 'temperature_2m_min', 'precipitation_sum', 'weather_code'] as const;
const DEFAULT_TIMEOUT_MS = 10_000;
const GEOCODE_RESULTS = 5;

const geocodingResponse = z.object({
  results: z
    .array(
      z.object({
        name: z.string(),
        latitude: z.number(),
        longitude: z.number(),
        country_code: z.string().optional(),
        timezone: z.string().optional(),
      }),
    )
    .optional(),
});

const series = z.array(z.number().nullable());
const forecastResponse = z.object({
  daily: z.object({
    time: z.array(z.string()),
    temperature_2m_max: series,
    temperature_2m_min: series,
    precipitation_sum: series,
    weather_code: series,
  }),
});

const errorBody = z.object({ reason: z.string() });

export interface OpenMeteoOptions {
  forecastUrl: string;
  geocodingUrl: string;
  timeoutMs?: number;
  /** Clock for the forecast horizon. */
  now?: () => Date;
  fetch?: typeof fetch;
}

export class OpenMeteoWeatherProvider implements WeatherProvider {
  readonly name = OPEN_METEO_PROVIDER_NAME;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OpenMeteoOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => new Date());
    this.fetchImpl = options.fetch ?? fetch;
  }

  async geocode(name: string, signal?: AbortSignal): Promise<GeoPlace[]> {
    const query = name.trim();
    if (!query) return [];
    const url = apiUrl(this.options.geocodingUrl, 'v1/search');
    url.search = new URLSearchParams({ name: query, count: String(GEOCODE_RESULTS), language: 'en', format: 'json' }).toString();
    const body = geocodingResponse.safeParse(await this.getJson(url, 'geocoding', signal));
    if (!body.success) throw new ProviderError(this.name, `unexpected geocoding response: ${body.error.message}`, false);
    return (body.data.results ?? []).map((result) => ({
      name: result.name,
      countryCode: result.country_code ?? '',
      latitude: result.latitude,
      longitude: result.longitude,
      timeZone: result.timezone ?? 'UTC',
    }));
  }

  async forecast(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    if (!isIsoDate(startDate) || !isIsoDate(endDate)) throw new ProviderError(this.name, `invalid dates "${startDate}" – "${endDate}"`, false);
    const today = fromEpochDay(utcDayNumber(this.now()));
    const lastDay = addDays(today, FORECAST_HORIZON_DAYS - 1);
    const from = startDate > today ? startDate : today;
    const to = endDate < lastDay ? endDate : lastDay;
    if (from > to) {
      signal?.throwIfAborted();
      return [];
    }
    const url = apiUrl(this.options.forecastUrl, 'v1/forecast');
    url.search = new URLSearchParams({
      latitude: String(latitude),
      longitude: String(longitude),
      daily: OPEN_METEO_DAILY_VARIABLES.join(','),
      timezone: 'auto',
      start_date: from,
      end_date: to,
    }).toString();
    const body = forecastResponse.safeParse(await this.getJson(url, 'forecast', signal));
    if (!body.success) throw new ProviderError(this.name, `unexpected forecast response: ${body.error.message}`, false);
    const daily = body.data.daily;
    const days: DailyWeather[] = [];
    daily.time.forEach((date, index) => {
      const max = daily.temperature_2m_max[index];
      const min = daily.temperature_2m_min[index];
      const code = daily.weather_code[index];
      if (max == null || min == null || code == null) return; // the model has no value for that day
      days.push({
        date,
        temperatureMaxC: max,
        temperatureMinC: min,
        precipitationMm: daily.precipitation_sum[index] ?? 0,
        weatherCode: code,
        summary: weatherSummary(code),
      });
    });
    return days;
  }

  private async getJson(url: URL, what: string, signal?: AbortSignal): Promise<unknown> {
    return withDeadline(this.name, what, this.timeoutMs, signal, async (combined) => {
      let response: Response;
      try {
        response = await this.fetchImpl(url, { headers: { accept: 'application/json' }, signal: combined });
      } catch (error) {
        if (combined.aborted) throw combined.reason;
        throw asProviderError(this.name, error);
      }
      const text = await response.text();
      if (!response.ok) {
        let reason = text.slice(0, 200) || response.statusText;
        try {
          const parsed = errorBody.safeParse(JSON.parse(text));
          if (parsed.success) reason = parsed.data.reason;
        } catch {
          // not JSON: keep the text
        }
        throw new ProviderError(this.name, `${what} failed with HTTP ${response.status}: ${reason}`, isRetryableStatus(response.status), response.status);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ProviderError(this.name, `${what} returned invalid JSON`, true, response.status);
      }
    });
  }
}
