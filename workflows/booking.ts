// bookingWorkflow (`booking:<bookingId>`): a saga that books a flight and/or a stay and takes payment.
//
//   validate (re-price at the workflow's time) → hold the flight → reserve the stay
//   → await the traveler's decision (update `decide`) until the approval deadline
//   → take payment → confirm.
//
// Holds come before the approval on purpose: the traveler approves prices that are held for them, and a
// timeout or a rejection releases what is held. `edit` releases everything and starts a new round with
// the replaced offers. Each compensation is pushed on a stack BEFORE its step runs, so a step that fails
// after a partial side effect (or whose response was lost) is undone too; on any failure, rejection,
// timeout or cancellation the stack unwinds in reverse order, in a non-cancellable scope, each
// compensation retried until it is done. Idempotency keys come from bookingId + round + step
// (domain/booking.ts), so no activity retry and no worker crash can hold, reserve or charge twice.
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { BookingActivities, CompensationResult } from '../activities/booking.js';
import {
  bookingDecisions,
  bookingStepKey,
  compensationOf,
  describeFlight,
  offersTotal,
  terminalBookingStatuses,
  type BookingCompensationStep,
  type BookingDecision,
  type BookingForwardStep,
  type BookingInput,
  type BookingStatus,
  type BookingStepRecord,
  type BookingTravelers,
  type BookingView,
} from '../domain/booking.js';
import type { FlightOffer, Money, StayOffer } from '../domain/trip.js';
import { workflowIds } from './ids.js';
import { bookingChangedSignal } from './tripPlanning.js';
import { BookingStatusAttribute, TripIdAttribute, UserIdAttribute } from './searchAttributes.js';
import { bookingFailureReason } from '../domain/stepFailures.js';
import { decidePatchesAtStart } from './patches.js';
import { describeFailure, failureTypes, isRecord, reject } from './validators.js';
import { isThreeLetterCode } from '../contracts/primitives.js';

export const decideUpdate = defineUpdate<BookingView, [BookingDecision]>('decide');
export const getBookingQuery = defineQuery<BookingView>('getBooking');

export const DEFAULT_PRICE_TOLERANCE_PERCENT = 3;

/** v2: the saga tells its trip's workflow when the booking awaits approval, is confirmed or ends. */
export const NOTIFY_TRIP_PATCH = 'notify-trip-of-booking';
/** The statuses a trip's status follows (awaiting_approval, booked, or back to planning). */
const STATUSES_THE_TRIP_FOLLOWS: readonly BookingStatus[] = ['pending_approval', ...terminalBookingStatuses];
export const MAX_BOOKING_ROUNDS = 5;
const MAX_NOTE_LENGTH = 500;

/** Business failures: retrying cannot fix them, so the step fails at once and the saga unwinds. */
const BUSINESS_FAILURES = ['OfferUnavailable', 'OfferChanged', 'PriceIncreased', 'IdempotencyKeyReused', 'IdempotencyKeyVoided', 'SandboxRequestError'];
/**
 * Steps heartbeat every second while they work; 10 s without one (a dead worker, not a slow one: the SDK
 * sends heartbeats at most every 80 % of the timeout, so a shorter timeout leaves a loaded worker little
 * slack) times the attempt out and a live worker retries it.
 */
const HEARTBEAT_TIMEOUT = '10s';

/** Forward steps before the traveler pays: a few attempts, then the saga unwinds. */
const forwardOptions: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 4, nonRetryableErrorTypes: BUSINESS_FAILURES },
};
/**
 * Taking payment and confirming, once the traveler approved: retried until done (no attempt limit) on
 * anything transient — a timeout, a lost answer, a dead worker, a provider or database outage — because
 * the charge may have been taken already and is idempotent by key (a retry returns the same charge). Only
 * a business failure compensates. Runs in flight pick these options up at their next step: the commands
 * are the same (options are not part of replay's comparison).
 */
const committingOptions: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: BUSINESS_FAILURES },
};
/** Compensations and status records: retried until done (no attempt limit), backing off to once a minute. */
const untilDoneOptions: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
};

const forward = proxyActivities<BookingActivities>(forwardOptions);
// A proxy of its own: executeWithOptions deep-merges into the proxy's options, so it cannot drop a maximumAttempts.
const committing = proxyActivities<BookingActivities>(committingOptions);
const untilDone = proxyActivities<BookingActivities>(untilDoneOptions);
/**
 * Status records are short, idempotent database writes (keyed row + keyed event): local activities, so
 * they cost no task-queue round trip. Retried until done too (longer backoffs become timers).
 */
