// Messages the traveler sent whose planning turn is still running (the POST answers when the turn
// ends): shown at once in the chat, and they let the chat say the planner is working.
import { useSyncExternalStore } from 'react';

export interface PendingMessage {
  clientMessageId: string;
  text: string;
  at: string;
  error?: string;
}

type Listener = () => void;
const byTrip = new Map<string, readonly PendingMessage[]>();
const listeners = new Set<Listener>();
const EMPTY: readonly PendingMessage[] = [];
const emit = () => listeners.forEach((listener) => listener());

function update(tripId: string, change: (list: readonly PendingMessage[]) => readonly PendingMessage[]) {
  byTrip.set(tripId, change(byTrip.get(tripId) ?? EMPTY));
  emit();
}

export const pendingMessages = {
  add(tripId: string, message: PendingMessage): void {
    update(tripId, (list) => [...list, message]);
  },
  fail(tripId: string, clientMessageId: string, error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    update(tripId, (list) => list.map((message) => (message.clientMessageId === clientMessageId ? { ...message, error: text } : message)));
  },
  /** The turn answered: drop it unless it failed (the failure stays visible). */
  settle(tripId: string, clientMessageId: string): void {
    update(tripId, (list) => list.filter((message) => message.clientMessageId !== clientMessageId || message.error));
  },
  dismiss(tripId: string, clientMessageId: string): void {
    update(tripId, (list) => list.filter((message) => message.clientMessageId !== clientMessageId));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (tripId: string): readonly PendingMessage[] => byTrip.get(tripId) ?? EMPTY,
};

export function usePendingMessages(tripId: string): readonly PendingMessage[] {
  return useSyncExternalStore(pendingMessages.subscribe, () => pendingMessages.get(tripId));
}

/**
 * Sends a chat message as a planning turn and tracks it as pending until it is answered. A network
 * failure (the API restarting, a dropped connection) is retried with the same clientMessageId, which the
 * trip workflow answers with the first result instead of planning twice; an API error is final.
 */
export async function sendChatMessage<T>(tripId: string, message: { text: string; clientMessageId: string }, post: () => Promise<T>): Promise<T | null> {
  pendingMessages.add(tripId, { ...message, at: new Date().toISOString() });
  const deadline = Date.now() + 120_000;
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await post();
      } catch (error) {
        const network = error instanceof TypeError; // fetch rejects with TypeError when no response came
        if (!network || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** attempt)));
      }
    }
  } catch (error) {
    pendingMessages.fail(tripId, message.clientMessageId, error);
    return null;
  } finally {
    pendingMessages.settle(tripId, message.clientMessageId);
  }
}
