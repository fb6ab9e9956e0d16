// The offline reading of follow-up messages against a trip (agents/followUp.ts), applied to the trip
// (agents/changeSet.ts). Tables: relative dates, and for each kind of phrasing the dialog set found
// wanting, wordings that are NOT in the dialog set — the fixes read categories of phrasing, not sentences.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { applyChangeSet, readChangeSet, type ChangeSet, type ResolvedChangeSet } from '../../../agents/index.js';
import { resolvePlace } from '../../../agents/tools.js';
import { loadPlaces, type PlaceIndex } from '../../../domain/places.js';
import { emptyTripRequest, type TripRequest } from '../../../domain/trip.js';

const TODAY = '2026-12-03';
let places: PlaceIndex;

beforeAll(async () => {
  places = await loadPlaces();
});

const trip = (overrides: Partial<TripRequest>): TripRequest => ({
  ...emptyTripRequest,
  origin: { city: 'London', iata: 'LON' },
  destination: { city: 'Rome', iata: 'ROM' },
  departDate: '2027-09-05',
  returnDate: '2027-09-15',
  adults: 2,
  budget: { amount: 3500, currency: 'EUR' },
  ...overrides,
});

const read = (text: string, current: TripRequest): ChangeSet => readChangeSet(text, current, { referenceDate: TODAY, places });

/** The request after the message, as the understand step would apply it. */
function after(text: string, current: TripRequest): TripRequest {
  const { origin, destination, alsoVisiting, ...rest } = read(text, current);
  const resolved: ResolvedChangeSet = { ...rest };
  if (origin !== undefined) resolved.origin = origin && resolvePlace(places, origin);
  if (destination !== undefined) resolved.destination = destination && resolvePlace(places, destination);
  if (alsoVisiting !== undefined) resolved.alsoVisiting = alsoVisiting.flatMap((place) => resolvePlace(places, place) ?? []);
  return applyChangeSet(current, 'balanced', resolved, { today: TODAY, currency: 'USD' }).request;
}

describe('relative dates against the trip', () => {
  const rome = trip({}); // Sep 5–15 2027, 10 nights
  const sydney = trip({ destination: { city: 'Sydney', iata: 'SYD' }, departDate: '2028-01-27', returnDate: '2028-02-02' });
  const honolulu = trip({ destination: { city: 'Honolulu', iata: 'HNL' }, departDate: '2027-12-20', returnDate: '2028-01-03' });
  // Years out: a bare day or month-day belongs to the trip's year, not today's.
  const farOff = trip({ departDate: '2030-01-27', returnDate: '2030-02-02' });
  it.each([
    // [message, trip, departDate, returnDate]
    ['two days later', rome, '2027-09-07', '2027-09-17'],
    ['can we go a couple of days later?', rome, '2027-09-07', '2027-09-17'],
    ['a day longer', rome, '2027-09-05', '2027-09-16'],
    ['extend the trip by 3 days', rome, '2027-09-05', '2027-09-18'],
    ['add 2 nights', rome, '2027-09-05', '2027-09-17'],
    ['a full week', rome, '2027-09-05', '2027-09-12'],
    ['make it two weeks', rome, '2027-09-05', '2027-09-19'],
    ['back on the 5th', sydney, '2028-01-27', '2028-02-05'],
    ["we'll fly home on the 2nd of January instead", honolulu, '2027-12-20', '2028-01-02'],
    ['back on the 5th', farOff, '2030-01-27', '2030-02-05'],
    ['we fly home on February 4th', farOff, '2030-01-27', '2030-02-04'],
    ['leave on the 25th instead', farOff, '2030-01-25', '2030-01-31'],
    // "The departure" is the outbound flight: it moves, the return stays.
    ['push the departure back by three days', rome, '2027-09-08', '2027-09-15'],
    ['push the whole trip back by three days', rome, '2027-09-08', '2027-09-18'],
    ['leave a day earlier', rome, '2027-09-04', '2027-09-15'],
    ['we have to come back a day earlier', rome, '2027-09-05', '2027-09-14'],
    ['one night less', rome, '2027-09-05', '2027-09-14'],
    ['shorten it by 2 days', rome, '2027-09-05', '2027-09-13'],
    ['we need to be home by the 12th', rome, '2027-09-05', '2027-09-12'],
    ['from the 8th to the 14th', rome, '2027-09-08', '2027-09-14'],
  ])('"%s"', (text, current, departDate, returnDate) => {
    expect(read(text, current).intent).toBe('change');
    expect(after(text, current)).toEqual({ ...current, departDate, returnDate });
  });
});

