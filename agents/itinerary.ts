// Itinerary specialist (deterministic): one ItineraryDay per calendar day the trip covers. With a selected
// flight the days follow its segments in local time: from the outbound's departure date to the inbound's
// departure date, plus any whole day still in the air on the way home. Days before landing are travel days
// (flights only); the arrival day starts after landing, the airport and the transfer (early arrivals drop
// their bags, late ones only check in); the last day ends with check-out and a transfer that reaches the
// airport in time for the flight home. Full days get activity slots by pace, drawn round-robin from the
// traveler's interests; wet days (forecast) get indoor activities and a note. Which places and meals fill the
// slots is the activity picker's (activityPlanner.ts: named places for the traveler's interests); a requested
// day trip takes a full day. Without a flight: check-in at 15:00 on the first day, check-out at 11:00 on the last.
// A multi-city trip (`alsoVisiting`) splits the full days between the destination and the further cities
// in order: the first day in a city starts with the journey there, the final city's last day ends with the
// way back, as flights stay a round trip to the destination (open-jaw tickets are out of scope).
import type { PlaceIndex } from '../domain/places.js';
import type { DailyWeather, DestinationBrief, FlightOffer, FlightSegment, ItineraryDay, ItineraryEntry, Money, Pace, PlaceRef, StayOffer, TripRequest } from '../domain/trip.js';
import { addDays, dateRange } from '../domain/dates.js';
import { clockTime, dateOf, minutesOf, shortDate, timeOf, wallDate, wallMinutes, wallMinutesOf, wallTime } from './dates.js';
import { createActivityPicker, type ActivityPicker } from './activityPlanner.js';
import { dailyEstimate, isWetDay, roundMoney, type CostLevel } from './knowledge.js';
import { flightNumber, stopsLabel } from './ranking.js';

export interface ItineraryInput {
  request: TripRequest;
  pace: Pace;
  destination: DestinationBrief | null;
  flight: FlightOffer | null;
  stay: StayOffer | null;
  interests: readonly string[];
  costLevel: CostLevel;
  currency: string;
  /** Airports' countries, for international vs domestic airport times; unknown airports count as international. */
  places?: Pick<PlaceIndex, 'airport' | 'city'> | null;
}

type Slot = 'morning' | 'afternoon' | 'evening';

const FULL_DAY_SLOTS: Record<Pace, { time: string; slot: Slot | 'lunch' | 'dinner' }[]> = {
  relaxed: [
    { time: '10:00', slot: 'morning' },
    { time: '12:30', slot: 'lunch' },
    { time: '15:30', slot: 'afternoon' },
    { time: '19:30', slot: 'dinner' },
  ],
  balanced: [
    { time: '09:30', slot: 'morning' },
    { time: '12:30', slot: 'lunch' },
    { time: '14:30', slot: 'afternoon' },
    { time: '17:00', slot: 'afternoon' },
    { time: '19:30', slot: 'dinner' },
  ],
  packed: [
    { time: '09:00', slot: 'morning' },
    { time: '11:00', slot: 'morning' },
    { time: '13:00', slot: 'lunch' },
    { time: '14:30', slot: 'afternoon' },
    { time: '17:00', slot: 'afternoon' },
    { time: '19:30', slot: 'dinner' },
    { time: '21:30', slot: 'evening' },
  ],
};

const MAX_DAYS = 30;

/** Through the arrival airport (immigration, baggage) before the transfer into town. */
export const ARRIVAL_AIRPORT_MINUTES = { international: 60, domestic: 30 } as const;
/** Least time at the airport before the flight home: the transfer to the airport leaves at least this early. */
export const MIN_AIRPORT_BEFORE_DEPARTURE_MINUTES = { international: 180, domestic: 120 } as const;
/** Airport ⇄ stay by train, bus or taxi. */
const TRANSFER_MINUTES = 60;
/** Reaching the stay before this means the room is not ready: drop bags, light day. */
const EARLY_ARRIVAL_BEFORE = '11:00';
/** Landing at or after this: check in and sleep, no activities. */
const LATE_LANDING_FROM = '20:00';
const STANDARD_CHECK_IN = '15:00';
const STANDARD_CHECK_OUT = '11:00';
const ACTIVITY_MINUTES = 90;
const MEAL_MINUTES = 60;
/** A day trip or the journey to the next city of a multi-city trip leaves at this time … */
const DAY_OUT_LEAVE = '08:30';
/** … the journey leaves the day free from this time … */
const NEXT_CITY_FROM = '11:00';
/** … and a day trip or the way back from the last city leaves at this time. */
const DAY_OUT_RETURN = '17:30';

