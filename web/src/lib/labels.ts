// Every status and category the app shows, in the traveler's words. The API speaks in codes
// (`gathering`, `pending_approval`, `past_trip`); screens show these labels, never the codes.
import type { TripStatus } from '../api/types.js';

/** Where a trip is, as its traveler would say it. */
export const tripStatusLabels: Record<TripStatus, string> = {
  gathering: 'Planning',
  searching: 'Searching',
  proposing: 'Plan ready',
  awaiting_approval: 'Waiting for your approval',
  booked: 'Booked',
  archived: 'Archived',
};

export const bookingStatusLabels: Record<string, string> = {
  pending_approval: 'Waiting for your approval',
  approved: 'Approved',
  holding: 'Holding seats and rooms',
  held: 'Held',
  paying: 'Paying',
  confirmed: 'Confirmed',
  compensating: 'Releasing holds',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  rejected: 'Declined',
};

export const watchStatusLabels: Record<string, string> = { active: 'Watching', paused: 'Paused', expired: 'Ended', stopped: 'Stopped' };

/** Planning steps (progress events), as the timeline names them. */
export const planningStepLabels: Record<string, string> = {
  understand: 'Understanding your request',
  destination: 'Researching the destination',
  flights: 'Searching flights',
  stays: 'Searching stays',
  compose: 'Budget, itinerary and reply',
};

export const stepStatusLabels: Record<string, string> = { pending: 'Waiting', running: 'In progress', done: 'Done', failed: "Didn't work", skipped: 'Not needed' };

export const suggestionKindLabels: Record<string, string> = { flight: 'Flight idea', stay: 'Stay idea', activity: 'Activity idea', budget: 'Budget tip', note: 'Note' };

export const suggestionStatusLabels: Record<string, string> = { pending: 'Waiting for you', accepted: 'Accepted', dismissed: 'Dismissed' };

export const memoryKindLabels: Record<string, string> = { preference: 'Preference', past_trip: 'Past trip', feedback: 'Feedback', fact: 'Fact' };

export const expenseCategoryLabels: Record<string, string> = { flights: 'Flights', stay: 'Stay', food: 'Food and drink', transport: 'Getting around', activities: 'Activities', other: 'Other' };

/** Where an expense came from: typed in, or a confirmed booking of the trip. */
export const expenseSourceLabels: Record<string, string> = { manual: 'Added by hand', booking: 'From a booking' };

export const collaboratorRoleLabels: Record<string, string> = { owner: 'Owner', admin: 'Can manage', write: 'Can edit', read: 'Can view' };

/**
 * A proposal the traveler (or a collaborator) edited is held again in a new round: round 1 is the first
 * proposal and says nothing; later rounds say how often it was revised ("Revised once", "Revised 3 times").
 */
export function proposalRoundLabel(round: number): string | null {
  if (round <= 1) return null;
  const revisions = round - 1;
  return `Revised ${revisions === 1 ? 'once' : revisions === 2 ? 'twice' : `${revisions} times`}`;
}

const allLabels: Record<string, string> = { ...watchStatusLabels, ...bookingStatusLabels, ...tripStatusLabels };

/**
 * The label for `code` from `labels`, else from every status label, else the code in plain words
 * ("some_code" → "Some code"), so a status the client does not know yet still reads as words.
 */
export function labelFor(code: string | null | undefined, labels: Record<string, string> = allLabels): string {
  if (!code) return '';
  return labels[code] ?? allLabels[code] ?? plainWords(code);
}

/** "past_trip" / "RUNNING" / "round-trip" → "Past trip" / "Running" / "Round trip". */
export function plainWords(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The tone a status badge takes: done/ok, waiting on someone, ended badly, or in progress. */
export type StatusTone = 'ok' | 'waiting' | 'bad' | 'working' | 'neutral';

const tones: Record<string, StatusTone> = {
  confirmed: 'ok', booked: 'ok', active: 'ok', completed: 'ok', proposing: 'ok', accepted: 'ok',
  pending_approval: 'waiting', awaiting_approval: 'waiting', paused: 'waiting', pending: 'waiting',
  failed: 'bad', rejected: 'bad', expired: 'bad', cancelled: 'bad', stopped: 'bad', terminated: 'bad',
  gathering: 'working', searching: 'working', holding: 'working', held: 'working', paying: 'working', compensating: 'working', running: 'working',
};

export function statusTone(code: string): StatusTone {
  return tones[code.toLowerCase()] ?? 'neutral';
}
