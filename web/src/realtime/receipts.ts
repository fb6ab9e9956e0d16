// Delivery receipts: how far a traveler's own message has got (sent → delivered to the planner →
// answered), from what the client already holds (its pending messages and the trip's event log), and who
// has seen the latest reply, from the server's `seen` broadcasts (ephemeral: never in the event log).
import type { Reader, SeenUpdate } from '../../../contracts/realtime.js';
import type { TripEvent } from '../api/types.js';
import { TripListeners } from './tripListeners.js';

export type { Reader };

/**
 * - `sending`: not accepted yet; `sent`: the API accepted it (202);
 * - `delivered`: the planner has it (its user `message` event or a `progress` event of its turn is in the log);
 * - `answered`: the planner's reply to it (an assistant `message` event with its clientMessageId) is in the log.
 */
export type Receipt = 'sending' | 'sent' | 'delivered' | 'answered';

export const receiptLabels: Record<Receipt, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered to the planner',
  answered: 'Answered',
};

/** Each message's receipt from the log: clientMessageId → delivered or answered (the furthest reached). */
export function receiptsFromLog(events: readonly TripEvent[]): Map<string, Receipt> {
  const receipts = new Map<string, Receipt>();
  for (const event of events) {
    const { role, clientMessageId, turn } = event.payload;
    if (event.type === 'message' && typeof clientMessageId === 'string') {
      if (role === 'assistant') receipts.set(clientMessageId, 'answered');
      else if (role === 'user' && !receipts.has(clientMessageId)) receipts.set(clientMessageId, 'delivered');
    } else if (event.type === 'progress' && typeof turn === 'string' && !receipts.has(turn)) {
      receipts.set(turn, 'delivered');
    }
  }
  return receipts;
}

/** A message's receipt: what the log says, else whether the API accepted it (a message in the log was sent). */
export function receiptOf(message: { clientMessageId: string | null; pending: boolean; accepted?: boolean }, fromLog: ReadonlyMap<string, Receipt>): Receipt {
  const logged = message.clientMessageId ? fromLog.get(message.clientMessageId) : undefined;
  if (logged) return logged;
  if (!message.pending || message.accepted) return 'sent';
  return 'sending';
}

/** The seq of the latest reply in the log (an assistant `message` event), or null before the first. */
export function latestReplySeq(events: readonly TripEvent[]): number | null {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (event.type === 'message' && event.payload.role === 'assistant') return event.seq;
  }
  return null;
}

/** The names of the others who have seen the reply at `replySeq` (or a later one), in the server's order. */
export function seenBy(readers: readonly Reader[], replySeq: number, selfId: string | null): string[] {
  return readers.filter((reader) => reader.seq >= replySeq && reader.id !== selfId).map((reader) => reader.name);
}

/** "Seen by Ana", "Seen by Ana and Ben", "Seen by Ana, Ben and Carla"; null when nobody else has. */
export function seenByLine(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `Seen by ${names[0]}`;
  return `Seen by ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const EMPTY: readonly Reader[] = [];

/** The latest `seen` broadcast per trip. */
export class ReadersStore {
  private readonly readers = new Map<string, readonly Reader[]>();
  private readonly listeners = new TripListeners();

  get(tripId: string): readonly Reader[] {
    return this.readers.get(tripId) ?? EMPTY;
  }

  set({ tripId, readers }: SeenUpdate): void {
    this.readers.set(tripId, readers);
    this.listeners.notify(tripId);
  }

  subscribe(tripId: string, listener: () => void): () => void {
    return this.listeners.subscribe(tripId, listener);
  }
}
