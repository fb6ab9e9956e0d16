// Titles for trips created with their first message (api/tripTitle.ts): from the request when a place is
// understood, else the message's first words, never cutting a character in two.
import { describe, expect, it } from '@jest/globals';
import { MAX_DERIVED_TITLE_LENGTH, titleForFirstMessage, titleFromRequest, titleFromText } from '../../api/tripTitle.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const lisbon = { city: 'Lisbon', iata: 'LIS' };

describe('trip titles from a first message', () => {
  it('names the place and the dates the request states', async () => {
    expect(await titleForFirstMessage('Lisbon from New York, 10-15 May for two', '2026-12-03')).toBe('Lisbon, 10–15 May');
    expect(titleFromRequest({ destination: lisbon, departDate: '2027-05-30', returnDate: '2027-06-02' })).toBe('Lisbon, 30 May – 2 Jun');
    expect(titleFromRequest({ destination: lisbon, departDate: '2027-12-30', returnDate: '2028-01-02' })).toBe('Lisbon, 30 Dec 2027 – 2 Jan 2028');
    expect(titleFromRequest({ destination: lisbon, departDate: '2027-05-10', returnDate: null })).toBe('Lisbon, from 10 May');
    expect(titleFromRequest({ destination: lisbon, departDate: null, returnDate: null })).toBe('Lisbon');
    expect(titleFromRequest({ destination: null, departDate: '2027-05-10', returnDate: null })).toBeNull();
  });

  it('takes the message\'s words when no place is understood, whitespace collapsed', async () => {
    expect(await titleForFirstMessage('  somewhere\n warm  ', '2026-12-03')).toBe('somewhere warm');
  });

  it('cuts a long message on a word, or between graphemes, never inside a surrogate pair or an emoji sequence', () => {
    expect(titleFromText(`Somewhere warm with the kids, nothing too far, maybe a beach and good food`)).toBe('Somewhere warm with the kids, nothing too far, maybe a…');
    for (let pad = 50; pad < 62; pad += 1) {
      for (const emoji of ['😀', '🏖️', '👩‍👩‍👧', '🇵🇹']) {
        const title = titleFromText(`${'a'.repeat(pad)}${emoji.repeat(10)}`);
        expect(title.length).toBeLessThanOrEqual(MAX_DERIVED_TITLE_LENGTH);
        expect(title).not.toMatch(LONE_SURROGATE);
        // Whole emoji only: what is left before the ellipsis is the letters and some number of complete emoji.
        const tail = title.slice(pad, -1);
        expect(tail.length % emoji.length).toBe(0);
        expect(tail).toBe(emoji.repeat(tail.length / emoji.length));
      }
    }
  });
});