export function buildItinerary(input: ItineraryInput): ItineraryDay[] {
  const { request, pace, destination, flight, stay } = input;
  if (!request.departDate) return [];
  // The place as the traveler named it (Kyoto), not the metro area its airport code stands for (OSA: Osaka).
  const city = request.destination?.city ?? destination?.city ?? 'town';
  const daily = dailyEstimate(input.costLevel, pace, request.adults, request.children, input.currency);
  const money = (amount: number): Money => ({ amount: roundMoney(amount), currency: input.currency });

  // Named places and meals for the traveler's interests (agents/activityPlanner.ts), one picker per city of the itinerary.
  const picker = createActivityPicker({ cityCode: destination?.iata ?? request.destination?.iata, cityNames: [request.destination?.city, destination?.city], interests: input.interests });

  const activity = (time: string, slot: Slot, wet: boolean, themes: Set<string>, from: ActivityPicker = picker): ItineraryEntry | null => {
    const chosen = from.next(slot, wet);
    if (!chosen) return null;
    if (chosen.interest) themes.add(chosen.interest);
    return {
      time,
      kind: 'activity',
      title: chosen.title,
      description: chosen.description + (wet && chosen.indoor && !/indoors/i.test(chosen.description) ? ' (indoors)' : ''),
      cost: money(daily.activities * chosen.costShare),
    };
  };
  const meal = (time: string, which: 'lunch' | 'dinner', dayIndex: number, from: ActivityPicker = picker): ItineraryEntry => ({
    time,
    kind: 'meal',
    ...from.meal(which, dayIndex),
    cost: money(daily.food * (which === 'lunch' ? 0.35 : 0.5)),
  });

  const stayName = stay?.name ?? 'your accommodation';
  const timeline = flight ? flightTimeline(flight, input.places ?? null) : null;

  // The days: outbound departure (or arrival, when the date line makes it the earlier) … inbound departure,
  // then whole days still in the air on the way home. Without a flight: departDate … returnDate.
  const arrivalDate = timeline ? timeline.arrivalDate : request.departDate;
  const firstDate = timeline && timeline.departDate < arrivalDate ? timeline.departDate : arrivalDate;
  const lastDate =
    timeline?.leave !== null && timeline?.leave !== undefined
      ? laterDate(arrivalDate, wallDate(timeline.leave))
      : laterDate(arrivalDate, request.returnDate ?? stay?.checkOut ?? arrivalDate);
  const homeDate = timeline?.homeDate ?? null;
  const travelEnd = homeDate && addDays(homeDate, -1) > lastDate ? addDays(homeDate, -1) : lastDate;
  const dates = dateRange(firstDate, travelEnd).slice(0, MAX_DAYS);
  const stops = cityStops(
    city,
    request.alsoVisiting ?? [],
    dates.filter((date) => date > arrivalDate && date < lastDate),
    (place) => createActivityPicker({ cityCode: input.places?.city(place.iata)?.code ?? place.iata, cityNames: [place.city], interests: input.interests }),
  );

  // Moments at the destination, in its wall-clock minutes (see agents/dates.ts).
  const turnaround = lastDate === arrivalDate && timeline?.leave !== null && timeline?.leave !== undefined;
  const transferIn = timeline ? timeline.landing + ARRIVAL_AIRPORT_MINUTES[timeline.arrivalReach] : null;
  const atStay = transferIn !== null ? transferIn + TRANSFER_MINUTES : wallMinutes(arrivalDate, STANDARD_CHECK_IN);
  const lateLanding = timeline !== null && (minutesOf(wallTime(timeline.landing)) >= minutesOf(LATE_LANDING_FROM) || wallDate(atStay) !== arrivalDate);
  const early = timeline !== null && !lateLanding && minutesOf(wallTime(atStay)) < minutesOf(EARLY_ARRIVAL_BEFORE);
  const checkIn = early || lateLanding || turnaround ? atStay : Math.max(atStay, wallMinutes(arrivalDate, STANDARD_CHECK_IN));
  const transferOut = timeline?.leave !== null && timeline?.leave !== undefined ? timeline.leave - MIN_AIRPORT_BEFORE_DEPARTURE_MINUTES[timeline.departureReach] - TRANSFER_MINUTES : null;
  // Too little time between landing and the flight home to go into town and back.
  const shortStop = transferOut !== null && transferOut < atStay + 60;
  const checkOut =
    transferOut !== null
      ? turnaround
        ? transferOut - 15
        : Math.min(wallMinutes(lastDate, STANDARD_CHECK_OUT), transferOut - 15)
      : lastDate > arrivalDate
        ? wallMinutes(lastDate, STANDARD_CHECK_OUT)
        : null;

  /** May an activity or meal of `minutes` start at `time` on `date`: after reaching the stay, done before leaving for the airport. */
  const free = (date: string, time: string, minutes: number): boolean => {
    const at = wallMinutes(date, time);
    return !shortStop && at >= checkIn && (transferOut === null || at + minutes <= transferOut);
  };

  // Flights, transfers, check-in and check-out, placed on the day their local time falls on.
  const fixed = new Map<string, ItineraryEntry[]>();
  const place = (date: string, entry: ItineraryEntry) => fixed.set(date, [...(fixed.get(date) ?? []), entry]);
  if (stops.unplaced.length > 0) {
    const names = stops.unplaced.map((further) => further.city).join(' and ');
    place(arrivalDate, { time: null, kind: 'note', title: `No free day for ${names}`, description: `The trip has no full day left for ${names}: add days to fit ${stops.unplaced.length > 1 ? 'them' : 'it'} in.`, cost: null });
  }
  if (flight && timeline) {
    for (const [date, entry] of outboundEntries(flight, timeline, city)) place(date, entry);
    if (shortStop) {
      const hours = Math.floor(((timeline.leave ?? timeline.landing) - timeline.landing) / 60);
      place(arrivalDate, { time: null, kind: 'note', title: 'Short stop', description: `Only ${hours} h between landing and the flight home: stay at the airport.`, cost: null });
    } else if (transferIn !== null) {
      place(wallDate(transferIn), { time: wallTime(transferIn), kind: 'transfer', title: `Transfer to ${stayName}`, description: 'Airport train, bus or taxi into town.', cost: money(daily.localTransport * 0.6) });
    }
  }
  if (!shortStop) {
    place(wallDate(checkIn), {
      time: wallTime(checkIn),
      kind: 'stay',
      title: early ? `Drop bags / early check-in at ${stayName}` : `Check in at ${stayName}`,
      description: stay ? `${stay.nights} nights, ${stay.rating}★` : null,
      cost: null,
    });
    if (checkOut !== null) {
      place(wallDate(checkOut), { time: wallTime(checkOut), kind: 'stay', title: `Check out of ${stayName}`, description: 'Leave luggage at the reception if the flight is later.', cost: null });
    }
  }
  const inboundFirst = flight?.inbound[0];
  if (flight && timeline && inboundFirst && timeline.leave !== null && transferOut !== null) {
    if (!shortStop) {
      const before = MIN_AIRPORT_BEFORE_DEPARTURE_MINUTES[timeline.departureReach] / 60;
      place(wallDate(transferOut), {
        time: wallTime(transferOut),
        kind: 'transfer',
        title: `Transfer to ${inboundFirst.origin} airport`,
        description: `Be at the airport by ${wallTime(transferOut + TRANSFER_MINUTES)}, ${before} h before the ${timeline.departureReach} flight.`,
        cost: money(daily.localTransport * 0.6),
      });
    }
    for (const [date, entry] of inboundEntries(flight, timeline)) place(date, entry);
  }

  return dates.map((date, index): ItineraryDay => {
    const entries: ItineraryEntry[] = [...(fixed.get(date) ?? [])];
    const day = index + 1;
    // Every day shows the destination's weather, travel days too (what to pack, what the landing brings).
    const weather: DailyWeather | null = destination?.weather.find((forecast) => forecast.date === date) ?? null;
    if (date < arrivalDate) {
      const title = timeline && date === timeline.departDate ? `Travel day: flying to ${city}` : 'In the air';
      return { day, date, title, weather, entries: sortEntries(entries) };
    }
    if (date > lastDate) return { day, date, title: 'In the air', weather, entries: sortEntries(entries) };

    const wet = isWetDay(weather);
    const themes = new Set<string>();
    if (wet && weather) {
      entries.push({ time: null, kind: 'note', title: 'Rain expected', description: `${weather.summary}, ${weather.precipitationMm} mm — indoor plan today.`, cost: null });
    }
    const add = (entry: ItineraryEntry | null) => {
      if (entry) entries.push(entry);
    };

    if (date === arrivalDate) {
      if (early) {
        // Off an overnight flight, room not ready yet: lunch and one light activity.
        if (free(date, '12:30', MEAL_MINUTES)) entries.push(meal('12:30', 'lunch', index));
        const afternoon = clockTime(Math.max(minutesOf(wallTime(checkIn)) + 120, minutesOf('14:30')));
        if (free(date, afternoon, ACTIVITY_MINUTES)) add(activity(afternoon, 'afternoon', wet, themes));
        if (free(date, '19:30', MEAL_MINUTES)) entries.push(meal('19:30', 'dinner', index));
      } else if (!lateLanding && wallDate(checkIn) === date) {
        const checkInMinutes = minutesOf(wallTime(checkIn));
        const afternoon = clockTime(checkInMinutes + 60);
        if (checkInMinutes <= minutesOf('16:30') && free(date, afternoon, ACTIVITY_MINUTES)) add(activity(afternoon, 'afternoon', wet, themes));
        const dinner = clockTime(Math.max(checkInMinutes + 60 * (checkInMinutes <= minutesOf('16:30') ? 3 : 1), minutesOf('19:30')));
        if (checkInMinutes <= minutesOf('20:00') && free(date, dinner, MEAL_MINUTES)) entries.push(meal(dinner, 'dinner', index));
      }
      return { day, date, title: `Arrival in ${city}`, weather, entries: sortEntries(entries) };
    }

    if (date === lastDate && checkOut !== null) {
      const checkOutMinutes = wallDate(checkOut) === date ? minutesOf(wallTime(checkOut)) : 0;
      if (checkOutMinutes >= minutesOf('10:00')) {
        const morning = clockTime(Math.min(checkOutMinutes - 90, minutesOf('09:30')));
        if (free(date, morning, ACTIVITY_MINUTES)) add(activity(morning, 'morning', wet, themes));
      }
      const late = clockTime(checkOutMinutes + 30);
      if (checkOutMinutes > 0 && free(date, late, ACTIVITY_MINUTES)) add(activity(late, 'morning', wet, themes));
      const lunch = clockTime(Math.max(checkOutMinutes + 120, minutesOf('12:30')));
      if (checkOutMinutes > 0 && free(date, lunch, MEAL_MINUTES)) entries.push(meal(lunch, 'lunch', index));
      return { day, date, title: inboundFirst ? `Last hours in ${city} and flight home` : `Last day in ${city}`, weather, entries: sortEntries(entries) };
    }

    /** The day's slots by pace from `from`, skipping those that overlap the day's journeys; after `backAt`, in the destination again. */
    const fillSlots = (from: ActivityPicker, startAt: string | null, backAt: string | null) => {
      for (const { time, slot } of FULL_DAY_SLOTS[pace]) {
        const minutes = slot === 'lunch' || slot === 'dinner' ? MEAL_MINUTES : ACTIVITY_MINUTES;
        const back = backAt !== null && minutesOf(time) >= minutesOf(backAt);
        if (startAt !== null && minutesOf(time) < minutesOf(startAt)) continue;
        if (backAt !== null && !back && minutesOf(time) + minutes > minutesOf(backAt)) continue;
        // A check-in after midnight or a check-out the evening before an early flight shortens the day.
        if (!free(date, time, minutes)) continue;
        const at = back ? picker : from;
        if (slot === 'lunch' || slot === 'dinner') {
          entries.push(meal(time, slot, index, at));
          continue;
        }
        add(activity(time, slot, wet, themes, at));
      }
    };
    const dayTitle = (where: string) => `${wet ? 'Rainy day: ' : ''}${[...themes].slice(0, 2).map(capitalize).join(' & ') || 'Exploring'} in ${where}`;

    // A further city of a multi-city trip: the journey there on its first day, back on the final city's last.
    const stop = stops.byDate.get(date);
    if (stop) {
      if (stop.arrivingFrom) {
        entries.push({
          time: DAY_OUT_LEAVE,
          kind: 'transfer',
          title: `Travel to ${stop.city}`,
          description: `Train, bus or a short flight from ${stop.arrivingFrom}. The stay found is in ${city}: book nights in ${stop.city} to stay over.`,
          cost: money(daily.localTransport * 2),
        });
      }
      if (stop.returning) {
        entries.push({ time: DAY_OUT_RETURN, kind: 'transfer', title: `Back to ${city}`, description: `Train, bus or a short flight back in the early evening; the flight home leaves from ${city}.`, cost: money(daily.localTransport * 2) });
      }
      fillSlots(stop.picker, stop.arrivingFrom ? NEXT_CITY_FROM : null, stop.returning ? DAY_OUT_RETURN : null);
      return { day, date, title: dayTitle(stop.city), weather, entries: sortEntries(entries) };
    }

    // A requested day trip takes the next whole free day ("Day trip to Nikko").
    const dayTrip = free(date, DAY_OUT_LEAVE, 11 * 60) ? picker.takeDayTrip() : null;
    if (dayTrip) {
      entries.push(
        { time: DAY_OUT_LEAVE, kind: 'activity', title: dayTrip.title, description: dayTrip.description, cost: money(daily.activities * 0.8) },
        { time: '12:30', kind: 'meal', title: `Lunch in ${dayTrip.place}`, description: 'Something local where the day takes you.', cost: money(daily.food * 0.35) },
        { time: DAY_OUT_RETURN, kind: 'transfer', title: `Back to ${city}`, description: 'Train, bus or tour transport back in the early evening.', cost: money(daily.localTransport * 2) },
        meal('19:30', 'dinner', index),
      );
      return { day, date, title: `${wet ? 'Rainy day: ' : ''}${dayTrip.title}`, weather, entries: sortEntries(entries) };
    }
    fillSlots(picker, null, null);
    return { day, date, title: dayTitle(city), weather, entries: sortEntries(entries) };
  });
}

