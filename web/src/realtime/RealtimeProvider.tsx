// Provides the socket connection to the signed-in app: connection state, trip event logs, and cache
// invalidation + notifications driven by live events.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, refreshSession } from '../api/client.js';
import { bookFromWatch } from '../hooks/watches.js';
import type { TripEvent } from '../api/types.js';
import { sessionStore } from '../auth/session.js';
import { notifications } from '../components/notifications.js';
import { formatMoney } from '../lib/format.js';
import { invalidator } from './invalidator.js';
import { POLLING, RealtimeConnection, type ConnectionState } from './connection.js';
import { TripEventStore } from './eventStore.js';
import { PresenceStore, type Viewer } from './presence.js';
import { ReadersStore, type Reader } from './receipts.js';
import { ReplyDraftStore, type ReplyDraft } from './replyDrafts.js';

interface RealtimeContextValue {
  connection: RealtimeConnection;
  store: TripEventStore;
  drafts: ReplyDraftStore;
  presence: PresenceStore;
  readers: ReadersStore;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

/** Query keys each event type makes stale. */
function staleKeys(tripId: string, event: TripEvent): unknown[][] {
  switch (event.type) {
    case 'plan.updated':
    case 'trip.updated':
      return [['trip', tripId], ['tripState', tripId], ['trips']];
    case 'message':
      // A reply ends a turn (turns, lastTurn); a plan change comes with its own plan.updated.
      return event.payload.role === 'assistant' ? [['tripState', tripId]] : [];
    case 'suggestion':
    case 'proposal':
      return [['tripState', tripId], ['proposals', tripId], ['bookings', tripId]];
    case 'booking.status': {
      const bookingId = typeof event.payload.bookingId === 'string' ? event.payload.bookingId : null;
      // A confirmed booking is one of the trip's shared expenses (api/routes/expenses.ts derives it).
      return [['bookings', tripId], ['proposals', tripId], ['tripState', tripId], ['expenses', tripId], ['settleUp', tripId], ...(bookingId ? [['booking', tripId, bookingId]] : [])];
    }
    case 'expense.changed':
      return [['expenses', tripId], ['settleUp', tripId]];
    case 'price.alert': {
      const watchId = typeof event.payload.watchId === 'string' ? event.payload.watchId : null;
      return [['watches'], ...(watchId ? [['watch', watchId], ['watchPoints', watchId]] : [])];
    }
    default:
      return [];
  }
}

const startedAt = Date.now();
const ALERTS_SEEN_KEY = 'tripsage.alertsSeen';
const alertsSeen = new Set<string>(readSeen());

function readSeen(): string[] {
  try {
    return JSON.parse(globalThis.sessionStorage?.getItem(ALERTS_SEEN_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}

/** True the first time this tab sees the alert (a re-join replays it; it is not news twice). */
function firstSighting(id: string): boolean {
  if (alertsSeen.has(id)) return false;
  alertsSeen.add(id);
  try {
    globalThis.sessionStorage?.setItem(ALERTS_SEEN_KEY, JSON.stringify([...alertsSeen].slice(-200)));
  } catch {
    // storage unavailable: the in-memory set still dedupes
  }
  return true;
}

function notifyPriceAlert(event: TripEvent, navigate: (path: string) => void): void {
  // Replayed history is not news: only alerts raised since shortly before this page loaded, once each.
  if (Date.parse(event.createdAt) < startedAt - 60_000) return;
  const payload = event.payload as { watchId?: unknown; alertId?: unknown; price?: { amount: number; currency: string }; summary?: unknown; target?: { origin?: string; destination?: string; cityCode?: string } };
  const watchId = typeof payload.watchId === 'string' ? payload.watchId : null;
  if (!watchId) return;
  const id = `alert-${typeof payload.alertId === 'string' ? payload.alertId : `${event.tripId}-${event.seq}`}`;
  if (!firstSighting(id)) return;
  const where = payload.target?.origin ? `${payload.target.origin} → ${payload.target.destination ?? ''}` : (payload.target?.cityCode ?? 'your watch');
  notifications.push({
    id,
    title: 'Price alert',
    body: `${where} is now ${formatMoney(payload.price)}.`,
    action: {
      label: 'Book now',
      run: async () => {
        const booking = await bookFromWatch(watchId);
        navigate(`/trips/${booking.tripId}/bookings/${booking.bookingId}`);
      },
    },
    link: { label: 'View watch', href: `/watches/${watchId}` },
  });
}

export function RealtimeProvider({ children, navigate }: { children: ReactNode; navigate: (path: string) => void }) {
  const queryClient = useQueryClient();
  const [value] = useState<RealtimeContextValue>(() => {
    const store = new TripEventStore();
    const drafts = new ReplyDraftStore();
    const presence = new PresenceStore();
    const readers = new ReadersStore();
    const invalidate = invalidator(queryClient);
    const connection = new RealtimeConnection({
      store,
      drafts,
      presence,
      readers,
      token: () => sessionStore.get()?.accessToken ?? null,
      refresh: refreshSession,
      poll: (tripId, after) => api.get<{ items: TripEvent[]; nextCursor: string }>(`/trips/${tripId}/events?after=${after}&limit=${POLLING.pageSize}`),
      onEvents: (tripId, events) => {
        invalidate(events.flatMap((event) => staleKeys(tripId, event)));
        for (const event of events) if (event.type === 'price.alert') notifyPriceAlert(event, navigate);
      },
    });
    return { connection, store, drafts, presence, readers };
  });

  useEffect(() => {
    value.connection.start();
    return () => {
      value.connection.stop();
      value.store.clear();
      value.drafts.clear();
      value.presence.clear();
    };
  }, [value]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime outside RealtimeProvider');
  return value;
}

export function useConnectionState(): ConnectionState {
  const { connection } = useRealtime();
  return useSyncExternalStore(
    (listener) => connection.subscribe(listener),
    () => connection.getState(),
  );
}

/** The trip's events (replayed, then live), deduplicated by seq; joins the trip room while mounted. */
export function useTripEvents(tripId: string | undefined, enabled = true): readonly TripEvent[] {
  const { connection, store } = useRealtime();
  useEffect(() => {
    if (!tripId || !enabled) return;
    return connection.watchTrip(tripId);
  }, [connection, tripId, enabled]);
  const subscribe = useMemo(() => (listener: () => void) => (tripId ? store.subscribe(tripId, listener) : () => undefined), [store, tripId]);
  return useSyncExternalStore(subscribe, () => (tripId ? store.get(tripId) : EMPTY));
}

/** Replies to the trip being written right now (from the trip's room, so with useTripEvents mounted). */
export function useReplyDrafts(tripId: string): readonly ReplyDraft[] {
  const { drafts } = useRealtime();
  const subscribe = useMemo(() => (listener: () => void) => drafts.subscribe(tripId, listener), [drafts, tripId]);
  return useSyncExternalStore(subscribe, () => drafts.get(tripId));
}

/** Who is viewing the trip (the trip's room must be joined: useTripEvents mounted). */
export function useTripPresence(tripId: string): readonly Viewer[] {
  const { presence } = useRealtime();
  const subscribe = useMemo(() => (listener: () => void) => presence.subscribe(tripId, listener), [presence, tripId]);
  return useSyncExternalStore(subscribe, () => presence.get(tripId));
}

/**
 * Who has read how far into the trip's chat, and `seen(seq)` to say this tab displayed the reply at `seq`
 * (the trip's room must be joined: useTripEvents mounted).
 */
export function useTripReaders(tripId: string): { readers: readonly Reader[]; seen: (seq: number) => void } {
  const { readers, connection } = useRealtime();
  const subscribe = useMemo(() => (listener: () => void) => readers.subscribe(tripId, listener), [readers, tripId]);
  const current = useSyncExternalStore(subscribe, () => readers.get(tripId));
  const seen = useCallback((seq: number) => connection.seen(tripId, seq), [connection, tripId]);
  return { readers: current, seen };
}

/** How often a typist's "still typing" is repeated (the server keeps the flag ~6 s per notice). */
const TYPING_REPEAT_MS = 3_000;

/**
 * `typed()` on every keystroke in the trip's chat, `stopped()` when the message is sent or the field is
 * left: the other viewers see "… is typing" meanwhile, with one notice every few seconds at most.
 */
export function useTypingNotifier(tripId: string): { typed: () => void; stopped: () => void } {
  const { connection } = useRealtime();
  const lastNotice = useRef(0);
  const typed = useCallback(() => {
    const now = Date.now();
    if (now - lastNotice.current < TYPING_REPEAT_MS) return;
    lastNotice.current = now;
    connection.typing(tripId, true);
  }, [connection, tripId]);
  const stopped = useCallback(() => {
    if (lastNotice.current === 0) return;
    lastNotice.current = 0;
    connection.typing(tripId, false);
  }, [connection, tripId]);
  return { typed, stopped };
}

/** Joins several trips' rooms (e.g. every trip with a price watch) so their alerts arrive anywhere. */
export function useWatchTrips(tripIds: readonly string[]): void {
  const { connection } = useRealtime();
  const key = [...new Set(tripIds)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    const releases = key.split(',').map((tripId) => connection.watchTrip(tripId));
    return () => releases.forEach((release) => release());
  }, [connection, key]);
}

const EMPTY: readonly TripEvent[] = [];
