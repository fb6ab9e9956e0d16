// Comparing offers in the browser: flights (per-direction durations and layovers, sorting, filters and
// labels) and stays (sorting by price, rating and distance; filters on price, cancellation and stars).
import { describe, expect, it } from '@jest/globals';
import type { FlightOffer, FlightSegment, StayOffer } from '../../../web/src/api/types.js';
import {
  activeFlightFilters,
  activeStayFilters,
  airlineChoices,
  departureWindowOf,
  directionsOf,
  filterFlights,
  flightLabels,
  filterStays,
  hasFreeCancellation,
  noFlightFilters,
  noStayFilters,
  sortFlights,
  sortStays,
  stopsCountText,
  stopsText,
  travelMinutes,
} from '../../../web/src/lib/offerCompare.js';
import { flightAirports, tripMapPoints } from '../../../web/src/lib/tripMap.js';

const segment = (carrier: string, origin: string, destination: string, departAt: string, arriveAt: string, durationMinutes: number): FlightSegment => ({
  carrier: { code: carrier, name: { TP: 'TAP Air Portugal', IB: 'Iberia', FR: 'Ryanair' }[carrier] ?? carrier },
  flightNumber: `${carrier}100`,
  origin,
  destination,
  departAt,
  arriveAt,
  durationMinutes,
});

const offer = (id: string, price: number, outbound: FlightSegment[], inbound: FlightSegment[] = []): FlightOffer => ({
  id,
  provider: 'sandbox',
  outbound,
  inbound,
  cabinClass: 'economy',
  stops: Math.max(outbound.length, inbound.length) - 1,
  // The whole trip's span, which the screen must not show as a flight duration.
  totalDurationMinutes: 99_999,
  price: { amount: price, currency: 'EUR' },
  expiresAt: '2026-06-01T00:00:00Z',
});

// LHR→LIS nonstop 2h45 in the evening; via MAD with a 1 h 35 m layover in the morning; a cheap afternoon one.
const nonstop = offer('nonstop', 755.52, [segment('TP', 'LHR', 'LIS', '2026-06-12T19:10', '2026-06-12T21:55', 165)], [segment('TP', 'LIS', 'LHR', '2026-06-19T07:00', '2026-06-19T09:40', 160)]);
const viaMadrid = offer(
  'via-mad',
  563.18,
  [segment('IB', 'LHR', 'MAD', '2026-06-12T07:05', '2026-06-12T10:25', 140), segment('IB', 'MAD', 'LIS', '2026-06-12T12:00', '2026-06-12T12:20', 80)],
  [segment('IB', 'LIS', 'MAD', '2026-06-19T13:00', '2026-06-19T15:20', 80), segment('IB', 'MAD', 'LHR', '2026-06-19T16:30', '2026-06-19T17:55', 145)],
);
const afternoon = offer('afternoon', 683.91, [segment('FR', 'STN', 'LIS', '2026-06-12T13:30', '2026-06-12T16:20', 170)], [segment('FR', 'LIS', 'STN', '2026-06-19T17:00', '2026-06-19T19:45', 165)]);
const offers = [afternoon, viaMadrid, nonstop];

describe('flight directions', () => {
  it('gives each direction its own duration (flying plus layovers) and names the layover airport and length', () => {
    const [out, back] = directionsOf(viaMadrid);
    expect(out).toMatchObject({ label: 'Out', durationMinutes: 140 + 95 + 80, stops: 1, layovers: [{ airport: 'MAD', minutes: 95 }] });
    expect(back).toMatchObject({ label: 'Back', durationMinutes: 80 + 70 + 145, layovers: [{ airport: 'MAD', minutes: 70 }] });
    expect(stopsText(out!)).toBe('1 stop · 1 h 35 m in MAD');
    expect(stopsText(directionsOf(nonstop)[0]!)).toBe('Nonstop');
    expect(travelMinutes(viaMadrid)).toBe(315 + 295);
  });

  it('says how many stops in words', () => {
    expect([0, 1, 2].map(stopsCountText)).toEqual(['Nonstop', '1 stop', '2 stops']);
  });

  it('has no return direction for a one-way offer', () => {
    expect(directionsOf(offer('one-way', 100, nonstop.outbound)).map((direction) => direction.label)).toEqual(['Out']);
  });
});

