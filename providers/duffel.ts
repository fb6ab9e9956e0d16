// Duffel (https://duffel.com) flights and stays through the official @duffel/api client.
// - flights: POST /air/offer_requests?return_offers=true {data: {slices, passengers, cabin_class}} → data.offers[]
// - stays:   POST /stays/search {data: {location: {radius, geographic_coordinates}, check_in_date, check_out_date,
//            rooms, guests}} → data.results[]
// The SDK's base-URL option is `basePath` (DUFFEL_API_URL). It has no cancellation, so a caller abort or
// the deadline settles our promise at once while the HTTP request finishes in the background.
// Importing the SDK replaces `process.env` with a plain copy (it injects its version); providers/index.ts
// imports this module lazily, only when DUFFEL_ACCESS_TOKEN is set.
import { Duffel, DuffelError } from '@duffel/api';
import type { CreateOfferRequestPassenger, FlightsCondition, Offer, OfferSliceSegment, StaysRate, StaysSearchResult } from '@duffel/api/types';
import type { BaggageAllowance, CabinClass, FareConditions, FareRule, FlightOffer, FlightSegment, StayCancellationPolicy, StayOffer } from '../domain/trip.js';
import { daysBetween } from '../domain/dates.js';
import { asProviderError, isRetryableStatus, withDeadline } from './http.js';
import { cancellationPolicy, distanceToCentreKm } from './offerFacts.js';
import { ProviderError, type FlightProvider, type FlightSearch, type StayProvider, type StaySearch } from './types.js';

export const DUFFEL_PROVIDER_NAME = 'duffel';
/** Children are sent with an age (Duffel types them per airline rules); the request carries no ages. */
export const DUFFEL_DEFAULT_CHILD_AGE = 8;
/** How long Duffel may wait for airlines (ms, its `supplier_timeout`), and our overall deadline. */
const SUPPLIER_TIMEOUT_MS = 20_000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Offer requests can return hundreds of offers; the planner needs the cheapest few. */
const DEFAULT_MAX_OFFERS = 20;
/** Stays search radius around the city centre, in kilometres. */
const DEFAULT_STAY_RADIUS_KM = 5;

export interface DuffelOptions {
  token: string;
  /** DUFFEL_API_URL; the SDK's `basePath`. */
  baseUrl?: string;
  timeoutMs?: number;
  maxOffers?: number;
  stayRadiusKm?: number;
}

export function createDuffelClient(options: Pick<DuffelOptions, 'token' | 'baseUrl'>): Duffel {
  return new Duffel({ token: options.token, basePath: options.baseUrl, source: 'tripsage' });
}

export class DuffelFlightProvider implements FlightProvider {
  readonly name = DUFFEL_PROVIDER_NAME;
  private readonly client: Duffel;

  constructor(
    private readonly options: DuffelOptions,
    client?: Duffel,
  ) {
    this.client = client ?? createDuffelClient(options);
  }

  async searchFlights(search: FlightSearch, signal?: AbortSignal): Promise<FlightOffer[]> {
    const passengers: CreateOfferRequestPassenger[] = [
      ...Array.from({ length: search.adults }, (): CreateOfferRequestPassenger => ({ type: 'adult' })),
      ...Array.from({ length: search.children }, (): CreateOfferRequestPassenger => ({ age: DUFFEL_DEFAULT_CHILD_AGE })),
    ];
    const slices = [
      { origin: search.origin, destination: search.destination, departure_date: search.departDate, arrival_time: null, departure_time: null },
    ];
    if (search.returnDate) {
      slices.push({ origin: search.destination, destination: search.origin, departure_date: search.returnDate, arrival_time: null, departure_time: null });
    }
    const response = await this.call('offer request', signal, () =>
      this.client.offerRequests.create({
        slices,
        passengers,
        cabin_class: search.cabinClass,
        return_offers: true,
        supplier_timeout: SUPPLIER_TIMEOUT_MS,
      }),
    );
    return (response.data.offers ?? [])
      .map((offer) => mapOffer(offer, search.cabinClass))
      .sort((a, b) => a.price.amount - b.price.amount)
      .slice(0, this.options.maxOffers ?? DEFAULT_MAX_OFFERS);
  }

  private call<T>(what: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    return duffelCall(what, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal, work);
  }
}

export class DuffelStayProvider implements StayProvider {
  readonly name = DUFFEL_PROVIDER_NAME;
  private readonly client: Duffel;

  constructor(
    private readonly options: DuffelOptions,
    client?: Duffel,
  ) {
    this.client = client ?? createDuffelClient(options);
  }

