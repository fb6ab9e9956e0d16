import { describe, expect, it } from '@jest/globals';
import { daysInMonth, easterSunday, isoDate, nextDayOfMonth, nextMonthYear, nextOccurrence, nthWeekdayOfMonth, validDate } from './calendar.js';

describe('parser calendar rules', () => {
  it('pads a date to YYYY-MM-DD and refuses one that is not on the calendar', () => {
    expect(isoDate(2027, 3, 5)).toBe('2027-03-05');
    expect(validDate(2027, 2, 29)).toBeNull();
    expect(validDate(2028, 2, 29)).toBe('2028-02-29');
    // Years the date rule refuses are still judged as calendar dates, so the rule can say why.
    expect(validDate(50, 5, 3)).toBe('0050-05-03');
    expect(validDate(1900, 2, 29)).toBeNull();
  });

  it('knows month lengths, leap years included', () => {
    expect([daysInMonth(2027, 2), daysInMonth(2028, 2), daysInMonth(2027, 4), daysInMonth(2027, 12)]).toEqual([28, 29, 30, 31]);
  });

  it('finds the next occurrence of a month and day on or after a date', () => {
    expect(nextOccurrence(12, 10, '2026-11-23')).toBe('2026-12-10');
    expect(nextOccurrence(3, 1, '2026-11-23')).toBe('2027-03-01');
    expect(nextOccurrence(11, 23, '2026-11-23')).toBe('2026-11-23');
    expect(nextOccurrence(2, 29, '2026-11-23')).toBe('2028-02-29');
  });

  it('finds the next day of the month, skipping months without it', () => {
    expect(nextDayOfMonth(14, '2026-11-23')).toBe('2026-12-14');
    expect(nextDayOfMonth(31, '2026-11-23')).toBe('2026-12-31');
    expect(nextDayOfMonth(30, '2027-01-31')).toBe('2027-03-30');
  });

  it('puts a month in this year while it is under way, else next year', () => {
    expect(nextMonthYear(11, '2026-11-23')).toBe(2026);
    expect(nextMonthYear(3, '2026-11-23')).toBe(2027);
  });

  it('computes Thanksgiving and Easter', () => {
    expect(nthWeekdayOfMonth(2026, 11, 4, 4)).toBe('2026-11-26');
    expect(nthWeekdayOfMonth(2027, 11, 4, 4)).toBe('2027-11-25');
    expect([easterSunday(2026), easterSunday(2027), easterSunday(2038)]).toEqual(['2026-04-05', '2027-03-28', '2038-04-25']);
  });
});
