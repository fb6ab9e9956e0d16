// The built-in flight sandbox: believable, deterministic offers for any airport or city pair in the places
// index, with no network and no keys.
//
// Determinism: the schedule (carriers, routings, flight numbers, departure times) is seeded from
// sha256(origin|destination|date), so the same flights exist whenever you look; prices are additionally
// seeded by cabin, passengers and the search day (UTC) and drift smoothly with the injected clock, so a
// price watch polling over days sees fares move both up and down. Same inputs at the same clock → same offers.
//
// Realism: block times come from the great-circle distance (cruise ~800 km/h, ±4.5 % for jet-stream
// direction, plus 30 min taxi); connections go through a real hub of a real carrier with a 50–200 min
// layover; times are local to each airport's IANA zone; fares scale with distance, cabin, passengers
// (children ~75 %), season and weekday, advance purchase and the carrier.
import type { BaggageAllowance, CabinClass, FareConditions, FlightOffer, FlightSegment } from '../../domain/trip.js';
import { distanceKm, type AirportInfo } from '../../domain/places.js';
import { daysBetween } from '../../domain/dates.js';
import { isIsoDate } from '../../contracts/primitives.js';
import { formatLocalDateTime, localDate, utcDayNumber, zonedTimeToInstant } from '../dates.js';
import { ProviderError, type FlightProvider, type FlightSearch } from '../types.js';
import { advanceFactor, dailyNoise, flightWeekdayFactor, marketDrift, roundMoney, seasonFactor } from './pricing.js';
import { eurIn, SANDBOX_OFFER_TTL_MS, SandboxProvider } from './common.js';
import { SeededRandom, sha256Hex, stableId } from './random.js';
import {
  CARRIERS,
  GLOBAL_CONNECTORS,
  carrier as carrierByCode,
  homeCarriers,
  regionCarriers,
  resolvePlace,
  type Carrier,
  type ResolvedPlace,
} from './world.js';

const CRUISE_KMH = 800;
const TAXI_MINUTES = 30;
const MAX_NONSTOP_KM = 15_500;
/** Connections avoid ultra-long legs (the longest scheduled flights are ~15,000 km). */
const MAX_CONNECTING_LEG_KM = 13_000;
const CHILD_FARE_SHARE = 0.75;
const MAX_PASSENGERS = 9;

interface TimedSegment extends FlightSegment {
  departInstant: Date;
  arriveInstant: Date;
}

interface Itinerary {
  carrier: Carrier;
  segments: TimedSegment[];
  stops: number;
  elapsedMinutes: number;
  /** Stable identity of this routing on this date. */
  key: string;
}

interface Plan {
  carrier: Carrier;
  hub: AirportInfo | null;
}

export class SandboxFlightProvider extends SandboxProvider implements FlightProvider {
  async searchFlights(search: FlightSearch, signal?: AbortSignal): Promise<FlightOffer[]> {
    signal?.throwIfAborted();
    this.validate(search);
    const from = resolvePlace(this.places, search.origin, this.name);
    const to = resolvePlace(this.places, search.destination, this.name);
    if (from.city.code === to.city.code) {
      throw new ProviderError(this.name, `origin and destination are the same city (${from.city.code})`, false);
    }

    const now = this.now();
    const daysAhead = daysBetween(localDate(now, from.airport.timeZone), search.departDate);
    if (daysAhead < 0) throw new ProviderError(this.name, `departure date ${search.departDate} is in the past`, false);

    const outbound = this.itineraries(from, to, search.departDate);
    const inbound = search.returnDate ? this.itineraries(to, from, search.returnDate) : [];
    const searchDay = utcDayNumber(now);
    const passengers = search.adults + CHILD_FARE_SHARE * search.children;
    const hourBucket = Math.floor(now.getTime() / 3_600_000);
    const currency = this.quoteCurrency(this.countryCurrency(from.airport.countryCode));
    const routeKey = [from.airport.iata, to.airport.iata, search.departDate, search.returnDate ?? '-', search.cabinClass].join('|');

    const offers = outbound.map((out, index): FlightOffer => {
      const back = search.returnDate ? pairInbound(out, inbound, index) : null;
      const offerKey = `${routeKey}|${out.key}|${back?.key ?? '-'}`;
      const fare =
        (this.sliceFare(out, from, to, search.departDate, search.cabinClass) +
          (back && search.returnDate ? this.sliceFare(back, to, from, search.returnDate, search.cabinClass) : 0)) *
        (back ? 0.92 : 1);
      const price =
        fare *
        passengers *
        advanceFactor(daysAhead) *
        marketDrift(`${routeKey}|${out.carrier.code}`, now) *
        dailyNoise(offerKey, searchDay);
      return {
        id: stableId('sbx_off', offerKey, search.adults, search.children, hourBucket),
        provider: this.name,
        outbound: out.segments.map(publicSegment),
        inbound: back ? back.segments.map(publicSegment) : [],
        cabinClass: search.cabinClass,
        stops: Math.max(out.stops, back?.stops ?? 0),
        totalDurationMinutes: out.elapsedMinutes + (back?.elapsedMinutes ?? 0),
        price: { amount: roundMoney(eurIn(price, currency)), currency },
        expiresAt: new Date(now.getTime() + SANDBOX_OFFER_TTL_MS).toISOString(),
        ...fareFamily(out.carrier, search.cabinClass, distanceKm(from.airport, to.airport), from.airport.iata, to.airport.iata, search.adults + search.children, currency),
      };
    });
    return offers.sort((a, b) => a.price.amount - b.price.amount || a.totalDurationMinutes - b.totalDurationMinutes);
  }