  async searchStays(search: StaySearch, signal?: AbortSignal): Promise<StayOffer[]> {
    const nights = daysBetween(search.checkIn, search.checkOut);
    if (nights < 1) throw new ProviderError(this.name, 'check-out must be after check-in', false);
    const response = await duffelCall('stays search', this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal, () =>
      this.client.stays.search({
        location: {
          radius: this.options.stayRadiusKm ?? DEFAULT_STAY_RADIUS_KM,
          geographic_coordinates: { latitude: search.latitude, longitude: search.longitude },
        },
        check_in_date: search.checkIn,
        check_out_date: search.checkOut,
        rooms: search.rooms,
        guests: [
          ...Array.from({ length: search.adults }, () => ({ type: 'adult' as const })),
          ...Array.from({ length: search.children }, () => ({ type: 'child' as const, age: DUFFEL_DEFAULT_CHILD_AGE })),
        ],
      }),
    );
    return response.data.results
      .map((result) => mapStay(result, search, nights))
      .sort((a, b) => a.totalPrice.amount - b.totalPrice.amount);
  }
}

async function duffelCall<T>(what: string, timeoutMs: number, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return withDeadline(DUFFEL_PROVIDER_NAME, what, timeoutMs, signal, async () => {
    try {
      return await work();
    } catch (error) {
      throw toProviderError(what, error);
    }
  });
}

/** Duffel API errors → ProviderError: 429/5xx retryable with the status; network failures retryable. */
export function toProviderError(what: string, error: unknown): ProviderError {
  if (error instanceof DuffelError) {
    const status = error.status ?? error.meta?.status;
    const first = error.errors?.[0];
    const detail = first ? `${first.title}: ${first.message}` : (error.message || 'no details');
    const retryable = status === undefined ? true : isRetryableStatus(status);
    return new ProviderError(DUFFEL_PROVIDER_NAME, `${what} failed${status ? ` with HTTP ${status}` : ''}: ${detail}`, retryable, status);
  }
  return asProviderError(DUFFEL_PROVIDER_NAME, error);
}

/** The offer fields we map (offer requests return offers without `available_services`). */
export type DuffelOffer = Omit<Offer, 'available_services'>;

export function mapOffer(offer: DuffelOffer, requestedCabin: CabinClass): FlightOffer {
  const [outboundSlice, inboundSlice] = offer.slices;
  const outbound = (outboundSlice?.segments ?? []).map(mapSegment);
  const inbound = (inboundSlice?.segments ?? []).map(mapSegment);
  const sliceMinutes = (slice: DuffelOffer['slices'][number] | undefined): number => {
    if (!slice) return 0;
    const parsed = slice.duration ? parseIsoDuration(slice.duration) : null;
    return parsed ?? slice.segments.reduce((sum, segment) => sum + (segment.duration ? (parseIsoDuration(segment.duration) ?? 0) : 0), 0);
  };
  const cabin = outboundSlice?.segments[0]?.passengers[0]?.cabin_class;
  return {
    id: offer.id,
    provider: DUFFEL_PROVIDER_NAME,
    outbound,
    inbound,
    cabinClass: isCabinClass(cabin) ? cabin : requestedCabin,
    stops: Math.max(0, ...offer.slices.map((slice) => slice.segments.length - 1)),
    totalDurationMinutes: sliceMinutes(outboundSlice) + sliceMinutes(inboundSlice),
    price: { amount: Number(offer.total_amount), currency: offer.total_currency },
    expiresAt: offer.expires_at,
    ...(offer.conditions && { conditions: mapConditions(offer.conditions) }),
    ...optional('baggage', mapBaggage(offer)),
    // The ids an order names its passengers by; Duffel types a child by age (type null or 'child').
    passengers: offer.passengers.map((passenger) => ({ id: passenger.id, type: passenger.type === 'adult' ? ('adult' as const) : ('child' as const) })),
  };
}

function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function mapConditions(conditions: DuffelOffer['conditions']): FareConditions {
  return { refundBeforeDeparture: mapRule(conditions.refund_before_departure), changeBeforeDeparture: mapRule(conditions.change_before_departure) };
}

/** Duffel states the penalty for all passengers; zero means free, which our rule writes as no penalty. */
function mapRule(condition: FlightsCondition | null | undefined): FareRule | null {
  if (!condition) return null;
  const amount = condition.penalty_amount === null ? null : Number(condition.penalty_amount);
  const penalty = condition.allowed && amount !== null && amount > 0 && Number.isFinite(amount) && condition.penalty_currency ? { amount, currency: condition.penalty_currency } : null;
  return { allowed: condition.allowed, penalty };
}

/**
 * Bags per passenger each way: the first passenger's allowance on the segment that allows least (a bag
 * included on one leg but not the next is not included for the journey); null when no segment states any.
 */
