import { describe, expect, it } from '@jest/globals';
import { extractCabinClass } from './cabin.js';
import { WorkText } from './text.js';

describe('extractCabinClass', () => {
  it.each([
    ['premium economy please', 'premium_economy'],
    ['business class', 'business'],
    ['fly business', 'business'],
    ['lie-flat seats', 'business'],
    ['first class', 'first'],
    ['upgrade to first', 'first'],
    ['economy class please', 'economy'],
    ['coach seats', 'economy'],
  ])('%s → %s', (text, cabin) => {
    expect(extractCabinClass(new WorkText(text))).toBe(cabin);
  });

  it.each(['a business trip', 'a first class hotel', 'by coach', 'my first time in Rome', 'the economy is booming'])('no cabin in "%s"', (text) => {
    expect(extractCabinClass(new WorkText(text))).toBeNull();
  });
});
