// The budget's trade-off lines never contradict the total they sit next to: over budget, no line says a
// choice "keeps you under budget" or "still fits"; a traveler's own pick over budget is called that, not
// "the cheapest combination"; a cheaper stay that rates the same is not sold as a rating trade-off.
import { describe, expect, it } from '@jest/globals';
import { planBudget } from '../../../agents/budget.js';
import { emptyTripRequest, type FlightOffer, type StayOffer, type TripRequest } from '../../../domain/trip.js';

const segment = (flightNumber: string, departAt: string, arriveAt: string) => ({
  carrier: { code: 'TS', name: 'TripSage Air' }, flightNumber, origin: 'LHR', destination: 'LIS', departAt, arriveAt, durationMinutes: 160,
});
const flight = (id: string, amount: number, stops: number): FlightOffer => ({
  id, provider: 'test', cabinClass: 'economy', stops, totalDurationMinutes: 320 + stops * 120, expiresAt: '2027-05-01T00:00:00Z',
  outbound: [segment(`TS${id}1`, '2027-05-10T08:00', '2027-05-10T10:40')], inbound: [segment(`TS${id}2`, '2027-05-15T18:00', '2027-05-15T20:40')],
  price: { amount, currency: 'GBP' },
});
const stay = (id: string, amount: number, rating: number, reviewScore: number): StayOffer => ({
  id, provider: 'test', name: `Hotel ${id}`, cityCode: 'LIS', latitude: 38.71, longitude: -9.14, rating, reviewScore, checkIn: '2027-05-10', checkOut: '2027-05-15',
  nights: 5, pricePerNight: { amount: amount / 5, currency: 'GBP' }, totalPrice: { amount, currency: 'GBP' }, amenities: [], expiresAt: '2027-05-01T00:00:00Z',
});
const request = (budget: number): TripRequest => ({
  ...emptyTripRequest, origin: { city: 'London', iata: 'LON' }, destination: { city: 'Lisbon', iata: 'LIS' }, departDate: '2027-05-10', returnDate: '2027-05-15', adults: 2,
  budget: { amount: budget, currency: 'GBP' },
});
const flights = [flight('A', 900, 0), flight('B', 400, 1)];
const stays = [stay('X', 1500, 5, 9.1), stay('Y', 700, 3, 7.9), stay('Z', 600, 3, 7.9)];
const base = { pace: 'balanced' as const, flights, stays, cityCode: 'LIS', countryCode: 'PT', centre: null };

describe('budget trade-offs tell the truth', () => {
  it('over budget with the traveler\'s own pick: says so, and claims no fit', () => {
    const result = planBudget({ ...base, request: request(2000), pinnedFlightId: 'A', pinnedStayId: 'X' });
    expect(result.breakdown?.withinBudget).toBe(false);
    const lines = result.breakdown?.tradeoffs.join('\n') ?? '';
    expect(lines).not.toMatch(/under budget|still fits/);
    expect(lines).not.toContain('Even the cheapest combination');
    expect(lines).toMatch(/This selection is £[\d,]+ over your £2,000 budget/);
  });

  it('within budget: the stay line may say it keeps the trip under budget', () => {
    const result = planBudget({ ...base, request: request(20_000) });
    expect(result.breakdown?.withinBudget).toBe(true);
    expect(result.breakdown?.tradeoffs.join('\n')).not.toContain('over your');
  });

  it('does not call an equally rated cheaper stay a rating trade-off', () => {
    const result = planBudget({ ...base, request: request(20_000), pinnedStayId: 'Y' });
    const lines = result.breakdown?.tradeoffs.join('\n') ?? '';
    expect(lines).not.toMatch(/rates 7\.9\/10 against 7\.9\/10/);
    expect(lines).toContain('The cheapest stay (Hotel Z) would save');
  });
});
