// Edit conflicts the API answered (409 with `conflict`): someone else changed the same fields since the
// version this client's change was based on. Kept outside components, so a conflict stays on screen while
// the options it concerns re-render with the other person's choice.
import { useSyncExternalStore } from 'react';
import { ApiError } from '../api/client.js';
import type { EditConflictDetails } from '../../../domain/trip.js';

/** The conflict of a failed request, or null when it failed for another reason. */
export function editConflictOf(error: unknown): EditConflictDetails | null {
  return error instanceof ApiError && error.status === 409 && error.problem.conflict ? error.problem.conflict : null;
}

export interface ShownConflict {
  /** Where the refused change was made, so the notice shows there. */
  scope: 'options' | 'itinerary';
  conflict: EditConflictDetails;
  /** What this traveler tried, in words ("choose the flight Lisbon 08:10"). */
  what: string;
  /** Sends the same change again, based on the version the conflict named (theirs is then overwritten knowingly). */
  reapply: (baseVersion: number) => void;
}

type Listener = () => void;
const byTrip = new Map<string, ShownConflict | null>();
const listeners = new Set<Listener>();
const emit = () => listeners.forEach((listener) => listener());

export const editConflicts = {
  show(tripId: string, shown: ShownConflict): void {
    byTrip.set(tripId, shown);
    emit();
  },
  clear(tripId: string): void {
    if (!byTrip.get(tripId)) return;
    byTrip.set(tripId, null);
    emit();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (tripId: string): ShownConflict | null => byTrip.get(tripId) ?? null,
};

export function useEditConflict(tripId: string, scope: ShownConflict['scope']): ShownConflict | null {
  const shown = useSyncExternalStore(editConflicts.subscribe, () => editConflicts.get(tripId));
  return shown?.scope === scope ? shown : null;
}
