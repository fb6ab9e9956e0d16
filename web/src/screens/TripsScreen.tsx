// The traveler's trips with their status.
import { useState } from 'react';
import { Link } from 'react-router';
import { tripStatuses } from '../../../domain/trip.js';
import type { TripStatus } from '../api/types.js';
import { ErrorMessage, Loading, Select, StatusBadge } from '../components/ui.js';
import { useTrips } from '../hooks/trips.js';
import { formatDate, formatMoney } from '../lib/format.js';
import { collaboratorRoleLabels, labelFor, tripStatusLabels } from '../lib/labels.js';

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
            <dl className="facts">
              <div>
                <dt>Route</dt>
                <dd>
                  {trip.origin ?? '?'} → {trip.destinations.join(', ') || '?'}
                </dd>
              </div>
              <div>
                <dt>Dates</dt>
                <dd>
                  {formatDate(trip.startDate)} – {formatDate(trip.endDate)}
                </dd>
              </div>
              <div>
                <dt>Travellers</dt>
                <dd>
                  {trip.adults} adult{trip.adults === 1 ? '' : 's'}
                  {trip.children ? `, ${trip.children} children` : ''}
                </dd>
              </div>
              <div>
                <dt>Budget</dt>
                <dd>{formatMoney(trip.budget)}</dd>
              </div>
              {trip.role !== 'owner' && (
                <div>
                  <dt>Your role</dt>
                  <dd>{labelFor(trip.role, collaboratorRoleLabels)}</dd>
                </div>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
