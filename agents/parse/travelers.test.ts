import { describe, expect, it } from '@jest/globals';
import { WorkText } from './text.js';
import { extractTravelers } from './travelers.js';

describe('extractTravelers', () => {
  it.each([
    ['2 adults and 1 child', { adults: 2, children: 1 }],
    ['with 3 kids', { adults: undefined, children: 3 }],
    ['a family of four', { adults: 2, children: 2 }],
    ['me and my wife', { adults: 2, children: undefined }],
    ['me and my wife and our son', { adults: 2, children: 1 }],
    ['with my parents', { adults: 3, children: undefined }],
    ['solo', { adults: 1, children: 0 }],
    ['our honeymoon', { adults: 2, children: 0 }],
    ['for 3 people', { adults: 3, children: 0 }],
    ['group of 5', { adults: 5, children: 0 }],
    ['me and 2 friends', { adults: 3, children: 0 }],
    ['two of us, no kids', { adults: 2, children: 0 }],
    ['Lisbon in May', { adults: undefined, children: undefined }],
  ])('%s', (text, expected) => {
    expect(extractTravelers(new WorkText(text))).toEqual(expected);
  });

  it('does not count a kid-friendly wish as children', () => {
    expect(extractTravelers(new WorkText('2 kid-friendly hotels')).children).toBeUndefined();
  });
});
