// Redis read-through cache in front of every provider call.
//
// Keys: `provider:<name>:<operation>:<sha256 of the canonical JSON of the normalized query>` (under the
// client's REDIS_KEY_PREFIX). Normalizing (upper-case codes, trimmed/lower-cased names, rounded
// coordinates) makes equivalent queries share an entry; canonical JSON sorts object keys.
// Entries store when they were written by the injected clock as well as a Redis TTL, so a simulated clock
// (price watches in tests) ages entries the way the wall clock does in production.
//
// Redis is an optimisation, never a dependency: every command has a short deadline, a client that is
// known to be down is skipped without queuing, and any cache failure falls back to the direct call.
// Concurrent identical lookups in this process share one cache read and one provider call (single-flight).
import { createHash } from 'node:crypto';
import { withTimeout } from '../infra/async.js';
import type { Logger } from '../infra/logger.js';
import { cacheRequests, providerCallDuration } from '../infra/metrics.js';
import type { Redis } from '../infra/redis.js';
import type { DailyWeather, FlightOffer, StayOffer } from '../domain/trip.js';
import type { FlightProvider, FlightSearch, GeoPlace, Providers, StayProvider, StaySearch, WeatherProvider } from './types.js';

/** TTL tiers (milliseconds). */
export const CACHE_TTL_MS = {
  /** Flight and stay offers: prices move and offers expire (Duffel's after ~30 min), so keep them briefly. */
  offers: 5 * 60_000,
  /** Weather forecasts: models refresh every few hours; an hour keeps destination pages fresh enough. */
  forecast: 60 * 60_000,
  /** Typical weather: averages over past years, which change only when a new day enters the archive. */
  typical: 24 * 60 * 60_000,
  /** Geocoding: where a city is does not change. */
  geocode: 24 * 60 * 60_000,
  /** ECB reference rates: published once per working day (~16:00 CET); a few hours keeps them current. */
  fxRates: 4 * 60 * 60_000,
} as const;

/** Per-command deadline: past it the cache is treated as unavailable for that call. Generous enough
 * that a busy event loop (timers firing late under load) does not turn hits into provider calls. */
export const CACHE_COMMAND_TIMEOUT_MS = 300;

export type CacheOperation = 'searchFlights' | 'searchStays' | 'geocode' | 'forecast' | 'typical' | 'fxRates';

interface Entry {
  storedAt: number;
  value: unknown;
}

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

export interface ProviderCacheOptions {
  redis: Redis;
  logger: Logger;
  now?: () => Date;
  commandTimeoutMs?: number;
}

/** ioredis states in which a command would only wait in the offline queue. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

export class ProviderCache {
  private readonly redis: Redis;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly commandTimeoutMs: number;
  private readonly inflight = new Map<string, Flight>();

  constructor(options: ProviderCacheOptions) {
    this.redis = options.redis;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.commandTimeoutMs = options.commandTimeoutMs ?? CACHE_COMMAND_TIMEOUT_MS;
  }

  /**
   * Returns the cached value for the query, or calls the provider and caches its result. Identical
   * concurrent lookups in this process share one flight: one Redis GET and, on a miss, one provider
   * call (joining before the GET, so a fast provider cannot finish, and be forgotten, before a slower
   * GET of the same query comes back as a miss).
   */
  async through<T>(
    provider: string,
    operation: CacheOperation,
    query: unknown,
    ttlMs: number,
    call: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    const key = cacheKey(provider, operation, query);
    const joined = this.inflight.get(key);
    if (joined) cacheRequests.inc({ operation, outcome: 'shared' });
    return this.wait(key, joined ?? this.start(key, provider, operation, ttlMs, call), signal) as Promise<T>;
  }

  private async read(key: string, operation: string, ttlMs: number): Promise<{ hit: true; value: unknown } | { hit: false; error: boolean }> {
    if (DOWN_STATES.has(this.redis.status)) return { hit: false, error: true };
    try {
      const raw = await withTimeout(this.redis.get(key), this.commandTimeoutMs, 'redis GET');
      if (raw === null) return { hit: false, error: false };
      const entry = JSON.parse(raw) as Partial<Entry> | null;
      if (!entry || typeof entry !== 'object' || typeof entry.storedAt !== 'number' || !('value' in entry)) return { hit: false, error: false };
      // Aged by the injected clock too, so a simulated clock (tests, price watches) expires entries.
      const age = this.now().getTime() - entry.storedAt;
      if (age < 0 || age >= ttlMs) return { hit: false, error: false };
      return { hit: true, value: entry.value };
    } catch (error) {
      this.logger.warn({ err: error, operation }, 'provider cache read failed; calling the provider directly');
      return { hit: false, error: true };
    }
  }

  private write(key: string, operation: string, ttlMs: number, value: unknown): void {
    if (DOWN_STATES.has(this.redis.status)) return;
    const entry: Entry = { storedAt: this.now().getTime(), value };
    withTimeout(this.redis.set(key, JSON.stringify(entry), 'PX', ttlMs), this.commandTimeoutMs, 'redis SET').catch((error: unknown) => {
      this.logger.warn({ err: error, operation }, 'provider cache write failed');
    });
  }

  /** Starts a flight: read the cache, and on a miss call the provider (then write the result back). */
  private start(key: string, provider: string, operation: CacheOperation, ttlMs: number, call: (signal: AbortSignal) => Promise<unknown>): Flight {
    const controller = new AbortController();
    const promise = (async () => {
      const cached = await this.read(key, operation, ttlMs);
      cacheRequests.inc({ operation, outcome: cached.hit ? 'hit' : cached.error ? 'error' : 'miss' });
      if (cached.hit) return cached.value;
      controller.signal.throwIfAborted();
      const started = performance.now();
      try {
        const value = await call(controller.signal);
        providerCallDuration.observe({ provider, operation, outcome: 'ok' }, (performance.now() - started) / 1000);
        this.write(key, operation, ttlMs, value);
        return value;
      } catch (error) {
        providerCallDuration.observe({ provider, operation, outcome: 'error' }, (performance.now() - started) / 1000);
        throw error;
      }
    })();
    const created: Flight = { promise, controller, waiters: 0 };
    promise.then(
      () => this.forget(key, created),
      () => this.forget(key, created),
    );
    this.inflight.set(key, created);
    return created;
  }

  /**
   * Waits for a flight. The shared call is cancelled only when every caller waiting on it has aborted;
   * each caller's own abort rejects just that caller.
   */
  private async wait(key: string, flight: Flight, signal?: AbortSignal): Promise<unknown> {
    flight.waiters += 1;
    try {
      return await raceAbort(flight.promise, signal);
    } finally {
      flight.waiters -= 1;
      if (flight.waiters === 0 && signal?.aborted) {
        this.forget(key, flight);
        flight.controller.abort(signal.reason);
      }
    }
  }

  private forget(key: string, flight: Flight): void {
    if (this.inflight.get(key) === flight) this.inflight.delete(key);
  }
}

