import { describe, expect, it } from '@jest/globals';
import { extractDuration, extractWeekendLength } from './duration.js';
import { WorkText } from './text.js';

describe('extractDuration', () => {
  it.each([
    ['for 5 nights', 5],
    ['10 days in Rome', 10],
    ['a week', 7],
    ['two weeks', 14],
    ['a 10-day trip', 10],
    ['a fortnight in Greece', 14],
    ['a couple of weeks', 14],
    ['for 400 days', 365],
  ])('%s → %d nights', (text, nights) => {
    expect(extractDuration(new WorkText(text))).toEqual({ nights, weekend: false });
  });

  it('leaves relative dates and ages alone', () => {
    expect(extractDuration(new WorkText('in 2 weeks'))).toBeNull();
    expect(extractDuration(new WorkText('3 days from now'))).toBeNull();
    expect(extractDuration(new WorkText('our 5 year old'))).toBeNull();
  });
});

describe('extractWeekendLength', () => {
  it('reads a bare weekend as 2 nights and a long one as 3, leaving on a Friday', () => {
    expect(extractWeekendLength(new WorkText('a weekend in Paris'))).toEqual({ nights: 2, weekend: true });
    expect(extractWeekendLength(new WorkText('a long weekend in March'))).toEqual({ nights: 3, weekend: true });
    expect(extractWeekendLength(new WorkText('Paris in May'))).toBeNull();
  });
});
