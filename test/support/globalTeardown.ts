// Stops the stack started by globalSetup and removes the run's Redis keys.
import { createRedis } from '../../infra/redis.js';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__tripsageTestStack?.stop();
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (!prefix?.startsWith('tripsage-test:')) return;
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', '');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
