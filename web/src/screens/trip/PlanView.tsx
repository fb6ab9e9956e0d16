// The plan's flight and stay options: choose, book the selection, or watch a flight's price.
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { startBookingSchema } from '../../../../api/schemas/bookings.js';
import type { FlightOffer, FlightSegment, StayOffer, TripBookingRef, TripPlan, TripRequest } from '../../api/types.js';
import { ErrorMessage } from '../../components/ui.js';
import { useCreateBooking } from '../../hooks/bookings.js';
import { useSelectOptions } from '../../hooks/trips.js';
import { formatLocalDateTime, formatMinutes, formatMoney, formatTotalFor } from '../../lib/format.js';
import { validate } from '../../lib/forms.js';
import { WatchForm } from '../watches/WatchForm.js';

export function PlanOptions({ tripId, plan, request, canWrite }: { tripId: string; plan: TripPlan; request: TripRequest; canWrite: boolean }) {
  const navigate = useNavigate();
  const [flightId, setFlightId] = useState<string | null>(plan.selectedFlightId ?? plan.flightOptions[0]?.id ?? null);
  const [stayId, setStayId] = useState<string | null>(plan.selectedStayId ?? plan.stayOptions[0]?.id ?? null);
  const [watching, setWatching] = useState<string | null>(null);
  const bookingKey = useRef({ selection: '', key: '' });
  const createBooking = useCreateBooking(tripId);
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

  const book = async () => {
    const body = { flightOfferId: flight?.id ?? null, stayOfferId: stay?.id ?? null };
    const checked = validate(startBookingSchema, body);
    if (!checked.ok) return;
    // The same selection keeps its idempotency key: a double click or a retry books once.
    const selection = `${body.flightOfferId}|${body.stayOfferId}`;
    if (bookingKey.current.selection !== selection) bookingKey.current = { selection, key: crypto.randomUUID() };
    const booking = await createBooking.mutateAsync({ body: checked.data, idempotencyKey: bookingKey.current.key });
    void navigate(`/trips/${tripId}/bookings/${booking.bookingId}`);
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
          <button type="button" onClick={() => void book().catch(() => undefined)} disabled={(!flight && !stay) || createBooking.isPending} data-testid="book-selection">
            {createBooking.isPending ? 'Starting booking…' : 'Book this selection'}
          </button>
          <ErrorMessage error={createBooking.error} prefix="Could not start the booking" />
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

/** What is booked, above the options: the trip is built around it. */
export function BookedSummary({ bookings }: { bookings: TripBookingRef[] }) {
  const confirmed = bookings.filter((booking) => booking.status === 'confirmed');
  if (confirmed.length === 0) return null;
  return (
    <div className="card booked" data-testid="booked-summary">
      <h3>Booked</h3>
      <ul>
        {confirmed.map((booking) => (
          <li key={booking.bookingId}>
            {booking.flight && <FlightSummary offer={booking.flight} />}
            {booking.stay && <StaySummary offer={booking.stay} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
