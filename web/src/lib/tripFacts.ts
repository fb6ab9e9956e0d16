// A trip's facts (route, dates, travellers, budget) as the screens show them. The trip row is a copy the
// workflow saves (read alone, the overview lagged a turn behind); the workflow state's request is the live
// one, so it comes first. Both the trip list and the trip overview read them from here.
import type { Money, TripRequest, TripView } from '../api/types.js';

export interface TripFactValues {
  origin: string | null;
  destinations: string[];
  startDate: string | null;
  endDate: string | null;
  adults: number;
  children: number;
  budget: Money | null;
}

/** The live request's values where it has them (`request`: the workflow state's), else the trip row's. */
export function tripFactsOf(trip: TripView, request?: TripRequest | null): TripFactValues {
  const places = request?.destination ? [request.destination, ...(request.alsoVisiting ?? [])].map((place) => place.iata) : null;
  return {
    origin: request?.origin?.iata ?? trip.origin,
    destinations: places ?? trip.destinations,
    startDate: request?.departDate ?? trip.startDate,
    endDate: request?.returnDate ?? trip.endDate,
    adults: request?.adults ?? trip.adults,
    children: request?.children ?? trip.children,
    budget: request?.budget ?? trip.budget,
  };
}

/** "2 adults", "1 adult, 1 child", "2 adults, 3 children". */
export function travelersText(adults: number, children: number): string {
  const grown = `${adults} adult${adults === 1 ? '' : 's'}`;
  return children > 0 ? `${grown}, ${children} child${children === 1 ? '' : 'ren'}` : grown;
}
