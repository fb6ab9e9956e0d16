import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadPlaces, type PlaceIndex } from '../../../domain/places.js';
import { estimateDay, SandboxWeatherProvider } from '../../../providers/sandbox/weather.js';
import { ProviderError } from '../../../providers/types.js';
import { FORECAST_HORIZON_DAYS, weatherSummary } from '../../../providers/weatherCodes.js';

const NOW = new Date('2026-07-10T09:00:00Z');

describe('SandboxWeatherProvider', () => {
  let places: PlaceIndex;
  let weather: SandboxWeatherProvider;

  beforeAll(async () => {
    places = await loadPlaces();
    weather = new SandboxWeatherProvider({ places, now: () => NOW });
  });

  it('geocodes city names and codes through the places index', async () => {
    const [lisbon] = await weather.geocode('Lisbon');
    expect(lisbon).toMatchObject({ name: 'Lisbon', countryCode: 'PT', timeZone: 'Europe/Lisbon' });
    expect(lisbon?.latitude).toBeCloseTo(38.77, 0);
    expect(lisbon?.longitude).toBeCloseTo(-9.13, 0);
    expect((await weather.geocode('  são paulo '))[0]).toMatchObject({ countryCode: 'BR', timeZone: 'America/Sao_Paulo' });
    expect((await weather.geocode('LON'))[0]).toMatchObject({ name: 'London', countryCode: 'GB', timeZone: 'Europe/London' });
    expect(await weather.geocode('Atlantis Under The Sea')).toEqual([]);
    expect(await weather.geocode('   ')).toEqual([]);
  });

  it('estimates a deterministic forecast within the 16-day horizon', async () => {
    const days = await weather.forecast(38.72, -9.14, '2026-07-08', '2026-08-30');
    expect(days[0]?.date).toBe('2026-07-10'); // not before today
    expect(days).toHaveLength(FORECAST_HORIZON_DAYS);
    expect(days.at(-1)?.date).toBe('2026-07-25');
    expect(await weather.forecast(38.72, -9.14, '2026-07-08', '2026-08-30')).toEqual(days);
    expect(await weather.forecast(38.72, -9.14, '2026-09-01', '2026-09-05')).toEqual([]);
    for (const day of days) {
      expect(day.temperatureMaxC).toBeGreaterThan(day.temperatureMinC);
      expect(day.precipitationMm).toBeGreaterThanOrEqual(0);
      expect(day.summary).toBe(weatherSummary(day.weatherCode));
      expect(day.summary).not.toMatch(/Unknown/);
    }
    await expect(weather.forecast(38.72, -9.14, 'tomorrow', '2026-07-12')).rejects.toBeInstanceOf(ProviderError);
  });

  it('follows latitude and the hemisphere’s seasons', () => {
    const averageMax = (latitude: number, month: string) => {
      let sum = 0;
      for (let day = 1; day <= 28; day += 1) sum += estimateDay(latitude, 10, `2026-${month}-${String(day).padStart(2, '0')}`).temperatureMaxC;
      return sum / 28;
    };
    expect(averageMax(50, '07')).toBeGreaterThan(averageMax(50, '01') + 10); // northern summer
    expect(averageMax(-34, '01')).toBeGreaterThan(averageMax(-34, '07') + 6); // southern summer
    expect(averageMax(1, '01')).toBeGreaterThan(26); // equatorial
    expect(Math.abs(averageMax(1, '01') - averageMax(1, '07'))).toBeLessThan(4);
    expect(averageMax(65, '01')).toBeLessThan(3); // sub-arctic winter
  });

  it('describes WMO codes', () => {
    expect(weatherSummary(0)).toBe('Clear sky');
    expect(weatherSummary(63)).toBe('Moderate rain');
    expect(weatherSummary(95)).toBe('Thunderstorm');
    expect(weatherSummary(42)).toBe('Unknown weather (WMO code 42)');
  });
});
