// Per-trip event logs held by the client: what the socket replayed and streamed, deduplicated by seq.
import type { TripEvent } from '../api/types.js';
import { mergeEvents, resumeSeq } from './eventLog.js';
import { TripListeners } from './tripListeners.js';

const EMPTY: readonly TripEvent[] = [];

export class TripEventStore {
  private readonly logs = new Map<string, readonly TripEvent[]>();
  private readonly listeners = new TripListeners();

  get(tripId: string): readonly TripEvent[] {
    return this.logs.get(tripId) ?? EMPTY;
  }

  /** Where to resume this trip's stream after a reconnect. */
  lastSeq(tripId: string): number {
    return resumeSeq(this.get(tripId));
  }

  /** Adds events; returns those that were new (already-held seqs are dropped). */
  add(tripId: string, events: readonly TripEvent[]): TripEvent[] {
    const before = this.get(tripId);
    const after = mergeEvents(before, events);
    if (after === before) return [];
    this.logs.set(tripId, after);
    const held = new Set(before.map((event) => event.seq));
    this.listeners.notify(tripId);
    return events.filter((event) => !held.has(event.seq));
  }

  subscribe(tripId: string, listener: () => void): () => void {
    return this.listeners.subscribe(tripId, listener);
  }

  clear(): void {
    this.logs.clear();
    this.listeners.notifyAll();
  }
}
