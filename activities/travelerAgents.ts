// Bring your own key: a traveler's stored Duffel token or LLM key (encrypted at rest, see
// infra/credentials.ts) replaces the platform's for their own trips. Without one, the platform's apply.
import { LRUCache } from 'lru-cache';
import type { AgentContext } from '../agents/context.js';
import { createChatModel } from '../agents/model.js';
import type { Config } from '../infra/config.js';
import { loadUserCredential, type EncryptionKeys } from '../infra/credentials.js';
import type { PrismaClient } from '../infra/db.js';
import { createDuffelProviders } from '../providers/index.js';

export type TravelerAgents = (userId: string) => Promise<AgentContext>;

/** Travelers whose agents (and stored keys) are kept per worker: the most recent, each for a minute. */
export const TRAVELER_AGENT_CACHE = { max: 1_000, ttlMs: 60_000 } as const;

export type TravelerAgentCache = LRUCache<string, Promise<AgentContext>>;

/** The per-worker cache of travelers' agents: bounded in size and age, so it never grows with the user count. */
export function travelerAgentCache(): TravelerAgentCache {
  return new LRUCache({ max: TRAVELER_AGENT_CACHE.max, ttl: TRAVELER_AGENT_CACHE.ttlMs });
}

export function createTravelerAgents(deps: { config: Config; prisma: PrismaClient; keys: EncryptionKeys; base: AgentContext; cache?: TravelerAgentCache }): TravelerAgents {
  const { config, prisma, keys, base } = deps;
  const cache = deps.cache ?? travelerAgentCache();
  const llmCredential = config.LLM_PROVIDER === 'openai' || config.LLM_PROVIDER === 'anthropic' ? config.LLM_PROVIDER : null;

  async function build(userId: string): Promise<AgentContext> {
    const [duffelToken, llmKey] = await Promise.all([
      loadUserCredential(prisma, keys, userId, 'duffel'),
      llmCredential ? loadUserCredential(prisma, keys, userId, llmCredential) : Promise.resolve(null),
    ]);
    if (!duffelToken && !llmKey) return base;
    // A traveler's own Duffel results are not shared through the platform cache (their token may be live).
    const duffel = duffelToken ? await createDuffelProviders(config, duffelToken) : null;
    return {
      ...base,
      providers: duffel ? { ...base.providers, ...duffel } : base.providers,
      model: llmKey ? createChatModel({ ...config, LLM_API_KEY: llmKey }) : base.model,
    };
  }

  return (userId) => {
    const hit = cache.get(userId);
    if (hit) return hit;
    const context = build(userId);
    cache.set(userId, context);
    // A failed load is not remembered (unless a newer one replaced it meanwhile).
    context.catch(() => {
      if (cache.peek(userId) === context) cache.delete(userId);
    });
    return context;
  };
}
