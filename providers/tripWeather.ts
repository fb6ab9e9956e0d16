// Weather for every day of a trip: the provider's forecast where it has one (today … today + 15), and
// typical weather (climate normals) for every other day, so a trip months out still has a day-by-day
// outlook. Used by the get_forecast tool and by the destination specialist's direct fallback.
import { dateRange } from '../domain/dates.js';
import type { DailyWeather } from '../domain/trip.js';
import type { WeatherProvider } from './types.js';

export async function weatherForEveryDay(
  provider: WeatherProvider,
  latitude: number,
  longitude: number,
  startDate: string,
  endDate: string,
  signal?: AbortSignal,
): Promise<DailyWeather[]> {
  // A failing forecast still leaves typical weather for those days; only both failing is an error.
  let forecastError: unknown = null;
  const forecast = await provider.forecast(latitude, longitude, startDate, endDate, signal).catch((error: unknown) => {
    if (signal?.aborted) throw error;
    forecastError = error;
    return [];
  });
  const covered = new Set(forecast.map((day) => day.date));
  const missing = dateRange(startDate, endDate).filter((date) => !covered.has(date));
  let typical: DailyWeather[] = [];
  if (missing.length > 0) {
    try {
      typical = await provider.typical(latitude, longitude, missing[0]!, missing.at(-1)!, signal);
    } catch (error) {
      throw forecastError ?? error;
    }
  }
  return [...forecast, ...typical.filter((day) => !covered.has(day.date))].sort((a, b) => a.date.localeCompare(b.date));
}
