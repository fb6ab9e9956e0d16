// Who is looking at a trip, and who is typing in its chat: ephemeral, never in the trip's event log.
//
// Each socket that has joined a trip has one entry in the Redis hash `presence:<tripId>` (field: socket
// id; value: who, typing-until, expires-at). The node that holds the socket writes the entry on join,
// refreshes it every HEARTBEAT_MS, and deletes it on leave or disconnect; a node that dies leaves entries
// that readers drop once they expire (ENTRY_TTL_MS). After every change the node reads the hash and
// broadcasts the whole list to the trip's room through the Socket.IO Redis adapter, so sockets on every
// API node get it. A viewer with several tabs appears once.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Viewer } from '../contracts/realtime.js';

export const PRESENCE_HEARTBEAT_MS = 10_000;
/** An entry its node stopped refreshing (the node died) is ignored after this. */
export const PRESENCE_ENTRY_TTL_MS = 25_000;
const storedEntry = z.object({
  id: z.string(),
  kind: z.enum(['traveler', 'agent']),
  name: z.string(),
  typingUntil: z.number(),
  expiresAt: z.number(),
});
type StoredEntry = z.infer<typeof storedEntry>;

const keyOf = (tripId: string) => `presence:${tripId}`;

/** The viewers in `entries` at `now`: expired ones dropped, one per person (typing if any tab is). */
export function viewersOf(entries: StoredEntry[], now: number): Viewer[] {
  const byId = new Map<string, Viewer>();
  for (const entry of entries) {
    if (entry.expiresAt <= now) continue;
    const typing = entry.typingUntil > now;
    const seen = byId.get(entry.id);
    if (seen) seen.typing ||= typing;
    else byId.set(entry.id, { id: entry.id, kind: entry.kind, name: entry.name, typing });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes (or refreshes) a socket's entry; its typing flag holds until `typingUntil` (ms since the epoch). */
  async put(tripId: string, socketId: string, who: Pick<Viewer, 'id' | 'kind' | 'name'>, typingUntil: number): Promise<void> {
    const key = keyOf(tripId);
    const entry: StoredEntry = { ...who, typingUntil, expiresAt: this.now() + PRESENCE_ENTRY_TTL_MS };
    await this.redis.multi().hset(key, socketId, JSON.stringify(entry)).pexpire(key, PRESENCE_ENTRY_TTL_MS * 2).exec();
  }

  async remove(tripId: string, socketId: string): Promise<void> {
    await this.redis.hdel(keyOf(tripId), socketId);
  }

  /** The trip's viewers now; expired or unreadable entries are dropped from Redis on the way. */
  async viewers(tripId: string): Promise<Viewer[]> {
    const now = this.now();
    return viewersOf(await liveHashEntries(this.redis, keyOf(tripId), storedEntry, now), now);
  }
}

/** The entries of the hash at `key` that parse and have not expired at `now`; the others are deleted on the way. */
export async function liveHashEntries<T extends { expiresAt: number }>(redis: Redis, key: string, schema: z.ZodType<T>, now: number): Promise<T[]> {
  const raw = await redis.hgetall(key);
  const entries: T[] = [];
  const stale: string[] = [];
  for (const [field, value] of Object.entries(raw)) {
    const parsed = schema.safeParse(safeJson(value));
    if (parsed.success && parsed.data.expiresAt > now) entries.push(parsed.data);
    else stale.push(field);
  }
  if (stale.length > 0) await redis.hdel(key, ...stale);
  return entries;
}

function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
