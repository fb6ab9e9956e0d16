// Weather for every trip day: the forecast within the 16-day horizon, typical weather (climate normals)
// beyond it — from Open-Meteo's historical archive (against the local fake in its documented shape) and
// from the sandbox's offline estimate.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dateRange } from '../../../domain/dates.js';
import { loadPlaces } from '../../../domain/places.js';
import { OpenMeteoWeatherProvider, OPEN_METEO_DAILY_VARIABLES, yearsBefore } from '../../../providers/openMeteo.js';
import { SandboxWeatherProvider } from '../../../providers/sandbox/weather.js';
import { weatherForEveryDay } from '../../../providers/tripWeather.js';
import { weatherSummary } from '../../../providers/weatherCodes.js';
import { openMeteoError, startFakeOpenMeteo, type FakeOpenMeteo } from '../../fakes/openMeteoServer.js';

const NOW = new Date('2026-03-01T10:00:00Z');

describe('typical weather from the Open-Meteo archive (local fake)', () => {
  let fake: FakeOpenMeteo;
  let weather: OpenMeteoWeatherProvider;

  beforeAll(async () => {
    fake = await startFakeOpenMeteo();
    weather = new OpenMeteoWeatherProvider({ forecastUrl: fake.url, geocodingUrl: fake.url, archiveUrl: fake.url, now: () => NOW });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.nullDates.clear();
  });

  it('averages the same days over the last 5 years, one archive request per year', async () => {
    const days = await weather.typical(38.7167, -9.1333, '2026-08-10', '2026-08-12');

    expect(fake.requests.map((request) => request.path)).toEqual(Array(5).fill('/v1/archive'));
    expect(fake.requests.map((request) => [request.query.start_date, request.query.end_date]).sort()).toEqual([
      ['2021-08-10', '2021-08-12'],
      ['2022-08-10', '2022-08-12'],
      ['2023-08-10', '2023-08-12'],
      ['2024-08-10', '2024-08-12'],
      ['2025-08-10', '2025-08-12'],
    ]);
    expect(fake.requests[0]?.query).toMatchObject({ latitude: '38.7167', longitude: '-9.1333', daily: OPEN_METEO_DAILY_VARIABLES.join(','), timezone: 'auto' });

    // Years 2021…2025 → offsets 1…5 (mean 3): max 10 + 3 + day/10, min 4 + 3 + day/10; rain in the odd
    // years (3 of 5), so the median year is a wet one.
    expect(days).toEqual([
      { date: '2026-08-10', kind: 'typical', temperatureMaxC: 14, temperatureMinC: 8, precipitationMm: 6, weatherCode: 63, summary: weatherSummary(63) },
      { date: '2026-08-11', kind: 'typical', temperatureMaxC: 14.1, temperatureMinC: 8.1, precipitationMm: 6, weatherCode: 63, summary: weatherSummary(63) },
      { date: '2026-08-12', kind: 'typical', temperatureMaxC: 14.2, temperatureMinC: 8.2, precipitationMm: 6, weatherCode: 63, summary: weatherSummary(63) },
    ]);
  });

  it('only asks for days the archive already has (it lags ~5 days), and skips years without values', async () => {
    // A year from now, late February: last year's 25–27 Feb are not in the archive yet on 1 March.
    fake.nullDates.add('2024-02-26');
    const days = await weather.typical(38.7, -9.1, '2027-02-25', '2027-02-27');
    expect(fake.requests.map((request) => request.query.start_date).sort()).toEqual(['2021-02-25', '2022-02-25', '2023-02-25', '2024-02-25', '2025-02-25']);
    expect(days.map((day) => day.date)).toEqual(['2027-02-25', '2027-02-26', '2027-02-27']);
    // 26 Feb: 2024 has no values, so the mean is over 2021, 2022, 2023, 2025 (offsets 1, 2, 3, 5 → 2.75).
    expect(days[1]?.temperatureMaxC).toBe(Math.round((10 + 2.75 + 2.6) * 10) / 10);
    expect(yearsBefore('2028-02-29', 2)).toBe('2026-02-28');
  });

  it('fills every trip day: forecast within the horizon, typical after it', async () => {
    const days = await weatherForEveryDay(weather, 38.7, -9.1, '2026-03-14', '2026-03-18');
    expect(days.map((day) => [day.date, day.kind])).toEqual([
      ['2026-03-14', 'forecast'],
      ['2026-03-15', 'forecast'],
      ['2026-03-16', 'forecast'],
      ['2026-03-17', 'typical'],
      ['2026-03-18', 'typical'],
    ]);
    const forecastRequest = fake.requests.find((request) => request.path === '/v1/forecast');
    expect(forecastRequest?.query).toMatchObject({ start_date: '2026-03-14', end_date: '2026-03-16' });
    expect(fake.requests.filter((request) => request.path === '/v1/archive').map((request) => request.query.start_date).sort()[0]).toBe('2021-03-17');

    // Months out: no forecast request at all, typical for every day.
    fake.requests.length = 0;
    const later = await weatherForEveryDay(weather, 38.7, -9.1, '2026-08-01', '2026-08-07');
    expect(later.map((day) => day.date)).toEqual(dateRange('2026-08-01', '2026-08-07'));
    expect(later.every((day) => day.kind === 'typical')).toBe(true);
    expect(fake.requests.every((request) => request.path === '/v1/archive')).toBe(true);
  });

  it('reports archive errors as ProviderErrors and refuses overlong windows', async () => {
    fake.failNext(openMeteoError(400, "Parameter 'start_date' is out of allowed range"));
    await expect(weather.typical(38.7, -9.1, '2026-08-01', '2026-08-01')).rejects.toMatchObject({ name: 'ProviderError', retryable: false, status: 400 });
    await expect(weather.typical(38.7, -9.1, '2026-08-01', '2026-12-01')).rejects.toMatchObject({ name: 'ProviderError', retryable: false });
  });
});

describe('typical weather from the sandbox (offline estimate)', () => {
  it('has weather for every day of a trip months out, labelled typical; forecast days inside the horizon', async () => {
    const weather = new SandboxWeatherProvider({ places: await loadPlaces(), now: () => NOW });
    const days = await weatherForEveryDay(weather, 38.72, -9.14, '2026-02-25', '2026-08-20');
    expect(days.map((day) => day.date)).toEqual(dateRange('2026-02-25', '2026-08-20'));
    const forecast = days.filter((day) => day.kind === 'forecast').map((day) => day.date);
    expect(forecast).toEqual(dateRange('2026-03-01', '2026-03-16'));
    // Past days before today are not forecast either: typical fills them too.
    expect(days.filter((day) => day.kind === 'typical')).toHaveLength(days.length - 16);
    for (const day of days) {
      expect(day.temperatureMaxC).toBeGreaterThanOrEqual(day.temperatureMinC);
      expect(day.summary).toBe(weatherSummary(day.weatherCode));
    }
    // Lisbon in August is warmer than in early March.
    const mean = (from: string, to: string) => {
      const window = days.filter((day) => day.date >= from && day.date <= to);
      return window.reduce((sum, day) => sum + day.temperatureMaxC, 0) / window.length;
    };
    expect(mean('2026-08-01', '2026-08-20')).toBeGreaterThan(mean('2026-02-25', '2026-03-16') + 4);
  });
});
