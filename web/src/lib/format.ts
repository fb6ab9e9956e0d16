// Formatting shared by the screens: money, durations, dates, temperatures and the approval countdown.
import type { DailyWeather, Money, TripPlan } from '../api/types.js';

export function formatMoney(money: Money | null | undefined): string {
  if (!money) return '—';
  try {
    // Whole amounts and large ones without cents: €420, €1,535; otherwise $79.68.
    const digits = Number.isInteger(money.amount) || money.amount >= 1000 ? 0 : 2;
    return new Intl.NumberFormat('en', { style: 'currency', currency: money.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(money.amount);
  } catch {
    return `${money.amount.toFixed(2)} ${money.currency}`;
  }
}

type TemperatureUnit = NonNullable<TripPlan['temperatureUnit']>;

/** "12–19 °C", or "54–66 °F" for travelers the plan marks as reading Fahrenheit (travelers from the US). */
export function formatTemperatureRange(minC: number, maxC: number, unit: TemperatureUnit = 'C'): string {
  const convert = (celsius: number) => Math.round(unit === 'F' ? (celsius * 9) / 5 + 32 : celsius);
  const [low, high] = [convert(minC), convert(maxC)];
  return `${low === high ? low : `${low}–${high}`} °${unit}`;
}

/** One day's weather line: "Mainly clear, 12–19 °C, 1.2 mm rain"; typical days say so ("Typical: …"). */
export function formatDayWeather(weather: DailyWeather, unit: TemperatureUnit = 'C'): string {
  const rain = weather.precipitationMm > 0 ? `, ${weather.precipitationMm.toFixed(1)} mm rain` : '';
  const line = `${weather.summary}, ${formatTemperatureRange(weather.temperatureMinC, weather.temperatureMaxC, unit)}${rain}`;
  return weather.kind === 'typical' ? `Typical: ${line}` : line;
}

/** "$2,345 total for 2 travelers": how every total is shown (mirrors agents/knowledge.ts formatTotalFor). */
export function formatTotalFor(money: Money | null | undefined, travelers: number | null | undefined): string {
  if (!money) return '—';
  if (!travelers) return `${formatMoney(money)} total`;
  return `${formatMoney(money)} total for ${travelers} traveler${travelers === 1 ? '' : 's'}`;
}

export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  return hours > 0 ? `${hours}h ${String(rest).padStart(2, '0')}m` : `${rest}m`;
}

/** `2026-12-10T08:35` (a local time as the provider gives it) → `Dec 10, 08:35`. */
export function formatLocalDateTime(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return value;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(match[2]) - 1] ?? match[2];
  return `${month} ${Number(match[3])}, ${match[4]}:${match[5]}`;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: value.length === 10 ? 'UTC' : undefined });
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export interface Countdown {
  /** e.g. `4m 05s`, `1h 02m`, `2d 3h`; `expired` at or after the deadline. */
  text: string;
  /** Spoken form for screen readers, e.g. `4 minutes 5 seconds left`. */
  label: string;
  expired: boolean;
  /** Under a minute left. */
  urgent: boolean;
}

/** The time left until `deadline` at `now` (both epoch ms or ISO strings). */
export function countdown(deadline: string | number | null | undefined, now: number): Countdown | null {
  if (deadline === null || deadline === undefined) return null;
  const end = typeof deadline === 'number' ? deadline : Date.parse(deadline);
  if (Number.isNaN(end)) return null;
  const left = Math.floor((end - now) / 1000);
  if (left <= 0) return { text: 'expired', label: 'expired', expired: true, urgent: true };
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3_600);
  const minutes = Math.floor((left % 3_600) / 60);
  const seconds = left % 60;
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;
  let text: string;
  let label: string;
  if (days > 0) {
    text = `${days}d ${hours}h`;
    label = `${unit(days, 'day')} ${unit(hours, 'hour')}`;
  } else if (hours > 0) {
    text = `${hours}h ${String(minutes).padStart(2, '0')}m`;
    label = `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
  } else {
    text = `${minutes}m ${String(seconds).padStart(2, '0')}s`;
    label = minutes > 0 ? `${unit(minutes, 'minute')} ${unit(seconds, 'second')}` : unit(seconds, 'second');
  }
  return { text, label: `${label} left`, expired: false, urgent: left < 60 };
}

export const titleCase = (value: string): string => value.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** `2027-06-01`, `2027-06-08` → `Jun 1 – 8, 2027` (the shortest range that reads unambiguously). */
export function formatDateRange(start: string | null | undefined, end: string | null | undefined): string {
  if (!start || !end) return start ? formatDate(start) : '—';
  const from = new Date(start.length === 10 ? `${start}T00:00:00Z` : start);
  const to = new Date(end.length === 10 ? `${end}T00:00:00Z` : end);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to < from) return `${formatDate(start)} – ${formatDate(end)}`;
  return new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).formatRange(from, to);
}
