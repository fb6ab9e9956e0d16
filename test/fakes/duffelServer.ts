// A local stand-in for the Duffel API speaking its documented JSON shapes, so the real @duffel/api client
// and our mapping run unchanged in tests:
// - POST /air/offer_requests[/]?return_offers=true  {data: {slices, passengers, cabin_class}} → 201 {data: {…, offers}}
// - POST /stays/search                               {data: {location, check_in_date, …}}      → 200 {data: {results}}
// - errors: {errors: [{type, title, message, code}], meta: {status, request_id}} with the HTTP status.
import { startFakeHttpServer, type FakeHttpServer, type JsonReply, type RecordedRequest } from './fakeHttp.js';

export interface OfferRequestSlice {
  origin: string;
  destination: string;
  departure_date: string;
}

export interface OfferRequestBody {
  slices: OfferRequestSlice[];
  passengers: ({ type: 'adult' } | { age: number })[];
  cabin_class?: string;
}

export interface StaysSearchBody {
  location: { radius: number; geographic_coordinates: { latitude: number; longitude: number } };
  check_in_date: string;
  check_out_date: string;
  rooms: number;
  guests: ({ type: 'adult' } | { type: 'child'; age: number })[];
}

export interface FakeDuffel extends FakeHttpServer {
  token: string;
  /** The `data` of every request body, in order. */
  bodies(): unknown[];
}

export const FAKE_DUFFEL_TOKEN = 'duffel_test_fake_token';

export function duffelError(status: number, type: string, code: string, title: string, message: string): JsonReply {
  return {
    status,
    body: {
      errors: [{ type, code, title, message, documentation_url: `https://duffel.com/docs/api/overview/errors#${code}` }],
      meta: { status, request_id: `req_${status}_${code}` },
    },
  };
}

export const rateLimited = (): JsonReply =>
  duffelError(429, 'rate_limit_error', 'rate_limit_exceeded', 'Rate limit exceeded', 'You have exceeded the rate limit. Retry after some time.');

export async function startFakeDuffel(token = FAKE_DUFFEL_TOKEN): Promise<FakeDuffel> {
  const server = await startFakeHttpServer((request) => handle(request, token));
  return {
    ...server,
    token,
    bodies: () => server.requests.map((request) => (request.body as { data?: unknown } | null)?.data),
  };
}

function handle(request: RecordedRequest, token: string): JsonReply {
  if (request.headers.authorization !== `Bearer ${token}`) {
    return duffelError(401, 'authentication_error', 'unauthorized', 'Unauthorized', 'The access token was not provided or is invalid.');
  }
  if (request.method === 'POST' && /^\/air\/offer_requests\/?$/.test(request.path)) {
    const data = (request.body as { data: OfferRequestBody }).data;
    return { status: 201, body: { data: offerRequest(data) } };
  }
  if (request.method === 'POST' && request.path === '/stays/search') {
    const data = (request.body as { data: StaysSearchBody }).data;
    return { status: 200, body: { data: { created_at: '2026-03-01T10:00:00Z', results: staysResults(data) } } };
  }
  return duffelError(404, 'invalid_request_error', 'not_found', 'Not found', `No route for ${request.method} ${request.path}`);
}

const CREATED_AT = '2026-03-01T10:00:00.000000Z';
const EXPIRES_AT = '2026-03-01T10:30:00.000000Z';

function airport(iata: string, name: string, cityName: string, timeZone: string) {
  return { type: 'airport', id: `arp_${iata.toLowerCase()}`, iata_code: iata, name, city_name: cityName, time_zone: timeZone, iata_country_code: 'XX', latitude: 0, longitude: 0 };
}

function airline(iata: string, name: string) {
  return { id: `arl_${iata.toLowerCase()}`, iata_code: iata, name };
}

type Baggage = { type: 'checked' | 'carry_on'; quantity: number };

