// Who has read how far, as the API reads it from Redis: expired entries dropped, one per person. No I/O.
import { describe, expect, it } from '@jest/globals';
import { readersOf, SEEN_TTL_MS } from '../../../api/readReceipts.js';

describe('readersOf', () => {
  const now = 1_000_000;
  const entry = (id: string, name: string, seq: number, expiresAt = now + SEEN_TTL_MS) => ({ id, kind: 'traveler' as const, name, seq, expiresAt });

  it('drops lapsed entries and keeps each person once, at their furthest seq, in name order', () => {
    const readers = readersOf([entry('b', 'Ben', 4), entry('a', 'Ana', 7), entry('b', 'Ben', 9), entry('c', 'Carla', 9, now)], now);
    expect(readers).toEqual([
      { id: 'a', kind: 'traveler', name: 'Ana', seq: 7 },
      { id: 'b', kind: 'traveler', name: 'Ben', seq: 9 },
    ]);
  });
});
