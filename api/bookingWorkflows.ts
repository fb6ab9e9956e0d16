// Client-side entry points of the booking saga (`booking:<bookingId>`), for the API routes, tests and
// benchmarks. "Book now" only starts the workflow: it re-prices, holds, and then waits for `decide`.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import type { BookingDecision, BookingInput, BookingTravelers, BookingView } from '../domain/booking.js';
import type { FlightOffer, StayOffer } from '../domain/trip.js';
import type { Booking, PrismaClient } from '../infra/db.js';
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

/**
 * What the API stores in a new booking row's offerSnapshot: the offers and the travelers, so the saga can
 * be started from the row alone (the saga's first status record replaces it with the offers it holds).
 */
export interface BookingStartSnapshot {
  flight: FlightOffer | null;
  stay: StayOffer | null;
  travelers?: BookingTravelers;
}

export interface BookingStartDeps {
  client: Client;
  prisma: PrismaClient;
  taskQueue: string;
}

/** A row the API wrote whose saga has not been confirmed started, and that no saga has moved on yet. */
export function awaitsItsSaga(row: Pick<Booking, 'workflowId' | 'status'>): boolean {
  return row.workflowId === null && row.status === 'holding';
}

/**
 * Starts the saga of a stored booking row, from the offers and travelers the row keeps, and records the
 * workflow on the row. "Already started" (a concurrent retry won, or a start that failed for the caller
 * had in fact reached the server) counts as started: REJECT_DUPLICATE makes this safe to call again and
 * again. True when this call started it.
 */
export async function ensureBookingStarted(deps: BookingStartDeps, row: Booking): Promise<boolean> {
  const snapshot = (row.offerSnapshot ?? {}) as Partial<BookingStartSnapshot>;
  const { travelers } = snapshot;
  let started = true;
  try {
    await startBooking(deps.client, {
      bookingId: row.id,
      tripId: row.tripId,
      userId: row.userId,
      flight: snapshot.flight ?? null,
      stay: snapshot.stay ?? null,
      ...(travelers && { travelers }),
      taskQueue: deps.taskQueue,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    started = false;
  }
  await deps.prisma.booking.updateMany({ where: { id: row.id, workflowId: null }, data: { workflowId: workflowIds.booking(row.id) } });
  return started;
}

/** A live saga answers its query in milliseconds; one that cannot (no worker) should not hold a read for Temporal's 30 s. */
const BOOKING_QUERY_MS = 3_000;

export async function getBooking(client: Client, bookingId: string): Promise<BookingView> {
  return client.withDeadline(Date.now() + BOOKING_QUERY_MS, () => client.workflow.getHandle(workflowIds.booking(bookingId)).query(getBookingQuery));
}

/** Approve, reject or edit; rejected with BookingNotAwaitingApproval (a WorkflowUpdateFailedError) unless the booking awaits a decision. */
export async function decideBooking(client: Client, bookingId: string, decision: BookingDecision): Promise<BookingView> {
  return client.workflow.getHandle(workflowIds.booking(bookingId)).executeUpdate(decideUpdate, { args: [decision] });
}

/** Cancels the booking; compensations release holds and refund payment before the workflow ends. */
export async function cancelBooking(client: Client, bookingId: string): Promise<void> {
  await client.workflow.getHandle(workflowIds.booking(bookingId)).cancel();
}