/** A full day spent in a further city of a multi-city trip. */
interface StopDay {
  city: string;
  picker: ActivityPicker;
  /** On the city's first day: the city left that morning. */
  arrivingFrom: string | null;
  /** On the last day of the final city: the evening's way back to the destination. */
  returning: boolean;
}

/**
 * The full days of each further city, in order after the destination's: an even split of `fullDates`,
 * the remainder to the earliest cities; with fewer days than further cities, a day each for as many as
 * fit, and the rest `unplaced`.
 */
function cityStops(destination: string, further: readonly PlaceRef[], fullDates: readonly string[], pickerFor: (place: PlaceRef) => ActivityPicker): { byDate: Map<string, StopDay>; unplaced: PlaceRef[] } {
  const byDate = new Map<string, StopDay>();
  if (further.length === 0) return { byDate, unplaced: [] };
  const cities = further.length + 1;
  const shares = fullDates.length > further.length
    ? Array.from({ length: cities }, (_, k) => Math.floor(fullDates.length / cities) + (k < fullDates.length % cities ? 1 : 0))
    : [0, ...further.map((_, k) => (k < fullDates.length ? 1 : 0))];
  let next = shares[0] ?? 0;
  let previous = destination;
  const placed = further.filter((_, k) => (shares[k + 1] ?? 0) > 0);
  for (const [k, place] of further.entries()) {
    const days = fullDates.slice(next, next + (shares[k + 1] ?? 0));
    next += days.length;
    if (days.length === 0) continue;
    const picker = pickerFor(place);
    for (const [d, date] of days.entries()) {
      byDate.set(date, { city: place.city, picker, arrivingFrom: d === 0 ? previous : null, returning: place === placed.at(-1) && d === days.length - 1 });
    }
    previous = place.city;
  }
  return { byDate, unplaced: further.filter((place) => !placed.includes(place)) };
}

