// Worker liveness in Redis, for /api/health. Temporal lists a task queue's pollers for ~70 s after the
// last poll (long polls last up to a minute), so a killed worker looked alive for over a minute. Instead,
// each worker process keeps a short-lived key fresh while it runs: a worker that dies (even by SIGKILL)
// stops refreshing it, and Redis drops it within LIVENESS_TTL_MS. No clocks are compared across hosts.
import { hostname } from 'node:os';
import type { Logger } from './logger.js';
import type { Redis } from './redis.js';

/** How long a worker counts as alive after its last beat. */
export const LIVENESS_TTL_MS = 10_000;
/** How often a running worker beats (a few beats fit in the TTL, so one slow beat is not a death). */
export const LIVENESS_BEAT_MS = 3_000;
/** The set of worker identities of a task queue outlives any one worker; stale members are pruned on read. */
const REGISTRY_TTL_MS = 24 * 60 * 60 * 1000;

const aliveKey = (taskQueue: string, identity: string) => `worker-alive:${taskQueue}:${identity}`;
const registryKey = (taskQueue: string) => `workers:${taskQueue}`;

export const workerIdentity = (): string => `${process.pid}@${hostname()}`;

export interface WorkerLiveness {
  /** Stops beating and removes this worker's key (a clean shutdown is noticed at once). */
  stop(): Promise<void>;
}

/** Beats every LIVENESS_BEAT_MS while `isRunning()` says so; Redis errors are logged, never thrown. */
export function startWorkerLiveness(options: { redis: Redis; taskQueue: string; identity?: string; isRunning: () => boolean; logger: Logger }): WorkerLiveness {
  const { redis, taskQueue, logger } = options;
  const identity = options.identity ?? workerIdentity();
  let warned = false;
  const beat = async () => {
    if (!options.isRunning()) return;
    try {
      await redis
        .multi()
        .set(aliveKey(taskQueue, identity), String(Date.now()), 'PX', LIVENESS_TTL_MS)
        .sadd(registryKey(taskQueue), identity)
        .pexpire(registryKey(taskQueue), REGISTRY_TTL_MS)
        .exec();
      warned = false;
    } catch (error) {
      if (!warned) logger.warn({ err: error }, 'worker liveness beat failed (health reports the worker by its pollers meanwhile)');
      warned = true;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), LIVENESS_BEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis
        .multi()
        .del(aliveKey(taskQueue, identity))
        .srem(registryKey(taskQueue), identity)
        .exec()
        .catch(() => undefined);
    },
  };
}

/** Workers of `taskQueue` that beat within LIVENESS_TTL_MS (prunes the ones that stopped). Throws when Redis does. */
export async function aliveWorkerCount(redis: Redis, taskQueue: string): Promise<number> {
  const identities = await redis.smembers(registryKey(taskQueue));
  if (identities.length === 0) return 0;
  const beats = await redis.mget(...identities.map((identity) => aliveKey(taskQueue, identity)));
  const dead = identities.filter((_, index) => beats[index] === null);
  if (dead.length > 0) await redis.srem(registryKey(taskQueue), ...dead).catch(() => undefined);
  return identities.length - dead.length;
}
