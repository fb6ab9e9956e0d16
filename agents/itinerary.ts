// Itinerary specialist (deterministic): one ItineraryDay per calendar day from departure to return
// (nights + 1 days). Arrival and departure days are built around the selected flight's times; full days
// get activity slots by pace, filled with named places for the traveler's interests by the activity picker
// (activityPlanner.ts); wet days (forecast) get indoor activities and a note; a requested day trip takes a full day.
import type { DailyWeather, DestinationBrief, FlightOffer, ItineraryDay, ItineraryEntry, Money, Pace, StayOffer, TripRequest } from '../domain/trip.js';
import { dateRange } from '../domain/dates.js';
import { clockTime, dateOf, minutesOf, shortDate, timeOf } from './dates.js';
import { createActivityPicker } from './activityPlanner.js';
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

export function buildItinerary(input: ItineraryInput): ItineraryDay[] {
  const { request, pace, destination, flight, stay } = input;
  if (!request.departDate) return [];
  const end = request.returnDate && request.returnDate >= request.departDate ? request.returnDate : request.departDate;
  const dates = dateRange(request.departDate, end).slice(0, MAX_DAYS);
  const city = destination?.city ?? request.destination?.city ?? 'town';
  const daily = dailyEstimate(input.costLevel, pace, request.adults, request.children, input.currency);
  const money = (amount: number): Money => ({ amount: roundMoney(amount), currency: input.currency });

  // Named places and meals for the traveler's interests (agents/activityPlanner.ts), one picker per itinerary.
  const picker = createActivityPicker({ cityCode: destination?.iata ?? request.destination?.iata, cityNames: [request.destination?.city, destination?.city], interests: input.interests });

  const activity = (time: string, slot: Slot, wet: boolean, themes: Set<string>): ItineraryEntry | null => {
    const chosen = picker.next(slot, wet);
    if (!chosen) return null;
    if (chosen.interest) themes.add(chosen.interest);
    return {
      time,
      kind: 'activity',
      title: chosen.title,
      description: chosen.description + (wet && chosen.indoor ? ' (indoors)' : ''),
      cost: money(daily.activities * chosen.costShare),
    };
  };
  const meal = (time: string, which: 'lunch' | 'dinner', dayIndex: number): ItineraryEntry => ({
    time,
    kind: 'meal',
    ...picker.meal(which, dayIndex),
    cost: money(daily.food * (which === 'lunch' ? 0.35 : 0.5)),
  });

  const outboundFirst = flight?.outbound[0];
  const outboundLast = flight?.outbound.at(-1);
  const inboundFirst = flight?.inbound[0];
  const inboundLast = flight?.inbound.at(-1);
  const arrival = timeOf(outboundLast?.arriveAt);
  const homeDeparture = inboundFirst && dateOf(inboundFirst.departAt) === end ? timeOf(inboundFirst.departAt) : null;
  const stayName = stay?.name ?? 'your accommodation';

  return dates.map((date, index): ItineraryDay => {
    const weather: DailyWeather | null = destination?.weather.find((day) => day.date === date) ?? null;
    const wet = isWetDay(weather);
    const isFirst = index === 0;
    const isLast = index === dates.length - 1 && dates.length > 1;
    const entries: ItineraryEntry[] = [];
    const themes = new Set<string>();
    if (wet && weather) {
      entries.push({ time: null, kind: 'note', title: 'Rain expected', description: `${weather.summary}, ${weather.precipitationMm} mm — indoor plan today.`, cost: null });
    }

    if (isFirst) {
      let free = minutesOf('14:00');
      if (flight && outboundFirst && outboundLast) {
        const arrivalDate = dateOf(outboundLast.arriveAt);
        entries.push({
          time: timeOf(outboundFirst.departAt),
          kind: 'flight',
          title: `Flight ${flightNumber(outboundFirst)} ${outboundFirst.origin} → ${outboundLast.destination}`,
          description: `${outboundFirst.carrier.name}, ${stopsLabel(flight.outbound.length - 1)}; arrives ${arrival ?? '?'}${arrivalDate && arrivalDate !== date ? ` on ${shortDate(arrivalDate)}` : ''} local time.`,
          cost: null,
        });
        const arrivalMinutes = arrival && arrivalDate === date ? minutesOf(arrival) : minutesOf('23:00');
        entries.push({ time: clockTime(arrivalMinutes + 30), kind: 'transfer', title: `Transfer to ${stayName}`, description: 'Airport train, bus or taxi into town.', cost: money(daily.localTransport * 0.6) });
        free = arrivalMinutes + 90;
      }
      const checkIn = Math.max(free, minutesOf('15:00'));
      entries.push({ time: clockTime(checkIn), kind: 'stay', title: `Check in at ${stayName}`, description: stay ? `${stay.nights} nights, ${stay.rating}★` : null, cost: null });
      if (checkIn <= minutesOf('16:30')) {
        const first = activity(clockTime(checkIn + 60), 'afternoon', wet, themes);
        if (first) entries.push(first);
      }
      if (checkIn <= minutesOf('20:00')) entries.push(meal(clockTime(Math.max(checkIn + 60 * (checkIn <= minutesOf('16:30') ? 3 : 1), minutesOf('19:30'))), 'dinner', index));
      if (dates.length === 1 && homeDeparture) entries.push(...departureEntries());
      return { day: index + 1, date, title: `Arrival in ${city}`, weather, entries: sortEntries(entries) };
    }

    if (isLast) {
      const departs = homeDeparture ? minutesOf(homeDeparture) : null;
      const checkOut = departs !== null ? Math.min(minutesOf('11:00'), departs - 180) : minutesOf('11:00');
      if (checkOut >= minutesOf('10:00')) {
        const morning = activity(clockTime(Math.min(checkOut - 90, minutesOf('09:30'))), 'morning', wet, themes);
        if (morning) entries.push(morning);
      }
      entries.push({ time: clockTime(Math.max(checkOut, minutesOf('05:00'))), kind: 'stay', title: `Check out of ${stayName}`, description: 'Leave luggage at the reception if the flight is later.', cost: null });
      if (departs === null || departs - 150 >= minutesOf('13:30')) {
        const late = activity(clockTime(checkOut + 30), 'morning', wet, themes);
        if (late) entries.push(late);
        entries.push(meal(clockTime(Math.max(checkOut + 120, minutesOf('12:30'))), 'lunch', index));
      }
      if (departs !== null) entries.push(...departureEntries());
      return { day: index + 1, date, title: homeDeparture ? `Last hours in ${city} and flight home` : `Last day in ${city}`, weather, entries: sortEntries(entries) };
    }

    // A requested day trip takes the next full day ("Day trip to Nikko").
    const dayTrip = picker.takeDayTrip();
    if (dayTrip) {
      entries.push(
        { time: '08:30', kind: 'activity', title: dayTrip.title, description: dayTrip.description, cost: money(daily.activities * 0.8) },
        { time: '12:30', kind: 'meal', title: `Lunch in ${dayTrip.place}`, description: 'Something local where the day takes you.', cost: money(daily.food * 0.35) },
        { time: '17:30', kind: 'transfer', title: `Back to ${city}`, description: 'Train, bus or tour transport back in the early evening.', cost: money(daily.localTransport * 2) },
        meal('19:30', 'dinner', index),
      );
      return { day: index + 1, date, title: `${wet ? 'Rainy day: ' : ''}${dayTrip.title}`, weather, entries: sortEntries(entries) };
    }
    for (const { time, slot } of FULL_DAY_SLOTS[pace]) {
      if (slot === 'lunch' || slot === 'dinner') {
        entries.push(meal(time, slot, index));
        continue;
      }
      const entry = activity(time, slot, wet, themes);
      if (entry) entries.push(entry);
    }
    const themeTitle = [...themes].slice(0, 2).map(capitalize).join(' & ');
    const title = `${wet ? 'Rainy day: ' : ''}${themeTitle || 'Exploring'} in ${city}`;
    return { day: index + 1, date, title, weather, entries: sortEntries(entries) };
  });

  function departureEntries(): ItineraryEntry[] {
    if (!flight || !inboundFirst || !homeDeparture) return [];
    const departs = minutesOf(homeDeparture);
    return [
      { time: clockTime(departs - 150), kind: 'transfer', title: `Transfer to ${inboundFirst.origin} airport`, description: 'Allow time for security.', cost: money(daily.localTransport * 0.6) },
      {
        time: homeDeparture,
        kind: 'flight',
        title: `Flight ${flightNumber(inboundFirst)} ${inboundFirst.origin} → ${inboundLast?.destination ?? ''}`.trim(),
        description: `${inboundFirst.carrier.name}, ${stopsLabel(flight.inbound.length - 1)}; lands ${timeOf(inboundLast?.arriveAt) ?? '?'} local time.`,
        cost: null,
      },
    ];
  }
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