  private validate(search: FlightSearch): void {
    // Each problem: the technical reason (logged) and how the traveler would fix their request.
    const problems: [string, string][] = [];
    if (!isIsoDate(search.departDate)) problems.push([`invalid departure date "${search.departDate}"`, 'the departure date could not be read']);
    if (search.returnDate !== null) {
      if (!isIsoDate(search.returnDate)) problems.push([`invalid return date "${search.returnDate}"`, 'the return date could not be read']);
      else if (isIsoDate(search.departDate) && search.returnDate < search.departDate) problems.push(['return date is before the departure date', 'no flights found — the return date is before the departure']);
    }
    if (!Number.isInteger(search.adults) || search.adults < 1) problems.push(['at least one adult is required', 'a flight needs at least one adult traveller']);
    if (!Number.isInteger(search.children) || search.children < 0) problems.push(['children must be a non-negative integer', 'the number of children could not be read']);
    if (search.adults + search.children > MAX_PASSENGERS) problems.push([`at most ${MAX_PASSENGERS} passengers per search`, `no flights found for that many people — book at most ${MAX_PASSENGERS} travellers together`]);
    if (problems.length > 0) {
      throw new ProviderError(this.name, problems.map(([detail]) => detail).join('; '), false, undefined, problems.map(([, reason]) => reason).join('; '));
    }
  }


  /** The day's routings from one airport to another: nonstops by home carriers, one-stops via real hubs. */
  private itineraries(from: ResolvedPlace, to: ResolvedPlace, date: string): Itinerary[] {
    const random = new SeededRandom('schedule', from.airport.iata, to.airport.iata, date);
    const km = distanceKm(from.airport, to.airport);
    const plans: Plan[] = [
      ...this.nonstopCarriers(from, to, km, random).map((carrier) => ({ carrier, hub: null })),
      ...this.connections(from, to, km).map(({ carrier, hub }) => ({ carrier, hub })),
    ];
    if (plans.length === 0) plans.push(...this.connections(from, to, km, true).slice(0, 1));
    if (plans.length === 0) {
      throw new ProviderError(this.name, `no sandbox routing from ${from.airport.iata} to ${to.airport.iata}`, false);
    }

    // 3–8 departures: the nonstops and the best connections, then extra frequencies of the carriers flying.
    const target = random.int(3, 8);
    const nonstops = plans.filter((plan) => !plan.hub);
    const connecting = plans.filter((plan) => plan.hub);
    const chosen: Plan[] = [];
    for (const plan of nonstops.slice(0, Math.max(1, target - 1))) chosen.push(plan);
    for (const plan of connecting) if (chosen.length < target) chosen.push(plan);
    const frequencies = chosen.length > 0 ? [...chosen] : plans;
    for (let i = 0; chosen.length < target; i += 1) chosen.push(frequencies[i % frequencies.length] as Plan);

    const longHaulEast = km > 5_000 && eastward(from.airport, to.airport) && Math.abs(to.airport.longitude - from.airport.longitude) > 40;
    const used = new Map<string, number[]>();
    return chosen.map((plan, index) => {
      const planKey = `${plan.carrier.code}|${plan.hub?.iata ?? '-'}`;
      const taken = used.get(planKey) ?? [];
      let minute = departureMinute(random, longHaulEast);
      for (let attempt = 0; attempt < 20 && taken.some((other) => Math.abs(other - minute) < 120); attempt += 1) {
        minute = departureMinute(random, longHaulEast && attempt < 10);
      }
      taken.push(minute);
      used.set(planKey, taken);
      return this.buildItinerary(plan, from.airport, to.airport, date, minute, taken.length - 1, random, index);
    });
  }

