// The one chat-model factory. Temperature 0 and few retries everywhere: the Temporal activity that calls
// an agent step already retries with backoff, so the client only smooths over a transient blip.
import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../infra/config.js';
import { OfflinePlannerModel } from './offlineModel.js';

export type ChatModelConfig = Pick<Config, 'LLM_PROVIDER' | 'LLM_MODEL' | 'LLM_API_KEY' | 'LLM_BASE_URL'>;

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';
/** Per request; an activity's start-to-close timeout bounds the whole step. */
export const LLM_TIMEOUT_MS = 60_000;
export const LLM_MAX_RETRIES = 1;

export function createChatModel(config: ChatModelConfig): BaseChatModel {
  switch (config.LLM_PROVIDER) {
    case 'offline':
      return new OfflinePlannerModel();
    case 'openai':
      return new ChatOpenAI({
        model: config.LLM_MODEL ?? DEFAULT_OPENAI_MODEL,
        apiKey: config.LLM_API_KEY,
        temperature: 0,
        timeout: LLM_TIMEOUT_MS,
        maxRetries: LLM_MAX_RETRIES,
      });
    case 'anthropic':
      return new ChatAnthropic({
        model: config.LLM_MODEL ?? DEFAULT_ANTHROPIC_MODEL,
        apiKey: config.LLM_API_KEY,
        temperature: 0,
        maxTokens: 2_048,
        maxRetries: LLM_MAX_RETRIES,
        clientOptions: { timeout: LLM_TIMEOUT_MS },
      });
    case 'openai-compatible':
      if (!config.LLM_BASE_URL) throw new Error('LLM_BASE_URL is required when LLM_PROVIDER=openai-compatible');
      return new ChatOpenAI({
        model: config.LLM_MODEL ?? DEFAULT_OPENAI_MODEL,
        // Local servers (Ollama, vLLM, llama.cpp) usually ignore the key, but the client insists on one.
        apiKey: config.LLM_API_KEY ?? 'not-needed',
        temperature: 0,
        timeout: LLM_TIMEOUT_MS,
        maxRetries: LLM_MAX_RETRIES,
        configuration: { baseURL: config.LLM_BASE_URL },
      });
  }
}
