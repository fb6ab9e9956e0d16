// Countdown and money formatting of the web client.
import { describe, expect, it } from '@jest/globals';
import { countdown, formatDayWeather, formatMinutes, formatMoney, formatTemperatureRange } from '../../../web/src/lib/format.js';

describe('countdown', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();

  it('shows minutes and seconds under an hour, and is urgent under a minute', () => {
    expect(countdown(at(4 * 60 + 5), now)).toEqual({ text: '4m 05s', label: '4 minutes 5 seconds left', expired: false, urgent: false });
    expect(countdown(at(59), now)).toMatchObject({ text: '0m 59s', label: '59 seconds left', urgent: true });
    expect(countdown(at(61), now)).toMatchObject({ label: '1 minute 1 second left', urgent: false });
  });

  it('shows hours and minutes, then days and hours', () => {
    expect(countdown(at(3600 + 2 * 60 + 30), now)?.text).toBe('1h 02m');
    expect(countdown(at(2 * 86_400 + 3 * 3600 + 59), now)).toMatchObject({ text: '2d 3h', label: '2 days 3 hours left' });
  });

  it('is expired at and after the deadline; nothing without a deadline', () => {
    expect(countdown(at(0), now)).toMatchObject({ text: 'expired', expired: true });
    expect(countdown(at(-30), now)?.expired).toBe(true);
    expect(countdown(null, now)).toBeNull();
    expect(countdown('not a date', now)).toBeNull();
  });

  it('rounds partial seconds down (never shows more time than is left)', () => {
    expect(countdown(now + 1999, now)?.text).toBe('0m 01s');
  });
});

describe('formatting', () => {
  it('formats money with the currency and durations in hours and minutes', () => {
    expect(formatMoney({ amount: 1535, currency: 'EUR' })).toBe('€1,535');
    expect(formatMoney({ amount: 79.68, currency: 'USD' })).toBe('$79.68');
    expect(formatMoney(null)).toBe('—');
    expect(formatMinutes(870)).toBe('14h 30m');
    expect(formatMinutes(45)).toBe('45m');
  });
});

describe('temperatures follow the traveler', () => {
  it('shows °C by default and °F for travelers the plan marks as US', () => {
    expect(formatTemperatureRange(12.4, 19.6)).toBe('12–20 °C');
    expect(formatTemperatureRange(12.4, 19.6, 'F')).toBe('54–67 °F');
    expect(formatTemperatureRange(-40, -40, 'F')).toBe('-40 °F');
  });

  it('labels typical days as typical', () => {
    const day = { date: '2027-04-03', kind: 'typical' as const, temperatureMaxC: 19, temperatureMinC: 12, precipitationMm: 0, weatherCode: 1, summary: 'Mainly clear' };
    expect(formatDayWeather(day)).toBe('Typical: Mainly clear, 12–19 °C');
    expect(formatDayWeather({ ...day, kind: 'forecast', precipitationMm: 1.25 }, 'F')).toBe('Mainly clear, 54–66 °F, 1.3 mm rain');
  });
});