  private nonstopCarriers(from: ResolvedPlace, to: ResolvedPlace, km: number, random: SeededRandom): Carrier[] {
    const bothLarge = from.airport.size === 'large' && to.airport.size === 'large';
    if (km > MAX_NONSTOP_KM || (km > 3_000 && !bothLarge)) return [];
    const eligible = (carrier: Carrier) => km <= 4_500 || !carrier.lowCost;
    const fromSide = random.shuffle(homeCarriers(from.airport.countryCode).filter(eligible));
    const toSide = random.shuffle(homeCarriers(to.airport.countryCode).filter(eligible));
    const picked = unique([...fromSide.slice(0, 2), ...toSide.slice(0, 2)]).slice(0, 3);
    if (picked.length === 0 && from.region === to.region && km <= 3_000) {
      return [random.pick(regionCarriers(from.region))];
    }
    return picked;
  }

  /** One-stop routings via a carrier's hub, best detour first; `relaxed` drops the detour limit (remote pairs). */
  private connections(from: ResolvedPlace, to: ResolvedPlace, km: number, relaxed = false): Plan[] {
    const local = unique([
      ...homeCarriers(from.airport.countryCode),
      ...homeCarriers(to.airport.countryCode),
      ...regionCarriers(from.region),
      ...regionCarriers(to.region),
    ]);
    // Between regions, any network carrier whose hub lies on the way competes (Gulf, Istanbul, Asian hubs…).
    const global = relaxed || (from.region !== to.region && km > 3_000) ? CARRIERS : GLOBAL_CONNECTORS.map(carrierByCode);
    const limit = relaxed ? Number.POSITIVE_INFINITY : km < 1_000 ? 1.6 : km < 3_000 ? 1.4 : 1.3;
    const maxLeg = relaxed ? MAX_NONSTOP_KM : MAX_CONNECTING_LEG_KM;
    const options: { carrier: Carrier; hub: AirportInfo; score: number }[] = [];
    for (const carrier of unique([...local, ...global])) {
      if (carrier.lowCost) continue;
      const hub = this.places.airport(carrier.hub);
      if (!hub || hub.cityCode === from.city.code || hub.cityCode === to.city.code) continue;
      const first = distanceKm(from.airport, hub);
      const second = distanceKm(hub, to.airport);
      if (first < 150 || second < 150 || first > maxLeg || second > maxLeg) continue;
      const detour = (first + second) / Math.max(km, 1);
      // Home and regional carriers win near-ties against far-away networks.
      if (detour <= limit) options.push({ carrier, hub, score: detour + (local.includes(carrier) ? 0 : 0.04) });
    }
    options.sort((a, b) => a.score - b.score || a.carrier.code.localeCompare(b.carrier.code));
    const seenHubs = new Set<string>();
    const plans: Plan[] = [];
    for (const option of options) {
      if (seenHubs.has(option.hub.iata)) continue;
      seenHubs.add(option.hub.iata);
      plans.push({ carrier: option.carrier, hub: option.hub });
      if (plans.length === 4) break;
    }
    return plans;
  }

