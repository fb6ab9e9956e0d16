// "Distance to the centre" is from the city's centre, not its main airport: the place data only has the
// airport (LIS lies ~6 km north of Lisbon's centre), so centres come from geocoding (the fake Open-Meteo
// here), also when the weather is the sandbox's. The trip map's centre marker is the same point.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findStays, researchDestination } from '../../agents/index.js';
import { distanceKm } from '../../domain/places.js';
import type { StayOffer } from '../../domain/trip.js';
import { createProviders } from '../../providers/index.js';
import type { Providers } from '../../providers/types.js';
import { tripMapPoints } from '../../web/src/lib/tripMap.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../fakes/openMeteoServer.js';
import { createAgentTestEnv, lisbonRequest, NOW, type AgentTestEnv } from '../support/agents.js';

/** Lisbon as Open-Meteo geocodes it (the fake's gazetteer has the real entry). */
const LISBON_CENTRE = { latitude: 38.71667, longitude: -9.13333 };

describe('city centres', () => {
  let env: AgentTestEnv;
  let openMeteo: FakeOpenMeteo;
  let providers: Providers;

  beforeAll(async () => {
    [env, openMeteo] = await Promise.all([createAgentTestEnv(), startFakeOpenMeteo()]);
    providers = await createProviders({ ...env.config, GEOCODING_PROVIDER: 'open-meteo', OPEN_METEO_GEOCODING_URL: openMeteo.url }, { redis: env.redis, logger: env.logger, now: () => NOW });
  });
  afterAll(async () => {
    await Promise.all([env.close(), openMeteo.close()]);
  });

  /** Each stay's stated distance is its distance from `centre` (to 0.1 km; the cache keys searches to 4 decimals), and not from `not`. */
  function expectMeasuredFrom(stays: readonly StayOffer[], centre: { latitude: number; longitude: number }, not: { latitude: number; longitude: number }) {
    expect(stays.length).toBeGreaterThan(0);
    for (const stay of stays) {
      expect(Math.abs((stay.distanceToCentreKm ?? Infinity) - distanceKm(centre, stay))).toBeLessThanOrEqual(0.06);
    }
    // Measured from the airport the figures would differ (a stay may by chance be as far from both).
    expect(Math.max(...stays.map((stay) => Math.abs((stay.distanceToCentreKm ?? 0) - distanceKm(not, stay))))).toBeGreaterThan(1);
  }

  it('measures stays from the geocoded centre, not the main airport, with the sandbox weather', async () => {
    expect(providers.weather.name).toBe('sandbox+open-meteo-geocoding');
    const lis = env.places.airport('LIS');
    if (!lis) throw new Error('LIS is not in the place data');
    // The place data's "city" position is the airport's; the centre is ~6 km south of it.
    expect(env.places.city('LIS')).toMatchObject({ latitude: lis.latitude, longitude: lis.longitude });
    expect(distanceKm(LISBON_CENTRE, lis)).toBeGreaterThan(5);
    expect(distanceKm(LISBON_CENTRE, lis)).toBeLessThan(7);

    const request = lisbonRequest();
    const brief = await researchDestination(env.context({ providers }), { request });
    expect({ latitude: brief.latitude, longitude: brief.longitude }).toEqual(LISBON_CENTRE);
    expect(openMeteo.requests.some((call) => call.path === '/v1/search' && call.query.name?.toLowerCase() === 'lisbon')).toBe(true);
    expectMeasuredFrom(await findStays(env.context({ providers }), { request, destination: brief }), LISBON_CENTRE, lis);
    // A stays-only search (no destination brief) finds the same centre itself.
    expectMeasuredFrom(await findStays(env.context({ providers }), { request, destination: null }), LISBON_CENTRE, lis);

    // The trip map's centre marker is that centre, ~6 km from the LIS marker.
    const { points } = tripMapPoints({ stays: [], selectedStayId: null, destination: brief, airports: [{ iata: 'LIS', name: lis.name, cityName: 'Lisbon', latitude: lis.latitude, longitude: lis.longitude }] });
    const centre = points.find((point) => point.kind === 'centre');
    const airport = points.find((point) => point.kind === 'airport');
    expect(centre).toMatchObject({ ...LISBON_CENTRE, label: 'Lisbon city centre' });
    expect(airport).toMatchObject({ mark: 'LIS', latitude: lis.latitude });
    expect(distanceKm(centre!, airport!)).toBeGreaterThan(5);
  });

  it('geocodes with Open-Meteo by default once the stays are real (Duffel), whatever the weather provider', async () => {
    const duffelStays = await createProviders({ ...env.config, DUFFEL_ACCESS_TOKEN: 'duffel_test_centres', OPEN_METEO_GEOCODING_URL: openMeteo.url }, { redis: env.redis, logger: env.logger, now: () => NOW });
    expect([duffelStays.stays.name, duffelStays.weather.name]).toEqual(['duffel', 'sandbox+open-meteo-geocoding']);
    const [lisbon] = await duffelStays.weather.geocode('Lisbon');
    expect(lisbon).toMatchObject({ ...LISBON_CENTRE, countryCode: 'PT' });
    // All-sandbox stays all-sandbox (offline): its geocoder knows only airports.
    const sandbox = await createProviders(env.config, { redis: env.redis, logger: env.logger, now: () => NOW });
    expect(sandbox.weather.name).toBe('sandbox');
  });
});
