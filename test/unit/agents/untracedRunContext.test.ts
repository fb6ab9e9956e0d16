// Runnable calls without tracing carry their config in a plain object (agents/untracedRunContext.ts): the
// config, implicit config and context variables reach nested runnables as they do with LangChain's
// RunTrees, and a call with callbacks still goes LangChain's way.
import { describe, expect, it } from '@jest/globals';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { getContextVariable, setContextVariable } from '@langchain/core/context';
import { RunnableLambda } from '@langchain/core/runnables';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { Annotation, END, getConfig, START, StateGraph } from '@langchain/langgraph';
import { installUntracedRunContext } from '../../../agents/untracedRunContext.js';

/** What a nested runnable, called without passing a config, sees: the config and context variable it inherits. */
const nested = RunnableLambda.from(async (text: string) => {
  const config = getConfig();
  return `${text}:${String(config.configurable?.traveler)}:${String(getContextVariable('trip'))}:${(config.tags ?? []).join('+')}`;
});

const State = Annotation.Root({ text: Annotation<string>, seen: Annotation<string>, carrier: Annotation<string> });
const graph = new StateGraph(State)
  .addNode('look', async (state) => {
    const store: unknown = AsyncLocalStorageProviderSingleton.getInstance().getStore();
    const carrier = typeof store === 'object' && store !== null && 'id' in store ? 'run tree' : 'plain';
    return { seen: await nested.invoke(state.text), carrier };
  })
  .addEdge(START, 'look')
  .addEdge('look', END)
  .compile();

class ChainStarts extends BaseCallbackHandler {
  name = 'chain_starts';
  starts = 0;
  override handleChainStart(): void {
    this.starts += 1;
  }
}

const run = () => graph.invoke({ text: 'hello', seen: '', carrier: '' }, { configurable: { traveler: 'ada' }, tags: ['turn'] });

describe('untraced run context', () => {
  it('carries the config and context variables to nested runnables as LangChain does, without a run tree per call', async () => {
    setContextVariable('trip', 'lisbon');
    const langChainWay = await run();
    expect(langChainWay).toMatchObject({ seen: 'hello:ada:lisbon:turn', carrier: 'run tree' });

    expect(installUntracedRunContext()).toBe(true);
    expect(installUntracedRunContext()).toBe(true); // idempotent
    const untraced = await run();
    expect(untraced).toEqual({ ...langChainWay, carrier: 'plain' });
  });

  it('leaves a call with callbacks to LangChain: its handlers see the runs', async () => {
    installUntracedRunContext();
    setContextVariable('trip', 'lisbon');
    const handler = new ChainStarts();
    const result = await graph.invoke({ text: 'hi', seen: '', carrier: '' }, { configurable: { traveler: 'bo' }, callbacks: [handler] });
    expect(result.seen).toBe('hi:bo:lisbon:');
    expect(result.carrier).toBe('run tree');
    expect(handler.starts).toBeGreaterThan(1);
  });
});
