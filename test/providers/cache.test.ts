// The provider cache against the real Redis the test run uses (REDIS_URL, isolated REDIS_KEY_PREFIX), in
// front of the real sandbox providers; "Redis down" is a client pointed at a closed port or a silent one.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadPlaces, type PlaceIndex } from '../../domain/places.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { cacheRequests, providerCallDuration } from '../../infra/metrics.js';
import { createRedis, type Redis } from '../../infra/redis.js';
import { eventually } from '../support/eventually.js';
import {
  CACHE_TTL_MS,
  CachedFlightProvider,
  CachedWeatherProvider,
  ProviderCache,
  cacheKey,
  canonicalJson,
  normalizeFlightSearch,
  normalizeForecastQuery,
} from '../../providers/cache.js';
import { SandboxFlightProvider } from '../../providers/sandbox/flights.js';
import { SandboxWeatherProvider } from '../../providers/sandbox/weather.js';
import type { FlightSearch } from '../../providers/types.js';
import { closedPort } from '../fakes/fakeHttp.js';

const logger = createLogger('provider-cache-test', 'silent');
const search: FlightSearch = { origin: 'LIS', destination: 'JFK', departDate: '2026-09-15', returnDate: null, adults: 1, children: 0, cabinClass: 'economy' };
const NOW = new Date('2026-03-02T09:00:00Z');

async function counter(operation: string, outcome: string): Promise<number> {
  const metric = await cacheRequests.get();
  return metric.values.find((value) => value.labels.operation === operation && value.labels.outcome === outcome)?.value ?? 0;
}

async function callCount(provider: string, operation: string): Promise<number> {
  const metric = await providerCallDuration.get();
  return (
    metric.values.find(
      (value) => value.metricName === 'tripsage_provider_call_seconds_count' && value.labels.provider === provider && value.labels.operation === operation && value.labels.outcome === 'ok',
    )?.value ?? 0
  );
}

