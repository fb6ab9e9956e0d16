// Heartbeats for long activities: a worker that dies mid-activity stops heartbeating, so the server times
// the attempt out after the activity's heartbeatTimeout (seconds) instead of its startToCloseTimeout, and
// the retry runs on a live worker. And the one mapping of an activity's errors to Temporal failures.
import { activityInfo, ApplicationFailure, heartbeat } from '@temporalio/activity';
import { AgentInputError } from '../agents/state.js';
import { ProviderError } from '../providers/types.js';

/**
 * Heartbeats every `everyMs` while `work` is pending. None at the start: the server counts the heartbeat
 * timeout from the attempt's start until the first one, and each heartbeat is a server round trip and a
 * write of the activity's state (three per planning turn, for searches that end in milliseconds when cached).
 */
export async function heartbeatWhile<T>(work: Promise<T>, everyMs: number): Promise<T> {
  // A local activity has no heartbeat: the worker keeps its workflow task alive instead.
  if (activityInfo().isLocal) return work;
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/**
 * How a provider's non-retryable error reaches the workflow. `forTraveler`: as `ProviderInputError` with the
 * provider's wording for the traveler (planning and watches show it). `byClass`: typed by the error's class
 * (PaymentDeclinedError, IdempotencyKeyReused, …), which the booking saga's retry policy and compensation
 * tell apart.
 */
export type ProviderFailureTyping = 'forTraveler' | 'byClass';

/** Errors that retrying cannot fix end the activity at once (non-retryable); the rest are left to the retry policy. */
export function toActivityFailure(error: unknown, providerErrors: ProviderFailureTyping): unknown {
  if (error instanceof AgentInputError) return ApplicationFailure.nonRetryable(error.message, 'AgentInputError');
  if (error instanceof ProviderError && !error.retryable) {
    return providerErrors === 'forTraveler'
      ? ApplicationFailure.nonRetryable(error.forTraveler, 'ProviderInputError', error.message)
      : ApplicationFailure.nonRetryable(error.message, error.name);
  }
  return error;
}

/** `work` heartbeating every `everyMs`; its failure mapped by toActivityFailure. */
export function withHeartbeat<T>(work: Promise<T>, options: { everyMs: number; providerErrors: ProviderFailureTyping }): Promise<T> {
  return heartbeatWhile(work, options.everyMs).catch((error: unknown) => {
    throw toActivityFailure(error, options.providerErrors);
  });
}
