// Price factors shared by the sandbox's flights and stays. Each is a multiplier around 1.
import { dayOfWeek } from '../../domain/dates.js';
import { SeededRandom } from './random.js';

const HOUR_MS = 3_600_000;

/**
 * Holiday and summer peaks: Christmas–New Year everywhere, the local summer holidays (July–August north
 * of the equator, January in the south), Easter-ish spring break, and cheap shoulder weeks in between.
 */
export function seasonFactor(date: string, latitude: number): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if ((month === 12 && day >= 18) || (month === 1 && day <= 5)) return 1.28;
  const southern = latitude < -10;
  if (!southern && (month === 7 || month === 8)) return 1.18;
  if (!southern && month === 6 && day >= 15) return 1.1;
  if (southern && (month === 1 || month === 2)) return 1.15;
  if (month === 4 && day <= 20) return 1.06;
  if ((month === 1 && day > 5) || month === 2 || month === 11) return 0.9;
  return 1;
}

/** Flights: Fridays and Sundays are busiest, Tuesdays and Wednesdays cheapest. */
export function flightWeekdayFactor(date: string): number {
  return [1.08, 0.98, 0.93, 0.94, 1.0, 1.1, 0.97][dayOfWeek(date)] ?? 1;
}

/** Hotels: Friday and Saturday nights cost more. */
export function hotelNightFactor(night: string): number {
  const weekday = dayOfWeek(night);
  return weekday === 5 || weekday === 6 ? 1.14 : 1;
}

/**
 * Advance purchase: last-minute fares climb steeply (+~70 % on the day), the sweet spot is 3–16 weeks out,
 * and very early searches pay a little more again.
 */
export function advanceFactor(daysAhead: number, steepness = 0.7): number {
  const days = Math.max(0, daysAhead);
  return 1 + steepness * Math.exp(-days / 9) + 0.0006 * Math.max(0, days - 120);
}

/**
 * Smooth market drift for a product (route, hotel): a sum of slow sinusoids in hours since the epoch with
 * phases fixed per product, so consecutive polls move a little, up and down, around the base price.
 * Changes once per hour; spans roughly ±12 %.
 */
export function marketDrift(productKey: string, instant: Date): number {
  const random = new SeededRandom('drift', productKey);
  const hours = Math.floor(instant.getTime() / HOUR_MS);
  const wave = (periodDays: number, amplitude: number) =>
    amplitude * Math.sin((2 * Math.PI * hours) / (periodDays * 24) + random.float(0, 2 * Math.PI));
  return 1 + wave(random.float(8, 12), 0.07) + wave(random.float(3, 4.5), 0.035) + wave(random.float(1.1, 1.6), 0.015);
}

/** Day-to-day noise for one offer (±2 %), reseeded each search day. */
export function dailyNoise(productKey: string, searchDay: number): number {
  return new SeededRandom('noise', productKey, searchDay).float(0.98, 1.02);
}

export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}
