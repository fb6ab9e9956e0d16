// What a traveler reads when a planning step fails. A step's error may be anything (a Prisma error with a
// server file path and source lines, a gRPC status, a timeout): that text is logged, never shown. Only
// failures written for the traveler (the request cannot be planned as given: an unknown airport, a date
// in the past) keep their own words. Pure and deterministic: workflow code and agents both use it.

/** Failure types whose message describes the traveler's request (agents/state.ts, activities/planning.ts). */
export const TRAVELER_FACING_FAILURE_TYPES: readonly string[] = ['AgentInputError', 'ProviderInputError'];

/** The reason shown for any other failure: what happened in plain words (the step says what failed). */
export const STEP_UNAVAILABLE_REASON = 'a service it depends on is not responding right now';

/** Shown once when a step failed for that reason: what still works, and that retrying later helps. */
export const RETRY_LATER_ADVICE = 'Everything else in the plan is up to date, and asking again in a few minutes usually fixes this.';

/** Text that reads like internals: paths, source positions, stack frames, library or protocol names. */
const INTERNAL_TEXT = /[/\\][\w.-]+[/\\]|\.[cm]?[jt]sx?\b|:\d+:\d+|\n\s*at |\bat [\w.<>]+ \(|invocation|prisma|grpc|ECONN|\b[0-9]{1,2} [A-Z_]{5,}\b|SQLSTATE|stack/i;
const MAX_REASON_LENGTH = 200;

/** True when `text` can be shown to a traveler as it is. */
export function isTravelerFacing(text: string): boolean {
  return text.trim().length > 0 && text.length <= MAX_REASON_LENGTH && !text.includes('\n') && !INTERNAL_TEXT.test(text);
}

/** The reason a traveler reads for a failure of `type` (an ApplicationFailure type or error name) with `message`. */
export function travelerFailureReason(type: string | undefined | null, message: string): string {
  return type && TRAVELER_FACING_FAILURE_TYPES.includes(type) && isTravelerFacing(message) ? message : STEP_UNAVAILABLE_REASON;
}

/** Booking failures whose message tells the traveler what changed (activities/booking.ts). */
export const TRAVELER_FACING_BOOKING_FAILURE_TYPES: readonly string[] = ['OfferUnavailable', 'OfferChanged', 'PriceIncreased', 'PaymentDeclined', 'TravelerMissing', 'TravelersMismatch'];

/** Why a booking failed, as its traveler reads it: any other failure (an outage that outlasted the retries) in plain words. */
export const BOOKING_UNAVAILABLE_REASON = 'a booking service was not responding, so the booking was stopped and anything held for it was released';

/** The reason a traveler reads for a booking that failed with `types` (along the cause chain) and `message`. */
export function bookingFailureReason(types: readonly string[], message: string): string {
  return types.some((type) => TRAVELER_FACING_BOOKING_FAILURE_TYPES.includes(type)) && isTravelerFacing(message) ? message : BOOKING_UNAVAILABLE_REASON;
}
