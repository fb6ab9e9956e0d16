// Edits that don't collide: every applied change to a trip moves its version and is remembered (bounded)
// with the fields it touched; a change made against an older version that touches a field changed since
// is a conflict naming that other change. Pure: the trip workflow, the API and the web share it.
import type { AppliedChange, ChangeableField, ChangedField, Constraints, EditConflictDetails, OptionSelection } from './trip.js';

/** How many applied changes the trip remembers for conflict checks (a base older than that is a conflict). */
export const MAX_RECENT_CHANGES = 20;

/** The ApplicationFailure type of a change refused because it collides with one applied since its base version. */
export const EDIT_CONFLICT = 'EditConflict';

/** Request fields as conflicts compare them: both dates are "the dates", adults and children "the party". */
export function changedField(field: ChangeableField): ChangedField {
  if (field === 'departDate' || field === 'returnDate') return 'dates';
  if (field === 'adults' || field === 'children') return 'party';
  return field;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

export function fieldsOfRequestChanges(fields: readonly ChangeableField[]): ChangedField[] {
  return unique(fields.map(changedField));
}

export function fieldsOfConstraints(constraints: Constraints): ChangedField[] {
  return fieldsOfRequestChanges(Object.keys(constraints) as (keyof Constraints)[]);
}

export function fieldsOfSelection(selection: OptionSelection): ChangedField[] {
  return [...(selection.flightOfferId !== undefined ? ['selectedFlight' as const] : []), ...(selection.stayOfferId !== undefined ? ['selectedStay' as const] : [])];
}

/**
 * The conflict for a change based on `baseVersion` touching `fields`, or null when it may apply: no change
 * since its base touched any of them. A base older than the remembered log cannot be checked, so it is a
 * conflict with an unknown change (`change: null`) unless nothing at all changed since.
 */
export function findConflict(recent: readonly AppliedChange[], currentVersion: number, baseVersion: number, fields: readonly ChangedField[]): EditConflictDetails | null {
  if (baseVersion >= currentVersion || fields.length === 0) return null;
  const since = recent.filter((change) => change.version > baseVersion);
  const overlapping = since.find((change) => change.fields.some((field) => fields.includes(field)));
  if (overlapping) return { baseVersion, currentVersion, fields: fields.filter((field) => overlapping.fields.includes(field)), change: overlapping };
  const remembersAllSince = since.length === currentVersion - baseVersion;
  return remembersAllSince ? null : { baseVersion, currentVersion, fields: [...fields], change: null };
}

/** The log with `change` appended, keeping the newest MAX_RECENT_CHANGES. */
export function withChange(recent: readonly AppliedChange[], change: AppliedChange): AppliedChange[] {
  return [...recent, change].slice(-MAX_RECENT_CHANGES);
}

export const changedFieldLabel: Record<ChangedField, string> = {
  dates: 'the dates',
  party: 'the travelers',
  budget: 'the budget',
  destination: 'the destination',
  origin: 'the departure city',
  cabinClass: 'the cabin class',
  interests: 'the interests',
  pace: 'the pace',
  maxStops: 'the stops',
  stay: 'the stay wishes',
  alsoVisiting: 'the other cities',
  selectedFlight: 'the flight',
  selectedStay: 'the stay',
  itinerary: 'the itinerary',
};

/** "the dates and the budget" */
export function fieldList(fields: readonly ChangedField[]): string {
  const labels = fields.map((field) => changedFieldLabel[field] ?? field);
  return labels.length <= 1 ? (labels[0] ?? 'the trip') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** The conflict in a sentence: who changed what since the change's base version. */
export function conflictMessage(details: EditConflictDetails): string {
  const { change } = details;
  if (!change) return `The trip changed too often since version ${details.baseVersion} to check this change (it is at version ${details.currentVersion} now); reload and make it again.`;
  const who = change.author?.name ?? (change.author ? 'another collaborator' : 'someone');
  return `${who} changed ${fieldList(details.fields)} (version ${change.version}) after the version ${details.baseVersion} this change was based on; it was not applied.`;
}