function segment(options: { id: string; carrier: [string, string]; number: string; from: string; to: string; departing: string; arriving: string; duration: string; cabin: string; passengerIds: string[]; baggages: Baggage[] }) {
  const carrier = airline(...options.carrier);
  return {
    id: options.id,
    origin: airport(options.from, `${options.from} Airport`, options.from, 'UTC'),
    destination: airport(options.to, `${options.to} Airport`, options.to, 'UTC'),
    departing_at: options.departing,
    arriving_at: options.arriving,
    duration: options.duration,
    marketing_carrier: carrier,
    marketing_carrier_flight_number: options.number,
    operating_carrier: carrier,
    operating_carrier_flight_number: options.number,
    aircraft: { id: 'arc_00009VMF8AhXSSRnQDI6Hi', iata_code: '789', name: 'Boeing 787-9' },
    origin_terminal: '5',
    destination_terminal: '1',
    distance: null,
    stops: [],
    passengers: options.passengerIds.map((passengerId) => ({ passenger_id: passengerId, cabin_class: options.cabin, cabin_class_marketing_name: options.cabin, fare_basis_code: 'Y20LGTN2', baggages: options.baggages, cabin: null })),
  };
}

/**
 * Two offers per request: a nonstop (BA: one checked bag and one carry-on, changeable for a GBP fee, not
 * refundable) and a one-stop via KEF (FI: refundable for a USD fee, not changeable; the checked bag is
 * only included on the first leg), for every requested slice.
 */
function offerRequest(data: OfferRequestBody) {
  const cabin = data.cabin_class ?? 'economy';
  const passengerIds = data.passengers.map((_passenger, index) => `pas_000${index + 1}`);
  const bags = (checked: number, carryOn: number): Baggage[] => [
    { type: 'checked', quantity: checked },
    { type: 'carry_on', quantity: carryOn },
  ];
  const sliceEnds = (id: string, slice: OfferRequestBody['slices'][number]) => ({
    id,
    origin: airport(slice.origin, `${slice.origin} Airport`, slice.origin, 'UTC'),
    destination: airport(slice.destination, `${slice.destination} Airport`, slice.destination, 'UTC'),
    origin_type: 'airport',
    destination_type: 'airport',
  });
  const nonstop = data.slices.map((slice, index) => ({
    ...sliceEnds(`sli_ns_${index}`, slice),
    duration: 'PT7H10M',
    fare_brand_name: 'Basic',
    segments: [
      segment({
        id: `seg_ns_${index}`, carrier: ['BA', 'British Airways'], number: index === 0 ? '117' : '172', from: slice.origin, to: slice.destination,
        departing: `${slice.departure_date}T20:25:00`, arriving: `${nextDay(slice.departure_date)}T08:35:00`, duration: 'PT7H10M', cabin, passengerIds, baggages: bags(1, 1),
      }),
    ],
  }));
  const oneStop = data.slices.map((slice, index) => ({
    ...sliceEnds(`sli_1s_${index}`, slice),
    duration: 'P0DT11H20M',
    fare_brand_name: 'Economy Light',
    segments: [
      segment({
        id: `seg_1s_${index}_a`, carrier: ['FI', 'Icelandair'], number: '614', from: slice.origin, to: 'KEF',
        departing: `${slice.departure_date}T19:40:00`, arriving: `${nextDay(slice.departure_date)}T05:15:00`, duration: 'PT5H35M', cabin, passengerIds, baggages: bags(1, 1),
      }),
      segment({
        id: `seg_1s_${index}_b`, carrier: ['FI', 'Icelandair'], number: '450', from: 'KEF', to: slice.destination,
        departing: `${nextDay(slice.departure_date)}T07:40:00`, arriving: `${nextDay(slice.departure_date)}T12:00:00`, duration: 'PT3H20M', cabin, passengerIds, baggages: bags(0, 1),
      }),
    ],
  }));
  const passengers = data.passengers.map((passenger, index) => ({ id: passengerIds[index], type: 'type' in passenger ? passenger.type : 'child', age: 'age' in passenger ? passenger.age : null }));
  type Condition = { allowed: boolean; penalty_amount: string | null; penalty_currency: string | null } | null;
  const offer = (id: string, slices: unknown[], total: string, owner: [string, string], conditions: { refund_before_departure: Condition; change_before_departure: Condition }) => ({
    id,
    live_mode: false,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
    expires_at: EXPIRES_AT,
    total_amount: total,
    total_currency: 'GBP',
    base_amount: (Number(total) * 0.8).toFixed(2),
    base_currency: 'GBP',
    tax_amount: (Number(total) * 0.2).toFixed(2),
    tax_currency: 'GBP',
    total_emissions_kg: '460',
    owner: airline(...owner),
    slices,
    passengers,
    partial: false,
    passenger_identity_documents_required: false,
    payment_requirements: { requires_instant_payment: false, price_guarantee_expires_at: EXPIRES_AT, payment_required_by: EXPIRES_AT },
    conditions,
    private_fares: [],
  });
  return {
    id: 'orq_0000AaFakeOfferRequest',
    live_mode: false,
    created_at: CREATED_AT,
    cabin_class: cabin,
    slices: data.slices,
    passengers,
    offers: [
      offer('off_0000nonstop', nonstop, '812.40', ['BA', 'British Airways'], {
        refund_before_departure: { allowed: false, penalty_amount: null, penalty_currency: null },
        change_before_departure: { allowed: true, penalty_amount: '60.00', penalty_currency: 'GBP' },
      }),
      offer('off_0000onestop', oneStop, '655.10', ['FI', 'Icelandair'], {
        refund_before_departure: { allowed: true, penalty_amount: '100.00', penalty_currency: 'USD' },
        change_before_departure: { allowed: false, penalty_amount: null, penalty_currency: null },
      }),
    ],
  };
}

