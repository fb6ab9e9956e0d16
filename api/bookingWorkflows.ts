// Client-side entry points of the booking saga (`booking:<bookingId>`), for the API routes, tests and
// benchmarks. "Book now" only starts the workflow: it re-prices, holds, and then waits for `decide`.
import { WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import type { BookingDecision, BookingInput, BookingView } from '../domain/booking.js';
import { bookingWorkflow, decideUpdate, getBookingQuery } from '../workflows/booking.js';
import { workflowIds } from '../workflows/ids.js';
import { BookingStatusAttribute, TripIdAttribute, UserIdAttribute } from '../workflows/searchAttributes.js';

export interface StartBookingOptions extends BookingInput {
  taskQueue: string;
}

/**
 * Starts the booking's workflow. Starting the same bookingId again is refused by Temporal while it runs
 * and afterwards (REJECT_DUPLICATE), so a retried "book now" cannot book twice: callers treat
 * WorkflowExecutionAlreadyStartedError as "already started" and read the booking instead.
 */
export async function startBooking(client: Client, options: StartBookingOptions): Promise<WorkflowHandle<typeof bookingWorkflow>> {
  const { taskQueue, ...input } = options;
  return client.workflow.start(bookingWorkflow, {
    workflowId: workflowIds.booking(input.bookingId),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: BookingStatusAttribute, value: 'holding' },
      { key: TripIdAttribute, value: input.tripId },
      { key: UserIdAttribute, value: input.userId },
    ],
    staticSummary: `Booking ${input.bookingId} for trip ${input.tripId}`,
    staticDetails: 'Saga: re-price → hold flight → reserve stay → await approval (update decide) → charge → confirm. Query: getBooking.',
  });
}

export async function getBooking(client: Client, bookingId: string): Promise<BookingView> {
  return client.workflow.getHandle(workflowIds.booking(bookingId)).query(getBookingQuery);
}

/** Approve, reject or edit; rejected with BookingNotAwaitingApproval (a WorkflowUpdateFailedError) unless the booking awaits a decision. */
export async function decideBooking(client: Client, bookingId: string, decision: BookingDecision): Promise<BookingView> {
  return client.workflow.getHandle(workflowIds.booking(bookingId)).executeUpdate(decideUpdate, { args: [decision] });
}

/** Cancels the booking; compensations release holds and refund payment before the workflow ends. */
export async function cancelBooking(client: Client, bookingId: string): Promise<void> {
  await client.workflow.getHandle(workflowIds.booking(bookingId)).cancel();
}

/** The final view (confirmed, failed, expired or rejected); throws WorkflowFailedError for a cancelled booking. */
export async function bookingResult(client: Client, bookingId: string): Promise<BookingView> {
  return client.workflow.getHandle<typeof bookingWorkflow>(workflowIds.booking(bookingId)).result();
}
