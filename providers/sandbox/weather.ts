// The built-in weather sandbox. Geocoding uses the places index (city names and IATA codes); the
// "forecast" is a deterministic CLIMATE ESTIMATE, not a forecast: a typical day for the latitude, the
// hemisphere's season and the day of the year, with per-day variation seeded by place and date.
//
// Model (rough, but the right shape everywhere):
// - annual mean temperature ≈ 31·cos(lat)^1.5 − 5 °C (≈26 °C at the equator, ≈10 °C at 51° N);
// - seasonal swing ± (0.8 + 0.12·|lat|) °C around it, warmest ~19 July (north) / ~17 January (south);
// - day-to-night range ~8 °C dry, ~5 °C wet; ±2.5 °C day-to-day variation;
// - wet-day chance by climate band: tropics wetter in their summer (monsoon), 30–45° dry summers
//   (Mediterranean), 45–60° evenly wet; snow when the day stays near freezing;
// - WMO codes chosen from cloudiness and rain amount, described by the shared weatherSummary().
// Like the real provider, forecast() returns only days within the forecast horizon (today + 15), labelled
// `forecast`; typical() returns the same estimate for any day, labelled `typical` (the offline stand-in for
// Open-Meteo's climate normals, so a trip months out still has weather for every day).
import type { DailyWeather, WeatherKind } from '../../domain/trip.js';
import type { CityInfo, PlaceIndex } from '../../domain/places.js';
import { dateRange, dayOfYear } from '../../domain/dates.js';
import { isIsoDate } from '../../contracts/primitives.js';
import { safeTimeZone } from '../dates.js';
import { ProviderError, type GeoPlace, type WeatherProvider } from '../types.js';
import { forecastWindow, weatherSummary } from '../weatherCodes.js';
import { SANDBOX_PROVIDER_NAME } from './common.js';
import { SeededRandom } from './random.js';
import { cityDisplayName, resolvePlace } from './world.js';

const MAX_GEOCODE_RESULTS = 5;

export interface SandboxWeatherOptions {
  places: PlaceIndex;
  now?: () => Date;
}

export class SandboxWeatherProvider implements WeatherProvider {
  readonly name = SANDBOX_PROVIDER_NAME;
  private readonly places: PlaceIndex;
  private readonly now: () => Date;

  constructor(options: SandboxWeatherOptions) {
    this.places = options.places;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Offline geocoding from the place index: its cities' positions are their main airports' (the datasets have
   * no centres), so with the sandbox "the centre" is the airport. GEOCODING_PROVIDER=open-meteo gives real centres.
   */
  async geocode(name: string, signal?: AbortSignal): Promise<GeoPlace[]> {
    signal?.throwIfAborted();
    const query = name.trim();
    if (!query) return [];
    // Exact city names first (most important first), then IATA city/airport codes, then the index's
    // destination aliases ("Kyoto" → the Osaka metro, still called "Kyoto").
    let matches: { name: string; city: CityInfo }[] = this.places.citiesNamed(query).map((city) => ({ name: cityDisplayName(city), city }));
    if (matches.length === 0 && /^[A-Za-z]{3}$/.test(query)) {
      const city = this.places.city(query);
      if (city) matches = [{ name: cityDisplayName(city), city }];
    }
    if (matches.length === 0) {
      const alias = this.places.lookup(query);
      if (alias) matches = [alias];
    }
    return matches.slice(0, MAX_GEOCODE_RESULTS).map(({ name: placeName, city }) => {
      const { airport } = resolvePlace(this.places, city.code, this.name);
      return {
        name: placeName,
        countryCode: city.countryCode,
        latitude: city.latitude,
        longitude: city.longitude,
        timeZone: safeTimeZone(airport.timeZone),
      };
    });
  }

  /** Rejects what a real weather API would reject: bad dates or coordinates (and an aborted call). */
  private checkQuery(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): void {
    signal?.throwIfAborted();
    if (!isIsoDate(startDate) || !isIsoDate(endDate)) throw new ProviderError(this.name, `invalid dates "${startDate}" – "${endDate}"`, false);
    if (!Number.isFinite(latitude) || Math.abs(latitude) > 90 || !Number.isFinite(longitude) || Math.abs(longitude) > 180) {
      throw new ProviderError(this.name, 'invalid coordinates', false);
    }
  }

  async forecast(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    this.checkQuery(latitude, longitude, startDate, endDate, signal);
    const { from, to } = forecastWindow(this.now(), startDate, endDate);
    return dateRange(from, to).map((date) => estimateDay(latitude, longitude, date, 'forecast'));
  }

  async typical(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    this.checkQuery(latitude, longitude, startDate, endDate, signal);
    return dateRange(startDate, endDate).map((date) => estimateDay(latitude, longitude, date, 'typical'));
  }
}

/** A typical day's weather for a place and date (see the model above). */
export function estimateDay(latitude: number, longitude: number, date: string, kind: WeatherKind = 'forecast'): DailyWeather {
  const random = new SeededRandom('climate', latitude.toFixed(2), longitude.toFixed(2), date);
  const absLat = Math.abs(latitude);
  const warmestDay = latitude >= 0 ? 200 : 17;
  const season = Math.cos((2 * Math.PI * (dayOfYear(date) - warmestDay)) / 365.25); // 1 = midsummer, -1 = midwinter
  const annualMean = 31 * Math.cos((absLat * Math.PI) / 180) ** 1.5 - 5;
  const amplitude = Math.min(12, 0.8 + 0.12 * absLat);
  const mean = annualMean + amplitude * season + random.float(-2.5, 2.5);

  let wetChance: number;
  if (absLat < 23) wetChance = 0.3 + 0.3 * Math.max(0, season);
  else if (absLat < 30) wetChance = 0.12 + 0.08 * -season;
  else if (absLat < 45) wetChance = 0.22 - 0.17 * season;
  else if (absLat < 60) wetChance = 0.35 - 0.05 * season;
  else wetChance = 0.3;
  const wet = random.chance(wetChance);

  const range = wet ? random.float(3.5, 6.5) : random.float(6.5, 10.5);
  const max = mean + range / 2 - (wet ? 1 : 0);
  const min = mean - range / 2;

  let code: number;
  let precipitation = 0;
  if (wet) {
    precipitation = (0.3 + 14 * random.next() ** 2) * (absLat < 23 ? 1.8 : 1);
    if (max <= 2) code = precipitation < 2 ? 71 : precipitation < 6 ? 73 : 75;
    else if (absLat < 23 && precipitation > 10) code = random.chance(0.6) ? 95 : 82;
    else if (precipitation < 1) code = 51;
    else if (precipitation < 4) code = season > 0.3 ? 80 : 61;
    else if (precipitation < 10) code = season > 0.3 ? 81 : 63;
    else code = 65;
  } else {
    const cloud = random.next();
    code = cloud < 0.35 ? 0 : cloud < 0.6 ? 1 : cloud < 0.85 ? 2 : 3;
    if (absLat > 35 && season < -0.5 && random.chance(0.08)) code = 45;
  }

  return {
    date,
    kind,
    temperatureMaxC: round1(max),
    temperatureMinC: round1(min),
    precipitationMm: round1(precipitation),
    weatherCode: code,
    summary: weatherSummary(code),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
