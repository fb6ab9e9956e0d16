// Messages the traveler sent whose reply has not arrived yet: shown at once in the chat, and they let the
// chat say the planner is working. The API answers 202 once the trip's planner has accepted a message;
// the reply comes later as the trip's `message` event (streamed before as `reply.delta`), and the chat
// settles the pending message when it does.
import { useSyncExternalStore } from 'react';
import { api, errorText, isNetworkError } from '../api/client.js';
import type { MessageAccepted, MessageStatus } from '../api/types.js';
import type { EditConflictDetails } from '../../../domain/trip.js';
import { editConflictOf } from './editConflicts.js';

export interface PendingMessage {
  clientMessageId: string;
  text: string;
  at: string;
  /** The planner accepted it (202): its turn is queued or running. */
  accepted?: boolean;
  error?: string;
  /** It changed fields someone else changed since the version it was written against (409). */
  conflict?: EditConflictDetails;
}

/** A message as sent: its text, its key, and the trip version it was written against. */
export interface OutgoingMessage {
  text: string;
  clientMessageId: string;
  baseVersion?: number;
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

const edit = (tripId: string, clientMessageId: string, change: (message: PendingMessage) => PendingMessage) =>
  update(tripId, (list) => list.map((message) => (message.clientMessageId === clientMessageId ? change(message) : message)));

export const pendingMessages = {
  add(tripId: string, message: PendingMessage): void {
    update(tripId, (list) => [...list, message]);
  },
  accept(tripId: string, clientMessageId: string): void {
    edit(tripId, clientMessageId, (message) => ({ ...message, accepted: true }));
  },
  fail(tripId: string, clientMessageId: string, error: unknown, conflict: EditConflictDetails | null = editConflictOf(error)): void {
    edit(tripId, clientMessageId, (message) => ({ ...message, error: errorText(error), ...(conflict && { conflict }) }));
  },
  /** The reply arrived: drop it unless it failed (the failure stays visible). */
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

/** How the chat reaches the API (replaced in tests). */
export interface MessageTransport {
  send(tripId: string, message: OutgoingMessage): Promise<MessageAccepted>;
  status(tripId: string, clientMessageId: string): Promise<MessageStatus>;
}

const apiTransport: MessageTransport = {
  send: (tripId, message) => api.post<MessageAccepted>(`/trips/${tripId}/messages`, message),
  status: (tripId, clientMessageId) => api.get<MessageStatus>(`/trips/${tripId}/messages/${encodeURIComponent(clientMessageId)}`),
};

/** How often an accepted turn's status is read while its reply has not arrived, and for how long. */
export const STATUS_CHECK_MS = 5_000;
const STATUS_CHECKS_FOR_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a chat message as a planning turn and tracks it as pending until its reply arrives. A network
 * failure (the API restarting, a dropped connection) is retried with the same clientMessageId, which is
 * the same turn (it runs once); an API error is final. Once accepted, the turn's status is read every
 * STATUS_CHECK_MS, so a turn that fails says why instead of leaving the planner "working" forever.
 * Resolves to whether the message was accepted.
 */
export async function sendChatMessage(tripId: string, message: OutgoingMessage, transport: MessageTransport = apiTransport): Promise<boolean> {
  pendingMessages.add(tripId, { text: message.text, clientMessageId: message.clientMessageId, at: new Date().toISOString() });
  const deadline = Date.now() + 120_000;
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await transport.send(tripId, message);
        break;
      } catch (error) {
        const network = isNetworkError(error);
        if (!network || Date.now() > deadline) throw error;
        await sleep(Math.min(5_000, 500 * 2 ** attempt));
      }
    }
  } catch (error) {
    pendingMessages.fail(tripId, message.clientMessageId, error);
    return false;
  }
  pendingMessages.accept(tripId, message.clientMessageId);
  void watchTurn(tripId, message.clientMessageId, transport);
  return true;
}

/** Reads the turn's status until its reply arrived (the message is no longer pending), it failed, or it is done. */
async function watchTurn(tripId: string, clientMessageId: string, transport: MessageTransport): Promise<void> {
  const until = Date.now() + STATUS_CHECKS_FOR_MS;
  while (Date.now() < until) {
    await sleep(STATUS_CHECK_MS);
    const waiting = pendingMessages.get(tripId).find((message) => message.clientMessageId === clientMessageId);
    if (!waiting || waiting.error) return;
    try {
      const turn = await transport.status(tripId, clientMessageId);
      if (turn.status === 'failed') return pendingMessages.fail(tripId, clientMessageId, new Error(turn.error?.detail ?? 'The planner could not finish this. Try again in a moment.'), turn.error?.conflict ?? null);
      // Done: the reply is on its way as a trip event (or already shown), which settles the message.
      if (turn.status === 'done') return;
    } catch {
      // Offline or the API restarting: ask again at the next check.
    }
  }
}
