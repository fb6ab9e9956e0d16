// The per-socket delivery state machine without sockets, Redis or a database: the test plays the relay,
// answering `read` steps from an in-memory log and passing live events as the relay would.
import { describe, expect, it } from '@jest/globals';
import type { TripEventRecord } from '../../contracts/realtime.js';
import { MAX_EMPTY_READS, TripSubscription, type CatchUpStep } from './subscription.js';

const TRIP = 'trip-1';
const PAGE_SIZE = 3;

const event = (seq: number): TripEventRecord => ({ tripId: TRIP, seq, type: 'progress', payload: { step: seq }, createdAt: '2026-12-03T00:00:00.000Z' });
const seqs = (records: readonly TripEventRecord[]) => records.map((record) => record.seq);

/** The log's page after `afterSeq`, as TripEventLog.after returns it. */
const pageOf = (log: readonly TripEventRecord[], afterSeq: number) => log.filter((record) => record.seq > afterSeq).slice(0, PAGE_SIZE);

/** A subscription that has joined and replayed `log` up to its end, now live. */
function liveAfter(log: readonly TripEventRecord[], lastSeq = 0): { sub: TripSubscription; sent: number[] } {
  const sub = new TripSubscription(TRIP, lastSeq, PAGE_SIZE);
  const sent = runCatchUp(sub, sub.joined(1), log);
  expect(sub.state).toBe('live');
  return { sub, sent };
}

/** Drives a catch-up against `log` to its end, as the relay does; returns the seqs sent. */
function runCatchUp(sub: TripSubscription, first: CatchUpStep | null, log: readonly TripEventRecord[]): number[] {
  const sent: number[] = [];
  let clock = 100;
  for (let step = first; step && step.action !== 'live'; ) {
    if (step.action === 'retry') {
      step = sub.retried((clock += 1));
      continue;
    }
    const outcome = sub.pageRead(pageOf(log, step.afterSeq));
    sent.push(...seqs(outcome.send));
    step = outcome.next;
  }
  return sent;
}

