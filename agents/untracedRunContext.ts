// LangChain carries a runnable's config to the runnables it calls in async-local storage
// (AsyncLocalStorageProviderSingleton.runWithConfig). For that it builds a LangSmith RunTree on every
// runnable call, even with tracing off: a UUIDv7 from the crypto RNG, a timestamp string and a dozen
// environment reads, ~160 times in a planning turn, about 10 ms of the worker's CPU per turn
// (docs/benchmarks.md). Without tracing, nothing reads that RunTree but the config it carries; this puts
// the config (and LangChain's context variables) in a plain object instead.
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { getEnvironmentVariable } from '@langchain/core/utils/env';

/** Where LangChain looks up the carried config (`getRunnableConfig`) and context variables. */
const CHILD_CONFIG_KEY = Symbol.for('lc:child_config');
const CONTEXT_VARIABLES_KEY = Symbol.for('lc:context_variables');

/** LangChain's own switches for tracing and verbose logging: with any of them on, its RunTrees are used. */
const TRACING_SWITCHES = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING', 'LANGCHAIN_VERBOSE'];

type RunWithConfig = typeof AsyncLocalStorageProviderSingleton.runWithConfig;
type CarriedStore = { extra?: Record<symbol, unknown>; [CONTEXT_VARIABLES_KEY]?: unknown };

let installed = false;

/**
 * Makes runnable calls without callbacks carry their config in a plain object, when LangChain's tracing and
 * verbose switches are off (read once, here). A call with callbacks goes LangChain's own way, so a tracer
 * passed in a config still gets its run tree. Not supported under it: `setContextVariable` inside a runnable
 * (it keeps only LangChain's RunTrees' config); neither LangGraph nor this code base calls it. Answers
 * whether the plain carrier is in use. Idempotent.
 */
export function installUntracedRunContext(): boolean {
  if (installed) return true;
  if (TRACING_SWITCHES.some((name) => getEnvironmentVariable(name) === 'true')) return false;
  const provider = AsyncLocalStorageProviderSingleton;
  const langChainWay: RunWithConfig = provider.runWithConfig.bind(provider);
  const untraced: RunWithConfig = (config, callback, avoidCreatingRootRunTree) => {
    if (config?.callbacks !== undefined) return langChainWay(config, callback, avoidCreatingRootRunTree);
    const storage = provider.getInstance();
    const previous = storage.getStore() as CarriedStore | undefined;
    // As LangChain does: the config for the calls below (unless the caller asked for no root), and the
    // context variables set above.
    let store: CarriedStore | undefined = avoidCreatingRootRunTree ? undefined : { extra: { [CHILD_CONFIG_KEY]: config } };
    if (previous?.[CONTEXT_VARIABLES_KEY] !== undefined) store = { ...store, [CONTEXT_VARIABLES_KEY]: previous[CONTEXT_VARIABLES_KEY] };
    return storage.run(store, callback);
  };
  provider.runWithConfig = untraced;
  installed = true;
  return true;
}
