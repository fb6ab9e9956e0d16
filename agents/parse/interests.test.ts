import { describe, expect, it } from '@jest/globals';
import { extractDayTrips } from './dayTrips.js';
import { extractInterests, negated } from './interests.js';
import { WorkText } from './text.js';

describe('extractInterests', () => {
  it('keeps the phrase as said, longest first, once each, in order', () => {
    expect(extractInterests(new WorkText('Street food, museums, more museums and wine tasting'))).toEqual(['street food', 'museums', 'wine tasting']);
  });

  it('leaves out negated interests', () => {
    expect(extractInterests(new WorkText('food and art, no museums, not into nightlife'))).toEqual(['food', 'art']);
  });

  it('reads only what earlier readers left unclaimed', () => {
    const work = new WorkText('Long Beach and beaches');
    work.claim(0, 10);
    expect(extractInterests(work)).toEqual(['beaches']);
  });
});

describe('negated', () => {
  it('looks at the last words of the same clause', () => {
    const text = 'no museums, but galleries';
    expect(negated(new WorkText(text), text.indexOf('museums'))).toBe(true);
    expect(negated(new WorkText(text), text.indexOf('galleries'))).toBe(false);
  });
});

describe('extractDayTrips', () => {
  it.each([
    ['a day trip to Nikko and some temples', ['a day trip to Nikko'], '                    and some temples'],
    ['day trips please', ['day trips'], '          please'],
    ['an excursion to Ilha de Moçambique sounds fun', ['an excursion to Ilha de Moçambique'], '                                   sounds fun'],
  ])('%s', (text, trips, left) => {
    const work = new WorkText(text);
    expect(extractDayTrips(work)).toEqual(trips);
    expect(work.text).toBe(left);
  });

  it('skips a negated day trip', () => {
    expect(extractDayTrips(new WorkText('no day trips'))).toEqual([]);
  });
});
