// Open-Meteo (https://open-meteo.com): free geocoding, a 16-day daily forecast and the historical archive, no key.
// - geocoding: GET {OPEN_METEO_GEOCODING_URL}/v1/search?name=&count=&language=en&format=json → results[]
// - forecast:  GET {OPEN_METEO_FORECAST_URL}/v1/forecast?latitude&longitude&daily=…&timezone=auto
//              &start_date&end_date → daily{time[], temperature_2m_max[], …}
//   Dates outside [today, today + 15] are not requested (the API rejects them); such days are omitted.
// - archive:   GET {OPEN_METEO_ARCHIVE_URL}/v1/archive with the same parameters and response shape (ERA5
//   reanalysis, complete up to about 5 days ago). Typical weather for a trip day = the same calendar day over
//   the last TYPICAL_YEARS years: one request per year for the trip's window (a few days of data each,
//   rather than years of it in one call), temperatures averaged, rain and sky from the median-rain year.
import { z } from 'zod';
import type { DailyWeather } from '../domain/trip.js';
import { addDays, dateRange, fromEpochDay } from '../domain/dates.js';
import { isIsoDate } from '../contracts/primitives.js';
import { utcDayNumber } from './dates.js';
import { apiUrl, asProviderError, isRetryableStatus, withDeadline } from './http.js';
import { ProviderError, type GeoPlace, type WeatherProvider } from './types.js';
import { forecastWindow, weatherSummary } from './weatherCodes.js';

export const OPEN_METEO_PROVIDER_NAME = 'open-meteo';
export const OPEN_METEO_DAILY_VARIABLES = ['temperature_2m_max', 'temperature_2m_min', 'precipitation_sum', 'weather_code'] as const;
const DEFAULT_TIMEOUT_MS = 10_000;
const GEOCODE_RESULTS = 5;
/** Years of history averaged into typical weather. */
export const TYPICAL_YEARS = 5;
/** The archive's lag behind today (ERA5 arrives ~5 days late), with a day of margin. */
const ARCHIVE_LAG_DAYS = 6;
/** Longest window typical weather is computed for (a long trip's every day, with room to spare). */
const MAX_TYPICAL_DAYS = 62;

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
const dailyResponse = z.object({
  daily: z.object({
    time: z.array(z.string()),
    temperature_2m_max: series,
    temperature_2m_min: series,
    precipitation_sum: series,
    weather_code: series,
  }),
});

const errorBody = z.object({ reason: z.string() });
export const DEFAULT_ARCHIVE_URL = 'https://archive-api.open-meteo.com';

export interface OpenMeteoOptions {
  forecastUrl: string;
  geocodingUrl: string;
  /** The historical archive (typical weather); default Open-Meteo's public one. */
  archiveUrl?: string;
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
    const { from, to } = forecastWindow(this.now(), startDate, endDate);
    if (from > to) {
      signal?.throwIfAborted();
      return [];
    }
    const days = await this.daily('forecast', latitude, longitude, from, to, signal);
    return days.map((day) => ({ ...day, kind: 'forecast' as const }));
  }

  async typical(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    if (!isIsoDate(startDate) || !isIsoDate(endDate)) throw new ProviderError(this.name, `invalid dates "${startDate}" – "${endDate}"`, false);
    const dates = dateRange(startDate, endDate);
    if (dates.length === 0) return [];
    if (dates.length > MAX_TYPICAL_DAYS) throw new ProviderError(this.name, `typical weather covers at most ${MAX_TYPICAL_DAYS} days`, false);
    // The most recent whole window the archive already has, then the years before it.
    const cutoff = addDays(fromEpochDay(utcDayNumber(this.now())), -ARCHIVE_LAG_DAYS);
    let latest = 1;
    while (yearsBefore(endDate, latest) > cutoff) latest += 1;
    const years = Array.from({ length: TYPICAL_YEARS }, (_, index) => latest + index);
    const samples = await Promise.all(
      years.map(async (back) => {
        const days = await this.daily('archive', latitude, longitude, yearsBefore(startDate, back), yearsBefore(endDate, back), signal);
        return new Map(days.map((day) => [day.date, day]));
      }),
    );
    const typical: DailyWeather[] = [];
    for (const date of dates) {
      const sameDay = samples.flatMap((byDate, index) => byDate.get(yearsBefore(date, years[index] ?? 0)) ?? []);
      if (sameDay.length === 0) continue;
      const byRain = [...sameDay].sort((a, b) => a.precipitationMm - b.precipitationMm || a.weatherCode - b.weatherCode);
      const median = byRain[Math.floor(byRain.length / 2)] ?? byRain[0]!;
      typical.push({
        date,
        kind: 'typical',
        temperatureMaxC: round1(mean(sameDay.map((day) => day.temperatureMaxC))),
        temperatureMinC: round1(mean(sameDay.map((day) => day.temperatureMinC))),
        precipitationMm: round1(median.precipitationMm),
        weatherCode: median.weatherCode,
        summary: weatherSummary(median.weatherCode),
      });
    }
    return typical;
  }

  /** GET /v1/forecast or /v1/archive for the four daily variables; days the model has no values for are skipped. */
  private async daily(
    source: 'forecast' | 'archive',
    latitude: number,
    longitude: number,
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<Omit<DailyWeather, 'kind'>[]> {
    const base = source === 'forecast' ? this.options.forecastUrl : (this.options.archiveUrl ?? DEFAULT_ARCHIVE_URL);
    const url = apiUrl(base, `v1/${source}`);
    url.search = new URLSearchParams({
      latitude: String(latitude),
      longitude: String(longitude),
      daily: OPEN_METEO_DAILY_VARIABLES.join(','),
      timezone: 'auto',
      start_date: from,
      end_date: to,
    }).toString();
    const body = dailyResponse.safeParse(await this.getJson(url, source, signal));
    if (!body.success) throw new ProviderError(this.name, `unexpected ${source} response: ${body.error.message}`, false);
    const daily = body.data.daily;
    const days: Omit<DailyWeather, 'kind'>[] = [];
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

/** The same calendar day `years` earlier (29 February → 28 February in a common year). */
export function yearsBefore(date: string, years: number): string {
  const year = String(Number(date.slice(0, 4)) - years).padStart(4, '0');
  const candidate = `${year}${date.slice(4)}`;
  return isIsoDate(candidate) ? candidate : `${year}-02-28`;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
