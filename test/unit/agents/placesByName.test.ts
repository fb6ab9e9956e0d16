// Places named in words: airports by their names (or the town only they serve), metro codes kept when
// no airport is named, destination aliases for places without a scheduled airport, and multi-city
// requests kept whole in the request and the itinerary.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildItinerary } from '../../../agents/itinerary.js';
import { parseTripRequest } from '../../../agents/parse/index.js';
import { loadPlaces, type PlaceIndex } from '../../../domain/places.js';
import { emptyTripRequest, type PlaceRef } from '../../../domain/trip.js';

const REFERENCE_DATE = '2026-12-02';
const place = (city: string, iata: string): PlaceRef => ({ city, iata });

async function parse(text: string) {
  return parseTripRequest(text, { referenceDate: REFERENCE_DATE });
}

let places: PlaceIndex;
beforeAll(async () => {
  places = await loadPlaces();
});

describe('airports named in words', () => {
  it.each([
    { text: 'Heathrow to Newark in May', origin: place('London', 'LHR'), destination: place('Newark', 'EWR') },
    { text: 'Gatwick to Malaga June 3-10', origin: place('London', 'LGW'), destination: place('Málaga', 'AGP') },
    { text: 'Paris Charles de Gaulle to Tokyo Narita in April', origin: place('Paris', 'CDG'), destination: place('Tokyo', 'NRT') },
    { text: 'Dallas Love Field to Denver next month', origin: place('Dallas', 'DAL'), destination: place('Denver', 'DEN') },
    { text: 'flying from London Luton to Rome Fiumicino', origin: place('London', 'LTN'), destination: place('Rome', 'FCO') },
    { text: 'from Newark Liberty to Chicago Midway', origin: place('New York', 'EWR'), destination: place('Chicago', 'MDW') },
    { text: 'from heathrow to lisbon', origin: place('London', 'LHR'), destination: place('Lisbon', 'LIS') },
    // The metro's own name keeps the metro code; codes stay as given.
    { text: 'London to New York in May', origin: place('London', 'LON'), destination: place('New York', 'NYC') },
    { text: 'JFK to LHR', origin: place('New York', 'JFK'), destination: place('London', 'LHR') },
    { text: 'from Dallas to Tokyo', origin: place('Dallas', 'DFW'), destination: place('Tokyo', 'TYO') },
    { text: 'Washington to Paris in June', origin: place('Washington', 'WAS'), destination: place('Paris', 'PAR') },
  ])('$text', async ({ text, origin, destination }) => {
    const { request } = await parse(text);
    expect({ origin: request.origin, destination: request.destination }).toEqual({ origin, destination });
  });

  it('finds an airport by its name, its short name and the city with the name; a metro by its own name', () => {
    const code = (name: string) => places.lookup(name)?.airport?.iata ?? places.lookup(name)?.city.code;
    expect(['London Heathrow', 'Heathrow', 'Charles de Gaulle', 'Paris Charles de Gaulle', 'Narita', 'Tokyo Narita', 'Love Field', 'Newark', 'Luton'].map(code)).toEqual([
      'LHR', 'LHR', 'CDG', 'CDG', 'NRT', 'NRT', 'DAL', 'EWR', 'LTN',
    ]);
    expect(['London', 'New York', 'Tokyo', 'Paris'].map((name) => places.lookup(name)?.airport)).toEqual([undefined, undefined, undefined, undefined]);
    // Generic remainders of airport names are no names ("London City Airport" is not "City").
    expect(places.lookup('International')).toBeUndefined();
    expect(places.lookup('Regional')).toBeUndefined();
  });

  it('does not read an ordinary word that is also an airport name as a place without a place word', async () => {
    const { request } = await parse('Midway through the week we want to see Paris');
    expect(request.origin).toBeNull();
    expect(request.destination).toEqual(place('Paris', 'PAR'));
  });
});

describe('destinations without a scheduled airport of their own', () => {
  it.each([
    { text: "let's go to Playa del Carmen instead", destination: place('Playa del Carmen', 'CUN') },
    { text: 'Tulum in March', destination: place('Tulum', 'CUN') },
    { text: 'a week in Cascais', destination: place('Cascais', 'LIS') },
    { text: 'visit Sintra in May', destination: place('Sintra', 'LIS') },
    { text: 'sunsets in Oia', destination: place('Oia', 'JTR') },
    { text: 'Bruges for a weekend', destination: place('Bruges', 'BRU') },
  ])('$text', async ({ text, destination }) => {
    expect((await parse(text)).request.destination).toEqual(destination);
  });

  it('keeps a day trip a day trip', async () => {
    const { request } = await parse('A week in Tokyo with a day trip to Nikko');
    expect(request.destination).toEqual(place('Tokyo', 'TYO'));
    expect(request.interests).toEqual(['a day trip to Nikko']);
    expect(request.alsoVisiting).toBeUndefined();
  });
});

