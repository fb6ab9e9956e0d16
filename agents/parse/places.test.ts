import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadPlaces, type PlaceIndex } from '../../domain/places.js';
import { matchCode, matchFuzzy, matchName } from './placeMatch.js';
import { placeTables, tokenize } from './placeWords.js';
import { extractPlaces } from './places.js';
import { WorkText } from './text.js';

let places: PlaceIndex;
beforeAll(async () => {
  places = await loadPlaces();
});

const place = (city: string, iata: string) => ({ city, iata });

describe('extractPlaces', () => {
  it.each([
    ['from New York to Lisbon', place('New York', 'NYC'), place('Lisbon', 'LIS'), []],
    ['Flights JFK-LHR', place('New York', 'JFK'), place('London', 'LHR'), []],
    ['a week in Paris', null, place('Paris', 'PAR'), []],
    ['Tokyo, Kyoto and Osaka', null, place('Tokyo', 'TYO'), [place('Kyoto', 'OSA'), place('Osaka', 'OSA')]],
    ['lisbon in may', null, place('Lisbon', 'LIS'), []],
    ['a nice hotel', null, null, []],
  ])('%s', (text, origin, destination, alsoVisiting) => {
    expect(extractPlaces(new WorkText(text), places)).toEqual({ origin, destination, alsoVisiting });
  });

  it('claims the places it takes', () => {
    const work = new WorkText('to Rome in May');
    extractPlaces(work, places);
    expect(work.text).toBe('to      in May');
  });
});

describe('place matchers', () => {
  it('matches the longest city name, a code, and a typo of a major city', () => {
    const tables = placeTables(places);
    const tokens = tokenize('Rio de Janeiro JFK Barcelonna');
    expect(matchName(tokens, 0, 'Rio de Janeiro JFK Barcelonna', places, tables)?.place).toEqual(place('Rio de Janeiro', 'RIO'));
    expect(matchCode(tokens, 3, places)?.place).toEqual(place('New York', 'JFK'));
    expect(matchFuzzy(tokens, 4, places, tables)?.place).toEqual(place('Barcelona', 'BCN'));
  });

  it('accepts an ordinary-word city only after a place word', () => {
    const text = 'Nice';
    const match = matchName(tokenize(text), 0, text, places, placeTables(places));
    expect(match?.accept(null, false, false)).toBe(false);
    expect(match?.accept({ role: 'destination', weak: false }, false, false)).toBe(true);
  });
});
