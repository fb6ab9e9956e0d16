// How far each collaborator has read a trip's chat ("Seen by Ana, Ben" under the latest reply):
// ephemeral, never in the trip's event log.
//
// A client that displayed the trip's latest reply says so (`trip.seen { tripId, seq }`, the reply's seq).
// The Redis hash `seen:<tripId>` keeps one entry per person (field: user or API key id; value: who, seq,
// expires-at); an entry only moves forward (a stale tab cannot take a reader back) and lapses after
// SEEN_TTL_MS without news. When an entry moves, the node broadcasts the trip's readers to its room through
// the Socket.IO Redis adapter, like presence, so every API node's sockets get it.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Reader, Viewer } from '../contracts/realtime.js';
import { liveHashEntries } from './presence.js';

/** A reader nobody has heard from for this long is dropped (the hash itself expires after it too). */
export const SEEN_TTL_MS = 24 * 60 * 60_000;

const storedReader = z.object({ id: z.string(), kind: z.enum(['traveler', 'agent']), name: z.string(), seq: z.number().int(), expiresAt: z.number() });
type StoredReader = z.infer<typeof storedReader>;

const keyOf = (tripId: string) => `seen:${tripId}`;

// Writes the entry unless the one there is live and already at (or past) this seq; 1 if it moved.
const ADVANCE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' and tonumber(decoded.seq) and tonumber(decoded.expiresAt)
    and tonumber(decoded.seq) >= tonumber(ARGV[3]) and tonumber(decoded.expiresAt) > tonumber(ARGV[4]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/** The live readers in `entries` at `now`, one per person, in name order. */
export function readersOf(entries: readonly StoredReader[], now: number): Reader[] {
  const byId = new Map<string, Reader>();
  for (const entry of entries) {
    if (entry.expiresAt <= now) continue;
    const known = byId.get(entry.id);
    if (!known || known.seq < entry.seq) byId.set(entry.id, { id: entry.id, kind: entry.kind, name: entry.name, seq: entry.seq });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export class ReadReceiptStore {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records that `who` has seen the trip's chat up to `seq`; true if that moved their entry forward. */
  async advance(tripId: string, who: Pick<Viewer, 'id' | 'kind' | 'name'>, seq: number): Promise<boolean> {
    const now = this.now();
    const entry: StoredReader = { ...who, seq, expiresAt: now + SEEN_TTL_MS };
    const moved = await this.redis.eval(ADVANCE_SCRIPT, 1, keyOf(tripId), who.id, JSON.stringify(entry), String(seq), String(now), String(SEEN_TTL_MS));
    return moved === 1;
  }

  /** The trip's readers now; expired or unreadable entries are dropped from Redis on the way. */
  async readers(tripId: string): Promise<Reader[]> {
    const now = this.now();
    return readersOf(await liveHashEntries(this.redis, keyOf(tripId), storedReader, now), now);
  }
}
