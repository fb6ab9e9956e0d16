// Rejected workflow updates (trips, bookings, price watches) as HTTP problems: a validator's field
// problems are a 422, a state conflict a 409.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { EDIT_CONFLICT } from '../domain/editConflicts.js';
import { HttpError, type FieldProblem } from './errors.js';

/** Workflow rejections that mean "not in this state" rather than "bad input": 409 with the reason. */
const CONFLICT_REJECTIONS: Record<string, (failure: ApplicationFailure) => string> = {
  TripArchived: () => 'The trip is archived.',
  NoPlan: () => 'The trip has no plan to choose from yet: send it a message first.',
  BookingNotAwaitingApproval: (failure) => firstReason(failure) ?? 'The booking is not awaiting approval.',
  WatchStateConflict: (failure) => firstReason(failure) ?? 'The watch\'s state does not allow this.',
  SuggestionResolved: (failure) => firstReason(failure) ?? 'The suggestion was already answered.',
};

/**
 * A rejected workflow update as a problem: the validator's ValidationError (details [{field, reason}])
 * is a 422 naming the field; a state conflict (archived trip, booking already decided, stopped watch) a
 * 409. Anything else is rethrown.
 */
export function workflowRejection(error: unknown, subject = 'trip'): HttpError | null {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) return null;
  const failure = error.cause;
  if (failure.type === 'ValidationError') {
    const errors = (failure.details ?? []).filter(isFieldProblem);
    return new HttpError(422, 'Unprocessable Content', `The ${subject} rejected the input.`, errors.length > 0 ? errors : [{ field: 'body', reason: failure.message }]);
  }
  if (failure.type === EDIT_CONFLICT) {
    // Someone else's change since the base version touched the same fields: it was kept, this one refused.
    const [conflict] = failure.details ?? [];
    return new HttpError(409, 'Conflict', failure.message, undefined, {}, conflict && typeof conflict === 'object' ? { conflict } : {});
  }
  if (failure.type === 'SuggestionNotFound') return new HttpError(404, 'Not Found', 'No such suggestion on this trip.');
  if (failure.type === 'TurnFailed') {
    // Rolled back by the workflow (TURN_ROLLBACK_PATCH): the trip is as it was; the message is plain words.
    const refused = (failure.details ?? []).some((detail) => typeof detail === 'object' && detail !== null && (detail as { reason?: unknown }).reason === 'refused');
    return refused
      ? new HttpError(422, 'Unprocessable Content', failure.message, [{ field: 'body', reason: 'the trip could not store this change' }])
      : new HttpError(503, 'Service Unavailable', failure.message, undefined, { 'Retry-After': '5' });
  }
  const conflict = failure.type ? CONFLICT_REJECTIONS[failure.type] : undefined;
  if (conflict) return new HttpError(409, 'Conflict', conflict(failure));
  return null;
}

function firstReason(failure: ApplicationFailure): string | null {
  const problem = (failure.details ?? []).find(isFieldProblem);
  return problem ? `${problem.field}: ${problem.reason}` : null;
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && typeof (value as FieldProblem).field === 'string' && typeof (value as FieldProblem).reason === 'string';
}