describe('sorting and filtering', () => {
  it('sorts by price, duration and departure time', () => {
    expect(sortFlights(offers, 'price').map((o) => o.price.amount)).toEqual([563.18, 683.91, 755.52]);
    expect(sortFlights(offers, 'duration').map((o) => o.id)).toEqual(['nonstop', 'afternoon', 'via-mad']);
    expect(sortFlights(offers, 'departure').map((o) => o.id)).toEqual(['via-mad', 'afternoon', 'nonstop']);
    // The input is left as it was.
    expect(offers.map((o) => o.id)).toEqual(['afternoon', 'via-mad', 'nonstop']);
  });

  it('filters by stops, departure window and airline', () => {
    expect(filterFlights(offers, { ...noFlightFilters, maxStops: 0 }).map((o) => o.id)).toEqual(['afternoon', 'nonstop']);
    expect(departureWindowOf(viaMadrid)).toBe('morning');
    expect(departureWindowOf(afternoon)).toBe('afternoon');
    expect(departureWindowOf(nonstop)).toBe('evening');
    expect(filterFlights(offers, { ...noFlightFilters, windows: ['morning', 'evening'] }).map((o) => o.id)).toEqual(['via-mad', 'nonstop']);
    expect(airlineChoices(offers).map((a) => a.name)).toEqual(['Iberia', 'Ryanair', 'TAP Air Portugal']);
    expect(filterFlights(offers, { ...noFlightFilters, airlines: ['TP', 'FR'] }).map((o) => o.id)).toEqual(['afternoon', 'nonstop']);
    expect(filterFlights(offers, { maxStops: 0, windows: ['morning'], airlines: [] })).toEqual([]);
    expect(filterFlights(offers, noFlightFilters)).toEqual(offers);
  });
});

describe('stays: sorting and filtering', () => {
  const stay = (id: string, perNight: number, stars: number, reviewScore: number | null, distanceToCentreKm: number | undefined, refundable: boolean | null): StayOffer => ({
    id,
    provider: 'sandbox',
    name: `Hotel ${id}`,
    cityCode: 'LIS',
    latitude: 38.71,
    longitude: -9.14,
    rating: stars,
    reviewScore,
    checkIn: '2026-06-12',
    checkOut: '2026-06-19',
    nights: 7,
    pricePerNight: { amount: perNight, currency: 'EUR' },
    totalPrice: { amount: perNight * 7, currency: 'EUR' },
    amenities: [],
    expiresAt: '2026-06-01T00:00:00Z',
    ...(distanceToCentreKm !== undefined && { distanceToCentreKm }),
    ...(refundable !== null && { cancellationPolicy: { refundable, freeCancellationUntil: refundable ? '2026-06-10T12:00:00Z' : null, summary: refundable ? 'Free cancellation until Jun 10' : 'Non-refundable' } }),
  });
  // A central 4-star, a cheap 2-star far out, a 5-star of unknown distance, a 4-star rated higher by guests.
  const baixa = stay('baixa', 140, 4, 8.1, 0.4, true);
  const airport = stay('airport', 65, 2, 7.0, 6.8, false);
  const palace = stay('palace', 320, 5, 9.2, undefined, true);
  const chiado = stay('chiado', 160, 4, 8.9, 0.9, null);
  const stays = [baixa, airport, palace, chiado];
  const ids = (list: StayOffer[]) => list.map((offer) => offer.id);

  it('sorts by price, by rating (stars, then review score) and by distance with unknown distances last', () => {
    expect(ids(sortStays(stays, 'price'))).toEqual(['airport', 'baixa', 'chiado', 'palace']);
    expect(ids(sortStays(stays, 'rating'))).toEqual(['palace', 'chiado', 'baixa', 'airport']);
    expect(ids(sortStays(stays, 'distance'))).toEqual(['baixa', 'chiado', 'airport', 'palace']);
    // Two unknown distances tie, and the cheaper goes first.
    const farAway = stay('unknown-cheap', 90, 3, null, undefined, null);
    expect(ids(sortStays([palace, farAway, baixa], 'distance'))).toEqual(['baixa', 'unknown-cheap', 'palace']);
    // The input is left as it was.
    expect(ids(stays)).toEqual(['baixa', 'airport', 'palace', 'chiado']);
  });

  it('filters by price per night, free cancellation and stars, and counts the filters that are on', () => {
    expect(filterStays(stays, noStayFilters)).toEqual(stays);
    expect(ids(filterStays(stays, { ...noStayFilters, maxPerNight: 160 }))).toEqual(['baixa', 'airport', 'chiado']);
    // Unknown terms are not free cancellation.
    expect(stays.map(hasFreeCancellation)).toEqual([true, false, true, false]);
    expect(ids(filterStays(stays, { ...noStayFilters, freeCancellation: true }))).toEqual(['baixa', 'palace']);
    expect(ids(filterStays(stays, { ...noStayFilters, minStars: 4 }))).toEqual(['baixa', 'palace', 'chiado']);
    expect(ids(filterStays(stays, { maxPerNight: 200, freeCancellation: true, minStars: 4 }))).toEqual(['baixa']);
    expect(filterStays(stays, { maxPerNight: 50, freeCancellation: false, minStars: null })).toEqual([]);
    expect(activeStayFilters(noStayFilters)).toBe(0);
    expect(activeStayFilters({ maxPerNight: 200, freeCancellation: true, minStars: null })).toBe(2);
    expect(activeFlightFilters(noFlightFilters)).toBe(0);
    expect(activeFlightFilters({ maxStops: 0, windows: ['morning', 'evening'], airlines: [] })).toBe(2);
  });
});

