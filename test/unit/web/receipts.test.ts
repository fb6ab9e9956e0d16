// Delivery receipts and "Seen by", as the chat derives them: from the pending message and the trip's
// event log (sent → delivered → answered), and from the server's `seen` broadcasts. No I/O.
import { describe, expect, it, jest } from '@jest/globals';
import type { TripEvent } from '../../../web/src/api/types.js';
import { chatEntries } from '../../../web/src/realtime/eventLog.js';
import { latestReplySeq, ReadersStore, receiptOf, receiptsFromLog, seenBy, seenByLine, type Reader } from '../../../web/src/realtime/receipts.js';

const TRIP = '00000000-0000-4000-8000-0000000000a1';
const event = (seq: number, type: string, payload: Record<string, unknown>): TripEvent => ({ tripId: TRIP, seq, type, payload, createdAt: '2026-12-04T10:00:00.000Z' });
const reader = (id: string, name: string, seq: number): Reader => ({ id, kind: 'traveler', name, seq });

describe('a message receipt', () => {
  const pending = { clientMessageId: 'm1', text: 'Lisbon in June', at: '2026-12-04T10:00:00.000Z' };
  const receiptAfter = (events: TripEvent[], accepted: boolean) => {
    const entry = chatEntries(events, [{ ...pending, accepted }]).find((candidate) => candidate.clientMessageId === 'm1');
    if (!entry) throw new Error('the message is not in the chat');
    return receiptOf(entry, receiptsFromLog(events));
  };

  it('moves sending → sent → delivered → answered as the API and the planner take it', () => {
    expect(receiptAfter([], false)).toBe('sending');
    expect(receiptAfter([], true)).toBe('sent');
    // The planner's first step of its turn is in the log before the echo of the message: delivered.
    expect(receiptAfter([event(1, 'progress', { turn: 'm1', step: 'understand', status: 'running' })], true)).toBe('delivered');
    const delivered = [event(1, 'message', { role: 'user', text: pending.text, clientMessageId: 'm1' }), event(2, 'progress', { turn: 'm1', step: 'understand', status: 'done' })];
    expect(receiptAfter(delivered, true)).toBe('delivered');
    expect(receiptAfter([...delivered, event(3, 'message', { role: 'assistant', text: 'Trip to Lisbon.', clientMessageId: 'm1' })], true)).toBe('answered');
  });

  it('never goes back: a late progress event of an answered turn leaves it answered', () => {
    const log = [event(1, 'message', { role: 'assistant', text: 'Done.', clientMessageId: 'm1' }), event(2, 'progress', { turn: 'm1', step: 'compose', status: 'done' }), event(3, 'message', { role: 'user', text: 'x', clientMessageId: 'm1' })];
    expect(receiptsFromLog(log).get('m1')).toBe('answered');
  });

  it('keeps other turns apart', () => {
    const log = [event(1, 'message', { role: 'assistant', text: 'Done.', clientMessageId: 'other' })];
    expect(receiptAfter(log, true)).toBe('sent');
  });
});

describe('seen by', () => {
  const log = [event(1, 'message', { role: 'user', text: 'hi', clientMessageId: 'm1' }), event(2, 'message', { role: 'assistant', text: 'Hello', clientMessageId: 'm1' }), event(3, 'plan.updated', {})];

  it('is about the latest reply in the log', () => {
    expect(latestReplySeq(log)).toBe(2);
    expect(latestReplySeq(log.slice(0, 1))).toBeNull();
  });

  it('names the others who have read up to the latest reply (or past it), not oneself', () => {
    const readers = [reader('ana', 'Ana', 2), reader('ben', 'Ben', 5), reader('carla', 'Carla', 1), reader('me', 'Me', 2)];
    expect(seenBy(readers, 2, 'me')).toEqual(['Ana', 'Ben']);
    expect(seenByLine(seenBy(readers, 2, 'me'))).toBe('Seen by Ana and Ben');
    expect(seenByLine(['Ana'])).toBe('Seen by Ana');
    expect(seenByLine(['Ana', 'Ben', 'Carla'])).toBe('Seen by Ana, Ben and Carla');
    expect(seenByLine(seenBy(readers, 6, 'me'))).toBeNull();
  });

  it('keeps the latest broadcast per trip and tells that trip\'s listeners', () => {
    const store = new ReadersStore();
    const listener = jest.fn();
    store.subscribe(TRIP, listener);
    store.set({ tripId: TRIP, readers: [reader('ana', 'Ana', 2)] });
    store.set({ tripId: 'another', readers: [] });
    expect(store.get(TRIP)).toEqual([reader('ana', 'Ana', 2)]);
    expect(store.get('unknown')).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