function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

// ---- Keys ----

/** JSON with object keys sorted at every level, so equal queries serialize identically. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([name, item]) => [name, sortKeys(item)]));
  }
  return value;
}

export function cacheKey(provider: string, operation: string, normalizedQuery: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(normalizedQuery)).digest('hex');
  return `provider:${provider}:${operation}:${digest}`;
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

export function normalizeFlightSearch(search: FlightSearch): FlightSearch {
  return {
    origin: search.origin.trim().toUpperCase(),
    destination: search.destination.trim().toUpperCase(),
    departDate: search.departDate.trim(),
    returnDate: search.returnDate?.trim() || null,
    adults: search.adults,
    children: search.children,
    cabinClass: search.cabinClass,
  };
}

/** Coordinates to 4 decimals (~11 m): the same city centre, however it was computed. */
export function normalizeStaySearch(search: StaySearch): StaySearch {
  return {
    cityCode: search.cityCode.trim().toUpperCase(),
    latitude: round(search.latitude, 4),
    longitude: round(search.longitude, 4),
    checkIn: search.checkIn.trim(),
    checkOut: search.checkOut.trim(),
    adults: search.adults,
    children: search.children,
    rooms: search.rooms,
    ...(search.currency && { currency: search.currency.trim().toUpperCase() }),
  };
}

/** Place names compare case- and space-insensitively ("  new   york" = "New York"). */
export function normalizePlaceQuery(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Forecast coordinates to 2 decimals (~1 km), finer than any weather model's grid. */
export function normalizeForecastQuery(latitude: number, longitude: number, startDate: string, endDate: string) {
  return { latitude: round(latitude, 2), longitude: round(longitude, 2), startDate: startDate.trim(), endDate: endDate.trim() };
}

// ---- Wrappers ----

export class CachedFlightProvider implements FlightProvider {
  readonly name: string;
  constructor(
    private readonly inner: FlightProvider,
    private readonly cache: ProviderCache,
  ) {
    this.name = inner.name;
  }

  searchFlights(search: FlightSearch, signal?: AbortSignal): Promise<FlightOffer[]> {
    const query = normalizeFlightSearch(search);
    return this.cache.through(this.name, 'searchFlights', query, CACHE_TTL_MS.offers, (inner) => this.inner.searchFlights(query, inner), signal);
  }
}

export class CachedStayProvider implements StayProvider {
  readonly name: string;
  constructor(
    private readonly inner: StayProvider,
    private readonly cache: ProviderCache,
  ) {
    this.name = inner.name;
  }

  searchStays(search: StaySearch, signal?: AbortSignal): Promise<StayOffer[]> {
    const query = normalizeStaySearch(search);
    return this.cache.through(this.name, 'searchStays', query, CACHE_TTL_MS.offers, (inner) => this.inner.searchStays(query, inner), signal);
  }
}

export class CachedWeatherProvider implements WeatherProvider {
  readonly name: string;
  constructor(
    private readonly inner: WeatherProvider,
    private readonly cache: ProviderCache,
  ) {
    this.name = inner.name;
  }

  geocode(name: string, signal?: AbortSignal): Promise<GeoPlace[]> {
    const query = normalizePlaceQuery(name);
    return this.cache.through(this.name, 'geocode', { name: query }, CACHE_TTL_MS.geocode, (inner) => this.inner.geocode(query, inner), signal);
  }

  forecast(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    const query = normalizeForecastQuery(latitude, longitude, startDate, endDate);
    return this.cache.through(
      this.name,
      'forecast',
      query,
      CACHE_TTL_MS.forecast,
      (inner) => this.inner.forecast(query.latitude, query.longitude, query.startDate, query.endDate, inner),
      signal,
    );
  }

  typical(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]> {
    const query = normalizeForecastQuery(latitude, longitude, startDate, endDate);
    return this.cache.through(
      this.name,
      'typical',
      query,
      CACHE_TTL_MS.typical,
      (inner) => this.inner.typical(query.latitude, query.longitude, query.startDate, query.endDate, inner),
      signal,
    );
  }
}

export function withCache(providers: Providers, cache: ProviderCache): Providers {
  return {
    flights: new CachedFlightProvider(providers.flights, cache),
    stays: new CachedStayProvider(providers.stays, cache),
    weather: new CachedWeatherProvider(providers.weather, cache),
  };
}