type Reach = 'international' | 'domestic';

/** The selected flight's moments: dates local to each airport, destination times as wall-clock minutes. */
interface FlightTimeline {
  /** Outbound departure, local at the origin. */
  departDate: string;
  /** Outbound landing, wall-clock minutes at the destination. */
  landing: number;
  arrivalDate: string;
  /** Inbound departure, wall-clock minutes at the destination (null: one-way). */
  leave: number | null;
  /** Inbound landing date, local at home. */
  homeDate: string | null;
  arrivalReach: Reach;
  departureReach: Reach;
}

function flightTimeline(flight: FlightOffer, places: Pick<PlaceIndex, 'airport' | 'city'> | null): FlightTimeline | null {
  const outboundFirst = flight.outbound[0];
  const outboundLast = flight.outbound.at(-1);
  const landing = wallMinutesOf(outboundLast?.arriveAt);
  const departDate = dateOf(outboundFirst?.departAt);
  if (!outboundFirst || !outboundLast || landing === null || !departDate) return null;
  const inboundFirst = flight.inbound[0];
  const inboundLast = flight.inbound.at(-1);
  const country = (code: string) => places?.airport(code)?.countryCode ?? places?.city(code)?.countryCode ?? null;
  const reach = (from: string | undefined, to: string | undefined): Reach => {
    const [a, b] = [from ? country(from) : null, to ? country(to) : null];
    return a !== null && a === b ? 'domestic' : 'international';
  };
  return {
    departDate,
    landing,
    arrivalDate: wallDate(landing),
    leave: wallMinutesOf(inboundFirst?.departAt),
    homeDate: dateOf(inboundLast?.arriveAt),
    arrivalReach: reach(outboundFirst.origin, outboundLast.destination),
    departureReach: reach(inboundFirst?.origin, inboundLast?.destination),
  };
}

