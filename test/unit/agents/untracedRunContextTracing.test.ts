// With LangSmith tracing switched on, runnable calls keep LangChain's run trees (agents/untracedRunContext.ts).
import { afterAll, describe, expect, it } from '@jest/globals';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { installUntracedRunContext } from '../../../agents/untracedRunContext.js';

describe('untraced run context under tracing', () => {
  const before = process.env.LANGSMITH_TRACING;
  afterAll(() => {
    if (before === undefined) delete process.env.LANGSMITH_TRACING;
    else process.env.LANGSMITH_TRACING = before;
  });

  it('is not installed while LANGSMITH_TRACING is on', () => {
    const langChainWay = AsyncLocalStorageProviderSingleton.runWithConfig;
    process.env.LANGSMITH_TRACING = 'true';
    expect(installUntracedRunContext()).toBe(false);
    expect(AsyncLocalStorageProviderSingleton.runWithConfig).toBe(langChainWay);
  });
});
