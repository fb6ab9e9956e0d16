// Per-user and per-key state kept in memory is bounded (lru-cache: a maximum size and an age): the
// worker's travelers' agents, the API's role cache and its API-key lastUsedAt writes never grow past their
// maximum, however many users or keys pass through one process. Fakes stand in for the database, so each
// cache is filled past its real (production) maximum in milliseconds.
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createTravelerAgents, TRAVELER_AGENT_CACHE, travelerAgentCache } from '../../activities/travelerAgents.js';
import type { AgentContext } from '../../agents/context.js';
import { LAST_USED_CACHE, lastUsedCacheOf, verifyApiKey } from '../../api/auth/apiKeys.js';
import { ROLE_CACHE, roleCacheOf, userRole } from '../../api/auth/authenticate.js';
import { loadConfig } from '../../infra/config.js';
import type { PrismaClient } from '../../infra/db.js';
import { createLogger } from '../../infra/logger.js';
import { resolveSecrets } from '../../infra/secrets.js';

/** A stand-in for the Prisma client with just the calls a test makes. */
const fakePrisma = (models: Record<string, Record<string, (...args: never[]) => Promise<unknown>>>) => models as unknown as PrismaClient;

describe('bounded in-memory caches', () => {
  it('keeps the agents of at most TRAVELER_AGENT_CACHE.max travelers per worker, the most recent ones', async () => {
    const config = loadConfig(process.env);
    let credentialLoads = 0;
    const prisma = fakePrisma({
      providerCredential: {
        findUnique: () => {
          credentialLoads += 1;
          return Promise.resolve(null);
        },
      },
    });
    const base = { model: null, providers: {} } as unknown as AgentContext;
    const cache = travelerAgentCache();
    const agentsFor = createTravelerAgents({ config, prisma, keys: resolveSecrets(config), base, cache });
    const travelers = TRAVELER_AGENT_CACHE.max + 250;
    for (let index = 0; index < travelers; index++) expect(await agentsFor(`traveler-${index}`)).toBe(base);
    expect(cache.max).toBe(TRAVELER_AGENT_CACHE.max);
    expect(cache.size).toBe(TRAVELER_AGENT_CACHE.max);
    expect(cache.ttl).toBe(TRAVELER_AGENT_CACHE.ttlMs);
    // The latest traveler is still cached; the first was evicted and is loaded again.
    const loads = credentialLoads;
    await agentsFor(`traveler-${travelers - 1}`);
    expect(credentialLoads).toBe(loads);
    await agentsFor('traveler-0');
    expect(credentialLoads).toBe(loads + 1);
    expect(cache.size).toBe(TRAVELER_AGENT_CACHE.max);
  });

  it('forgets a traveler whose agents failed to load, so the next turn tries again', async () => {
    const config = loadConfig(process.env);
    let attempts = 0;
    const prisma = fakePrisma({
      providerCredential: {
        findUnique: () => {
          attempts += 1;
          return attempts === 1 ? Promise.reject(new Error('database unavailable')) : Promise.resolve(null);
        },
      },
    });
    const cache = travelerAgentCache();
    const agentsFor = createTravelerAgents({ config, prisma, keys: resolveSecrets(config), base: {} as AgentContext, cache });
    await expect(agentsFor('traveler')).rejects.toThrow('database unavailable');
    expect(cache.has('traveler')).toBe(false);
    await expect(agentsFor('traveler')).resolves.toBeDefined();
    expect(cache.has('traveler')).toBe(true);
  });

  it('caches at most ROLE_CACHE.max users\' roles per API process', async () => {
    let lookups = 0;
    const prisma = fakePrisma({
      user: {
        findUnique: () => {
          lookups += 1;
          return Promise.resolve({ role: 'traveler' });
        },
      },
    });
    const users = ROLE_CACHE.max + 500;
    for (let index = 0; index < users; index++) await userRole(prisma, `user-${index}`);
    const cache = roleCacheOf(prisma);
    expect([cache.size, cache.max, cache.ttl]).toEqual([ROLE_CACHE.max, ROLE_CACHE.max, ROLE_CACHE.ttlMs]);
    expect(lookups).toBe(users);
    await userRole(prisma, `user-${users - 1}`);
    expect(lookups).toBe(users);
  });

  it('remembers lastUsedAt writes for at most LAST_USED_CACHE.max API keys per API process', async () => {
    const secret = 'S'.repeat(43);
    const secretHash = createHash('sha256').update(secret).digest('hex');
    let writes = 0;
    const prisma = fakePrisma({
      apiKey: {
        findUnique: ({ where }: { where: { prefix: string } }) =>
          Promise.resolve({ id: `key-${where.prefix}`, userId: 'user-1', prefix: where.prefix, secretHash, scopes: ['trips:read'], revokedAt: null, expiresAt: null, lastUsedAt: null }),
        updateMany: () => {
          writes += 1;
          return Promise.resolve({ count: 1 });
        },
      },
    });
    const logger = createLogger('bounded-caches-test', 'silent');
    const keys = LAST_USED_CACHE.max + 500;
    const misverified: string[] = []; // asserted once: 10,500 expect() calls cost a second
    for (let index = 0; index < keys; index++) {
      const prefix = index.toString(36).padStart(12, '0');
      const verified = await verifyApiKey(prisma, logger, `tsk_${prefix}_${secret}`);
      if (verified?.id !== `key-${prefix}`) misverified.push(prefix);
    }
    expect(misverified).toEqual([]);
    const cache = lastUsedCacheOf(prisma);
    expect([cache.size, cache.max, cache.ttl]).toEqual([LAST_USED_CACHE.max, LAST_USED_CACHE.max, LAST_USED_CACHE.ttlMs]);
    expect(writes).toBe(keys);
    // A key used again within the minute is not written again.
    await verifyApiKey(prisma, logger, `tsk_${(keys - 1).toString(36).padStart(12, '0')}_${secret}`);
    expect(writes).toBe(keys);
  });
});