/** "Air Europa", "Qatar Airways + Japan Airlines" */
function carriersOf(segments: readonly FlightSegment[]): string {
  return [...new Set(segments.map((segment) => segment.carrier.name))].join(' + ');
}

function stopsOf(segments: readonly FlightSegment[]): string {
  const hubs = segments.slice(1).map((segment) => segment.origin);
  return `${stopsLabel(hubs.length)}${hubs.length > 0 ? ` via ${hubs.join(', ')}` : ''}`;
}

/** "04:50 on Sun 5 Apr" when the date differs from `onDate`, else "04:50". */
function localMoment(dateTime: string, onDate: string): string {
  const date = dateOf(dateTime);
  return `${timeOf(dateTime) ?? '?'}${date && date !== onDate ? ` on ${shortDate(date)}` : ''}`;
}

/**
 * Travel days get the flight (departure, connections departing that day, "in the air"); the arrival day
 * gets the flight itself when it departs and lands the same day, else the landing.
 */
function outboundEntries(flight: FlightOffer, timeline: FlightTimeline, city: string): [string, ItineraryEntry][] {
  const segments = flight.outbound;
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last) return [];
  const placed: [string, ItineraryEntry][] = [];
  const { departDate, arrivalDate } = timeline;
  const route = journeyTitle(segments);
  const summary = `${carriersOf(segments)}, ${stopsOf(segments)}`;
  const departsBeforeLanding = departDate === arrivalDate && (timeOf(first.departAt) ?? '') <= wallTime(timeline.landing);
  if (departsBeforeLanding || departDate < arrivalDate) {
    placed.push([
      departDate,
      { time: timeOf(first.departAt), kind: 'flight', title: `Flight ${route}`, description: `${summary}; arrives ${localMoment(last.arriveAt, departDate)} local time.`, cost: null },
    ]);
  }
  if (departsBeforeLanding) return placed;
  for (const date of dateRange(addDays(departDate, 1), arrivalDate)) {
    for (const [index, segment] of segments.entries()) {
      if (index === 0 || dateOf(segment.departAt) !== date) continue;
      placed.push([date, connectingFlightEntry(segment, date)]);
    }
    if (date < arrivalDate && !segments.some((segment) => dateOf(segment.departAt) === date)) {
      placed.push([date, { time: null, kind: 'flight', title: `In the air: flight ${route}`, description: `${summary}; lands ${localMoment(last.arriveAt, date)} local time.`, cost: null }]);
    }
  }
  placed.push([
    arrivalDate,
    {
      time: wallTime(timeline.landing),
      kind: 'flight',
      title: `Land in ${city} (${last.destination})`,
      description: `Flight ${flightNumber(last)} from ${last.origin}; left ${first.origin} ${localMoment(first.departAt, arrivalDate)} local time, ${stopsOf(segments)}.`,
      cost: null,
    },
  ]);
  return placed;
}