const bookkeeping = proxyLocalActivities<BookingActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '1m' },
});

interface Compensation {
  record: BookingStepRecord;
  run: () => Promise<CompensationResult>;
}

export async function bookingWorkflow(input: BookingInput): Promise<BookingView> {
  validateBookingInput(input);
  decidePatchesAtStart([NOTIFY_TRIP_PATCH]);
  const { bookingId, tripId, userId } = input;
  const travelers: Required<BookingTravelers> = {
    adults: input.travelers?.adults ?? 1,
    children: input.travelers?.children ?? 0,
    rooms: input.travelers?.rooms ?? Math.max(1, Math.ceil((input.travelers?.adults ?? 1) / 2)),
  };
  const tolerancePercent = input.priceTolerancePercent ?? DEFAULT_PRICE_TOLERANCE_PERCENT;

  const view: BookingView = {
    bookingId,
    tripId,
    userId,
    status: 'holding',
    round: 0,
    flight: input.flight,
    stay: input.stay,
    amounts: { currency: null, flight: null, stay: null, total: null, charged: null, refunded: null },
    steps: [],
    approvalDeadline: null,
    decision: null,
    failureReason: null,
  };
  const compensations: Compensation[] = [];
  let pendingDecision: BookingDecision | null = null;
  let eventCount = 0;

  upsertSearchAttributes([
    { key: BookingStatusAttribute, value: view.status },
    { key: TripIdAttribute, value: tripId },
    { key: UserIdAttribute, value: userId },
  ]);

  // A deep copy, so callers never hold references into live workflow state.
  const snapshot = (): BookingView => JSON.parse(JSON.stringify(view)) as BookingView;

  /**
   * Records a status on the Booking row and the trip's events. Bookkeeping runs to completion even when
   * the booking is cancelled meanwhile (the cancellation lands on the next step or wait instead).
   */
  async function setStatus(status: BookingStatus, detail: Record<string, string | number | boolean | null> = {}): Promise<void> {
    view.status = status;
    upsertSearchAttributes([{ key: BookingStatusAttribute, value: status }]);
    eventCount += 1;
    const eventKey = `${bookingId}:status:${eventCount}`;
    await CancellationScope.nonCancellable(() => bookkeeping.recordBookingStatus({
      bookingId,
      tripId,
      userId,
      workflowId: workflowIds.booking(bookingId),
      eventKey,
      status,
      total: view.amounts.total,
      snapshot: { flight: view.flight, stay: view.stay },
      failureReason: view.failureReason,
      detail: { round: view.round, ...detail },
    }));
    if (STATUSES_THE_TRIP_FOLLOWS.includes(status) && patched(NOTIFY_TRIP_PATCH)) await notifyTrip(status);
  }

  /** Best effort: a trip whose workflow has ended (archived) has nothing to update. */
  async function notifyTrip(status: BookingStatus): Promise<void> {
    await CancellationScope.nonCancellable(() =>
      getExternalWorkflowHandle(workflowIds.trip(tripId))
        .signal(bookingChangedSignal, { bookingId, status, flight: view.flight, stay: view.stay })
        .catch((error: unknown) => log.info('trip workflow not told of the booking', { status, reason: describeFailure(error) })),
    );
  }

  const stepRef = (step: BookingForwardStep | BookingCompensationStep) => ({ bookingId, tripId, idempotencyKey: bookingStepKey(bookingId, view.round, step) });

  /** Runs a forward step, registering its compensation (if it has one) before it starts. */
  async function runStep<T>(step: BookingForwardStep, summary: string, run: (ref: ReturnType<typeof stepRef>) => Promise<T>, reference: (result: T) => string | null): Promise<T> {
    const ref = stepRef(step);
    const record: BookingStepRecord = { round: view.round, step, status: 'running', idempotencyKey: ref.idempotencyKey, reference: null, error: null, compensation: null };
    view.steps.push(record);
    if (step === 'hold-flight' || step === 'reserve-stay' || step === 'charge') {
      const compensationStep = compensationOf[step];
      const compensationRef = stepRef(compensationStep);
      record.compensation = { step: compensationStep, status: 'registered', idempotencyKey: compensationRef.idempotencyKey, outcome: null };
      compensations.push({ record, run: () => compensate(compensationStep, ref.idempotencyKey, compensationRef) });
    }
    log.info('booking step', { step, summary });
    try {
      const result = await run(ref);
      record.status = 'done';
      record.reference = reference(result);
      return result;
    } catch (error) {
      record.status = 'failed';
      // The view reaches clients: a plain reason there, the failure itself in the log and the history.
      record.error = bookingFailureReason(failureTypes(error), describeFailure(error));
      log.warn('booking step failed', { step, reason: describeFailure(error), failureTypes: failureTypes(error) });
      throw error;
    }
  }

  function compensate(step: BookingCompensationStep, stepKey: string, ref: ReturnType<typeof stepRef>): Promise<CompensationResult> {
    const options = { ...untilDoneOptions, summary: `${step} (${stepKey})` };
    switch (step) {
      case 'release-flight-hold':
        return untilDone.releaseFlightHold.executeWithOptions(options, [{ ...ref, holdKey: stepKey }]);
      case 'cancel-stay':
        return untilDone.cancelStay.executeWithOptions(options, [{ ...ref, reservationKey: stepKey }]);
      case 'refund':
        return untilDone.refundPayment.executeWithOptions(options, [{ ...ref, chargeKey: stepKey }]).then((refund) => {
          if (refund.amount) view.amounts.refunded = refund.amount;
          return refund;
        });
    }
  }

  /** Unwinds the compensation stack, last registered first; nothing can cancel it half-way. */
  async function unwind(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      while (compensations.length > 0) {
        const next = compensations.pop() as Compensation;
        const compensation = next.record.compensation;
        if (!compensation) continue;
        compensation.status = 'running';
        const result = await next.run();
        compensation.status = 'done';
        compensation.outcome = result.outcome;
      }
    });
  }

  async function finish(status: BookingStatus, detail: Record<string, string | number | boolean | null> = {}): Promise<BookingView> {
    pendingDecision = null; // a decision racing the end has nothing left to decide
    if (compensations.length > 0) {
      await setStatus('compensating', detail);
      await unwind();
    }
    await setStatus(status, detail);
    return snapshot();
  }

  setHandler(getBookingQuery, snapshot);

  setHandler(
    decideUpdate,
    async (decision) => {
      pendingDecision = decision;
      // Returns once the main flow has taken the decision (it answers with the status that follows).
      await condition(() => pendingDecision === null);
      return snapshot();
    },
    {
      validator: (decision) => validateDecision(decision, view, pendingDecision !== null),
      description: 'Approve, reject or edit the held booking while it awaits approval.',
    },
  );

  let offers: { flight: FlightOffer | null; stay: StayOffer | null } = { flight: input.flight, stay: input.stay };
  let result: BookingView;
  try {
    for (;;) {
      view.round += 1;
      view.flight = offers.flight;
      view.stay = offers.stay;
      view.approvalDeadline = null;
      view.amounts = { ...view.amounts, flight: offers.flight?.price ?? null, stay: offers.stay?.totalPrice ?? null, total: offersTotal(offers) };
      view.amounts.currency = view.amounts.total?.currency ?? null;
      await setStatus('holding');

      const current = await runStep(
        'validate',
        'Re-price offers',
        (ref) =>
          forward.validateBookingOffers.executeWithOptions({ ...forwardOptions, summary: `Re-price ${describeOffers(offers)}` }, [
            { ...ref, flight: offers.flight, stay: offers.stay, travelers, tolerancePercent, at: new Date().toISOString() },
          ]),
        () => null,
      );
      offers = current;
      view.flight = current.flight;
      view.stay = current.stay;
      view.amounts = { ...view.amounts, flight: current.flight?.price ?? null, stay: current.stay?.totalPrice ?? null, total: offersTotal(current) };

      const expiries: string[] = [];
      if (current.flight) {
        const flight = current.flight;
        const hold = await runStep(
          'hold-flight',
          'Hold flight',
          (ref) =>
            forward.holdFlight.executeWithOptions({ ...forwardOptions, summary: `Hold ${describeFlight(flight)} for ${travelers.adults + travelers.children}` }, [
              { ...ref, offer: flight, passengers: travelers.adults + travelers.children },
            ]),
          (held) => held.holdId,
        );
        expiries.push(hold.expiresAt);
      }
      if (current.stay) {
        const stay = current.stay;
        const reservation = await runStep(
          'reserve-stay',
          'Reserve stay',
          (ref) =>
            forward.reserveStay.executeWithOptions({ ...forwardOptions, summary: `Reserve ${stay.name} ${stay.checkIn}–${stay.checkOut}` }, [
              { ...ref, offer: stay, guests: travelers.adults + travelers.children },
            ]),
          (reserved) => reserved.reservationId,
        );
        expiries.push(reservation.expiresAt);
      }

      if (input.approvalDeadline) expiries.push(input.approvalDeadline);
      const deadline = Math.min(...expiries.map((expiry) => Date.parse(expiry)));
      view.approvalDeadline = new Date(deadline).toISOString();
      await setStatus('pending_approval', { approvalDeadline: view.approvalDeadline });

      const decided = await condition(() => pendingDecision !== null, Math.max(1, deadline - Date.now()));
      const decision = decided ? takeDecision() : null;
      if (!decision) {
        view.failureReason = `not approved before ${view.approvalDeadline}`;
        result = await finish('expired');
        break;
      }
      if (decision.decision === 'reject') {
        result = await finish('rejected', { note: decision.note ?? null });
        break;
      }
      if (decision.decision === 'edit') {
        await setStatus('compensating', { reason: 'edit' });
        await unwind();
        offers = {
          flight: decision.flight === undefined ? offers.flight : decision.flight,
          stay: decision.stay === undefined ? offers.stay : decision.stay,
        };
        continue;
      }

      await setStatus('approved', { note: decision.note ?? null });
      const total = view.amounts.total as Money;
      await setStatus('paying');
      const charge = await runStep(
        'charge',
        'Take payment',
        (ref) =>
          committing.chargePayment.executeWithOptions({ summary: `Charge ${total.amount} ${total.currency}` }, [
            { ...ref, amount: total, description: `TripSage booking ${bookingId}` },
          ]),
        (charged) => charged.chargeId,
      );
      view.amounts.charged = charge.amount;
      await runStep('confirm', 'Confirm', (ref) => committing.confirmBooking.executeWithOptions({ summary: 'Confirm booking' }, [ref]), () => null);
      compensations.length = 0; // confirmed: nothing is undone any more
      await setStatus('confirmed');
      result = snapshot();
      break;
    }
  } catch (error) {
    if (isCancellation(error)) {
      view.failureReason = 'cancelled';
      await finish('cancelled');
      throw error;
    }
    // The traveler reads a plain reason; operators get the failure itself in the log and the run's history.
    view.failureReason = bookingFailureReason(failureTypes(error), describeFailure(error));
    log.warn('booking failed; compensating', { reason: describeFailure(error), failureTypes: failureTypes(error) });
    result = await finish('failed');
  }
  await condition(allHandlersFinished);
  return result;

  function takeDecision(): BookingDecision {
    const decision = pendingDecision as BookingDecision;
    view.decision = { decision: decision.decision, note: decision.note ?? null, at: new Date().toISOString() };
    pendingDecision = null;
    return decision;
  }
}