describe('multi-city requests', () => {
  it.each([
    { text: 'Kyoto and Osaka for 10 days in April from SFO', origin: place('San Francisco', 'SFO'), destination: place('Kyoto', 'OSA'), alsoVisiting: [place('Osaka', 'OSA')] },
    { text: 'Tokyo, Kyoto and Osaka in April', origin: null, destination: place('Tokyo', 'TYO'), alsoVisiting: [place('Kyoto', 'OSA'), place('Osaka', 'OSA')] },
    { text: 'Lisbon then Porto in June', origin: null, destination: place('Lisbon', 'LIS'), alsoVisiting: [place('Porto', 'OPO')] },
    { text: 'Lisbon, then on to Porto', origin: null, destination: place('Lisbon', 'LIS'), alsoVisiting: [place('Porto', 'OPO')] },
    { text: 'London to Paris and Rome', origin: place('London', 'LON'), destination: place('Paris', 'PAR'), alsoVisiting: [place('Rome', 'ROM')] },
    { text: 'Rome (4 nights), Florence (3 nights) and Venice', origin: null, destination: place('Rome', 'ROM'), alsoVisiting: [place('Florence', 'FLR'), place('Venice', 'VCE')] },
  ])('$text', async ({ text, origin, destination, alsoVisiting }) => {
    const { request, mentioned } = await parse(text);
    expect({ origin: request.origin, destination: request.destination, alsoVisiting: request.alsoVisiting }).toEqual({ origin, destination, alsoVisiting });
    expect(mentioned).toEqual(expect.arrayContaining(['destination', 'alsoVisiting']));
  });

  it('keeps a single destination single', async () => {
    const { request, mentioned } = await parse('Paris or Rome in May');
    expect(request.alsoVisiting).toBeUndefined();
    expect(mentioned).not.toContain('alsoVisiting');
  });

  it('gives each city of a 3-city trip its days, in order, and ends in the destination for the flight home', () => {
    const days = buildItinerary({
      request: {
        ...emptyTripRequest,
        destination: place('Tokyo', 'TYO'),
        alsoVisiting: [place('Kyoto', 'OSA'), place('Osaka', 'OSA')],
        departDate: '2027-04-05',
        returnDate: '2027-04-15',
        adults: 2,
        interests: ['temples', 'food'],
      },
      pace: 'balanced',
      destination: null,
      flight: null,
      stay: null,
      interests: ['temples', 'food'],
      costLevel: 3,
      currency: 'EUR',
      places,
    });
    const titles = days.map((day) => day.title);
    const firstDayIn = (city: string) => titles.findIndex((title) => title.endsWith(`in ${city}`));
    for (const city of ['Tokyo', 'Kyoto', 'Osaka']) expect(firstDayIn(city)).toBeGreaterThanOrEqual(0);
    expect(firstDayIn('Tokyo')).toBeLessThan(firstDayIn('Kyoto'));
    expect(firstDayIn('Kyoto')).toBeLessThan(firstDayIn('Osaka'));
    // The journey to each further city opens its first day; the way back closes the last one.
    expect(days[firstDayIn('Kyoto')]?.entries.some((entry) => entry.kind === 'transfer' && entry.title === 'Travel to Kyoto')).toBe(true);
    expect(days[firstDayIn('Osaka')]?.entries.some((entry) => entry.kind === 'transfer' && entry.title === 'Travel to Osaka')).toBe(true);
    const lastInOsaka = titles.findLastIndex((title) => title.endsWith('in Osaka'));
    expect(days[lastInOsaka]?.entries.some((entry) => entry.title === 'Back to Tokyo')).toBe(true);
    expect(titles.at(-1)).toBe('Last day in Tokyo');
    // Each city's own sights.
    const activities = (city: string) => days.filter((day) => day.title.endsWith(`in ${city}`)).flatMap((day) => day.entries.filter((entry) => entry.kind === 'activity').map((entry) => entry.title));
    expect(activities('Kyoto')).toContain('Kiyomizu-dera');
    expect(activities('Osaka')).toContain('Dōtonbori');
  });

  it('says so when the trip has no full day for a further city', () => {
    const days = buildItinerary({
      request: { ...emptyTripRequest, destination: place('Lisbon', 'LIS'), alsoVisiting: [place('Porto', 'OPO')], departDate: '2027-06-01', returnDate: '2027-06-02' },
      pace: 'balanced',
      destination: null,
      flight: null,
      stay: null,
      interests: [],
      costLevel: 3,
      currency: 'EUR',
      places,
    });
    expect(days[0]?.entries.some((entry) => entry.kind === 'note' && entry.title === 'No free day for Porto')).toBe(true);
  });
});
