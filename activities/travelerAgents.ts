// Bring your own key: a traveler's stored Duffel token or LLM key (encrypted at rest, see
// infra/credentials.ts) replaces the platform's for their own trips. Without one, the platform's apply.
import type { AgentContext } from '../agents/context.js';
import { createChatModel } from '../agents/model.js';
import type { Config } from '../infra/config.js';
import { loadUserCredential, type EncryptionKeys } from '../infra/credentials.js';
import type { PrismaClient } from '../infra/db.js';
import { createDuffelProviders } from '../providers/index.js';

const CACHE_MS = 60_000;

export type TravelerAgents = (userId: string) => Promise<AgentContext>;

export function createTravelerAgents(deps: { config: Config; prisma: PrismaClient; keys: EncryptionKeys; base: AgentContext }): TravelerAgents {
  const { config, prisma, keys, base } = deps;
  const cache = new Map<string, { context: Promise<AgentContext>; expires: number }>();
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
    const now = Date.now();
    const hit = cache.get(userId);
    if (hit && hit.expires > now) return hit.context;
    const context = build(userId);
    cache.set(userId, { context, expires: now + CACHE_MS });
    context.catch(() => cache.delete(userId));
    return context;
  };
}