function describeOffers(offers: { flight: FlightOffer | null; stay: StayOffer | null }): string {
  return [offers.flight ? `flight ${describeFlight(offers.flight)}` : null, offers.stay ? offers.stay.name : null].filter(Boolean).join(' + ');
}

// ---- Validation (plain functions: no zod in workflow code, see validators.ts) ----

const isIsoInstant = (value: unknown): value is string => typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
const isMoney = (value: unknown): value is Money =>
  isRecord(value) && typeof value.amount === 'number' && Number.isFinite(value.amount) && value.amount > 0 && isThreeLetterCode(value.currency);
const isShortString = (value: unknown, max = 200): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

function isSegment(value: unknown): boolean {
  return (
    isRecord(value) &&
    isShortString(value.flightNumber, 10) &&
    isShortString(value.origin, 3) &&
    isShortString(value.destination, 3) &&
    typeof value.departAt === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.departAt)
  );
}

export function isFlightOffer(value: unknown): value is FlightOffer {
  return (
    isRecord(value) &&
    isShortString(value.id) &&
    isMoney(value.price) &&
    isIsoInstant(value.expiresAt) &&
    typeof value.cabinClass === 'string' &&
    Array.isArray(value.outbound) &&
    value.outbound.length > 0 &&
    value.outbound.length <= 6 &&
    value.outbound.every(isSegment) &&
    Array.isArray(value.inbound) &&
    value.inbound.length <= 6 &&
    value.inbound.every(isSegment)
  );
}

