import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OpenMeteoWeatherProvider } from '../../../providers/openMeteo.js';
import { ProviderError } from '../../../providers/types.js';
import { weatherSummary } from '../../../providers/weatherCodes.js';
import { closedPort } from '../../fakes/fakeHttp.js';
import { openMeteoError, startFakeOpenMeteo, type FakeOpenMeteo } from '../../fakes/openMeteoServer.js';

const NOW = new Date('2026-03-01T10:00:00Z');

describe('OpenMeteoWeatherProvider against a local Open-Meteo', () => {
  let fake: FakeOpenMeteo;
  let weather: OpenMeteoWeatherProvider;

  beforeAll(async () => {
    fake = await startFakeOpenMeteo();
    weather = new OpenMeteoWeatherProvider({ forecastUrl: fake.url, geocodingUrl: fake.url, now: () => NOW });
  });

  afterAll(async () => {
    await fake.close();
  });

  beforeEach(() => {
    fake.requests.length = 0;
    fake.nullDates.clear();
    fake.setDelay(0);
  });

  it('geocodes with the documented query and maps results', async () => {
    const places = await weather.geocode('  London ');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/v1/search');
    expect(fake.requests[0]?.query).toEqual({ name: 'London', count: '5', language: 'en', format: 'json' });
    expect(places).toEqual([
      { name: 'London', countryCode: 'GB', latitude: 51.50853, longitude: -0.12574, timeZone: 'Europe/London' },
      { name: 'London', countryCode: 'CA', latitude: 42.98339, longitude: -81.23304, timeZone: 'America/Toronto' },
    ]);
    expect(await weather.geocode('Nowhereville')).toEqual([]); // the API omits `results`
  });

  it('requests the daily variables for the dates and maps them with WMO summaries', async () => {
    const days = await weather.forecast(38.7167, -9.1333, '2026-03-02', '2026-03-05');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/v1/forecast');
    expect(fake.requests[0]?.query).toEqual({
      latitude: '38.7167',
      longitude: '-9.1333',
      daily: 'temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code',
      timezone: 'auto',
      start_date: '2026-03-02',
      end_date: '2026-03-05',
    });
    expect(days).toHaveLength(4);
    expect(days[0]).toEqual({ date: '2026-03-02', kind: 'forecast', temperatureMaxC: 24.5, temperatureMinC: 16.1, precipitationMm: 0, weatherCode: 0, summary: 'Clear sky' });
    expect(days[1]).toEqual({ date: '2026-03-03', kind: 'forecast', temperatureMaxC: 25.5, temperatureMinC: 16.6, precipitationMm: 3.4, weatherCode: 61, summary: 'Slight rain' });
    for (const day of days) expect(day.summary).toBe(weatherSummary(day.weatherCode));
  });

  it('clamps to the 16-day horizon, skips days without values and makes no call when nothing is in range', async () => {
    const days = await weather.forecast(38.7, -9.1, '2026-02-20', '2026-04-30');
    expect(fake.requests[0]?.query.start_date).toBe('2026-03-01');
    expect(fake.requests[0]?.query.end_date).toBe('2026-03-16');
    expect(days).toHaveLength(16);

    fake.nullDates.add('2026-03-03');
    const withGap = await weather.forecast(38.7, -9.1, '2026-03-02', '2026-03-04');
    expect(withGap.map((day) => day.date)).toEqual(['2026-03-02', '2026-03-04']);

    fake.requests.length = 0;
    expect(await weather.forecast(38.7, -9.1, '2026-06-01', '2026-06-07')).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('maps API errors to ProviderErrors (400 non-retryable with the reason, 429/5xx retryable)', async () => {
    fake.failNext(openMeteoError(400, "Parameter 'start_date' is out of allowed range"));
    const invalid = await weather.forecast(38.7, -9.1, '2026-03-02', '2026-03-03').catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ProviderError);
    expect(invalid).toMatchObject({ provider: 'open-meteo', retryable: false, status: 400 });
    expect((invalid as Error).message).toMatch(/out of allowed range/);

    fake.failNext(openMeteoError(429, 'Minutely API request limit exceeded. Please try again in one minute.'));
    await expect(weather.geocode('Lisbon')).rejects.toMatchObject({ retryable: true, status: 429 });
    fake.failNext(openMeteoError(502, 'Bad gateway'));
    await expect(weather.geocode('Lisbon')).rejects.toMatchObject({ retryable: true, status: 502 });

    const closed = new OpenMeteoWeatherProvider({ forecastUrl: `http://127.0.0.1:${await closedPort()}`, geocodingUrl: fake.url, now: () => NOW });
    await expect(closed.forecast(38.7, -9.1, '2026-03-02', '2026-03-03')).rejects.toMatchObject({ name: 'ProviderError', retryable: true });
  });

  it('honours the timeout and the caller’s AbortSignal', async () => {
    fake.setDelay(2_000);
    const impatient = new OpenMeteoWeatherProvider({ forecastUrl: fake.url, geocodingUrl: fake.url, now: () => NOW, timeoutMs: 100 });
    await expect(impatient.geocode('Lisbon')).rejects.toMatchObject({ name: 'ProviderError', retryable: true, message: expect.stringMatching(/timed out/) });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(weather.forecast(38.7, -9.1, '2026-03-02', '2026-03-03', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
