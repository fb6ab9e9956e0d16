// When a change based on an older trip version collides with one applied since (domain/editConflicts.ts).
import { describe, expect, it } from '@jest/globals';
import { conflictMessage, fieldsOfConstraints, fieldsOfSelection, findConflict, MAX_RECENT_CHANGES, withChange } from '../../domain/editConflicts.js';
import { applyItineraryEdit, itineraryEditProblem } from '../../domain/itineraryEdits.js';
import type { AppliedChange, ChangedField, ItineraryDay } from '../../domain/trip.js';

const ana = { userId: 'u-ana', name: 'Ana Lima' };
const change = (version: number, fields: ChangedField[], author: AppliedChange['author'] = ana): AppliedChange => ({ version, kind: 'constraints', fields, author, at: '2027-01-02T10:00:00.000Z' });

describe('edit conflicts', () => {
  it('groups request fields as travelers read them: both dates, the whole party', () => {
    expect(fieldsOfConstraints({ departDate: '2027-03-05', returnDate: '2027-03-12', children: 1, budget: null })).toEqual(['dates', 'party', 'budget']);
    expect(fieldsOfSelection({ flightOfferId: 'f1' })).toEqual(['selectedFlight']);
    expect(fieldsOfSelection({ stayOfferId: null })).toEqual(['selectedStay']);
  });

  it('names the change since the base that touched the same fields', () => {
    const log = [change(1, ['destination']), change(2, ['budget']), change(3, ['dates'], { userId: 'u-ben', name: 'Ben' })];
    expect(findConflict(log, 3, 1, ['party', 'dates'])).toEqual({ baseVersion: 1, currentVersion: 3, fields: ['dates'], change: log[2] });
    expect(conflictMessage(findConflict(log, 3, 1, ['dates'])!)).toBe('Ben changed the dates (version 3) after the version 1 this change was based on; it was not applied.');
  });

  it('lets a change apply when nothing since touched its fields, when its base is current, or when it changes nothing', () => {
    const log = [change(1, ['destination']), change(2, ['budget'])];
    expect(findConflict(log, 2, 1, ['dates', 'pace'])).toBeNull();
    expect(findConflict(log, 2, 2, ['budget'])).toBeNull();
    expect(findConflict(log, 2, 0, [])).toBeNull();
    // A change made before the one it would collide with is not a conflict.
    expect(findConflict(log, 2, 1, ['destination'])).toBeNull();
  });

  it('treats a base older than the bounded log as a conflict with an unknown change', () => {
    let log: AppliedChange[] = [];
    for (let version = 1; version <= MAX_RECENT_CHANGES + 5; version += 1) log = withChange(log, change(version, ['pace']));
    expect(log).toHaveLength(MAX_RECENT_CHANGES);
    expect(log[0]?.version).toBe(6);
    expect(findConflict(log, 25, 2, ['budget'])).toEqual({ baseVersion: 2, currentVersion: 25, fields: ['budget'], change: null });
    expect(findConflict(log, 25, 5, ['budget'])).toBeNull();
  });
});

