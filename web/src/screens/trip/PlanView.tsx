// The plan's options: compare and choose a flight and a stay (FlightOptions / StayOptions), see them on
// the trip map, book the selection, or watch the selected flight's price.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { TripBookingRef, TripPlan, TripRequest } from '../../api/types.js';
import { ErrorMessage, Loading } from '../../components/ui.js';
import { useBookings } from '../../hooks/bookings.js';
import { EditConflictNotice } from '../../components/EditConflictNotice.js';
import { editConflictOf, editConflicts, useEditConflict } from '../../hooks/editConflicts.js';
import { postSelection, useSelectOptions, type OptionSelection } from '../../hooks/trips.js';
import { formatMoney } from '../../lib/format.js';
import { travelersText } from '../../lib/tripFacts.js';
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
  const selectOptions = useSelectOptions(tripId);
  const queryClient = useQueryClient();
  const conflict = useEditConflict(tripId, 'options');
  /** A refused pick (someone else chose since): shown with the choice to re-apply it over theirs. */
  const showConflict = (error: unknown, selection: OptionSelection, what: string) => {
    const details = editConflictOf(error);
    if (!details) return;
    editConflicts.show(tripId, {
      scope: 'options',
      conflict: details,
      what,
      reapply: (baseVersion) => {
        editConflicts.clear(tripId);
        postSelection(queryClient, tripId, selection, baseVersion).catch((again: unknown) => showConflict(again, selection, what));
      },
    });
  };
  // A pick is sent to the planner (budget and days follow it); the radio moves at once.
  const choose = (kind: 'flight' | 'stay', id: string | null) => {
    if (kind === 'flight') {
      setFlightId(id);
      setWatching(false);
    } else setStayId(id);
    if (!canWrite) return;
    const selection = kind === 'flight' ? { flightOfferId: id } : { stayOfferId: id };
    const what = describePick(plan, kind, id);
    editConflicts.clear(tripId);
    selectOptions.mutate(selection, { onError: (error) => showConflict(error, selection, what) });
  };
  const keepTheirs = () => {
    editConflicts.clear(tripId);
    setFlightId(plan.selectedFlightId ?? plan.flightOptions[0]?.id ?? null);
    setStayId(plan.selectedStayId ?? plan.stayOptions[0]?.id ?? null);
    selectOptions.reset();
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
      {conflict && <EditConflictNotice conflict={conflict.conflict} what={conflict.what} onReapply={() => conflict.reapply(conflict.conflict.currentVersion)} onKeepTheirs={keepTheirs} />}
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
            {/* What booking charges now (flight + stay), not the trip's estimate (which adds meals, activities, transport). */}
            {flight && stay ? 'Flight + stay' : flight ? 'Flight' : 'Stay'} to book: <strong>{formatMoney({ amount: total, currency })}</strong> for {travelersText(request.adults, request.children)}
          </span>
          <button type="button" onClick={book} disabled={!flight && !stay} data-testid="book-selection">
            Book this selection
          </button>
          {flight && (
            <button type="button" className="secondary" aria-expanded={watching} onClick={() => setWatching(!watching)} data-testid="watch-selected-flight">
              Watch this price
            </button>
          )}
          {!editConflictOf(selectOptions.error) && <ErrorMessage error={selectOptions.error} prefix="Could not update the plan for this choice" />}
          {selectOptions.isPending && <span className="muted" role="status">Updating the budget and the days…</span>}
        </div>
      )}
      {canWrite && watching && flight && <WatchForm tripId={tripId} offer={flight} request={request} onDone={(watchId) => void navigate(`/watches/${watchId}`)} />}
    </>
  );
}

/** A pick in words, for a conflict notice: "the flight AB 123, 08:10" / "no stay". */
function describePick(plan: TripPlan, kind: 'flight' | 'stay', id: string | null): string {
  if (kind === 'flight') {
    const offer = plan.flightOptions.find((candidate) => candidate.id === id);
    const first = offer?.outbound[0];
    return first ? `the flight ${first.carrier.name} ${first.flightNumber}, ${first.departAt.slice(11, 16)}` : 'no flight';
  }
  const offer = plan.stayOptions.find((candidate) => candidate.id === id);
  return offer ? `the stay ${offer.name}` : 'no stay';
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
