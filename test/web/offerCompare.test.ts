// Comparing flights in the browser: per-direction durations and layovers, sorting, filters and labels.
import { describe, expect, it } from '@jest/globals';
import type { FlightOffer, FlightSegment } from '../../web/src/api/types.js';
import {
  airlineChoices,
  departureWindowOf,
  directionsOf,
  filterFlights,
  flightLabels,
  noFlightFilters,
  sortFlights,
  stopsText,
  travelMinutes,
} from '../../web/src/lib/offerCompare.js';
import { flightAirports, tripMapPoints } from '../../web/src/lib/tripMap.js';

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
    const stay = (id: string, latitude: number) => ({ id, name: `Hotel ${id}`, latitude, longitude: -9.14, distanceToCentreKm: 1.2 }) as unknown as import('../../web/src/api/types.js').StayOffer;
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
