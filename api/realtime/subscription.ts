// One socket's subscription to one trip's event log: which events to send it, in which order, and when
// it must read the log to catch up. Pure: the caller (api/realtime/relay.ts) reads the log, sends what this
// returns, keeps the clock and the timers; nothing here does I/O.
//
// `delivered` is the highest seq the socket has been sent (initially the client's `lastSeq`). Delivery is
// contiguous: seq `delivered + 1` is sent, anything `<= delivered` is dropped (duplicates: replay/live
// overlap, a duplicated publish), anything beyond a gap is held back until the gap is filled.
//
// States: `authorizing` (not in the room yet: live events are not for it), `replaying` (reading the log;
// live events are buffered and merged in seq order with the pages read), `live` (live events are sent as
// they come; a gap makes the caller wait briefly, then catch up from the log).
import type { TripEventRecord } from '../../contracts/realtime.js';

export type SubscriptionState = 'authorizing' | 'replaying' | 'live';
export type CatchUpReason = 'join' | 'gap' | 'resync' | 'tail';

/**
 * The caller's next move in a catch-up. `read`: the page of the log after `afterSeq`, from a query that started
 * at or after `notBefore` (the caller's clock; a query shared with another socket may be reused only then).
 * `retry`: wait a little, then call `retried(now)`. `live`: the catch-up is over.
 */
export type CatchUpStep = { action: 'read'; afterSeq: number; notBefore: number } | { action: 'retry' } | { action: 'live' };

/** What a page of the log led to: events to send now (in order), the next step, and a gap given up on. */
export interface PageOutcome {
  send: TripEventRecord[];
  next: CatchUpStep;
  /** Set when the gap after `afterSeq` is not in the log (the trip was deleted, rows vanished) and was skipped. */
  skippedGap?: { afterSeq: number; buffered: number[] };
}

/** Log reads that find nothing to fill a gap before it is skipped. */
export const MAX_EMPTY_READS = 20;

export class TripSubscription {
  private current: SubscriptionState = 'authorizing';
  private sent: number;
  /** Live events beyond `delivered + 1`, held until the gap is filled. */
  private readonly buffer = new Map<number, TripEventRecord>();
  /** When the socket joined the room (the caller's clock): a gap catch-up may reuse any read since. */
  private joinedAt = 0;
  /** The running read may only end the catch-up if it started at or after this (a catch-up asked for meanwhile). */
  private freshAfter = 0;
  /** The `notBefore` of the read in flight. */
  private readSince = 0;
  private emptyReads = 0;

  constructor(
    readonly tripId: string,
    lastSeq: number,
    /** Events per log read: a full page means there may be more. */
    private readonly pageSize: number,
  ) {
    this.sent = lastSeq;
  }

  get state(): SubscriptionState {
    return this.current;
  }

  /** The highest seq sent to the socket (or the client's lastSeq). */
  get delivered(): number {
    return this.sent;
  }

  /** Live and holding events beyond a gap: after a short wait the caller catches up (`catchUpGap`). */
  get hasGap(): boolean {
    return this.current === 'live' && this.buffer.size > 0;
  }

  /** Live but behind the trip's last seq in the log (an event no publish announced). */
  isBehind(lastSeq: number): boolean {
    return this.current === 'live' && this.sent < lastSeq;
  }

  /** Authorized and in the room at `now`: the join's catch-up starts (live events are buffered from here). */
  joined(now: number): CatchUpStep {
    this.joinedAt = now;
    return this.startCatchUp(now);
  }

  /** Catch up for a gap that stayed open: any read that started after the join will do. */
  catchUpGap(): CatchUpStep | null {
    return this.catchUp(this.joinedAt);
  }

  /**
   * Starts a catch-up whose reads start at or after `notBefore`; null if one is running already (it then reads
   * once more from a query at or after `notBefore` before it ends).
   */
  catchUp(notBefore: number): CatchUpStep | null {
    if (this.current === 'replaying') {
      this.freshAfter = Math.max(this.freshAfter, notBefore);
      return null;
    }
    return this.startCatchUp(notBefore);
  }

  /** A live event: returns the events to send now (in seq order; empty if it is a duplicate or beyond a gap). */
  receive(record: TripEventRecord): TripEventRecord[] {
    if (record.seq <= this.sent || this.current === 'authorizing') return [];
    this.buffer.set(record.seq, record);
    return this.current === 'live' ? this.flush() : [];
  }

  /** The page the last `read` step asked for: merged with the buffered live events, in order. */
  pageRead(page: readonly TripEventRecord[]): PageOutcome {
    for (const record of page) if (record.seq > this.sent) this.buffer.set(record.seq, record);
    const send = this.flush();
    if (page.length >= this.pageSize) return { send, next: this.read(this.readSince) };
    // A catch-up was asked for during this read (e.g. the relay reconnected): read once more.
    if (this.freshAfter > this.readSince) return { send, next: this.read(this.freshAfter) };
    if (this.buffer.size === 0) return { send, next: this.goLive() };
    // Live events are buffered beyond a gap the read did not cover yet: read again, freshly.
    if (page.length > 0 || ++this.emptyReads < MAX_EMPTY_READS) return { send, next: { action: 'retry' } };
    const held = [...this.buffer.values()].sort((a, b) => a.seq - b.seq);
    const skippedGap = { afterSeq: this.sent, buffered: held.map((record) => record.seq) };
    send.push(...held);
    this.sent = held.at(-1)?.seq ?? this.sent;
    this.buffer.clear();
    return { send, next: this.goLive(), skippedGap };
  }

  /** After a `retry` step's wait: read again from a query started at or after `now`. */
  retried(now: number): CatchUpStep {
    return this.read(now);
  }

  private startCatchUp(notBefore: number): CatchUpStep {
    this.current = 'replaying';
    this.emptyReads = 0;
    return this.read(notBefore);
  }

  private read(notBefore: number): CatchUpStep {
    this.readSince = notBefore;
    return { action: 'read', afterSeq: this.sent, notBefore };
  }

  private goLive(): CatchUpStep {
    this.current = 'live';
    return { action: 'live' };
  }

  /** Takes the contiguous run after `delivered` out of the buffer; drops what is already sent. */
  private flush(): TripEventRecord[] {
    const send: TripEventRecord[] = [];
    for (let next = this.buffer.get(this.sent + 1); next; next = this.buffer.get(this.sent + 1)) {
      this.buffer.delete(next.seq);
      send.push(next);
      this.sent = next.seq;
    }
    for (const seq of this.buffer.keys()) if (seq <= this.sent) this.buffer.delete(seq);
    return send;
  }
}
