// The traveler's trips with their status.
import { useState } from 'react';
import { Link } from 'react-router';
import { tripStatuses } from '../../../domain/trip.js';
import type { TripStatus } from '../api/types.js';
import { ErrorMessage, Loading, Select, StatusBadge } from '../components/ui.js';
import { Fact, TripFacts } from '../components/TripFacts.js';
import { useTrips } from '../hooks/trips.js';
import { collaboratorRoleLabels, labelFor, tripStatusLabels } from '../lib/labels.js';
import { tripFactsOf } from '../lib/tripFacts.js';

export function TripsScreen() {
  const [status, setStatus] = useState<TripStatus | ''>('');
  const trips = useTrips(status || undefined);
  return (
    <>
      <div className="page-head">
        <h1>Your trips</h1>
        <Link className="button" to="/trips/new">
          Plan a new trip
        </Link>
      </div>
      <div className="filters">
        <Select
          label="Status"
          value={status}
          onChange={(event) => setStatus(event.target.value as TripStatus | '')}
          options={[{ value: '', label: 'All' }, ...tripStatuses.map((value) => ({ value, label: tripStatusLabels[value] }))]}
        />
      </div>
      {trips.isPending && <Loading what="Loading trips" lines={6} />}
      <ErrorMessage error={trips.error} />
      {trips.data && trips.data.items.length === 0 && (
        <p className="card">
          No trips yet. <Link to="/trips/new">Plan your first trip</Link>.
        </p>
      )}
      <ul className="trip-list" aria-label="Trips">
        {trips.data?.items.map((trip) => (
          <li key={trip.id} className="card trip-card">
            <h2>
              <Link to={`/trips/${trip.id}`}>{trip.title}</Link>
            </h2>
            <StatusBadge status={trip.status} />
            <TripFacts facts={tripFactsOf(trip)}>
              {trip.role !== 'owner' && <Fact term="Your role">{labelFor(trip.role, collaboratorRoleLabels)}</Fact>}
            </TripFacts>
          </li>
        ))}
      </ul>
    </>
  );
}
