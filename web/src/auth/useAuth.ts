// Sign-in state and actions for components.
import { useSyncExternalStore } from 'react';
import type { AuthSessionResponse, LoginRequest, RegisterRequest } from '../../../contracts/auth.js';
import { api } from '../api/client.js';
import { sessionStore, type Session } from './session.js';

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}

export const auth = {
  async signIn(body: LoginRequest): Promise<void> {
    sessionStore.set(await api.post<AuthSessionResponse>('/auth/login', body));
  },
  async signUp(body: RegisterRequest): Promise<void> {
    sessionStore.set(await api.post<AuthSessionResponse>('/auth/register', body));
  },
  /** Ends this browser's session (its refresh-token family). */
  async signOut(): Promise<void> {
    const session = sessionStore.get();
    sessionStore.set(null);
    if (session) await api.post('/auth/logout', { refreshToken: session.refreshToken }).catch(() => undefined);
  },
  /** Ends every session of the account, on every device. */
  async signOutEverywhere(): Promise<void> {
    try {
      await api.post('/auth/logout-all');
    } finally {
      sessionStore.set(null);
    }
  },
};
