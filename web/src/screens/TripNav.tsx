// The trip's own navigation (plan, proposals, bookings) under its title.
import { NavLink } from 'react-router';

export function TripNav({ tripId, title }: { tripId: string; title?: string }) {
  return (
    <nav aria-label={title ? `Trip: ${title}` : 'Trip'} className="subnav">
      <ul>
        <li>
          <NavLink to={`/trips/${tripId}`} end>
            Plan
          </NavLink>
        </li>
        <li>
          <NavLink to={`/trips/${tripId}/proposals`}>Proposals</NavLink>
        </li>
        <li>
          <NavLink to={`/trips/${tripId}/bookings`} end={false}>
            Bookings
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}
