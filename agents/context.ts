// What every agent step runs with. The compiled graphs are process-wide singletons; the per-call context
// (model, providers, memory store, logger) travels in the RunnableConfig's `configurable`, so nodes and
// tools read it from the config they are invoked with.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { PlaceIndex } from '../domain/places.js';
import type { Logger } from '../infra/logger.js';
import type { Providers } from '../providers/types.js';
import type { MemoryStore } from './memory.js';

export interface AgentContext {
  model: BaseChatModel;
  providers: Providers;
  places: PlaceIndex;
  memory: MemoryStore;
  logger: Logger;
  /** Currency stay searches ask to be quoted in (the origin country's, a point of sale); set per stays step. */
  stayQuoteCurrency?: string | null;
  /**
   * Receives the reply as the model writes it, piece by piece (set per step by the activity that streams
   * it to the traveler). The pieces add up to the reply phraseReply returns, unless the model fails
   * midway and the draft is sent instead.
   */
  onReplyDelta?: (text: string) => void;
}

const CONTEXT_KEY = 'tripsageAgentContext';

/** Run options for a graph invocation carrying `ctx`. */
export function withAgentContext(ctx: AgentContext, config: RunnableConfig = {}): RunnableConfig {
  return { ...config, configurable: { ...config.configurable, [CONTEXT_KEY]: ctx } };
}

export function agentContextFrom(config: RunnableConfig | undefined): AgentContext {
  const value: unknown = config?.configurable?.[CONTEXT_KEY];
  if (!isAgentContext(value)) throw new Error('agent context missing from the run config (invoke graphs via withAgentContext)');
  return value;
}

function isAgentContext(value: unknown): value is AgentContext {
  if (typeof value !== 'object' || value === null) return false;
  return 'model' in value && 'providers' in value && 'places' in value && 'memory' in value && 'logger' in value;
}

/** Wraps a JSON payload so both an LLM and the offline planner can read it from a message. */
export function contextBlock(data: Record<string, unknown>): string {
  return `<context>\n${JSON.stringify(data)}\n</context>`;
}

/** Merges every `<context>` block found in the given texts (later blocks win). */
export function readContextBlocks(texts: readonly string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const text of texts) {
    for (const match of text.matchAll(/<context>\s*([\s\S]*?)\s*<\/context>/g)) {
      try {
        const parsed: unknown = JSON.parse(match[1] ?? '');
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(merged, parsed);
      } catch {
        // not ours
      }
    }
  }
  return merged;
}