function mapBaggage(offer: DuffelOffer): BaggageAllowance | null {
  const firstPassenger = offer.passengers[0]?.id;
  const allowances = offer.slices
    .flatMap((slice) => slice.segments)
    .map((segment) => (segment.passengers.find((passenger) => passenger.passenger_id === firstPassenger) ?? segment.passengers[0])?.baggages)
    .filter((baggages) => Array.isArray(baggages))
    .map((baggages) => ({
      checked: baggages.filter((bag) => bag.type === 'checked').reduce((sum, bag) => sum + bag.quantity, 0),
      carryOn: baggages.filter((bag) => bag.type === 'carry_on').reduce((sum, bag) => sum + bag.quantity, 0),
    }));
  if (allowances.length === 0) return null;
  return { checked: Math.min(...allowances.map((bags) => bags.checked)), carryOn: Math.min(...allowances.map((bags) => bags.carryOn)) };
}

function mapSegment(segment: OfferSliceSegment): FlightSegment {
  const carrier = segment.marketing_carrier;
  return {
    carrier: { code: carrier.iata_code ?? '', name: carrier.name },
    flightNumber: `${carrier.iata_code ?? ''}${segment.marketing_carrier_flight_number}`,
    origin: segment.origin.iata_code ?? segment.origin.id,
    destination: segment.destination.iata_code ?? segment.destination.id,
    // Duffel sends local times without an offset ("2026-06-12T20:25:00"); keep minutes precision.
    departAt: segment.departing_at.slice(0, 16),
    arriveAt: segment.arriving_at.slice(0, 16),
    durationMinutes: segment.duration ? (parseIsoDuration(segment.duration) ?? 0) : 0,
  };
}

export function mapStay(result: StaysSearchResult, search: StaySearch, nights: number): StayOffer {
  const accommodation = result.accommodation;
  const total = Number(result.cheapest_rate_total_amount);
  const currency = result.cheapest_rate_currency;
  const coordinates = accommodation.location?.geographic_coordinates;
  return {
    id: result.id,
    provider: DUFFEL_PROVIDER_NAME,
    name: accommodation.name,
    cityCode: search.cityCode,
    latitude: coordinates?.latitude ?? search.latitude,
    longitude: coordinates?.longitude ?? search.longitude,
    rating: accommodation.rating ?? 0, // 0 = unrated
    reviewScore: accommodation.review_score ?? null,
    checkIn: result.check_in_date ?? search.checkIn,
    checkOut: result.check_out_date ?? search.checkOut,
    nights,
    pricePerNight: { amount: Math.round((total / nights) * 100) / 100, currency },
    totalPrice: { amount: total, currency },
    amenities: (accommodation.amenities ?? []).map((amenity) => amenity.type),
    expiresAt: result.expires_at,
    // Duffel's address has no neighbourhood; coordinates give the distance (none: unknown, not zero).
    ...(coordinates && { distanceToCentreKm: distanceToCentreKm(search, coordinates) }),
    ...optional('cancellationPolicy', stayCancellation(result)),
  };
}

/**
 * The cheapest rate's `cancellation_timeline` (ascending deadlines, each with the amount refunded before
 * it) as a policy; null when the result carries no rates (search results may omit them).
 */
function stayCancellation(result: StaysSearchResult): StayCancellationPolicy | null {
  const rates: StaysRate[] = (result.accommodation.rooms ?? []).flatMap((room) => room.rates ?? []);
  if (rates.length === 0) return null;
  const rate = rates.find((candidate) => candidate.total_amount === result.cheapest_rate_total_amount) ?? [...rates].sort((a, b) => Number(a.total_amount) - Number(b.total_amount))[0]!;
  const total = Number(rate.total_amount);
  const refunding = (rate.cancellation_timeline ?? []).filter((entry) => Number(entry.refund_amount) > 0);
  const full = refunding.filter((entry) => Number(entry.refund_amount) >= total).map((entry) => entry.before);
  const partial = refunding.filter((entry) => Number(entry.refund_amount) < total).map((entry) => entry.before);
  const latest = (instants: string[]) => (instants.length === 0 ? null : instants.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)));
  return cancellationPolicy({ fullRefundUntil: latest(full), partialRefundUntil: latest(partial) });
}

/** ISO 8601 duration (PT7H10M, P1DT2H30M) in whole minutes; null when unparseable. */
export function parseIsoDuration(duration: string): number | null {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 1440 + Number(hours ?? 0) * 60 + Number(minutes ?? 0) + Math.round(Number(seconds ?? 0) / 60);
}

function isCabinClass(value: unknown): value is CabinClass {
  return value === 'economy' || value === 'premium_economy' || value === 'business' || value === 'first';
}
