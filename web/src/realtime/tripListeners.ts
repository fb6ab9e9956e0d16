// Who to tell when a trip's client-side data changes (the event log, replies being written, presence):
// the one subscribe/notify the stores share, shaped for useSyncExternalStore.
type Listener = () => void;

export class TripListeners {
  private readonly byTrip = new Map<string, Set<Listener>>();

  subscribe(tripId: string, listener: Listener): () => void {
    let set = this.byTrip.get(tripId);
    if (!set) this.byTrip.set(tripId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  notify(tripId: string): void {
    for (const listener of this.byTrip.get(tripId) ?? []) listener();
  }

  notifyAll(): void {
    for (const tripId of this.byTrip.keys()) this.notify(tripId);
  }
}
