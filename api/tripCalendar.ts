// A trip as an iCalendar file (RFC 5545, written by ical-generator with VTIMEZONE components from
// @touch4it/ical-timezones): each flight leg at its local departure time in the departure airport's time
// zone, the stay as all-day dates, each itinerary day, and its timed activities in the destination's zone.
// Booked offers (a confirmed booking) win over the plan's picks; picks are marked "planned, not booked".
// UIDs are stable, so a calendar app subscribed to the trip updates events in place.
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { addDays, instantAt, localTimeIn } from '../domain/dates.js';
import type { PlaceIndex } from '../domain/places.js';
import { bookedOffers, type FlightOffer, type FlightSegment, type ItineraryDay, type StayOffer, type TripState } from '../domain/trip.js';

export interface TripCalendarInput {
  tripId: string;
  title: string;
  state: Pick<TripState, 'request' | 'plan' | 'bookings'>;
  places: PlaceIndex;
  /** Where the trip is seen in the app (an event's URL); omitted for share links. */
  tripUrl?: string;
}

/** How long an itinerary entry with a start time but no end lasts in the calendar. */
const ENTRY_MINUTES = 90;

export function tripCalendar(input: TripCalendarInput): string {
  const { state, places, tripId } = input;
  const calendar = ical({ name: input.title, prodId: { company: 'TripSage', product: 'trip-calendar', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  const uid = (suffix: string) => `${tripId}-${suffix}@tripsage`;
  const url = input.tripUrl ? { url: input.tripUrl } : {};

  const { flight, stay, booked } = chosenOffers(state);
  const zoneOf = (iata: string) => places.airport(iata)?.timeZone ?? 'UTC';
  const airportName = (iata: string) => {
    const airport = places.airport(iata);
    return airport ? `${airport.name} (${iata})` : iata;
  };
  const status = (kind: 'flight' | 'stay') => (booked[kind] ? 'Booked.' : 'Planned, not booked yet.');

  if (flight) {
    for (const segment of [...flight.outbound, ...flight.inbound]) {
      const departZone = zoneOf(segment.origin);
      const arriveZone = zoneOf(segment.destination);
      calendar.createEvent({
        id: uid(`flight-${segment.carrier.code}${segment.flightNumber}-${segment.departAt}`),
        start: seconds(segment.departAt),
        end: localTimeIn(new Date(instantAt(segment.departAt, departZone).getTime() + segment.durationMinutes * 60_000), departZone),
        timezone: departZone,
        summary: `Flight ${flightCode(segment)} ${segment.origin} → ${segment.destination}`,
        location: airportName(segment.origin),
        description: [
          `${segment.carrier.name} ${flightCode(segment)}, ${airportName(segment.origin)} → ${airportName(segment.destination)}.`,
          `Departs ${segment.departAt.slice(11, 16)} local time (${departZone}); arrives ${segment.arriveAt.slice(0, 10)} ${segment.arriveAt.slice(11, 16)} local time (${arriveZone}).`,
          status('flight'),
        ].join('\n'),
        ...url,
      });
    }
  }

  if (stay) {
    calendar.createEvent({
      id: uid(`stay-${stay.checkIn}`),
      start: stay.checkIn,
      end: stay.checkOut,
      allDay: true,
      summary: `Stay: ${stay.name}`,
      location: { title: stay.name, geo: { lat: stay.latitude, lon: stay.longitude } },
      description: `${stay.nights} night${stay.nights === 1 ? '' : 's'}, check-in ${stay.checkIn}, check-out ${stay.checkOut}. ${status('stay')}`,
      ...url,
    });
  }

  const destinationZone = state.plan?.destination?.timeZone ?? (state.request.destination ? zoneOf(state.request.destination.iata) : 'UTC');
  for (const day of state.plan?.itinerary ?? []) addItineraryDay(day);

  function addItineraryDay(day: ItineraryDay): void {
    const untimed = day.entries.filter((entry) => entry.time === null && entry.kind !== 'flight' && entry.kind !== 'stay');
    calendar.createEvent({
      id: uid(`day-${day.date}`),
      start: day.date,
      end: addDays(day.date, 1),
      allDay: true,
      summary: `Day ${day.day}: ${day.title}`,
      description: [...untimed.map((entry) => `• ${entry.title}${entry.description ? ` — ${entry.description}` : ''}`)].join('\n') || undefined,
      ...url,
    });
    day.entries.forEach((entry, position) => {
      // Flights and the stay have events of their own, with exact times and zones.
      if (entry.time === null || entry.kind === 'flight' || entry.kind === 'stay') return;
      const start = `${day.date}T${entry.time}:00`;
      calendar.createEvent({
        id: uid(`entry-${day.date}-${position}`),
        start,
        end: localTimeIn(new Date(instantAt(start, destinationZone).getTime() + ENTRY_MINUTES * 60_000), destinationZone),
        timezone: destinationZone,
        summary: entry.title,
        ...(entry.description && { description: entry.description }),
        ...url,
      });
    });
  }

  return calendar.toString();
}

/** The flight and stay the calendar shows: a confirmed booking's, else the plan's selection. */
export function chosenOffers(state: TripCalendarInput['state']): { flight: FlightOffer | null; stay: StayOffer | null; booked: { flight: boolean; stay: boolean } } {
  const { flight: bookedFlight, stay: bookedStay } = bookedOffers(state.bookings);
  const plan = state.plan;
  const plannedFlight = plan?.flightOptions.find((offer) => offer.id === plan.selectedFlightId) ?? null;
  const plannedStay = plan?.stayOptions.find((offer) => offer.id === plan.selectedStayId) ?? null;
  return { flight: bookedFlight ?? plannedFlight, stay: bookedStay ?? plannedStay, booked: { flight: bookedFlight !== null, stay: bookedStay !== null } };
}

const flightCode = (segment: FlightSegment) => segment.flightNumber;

/** Provider times are "YYYY-MM-DDTHH:MM"; the calendar wants seconds too. */
const seconds = (local: string) => (local.length === 16 ? `${local}:00` : local);