export function isStayOffer(value: unknown): value is StayOffer {
  return (
    isRecord(value) &&
    isShortString(value.id) &&
    isShortString(value.name) &&
    isShortString(value.cityCode, 3) &&
    isMoney(value.totalPrice) &&
    isIsoInstant(value.expiresAt) &&
    typeof value.checkIn === 'string' &&
    typeof value.checkOut === 'string' &&
    typeof value.latitude === 'number' &&
    typeof value.longitude === 'number'
  );
}

function validateBookingInput(input: BookingInput): void {
  if (!isRecord(input)) reject('input', 'must be an object');
  for (const field of ['bookingId', 'tripId', 'userId'] as const) if (!isShortString(input[field], 100)) reject(field, 'is required');
  if (input.flight === null && input.stay === null) reject('input', 'a flight, a stay or both are required');
  if (input.flight !== null && !isFlightOffer(input.flight)) reject('flight', 'must be a flight offer or null');
  if (input.stay !== null && !isStayOffer(input.stay)) reject('stay', 'must be a stay offer or null');
  if (input.flight && input.stay && input.flight.price.currency !== input.stay.totalPrice.currency) reject('stay', 'must be priced in the flight\'s currency');
  const travelers = input.travelers;
  if (travelers !== undefined) {
    if (!Number.isInteger(travelers.adults) || travelers.adults < 1 || travelers.adults > 9) reject('travelers.adults', 'must be an integer from 1 to 9');
    if (!Number.isInteger(travelers.children) || travelers.children < 0 || travelers.children > 8) reject('travelers.children', 'must be an integer from 0 to 8');
    if (travelers.rooms !== undefined && (!Number.isInteger(travelers.rooms) || travelers.rooms < 1 || travelers.rooms > 9)) reject('travelers.rooms', 'must be an integer from 1 to 9');
  }
  if (input.approvalDeadline !== undefined && !isIsoInstant(input.approvalDeadline)) reject('approvalDeadline', 'must be an ISO instant');
  const tolerance = input.priceTolerancePercent;
  if (tolerance !== undefined && (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0 || tolerance > 50)) reject('priceTolerancePercent', 'must be a number from 0 to 50');
}

