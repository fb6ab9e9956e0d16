// The client's event log logic: replay + live merged by seq without duplicates, the resume point, the
// progress timeline and the chat derived from events; replies being written, from reply deltas.
import { describe, expect, it, jest } from '@jest/globals';
import type { ReplyDelta, TripEvent } from '../../../web/src/api/types.js';
import { answeredMessageIds, chatEntries, mergeEvents, progressTimeline, resumeSeq } from '../../../web/src/realtime/eventLog.js';
import { TripEventStore } from '../../../web/src/realtime/eventStore.js';
import { ReplyDraftStore, withDelta } from '../../../web/src/realtime/replyDrafts.js';

const TRIP = '00000000-0000-4000-8000-000000000001';
let clock = Date.parse('2026-11-23T10:00:00Z');
const event = (seq: number, type = 'progress', payload: Record<string, unknown> = {}): TripEvent => ({ tripId: TRIP, seq, type, payload, createdAt: new Date((clock += 10)).toISOString() });
const seqs = (events: readonly TripEvent[]) => events.map((item) => item.seq);

describe('mergeEvents', () => {
  it('appends live events in order', () => {
    const merged = mergeEvents([event(1), event(2)], [event(3), event(4)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 4]);
  });

  it('drops events already held (replay overlapping live delivery, duplicated publishes)', () => {
    const held = [event(1), event(2), event(3)];
    const merged = mergeEvents(held, [event(2), event(3), event(4), event(4)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 4]);
  });

  it('sorts events that arrive out of order', () => {
    expect(seqs(mergeEvents([event(1), event(4)], [event(3), event(2)]))).toEqual([1, 2, 3, 4]);
  });

  it('returns the same array when nothing is new, so React skips the render', () => {
    const held = [event(1), event(2)];
    expect(mergeEvents(held, [event(1), event(2)])).toBe(held);
    expect(mergeEvents(held, [])).toBe(held);
  });

  it('keeps the first copy of a seq', () => {
    const first = event(1, 'message', { text: 'first' });
    const merged = mergeEvents([first], [event(1, 'message', { text: 'again' })]);
    expect(merged[0]).toBe(first);
  });
});

describe('resumeSeq', () => {
  it('is the end of the gap-free run from seq 1', () => {
    expect(resumeSeq([])).toBe(0);
    expect(resumeSeq([event(1), event(2), event(3)])).toBe(3);
    expect(resumeSeq([event(1), event(2), event(5)])).toBe(2);
    expect(resumeSeq([event(3), event(4)])).toBe(0);
  });
});

