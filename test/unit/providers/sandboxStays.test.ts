import { beforeAll, describe, expect, it } from '@jest/globals';
import { distanceKm, loadPlaces, type PlaceIndex } from '../../../domain/places.js';
import type { StayOffer } from '../../../domain/trip.js';
import { SandboxStayProvider } from '../../../providers/sandbox/stays.js';
import { ProviderError, type StaySearch } from '../../../providers/types.js';
import { isTravelerFacing } from '../../../domain/stepFailures.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const DAY_MS = 86_400_000;

describe('SandboxStayProvider', () => {
  let places: PlaceIndex;
  let lisbon: StaySearch;
  const provider = (now: Date = NOW) => new SandboxStayProvider({ places, now: () => now });
  const searchIn = (cityCode: string, overrides: Partial<StaySearch> = {}): StaySearch => {
    const city = places.city(cityCode);
    if (!city) throw new Error(`no city ${cityCode}`);
    return { cityCode, latitude: city.latitude, longitude: city.longitude, checkIn: '2026-06-12', checkOut: '2026-06-15', adults: 2, children: 0, rooms: 1, ...overrides };
  };
  const mean = (offers: StayOffer[]) => offers.reduce((sum, offer) => sum + offer.pricePerNight.amount, 0) / offers.length;

  beforeAll(async () => {
    places = await loadPlaces();
    lisbon = searchIn('LIS');
  });

  it('returns 5–10 deterministic hotels near the centre with stars, reviews and amenities', async () => {
    const offers = await provider().searchStays(lisbon);
    expect(await provider().searchStays({ ...lisbon })).toEqual(offers);
    expect(offers.length).toBeGreaterThanOrEqual(5);
    expect(offers.length).toBeLessThanOrEqual(10);
    expect(new Set(offers.map((offer) => offer.name)).size).toBe(offers.length);
    for (const offer of offers) {
      expect(offer.provider).toBe('sandbox');
      expect(offer.name).toContain('Lisbon');
      expect(offer.cityCode).toBe('LIS');
      expect(offer.rating).toBeGreaterThanOrEqual(2);
      expect(offer.rating).toBeLessThanOrEqual(5);
      expect(offer.reviewScore).toBeGreaterThanOrEqual(5.8);
      expect(offer.reviewScore).toBeLessThanOrEqual(10);
      expect(offer.amenities).toContain('wifi');
      expect(distanceKm(offer, lisbon)).toBeLessThan(5);
      expect(offer.nights).toBe(3);
      expect(offer.totalPrice.amount).toBeCloseTo(offer.pricePerNight.amount * 3, 0);
      expect(offer.totalPrice.currency).toBe('EUR');
      expect(Date.parse(offer.expiresAt) - NOW.getTime()).toBe(30 * 60_000);
    }
    const totals = offers.map((offer) => offer.totalPrice.amount);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });

  it('keeps the hotels but moves prices from one search day to the next', async () => {
    const today = await provider().searchStays(lisbon);
    const tomorrow = await provider(new Date(NOW.getTime() + DAY_MS)).searchStays(lisbon);
    expect(tomorrow.map((offer) => offer.name).sort()).toEqual(today.map((offer) => offer.name).sort());
    const before = new Map(today.map((offer) => [offer.name, offer.totalPrice.amount]));
    expect(tomorrow.filter((offer) => before.get(offer.name) !== offer.totalPrice.amount).length).toBe(tomorrow.length);
  });

  it('prices by stars, city cost level, rooms and stay length', async () => {
    const offers = await provider().searchStays(searchIn('LON'));
    const byStars = (stars: number) => offers.filter((offer) => offer.rating === stars);
    const low = [...byStars(2), ...byStars(3)];
    const high = [...byStars(4), ...byStars(5)];
    if (low.length > 0 && high.length > 0) expect(mean(high)).toBeGreaterThan(mean(low));

    const london = await provider().searchStays(searchIn('LON', { checkIn: '2026-09-08', checkOut: '2026-09-10' }));
    const bangkok = await provider().searchStays(searchIn('BKK', { checkIn: '2026-09-08', checkOut: '2026-09-10' }));
    expect(mean(london)).toBeGreaterThan(mean(bangkok) * 1.5);

    const twoRooms = await provider().searchStays({ ...lisbon, rooms: 2, adults: 4 });
    const oneRoom = new Map((await provider().searchStays(lisbon)).map((offer) => [offer.name, offer.totalPrice.amount]));
    for (const offer of twoRooms) expect(offer.totalPrice.amount / (oneRoom.get(offer.name) ?? 0)).toBeCloseTo(2, 1);

    const week = await provider().searchStays({ ...lisbon, checkOut: '2026-06-19' });
    expect(week.every((offer) => offer.nights === 7)).toBe(true);
  });

  it('states each hotel’s area, distance to the centre and cancellation terms, deterministically', async () => {
    const offers = await provider().searchStays(lisbon);
    expect(await provider().searchStays({ ...lisbon })).toEqual(offers);
    for (const offer of offers) {
      // The distance is the offer's own coordinates against the searched centre, to 0.1 km.
      expect(offer.distanceToCentreKm).toBeCloseTo(distanceKm(lisbon, offer), 1);
      expect(offer.distanceToCentreKm).toBeLessThanOrEqual(5);
      expect(offer.neighbourhood).toMatch(offer.distanceToCentreKm! < 1.2 ? /^Central Lisbon$/ : /^(North|South|East|West|North-east|North-west|South-east|South-west) Lisbon$/);
      const policy = offer.cancellationPolicy!;
      if (policy.freeCancellationUntil) {
        // 18:00 Lisbon time (UTC+1 in June), 1–3 days before check-in.
        expect(['2026-06-09T17:00:00.000Z', '2026-06-10T17:00:00.000Z', '2026-06-11T17:00:00.000Z']).toContain(policy.freeCancellationUntil);
        expect(policy).toMatchObject({ refundable: true, summary: expect.stringMatching(/^Free cancellation until Jun (9|10|11), 2026, 18:00 hotel time$/) });
      } else {
        expect(policy).toEqual({ freeCancellationUntil: null, refundable: false, summary: 'Non-refundable' });
      }
    }
    expect(new Set(offers.map((offer) => offer.cancellationPolicy?.refundable))).toEqual(new Set([true, false]));
  });

  it('no longer offers free cancellation once the deadline has passed', async () => {
    const dayBeforeCheckIn = new Date('2026-06-11T12:00:00Z');
    const offers = await provider(dayBeforeCheckIn).searchStays(lisbon);
    expect(offers.every((offer) => offer.cancellationPolicy?.freeCancellationUntil === null || offer.cancellationPolicy!.freeCancellationUntil > dayBeforeCheckIn.toISOString())).toBe(true);
  });

  it('rejects unknown cities and impossible dates as non-retryable', async () => {
    for (const search of [
      { ...lisbon, cityCode: 'XXX' },
      { ...lisbon, checkOut: '2026-06-12' },
      { ...lisbon, checkIn: '2026-02-01', checkOut: '2026-02-03' },
      { ...lisbon, rooms: 0 },
      { ...lisbon, adults: 9, rooms: 2 },
    ]) {
      const failure = provider().searchStays(search);
      await expect(failure).rejects.toBeInstanceOf(ProviderError);
      await expect(failure).rejects.toMatchObject({ retryable: false });
    }
  });

  it('words an input problem for the traveler and keeps the technical reason for the log', async () => {
    const failure = provider().searchStays({ ...lisbon, checkIn: '2026-06-01', checkOut: '2026-08-30' });
    await expect(failure).rejects.toMatchObject({ message: 'sandbox: at most 60 nights per search', forTraveler: 'no stays found for those dates — try fewer nights (at most 60)' });
    // What a plan shows passes the traveler-facing check (domain/stepFailures.ts) as it is.
    const error = (await failure.then(
      () => null,
      (caught: unknown) => caught,
    )) as ProviderError;
    expect(isTravelerFacing(error.forTraveler)).toBe(true);
    expect(error.forTraveler).not.toContain('sandbox');
  });
});