describe('phrasings beyond the dialog set', () => {
  const rome = trip({ interests: ['museums', 'wine'] });
  const family = trip({ adults: 2, children: 2 });
  it.each<[string, TripRequest, Partial<TripRequest>]>([
    // cabins without "class"
    ['bump us up to business', rome, { cabinClass: 'business' }],
    ['coach is fine for us', trip({ cabinClass: 'business' }), { cabinClass: 'economy' }],
    // stops refused or limited
    ['we hate layovers', rome, { maxStops: 0 }],
    ['a single connection is fine, but no more', rome, { maxStops: 1 }],
    ['without changing planes please', rome, { maxStops: 0 }],
    // travelers named together, or the whole party restated
    ['my mum and my dad are joining us', rome, { adults: 4 }],
    ['my parents are coming too', rome, { adults: 4 }],
    ["I'll be travelling solo", family, { adults: 1, children: 0 }],
    ['just the three of us', rome, { adults: 3, children: 0 }],
    // budget
    ['limit it to 2,800', rome, { budget: { amount: 2800, currency: 'EUR' } }],
    ["we've got around 5k to spend", rome, { budget: { amount: 5000, currency: 'EUR' } }],
    ['forget the budget', rome, { budget: null }],
    // interests, added and dropped in the traveler's words
    ["we're keen on street art and vintage shops", rome, { interests: ['museums', 'wine', 'street art', 'vintage shops'] }],
    ["we're huge coffee lovers", rome, { interests: ['museums', 'wine', 'coffee'] }],
    ["we don't care much for museums", rome, { interests: ['wine'] }],
    ['no wine please', rome, { interests: ['museums'] }],
    // more cities, the trip's own destination kept
    ['we would like to see Florence too', rome, { alsoVisiting: [{ city: 'Florence', iata: 'FLR' }] }],
  ])('"%s"', (text, current, changed) => {
    expect(read(text, current).intent).toBe('change');
    expect(after(text, current)).toEqual({ ...current, ...changed });
  });

  it.each([
    ['Stay', 'the hotel is too pricey', { cheapest: true }],
    ['Stay', 'no more than 120 euros a night', { maxPerNight: { amount: 120, currency: 'EUR' } }],
    ['Stay', 'accommodation is sorted, thanks', { needed: false }],
    ['Stay', "we'd like a place right in the old town", { near: 'the old town' }],
  ])('%s: "%s"', (_label, text, stay) => {
    expect(read(text, trip({})).stay).toEqual(stay);
  });

  it.each([
    ['relaxed', "let's keep it light, we like lazy mornings"],
    ['relaxed', "we're not early risers"],
    ['packed', "let's cram in as much as we can"],
  ])('pace %s: "%s"', (pace, text) => {
    expect(read(text, trip({})).pace).toBe(pace);
  });

  it.each([
    ['undo', 'oh wait, revert that'],
    ['undo', 'ugh, put it back the way it was'],
    ['confirm', 'yep, works for us 🙂'],
    ['confirm', 'sounds great to us, thank you very much'],
    ['change', 'would a day trip to Tivoli be doable?'],
    ['question', 'how warm is it in September?'],
    ['clarify', 'earlier and later'],
  ])('intent %s: "%s"', (intent, text) => {
    expect(read(text, trip({})).intent).toBe(intent);
  });

  it('does not take "first thing" for first class, nor "we like it" or a cabin for an interest', () => {
    expect(read('can we fly out first thing in the morning?', trip({})).cabinClass).toBeUndefined();
    expect(read('we like it', trip({})).intent).toBe('confirm');
    expect(read('add business class', trip({}))).toEqual({ intent: 'change', cabinClass: 'business' });
  });

  it('replaces the destination when the added words belong to another edit ("add a night")', () => {
    expect(after("let's do Naples and add a night", trip({}))).toMatchObject({ destination: { iata: 'NAP' }, returnDate: '2027-09-16' });
    expect(after("let's do Naples and add a night", trip({})).alsoVisiting).toBeUndefined();
  });

  it('asks where to go, with nothing changed, when the trip has no destination and the message names none', () => {
    expect(read('surprise me!', emptyTripRequest)).toEqual({ intent: 'clarify', clarifyingQuestion: expect.any(String) });
    expect(read('any ideas for a long weekend?', emptyTripRequest).intent).toBe('clarify');
  });
});

describe('further cities of a multi-city trip', () => {
  const tokyo = () => trip({ destination: { city: 'Tokyo', iata: 'TYO' }, departDate: '2027-04-01', returnDate: '2027-04-10' });

  it.each([
    ['we also want to see Kyoto', ['Kyoto']],
    ['can we add Hakone and Kyoto?', ['Hakone', 'Kyoto']],
  ])('"%s" adds stops by name and keeps the destination', (text, cities) => {
    const next = after(text, tokyo());
    expect(next.destination?.city).toBe('Tokyo');
    expect((next.alsoVisiting ?? []).map((place) => place.city)).toEqual(cities);
  });

  it('gives "for a couple of days" to the added stop, not to the whole trip', () => {
    const next = after('add Osaka for a couple of days', tokyo());
    expect([next.departDate, next.returnDate]).toEqual(['2027-04-01', '2027-04-10']);
    expect(next.alsoVisiting?.map((place) => place.city)).toEqual(['Osaka']);
  });

  it('drops a stop the trip has, and nothing else', () => {
    const withStops = tokyo();
    withStops.alsoVisiting = [{ city: 'Kyoto', iata: 'OSA' }, { city: 'Osaka', iata: 'OSA' }];
    const next = after('drop Kyoto', withStops);
    expect(next.destination?.city).toBe('Tokyo');
    expect(next.alsoVisiting?.map((place) => place.city)).toEqual(['Osaka']);
  });

  it('reads a removal word as removing only the place right after it', () => {
    const withStops = tokyo();
    withStops.alsoVisiting = [{ city: 'Kyoto', iata: 'OSA' }, { city: 'Osaka', iata: 'OSA' }];
    expect(after('skip the visit to Osaka', withStops).alsoVisiting?.map((place) => place.city)).toEqual(['Kyoto']);
    // "without" belongs to the hotel here; Nara is still added.
    expect(after('can we go without a hotel and add Nara?', withStops).alsoVisiting?.map((place) => place.city)).toEqual(['Kyoto', 'Osaka', 'Nara']);
  });
});
