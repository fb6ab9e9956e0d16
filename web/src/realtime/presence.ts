// Who is viewing each trip and who is typing, from the server's `presence` broadcasts (ephemeral: never
// in the event log). A typing flag lapses on its own if no broadcast renews or ends it (the typist's tab
// closed mid-word), after the server's own typing lifetime.
import { TYPING_TTL_MS, type PresenceUpdate, type Viewer } from '../../../contracts/realtime.js';
import { TripListeners } from './tripListeners.js';

export type { Viewer };

const EMPTY: readonly Viewer[] = [];

export class PresenceStore {
  private readonly viewers = new Map<string, readonly Viewer[]>();
  private readonly listeners = new TripListeners();
  private readonly lapses = new Map<string, ReturnType<typeof setTimeout>>();

  get(tripId: string): readonly Viewer[] {
    return this.viewers.get(tripId) ?? EMPTY;
  }

  set({ tripId, viewers }: PresenceUpdate): void {
    this.viewers.set(tripId, viewers);
    const lapse = this.lapses.get(tripId);
    if (lapse) clearTimeout(lapse);
    this.lapses.delete(tripId);
    if (viewers.some((viewer) => viewer.typing)) {
      this.lapses.set(
        tripId,
        setTimeout(() => {
          this.lapses.delete(tripId);
          this.viewers.set(tripId, this.get(tripId).map((viewer) => ({ ...viewer, typing: false })));
          this.notify(tripId);
        }, TYPING_TTL_MS),
      );
    }
    this.notify(tripId);
  }

  subscribe(tripId: string, listener: () => void): () => void {
    return this.listeners.subscribe(tripId, listener);
  }

  /** The connection dropped: what we knew is stale until the next join brings a fresh list. */
  clear(): void {
    const tripIds = [...this.viewers.keys()];
    this.viewers.clear();
    for (const timer of this.lapses.values()) clearTimeout(timer);
    this.lapses.clear();
    for (const tripId of tripIds) this.notify(tripId);
  }

  private notify(tripId: string): void {
    this.listeners.notify(tripId);
  }
}

/** "Ana is typing…", "Ana and Ben are typing…", "3 people are typing…"; null when nobody else is. */
export function typingLine(viewers: readonly Viewer[], selfId: string | null): string | null {
  const typists = viewers.filter((viewer) => viewer.typing && viewer.id !== selfId).map((viewer) => viewer.name);
  if (typists.length === 0) return null;
  if (typists.length === 1) return `${typists[0]} is typing…`;
  if (typists.length === 2) return `${typists[0]} and ${typists[1]} are typing…`;
  return `${typists.length} people are typing…`;
}

/** Up to two initials of a name ("Ana Lima" → "AL"). */
export function initialsOf(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => Array.from(part)[0] ?? '')
    .join('');
  return (Array.from(letters).slice(0, 2).join('') || '?').toUpperCase();
}