  private buildItinerary(
    plan: Plan,
    from: AirportInfo,
    to: AirportInfo,
    date: string,
    departMinute: number,
    frequency: number,
    random: SeededRandom,
    index: number,
  ): Itinerary {
    const firstDepart = zonedTimeToInstant(date, departMinute, from.timeZone);
    const segments: TimedSegment[] = [];
    if (!plan.hub) {
      segments.push(leg(plan.carrier, from, to, firstDepart, flightNumber(plan.carrier, from, to, frequency)));
    } else {
      const first = leg(plan.carrier, from, plan.hub, firstDepart, flightNumber(plan.carrier, from, plan.hub, frequency));
      const longLeg = distanceKm(from, plan.hub) > 4_000 || distanceKm(plan.hub, to) > 4_000;
      const layover = (longLeg ? random.int(14, 40) : random.int(10, 30)) * 5;
      const secondDepart = new Date(first.arriveInstant.getTime() + layover * 60_000);
      segments.push(first, leg(plan.carrier, plan.hub, to, secondDepart, flightNumber(plan.carrier, plan.hub, to, frequency)));
    }
    const last = segments[segments.length - 1] ?? segments[0];
    const elapsedMinutes = last ? Math.round((last.arriveInstant.getTime() - firstDepart.getTime()) / 60_000) : 0;
    return {
      carrier: plan.carrier,
      segments,
      stops: segments.length - 1,
      elapsedMinutes,
      key: `${segments.map((segment) => segment.flightNumber).join('+')}@${date}#${index}`,
    };
  }

  /** The fare of one slice for one adult before advance-purchase, drift and passenger factors. */
  private sliceFare(itinerary: Itinerary, from: ResolvedPlace, to: ResolvedPlace, date: string, cabin: CabinClass): number {
    const km = distanceKm(from.airport, to.airport);
    const routeCarrier = new SeededRandom('carrier-route', itinerary.carrier.code, from.airport.iata, to.airport.iata).float(0.92, 1.08);
    const departHour = Number(itinerary.segments[0]?.departAt.slice(11, 13) ?? 12);
    const timeOfDay = departHour < 7 || departHour >= 21 ? 0.94 : (departHour >= 7 && departHour < 9) || (departHour >= 17 && departHour < 19) ? 1.05 : 1;
    return (
      Math.max(45, 30 + 0.072 * km) *
      cabinMultiplier(cabin, km) *
      itinerary.carrier.fareLevel *
      routeCarrier *
      (itinerary.stops === 0 ? 1.07 : 0.9) *
      timeOfDay *
      seasonFactor(date, to.airport.latitude) *
      flightWeekdayFactor(date)
    );
  }
}

/** Per passenger, in EUR: what changing or refunding a fare costs, by cabin and haul. */
const CHANGE_FEE_EUR = { lowCost: 55, short: 70, long: 150 } as const;
const REFUND_FEE_EUR = { premium_economy: 150 } as const;

/**
 * What the fare includes, like the fare families airlines sell: low-cost economy a carry-on only and paid
 * changes; network economy paid changes, a checked bag on long haul (on short haul some carriers' basic
 * fares include one, seeded per carrier and route); premium economy refundable for a fee; business and
 * first refundable and changeable for free with two of each bag. Fees are for all passengers.
 */
function fareFamily(carrier: Carrier, cabin: CabinClass, km: number, from: string, to: string, passengers: number, currency: string): { conditions: FareConditions; baggage: BaggageAllowance } {
  const longHaul = km > 2_500;
  const fee = (perPassengerEur: number) => ({ amount: roundMoney(eurIn(perPassengerEur * passengers, currency)), currency });
  switch (cabin) {
    case 'economy': {
      const changeFee = carrier.lowCost ? CHANGE_FEE_EUR.lowCost : longHaul ? CHANGE_FEE_EUR.long : CHANGE_FEE_EUR.short;
      const checked = carrier.lowCost ? 0 : longHaul || new SeededRandom('fare-family', carrier.code, from, to).chance(0.5) ? 1 : 0;
      return {
        conditions: { refundBeforeDeparture: { allowed: false, penalty: null }, changeBeforeDeparture: { allowed: true, penalty: fee(changeFee) } },
        baggage: { checked, carryOn: 1 },
      };
    }
    case 'premium_economy':
      return {
        conditions: { refundBeforeDeparture: { allowed: true, penalty: fee(REFUND_FEE_EUR.premium_economy) }, changeBeforeDeparture: { allowed: true, penalty: null } },
        baggage: { checked: longHaul ? 2 : 1, carryOn: 1 },
      };
    case 'business':
    case 'first':
      return {
        conditions: { refundBeforeDeparture: { allowed: true, penalty: null }, changeBeforeDeparture: { allowed: true, penalty: null } },
        baggage: { checked: 2, carryOn: 2 },
      };
  }
}

