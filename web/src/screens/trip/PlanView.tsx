// The plan's flight and stay options: choose, book the selection, or watch a flight's price.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { FlightOffer, FlightSegment, StayOffer, TripBookingRef, TripPlan, TripRequest } from '../../api/types.js';
import { ErrorMessage } from '../../components/ui.js';
import { useBookings } from '../../hooks/bookings.js';
import { useSelectOptions } from '../../hooks/trips.js';
import { formatLocalDateTime, formatMinutes, formatMoney, formatTotalFor } from '../../lib/format.js';
import { WatchForm } from '../watches/WatchForm.js';

export function PlanOptions({ tripId, plan, request, canWrite }: { tripId: string; plan: TripPlan; request: TripRequest; canWrite: boolean }) {
  const navigate = useNavigate();
  const [flightId, setFlightId] = useState<string | null>(plan.selectedFlightId ?? plan.flightOptions[0]?.id ?? null);
  const [stayId, setStayId] = useState<string | null>(plan.selectedStayId ?? plan.stayOptions[0]?.id ?? null);
  const [watching, setWatching] = useState<string | null>(null);
  const selectOptions = useSelectOptions(tripId);
  // A pick is sent to the planner (budget and days follow it); the radio moves at once.
  const choose = (kind: 'flight' | 'stay', id: string | null) => {
    if (kind === 'flight') setFlightId(id);
    else setStayId(id);
    if (canWrite) selectOptions.mutate(kind === 'flight' ? { flightOfferId: id } : { stayOfferId: id });
  };
  const flight = plan.flightOptions.find((offer) => offer.id === flightId) ?? null;
  const stay = plan.stayOptions.find((offer) => offer.id === stayId) ?? null;
  const total = (flight?.price.amount ?? 0) + (stay?.totalPrice.amount ?? 0);
  // Offers are in the trip's currency (the budget's): one currency for the selection and the chart.
  const currency = plan.budget?.total.currency ?? flight?.price.currency ?? stay?.totalPrice.currency ?? 'USD';

  // Checkout names who travels before anything is held, then starts the booking (CheckoutScreen).
  const book = () => {
    if (!flight && !stay) return;
    void navigate(`/trips/${tripId}/checkout?${new URLSearchParams({ ...(flight && { flight: flight.id }), ...(stay && { stay: stay.id }) }).toString()}`);
  };

  return (
    <>
      <fieldset className="options">
        <legend>Flights</legend>
        {plan.flightOptions.length === 0 && <p className="muted">No flight options{plan.failures.some((f) => f.step === 'flights') ? ' (the flight search failed)' : ''}.</p>}
        {plan.flightOptions.map((offer) => (
          <div key={offer.id} className={`option${offer.id === flightId ? ' chosen' : ''}`} data-testid="flight-option">
            <label>
              <input type="radio" name="flight" value={offer.id} checked={offer.id === flightId} onChange={() => choose('flight', offer.id)} />
              <FlightSummary offer={offer} />
            </label>
            {canWrite && (
              <button type="button" className="secondary small" aria-expanded={watching === offer.id} onClick={() => setWatching(watching === offer.id ? null : offer.id)}>
                Watch this price
              </button>
            )}
            {watching === offer.id && <WatchForm tripId={tripId} offer={offer} request={request} onDone={(watchId) => void navigate(`/watches/${watchId}`)} />}
          </div>
        ))}
        {plan.flightOptions.length > 0 && (
          <label className="option">
            <input type="radio" name="flight" value="" checked={flightId === null} onChange={() => choose('flight', null)} /> No flight
          </label>
        )}
      </fieldset>
      <fieldset className="options">
        <legend>Stays</legend>
        {plan.stayOptions.length === 0 && <p className="muted">No stay options{plan.failures.some((f) => f.step === 'stays') ? ' (the stay search failed)' : ''}.</p>}
        {plan.stayOptions.map((offer) => (
          <div key={offer.id} className={`option${offer.id === stayId ? ' chosen' : ''}`} data-testid="stay-option">
            <label>
              <input type="radio" name="stay" value={offer.id} checked={offer.id === stayId} onChange={() => choose('stay', offer.id)} />
              <StaySummary offer={offer} />
            </label>
          </div>
        ))}
        {plan.stayOptions.length > 0 && (
          <label className="option">
            <input type="radio" name="stay" value="" checked={stayId === null} onChange={() => choose('stay', null)} /> No stay
          </label>
        )}
      </fieldset>
      {canWrite && (
        <div className="book-bar">
          <span>
            Selected: <strong>{formatTotalFor({ amount: total, currency }, request.adults + request.children)}</strong>
          </span>
          <button type="button" onClick={book} disabled={!flight && !stay} data-testid="book-selection">
            Book this selection
          </button>
          <ErrorMessage error={selectOptions.error} prefix="Could not update the plan for this choice" />
          {selectOptions.isPending && <span className="muted" role="status">Updating the budget and the days…</span>}
        </div>
      )}
    </>
  );
}

