import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isIsoDate } from '../../../contracts/primitives.js';
import { addDays, dateRange, dayOfWeek, daysBetween } from '../../../domain/dates.js';
import { formatLocalDateTime, safeTimeZone, zonedTimeToInstant, zoneOffsetMinutes } from '../../../providers/dates.js';

describe('provider date helpers', () => {
  it('does civil-date arithmetic', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(dayOfWeek('2026-06-12')).toBe(5); // a Friday
    expect(dateRange('2026-03-30', '2026-04-01')).toEqual(['2026-03-30', '2026-03-31', '2026-04-01']);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });

  it('knows every real date of years 0001–9999, and only those (Date.UTC would misread 0000–0099)', () => {
    expect(isIsoDate('0097-09-26')).toBe(true);
    expect(isIsoDate('0001-01-01')).toBe(true);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('0004-02-29')).toBe(true);
    expect(isIsoDate('0100-02-29')).toBe(false);
    const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const daysIn = (year: number, month: number) => (month === 2 ? (leap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        const real = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
        expect(isIsoDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`)).toBe(real);
      }),
      { numRuns: 2000 },
    );
  });

  it('converts wall-clock times in IANA zones, across DST changes', () => {
    expect(zonedTimeToInstant('2026-06-16', 20 * 60 + 25, 'America/New_York').toISOString()).toBe('2026-06-17T00:25:00.000Z');
    expect(zonedTimeToInstant('2026-01-16', 20 * 60 + 25, 'America/New_York').toISOString()).toBe('2026-01-17T01:25:00.000Z');
    expect(zonedTimeToInstant('2026-06-16', 9 * 60, 'Asia/Tokyo').toISOString()).toBe('2026-06-16T00:00:00.000Z');
    // 01:30 on the night London springs forward does not exist: it resolves forward to 02:30 BST.
    expect(formatLocalDateTime(zonedTimeToInstant('2026-03-29', 90, 'Europe/London'), 'Europe/London')).toBe('2026-03-29T02:30');
    expect(formatLocalDateTime(new Date('2026-06-17T00:25:00Z'), 'Europe/London')).toBe('2026-06-17T01:25');
    expect(zoneOffsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('cleans up dataset time-zone quirks', () => {
    expect(safeTimeZone('Asia/ Bangkok')).toBe('Asia/Bangkok');
    expect(safeTimeZone('Mars/Olympus_Mons')).toBe('UTC');
  });
});
