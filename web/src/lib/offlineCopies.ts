// Responses the service worker answered from its cache because the API was out of reach (web/public/sw.js
// marks them with a header): by API path, when the copy was saved. A fresh answer clears the path.
import { useSyncExternalStore } from 'react';

export const CACHED_AT_HEADER = 'TripSage-Cached-At';

type Listener = () => void;
const copies = new Map<string, string>();
const listeners = new Set<Listener>();

export const offlineCopies = {
  /** Records how `path` was answered: `cachedAt` from the service worker's cache, or null when fresh. */
  note(path: string, cachedAt: string | null): void {
    const key = path.split('?')[0]!;
    if ((copies.get(key) ?? null) === cachedAt) return;
    if (cachedAt) copies.set(key, cachedAt);
    else copies.delete(key);
    for (const listener of listeners) listener();
  },
  get: (path: string): string | null => copies.get(path) ?? null,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** When the copy of `path` on screen was saved, if it came from the offline cache. */
export function useCachedCopy(path: string): string | null {
  return useSyncExternalStore(offlineCopies.subscribe, () => offlineCopies.get(path));
}
