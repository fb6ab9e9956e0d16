// ioredis clients. Every key the platform writes goes through `keyPrefix`, so tests and tenants isolate by prefix.
import { Redis, type RedisOptions } from 'ioredis';
import { withTimeout } from './async.js';

export type { Redis };

/**
 * With `logger`, the connection's errors (a refused reconnect, a write to a closed socket) are logged as warnings;
 * without a listener ioredis prints each as an "Unhandled error event" with its stack. Commands still fail on their own.
 */
export function createRedis(url: string, keyPrefix: string, options: RedisOptions = {}, logger?: { warn(fields: object, message: string): void }): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    // Keep retrying in the background (with a ceiling) so a Redis restart heals without a process restart.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
  if (logger) redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection error'));
  return redis;
}

/** PING with a deadline: resolves to round-trip milliseconds or throws. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<number> {
  const started = performance.now();
  await withTimeout(redis.ping(), timeoutMs, 'redis ping');
  return performance.now() - started;
}
