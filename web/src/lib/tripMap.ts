// What the trip map shows: the city centre, the stay options (the selected one as the pin) and the
// trip's airports near the destination. Itinerary entries carry no coordinates, so the days' places
// cannot be placed yet; far airports (the origin, connections) are listed rather than drawn, so the
// map stays at city scale.
import type { FlightOffer, StayOffer } from '../api/types.js';
import type { DestinationBrief } from '../../../domain/trip.js';

export type MapPointKind = 'centre' | 'stay' | 'selected-stay' | 'airport';

export interface MapPoint {
  id: string;
  kind: MapPointKind;
  latitude: number;
  longitude: number;
  /** Short text drawn on the marker (a stay's number, an airport code). */
  mark: string;
  /** What a screen reader and the legend say. */
  label: string;
}

export interface AirportLocation {
  iata: string;
  name: string;
  cityName: string;
  latitude: number;
  longitude: number;
}

/** Airports farther than this from the destination's centre are listed, not drawn. */
export const NEAR_AIRPORT_KM = 150;

function kmBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h = Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Every airport the flight touches, in travel order, once. */
export function flightAirports(flight: FlightOffer | null): string[] {
  if (!flight) return [];
  const codes = [...flight.outbound, ...flight.inbound].flatMap((segment) => [segment.origin, segment.destination]);
  return [...new Set(codes)];
}

export function tripMapPoints(input: {
  stays: readonly StayOffer[];
  selectedStayId: string | null;
  destination: DestinationBrief | null;
  airports: readonly AirportLocation[];
}): { points: MapPoint[]; farAirports: AirportLocation[] } {
  const points: MapPoint[] = [];
  const centre = input.destination;
  if (centre) points.push({ id: 'centre', kind: 'centre', latitude: centre.latitude, longitude: centre.longitude, mark: '', label: `${centre.city} city centre` });
  const anchor = centre ?? input.stays.find((stay) => stay.id === input.selectedStayId) ?? input.stays[0] ?? null;
  const near = anchor ? input.airports.filter((airport) => kmBetween(anchor, airport) <= NEAR_AIRPORT_KM) : [];
  const farAirports = input.airports.filter((airport) => !near.includes(airport));
  for (const airport of near) {
    points.push({ id: `airport-${airport.iata}`, kind: 'airport', latitude: airport.latitude, longitude: airport.longitude, mark: airport.iata, label: `${airport.name} (${airport.iata})` });
  }
  // Other stays first, so the selected pin is drawn on top.
  const stayPoint = (stay: StayOffer, index: number, selected: boolean): MapPoint => ({
    id: `stay-${stay.id}`,
    kind: selected ? 'selected-stay' : 'stay',
    latitude: stay.latitude,
    longitude: stay.longitude,
    mark: String(index + 1),
    label: `${selected ? 'Selected stay' : 'Stay option'} ${index + 1}: ${stay.name}${stay.distanceToCentreKm !== undefined ? `, ${stay.distanceToCentreKm.toFixed(1)} km from the centre` : ''}`,
  });
  // Other stays first, so the selected pin is drawn on top.
  input.stays.forEach((stay, index) => {
    if (stay.id !== input.selectedStayId) points.push(stayPoint(stay, index, false));
  });
  const selected = input.stays.findIndex((stay) => stay.id === input.selectedStayId);
  if (selected >= 0) points.push(stayPoint(input.stays[selected]!, selected, true));
  return { points, farAirports };
}
