// WMO weather interpretation codes (WMO 4677 subset, as used by Open-Meteo's `weather_code`), shared by
// the Open-Meteo provider and the sandbox's climate estimate so both describe a day the same way.
import { addDays, fromEpochDay } from '../domain/dates.js';
import { utcDayNumber } from './dates.js';

/** Open-Meteo forecasts up to 16 days ahead (today + 15); later days are omitted by every weather provider. */
export const FORECAST_HORIZON_DAYS = 16;

/** The part of `startDate`–`endDate` a forecast covers on `now`'s UTC day (`from > to` when none of it). */
export function forecastWindow(now: Date, startDate: string, endDate: string): { from: string; to: string } {
  const today = fromEpochDay(utcDayNumber(now));
  const lastDay = addDays(today, FORECAST_HORIZON_DAYS - 1);
  return { from: startDate > today ? startDate : today, to: endDate < lastDay ? endDate : lastDay };
}

const WMO_SUMMARIES: Readonly<Record<number, string>> = {
  0: 'Clear sky',
  1: 'Mainly clear',
  2: 'Partly cloudy',
  3: 'Overcast',
  45: 'Fog',
  48: 'Depositing rime fog',
  51: 'Light drizzle',
  53: 'Moderate drizzle',
  55: 'Dense drizzle',
  56: 'Light freezing drizzle',
  57: 'Dense freezing drizzle',
  61: 'Slight rain',
  63: 'Moderate rain',
  65: 'Heavy rain',
  66: 'Light freezing rain',
  67: 'Heavy freezing rain',
  71: 'Slight snowfall',
  73: 'Moderate snowfall',
  75: 'Heavy snowfall',
  77: 'Snow grains',
  80: 'Slight rain showers',
  81: 'Moderate rain showers',
  82: 'Violent rain showers',
  85: 'Slight snow showers',
  86: 'Heavy snow showers',
  95: 'Thunderstorm',
  96: 'Thunderstorm with slight hail',
  99: 'Thunderstorm with heavy hail',
};

/** A short English description of a WMO weather code ("Moderate rain"); unknown codes say so. */
export function weatherSummary(code: number): string {
  return WMO_SUMMARIES[code] ?? `Unknown weather (WMO code ${code})`;
}
