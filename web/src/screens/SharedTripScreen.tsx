// A trip opened through its read-only share link, signed out: where, when, the chosen flight and stay
// and the days, plus its calendar. Nothing personal (names, budget, chat) is in what the link returns.
import { useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { ErrorMessage, Loading, Section } from '../components/ui.js';
import { useSharedTrip } from '../hooks/trips.js';
import { formatDate } from '../lib/format.js';
import { Itinerary } from './trip/Itinerary.js';

export function SharedTripScreen() {
  const { token = '' } = useParams();
  const shared = useSharedTrip(token);
  if (shared.isPending) return <main className="shared"><Loading what="Loading the trip" /></main>;
  if (!shared.data) {
    const gone = shared.error instanceof ApiError && (shared.error.status === 404 || shared.error.status === 400);
    return (
      <main className="shared">
        {gone ? (
          <>
            <h1>This link no longer works</h1>
            <p>It was revoked, or it was copied incompletely. Ask the person who shared it for a new one.</p>
          </>
        ) : (
          <ErrorMessage error={shared.error} />
        )}
      </main>
    );
  }
  const trip = shared.data;
  const segmentText = (segment: NonNullable<typeof trip.flight>['outbound'][number]) =>
    `${segment.flightNumber} ${segment.origin} ${segment.departAt.slice(11, 16)} → ${segment.destination} ${segment.arriveAt.slice(11, 16)} (${formatDate(segment.departAt.slice(0, 10))})`;
  return (
    <main className="shared" id="main">
      <p className="muted small">Shared trip · read only</p>
      <h1>{trip.title}</h1>
      <p>
        {trip.origin?.city ?? '?'} → {trip.destination?.city ?? '?'} · {formatDate(trip.departDate)} – {formatDate(trip.returnDate)} · {trip.travelers.adults} adult(s)
        {trip.travelers.children ? `, ${trip.travelers.children} child(ren)` : ''}
      </p>
      <p>
        <a className="button secondary" href={trip.calendarUrl}>
          Add to calendar (.ics)
        </a>
      </p>
      {trip.flight && (
        <Section title={trip.flight.booked ? 'Flight (booked)' : 'Flight (planned)'}>
          <ul>
            {trip.flight.outbound.map((segment) => (
              <li key={`out-${segment.flightNumber}-${segment.departAt}`}>Out: {segmentText(segment)}</li>
            ))}
            {trip.flight.inbound.map((segment) => (
              <li key={`in-${segment.flightNumber}-${segment.departAt}`}>Back: {segmentText(segment)}</li>
            ))}
          </ul>
        </Section>
      )}
      {trip.stay && (
        <Section title={trip.stay.booked ? 'Stay (booked)' : 'Stay (planned)'}>
          <p>
            {trip.stay.name} · {trip.stay.nights} night{trip.stay.nights === 1 ? '' : 's'} · {formatDate(trip.stay.checkIn)} – {formatDate(trip.stay.checkOut)}
          </p>
        </Section>
      )}
      <Section title="Itinerary">
        <Itinerary days={trip.itinerary} />
      </Section>
    </main>
  );
}