describe('provider cache (real Redis)', () => {
  let places: PlaceIndex;
  let redis: Redis;
  let prefix: string;
  const clients: Redis[] = [];
  let run = 0;

  /** A fresh sub-prefix per test so entries never leak between tests. */
  const setup = (now: () => Date = () => NOW) => {
    run += 1;
    const client = createRedis(loadConfig(process.env).REDIS_URL, `${prefix}${run}:`);
    clients.push(client);
    const sandbox = new SandboxFlightProvider({ places, now });
    const spy = jest.spyOn(sandbox, 'searchFlights');
    const cache = new ProviderCache({ redis: client, logger, now });
    return { client, sandbox, spy, cache, flights: new CachedFlightProvider(sandbox, cache) };
  };

  beforeAll(async () => {
    places = await loadPlaces();
    const config = loadConfig(process.env);
    prefix = `${config.REDIS_KEY_PREFIX}provider-cache:${randomUUID().slice(0, 8)}:`;
    redis = createRedis(config.REDIS_URL, prefix);
    await redis.ping();
  });

  afterAll(async () => {
    const cleaner = createRedis(loadConfig(process.env).REDIS_URL, '');
    const keys = await cleaner.keys(`${prefix}*`);
    if (keys.length > 0) await cleaner.del(...keys);
    await Promise.all([cleaner, redis, ...clients].map((client) => client.quit()));
  });

  it('misses, then hits, counting both and timing only the provider call', async () => {
    const { flights, spy } = setup();
    const [misses, hits, calls] = [await counter('searchFlights', 'miss'), await counter('searchFlights', 'hit'), await callCount('sandbox', 'searchFlights')];
    const first = await flights.searchFlights(search);
    const second = await flights.searchFlights(search);
    expect(second).toEqual(first);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await counter('searchFlights', 'miss')).toBe(misses + 1);
    expect(await counter('searchFlights', 'hit')).toBe(hits + 1);
    expect(await callCount('sandbox', 'searchFlights')).toBe(calls + 1);
  });

  it('stores entries under normalized keys with tiered TTLs', async () => {
    const { client, flights, cache } = setup();
    await flights.searchFlights(search);
    const key = cacheKey('sandbox', 'searchFlights', normalizeFlightSearch(search));
    expect(key).toMatch(/^provider:sandbox:searchFlights:[0-9a-f]{64}$/);
    const offersTtl = await client.pttl(key);
    expect(offersTtl).toBeGreaterThan(CACHE_TTL_MS.offers - 5_000);
    expect(offersTtl).toBeLessThanOrEqual(5 * 60_000);

    const weather = new CachedWeatherProvider(new SandboxWeatherProvider({ places, now: () => NOW }), cache);
    await weather.geocode('Lisbon');
    const geocodeTtl = await client.pttl(cacheKey('sandbox', 'geocode', { name: 'lisbon' }));
    expect(geocodeTtl).toBeGreaterThan(CACHE_TTL_MS.geocode - 5_000);
    expect(geocodeTtl).toBeLessThanOrEqual(24 * 60 * 60_000);

    await weather.forecast(38.72233, -9.13934, '2026-03-03', '2026-03-06');
    const forecastTtl = await client.pttl(cacheKey('sandbox', 'forecast', normalizeForecastQuery(38.72233, -9.13934, '2026-03-03', '2026-03-06')));
    expect(forecastTtl).toBeGreaterThan(CACHE_TTL_MS.forecast - 5_000);
    expect(forecastTtl).toBeLessThanOrEqual(60 * 60_000);
  });

  it('treats jfk and JFK (and key order) as the same query', async () => {
    const { flights, spy } = setup();
    const upper = await flights.searchFlights({ ...search, origin: 'JFK', destination: 'LHR' });
    const lower = await flights.searchFlights({ cabinClass: 'economy', children: 0, adults: 1, returnDate: null, departDate: '2026-09-15', destination: ' lhr', origin: 'jfk' });
    expect(lower).toEqual(upper);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toMatchObject({ origin: 'JFK', destination: 'LHR' });
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(cacheKey('sandbox', 'searchFlights', normalizeFlightSearch({ ...search, origin: 'lis' }))).toBe(cacheKey('sandbox', 'searchFlights', normalizeFlightSearch(search)));
  });

  it('shares one provider call between concurrent identical misses', async () => {
    const { flights, spy } = setup();
    const results = await Promise.all([flights.searchFlights(search), flights.searchFlights(search), flights.searchFlights({ ...search, origin: 'lis' })]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('ages entries by the injected clock, so a simulated price watch sees fresh prices', async () => {
    let clock = NOW;
    const { flights, spy } = setup(() => clock);
    const day0 = await flights.searchFlights(search);
    clock = new Date(NOW.getTime() + 2 * 60_000);
    expect(await flights.searchFlights(search)).toEqual(day0); // within 5 minutes: cached
    clock = new Date(NOW.getTime() + 86_400_000);
    const day1 = await flights.searchFlights(search);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(day1[0]?.price.amount).not.toBe(day0[0]?.price.amount);
  });

  it('does not cache failures', async () => {
    const { flights, spy } = setup();
    await expect(flights.searchFlights({ ...search, origin: 'XXX' })).rejects.toMatchObject({ name: 'ProviderError' });
    await expect(flights.searchFlights({ ...search, origin: 'XXX' })).rejects.toMatchObject({ name: 'ProviderError' });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('calls the provider directly when Redis is down, without waiting for a connection', async () => {
    // A short disconnectTimeout: ioredis otherwise keeps a 2 s timer for the already-closed socket.
    const down = createRedis(`redis://127.0.0.1:${await closedPort()}`, `${prefix}down:`, { disconnectTimeout: 50 });
    down.on('error', () => undefined);
    try {
      const sandbox = new SandboxFlightProvider({ places, now: () => NOW });
      const flights = new CachedFlightProvider(sandbox, new ProviderCache({ redis: down, logger, now: () => NOW }));
      const errors = await counter('searchFlights', 'error');

      const offers = await flights.searchFlights(search); // right after creation: still connecting
      expect(offers.length).toBeGreaterThan(0);
      expect(down.status).not.toBe('ready'); // answered without a connection ever being made

      await eventually(async () => down.status, (status) => status === 'reconnecting', { what: 'the client to know Redis is down', intervalMs: 20 });
      expect(await flights.searchFlights({ ...search, destination: 'LHR' })).not.toHaveLength(0);
      expect(down.status).not.toBe('ready');
      expect(await counter('searchFlights', 'error')).toBe(errors + 2);
    } finally {
      down.disconnect();
    }
  });

  it('gives up on a Redis that accepts connections but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const hung = createRedis(`redis://127.0.0.1:${port}`, `${prefix}hung:`, { connectTimeout: 60_000, disconnectTimeout: 50 });
    hung.on('error', () => undefined);
    try {
      const flights = new CachedFlightProvider(new SandboxFlightProvider({ places, now: () => NOW }), new ProviderCache({ redis: hung, logger, now: () => NOW }));
      // The server never answers, so an answer at all means the cache gave up on it.
      expect(await flights.searchFlights(search)).not.toHaveLength(0);
    } finally {
      hung.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
