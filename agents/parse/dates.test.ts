import { describe, expect, it } from '@jest/globals';
import { extractDates, resolveTripDates } from './dates.js';
import { WorkText } from './text.js';

// Monday.
const MONDAY = '2026-11-23';

/** The trip dates a text gives on MONDAY, with an optional trip length. */
function tripDates(text: string, nights?: number, weekend = false) {
  const dates = extractDates(new WorkText(text), MONDAY);
  const duration = nights === undefined ? (dates.length ?? null) : { nights, weekend };
  return resolveTripDates(dates, duration, MONDAY);
}

describe('extractDates', () => {
  it('reads phrasings chrono-node misses: holidays, day ranges, parts of a month, weekends, leap days, a bare day', () => {
    const starts = (text: string) => extractDates(new WorkText(text), MONDAY).mentions.map(({ start, end }) => ({ start, end }));
    expect(starts('Christmas')).toEqual([{ start: '2026-12-25', end: undefined }]);
    expect(starts('Easter')).toEqual([{ start: '2027-03-28', end: undefined }]);
    expect(starts('between 3 and 10 May')).toEqual([{ start: '2027-05-03', end: '2027-05-10' }]);
    expect(starts('12/20-12/28')).toEqual([{ start: '2026-12-20', end: '2026-12-28' }]);
    expect(starts('from the 3rd to the 10th')).toEqual([{ start: '2026-12-03', end: '2026-12-10' }]);
    expect(starts('late May')).toEqual([{ start: '2027-05-25', end: undefined }]);
    expect(starts('end of February')).toEqual([{ start: '2027-02-28', end: undefined }]);
    expect(starts('early November')).toEqual([{ start: MONDAY, end: undefined }]);
    expect(starts('next weekend')).toEqual([{ start: '2026-12-04', end: '2026-12-06' }]);
    expect(starts('Feb 29')).toEqual([{ start: '2028-02-29', end: undefined }]);
    expect(starts('on the 14th')).toEqual([{ start: '2026-12-14', end: undefined }]);
  });

  it('marks return cues and keeps weekend nights', () => {
    const findings = extractDates(new WorkText('leaving Dec 10, back on the 20th'), MONDAY);
    expect(findings.mentions.map((mention) => mention.isReturn)).toEqual([false, true]);
    expect(extractDates(new WorkText('this long weekend'), MONDAY).weekendNights).toBe(3);
  });

  it('does not read codes and references as "that long from now" ("969d", "4d1d", "932d-7")', () => {
    const starts = (text: string) => extractDates(new WorkText(text), MONDAY).mentions.map(({ start }) => start);
    expect(starts('in March 2027 (ref 969d)')).toEqual(['2027-03-01']);
    expect(starts('in March 2027 (secret-44697866-4c92-4d1d-ba28)')).toEqual(['2027-03-01']);
    expect(starts('in March 2027 (56209d23-a58e-4b54-932d-7b3e5c5906fe)')).toEqual(['2027-03-01']);
    expect(starts('the 5th of May')).toEqual(['2027-05-05']);
  });

  it('filters words that only look like dates', () => {
    expect(extractDates(new WorkText('I may go somewhere with sun and beaches'), MONDAY).mentions).toEqual([]);
  });

  it('takes "in 12 days" as the length when another date is given', () => {
    const findings = extractDates(new WorkText('Rome in 12 days, mid-May'), MONDAY);
    expect(findings.length).toEqual({ nights: 12, weekend: false });
    expect(findings.mentions.map((mention) => mention.start)).toEqual(['2027-05-15']);
  });
});

describe('resolveTripDates', () => {
  it('completes a departure with the trip length', () => {
    expect(tripDates('Dec 10', 7)).toEqual({ depart: '2026-12-10', return: '2026-12-17' });
  });

  it('rolls a yearless return into the next year when that makes a trip', () => {
    expect(tripDates('Dec 28, back Jan 4')).toEqual({ depart: '2026-12-28', return: '2027-01-04' });
  });

  it('keeps a reversed range as said, for the date rule to report', () => {
    expect(tripDates('April 12 to April 3 2027')).toEqual({ depart: '2027-04-12', return: '2027-04-03' });
  });

  it('moves a weekend trip to the Friday', () => {
    expect(tripDates('in March', 3, true)).toEqual({ depart: '2027-03-05', return: '2027-03-08' });
  });

  it('reads a weekday-only return as the first such weekday after leaving', () => {
    expect(tripDates('next Tuesday, returning Friday')).toEqual({ depart: '2026-12-01', return: '2026-12-04' });
  });
});