/**
 * Two results: a 5-star with coordinates and a rate refundable in full until two days before check-in,
 * half until the day before; an unrated one without coordinates (Duffel allows null for both) whose rate
 * refunds nothing.
 */
function staysResults(data: StaysSearchBody) {
  const rate = (id: string, total: string, timeline: { before: string; refund_amount: string }[]) => ({
    id,
    total_amount: total,
    total_currency: 'EUR',
    base_amount: null,
    base_currency: 'EUR',
    board_type: 'room_only',
    payment_type: 'pay_now',
    cancellation_timeline: timeline.map((entry) => ({ ...entry, currency: 'EUR' })),
    conditions: [],
  });
  const checkInMinus = (days: number) => {
    const date = new Date(`${data.check_in_date}T23:59:00Z`);
    date.setUTCDate(date.getUTCDate() - days);
    return date.toISOString();
  };
  const rates = {
    premium: [
      rate('rat_premium_flex', '960.00', [
        { before: checkInMinus(2), refund_amount: '960.00' },
        { before: checkInMinus(1), refund_amount: '480.00' },
      ]),
      rate('rat_premium_saver', '1010.00', []),
    ],
    budget: [rate('rat_budget', '300.00', [])],
  };
  const result = (id: string, name: string, rating: number | null, reviewScore: number | null, total: string, withCoordinates: boolean, roomRates: unknown[]) => ({
    id,
    check_in_date: data.check_in_date,
    check_out_date: data.check_out_date,
    rooms: data.rooms,
    guests: data.guests,
    cheapest_rate_total_amount: total,
    cheapest_rate_currency: 'EUR',
    cheapest_rate_base_amount: null,
    cheapest_rate_base_currency: null,
    cheapest_rate_public_amount: null,
    cheapest_rate_public_currency: 'EUR',
    cheapest_rate_due_at_accommodation_amount: null,
    cheapest_rate_due_at_accommodation_currency: null,
    expires_at: EXPIRES_AT,
    accommodation: {
      id: `acc_${id}`,
      name,
      rating,
      review_score: reviewScore,
      review_count: 336,
      amenities: [
        { type: 'wifi', description: 'Free WiFi' },
        { type: 'gym', description: 'Fitness centre' },
      ],
      location: {
        address: { city_name: 'Lisbon', country_code: 'PT', line_one: 'Rua Augusta 1', postal_code: '1100-048', region: 'Lisboa' },
        geographic_coordinates: withCoordinates ? { latitude: 38.716_2, longitude: -9.142_5 } : null,
      },
      chain: null,
      brand: null,
      check_in_information: null,
      key_collection: null,
      email: null,
      phone_number: null,
      photos: [],
      ratings: null,
      rooms: [{ name: 'Double room', beds: [{ type: 'double', count: 1 }], photos: [], rates: roomRates }],
      supported_loyalty_programme: null,
    },
  });
  return [
    result('srr_0000premium', 'Hotel Avenida Palace', 5, 9.1, '960.00', true, rates.premium),
    result('srr_0000budget', 'Casa Baixa Rooms', null, null, '300.00', false, rates.budget),
  ];
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
