// The one rule for a trip's currency (domain/currency.ts) against the real places index.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { currencyOfCountry, tripCurrency } from '../../domain/currency.js';
import { loadPlaces, type PlaceIndex } from '../../domain/places.js';
import { emptyTripRequest, type TripRequest } from '../../domain/trip.js';

describe('tripCurrency', () => {
  let places: PlaceIndex;
  beforeAll(async () => {
    places = await loadPlaces();
  });
  const request = (patch: Partial<TripRequest>): TripRequest => ({ ...emptyTripRequest, ...patch });
  const chicago = { city: 'Chicago', iata: 'CHI' };

  it("prefers the budget's currency over the profile and the origin", () => {
    expect(tripCurrency(request({ origin: chicago, budget: { amount: 3000, currency: 'GBP' } }), 'JPY', places)).toBe('GBP');
  });

  it("then the traveler's profile setting", () => {
    expect(tripCurrency(request({ origin: chicago }), 'CHF', places)).toBe('CHF');
  });

  it("then the origin's country's currency", () => {
    expect(tripCurrency(request({ origin: chicago }), null, places)).toBe('USD');
    expect(tripCurrency(request({ origin: { city: 'London', iata: 'LON' } }), null, places)).toBe('GBP');
    expect(tripCurrency(request({ origin: { city: 'Tokyo', iata: 'TYO' } }), null, places)).toBe('JPY');
    expect(tripCurrency(request({ origin: { city: 'Lisbon', iata: 'LIS' } }), null, places)).toBe('EUR');
  });

  it('else EUR (no origin, or a country whose currency has no ECB rate)', () => {
    expect(tripCurrency(request({}), null, places)).toBe('EUR');
    expect(tripCurrency(request({ origin: { city: 'Buenos Aires', iata: 'BUE' } }), null, places)).toBe('EUR');
    expect(currencyOfCountry('AR')).toBeNull();
  });
});
