// `Prefer: wait=N` (RFC 7240) as the message routes read it.
import { describe, expect, it } from '@jest/globals';
import { preferredWaitSeconds } from '../../../api/preferWait.js';

describe('preferredWaitSeconds', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['respond-async', null],
    ['wait=10', 10],
    ['WAIT = 5', 5],
    ['wait="7"', 7],
    ['respond-async, wait=15', 15],
    ['handling=lenient, wait=3;foo=bar', 3],
    ['wait=600', 60],
    ['wait=0', 0],
    ['wait=-1', null],
    ['wait=soon', null],
    ['nowait=5', null],
  ])('reads %j as %j (at most 60)', (header, seconds) => {
    expect(preferredWaitSeconds(header, 60)).toBe(seconds);
  });
});
