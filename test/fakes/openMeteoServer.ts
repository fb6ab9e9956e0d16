// A local stand-in for Open-Meteo's geocoding and forecast APIs with their documented JSON shapes:
// - GET /v1/search?name=&count=&language=&format=json → {results: [{id, name, latitude, longitude, country_code,
//   timezone, …}], generationtime_ms} (no `results` key when nothing matches)
// - GET /v1/forecast?latitude&longitude&daily=…&timezone=auto&start_date&end_date → {latitude, longitude, timezone,
//   daily_units, daily: {time[], <variable>[]…}}
// - GET /v1/archive (historical weather, archive-api.open-meteo.com): the same parameters and response shape
//   as /v1/forecast; values depend on the year (see archiveValue) so averages over years are checkable
// - errors: HTTP 400 {error: true, reason}
import { startFakeHttpServer, type FakeHttpServer, type JsonReply, type RecordedRequest } from './fakeHttp.js';

export interface FakeOpenMeteo extends FakeHttpServer {
  /** Days (YYYY-MM-DD) for which the model has no values (null entries in the arrays). */
  nullDates: Set<string>;
}

const GAZETTEER = [
  { id: 2267057, name: 'Lisbon', latitude: 38.71667, longitude: -9.13333, country_code: 'PT', country: 'Portugal', admin1: 'Lisbon', timezone: 'Europe/Lisbon', population: 517802, feature_code: 'PPLC', elevation: 45 },
  { id: 2643743, name: 'London', latitude: 51.50853, longitude: -0.12574, country_code: 'GB', country: 'United Kingdom', admin1: 'England', timezone: 'Europe/London', population: 7556900, feature_code: 'PPLC', elevation: 25 },
  { id: 6058560, name: 'London', latitude: 42.98339, longitude: -81.23304, country_code: 'CA', country: 'Canada', admin1: 'Ontario', timezone: 'America/Toronto', population: 346765, feature_code: 'PPL', elevation: 251 },
  { id: 2988507, name: 'Paris', latitude: 48.85341, longitude: 2.3488, country_code: 'FR', country: 'France', admin1: 'Île-de-France', timezone: 'Europe/Paris', population: 2138551, feature_code: 'PPLC', elevation: 42 },
];

const DAILY_UNITS: Record<string, string> = {
  time: 'iso8601',
  temperature_2m_max: '°C',
  temperature_2m_min: '°C',
  precipitation_sum: 'mm',
  weather_code: 'wmo code',
};

export const openMeteoError = (status: number, reason: string): JsonReply => ({ status, body: { error: true, reason } });

export async function startFakeOpenMeteo(): Promise<FakeOpenMeteo> {
  const nullDates = new Set<string>();
  const server = await startFakeHttpServer((request) => handle(request, nullDates));
  return { ...server, nullDates };
}

function handle(request: RecordedRequest, nullDates: Set<string>): JsonReply {
  if (request.method === 'GET' && request.path === '/v1/search') {
    const name = (request.query.name ?? '').trim().toLowerCase();
    if (name.length < 2) return { status: 200, body: { generationtime_ms: 0.2 } };
    const count = Number(request.query.count ?? 10);
    const results = GAZETTEER.filter((place) => place.name.toLowerCase().startsWith(name)).slice(0, count);
    return { status: 200, body: results.length > 0 ? { results, generationtime_ms: 0.4 } : { generationtime_ms: 0.3 } };
  }
  if (request.method === 'GET' && (request.path === '/v1/forecast' || request.path === '/v1/archive')) {
    const archive = request.path === '/v1/archive';
    const { latitude, longitude, daily, start_date: start, end_date: end } = request.query;
    if (latitude === undefined || longitude === undefined) return openMeteoError(400, 'Parameter latitude and longitude must be set');
    if (!start || !end || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
      return openMeteoError(400, "Parameter 'start_date' and 'end_date' must be dates (yyyy-mm-dd)");
    }
    if (end < start) return openMeteoError(400, "Parameter 'end_date' must be after 'start_date'");
    const variables = (daily ?? '').split(',').filter(Boolean);
    const unknown = variables.find((variable) => !(variable in DAILY_UNITS));
    if (unknown) return openMeteoError(400, `Cannot initialize WeatherVariable from invalid String value ${unknown}`);
    const time = datesBetween(start, end);
    const values: Record<string, (number | null)[]> = {};
    for (const variable of variables) {
      values[variable] = time.map((date, index) => (nullDates.has(date) ? null : archive ? archiveValue(variable, date) : sampleValue(variable, index)));
    }
    return {
      status: 200,
      body: {
        latitude: Number(latitude),
        longitude: Number(longitude),
        generationtime_ms: 0.9,
        utc_offset_seconds: 3600,
        timezone: 'Europe/Lisbon',
        timezone_abbreviation: 'WEST',
        elevation: 45,
        daily_units: Object.fromEntries(['time', ...variables].map((variable) => [variable, DAILY_UNITS[variable] ?? ''])),
        daily: { time, ...values },
      },
    };
  }
  return { status: 404, body: { error: true, reason: 'Not Found' } };
}

/** Deterministic sample values: 24.5/16.1 °C, 0 mm and clear sky on day 0, then varying. */
function sampleValue(variable: string, index: number): number {
  switch (variable) {
    case 'temperature_2m_max':
      return 24.5 + index;
    case 'temperature_2m_min':
      return 16.1 + index / 2;
    case 'precipitation_sum':
      return index % 2 === 0 ? 0 : 3.4;
    case 'weather_code':
      return [0, 61, 3, 95][index % 4] ?? 0;
    default:
      return 0;
  }
}

/**
 * Past weather by year: maximum 10 + (year − 2020) °C, minimum 4 + (year − 2020) °C (plus the day of the
 * month / 10), rain 6 mm with code 63 in odd years, else 0 mm and code 2 (partly cloudy).
 */
export function archiveValue(variable: string, date: string): number {
  const year = Number(date.slice(0, 4)) - 2020;
  const dayOfMonth = Number(date.slice(8, 10));
  switch (variable) {
    case 'temperature_2m_max':
      return 10 + year + dayOfMonth / 10;
    case 'temperature_2m_min':
      return 4 + year + dayOfMonth / 10;
    case 'precipitation_sum':
      return year % 2 === 1 ? 6 : 0;
    case 'weather_code':
      return year % 2 === 1 ? 63 : 2;
    default:
      return 0;
  }
}

function datesBetween(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${start}T00:00:00Z`); day.toISOString().slice(0, 10) <= end; day.setUTCDate(day.getUTCDate() + 1)) {
    dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}