describe('TripSubscription', () => {
  it('replays the log from the start in pages, then sends live events in seq order', () => {
    const log = [1, 2, 3, 4, 5].map(event);
    const { sub, sent } = liveAfter(log);
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    expect(seqs(sub.receive(event(6)))).toEqual([6]);
    expect(seqs(sub.receive(event(7)))).toEqual([7]);
    expect(sub.delivered).toBe(7);
    expect(sub.hasGap).toBe(false);
  });

  it('drops events it has already sent (a duplicated publish, replay and live overlapping)', () => {
    const { sub } = liveAfter([1, 2].map(event));
    expect(seqs(sub.receive(event(2)))).toEqual([]);
    expect(seqs(sub.receive(event(3)))).toEqual([3]);
    expect(seqs(sub.receive(event(3)))).toEqual([]);
    expect(seqs(sub.receive(event(1)))).toEqual([]);
    expect(sub.delivered).toBe(3);
  });

  it('ignores live events before it is authorized and in the room', () => {
    const sub = new TripSubscription(TRIP, 0, PAGE_SIZE);
    expect(sub.receive(event(1))).toEqual([]);
    expect(sub.state).toBe('authorizing');
    expect(sub.delivered).toBe(0);
  });

  it('holds back an event beyond a gap and sends the run once the missing one arrives live', () => {
    const { sub } = liveAfter([1].map(event));
    expect(seqs(sub.receive(event(3)))).toEqual([]);
    expect(seqs(sub.receive(event(4)))).toEqual([]);
    expect(sub.hasGap).toBe(true);
    expect(seqs(sub.receive(event(2)))).toEqual([2, 3, 4]);
    expect(sub.hasGap).toBe(false);
    expect(sub.delivered).toBe(4);
  });

  it('catches up a gap that stays open from the log, from the seq it has, and goes live again', () => {
    const log = [1, 2, 3, 4].map(event);
    const { sub } = liveAfter(log.slice(0, 1));
    sub.receive(event(4));
    expect(sub.hasGap).toBe(true);
    const step = sub.catchUpGap();
    // The gap catch-up may reuse any read that started after the join (at 1).
    expect(step).toEqual({ action: 'read', afterSeq: 1, notBefore: 1 });
    expect(runCatchUp(sub, step, log)).toEqual([2, 3, 4]);
    expect(sub.state).toBe('live');
    expect(sub.hasGap).toBe(false);
  });

  it('merges live events that arrive during the replay with the pages read, each once and in order', () => {
    const log = [1, 2, 3, 4, 5, 6, 7].map(event);
    const sub = new TripSubscription(TRIP, 0, PAGE_SIZE);
    let step = sub.joined(1);
    expect(step).toEqual({ action: 'read', afterSeq: 0, notBefore: 1 });
    // Published while the first page is being read: buffered, not sent.
    expect(sub.receive(event(6))).toEqual([]);
    expect(sub.receive(event(7))).toEqual([]);
    const sent: number[] = [];
    for (;;) {
      if (step.action !== 'read') break;
      const outcome = sub.pageRead(pageOf(log, step.afterSeq));
      sent.push(...seqs(outcome.send));
      step = outcome.next;
      if (step.action === 'read' && step.afterSeq === 3) expect(sub.receive(event(5))).toEqual([]); // overlaps the next page
    }
    expect(step).toEqual({ action: 'live' });
    expect(sent).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(sub.receive(event(8)))).toEqual([8]);
  });

  it('reads once more when a catch-up is asked for while one is running, from a query that started no earlier', () => {
    const sub = new TripSubscription(TRIP, 0, PAGE_SIZE);
    const first = sub.joined(1);
    expect(first).toEqual({ action: 'read', afterSeq: 0, notBefore: 1 });
    // The relay reconnected mid-replay (at 50): no second catch-up, but the running one must read again.
    expect(sub.catchUp(50)).toBeNull();
    const outcome = sub.pageRead([event(1)]);
    expect(seqs(outcome.send)).toEqual([1]);
    expect(outcome.next).toEqual({ action: 'read', afterSeq: 1, notBefore: 50 });
    expect(sub.pageRead([event(2)]).next).toEqual({ action: 'live' });
    expect(sub.delivered).toBe(2);
  });

  it('waits and reads again while buffered events lie beyond a gap the log does not show yet', () => {
    const sub = new TripSubscription(TRIP, 0, PAGE_SIZE);
    sub.joined(1);
    sub.receive(event(3));
    // The log's read started before 2 and 3 were committed: nothing to fill the gap yet.
    const outcome = sub.pageRead([event(1)]);
    expect(seqs(outcome.send)).toEqual([1]);
    expect(outcome.next).toEqual({ action: 'retry' });
    expect(sub.retried(60)).toEqual({ action: 'read', afterSeq: 1, notBefore: 60 });
    const filled = sub.pageRead([event(2), event(3)]);
    expect(seqs(filled.send)).toEqual([2, 3]);
    expect(filled.next).toEqual({ action: 'live' });
  });

  it('skips a gap the log never fills after repeated empty reads, sending what it holds in order', () => {
    const sub = new TripSubscription(TRIP, 4, PAGE_SIZE);
    sub.joined(1);
    sub.receive(event(8));
    sub.receive(event(7));
    for (let read = 1; read < MAX_EMPTY_READS; read += 1) {
      expect(sub.pageRead([]).next).toEqual({ action: 'retry' });
      sub.retried(read);
    }
    const outcome = sub.pageRead([]);
    expect(outcome.skippedGap).toEqual({ afterSeq: 4, buffered: [7, 8] });
    expect(seqs(outcome.send)).toEqual([7, 8]);
    expect(outcome.next).toEqual({ action: 'live' });
    expect(sub.delivered).toBe(8);
  });

  it('resubscribes after a reconnect from the last seq the client holds: only what it lacks, once', () => {
    const log = [1, 2, 3, 4, 5, 6].map(event);
    const before = liveAfter(log.slice(0, 4));
    expect(before.sent).toEqual([1, 2, 3, 4]);
    // The connection dropped; 5 and 6 were written meanwhile. The client re-joins with lastSeq 4.
    const { sub, sent } = liveAfter(log, before.sub.delivered);
    expect(sent).toEqual([5, 6]);
    expect(sub.receive(event(6))).toEqual([]);
    expect(seqs(sub.receive(event(7)))).toEqual([7]);
  });

  it('is behind when the log has events past what it sent (a lost publish found by the tail check)', () => {
    const log = [1, 2, 3].map(event);
    const { sub } = liveAfter(log.slice(0, 2));
    expect(sub.isBehind(2)).toBe(false);
    expect(sub.isBehind(3)).toBe(true);
    expect(runCatchUp(sub, sub.catchUp(200), log)).toEqual([3]);
    expect(sub.isBehind(3)).toBe(false);
  });
});