describe('labels', () => {

  it('marks the cheapest, the fastest and the best balance of the two', () => {
    const labels = flightLabels(offers);
    expect(labels.get('via-mad')).toEqual(['cheapest']);
    expect(labels.get('nonstop')).toEqual(['fastest']);
    // Scores: afternoon 683.91/563.18 + 335/325 ≈ 2.25, nonstop ≈ 2.34, via Madrid ≈ 2.88.
    expect(labels.get('afternoon')).toEqual(['best']);
  });

  it('gives one offer every label it earns, and none to an empty list', () => {
    const dominant = offer('dominant', 400, [segment('TP', 'LHR', 'LIS', '2026-06-12T09:00', '2026-06-12T11:40', 160)]);
    expect(flightLabels([nonstop, dominant]).get('dominant')).toEqual(['best', 'cheapest', 'fastest']);
    expect(flightLabels([]).size).toBe(0);
  });
});

describe('trip map points', () => {
  it('draws the centre, near airports and stays with the selected one last; lists far airports', () => {
    const stay = (id: string, latitude: number) => ({ id, name: `Hotel ${id}`, latitude, longitude: -9.14, distanceToCentreKm: 1.2 }) as unknown as import('../../../web/src/api/types.js').StayOffer;
    const destination = { city: 'Lisbon', latitude: 38.72, longitude: -9.14 } as unknown as Parameters<typeof tripMapPoints>[0]['destination'];
    const { points, farAirports } = tripMapPoints({
      stays: [stay('a', 38.73), stay('b', 38.71)],
      selectedStayId: 'a',
      destination,
      airports: [
        { iata: 'LIS', name: 'Humberto Delgado', cityName: 'Lisbon', latitude: 38.77, longitude: -9.13 },
        { iata: 'LHR', name: 'Heathrow', cityName: 'London', latitude: 51.47, longitude: -0.45 },
      ],
    });
    expect(points.map((point) => [point.kind, point.mark])).toEqual([
      ['centre', ''],
      ['airport', 'LIS'],
      ['stay', '2'],
      ['selected-stay', '1'],
    ]);
    expect(points.at(-1)?.label).toBe('Selected stay 1: Hotel a, 1.2 km from the centre');
    expect(farAirports.map((airport) => airport.iata)).toEqual(['LHR']);
    expect(flightAirports(viaMadrid)).toEqual(['LHR', 'MAD', 'LIS']);
  });
});
