// An activity whose write the database refuses fails at once and for good: retrying the same value
// cannot succeed, and ten retries used to hold the trip's turn for ~26 s. The workflow then fails only
// the turn that carried the value (see tripPlanning's TURN_ROLLBACK_PATCH).
import { ApplicationFailure } from '@temporalio/activity';
import { storageRejection } from '../infra/storageErrors.js';

/** The activity failure type a refused write ends with. */
export const STORAGE_REJECTED = 'StorageRejected';

type ActivityFunction = (...args: never[]) => Promise<unknown>;

/** `activities`, each failing non-retryably with `StorageRejected` when the database refuses its data. */
export function failFastOnRefusedData<T extends Record<string, ActivityFunction>>(activities: T): T {
  const wrapped: Record<string, ActivityFunction> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        const reason = storageRejection(error);
        if (reason) throw ApplicationFailure.nonRetryable(`${name}: ${reason}`, STORAGE_REJECTED);
        throw error;
      }
    };
  }
  return wrapped as T;
}
