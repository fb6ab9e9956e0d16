// The web client's join retries back off: doubling from 0.5 s to a 10 s ceiling, with ±20 % jitter so
// that clients dropped together by one outage do not all come back in the same instant.
import { describe, expect, it } from '@jest/globals';
import { REJOIN_BACKOFF, rejoinDelay } from '../../../web/src/realtime/connection.js';

describe('rejoinDelay', () => {
  it('doubles from the initial delay up to the ceiling', () => {
    const middle = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => rejoinDelay(attempt, middle))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('jitters within ±20 %', () => {
    expect(rejoinDelay(0, () => 0)).toBe(REJOIN_BACKOFF.initialMs * 0.8);
    expect(rejoinDelay(20, () => 1)).toBe(REJOIN_BACKOFF.maxMs * 1.2);
  });
});