function validateDecision(input: unknown, view: BookingView, alreadyPending: boolean): asserts input is BookingDecision {
  if (view.status !== 'pending_approval' || alreadyPending) reject('decision', `the booking is ${alreadyPending ? 'already decided' : view.status}, not awaiting approval`, 'BookingNotAwaitingApproval');
  if (!isRecord(input)) reject('input', 'must be an object');
  for (const key of Object.keys(input)) if (!['decision', 'flight', 'stay', 'note'].includes(key)) reject(key, 'is not a known field');
  if (!bookingDecisions.includes(input.decision as never)) reject('decision', `must be one of ${bookingDecisions.join(', ')}`);
  if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > MAX_NOTE_LENGTH)) reject('note', `must be at most ${MAX_NOTE_LENGTH} characters`);
  if (input.decision !== 'edit') {
    if ('flight' in input || 'stay' in input) reject('decision', 'only an edit replaces offers');
    return;
  }
  if (!('flight' in input) && !('stay' in input)) reject('decision', 'an edit replaces the flight, the stay or both');
  if (view.round >= MAX_BOOKING_ROUNDS) reject('decision', `at most ${MAX_BOOKING_ROUNDS - 1} edits per booking`);
  if ('flight' in input && input.flight !== null && !isFlightOffer(input.flight)) reject('flight', 'must be a flight offer or null');
  if ('stay' in input && input.stay !== null && !isStayOffer(input.stay)) reject('stay', 'must be a stay offer or null');
  const flight = 'flight' in input ? (input.flight as FlightOffer | null) : view.flight;
  const stay = 'stay' in input ? (input.stay as StayOffer | null) : view.stay;
  if (!flight && !stay) reject('decision', 'an edit must leave a flight or a stay to book');
  if (flight && stay && flight.price.currency !== stay.totalPrice.currency) reject('stay', 'must be priced in the flight\'s currency');
}
