// Whether a CSS media query matches now, updating when it changes (a phone rotated, a window resized).
import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => typeof window.matchMedia === 'function' && window.matchMedia(query).matches, () => false);
}

/** The phone layout (tabs, bottom bar): below the width where the trip screen has two columns. */
export const PHONE_QUERY = '(max-width: 899px)';
export const useIsPhone = (): boolean => useMediaQuery(PHONE_QUERY);
