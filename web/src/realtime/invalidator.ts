// Live events make queries stale: each stale query fetches again, once per batch of events.
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Refetches `queryKey` with an answer that starts after the event. TanStack Query hands an invalidated
 * query's in-flight *first* load back instead of fetching again (it cancels and restarts only a query
 * that already has data), so a first load sent before the change would settle as the page's answer:
 * that load is dropped first.
 */
async function refetchAfterEvent(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  await queryClient.cancelQueries({ queryKey, predicate: (query) => query.state.data === undefined && query.state.fetchStatus === 'fetching' });
  await queryClient.invalidateQueries({ queryKey });
}

/** Batches invalidations: a replay of hundreds of events refetches each query once. */
export function invalidator(queryClient: QueryClient, batchMs = 50): (keys: QueryKey[]) => void {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (keys) => {
    for (const key of keys) pending.set(JSON.stringify(key), key);
    timer ??= setTimeout(() => {
      timer = null;
      const batch = [...pending.values()];
      pending.clear();
      for (const queryKey of batch) void refetchAfterEvent(queryClient, queryKey);
    }, batchMs);
  };
}
