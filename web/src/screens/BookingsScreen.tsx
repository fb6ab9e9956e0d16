// A trip's bookings, and one booking with every saga step and its compensation.
import { useRef } from 'react';
import { Link, useParams } from 'react-router';
import { terminalBookingStatuses } from '../../../domain/booking.js';
import { isNotFound } from '../api/client.js';
import type { BookingView } from '../api/types.js';
import { CountdownText, ErrorMessage, Loading, Section, StatusBadge } from '../components/ui.js';
import { useBooking, useBookings, useCancelBooking } from '../hooks/bookings.js';
import { useTrip } from '../hooks/trips.js';
import { bookingTitle } from '../lib/bookingText.js';
import { formatDateTime, formatMoney, formatTotalFor } from '../lib/format.js';
import { useTripEvents } from '../realtime/RealtimeProvider.js';
import { NotFoundScreen } from './NotFoundScreen.js';
import { FlightSummary, StaySummary } from './trip/PlanView.js';
import { TripNav } from './TripNav.js';

export function BookingsScreen() {
  const { tripId = '' } = useParams();
  const trip = useTrip(tripId);
  const bookings = useBookings(tripId);
  useTripEvents(trip.data ? tripId : undefined);
  if (isNotFound(trip.error)) return <NotFoundScreen what="Trip" />;
  return (
    <>
      <h1>Bookings{trip.data ? `: ${trip.data.title}` : ''}</h1>
      <TripNav tripId={tripId} title={trip.data?.title} />
      {bookings.isPending && <Loading what="Loading bookings" />}
      <ErrorMessage error={bookings.error} />
      {bookings.data?.items.length === 0 && (
        <p className="card">
          No bookings yet. Choose a flight and a stay on the <Link to={`/trips/${tripId}`}>plan</Link> and book them.
        </p>
      )}
      <ul className="booking-list">
        {bookings.data?.items.map((booking) => (
          <li key={booking.bookingId} className="card">
            <h2 className="booking-title">
              <Link to={`/trips/${tripId}/bookings/${booking.bookingId}`}>{bookingTitle(booking)}</Link>
            </h2>
            <StatusBadge status={booking.status} /> {formatTotalFor(booking.amounts.total, trip.data ? trip.data.adults + trip.data.children : null)}
            {booking.status === 'confirmed' && booking.checkout.references.airline && <> · Airline reference <strong>{booking.checkout.references.airline}</strong></>}
            {booking.status === 'confirmed' && booking.checkout.references.hotel && <> · Hotel confirmation <strong>{booking.checkout.references.hotel}</strong></>}
            {booking.status === 'confirmed' && booking.checkout.travelers.length > 0 && <> · For {travelerNames(booking)}</>}
            {booking.status === 'pending_approval' && (
              <>
                {' '}
                · <CountdownText deadline={booking.approvalDeadline} /> · <Link to={`/trips/${tripId}/bookings/${booking.bookingId}/checkout`}>Review and pay</Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Who the booking is for, as booked (the API keeps the names once confirmed, also after a traveler is deleted). */
function travelerNames(booking: BookingView): string {
  return booking.checkout.travelers.map((traveler) => `${traveler.givenName} ${traveler.familyName}`).join(', ');
}

export function BookingScreen() {
  const { tripId = '', bookingId = '' } = useParams();
  const booking = useBooking(tripId, bookingId);
  const trip = useTrip(tripId);
  useTripEvents(booking.data ? tripId : undefined);
  if (booking.isPending) return <Loading what="Loading the booking" />;
  if (isNotFound(booking.error)) return <NotFoundScreen what="Booking" />;
  if (!booking.data) return <ErrorMessage error={booking.error} />;
  return <BookingDetail booking={booking.data} travelers={trip.data ? trip.data.adults + trip.data.children : null} />;
}

const stepNames: Record<string, string> = {
  validate: 'Re-price the offers',
  'hold-flight': 'Hold the flight',
  'reserve-stay': 'Reserve the stay',
  charge: 'Charge',
  confirm: 'Confirm',
  'release-flight-hold': 'Release the flight hold',
  'cancel-stay': 'Cancel the stay reservation',
  refund: 'Refund',
};

function BookingDetail({ booking, travelers }: { booking: BookingView; travelers: number | null }) {
  const cancel = useCancelBooking(booking.tripId);
  // Cancelling removes the focused button: focus moves to the heading.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const terminal = terminalBookingStatuses.includes(booking.status);
  const rounds = [...new Set(booking.steps.map((step) => step.round))];
  return (
    <>
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {bookingTitle(booking)}
        </h1>
        <span data-testid="booking-status">
          <StatusBadge status={booking.status} />
        </span>
      </div>
      <TripNav tripId={booking.tripId} />
      {booking.status === 'pending_approval' && (
        <p className="card">
          Everything is held for you. <CountdownText deadline={booking.approvalDeadline} />{' '}
          <Link className="button" to={`/trips/${booking.tripId}/bookings/${booking.bookingId}/checkout`}>
            Review and pay
          </Link>
        </p>
      )}
      {booking.failureReason && (
        <p className="error" role="alert">
          {booking.failureReason}
        </p>
      )}
      <div className="columns">
        <Section title="What is booked">
          {booking.flight && (
            <p>
              <FlightSummary offer={booking.flight} />
            </p>
          )}
          {booking.stay && (
            <p>
              <StaySummary offer={booking.stay} />
            </p>
          )}
          <dl className="facts">
            {booking.checkout.references.airline && (
              <div>
                <dt>Airline booking reference</dt>
                <dd className="reference">{booking.checkout.references.airline}</dd>
              </div>
            )}
            {booking.checkout.references.hotel && (
              <div>
                <dt>Hotel confirmation</dt>
                <dd className="reference">{booking.checkout.references.hotel}</dd>
              </div>
            )}
            {booking.checkout.travelers.length > 0 && (
              <div>
                <dt>Travelers</dt>
                <dd>{travelerNames(booking)}</dd>
              </div>
            )}
            {booking.checkout.paymentMethod && (
              <div>
                <dt>Card</dt>
                <dd>
                  {booking.checkout.paymentMethod.brand} ending {booking.checkout.paymentMethod.last4}
                </dd>
              </div>
            )}
            <div>
              <dt>Total</dt>
              <dd>{formatTotalFor(booking.amounts.total, travelers)}</dd>
            </div>
            <div>
              <dt>Charged</dt>
              <dd>{formatMoney(booking.amounts.charged)}</dd>
            </div>
            <div>
              <dt>Refunded</dt>
              <dd>{formatMoney(booking.amounts.refunded)}</dd>
            </div>
            {booking.decision && (
              <div>
                <dt>Decision</dt>
                <dd>
                  {booking.decision.decision} at {formatDateTime(booking.decision.at)}
                  {booking.decision.note ? ` — “${booking.decision.note}”` : ''}
                </dd>
              </div>
            )}
          </dl>
          {!terminal && booking.status !== 'pending_approval' && (
            <button type="button" className="danger" onClick={() => window.confirm('Cancel this booking? Everything held is released.') && cancel.mutate(booking.bookingId, { onSuccess: () => headingRef.current?.focus() })} disabled={cancel.isPending}>
              Cancel booking
            </button>
          )}
          <ErrorMessage error={cancel.error} />
        </Section>
      </div>
      <details className="card technical" data-testid="booking-technical-details">
        <summary>Details: booking steps, idempotency keys and provider references</summary>
        <p className="muted">
          Booking id <code>{booking.bookingId}</code>
        </p>
          {booking.steps.length === 0 && <p className="muted">No step recorded yet.</p>}
          {rounds.map((round) => (
            <div key={round}>
              {rounds.length > 1 && <h3>Round {round}</h3>}
              <ol className="timeline saga" aria-label={`Booking steps, round ${round}`}>
                {booking.steps
                  .filter((step) => step.round === round)
                  .map((step) => (
                    <li key={step.idempotencyKey} className={`step ${step.status}`} data-booking-step={step.step} data-status={step.status}>
                      <span className="step-icon" aria-hidden="true">
                        {step.status === 'done' ? '✓' : step.status === 'failed' ? '✕' : step.status === 'running' ? '…' : '–'}
                      </span>
                      <span className="step-name">{stepNames[step.step] ?? step.step}</span> <span className="step-status">{step.status}</span>
                      {step.reference && <div className="step-detail">Reference {step.reference}</div>}
                      {step.error && <div className="step-detail error-text">{step.error}</div>}
                      {step.compensation && step.compensation.status !== 'registered' && (
                        <div className={`compensation ${step.compensation.status}`} data-compensation={step.compensation.step}>
                          ↩ {stepNames[step.compensation.step] ?? step.compensation.step}: {step.compensation.status}
                          {step.compensation.outcome ? ` (${step.compensation.outcome === 'undone' ? 'undone' : 'nothing to undo'})` : ''}
                        </div>
                      )}
                      {step.compensation?.status === 'registered' && <div className="step-detail muted">Undo on failure: {stepNames[step.compensation.step] ?? step.compensation.step}</div>}
                      <div className="step-detail muted">
                        <code>{step.idempotencyKey}</code>
                      </div>
                    </li>
                  ))}
              </ol>
            </div>
          ))}
      </details>
    </>
  );
}
