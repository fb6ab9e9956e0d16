import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadPlaces, type PlaceIndex } from '../../../domain/places.js';
import type { FlightOffer } from '../../../domain/trip.js';
import { SandboxFlightProvider } from '../../../providers/sandbox/flights.js';
import { ProviderError, type FlightSearch } from '../../../providers/types.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const DAY_MS = 86_400_000;
const base: FlightSearch = { origin: 'JFK', destination: 'LHR', departDate: '2026-06-16', returnDate: null, adults: 1, children: 0, cabinClass: 'economy' };

/** Naive minutes of a local "YYYY-MM-DDTHH:MM" read as if it were UTC. */
const naiveMinutes = (local: string) => Date.parse(`${local}:00Z`) / 60_000;
const flightKey = (offer: FlightOffer) => [...offer.outbound, ...offer.inbound].map((segment) => segment.flightNumber).join('+');

describe('SandboxFlightProvider', () => {
  let places: PlaceIndex;
  const provider = (now: Date | (() => Date) = NOW) => new SandboxFlightProvider({ places, now: typeof now === 'function' ? now : () => now });

  beforeAll(async () => {
    places = await loadPlaces();
  });

  it('returns the same offers for the same route, dates and clock', async () => {
    const first = await provider().searchFlights(base);
    const second = await provider().searchFlights({ ...base });
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first.length).toBeLessThanOrEqual(8);
    // Quoted in the currency of the origin's country (JFK: USD), like a point of sale.
    expect(first.every((offer) => offer.provider === 'sandbox' && offer.price.currency === 'USD')).toBe(true);
    const amounts = first.map((offer) => offer.price.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
  });

  it("quotes in the origin country's currency at the bundled ECB rates (same fare wherever it is sold)", async () => {
    const london = await provider().searchFlights({ ...base, origin: 'LHR', destination: 'JFK' });
    expect(london.every((offer) => offer.price.currency === 'GBP')).toBe(true);
    const lisbon = await provider().searchFlights({ ...base, origin: 'LIS', destination: 'MAD' });
    expect(lisbon.every((offer) => offer.price.currency === 'EUR')).toBe(true);
    const fixed = await new SandboxFlightProvider({ places, now: () => NOW, currency: 'EUR' }).searchFlights(base);
    const inUsd = await provider().searchFlights(base);
    // EUR 1 = USD 1.0653 in the snapshot: the USD quote is the EUR fare converted.
    expect(inUsd[0]!.price.amount).toBeCloseTo(fixed[0]!.price.amount * 1.0653, 0);
  });

  it('keeps the same flights on another search day but moves their prices', async () => {
    const today = await provider().searchFlights(base);
    const tomorrow = await provider(new Date(NOW.getTime() + DAY_MS)).searchFlights(base);
    expect(new Set(tomorrow.map(flightKey))).toEqual(new Set(today.map(flightKey)));
    const priceToday = new Map(today.map((offer) => [flightKey(offer), offer.price.amount]));
    const changed = tomorrow.filter((offer) => priceToday.get(flightKey(offer)) !== offer.price.amount);
    expect(changed.length).toBe(tomorrow.length);
  });

  it('lets a price watch polling daily for 30 days see fares go both up and down', async () => {
    let clock = NOW;
    const sandbox = provider(() => clock);
    const watched = flightKey((await sandbox.searchFlights(base))[0] as FlightOffer);
    const prices: number[] = [];
    for (let day = 0; day <= 30; day += 1) {
      clock = new Date(NOW.getTime() + day * DAY_MS);
      const offer = (await sandbox.searchFlights(base)).find((candidate) => flightKey(candidate) === watched);
      expect(offer).toBeDefined();
      prices.push(offer?.price.amount ?? 0);
    }
    const moves = prices.slice(1).map((price, index) => price - (prices[index] ?? price));
    expect(moves.filter((move) => move > 0).length).toBeGreaterThan(3);
    expect(moves.filter((move) => move < 0).length).toBeGreaterThan(3);
    // A drift, not chaos: day-to-day moves stay within ~15 %.
    for (const [index, move] of moves.entries()) expect(Math.abs(move) / (prices[index] ?? 1)).toBeLessThan(0.15);
  });

  it('flies JFK–LHR nonstop in 6.5–7.5 h with local times in New York and London', async () => {
    const offers = await provider().searchFlights(base);
    const nonstops = offers.filter((offer) => offer.stops === 0);
    expect(nonstops.length).toBeGreaterThan(0);
    for (const offer of nonstops) {
      const [segment] = offer.outbound;
      expect(offer.outbound).toHaveLength(1);
      expect(segment?.origin).toBe('JFK');
      expect(segment?.destination).toBe('LHR');
      expect(segment?.durationMinutes).toBeGreaterThanOrEqual(390);
      expect(segment?.durationMinutes).toBeLessThanOrEqual(450);
      expect(offer.totalDurationMinutes).toBe(segment?.durationMinutes);
      expect(segment?.departAt).toMatch(/^2026-06-16T\d{2}:\d{2}$/);
      // In June New York is UTC-4 and London UTC+1: local clocks differ by 5 hours.
      expect(naiveMinutes(segment?.arriveAt ?? '') - naiveMinutes(segment?.departAt ?? '')).toBe((segment?.durationMinutes ?? 0) + 300);
    }
  });

  it('uses each airport’s own time zone, in winter time too', async () => {
    const offers = await provider().searchFlights({ ...base, origin: 'LHR', destination: 'HND', departDate: '2027-01-20' });
    const nonstop = offers.find((offer) => offer.stops === 0);
    const segment = nonstop?.outbound[0];
    expect(segment).toBeDefined();
    // January: London UTC+0, Tokyo UTC+9.
    expect(naiveMinutes(segment?.arriveAt ?? '') - naiveMinutes(segment?.departAt ?? '')).toBe((segment?.durationMinutes ?? 0) + 540);
    expect(segment?.durationMinutes).toBeGreaterThan(11 * 60);
    expect(segment?.durationMinutes).toBeLessThan(15 * 60);
  });

  it('connects through a real hub with a layover when there is no nonstop', async () => {
    const offers = await provider().searchFlights({ ...base, origin: 'LIS', destination: 'SYD', departDate: '2026-05-12' });
    expect(offers.length).toBeGreaterThanOrEqual(3);
    for (const offer of offers) {
      expect(offer.stops).toBe(1);
      const [first, second] = offer.outbound;
      expect(first?.origin).toBe('LIS');
      expect(second?.destination).toBe('SYD');
      expect(second?.origin).toBe(first?.destination);
      expect(second?.carrier.code).toBe(first?.carrier.code);
      const layover = naiveMinutes(second?.departAt ?? '') - naiveMinutes(first?.arriveAt ?? ''); // both local to the hub
      expect(layover).toBeGreaterThanOrEqual(50);
      expect(layover).toBeLessThanOrEqual(200);
      expect(offer.totalDurationMinutes).toBe((first?.durationMinutes ?? 0) + layover + (second?.durationMinutes ?? 0));
    }
  });

  it('resolves city codes to their main airport and accepts lower case', async () => {
    const offers = await provider().searchFlights({ ...base, origin: 'nyc', destination: 'LON' });
    for (const offer of offers) {
      expect(offer.outbound[0]?.origin).toBe('JFK');
      expect(offer.outbound.at(-1)?.destination).toBe('LHR');
    }
    const paris = await provider().searchFlights({ ...base, origin: 'PAR', destination: 'TYO' });
    expect(paris.every((offer) => offer.outbound[0]?.origin === 'CDG' && offer.outbound.at(-1)?.destination === 'HND')).toBe(true);
    const newark = await provider().searchFlights({ ...base, origin: 'EWR' });
    expect(newark.every((offer) => offer.outbound[0]?.origin === 'EWR')).toBe(true);
  });

  it('builds round trips with inbound flights on the return date', async () => {
    const offers = await provider().searchFlights({ ...base, origin: 'LIS', destination: 'JFK', returnDate: '2026-06-26' });
    for (const offer of offers) {
      expect(offer.inbound.length).toBeGreaterThan(0);
      expect(offer.inbound[0]?.origin).toBe('JFK');
      expect(offer.inbound[0]?.departAt.slice(0, 10)).toBe('2026-06-26');
      expect(offer.inbound.at(-1)?.destination).toBe('LIS');
    }
  });

  it('rejects unknown codes, past dates and empty parties with non-retryable errors', async () => {
    const sandbox = provider();
    for (const search of [
      { ...base, origin: 'XXX' },
      { ...base, destination: 'Q1Z' },
      { ...base, departDate: '2026-02-01' },
      { ...base, departDate: '2026-02-30' },
      { ...base, returnDate: '2026-06-01' },
      { ...base, adults: 0 },
      { ...base, origin: 'JFK', destination: 'LGA' },
    ]) {
      const failure = sandbox.searchFlights(search);
      await expect(failure).rejects.toBeInstanceOf(ProviderError);
      await expect(failure).rejects.toMatchObject({ provider: 'sandbox', retryable: false });
    }
    await expect(sandbox.searchFlights({ ...base, origin: 'XXX' })).rejects.toThrow(/unknown airport or city code "XXX"/);
  });

  it('prices by cabin and passengers (children ~75 %)', async () => {
    const sandbox = provider();
    const economy = await sandbox.searchFlights(base);
    const business = await sandbox.searchFlights({ ...base, cabinClass: 'business' });
    const family = await sandbox.searchFlights({ ...base, adults: 2, children: 2 });
    const economyByFlight = new Map(economy.map((offer) => [flightKey(offer), offer.price.amount]));
    for (const offer of business) expect(offer.price.amount / (economyByFlight.get(flightKey(offer)) ?? Infinity)).toBeGreaterThan(3);
    for (const offer of family) expect(offer.price.amount / (economyByFlight.get(flightKey(offer)) ?? 0)).toBeCloseTo(3.5, 1);
  });

  it('charges more for last-minute and holiday-season travel, and for longer routes', async () => {
    const date = '2026-05-05';
    const early = await provider(new Date(Date.parse(date) - 63 * DAY_MS)).searchFlights({ ...base, departDate: date });
    const late = await provider(new Date(Date.parse(date) - 2 * DAY_MS)).searchFlights({ ...base, departDate: date });
    const earlyByFlight = new Map(early.map((offer) => [flightKey(offer), offer.price.amount]));
    for (const offer of late) expect(offer.price.amount).toBeGreaterThan((earlyByFlight.get(flightKey(offer)) ?? Infinity) * 1.25);

    const mean = (offers: FlightOffer[]) => offers.reduce((sum, offer) => sum + offer.price.amount, 0) / offers.length;
    const november = await provider().searchFlights({ ...base, departDate: '2026-11-10' });
    const christmas = await provider().searchFlights({ ...base, departDate: '2026-12-22' });
    expect(mean(christmas)).toBeGreaterThan(mean(november) * 1.2);

    const shortHaul = await provider().searchFlights({ ...base, origin: 'LIS', destination: 'OPO' });
    expect(mean(shortHaul)).toBeLessThan(mean(await provider().searchFlights(base)) / 2);
  });

  it('states fare conditions and bags by cabin, with fees for all passengers in the quoted currency', async () => {
    const economy = await provider().searchFlights({ ...base, adults: 2 });
    for (const offer of economy) {
      expect(offer.conditions?.refundBeforeDeparture).toEqual({ allowed: false, penalty: null });
      // JFK–LHR is long haul: a network carrier's change fee is €150 per passenger, a checked bag included.
      expect(offer.conditions?.changeBeforeDeparture).toEqual({ allowed: true, penalty: { amount: expect.any(Number), currency: offer.price.currency } });
      expect(offer.conditions!.changeBeforeDeparture!.penalty!.amount).toBeGreaterThan(2 * 100);
      expect(offer.baggage).toEqual({ checked: 1, carryOn: 1 });
    }
    const business = await provider().searchFlights({ ...base, cabinClass: 'business' });
    for (const offer of business) {
      expect(offer.conditions).toEqual({ refundBeforeDeparture: { allowed: true, penalty: null }, changeBeforeDeparture: { allowed: true, penalty: null } });
      expect(offer.baggage).toEqual({ checked: 2, carryOn: 2 });
    }
    const again = await provider().searchFlights({ ...base, adults: 2 });
    expect(again.map((offer) => [offer.conditions, offer.baggage])).toEqual(economy.map((offer) => [offer.conditions, offer.baggage]));
  });

  it('expires offers 30 minutes after the search and honours an aborted signal', async () => {
    const offers = await provider().searchFlights(base);
    for (const offer of offers) expect(Date.parse(offer.expiresAt) - NOW.getTime()).toBe(30 * 60_000);
    const controller = new AbortController();
    controller.abort();
    await expect(provider().searchFlights(base, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