describe('itinerary edits by hand', () => {
  const entry = (title: string) => ({ kind: 'activity' as const, title, time: null, description: null, cost: null });
  const days: ItineraryDay[] = [
    { day: 1, date: '2027-03-05', title: 'Arrive', weather: null, entries: [entry('a'), entry('b')] },
    { day: 2, date: '2027-03-06', title: 'Alfama', weather: null, entries: [entry('c')] },
  ];
  const titles = (result: ItineraryDay[]) => result.map((day) => day.entries.map((item) => item.title));

  it('moves within a day and across days, adds and removes, leaving the input as it was', () => {
    expect(titles(applyItineraryEdit(days, { op: 'move', day: 1, index: 0, toDay: 1, toIndex: 1 }))).toEqual([['b', 'a'], ['c']]);
    expect(titles(applyItineraryEdit(days, { op: 'move', day: 1, index: 1, toDay: 2, toIndex: 1 }))).toEqual([['a'], ['c', 'b']]);
    expect(titles(applyItineraryEdit(days, { op: 'add', day: 2, index: 0, entry: { kind: 'meal', title: ' Dinner ', time: '20:30' } }))).toEqual([['a', 'b'], ['Dinner', 'c']]);
    expect(titles(applyItineraryEdit(days, { op: 'remove', day: 1, index: 0 }))).toEqual([['b'], ['c']]);
    expect(titles(days)).toEqual([['a', 'b'], ['c']]);
  });

  it('applies a move or removal naming its entry to that entry where it now is, and refuses it when the entry is gone', () => {
    // Another traveler moved "b" first: the re-applied removal of index 1 ("b" then) removes "b", not "a".
    const moved = applyItineraryEdit(days, { op: 'move', day: 1, index: 1, toDay: 1, toIndex: 0 });
    expect(titles(applyItineraryEdit(moved, { op: 'remove', day: 1, index: 1, entryTitle: 'b' }))).toEqual([['a'], ['c']]);
    // A move keeps its direction and distance from where the entry is now.
    const three: ItineraryDay[] = [{ ...(days[0] as ItineraryDay), entries: [entry('x'), entry('a'), entry('b')] }];
    expect(titles(applyItineraryEdit(three, { op: 'move', day: 1, index: 0, toDay: 1, toIndex: 1, entryTitle: 'a' }))).toEqual([['x', 'b', 'a']]);
    expect(itineraryEditProblem({ op: 'remove', day: 2, index: 0, entryTitle: 'b' }, days)).toEqual({ field: 'entryTitle', reason: 'is no longer on day 2' });
    // Runs from before the rule go by index alone.
    expect(titles(applyItineraryEdit(moved, { op: 'remove', day: 1, index: 1, entryTitle: 'b' }, { followEntries: false }))).toEqual([['b'], ['c']]);
  });

  it('keeps a day\'s times in place when its entries move within it', () => {
    const timed = (title: string, time: string) => ({ ...entry(title), time });
    const day: ItineraryDay[] = [{ day: 1, date: '2027-03-05', title: 'Sintra', weather: null, entries: [timed('Day trip to Sintra', '08:30'), timed('Lunch in Sintra', '12:30'), timed('Dinner', '19:30')] }];
    const later = applyItineraryEdit(day, { op: 'move', day: 1, index: 0, toDay: 1, toIndex: 1, entryTitle: 'Day trip to Sintra' });
    expect(later[0]?.entries.map((item) => `${item.time} ${item.title}`)).toEqual(['08:30 Lunch in Sintra', '12:30 Day trip to Sintra', '19:30 Dinner']);
    expect(applyItineraryEdit(day, { op: 'move', day: 1, index: 0, toDay: 1, toIndex: 1 }, { followEntries: false })[0]?.entries.map((item) => item.time)).toEqual(['12:30', '08:30', '19:30']);
  });

  it('keeps a flight where it is: it does not move, and nothing moves past it', () => {
    const day: ItineraryDay[] = [{ day: 1, date: '2027-03-05', title: 'Arrive', weather: null, entries: [
      { kind: 'flight', title: 'Land in Lisbon (LIS)', time: '10:55', description: null, cost: null },
      { ...entry('Transfer'), time: '11:55' },
      { ...entry('Check in'), time: '15:00' },
    ] }];
    expect(itineraryEditProblem({ op: 'move', day: 1, index: 0, toDay: 1, toIndex: 1 }, day)).toEqual({ field: 'index', reason: "is a flight: its time is the airline's, and it changes with the picked flight" });
    expect(itineraryEditProblem({ op: 'move', day: 1, index: 1, toDay: 1, toIndex: 0 }, day)).toEqual({ field: 'toIndex', reason: 'would move it past the flight at 10:55' });
    expect(itineraryEditProblem({ op: 'move', day: 1, index: 2, toDay: 1, toIndex: 1 }, day)).toBeNull();
    expect(itineraryEditProblem({ op: 'move', day: 1, index: 1, toDay: 1, toIndex: 0 }, day, { followEntries: false })).toBeNull();
  });

  it('names the field of an edit the itinerary cannot take', () => {
    expect(itineraryEditProblem({ op: 'remove', day: 3, index: 0 }, days)).toEqual({ field: 'day', reason: 'is not a day of the itinerary (1–2)' });
    expect(itineraryEditProblem({ op: 'remove', day: 2, index: 1 }, days)).toEqual({ field: 'index', reason: 'must be at most 0' });
    expect(itineraryEditProblem({ op: 'move', day: 1, index: 0, toDay: 1, toIndex: 2 }, days)).toEqual({ field: 'toIndex', reason: 'must be at most 1' });
    expect(itineraryEditProblem({ op: 'move', day: 1, index: 0, toDay: 2, toIndex: 1 }, days)).toBeNull();
    expect(itineraryEditProblem({ op: 'add', day: 2, index: 2, entry: { kind: 'note', title: 'x' } }, days)).toEqual({ field: 'index', reason: 'must be at most 1' });
  });
});
