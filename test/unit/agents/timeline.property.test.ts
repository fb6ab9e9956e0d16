// Property tests (pure, no stack): itineraries follow the selected flight and only sane offers reach a plan.
// Trips are generated from the places data (random pairs, domestic pairs, long-haul overnight pairs), with
// offers from the real sandbox flight provider or from an arbitrary with random segment times and day offsets.
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { wallDate, wallMinutes, wallMinutesOf } from '../../../agents/dates.js';
import { buildItinerary, MIN_AIRPORT_BEFORE_DEPARTURE_MINUTES } from '../../../agents/itinerary.js';
import { addDays, dateRange } from '../../../domain/dates.js';
import { checkFlightOffer, checkStayOffer, MIN_STAY_AT_DESTINATION_MINUTES, partitionOffers, wallClockMinutes } from '../../../domain/offerSanity.js';
import { loadPlaces, type CityInfo, type PlaceIndex } from '../../../domain/places.js';
import { emptyTripRequest, paces, type FlightOffer, type FlightSegment, type ItineraryDay, type Pace, type StayOffer, type TripRequest } from '../../../domain/trip.js';
import { SandboxFlightProvider } from '../../../providers/sandbox/flights.js';
import { ProviderError } from '../../../providers/types.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const RUNS = 120;

let places: PlaceIndex;
let cities: CityInfo[];
let domesticGroups: CityInfo[][];
let sandbox: SandboxFlightProvider;

beforeAll(async () => {
  places = await loadPlaces();
  const byCode = new Map<string, CityInfo>();
  for (const name of places.placeNames()) {
    for (const city of places.citiesNamed(name)) if (city.airports[0]?.size === 'large') byCode.set(city.code, city);
  }
  cities = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  const byCountry = new Map<string, CityInfo[]>();
  for (const city of cities) byCountry.set(city.countryCode, [...(byCountry.get(city.countryCode) ?? []), city]);
  domesticGroups = [...byCountry.values()].filter((group) => group.length >= 2);
  sandbox = new SandboxFlightProvider({ places, now: () => NOW });
});

// ---- Generators ----

/** Long-haul pairs with overnight flights and date-line crossings, and the routes travelers reported. */
const LONG_HAUL: readonly [string, string][] = [
  ['CHI', 'TYO'],
  ['LAX', 'SYD'],
  ['NYC', 'LIS'],
  ['NYC', 'ROM'],
  ['LON', 'SIN'],
  ['SFO', 'AKL'],
  ['TYO', 'HNL'],
  ['SYD', 'LON'],
  ['GRU', 'JNB'],
  ['DXB', 'LAX'],
];

const routeArb = (): fc.Arbitrary<[string, string]> =>
  fc.oneof(
    fc.constantFrom(...LONG_HAUL),
    fc.constantFrom(...LONG_HAUL).map(([from, to]): [string, string] => [to, from]),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]): [string, string] => {
      const from = cities[a % cities.length] as CityInfo;
      const to = cities[b % cities.length] as CityInfo;
      return [from.code, to.code];
    }),
    fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([g, a, b]): [string, string] => {
      const group = domesticGroups[g % domesticGroups.length] as CityInfo[];
      const from = group[a % group.length] as CityInfo;
      const to = group[(a + 1 + (b % (group.length - 1))) % group.length] as CityInfo;
      return [from.code, to.code];
    }),
  );

interface TripShape {
  route: [string, string];
  departDate: string;
  /** null: one-way. */
  nights: number | null;
  pace: Pace;
}

const tripArb: fc.Arbitrary<TripShape> = fc.record({
  route: fc.constant(null).chain(() => routeArb()),
  departDate: fc.integer({ min: 10, max: 330 }).map((offset) => addDays('2026-12-01', offset)),
  nights: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null, freq: 5 }),
  pace: fc.constantFrom(...paces),
});

