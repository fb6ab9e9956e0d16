// Direct itinerary edits by travelers: move an entry (within its day or to another), add one, remove one.
// Pure and shared: the trip workflow applies them (editItinerary update), its validator and the API's
// schema check them, the web client sends them.
import type { ChangeBasis, ItineraryDay, ItineraryEntry } from './trip.js';

/** What a traveler may add by hand (flights and stays come from the plan's selection). */
export const addableEntryKinds = ['activity', 'meal', 'transfer', 'note'] as const;
export type AddableEntryKind = (typeof addableEntryKinds)[number];

export const MAX_ENTRY_TITLE = 120;
export const MAX_ENTRY_DESCRIPTION = 500;
export const MAX_ENTRIES_PER_DAY = 30;

export interface NewItineraryEntry {
  kind: AddableEntryKind;
  title: string;
  /** HH:MM, local; null or absent: no set time. */
  time?: string | null;
  description?: string | null;
}

/**
 * Days are 1-based (as the itinerary numbers them); indexes 0-based within the day's entries. `entryTitle`:
 * the title of the entry the traveler acted on. With it, a move or removal applies to that entry wherever it
 * now is in its day (re-applied after a conflict, another traveler's edit may have moved it), and is refused
 * when the day no longer has it.
 */
export type ItineraryEdit =
  | { op: 'move'; day: number; index: number; toDay: number; toIndex: number; entryTitle?: string }
  | { op: 'add'; day: number; index?: number; entry: NewItineraryEntry }
  | { op: 'remove'; day: number; index: number; entryTitle?: string };

/** How edits apply in a run (the workflow's `itinerary-edits-follow-entries` decision; older runs: false). */
export interface ItineraryEditRules {
  /** Resolve `entryTitle` to where the entry is now, and keep a day's times in place when its entries move. */
  followEntries: boolean;
}

const FOLLOW_ENTRIES: ItineraryEditRules = { followEntries: true };

/** The `editItinerary` update's input: the edit and where it comes from. */
export type ItineraryEditChange = ItineraryEdit & ChangeBasis;

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * `edit` with its index where its entry (`entryTitle`) now is: the index given when that entry is still
 * there, else the entry's first place in the day; a same-day move keeps its direction and distance.
 * Null when the day no longer has the entry.
 */
function followedEdit(edit: ItineraryEdit, days: readonly ItineraryDay[], rules: ItineraryEditRules): ItineraryEdit | null {
  if (edit.op === 'add' || edit.entryTitle === undefined || !rules.followEntries) return edit;
  const entries = days.find((day) => day.day === edit.day)?.entries ?? [];
  if (entries[edit.index]?.title === edit.entryTitle) return edit;
  const index = entries.findIndex((entry) => entry.title === edit.entryTitle);
  if (index < 0) return null;
  if (edit.op === 'remove') return { ...edit, index };
  const toIndex = edit.toDay === edit.day ? Math.min(Math.max(index + edit.toIndex - edit.index, 0), entries.length - 1) : edit.toIndex;
  return { ...edit, index, toIndex };
}

/** Why `edit` cannot apply to `days` as field + reason, or null when it can. */
export function itineraryEditProblem(requested: ItineraryEdit, days: readonly ItineraryDay[], rules: ItineraryEditRules = FOLLOW_ENTRIES): { field: string; reason: string } | null {
  const dayOf = (number: number) => days.find((day) => day.day === number);
  const source = dayOf(requested.day);
  if (!source) return { field: 'day', reason: `is not a day of the itinerary (1–${days.length})` };
  const edit = followedEdit(requested, days, rules);
  if (!edit) return { field: 'entryTitle', reason: `is no longer on day ${requested.day}` };
  if (edit.op === 'add') {
    if (source.entries.length >= MAX_ENTRIES_PER_DAY) return { field: 'day', reason: `has the most entries a day can have (${MAX_ENTRIES_PER_DAY})` };
    if (edit.index !== undefined && edit.index > source.entries.length) return { field: 'index', reason: `must be at most ${source.entries.length}` };
    return null;
  }
  if (edit.index >= source.entries.length) return { field: 'index', reason: source.entries.length === 0 ? 'the day has no entries' : `must be at most ${source.entries.length - 1}` };
  if (edit.op === 'remove') return null;
  const target = dayOf(edit.toDay);
  if (!target) return { field: 'toDay', reason: `is not a day of the itinerary (1–${days.length})` };
  const room = target === source ? source.entries.length - 1 : target.entries.length;
  if (edit.toIndex > room) return { field: 'toIndex', reason: `must be at most ${room}` };
  if (target !== source && target.entries.length >= MAX_ENTRIES_PER_DAY) return { field: 'toDay', reason: `has the most entries a day can have (${MAX_ENTRIES_PER_DAY})` };
  return rules.followEntries ? fixedFlightProblem(source, edit.index, target === source ? edit.toIndex : null) : null;
}

/**
 * A flight's time is the airline's: it does not move, and nothing trades time slots with it (a move within
 * a day keeps the times in place, so an entry moved past the landing would take the landing's time).
 */
function fixedFlightProblem(day: ItineraryDay, index: number, toIndex: number | null): { field: string; reason: string } | null {
  if (day.entries[index]?.kind === 'flight') return { field: 'index', reason: 'is a flight: its time is the airline\'s, and it changes with the picked flight' };
  if (toIndex === null) return null;
  const passed = day.entries.slice(Math.min(index, toIndex), Math.max(index, toIndex) + 1).find((entry) => entry.kind === 'flight');
  return passed ? { field: 'toIndex', reason: `would move it past the flight at ${passed.time ?? 'its fixed time'}` } : null;
}

/**
 * The itinerary with `edit` applied (a new array; `days` is not changed). Check itineraryEditProblem first.
 * Following entries, a move within a day keeps the day's times where they were: the entries change places,
 * the timetable stays in order ("↓" on the 08:30 entry makes it the 12:30 one).
 */
export function applyItineraryEdit(days: readonly ItineraryDay[], requested: ItineraryEdit, rules: ItineraryEditRules = FOLLOW_ENTRIES): ItineraryDay[] {
  const edit = followedEdit(requested, days, rules) ?? requested;
  const copy: ItineraryDay[] = days.map((day) => ({ ...day, entries: [...day.entries] }));
  const dayOf = (number: number) => copy.find((day) => day.day === number) as ItineraryDay;
  const source = dayOf(edit.day);
  if (edit.op === 'add') {
    const entry: ItineraryEntry = { kind: edit.entry.kind, title: edit.entry.title.trim(), time: edit.entry.time ?? null, description: edit.entry.description?.trim() || null, cost: null };
    source.entries.splice(edit.index ?? source.entries.length, 0, entry);
  } else if (edit.op === 'remove') {
    source.entries.splice(edit.index, 1);
  } else {
    const times = source.entries.map((entry) => entry.time);
    const [moved] = source.entries.splice(edit.index, 1) as [ItineraryEntry];
    dayOf(edit.toDay).entries.splice(edit.toIndex, 0, moved);
    if (rules.followEntries && edit.toDay === edit.day) {
      for (let index = Math.min(edit.index, edit.toIndex); index <= Math.max(edit.index, edit.toIndex); index += 1) {
        source.entries[index] = { ...(source.entries[index] as ItineraryEntry), time: times[index] ?? null };
      }
    }
  }
  return copy;
}