function legText(segments: FlightSegment[]): string {
  if (segments.length === 0) return '';
  const first = segments[0]!;
  const last = segments.at(-1)!;
  return `${first.origin} ${formatLocalDateTime(first.departAt)} → ${last.destination} ${formatLocalDateTime(last.arriveAt)}`;
}

export function FlightSummary({ offer }: { offer: FlightOffer }) {
  const carriers = [...new Set([...offer.outbound, ...offer.inbound].map((segment) => segment.carrier.name))].join(', ');
  return (
    <span className="offer">
      <strong>{formatMoney(offer.price)}</strong> · {carriers} · {offer.stops === 0 ? 'nonstop' : `${offer.stops} stop${offer.stops > 1 ? 's' : ''}`} · {formatMinutes(offer.totalDurationMinutes)}
      <span className="offer-legs">
        Out: {legText(offer.outbound)}
        {offer.inbound.length > 0 && (
          <>
            <br />
            Back: {legText(offer.inbound)}
          </>
        )}
      </span>
    </span>
  );
}

export function StaySummary({ offer }: { offer: StayOffer }) {
  return (
    <span className="offer">
      <strong>{offer.name}</strong> · {'★'.repeat(Math.round(offer.rating))}
      <span className="visually-hidden"> {offer.rating} stars</span>
      {offer.reviewScore !== null && ` · ${offer.reviewScore.toFixed(1)}/10`} · {formatMoney(offer.totalPrice)} for {offer.nights} night{offer.nights === 1 ? '' : 's'} ({formatMoney(offer.pricePerNight)}/night)
    </span>
  );
}

/** What is booked, at the top of the trip: the trip is built around it, with the references to quote. */
export function BookedSummary({ tripId, bookings }: { tripId: string; bookings: TripBookingRef[] }) {
  const confirmed = bookings.filter((booking) => booking.status === 'confirmed');
  const details = useBookings(tripId, confirmed.length > 0);
  if (confirmed.length === 0) return null;
  const referencesOf = (bookingId: string) => details.data?.items.find((item) => item.bookingId === bookingId)?.checkout.references;
  return (
    <section className="card booked" aria-labelledby="booked-heading" data-testid="booked-summary">
      <h2 id="booked-heading">Booked</h2>
      <ul>
        {confirmed.map((booking) => {
          const references = referencesOf(booking.bookingId);
          return (
            <li key={booking.bookingId}>
              {booking.flight && (
                <p>
                  <FlightSummary offer={booking.flight} />
                  {references?.airline && (
                    <span className="booked-reference">
                      Airline booking reference <strong>{references.airline}</strong>
                    </span>
                  )}
                </p>
              )}
              {booking.stay && (
                <p>
                  <StaySummary offer={booking.stay} />
                  {references?.hotel && (
                    <span className="booked-reference">
                      Hotel confirmation <strong>{references.hotel}</strong>
                    </span>
                  )}
                </p>
              )}
              <Link to={`/trips/${tripId}/bookings/${booking.bookingId}`}>Booking details</Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
