import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DuffelFlightProvider, DuffelStayProvider, parseIsoDuration } from '../../../providers/duffel.js';
import { ProviderError, type FlightSearch, type StaySearch } from '../../../providers/types.js';
import { closedPort } from '../../fakes/fakeHttp.js';
import { duffelError, rateLimited, startFakeDuffel, type FakeDuffel } from '../../fakes/duffelServer.js';

const roundTrip: FlightSearch = { origin: 'JFK', destination: 'LHR', departDate: '2026-06-16', returnDate: '2026-06-23', adults: 2, children: 1, cabinClass: 'business' };
const stay: StaySearch = { cityCode: 'LIS', latitude: 38.7223, longitude: -9.1393, checkIn: '2026-06-16', checkOut: '2026-06-19', adults: 2, children: 1, rooms: 1 };

describe('Duffel providers against a local Duffel API', () => {
  let fake: FakeDuffel;
  let flights: DuffelFlightProvider;
  let stays: DuffelStayProvider;

  beforeAll(async () => {
    fake = await startFakeDuffel();
    flights = new DuffelFlightProvider({ token: fake.token, baseUrl: fake.url });
    stays = new DuffelStayProvider({ token: fake.token, baseUrl: fake.url });
  });

  afterAll(async () => {
    await fake.close();
  });

  beforeEach(() => {
    fake.requests.length = 0;
    fake.setDelay(0);
  });

  it('creates an offer request with slices, passengers and cabin, returning offers inline', async () => {
    await flights.searchFlights(roundTrip);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toMatch(/^\/air\/offer_requests\/?$/);
    expect(request?.query.return_offers).toBe('true');
    expect(request?.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(request?.headers['duffel-version']).toBe('v2');
    expect(request?.body).toEqual({
      data: {
        slices: [
          { origin: 'JFK', destination: 'LHR', departure_date: '2026-06-16', arrival_time: null, departure_time: null },
          { origin: 'LHR', destination: 'JFK', departure_date: '2026-06-23', arrival_time: null, departure_time: null },
        ],
        passengers: [{ type: 'adult' }, { type: 'adult' }, { age: 8 }],
        cabin_class: 'business',
      },
    });
  });

  it('maps Duffel offers to flight offers, cheapest first', async () => {
    const offers = await flights.searchFlights(roundTrip);
    expect(offers.map((offer) => offer.id)).toEqual(['off_0000onestop', 'off_0000nonstop']);
    const [oneStop, nonstop] = offers;
    expect(oneStop).toEqual({
      id: 'off_0000onestop',
      provider: 'duffel',
      outbound: [
        { carrier: { code: 'FI', name: 'Icelandair' }, flightNumber: 'FI614', origin: 'JFK', destination: 'KEF', departAt: '2026-06-16T19:40', arriveAt: '2026-06-17T05:15', durationMinutes: 335 },
        { carrier: { code: 'FI', name: 'Icelandair' }, flightNumber: 'FI450', origin: 'KEF', destination: 'LHR', departAt: '2026-06-17T07:40', arriveAt: '2026-06-17T12:00', durationMinutes: 200 },
      ],
      inbound: [
        { carrier: { code: 'FI', name: 'Icelandair' }, flightNumber: 'FI614', origin: 'LHR', destination: 'KEF', departAt: '2026-06-23T19:40', arriveAt: '2026-06-24T05:15', durationMinutes: 335 },
        { carrier: { code: 'FI', name: 'Icelandair' }, flightNumber: 'FI450', origin: 'KEF', destination: 'JFK', departAt: '2026-06-24T07:40', arriveAt: '2026-06-24T12:00', durationMinutes: 200 },
      ],
      cabinClass: 'business',
      stops: 1,
      totalDurationMinutes: 680 * 2,
      price: { amount: 655.1, currency: 'GBP' },
      expiresAt: '2026-03-01T10:30:00.000000Z',
      conditions: { refundBeforeDeparture: { allowed: true, penalty: { amount: 100, currency: 'USD' } }, changeBeforeDeparture: { allowed: false, penalty: null } },
      // The checked bag is included on the first leg only: not for the journey.
      baggage: { checked: 0, carryOn: 1 },
      // The offer request's passenger ids, which an order names its passengers by.
      passengers: [
        { id: 'pas_0001', type: 'adult' },
        { id: 'pas_0002', type: 'adult' },
        { id: 'pas_0003', type: 'child' },
      ],
    });
    expect(nonstop).toMatchObject({
      stops: 0,
      totalDurationMinutes: 430 * 2,
      price: { amount: 812.4, currency: 'GBP' },
      conditions: { refundBeforeDeparture: { allowed: false, penalty: null }, changeBeforeDeparture: { allowed: true, penalty: { amount: 60, currency: 'GBP' } } },
      baggage: { checked: 1, carryOn: 1 },
    });
    expect(nonstop?.outbound).toEqual([
      { carrier: { code: 'BA', name: 'British Airways' }, flightNumber: 'BA117', origin: 'JFK', destination: 'LHR', departAt: '2026-06-16T20:25', arriveAt: '2026-06-17T08:35', durationMinutes: 430 },
    ]);
  });

  it('sends one slice for a one-way search', async () => {
    const offers = await flights.searchFlights({ ...roundTrip, returnDate: null, children: 0, cabinClass: 'economy' });
    const body = fake.bodies()[0] as { slices: unknown[]; passengers: unknown[]; cabin_class: string };
    expect(body.slices).toHaveLength(1);
    expect(body.passengers).toEqual([{ type: 'adult' }, { type: 'adult' }]);
    expect(body.cabin_class).toBe('economy');
    expect(offers.every((offer) => offer.inbound.length === 0)).toBe(true);
  });

  it('turns 429 and 5xx into retryable ProviderErrors with the status, 4xx into non-retryable ones', async () => {
    fake.failNext(rateLimited());
    const limited = await flights.searchFlights(roundTrip).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(ProviderError);
    expect(limited).toMatchObject({ provider: 'duffel', retryable: true, status: 429 });
    expect((limited as Error).message).toMatch(/Rate limit exceeded/);

    fake.failNext(duffelError(503, 'api_error', 'service_unavailable', 'Service unavailable', 'Try again later.'));
    await expect(flights.searchFlights(roundTrip)).rejects.toMatchObject({ retryable: true, status: 503 });

    fake.failNext(duffelError(422, 'validation_error', 'invalid_iata_code', 'Invalid IATA code', 'The origin is not a valid IATA code.'));
    await expect(flights.searchFlights(roundTrip)).rejects.toMatchObject({ retryable: false, status: 422 });

    const unauthorized = new DuffelFlightProvider({ token: 'wrong', baseUrl: fake.url });
    await expect(unauthorized.searchFlights(roundTrip)).rejects.toMatchObject({ retryable: false, status: 401 });
  });

  it('reports an unreachable API as retryable, and honours the deadline and the caller’s abort', async () => {
    const closed = new DuffelFlightProvider({ token: fake.token, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(closed.searchFlights(roundTrip)).rejects.toMatchObject({ name: 'ProviderError', retryable: true, status: undefined });

    fake.setDelay(2_000);
    const slow = new DuffelFlightProvider({ token: fake.token, baseUrl: fake.url, timeoutMs: 100 });
    let started = performance.now();
    await expect(slow.searchFlights(roundTrip)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/timed out/) });
    expect(performance.now() - started).toBeLessThan(1_000);

    const controller = new AbortController();
    started = performance.now();
    setTimeout(() => controller.abort(), 50);
    await expect(flights.searchFlights(roundTrip, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('searches stays by location and maps results', async () => {
    const offers = await stays.searchStays(stay);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/stays/search');
    expect(request?.body).toEqual({
      data: {
        location: { radius: 5, geographic_coordinates: { latitude: 38.7223, longitude: -9.1393 } },
        check_in_date: '2026-06-16',
        check_out_date: '2026-06-19',
        rooms: 1,
        guests: [{ type: 'adult' }, { type: 'adult' }, { type: 'child', age: 8 }],
      },
    });
    expect(offers).toEqual([
      {
        id: 'srr_0000budget',
        provider: 'duffel',
        name: 'Casa Baixa Rooms',
        cityCode: 'LIS',
        latitude: 38.7223, // no coordinates from Duffel: the searched centre
        longitude: -9.1393,
        rating: 0,
        reviewScore: null,
        checkIn: '2026-06-16',
        checkOut: '2026-06-19',
        nights: 3,
        pricePerNight: { amount: 100, currency: 'EUR' },
        totalPrice: { amount: 300, currency: 'EUR' },
        amenities: ['wifi', 'gym'],
        expiresAt: '2026-03-01T10:30:00.000000Z',
        // No coordinates: no distance (not 0 km); Duffel's address names no neighbourhood.
        cancellationPolicy: { freeCancellationUntil: null, refundable: false, summary: 'Non-refundable' },
      },
      expect.objectContaining({
        id: 'srr_0000premium',
        name: 'Hotel Avenida Palace',
        rating: 5,
        reviewScore: 9.1,
        latitude: 38.7162,
        longitude: -9.1425,
        pricePerNight: { amount: 320, currency: 'EUR' },
        totalPrice: { amount: 960, currency: 'EUR' },
        distanceToCentreKm: 0.7,
        // The cheapest rate's timeline: full refund until two days before check-in, half until the day before.
        cancellationPolicy: {
          freeCancellationUntil: '2026-06-14T23:59:00.000Z',
          refundable: true,
          summary: 'Free cancellation until Jun 14, 2026, 23:59 UTC, then partly refundable until Jun 15, 2026, 23:59 UTC',
        },
      }),
    ]);
    expect(offers[1]).not.toHaveProperty('neighbourhood');

    fake.failNext(duffelError(500, 'api_error', 'internal_server_error', 'Internal server error', 'Something went wrong.'));
    await expect(stays.searchStays(stay)).rejects.toMatchObject({ provider: 'duffel', retryable: true, status: 500 });
  });

  it('parses ISO 8601 durations', () => {
    expect(parseIsoDuration('PT7H10M')).toBe(430);
    expect(parseIsoDuration('P1DT2H')).toBe(1560);
    expect(parseIsoDuration('PT45M')).toBe(45);
    expect(parseIsoDuration('P0DT11H20M')).toBe(680);
    expect(parseIsoDuration('7 hours')).toBeNull();
  });
});
