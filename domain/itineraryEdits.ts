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

/** Days are 1-based (as the itinerary numbers them); indexes 0-based within the day's entries. */
export type ItineraryEdit =
  | { op: 'move'; day: number; index: number; toDay: number; toIndex: number }
  | { op: 'add'; day: number; index?: number; entry: NewItineraryEntry }
  | { op: 'remove'; day: number; index: number };

/** The `editItinerary` update's input: the edit and where it comes from. */
export type ItineraryEditChange = ItineraryEdit & ChangeBasis;

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Why `edit` cannot apply to `days` as field + reason, or null when it can. */
export function itineraryEditProblem(edit: ItineraryEdit, days: readonly ItineraryDay[]): { field: string; reason: string } | null {
  const dayOf = (number: number) => days.find((day) => day.day === number);
  const source = dayOf(edit.day);
  if (!source) return { field: 'day', reason: `is not a day of the itinerary (1–${days.length})` };
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
  return null;
}

/** The itinerary with `edit` applied (a new array; `days` is not changed). Check itineraryEditProblem first. */
export function applyItineraryEdit(days: readonly ItineraryDay[], edit: ItineraryEdit): ItineraryDay[] {
  const copy: ItineraryDay[] = days.map((day) => ({ ...day, entries: [...day.entries] }));
  const dayOf = (number: number) => copy.find((day) => day.day === number) as ItineraryDay;
  const source = dayOf(edit.day);
  if (edit.op === 'add') {
    const entry: ItineraryEntry = { kind: edit.entry.kind, title: edit.entry.title.trim(), time: edit.entry.time ?? null, description: edit.entry.description?.trim() || null, cost: null };
    source.entries.splice(edit.index ?? source.entries.length, 0, entry);
  } else if (edit.op === 'remove') {
    source.entries.splice(edit.index, 1);
  } else {
    const [moved] = source.entries.splice(edit.index, 1) as [ItineraryEntry];
    dayOf(edit.toDay).entries.splice(edit.toIndex, 0, moved);
  }
  return copy;
}