function requestFor(trip: TripShape): TripRequest {
  const [origin, destination] = trip.route;
  return {
    ...emptyTripRequest,
    origin: { city: origin, iata: origin },
    destination: { city: destination, iata: destination },
    departDate: trip.departDate,
    returnDate: trip.nights === null ? null : addDays(trip.departDate, trip.nights),
    adults: 2,
    interests: ['food', 'museums'],
  };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A slice with 1–2 segments: random local times and day offsets (time zones make local arrival before departure possible). */
const sliceArb = (from: string, to: string, hub: string) =>
  fc.record({
    departMinute: fc.integer({ min: 0, max: 1_439 }),
    legs: fc.array(fc.record({ dayOffset: fc.integer({ min: -1, max: 2 }), minute: fc.integer({ min: 0, max: 1_439 }), duration: fc.integer({ min: 45, max: 1_100 }) }), { minLength: 1, maxLength: 2 }),
  }).map(({ departMinute, legs }) => (date: string): FlightSegment[] => {
    const airports = legs.length === 1 ? [from, to] : [from, hub, to];
    let departDay = date;
    let departAt = departMinute;
    return legs.map((leg, index) => {
      const arriveDay = addDays(departDay, leg.dayOffset);
      const segment: FlightSegment = {
        carrier: { code: 'ZZ', name: 'Test Air' },
        flightNumber: `ZZ${100 + index}`,
        origin: airports[index] as string,
        destination: airports[index + 1] as string,
        departAt: `${departDay}T${hhmm(departAt)}`,
        arriveAt: `${arriveDay}T${hhmm(leg.minute)}`,
        durationMinutes: leg.duration,
      };
      // The next leg leaves 1–3 h after this one lands (same airport: same clock).
      const next = leg.minute + 60 + ((leg.duration * 7) % 120);
      departDay = addDays(arriveDay, Math.floor(next / 1_440));
      departAt = next % 1_440;
      return segment;
    });
  });

const arbitraryOfferArb = fc
  .record({ trip: tripArb, price: fc.oneof(fc.integer({ min: 1, max: 9_000 }), fc.constant(0)), currency: fc.constantFrom('EUR', 'USD', 'JPY', 'XYZ') })
  .chain(({ trip, price, currency }) =>
    fc.record({ out: sliceArb(trip.route[0], trip.route[1], 'DOH'), back: sliceArb(trip.route[1], trip.route[0], 'IST'), returnShift: fc.constantFrom(0, 0, 0, 1, -1) }).map(({ out, back, returnShift }) => {
      const request = requestFor(trip);
      const outbound = out(trip.departDate);
      const inbound = request.returnDate ? back(addDays(request.returnDate, returnShift)) : [];
      const offer: FlightOffer = {
        id: 'arbitrary',
        provider: 'test',
        outbound,
        inbound,
        cabinClass: 'economy',
        stops: Math.max(outbound.length, inbound.length) - 1,
        totalDurationMinutes: [...outbound, ...inbound].reduce((sum, segment) => sum + segment.durationMinutes, 0),
        price: { amount: price, currency },
        expiresAt: '2026-12-01T10:00:00Z',
      };
      return { trip, request, offer };
    }),
  );

async function sandboxOffers(request: TripRequest): Promise<FlightOffer[] | null> {
  try {
    return await sandbox.searchFlights({
      origin: request.origin?.iata ?? '',
      destination: request.destination?.iata ?? '',
      departDate: request.departDate ?? '',
      returnDate: request.returnDate,
      adults: request.adults,
      children: 0,
      cabinClass: 'economy',
    });
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return null; // same metro, no routing: not a trip
    throw error;
  }
}

// ---- Invariants ----

const FREE_TIME_KINDS = new Set(['activity', 'meal']);
const isCheckIn = (title: string) => /^(Check in|Drop bags)/.test(title);

function itineraryFor(request: TripRequest, pace: Pace, flight: FlightOffer): ItineraryDay[] {
  return buildItinerary({ request, pace, destination: null, flight, stay: null, interests: request.interests, costLevel: 3, currency: 'EUR', places });
}

function reachOf(from: string | undefined, to: string | undefined): 'international' | 'domestic' {
  const country = (code: string | undefined) => (code ? (places.airport(code)?.countryCode ?? places.city(code)?.countryCode ?? null) : null);
  const [a, b] = [country(from), country(to)];
  return a !== null && a === b ? 'domestic' : 'international';
}

/** Every rule the issue lists, for one itinerary of one accepted offer. */
function expectFollowsTheFlight(days: ItineraryDay[], offer: FlightOffer): void {
  const outboundFirst = offer.outbound[0] as FlightSegment;
  const outboundLast = offer.outbound.at(-1) as FlightSegment;
  const inboundFirst = offer.inbound[0];
  const inboundLast = offer.inbound.at(-1);
  const landing = wallMinutesOf(outboundLast.arriveAt) as number;
  const arrivalDate = wallDate(landing);
  const departDate = outboundFirst.departAt.slice(0, 10);
  const leave = wallMinutesOf(inboundFirst?.departAt);
  const homeDate = inboundLast?.arriveAt.slice(0, 10) ?? null;

  // Days: contiguous, numbered, from the outbound departure to the inbound departure (+ whole days in the air home).
  const first = departDate < arrivalDate ? departDate : arrivalDate;
  expect(days[0]?.date).toBe(first);
  expect(days.map((day) => day.day)).toEqual(days.map((_, index) => index + 1));
  expect(days.map((day) => day.date)).toEqual(dateRange(first, days.at(-1)?.date ?? first));
  if (leave !== null && homeDate) {
    const leaveDate = wallDate(leave);
    const lastTravel = addDays(homeDate, -1) > leaveDate ? addDays(homeDate, -1) : leaveDate;
    expect(days.at(-1)?.date).toBe(lastTravel);
  }

  const transferOut = days.flatMap((day) => day.entries.filter((entry) => entry.kind === 'transfer' && entry.title.endsWith(' airport')).map((entry) => wallMinutes(day.date, entry.time ?? '00:00')));
  const shortStop = days.some((day) => day.entries.some((entry) => entry.title === 'Short stop'));
  if (leave !== null && inboundFirst) {
    const minimum = MIN_AIRPORT_BEFORE_DEPARTURE_MINUTES[reachOf(inboundFirst.origin, inboundLast?.destination)];
    if (!shortStop) expect(transferOut).toHaveLength(1);
    for (const at of transferOut) expect(leave - at).toBeGreaterThanOrEqual(minimum);
  } else {
    expect(transferOut).toHaveLength(0);
  }

  // Every entry against the rules, collected and asserted once: one expect() per entry made this the
  // slowest unit test (jest builds every matcher for each call), with no stronger check to show for it.
  const misplaced: string[] = [];
  for (const day of days) {
    const inTheAir = day.date < arrivalDate || (leave !== null && day.date > wallDate(leave));
    for (const entry of day.entries) {
      const busy = FREE_TIME_KINDS.has(entry.kind) || (entry.kind === 'stay' && isCheckIn(entry.title));
      const where = `${day.date} ${entry.time ?? '--:--'} ${entry.kind} "${entry.title}"`;
      if (inTheAir) {
        // Before landing and after leaving: flights only (a day fully in the air, or the departure day).
        if (entry.kind !== 'flight') misplaced.push(`${where}: not a flight while in the air`);
        continue;
      }
      if (!busy) continue;
      if (entry.time === null) misplaced.push(`${where}: no time`);
      const at = wallMinutes(day.date, entry.time ?? '00:00');
      if (!(at > landing)) misplaced.push(`${where}: before the local arrival`);
      if (transferOut.some((out) => !(at < out))) misplaced.push(`${where}: after leaving for the airport`);
      if (shortStop && entry.kind === 'activity') misplaced.push(`${where}: an activity on a short stop`);
    }
  }
  expect(misplaced).toEqual([]);
  // The arrival day shows the landing (or the same-day flight) at the offer's times.
  const arrivalDay = days.find((day) => day.date === arrivalDate);
  const flightTimes = arrivalDay?.entries.filter((entry) => entry.kind === 'flight').map((entry) => entry.time) ?? [];
  expect(flightTimes.some((time) => time === outboundLast.arriveAt.slice(11, 16) || time === outboundFirst.departAt.slice(11, 16))).toBe(true);
  // A same-day arrival late at night gets no activities.
  if (Number(outboundLast.arriveAt.slice(11, 13)) >= 20) {
    expect(arrivalDay?.entries.filter((entry) => FREE_TIME_KINDS.has(entry.kind))).toEqual([]);
  }
}

function expectSane(offer: FlightOffer, request: TripRequest): void {
  const landing = wallClockMinutes(offer.outbound.at(-1)?.arriveAt ?? '') as number;
  expect(offer.outbound[0]?.departAt.slice(0, 10)).toBe(request.departDate);
  expect(offer.price.amount).toBeGreaterThan(0);
  for (const slice of [offer.outbound, offer.inbound]) {
    for (const [index, segment] of slice.entries()) {
      if (index > 0) expect(wallClockMinutes(segment.departAt)).toBeGreaterThanOrEqual(wallClockMinutes(slice[index - 1]?.arriveAt ?? '') as number);
    }
  }
  if (request.returnDate) {
    const leave = wallClockMinutes(offer.inbound[0]?.departAt ?? '') as number;
    expect(offer.inbound[0]?.departAt.slice(0, 10)).toBe(request.returnDate);
    expect(leave - landing).toBeGreaterThanOrEqual(MIN_STAY_AT_DESTINATION_MINUTES);
  } else {
    expect(offer.inbound).toEqual([]);
  }
}

// ---- Properties ----

describe('itineraries follow the selected flight (property)', () => {
  it('holds for the sandbox provider’s offers on generated trips', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(tripArb, async (trip) => {
        const request = requestFor(trip);
        const offers = await sandboxOffers(request);
        if (!offers) return;
        const { accepted } = partitionOffers(offers, (offer) => checkFlightOffer(offer, { departDate: trip.departDate, returnDate: request.returnDate }));
        for (const offer of accepted) {
          expectSane(offer, request);
          expectFollowsTheFlight(itineraryFor(request, trip.pace, offer), offer);
          checked += 1;
        }
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS); // most generated trips have sane offers
  });

  it('holds for arbitrary segment times and day offsets, and the sanity rules reject the rest', () => {
    let accepted = 0;
    fc.assert(
      fc.property(arbitraryOfferArb, ({ trip, request, offer }) => {
        const verdict = checkFlightOffer(offer, { departDate: trip.departDate, returnDate: request.returnDate });
        if (!verdict.ok) return;
        accepted += 1;
        expectSane(offer, request);
        expectFollowsTheFlight(itineraryFor(request, trip.pace, offer), offer);
      }),
      { numRuns: RUNS * 8 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});

// ---- The reported cases ----

function segment(number: string, from: string, to: string, departAt: string, arriveAt: string, minutes: number): FlightSegment {
  return { carrier: { code: number.slice(0, 2), name: number.startsWith('NH') ? 'ANA' : 'United' }, flightNumber: number, origin: from, destination: to, departAt, arriveAt, durationMinutes: minutes };
}

function offerOf(outbound: FlightSegment[], inbound: FlightSegment[], amount = 1_800, currency = 'USD'): FlightOffer {
  return {
    id: 'case',
    provider: 'test',
    outbound,
    inbound,
    cabinClass: 'economy',
    stops: Math.max(outbound.length, inbound.length) - 1,
    totalDurationMinutes: 1_500,
    price: { amount, currency },
    expiresAt: '2027-03-01T10:00:00Z',
  };
}

const tokyo = (overrides: Partial<TripRequest> = {}): TripRequest => ({
  ...emptyTripRequest,
  origin: { city: 'Chicago', iata: 'CHI' },
  destination: { city: 'Tokyo', iata: 'TYO' },
  departDate: '2027-04-03',
  returnDate: '2027-04-10',
  adults: 2,
  interests: ['food'],
  ...overrides,
});

describe('the reported ORD → HND trip', () => {
  const overnight = offerOf([segment('UA881', 'ORD', 'HND', '2027-04-03T20:40', '2027-04-05T04:50', 790)], [segment('UA882', 'HND', 'ORD', '2027-04-10T18:55', '2027-04-10T16:30', 695)]);

  it('flies on day 1, is in the air on day 2, lands early on day 3 and leaves in time on the last day', () => {
    const days = itineraryFor(tokyo(), 'balanced', overnight);
    expect(days.map((day) => day.title.split(' ')[0])).toEqual(['Travel', 'In', 'Arrival', expect.any(String), expect.any(String), expect.any(String), expect.any(String), 'Last']);
    expect(days[0]?.entries).toEqual([expect.objectContaining({ time: '20:40', kind: 'flight', description: 'United, nonstop; arrives 04:50 on Mon 5 Apr local time.' })]);
    expect(days[1]?.entries.map((entry) => entry.kind)).toEqual(['flight']);
    const arrival = days[2]?.entries.map((entry) => `${entry.time} ${entry.kind} ${entry.title}`) ?? [];
    expect(arrival.slice(0, 3)).toEqual(['04:50 flight Land in Tokyo (HND)', '05:50 transfer Transfer to your accommodation', '06:50 stay Drop bags / early check-in at your accommodation']);
    expect(arrival.join('\n')).not.toMatch(/15:00|23:59/);
    const last = days.at(-1)?.entries ?? [];
    expect(last.find((entry) => entry.kind === 'transfer')).toMatchObject({ time: '14:55', title: 'Transfer to HND airport' });
    expect(last.at(-1)).toMatchObject({ time: '18:55', kind: 'flight', title: 'Flight UA882 HND → ORD' });
  });

  it('rejects the follow-up offer whose return leaves before the outbound lands', () => {
    const followUp = offerOf([segment('UA881', 'ORD', 'HND', '2027-04-03T20:40', '2027-04-05T04:15', 755)], [segment('UA882', 'HND', 'ORD', '2027-04-04T18:55', '2027-04-04T16:30', 695)]);
    expect(checkFlightOffer(followUp, { departDate: '2027-04-03', returnDate: '2027-04-04' })).toEqual({ ok: false, reason: 'inbound_too_soon' });
    expect(checkFlightOffer(overnight, { departDate: '2027-04-03', returnDate: '2027-04-10' })).toEqual({ ok: true });
    expect(checkFlightOffer(overnight, { departDate: '2027-04-04', returnDate: '2027-04-10' })).toEqual({ ok: false, reason: 'wrong_depart_date' });
    expect(checkFlightOffer(overnight, { departDate: '2027-04-03', returnDate: '2027-04-11' })).toEqual({ ok: false, reason: 'wrong_return_date' });
    expect(checkFlightOffer(overnight, { departDate: '2027-04-03', returnDate: null })).toEqual({ ok: false, reason: 'unexpected_inbound' });
    expect(checkFlightOffer(offerOf(overnight.outbound, overnight.inbound, 0), { departDate: '2027-04-03', returnDate: '2027-04-10' })).toEqual({ ok: false, reason: 'bad_price' });
    expect(checkFlightOffer(offerOf(overnight.outbound, overnight.inbound, 900, 'ABC'), { departDate: '2027-04-03', returnDate: '2027-04-10' })).toEqual({ ok: false, reason: 'unknown_currency' });
  });

  it('a late same-day landing gets check-in only; a domestic flight home leaves 2 h at the airport', () => {
    const late = offerOf([segment('UA501', 'ORD', 'SFO', '2027-04-03T19:00', '2027-04-03T21:40', 280)], [segment('UA502', 'SFO', 'ORD', '2027-04-06T12:00', '2027-04-06T18:10', 250)]);
    const days = itineraryFor(tokyo({ destination: { city: 'San Francisco', iata: 'SFO' }, returnDate: '2027-04-06' }), 'packed', late);
    expect(days).toHaveLength(4);
    expect(days[0]?.entries.map((entry) => `${entry.time} ${entry.kind}`)).toEqual(['19:00 flight', '22:10 transfer', '23:10 stay']);
    expect(days.at(-1)?.entries.find((entry) => entry.kind === 'transfer')?.time).toBe('09:00'); // 12:00 − 2 h − 1 h transfer
  });
});

describe('stay sanity', () => {
  const stay = (checkIn: string, checkOut: string, nights: number, amount = 600): StayOffer => ({
    id: 's',
    provider: 'test',
    name: 'Casa',
    cityCode: 'LIS',
    latitude: 38.7,
    longitude: -9.1,
    rating: 3,
    reviewScore: 8,
    checkIn,
    checkOut,
    nights,
    pricePerNight: { amount: amount / Math.max(nights, 1), currency: 'EUR' },
    totalPrice: { amount, currency: 'EUR' },
    amenities: [],
    expiresAt: '2026-12-01T10:00:00Z',
  });
  const trip = { departDate: '2026-12-10', returnDate: '2026-12-14' };

  it('accepts stays inside the trip with nights and a price, rejects the rest', () => {
    expect(checkStayOffer(stay('2026-12-10', '2026-12-14', 4), trip)).toEqual({ ok: true });
    expect(checkStayOffer(stay('2026-12-09', '2026-12-14', 5), trip)).toEqual({ ok: false, reason: 'outside_trip' });
    expect(checkStayOffer(stay('2026-12-10', '2026-12-15', 5), trip)).toEqual({ ok: false, reason: 'outside_trip' });
    expect(checkStayOffer(stay('2026-12-12', '2026-12-12', 0), trip)).toEqual({ ok: false, reason: 'no_nights' });
    expect(checkStayOffer(stay('2026-12-10', '2026-12-14', 3), trip)).toEqual({ ok: false, reason: 'nights_mismatch' });
    expect(checkStayOffer(stay('2026-12-10', '2026-12-14', 4, -5), trip)).toEqual({ ok: false, reason: 'bad_price' });
  });

  it('every accepted generated stay lies inside the trip with positive nights and prices', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 6 }), fc.integer({ min: -2, max: 8 }), fc.integer({ min: -1, max: 9 }), fc.integer({ min: -10, max: 2_000 }), (start, length, nights, amount) => {
        const checkIn = addDays(trip.departDate, start);
        const offer = stay(checkIn, addDays(checkIn, length), nights, amount);
        if (!checkStayOffer(offer, trip).ok) return;
        expect(offer.checkIn >= trip.departDate && offer.checkOut <= trip.returnDate).toBe(true);
        expect(offer.nights).toBeGreaterThan(0);
        expect(offer.totalPrice.amount).toBeGreaterThan(0);
      }),
    );
  });
});
