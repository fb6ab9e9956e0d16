// The signed-in session: access + refresh token and the user, kept in localStorage so a reload stays
// signed in. A tiny external store (subscribe/get) that React reads with useSyncExternalStore.
import type { AuthSessionResponse } from '../../../contracts/auth.js';

export type Session = AuthSessionResponse & { /** Epoch ms when the access token expires. */ expiresAt: number };

const STORAGE_KEY = 'tripsage.session';
type Listener = () => void;

function load(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = load();
const listeners = new Set<Listener>();

export const sessionStore = {
  get: (): Session | null => current,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(session: AuthSessionResponse | null): void {
    current = session ? { ...session, expiresAt: Date.now() + session.expiresIn * 1000 } : null;
    try {
      if (current) globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(current));
      else globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Private mode or storage full: the session still lives in memory.
    }
    for (const listener of listeners) listener();
  },
};
