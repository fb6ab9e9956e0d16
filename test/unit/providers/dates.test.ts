import { describe, expect, it } from '@jest/globals';
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