function cabinMultiplier(cabin: CabinClass, km: number): number {
  const longHaul = km > 2_500;
  switch (cabin) {
    case 'economy':
      return 1;
    case 'premium_economy':
      return longHaul ? 1.7 : 1.4;
    case 'business':
      return longHaul ? 3.9 : 2.4;
    case 'first':
      return longHaul ? 6.5 : 3.2;
  }
}

function pairInbound(out: Itinerary, inbound: Itinerary[], index: number): Itinerary | null {
  return (
    inbound.find((candidate) => candidate.carrier.code === out.carrier.code && candidate.stops === out.stops) ??
    inbound.find((candidate) => candidate.carrier.code === out.carrier.code) ??
    inbound.find((candidate) => candidate.stops === out.stops) ??
    inbound[index % Math.max(inbound.length, 1)] ??
    null
  );
}

/** A departure time in minutes after local midnight, on a 5-minute grid. */
function departureMinute(random: SeededRandom, evening: boolean): number {
  return evening ? random.int(17 * 12, 22 * 12 + 11) * 5 : random.int(6 * 12, 21 * 12 + 11) * 5;
}

function leg(carrier: Carrier, from: AirportInfo, to: AirportInfo, depart: Date, number: string): TimedSegment {
  const minutes = blockMinutes(from, to);
  const arrive = new Date(depart.getTime() + minutes * 60_000);
  return {
    carrier: { code: carrier.code, name: carrier.name },
    flightNumber: number,
    origin: from.iata,
    destination: to.iata,
    departAt: formatLocalDateTime(depart, from.timeZone),
    arriveAt: formatLocalDateTime(arrive, to.timeZone),
    durationMinutes: minutes,
    departInstant: depart,
    arriveInstant: arrive,
  };
}

/** Block time: great-circle distance at cruise speed, adjusted for prevailing westerlies, plus taxi; 5-minute grid. */
export function blockMinutes(from: AirportInfo, to: AirportInfo): number {
  const km = distanceKm(from, to);
  const wind = km > 800 ? 1 - 0.045 * eastComponent(from, to) : 1;
  return Math.round((TAXI_MINUTES + (km / CRUISE_KMH) * 60 * wind) / 5) * 5;
}

function eastComponent(from: AirportInfo, to: AirportInfo): number {
  const rad = Math.PI / 180;
  const phi1 = from.latitude * rad;
  const phi2 = to.latitude * rad;
  const dLon = (to.longitude - from.longitude) * rad;
  const bearing = Math.atan2(Math.sin(dLon) * Math.cos(phi2), Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLon));
  return Math.sin(bearing);
}

function eastward(from: AirportInfo, to: AirportInfo): boolean {
  return eastComponent(from, to) > 0.3;
}

/** Long-haul flights get low numbers, short-haul higher ones; extra frequencies count up in twos. */
function flightNumber(carrier: Carrier, from: AirportInfo, to: AirportInfo, frequency: number): string {
  const seed = parseInt(sha256Hex(`${carrier.code}|${from.iata}|${to.iata}`).slice(0, 8), 16);
  const longHaul = distanceKm(from, to) > 4_000;
  const base = longHaul ? 1 + (seed % 240) : 300 + (seed % 2_400);
  return `${carrier.code}${base + frequency * 2}`;
}

function publicSegment(segment: TimedSegment): FlightSegment {
  return {
    carrier: segment.carrier,
    flightNumber: segment.flightNumber,
    origin: segment.origin,
    destination: segment.destination,
    departAt: segment.departAt,
    arriveAt: segment.arriveAt,
    durationMinutes: segment.durationMinutes,
  };
}

function unique(carriers: Carrier[]): Carrier[] {
  const seen = new Set<string>();
  return carriers.filter((carrier) => (seen.has(carrier.code) ? false : (seen.add(carrier.code), true)));
}
