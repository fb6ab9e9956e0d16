// Forms validate with the API's own zod schemas, in the browser, with the same field names and reasons.
import { describe, expect, it } from '@jest/globals';
import { createApiKeyRequestSchema, registerRequestSchema } from '../../../contracts/auth.js';
import { createTripSchema } from '../../../contracts/trips.js';
import { createWatchSchema } from '../../../contracts/watches.js';
import { emptyTripRequest } from '../../../domain/trip.js';
import { errorFor, validate } from '../../../web/src/lib/forms.js';
import { addDays, MAX_TRIP_NIGHTS, utcDateOf } from '../../../domain/dates.js';
import { fieldsFromRequest, newTripProblems, tripBodyFromFields } from '../../../web/src/screens/NewTripScreen.js';
import { flightTarget } from '../../../web/src/screens/watches/WatchForm.js';

describe('validate with the API schemas', () => {
  it('reports each field with the reason the API would give', () => {
    const result = validate(registerRequestSchema, { email: 'not-an-email', password: 'short', displayName: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({ email: 'must be an email address', password: 'must be at least 10 characters', displayName: 'must not be empty' });
  });

  it('returns the parsed (normalized) body when valid', () => {
    const result = validate(registerRequestSchema, { email: ' Ada@Example.TEST ', password: 'correct horse battery', displayName: ' Ada ' });
    expect(result).toEqual({ ok: true, data: { email: 'ada@example.test', password: 'correct horse battery', displayName: 'Ada' } });
  });

  it('names unknown fields and nested paths', () => {
    const result = validate(createApiKeyRequestSchema, { name: 'agent', scopes: ['trips:fly'], owner: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.owner).toBe('is not a known field');
    expect(errorFor(result.errors, 'scopes')).toMatch(/must be one of/);
  });
});

describe('new trip form', () => {
  it('fills the structured fields from the parsed request and builds a body the createTrip schema accepts', () => {
    const fields = fieldsFromRequest({
      ...emptyTripRequest,
      origin: { city: 'New York', iata: 'NYC' },
      destination: { city: 'Lisbon', iata: 'LIS' },
      departDate: '2027-03-05',
      returnDate: '2027-03-12',
      adults: 2,
      budget: { amount: 4000, currency: 'USD' },
      interests: ['food', 'museums'],
    });
    expect(fields).toMatchObject({ title: 'Trip to Lisbon', origin: 'NYC', destination: 'LIS', startDate: '2027-03-05', adults: '2', budget: '4000', interests: 'food, museums' });
    const body = tripBodyFromFields({ title: '', origin: '', destination: '', startDate: '', endDate: '', adults: '1', children: '0', budget: '', currency: 'USD', cabinClass: 'economy', interests: '', pace: 'balanced', maxStops: 'any', stayNeeded: 'yes', ...fields });
    const checked = validate(createTripSchema, body);
    expect(checked).toEqual({
      ok: true,
      data: {
        title: 'Trip to Lisbon',
        origin: 'NYC',
        destinations: ['LIS'],
        startDate: '2027-03-05',
        endDate: '2027-03-12',
        adults: 2,
        children: 0,
        budget: { amount: 4000, currency: 'USD' },
        preferences: { cabinClass: 'economy', pace: 'balanced', interests: ['food', 'museums'] },
      },
    });
  });

  it('carries the flight and accommodation preferences into the body', () => {
    const fields = fieldsFromRequest({ ...emptyTripRequest, destination: { city: 'Madrid', iata: 'MAD' }, maxStops: 0, stay: { needed: false, maxPerNight: null, minStars: null, near: null, cheapest: false } });
    expect(fields).toMatchObject({ maxStops: '0', stayNeeded: 'no' });
    const body = tripBodyFromFields({ title: '', origin: '', destination: '', startDate: '', endDate: '', adults: '2', children: '0', budget: '', currency: 'EUR', cabinClass: 'economy', interests: '', pace: 'relaxed', maxStops: 'any', stayNeeded: 'yes', ...fields });
    const checked = validate(createTripSchema, body);
    expect(checked.ok && checked.data.preferences).toEqual({ cabinClass: 'economy', pace: 'relaxed', maxStops: 0, stay: { needed: false, maxPerNight: null, minStars: null, near: null, cheapest: false } });
  });

  it('rejects what the API would reject: dates out of order, a bad code, a bad budget', () => {
    const body = tripBodyFromFields({ title: 'x', origin: 'NY', destination: 'LIS', startDate: '2027-03-12', endDate: '2027-03-05', adults: '0', children: '0', budget: '-5', currency: 'usd', cabinClass: 'economy', interests: '', pace: 'balanced', maxStops: 'any', stayNeeded: 'yes' });
    const checked = validate(createTripSchema, body);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['adults', 'budget.amount', 'endDate', 'origin']);
  });
});

describe('new trip form: the trip-date rule and the minimum a trip needs', () => {
  const today = utcDateOf(new Date());
  const form = (overrides: Partial<Parameters<typeof tripBodyFromFields>[0]> = {}) => ({
    title: '', origin: '', destination: '', startDate: '', endDate: '', adults: '1', children: '0', budget: '', currency: 'USD', cabinClass: 'economy', interests: '', pace: 'balanced', maxStops: 'any', stayNeeded: 'yes', ...overrides,
  });

  it('refuses an empty form under "To", and invents no "New trip" title', () => {
    expect(newTripProblems(form(), '')).toEqual({ destinations: 'tell us where you want to go, or describe the trip above' });
    expect(tripBodyFromFields(form()).title).toBe('');
  });

  it('accepts a destination alone, or a request alone (named after it)', () => {
    expect(newTripProblems(form({ destination: 'lis' }), '')).toEqual({});
    expect(tripBodyFromFields(form({ destination: 'lis' })).title).toBe('Trip to LIS');
    expect(newTripProblems(form(), 'Somewhere warm in March')).toEqual({});
    expect(tripBodyFromFields(form(), '  Somewhere   warm in March ').title).toBe('Somewhere warm in March');
  });

  it('says what is wrong with the dates next to the field, in the API\'s words', () => {
    const later = addDays(today, 12);
    const reversed = newTripProblems(form({ destination: 'LIS', startDate: later, endDate: addDays(today, 5) }), '');
    expect(reversed).toEqual({ endDate: `the return date (${addDays(today, 5)}) is before the departure (${later})` });
    expect(newTripProblems(form({ destination: 'LIS', startDate: '2027-02-30' }), '')).toEqual({ startDate: 'the departure date 2027-02-30 is not a date on the calendar' });
    expect(newTripProblems(form({ destination: 'LIS', startDate: addDays(today, -1) }), '')).toEqual({
      startDate: `the departure date (${addDays(today, -1)}) is in the past; today is ${today}`,
    });
    expect(Object.keys(newTripProblems(form({ destination: 'LIS', startDate: today, endDate: addDays(today, MAX_TRIP_NIGHTS + 1) }), ''))).toEqual(['endDate']);
    expect(newTripProblems(form({ destination: 'LIS', startDate: today, endDate: addDays(today, 7) }), '')).toEqual({});
  });
});

describe('price watch form', () => {
  it('builds a flight watch target from a plan offer that the createWatch schema accepts', () => {
    const segment = (origin: string, destination: string, departAt: string) => ({ carrier: { code: 'TP', name: 'TAP' }, flightNumber: 'TP1', origin, destination, departAt, arriveAt: departAt, durationMinutes: 400 });
    const offer = {
      id: 'off_1',
      provider: 'sandbox',
      outbound: [segment('JFK', 'LIS', '2027-06-01T19:00')],
      inbound: [segment('LIS', 'JFK', '2027-06-08T15:10')],
      cabinClass: 'economy' as const,
      stops: 0,
      totalDurationMinutes: 870,
      price: { amount: 1535, currency: 'EUR' },
      expiresAt: '2027-01-01T00:00:00Z',
    };
    const target = flightTarget(offer, { adults: 2, children: 0 });
    expect(target).toEqual({ kind: 'flight', origin: 'JFK', destination: 'LIS', departDate: '2027-06-01', returnDate: '2027-06-08', cabinClass: 'economy', adults: 2, children: 0 });
    expect(validate(createWatchSchema, { target, targetPrice: 1500, cadenceMinutes: 60 }).ok).toBe(true);
    const noCriteria = validate(createWatchSchema, { target });
    expect(noCriteria.ok).toBe(false);
    if (!noCriteria.ok) expect(noCriteria.errors.targetPrice).toBe('set a targetPrice, a dropPercent or both');
  });
});
