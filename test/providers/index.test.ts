// Provider selection from configuration, through the cache on the real Redis; Duffel and Open-Meteo are
// local fakes speaking their documented APIs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { createRedis, type Redis } from '../../infra/redis.js';
import { createProviders } from '../../providers/index.js';
import { startFakeDuffel, type FakeDuffel } from '../fakes/duffelServer.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../fakes/openMeteoServer.js';

const logger = createLogger('providers-index-test', 'silent');
const NOW = new Date('2026-03-01T10:00:00Z');

describe('createProviders', () => {
  let redis: Redis;
  let prefix: string;
  let duffel: FakeDuffel;
  let openMeteo: FakeOpenMeteo;

  beforeAll(async () => {
    const config = loadConfig(process.env);
    prefix = `${config.REDIS_KEY_PREFIX}providers-index:${randomUUID().slice(0, 8)}:`;
    redis = createRedis(config.REDIS_URL, prefix);
    [duffel, openMeteo] = await Promise.all([startFakeDuffel(), startFakeOpenMeteo()]);
  });

  afterAll(async () => {
    const keys = await redis.keys('*'); // the pattern gets the prefix; names come back in full
    const cleaner = createRedis(loadConfig(process.env).REDIS_URL, '');
    if (keys.length > 0) await cleaner.del(...keys);
    await Promise.all([redis.quit(), cleaner.quit(), duffel.close(), openMeteo.close()]);
  });

  it('uses the sandbox for everything by default', async () => {
    const config = loadConfig({ ...process.env, DUFFEL_ACCESS_TOKEN: '', WEATHER_PROVIDER: 'sandbox' });
    const providers = await createProviders(config, { redis, logger, now: () => NOW });
    expect([providers.flights.name, providers.stays.name, providers.weather.name]).toEqual(['sandbox', 'sandbox', 'sandbox']);
    const offers = await providers.flights.searchFlights({ origin: 'lis', destination: 'lon', departDate: '2026-04-14', returnDate: null, adults: 1, children: 0, cabinClass: 'economy' });
    expect(offers[0]?.outbound[0]?.origin).toBe('LIS');
    const [lisbon] = await providers.weather.geocode('Lisbon');
    expect(lisbon?.countryCode).toBe('PT');
    const stays = await providers.stays.searchStays({ cityCode: 'LIS', latitude: lisbon?.latitude ?? 0, longitude: lisbon?.longitude ?? 0, checkIn: '2026-04-14', checkOut: '2026-04-16', adults: 2, children: 0, rooms: 1 });
    expect(stays.length).toBeGreaterThanOrEqual(5);
    expect(await redis.keys('*')).toEqual(expect.arrayContaining([expect.stringMatching(/provider:sandbox:searchFlights:[0-9a-f]{64}$/)]));
  });

  it('uses Duffel when DUFFEL_ACCESS_TOKEN is set and Open-Meteo when configured, all cached', async () => {
    const config = loadConfig({
      ...process.env,
      DUFFEL_ACCESS_TOKEN: duffel.token,
      DUFFEL_API_URL: duffel.url,
      WEATHER_PROVIDER: 'open-meteo',
      OPEN_METEO_FORECAST_URL: openMeteo.url,
      OPEN_METEO_GEOCODING_URL: openMeteo.url,
    });
    const providers = await createProviders(config, { redis, logger, now: () => NOW });
    expect([providers.flights.name, providers.stays.name, providers.weather.name]).toEqual(['duffel', 'duffel', 'open-meteo']);

    const search = { origin: 'JFK', destination: 'LHR', departDate: '2026-06-16', returnDate: null, adults: 1, children: 0, cabinClass: 'economy' as const };
    const first = await providers.flights.searchFlights(search);
    const second = await providers.flights.searchFlights({ ...search, origin: 'jfk' });
    expect(second).toEqual(first);
    expect(first.map((offer) => offer.provider)).toEqual(['duffel', 'duffel']);
    expect(duffel.requests).toHaveLength(1);

    await providers.weather.geocode('Lisbon');
    await providers.weather.geocode('lisbon ');
    const days = await providers.weather.forecast(38.71667, -9.13333, '2026-03-02', '2026-03-03');
    expect(days).toHaveLength(2);
    expect(openMeteo.requests.map((request) => request.path)).toEqual(['/v1/search', '/v1/forecast']);
  });
});
