// Replies being written, per trip, from `reply.delta` events: ephemeral (never in the event log, never
// replayed). A draft grows piece by piece and is dropped once the durable reply (the `message` event with
// the same clientMessageId) arrives; that message is what the chat keeps.
import type { ReplyDelta } from '../api/types.js';
import { TripListeners } from './tripListeners.js';

export interface ReplyDraft {
  clientMessageId: string;
  text: string;
  /** The index the next piece must have. */
  next: number;
}

/**
 * The draft after `delta`: index 0 starts it (over, when a retried step streams again), the next index
 * extends it; anything else (joined mid-reply, a piece missed) leaves it as it is: the durable reply
 * brings the whole text anyway.
 */
export function withDelta(draft: ReplyDraft | undefined, delta: Pick<ReplyDelta, 'clientMessageId' | 'delta' | 'index'>): ReplyDraft | undefined {
  if (delta.index === 0) return { clientMessageId: delta.clientMessageId, text: delta.delta, next: 1 };
  if (draft && delta.index === draft.next) return { ...draft, text: draft.text + delta.delta, next: draft.next + 1 };
  return draft;
}

const EMPTY: readonly ReplyDraft[] = [];

export class ReplyDraftStore {
  private readonly drafts = new Map<string, readonly ReplyDraft[]>();
  private readonly listeners = new TripListeners();

  /** The trip's drafts in the order they started (the same array until one changes). */
  get(tripId: string): readonly ReplyDraft[] {
    return this.drafts.get(tripId) ?? EMPTY;
  }

  add(delta: ReplyDelta): void {
    const drafts = this.get(delta.tripId);
    const current = drafts.find((draft) => draft.clientMessageId === delta.clientMessageId);
    const next = withDelta(current, delta);
    if (!next || next === current) return;
    this.set(delta.tripId, current ? drafts.map((draft) => (draft === current ? next : draft)) : [...drafts, next]);
  }

  /** The durable reply arrived: the draft has served its purpose. */
  finish(tripId: string, clientMessageId: string): void {
    const drafts = this.get(tripId);
    if (drafts.some((draft) => draft.clientMessageId === clientMessageId)) this.set(tripId, drafts.filter((draft) => draft.clientMessageId !== clientMessageId));
  }

  subscribe(tripId: string, listener: () => void): () => void {
    return this.listeners.subscribe(tripId, listener);
  }

  clear(): void {
    const tripIds = [...this.drafts.keys()];
    this.drafts.clear();
    for (const tripId of tripIds) this.notify(tripId);
  }

  private set(tripId: string, drafts: readonly ReplyDraft[]): void {
    if (drafts.length === 0) this.drafts.delete(tripId);
    else this.drafts.set(tripId, drafts);
    this.notify(tripId);
  }

  private notify(tripId: string): void {
    this.listeners.notify(tripId);
  }
}