/** The flight home on its departure day, and "in the air" on whole days before it lands. */
function inboundEntries(flight: FlightOffer, timeline: FlightTimeline): [string, ItineraryEntry][] {
  const segments = flight.inbound;
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last || timeline.leave === null) return [];
  const leaveDate = wallDate(timeline.leave);
  const route = journeyTitle(segments);
  const summary = `${carriersOf(segments)}, ${stopsOf(segments)}`;
  const placed: [string, ItineraryEntry][] = [
    [leaveDate, { time: wallTime(timeline.leave), kind: 'flight', title: `Flight ${route}`, description: `${summary}; lands ${localMoment(last.arriveAt, leaveDate)} local time.`, cost: null }],
  ];
  const homeDate = timeline.homeDate;
  if (!homeDate) return placed;
  for (const date of dateRange(addDays(leaveDate, 1), addDays(homeDate, -1))) {
    const connections = segments.filter((segment, index) => index > 0 && dateOf(segment.departAt) === date);
    for (const segment of connections) {
      placed.push([date, connectingFlightEntry(segment, date)]);
    }
    if (connections.length === 0) {
      placed.push([date, { time: null, kind: 'flight', title: `In the air: flight ${route}`, description: `${summary}; lands ${localMoment(last.arriveAt, date)} local time.`, cost: null }]);
    }
  }
  return placed;
}

/** A connecting segment that leaves on a later day than the journey's first flight. */
function connectingFlightEntry(segment: FlightSegment, date: string): ItineraryEntry {
  return { time: timeOf(segment.departAt), kind: 'flight', title: `Connecting flight ${flightNumber(segment)} ${segment.origin} → ${segment.destination}`, description: `${segment.carrier.name}; arrives ${localMoment(segment.arriveAt, date)} local time.`, cost: null };
}

function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}

function sortEntries(entries: ItineraryEntry[]): ItineraryEntry[] {
  // Notes (no time) first, then by time; stable for equal times.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.time ?? '').localeCompare(b.entry.time ?? '') || a.index - b.index)
    .map(({ entry }) => entry);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "AC574 + AC18 ORD → HND": every leg's flight number, so a journey is never titled by its first leg alone. */
function journeyTitle(segments: readonly FlightSegment[]): string {
  const first = segments[0];
  const last = segments.at(-1);
  return `${segments.map((segment) => flightNumber(segment)).join(' + ')} ${first?.origin ?? ''} → ${last?.destination ?? ''}`;
}
