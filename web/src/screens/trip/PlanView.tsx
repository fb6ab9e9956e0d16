// The plan's options: compare and choose a flight and a stay (FlightOptions / StayOptions), see them on
// the trip map, book the selection, or watch the selected flight's price.
import { lazy, Suspense, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { startBookingSchema } from '../../../../api/schemas/bookings.js';
import type { TripBookingRef, TripPlan, TripRequest } from '../../api/types.js';
import { ErrorMessage, Loading } from '../../components/ui.js';
import { useCreateBooking } from '../../hooks/bookings.js';
import { useSelectOptions } from '../../hooks/trips.js';
import { formatTotalFor } from '../../lib/format.js';
import { validate } from '../../lib/forms.js';
import { WatchForm } from '../watches/WatchForm.js';
import { FlightOptions, FlightSummary } from './FlightOptions.js';
import { StayOptions, StaySummary } from './StayOptions.js';

export { FlightSummary } from './FlightOptions.js';
export { StaySummary } from './StayOptions.js';

// The map (shapes, projection, optional tile renderer) loads only when a plan is shown.
const TripMap = lazy(() => import('./TripMap.js').then((module) => ({ default: module.TripMap })));

export function PlanOptions({ tripId, plan, request, canWrite }: { tripId: string; plan: TripPlan; request: TripRequest; canWrite: boolean }) {
  const navigate = useNavigate();
  const [flightId, setFlightId] = useState<string | null>(plan.selectedFlightId ?? plan.flightOptions[0]?.id ?? null);
  const [stayId, setStayId] = useState<string | null>(plan.selectedStayId ?? plan.stayOptions[0]?.id ?? null);
  const [watching, setWatching] = useState(false);
  const bookingKey = useRef({ selection: '', key: '' });
  const createBooking = useCreateBooking(tripId);
  const selectOptions = useSelectOptions(tripId);
  // A pick is sent to the planner (budget and days follow it); the radio moves at once.
  const choose = (kind: 'flight' | 'stay', id: string | null) => {
    if (kind === 'flight') {
      setFlightId(id);
      setWatching(false);
    } else setStayId(id);
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
      <FlightOptions offers={plan.flightOptions} selectedId={flightId} onChoose={(id) => choose('flight', id)} searchFailed={plan.failures.some((f) => f.step === 'flights')} />
      <StayOptions offers={plan.stayOptions} selectedId={stayId} onChoose={(id) => choose('stay', id)} searchFailed={plan.failures.some((f) => f.step === 'stays')} />
      <section className="trip-map-section" aria-labelledby="trip-map-heading">
        <h3 id="trip-map-heading">Map</h3>
        <Suspense fallback={<Loading what="Loading the map" />}>
          <TripMap stays={plan.stayOptions} selectedStayId={stayId} destination={plan.destination} flight={flight} />
        </Suspense>
      </section>
      {canWrite && (
        <div className="book-bar">
          <span>
            Selected: <strong>{formatTotalFor({ amount: total, currency }, request.adults + request.children)}</strong>
          </span>
          <button type="button" onClick={() => void book().catch(() => undefined)} disabled={(!flight && !stay) || createBooking.isPending} data-testid="book-selection">
            {createBooking.isPending ? 'Starting booking…' : 'Book this selection'}
          </button>
          {flight && (
            <button type="button" className="secondary" aria-expanded={watching} onClick={() => setWatching(!watching)} data-testid="watch-selected-flight">
              Watch this price
            </button>
          )}
          <ErrorMessage error={createBooking.error} prefix="Could not start the booking" />
          <ErrorMessage error={selectOptions.error} prefix="Could not update the plan for this choice" />
          {selectOptions.isPending && <span className="muted" role="status">Updating the budget and the days…</span>}
        </div>
      )}
      {canWrite && watching && flight && <WatchForm tripId={tripId} offer={flight} request={request} onDone={(watchId) => void navigate(`/watches/${watchId}`)} />}
    </>
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
