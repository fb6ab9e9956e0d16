// How weather reads in replies and briefs: temperatures in the traveler's unit (°F for US travelers, °C
// otherwise) and forecast days told apart from typical ones ("typical for early April: 12–19 °C").
import type { DailyWeather, TemperatureUnit } from '../domain/trip.js';
import { shortDate } from './dates.js';
import { isWetDay } from './knowledge.js';

/** Countries (ISO 3166-1) whose travelers read Fahrenheit: the US, its territories, and a few neighbours. */
const FAHRENHEIT_COUNTRIES = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM', 'BS', 'BZ', 'KY', 'LR', 'PW', 'FM', 'MH']);

/** The traveler's temperature unit from their home (origin) country; unknown → °C. */
export function temperatureUnitFor(countryCode: string | null | undefined): TemperatureUnit {
  return countryCode && FAHRENHEIT_COUNTRIES.has(countryCode.toUpperCase()) ? 'F' : 'C';
}

export function convertTemperature(celsius: number, unit: TemperatureUnit): number {
  return unit === 'F' ? (celsius * 9) / 5 + 32 : celsius;
}

/** "12–19 °C", "54–66 °F" (a single value when both ends round alike). */
export function formatTemperatureRange(minC: number, maxC: number, unit: TemperatureUnit): string {
  const low = Math.round(convertTemperature(minC, unit));
  const high = Math.round(convertTemperature(maxC, unit));
  return `${low === high ? low : `${low}–${high}`} °${unit}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "early April" (1st–10th), "mid April" (11th–20th), "late April". */
export function periodOf(date: string): string {
  const day = Number(date.slice(8, 10));
  return `${day <= 10 ? 'early' : day <= 20 ? 'mid' : 'late'} ${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''}`;
}

/** "early April", "early to mid April", "late March to early April". */
export function periodSpan(start: string, end: string): string {
  const first = periodOf(start);
  const last = periodOf(end);
  if (first === last) return first;
  const [firstPart, firstMonth] = first.split(' ');
  const [lastPart, lastMonth] = last.split(' ');
  return firstMonth === lastMonth ? `${firstPart} to ${lastPart} ${lastMonth}` : `${first} to ${last}`;
}

function rangeOf(days: readonly DailyWeather[], unit: TemperatureUnit): string {
  return formatTemperatureRange(Math.min(...days.map((day) => day.temperatureMinC)), Math.max(...days.map((day) => day.temperatureMaxC)), unit);
}

/** The reply's weather paragraph; null when there is no weather at all. */
export function weatherSentence(weather: readonly DailyWeather[], unit: TemperatureUnit): string | null {
  if (weather.length === 0) return null;
  const forecast = weather.filter((day) => day.kind !== 'typical');
  const typical = weather.filter((day) => day.kind === 'typical');
  const parts: string[] = [];
  if (forecast.length > 0) {
    const wet = forecast.filter((day) => isWetDay(day)).map((day) => shortDate(day.date));
    parts.push(
      wet.length > 0
        ? `${rangeOf(forecast, unit)}; rain is forecast on ${joinList(wet)}, so ${wet.length === 1 ? 'that day is' : 'those days are'} planned indoors`
        : `${rangeOf(forecast, unit)} and mostly dry`,
    );
  }
  if (typical.length > 0) {
    const wet = typical.filter((day) => isWetDay(day)).length;
    const period = periodSpan(typical[0]!.date, typical.at(-1)!.date);
    parts.push(
      `${forecast.length > 0 ? 'after that, typical' : 'typical'} for ${period}: ${rangeOf(typical, unit)}` +
        (wet > 0 ? `, rain on about ${wet} of ${typical.length} days (planned indoors)` : ', usually dry') +
        (forecast.length > 0 ? '' : ' — the forecast replaces this about two weeks before'),
    );
  }
  return `Weather: ${parts.join('; ')}.`;
}

export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
