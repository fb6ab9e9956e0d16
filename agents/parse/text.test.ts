import { describe, expect, it } from '@jest/globals';
import { clamp, countValue } from './numbers.js';
import { isCapitalized, WorkText } from './text.js';

describe('WorkText', () => {
  it('blanks a claimed span, keeping indexes into the original', () => {
    const work = new WorkText('Rome for a week');
    work.claim(5, 8);
    expect(work.text).toBe('Rome     a week');
    expect(work.original).toBe('Rome for a week');
    expect(work.matches(/\w+/g).map((m) => [m[0], m.index])).toEqual([['Rome', 0], ['a', 9], ['week', 11]]);
  });

  it('knows a capitalized word', () => {
    expect([isCapitalized('Évora'), isCapitalized('lisbon')]).toEqual([true, false]);
  });
});

describe('counts', () => {
  it('reads digits and number words', () => {
    expect([countValue('3'), countValue('a couple  of'), countValue('twelve'), countValue('dozens')]).toEqual([3, 2, 12, undefined]);
    expect([clamp(12, 1, 9), clamp(0, 1, 9), clamp(4, 1, 9)]).toEqual([9, 1, 4]);
  });
});