describe('TripEventStore', () => {
  it('reports only new events, notifies subscribers once per change and resumes from the last seq', () => {
    const store = new TripEventStore();
    let notified = 0;
    store.subscribe(TRIP, () => (notified += 1));
    expect(seqs(store.add(TRIP, [event(1), event(2)]))).toEqual([1, 2]);
    expect(store.add(TRIP, [event(2)])).toEqual([]);
    expect(seqs(store.add(TRIP, [event(2), event(3)]))).toEqual([3]);
    expect(notified).toBe(2);
    expect(store.lastSeq(TRIP)).toBe(3);
    expect(store.lastSeq('another-trip')).toBe(0);
  });

  it('simulated reconnect: replay from lastSeq plus a duplicated live event shows each event once', () => {
    const store = new TripEventStore();
    store.add(TRIP, [event(1), event(2), event(3)]);
    // Connection lost; the server replays after lastSeq 3, and live delivery overlaps the replay.
    const resumeFrom = store.lastSeq(TRIP);
    const replay = [event(4), event(5)].filter((item) => item.seq > resumeFrom);
    for (const item of [...replay, event(5), event(6), event(4)]) store.add(TRIP, [item]);
    expect(seqs(store.get(TRIP))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('progressTimeline', () => {
  const step = (seq: number, turn: string, name: string, status: string, extra: Record<string, unknown> = {}) => event(seq, 'progress', { turn, step: name, status, ...extra });

  it('groups steps per turn with their latest status and partial results', () => {
    const events = [
      event(1, 'message', { role: 'user', text: 'Lisbon', clientMessageId: 't1' }),
      step(2, 't1', 'understand', 'running'),
      step(3, 't1', 'understand', 'done', { request: { destination: { city: 'Lisbon' } } }),
      step(4, 't1', 'flights', 'running'),
      step(5, 't1', 'stays', 'running'),
      step(6, 't1', 'flights', 'done', { count: 5, preview: [{ price: { amount: 500, currency: 'EUR' } }] }),
      step(7, 't1', 'stays', 'failed', { message: 'provider down' }),
    ];
    const [turn] = progressTimeline(events);
    expect(turn?.turn).toBe('t1');
    expect(Object.fromEntries(turn!.steps.map((item) => [item.step, item.status]))).toEqual({ understand: 'done', destination: 'pending', flights: 'done', stays: 'failed', compose: 'pending' });
    expect(turn!.steps.find((item) => item.step === 'flights')?.detail).toMatchObject({ count: 5 });
    expect(turn!.steps.find((item) => item.step === 'stays')?.message).toBe('provider down');
    expect(turn!.failed).toBe(true);
    expect(turn!.finished).toBe(false);
  });

  it('never lets a late "running" hide "done", and a plan.updated finishes the turn', () => {
    const events = [step(1, 't1', 'compose', 'done'), step(2, 't1', 'compose', 'running'), event(3, 'plan.updated', { turn: 't1' })];
    const [turn] = progressTimeline(events);
    expect(turn!.steps.find((item) => item.step === 'compose')?.status).toBe('done');
    expect(turn!.finished).toBe(true);
  });

  it('orders turns by their first event', () => {
    const events = [step(1, 'a', 'understand', 'done'), step(2, 'b', 'understand', 'running'), step(3, 'a', 'compose', 'done')];
    expect(progressTimeline(events).map((turn) => turn.turn)).toEqual(['a', 'b']);
  });
});

describe('chatEntries', () => {
  it('shows pending messages until the server echoes them, then only the echo', () => {
    const pending = [{ clientMessageId: 'm1', text: 'Hi', at: '2026-11-23T10:00:00Z' }];
    expect(chatEntries([], pending).map((entry) => [entry.text, entry.pending])).toEqual([['Hi', true]]);
    const echoed = [event(1, 'message', { role: 'user', text: 'Hi', clientMessageId: 'm1' }), event(2, 'message', { role: 'assistant', text: 'Hello!', clientMessageId: 'm1' })];
    expect(chatEntries(echoed, pending).map((entry) => [entry.role, entry.text, entry.pending])).toEqual([
      ['user', 'Hi', false],
      ['assistant', 'Hello!', false],
    ]);
  });
});

describe('answeredMessageIds', () => {
  it('names the turns whose durable reply is in the log', () => {
    const events = [event(1, 'message', { role: 'user', text: 'Hi', clientMessageId: 'm1' }), event(2, 'message', { role: 'assistant', text: 'Hello!', clientMessageId: 'm1' }), event(3, 'message', { role: 'user', text: 'And?', clientMessageId: 'm2' })];
    expect([...answeredMessageIds(events)]).toEqual(['m1']);
  });
});

describe('reply drafts', () => {
  const delta = (index: number, text: string, clientMessageId = 'm1'): ReplyDelta => ({ tripId: TRIP, clientMessageId, delta: text, index });

  it('grows a draft piece by piece, starts over at index 0 and ignores pieces out of order', () => {
    let draft = withDelta(undefined, delta(0, 'Trip'));
    draft = withDelta(draft, delta(1, ' to'));
    draft = withDelta(draft, delta(3, ' (skipped)'));
    expect(draft).toEqual({ clientMessageId: 'm1', text: 'Trip to', next: 2 });
    expect(withDelta(draft, delta(0, 'Again'))).toEqual({ clientMessageId: 'm1', text: 'Again', next: 1 });
    // Joined mid-reply: nothing to show until the durable reply.
    expect(withDelta(undefined, delta(4, 'tail'))).toBeUndefined();
  });

  it('keeps drafts per trip until the durable reply finishes them, notifying only on change', () => {
    const store = new ReplyDraftStore();
    const changes = jest.fn();
    store.subscribe(TRIP, changes);
    store.add(delta(0, 'Lisbon'));
    store.add(delta(1, ' it is'));
    store.add(delta(0, 'Other', 'm2'));
    const before = store.get(TRIP);
    store.add(delta(5, 'gap'));
    expect(store.get(TRIP)).toBe(before);
    expect(before.map((draft) => [draft.clientMessageId, draft.text])).toEqual([
      ['m1', 'Lisbon it is'],
      ['m2', 'Other'],
    ]);
    store.finish(TRIP, 'm1');
    expect(store.get(TRIP).map((draft) => draft.clientMessageId)).toEqual(['m2']);
    expect(changes).toHaveBeenCalledTimes(4);
    store.clear();
    expect(store.get(TRIP)).toEqual([]);
  });
});
