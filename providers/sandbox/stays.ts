// The built-in stay sandbox: a stable set of generated hotels per city (names from a small vocabulary
// plus the city's name, 2–5 stars, review scores, amenities, positions within ~5 km of the searched
// centre) and nightly prices that depend on stars, the city's cost level, season, weekend nights,
// occupancy, advance booking and a smooth drift with the injected clock. Deterministic like the flights.
import type { StayCancellationPolicy, StayOffer } from '../../domain/trip.js';
import { addDays, daysBetween, MAX_TRIP_NIGHTS } from '../../domain/dates.js';
import { isIsoDate } from '../../contracts/primitives.js';
import { localDate, utcDayNumber, zonedTimeToInstant } from '../dates.js';
import { cancellationPolicy, distanceToCentreKm } from '../offerFacts.js';
import { ProviderError, type StayProvider, type StaySearch } from '../types.js';
import { eurIn, SANDBOX_OFFER_TTL_MS, SandboxProvider } from './common.js';
import { advanceFactor, dailyNoise, hotelNightFactor, marketDrift, roundMoney, seasonFactor } from './pricing.js';
import { SeededRandom, stableId } from './random.js';
import { costLevel, resolvePlace, type ResolvedPlace } from './world.js';

const HOTELS_PER_CITY = 14;
const MAX_GUESTS_PER_ROOM = 4;
/** Price per room-night for two guests in a city of cost level 1, by stars. */
const BASE_NIGHTLY: Readonly<Record<number, number>> = { 2: 62, 3: 98, 4: 158, 5: 320 };

const NAME_TEMPLATES: readonly ((city: string, word: string, kind: string) => string)[] = [
  (city, word, kind) => `${word} ${kind} ${city}`,
  (city, word) => `Hotel ${word} ${city}`,
  (city, _word, kind) => `The ${city} ${kind}`,
  (city, word, kind) => `${city} ${word} ${kind}`,
  (city, word) => `Casa ${word} ${city}`,
  (city, word) => `Grand ${word} ${city}`,
];
const NAME_WORDS = ['Central', 'Riverside', 'Plaza', 'Harbour', 'Old Town', 'Garden', 'Skyline', 'Station', 'Boulevard', 'Heritage', 'Park', 'Royal', 'Atlantic', 'Opera', 'Market', 'Cathedral'];
const NAME_KINDS = ['Hotel', 'Inn', 'Suites', 'Residences', 'Lodge', 'House', 'Palace', 'Rooms'];

interface Hotel {
  id: string;
  name: string;
  stars: number;
  reviewScore: number;
  latitude: number;
  longitude: number;
  amenities: string[];
  /** This property's price position against others of its stars (±18 %). */
  priceFactor: number;
}

export class SandboxStayProvider extends SandboxProvider implements StayProvider {
  async searchStays(search: StaySearch, signal?: AbortSignal): Promise<StayOffer[]> {
    signal?.throwIfAborted();
    const nights = this.validate(search);
    const place = resolvePlace(this.places, search.cityCode, this.name);
    const now = this.now();
    const daysAhead = daysBetween(localDate(now, place.airport.timeZone), search.checkIn);
    if (daysAhead < 0) throw new ProviderError(this.name, `check-in date ${search.checkIn} is in the past`, false);

    const hotels = this.hotels(place, search.latitude, search.longitude);
    const available = new SeededRandom('availability', place.city.code, search.checkIn, search.checkOut);
    const count = available.int(5, 10);
    const chosen = available.shuffle(hotels).slice(0, count);

    const level = costLevel(place.airport.countryCode, place.region) * (place.city.airports.length > 1 ? 1.12 : 1);
    const guestsPerRoom = (search.adults + search.children) / search.rooms;
    const occupancy = 1 + 0.18 * Math.max(0, guestsPerRoom - 2);
    const nightDates = Array.from({ length: nights }, (_, index) => addDays(search.checkIn, index));
    const seasonal =
      nightDates.reduce((sum, night) => sum + seasonFactor(night, search.latitude) * hotelNightFactor(night), 0) / nights;
    const searchDay = utcDayNumber(now);
    const hourBucket = Math.floor(now.getTime() / 3_600_000);
    const expiresAt = new Date(now.getTime() + SANDBOX_OFFER_TTL_MS).toISOString();
    const currency = this.quoteCurrency(search.currency?.toUpperCase());
    const centre = { latitude: search.latitude, longitude: search.longitude };

    const offers = chosen.map((hotel): StayOffer => {
      const key = `${hotel.id}|${search.checkIn}|${search.checkOut}`;
      const perRoomNight =
        (BASE_NIGHTLY[hotel.stars] ?? 100) *
        level *
        hotel.priceFactor *
        seasonal *
        occupancy *
        advanceFactor(daysAhead, 0.3) *
        marketDrift(hotel.id, now) *
        dailyNoise(key, searchDay);
      const total = roundMoney(eurIn(perRoomNight * search.rooms * nights, currency));
      return {
        id: stableId('sbx_stay', key, search.adults, search.children, search.rooms, hourBucket),
        provider: this.name,
        name: hotel.name,
        cityCode: place.city.code,
        latitude: hotel.latitude,
        longitude: hotel.longitude,
        rating: hotel.stars,
        reviewScore: hotel.reviewScore,
        checkIn: search.checkIn,
        checkOut: search.checkOut,
        nights,
        pricePerNight: { amount: roundMoney(total / nights), currency },
        totalPrice: { amount: total, currency },
        amenities: hotel.amenities,
        expiresAt,
        neighbourhood: neighbourhoodOf(place.cityName, centre, hotel),
        distanceToCentreKm: distanceToCentreKm(centre, hotel),
        cancellationPolicy: this.cancellation(hotel, search.checkIn, place.airport.timeZone, now),
      };
    });
    return offers.sort((a, b) => a.totalPrice.amount - b.totalPrice.amount || a.name.localeCompare(b.name));
  }

  /**
   * A hotel's rate terms, stable per hotel: most 4–5 star rates (and about half of the others) are free to
   * cancel until 1–3 days before check-in at 18:00 hotel time; a deadline already passed is no longer free.
   */
  private cancellation(hotel: Hotel, checkIn: string, timeZone: string, now: Date): StayCancellationPolicy {
    const random = new SeededRandom('cancellation', hotel.id);
    const flexible = random.chance(hotel.stars >= 4 ? 0.8 : 0.5);
    const deadline = zonedTimeToInstant(addDays(checkIn, -random.int(1, 3)), 18 * 60, timeZone);
    const fullRefundUntil = flexible && deadline.getTime() > now.getTime() ? deadline.toISOString() : null;
    return cancellationPolicy({ fullRefundUntil, partialRefundUntil: null, timeZone });
  }

  private validate(search: StaySearch): number {
    // Each problem: the technical reason (logged) and how the traveler would fix their request.
    const problems: [string, string][] = [];
    const datesValid = isIsoDate(search.checkIn) && isIsoDate(search.checkOut);
    if (!datesValid) problems.push([`invalid dates "${search.checkIn}" – "${search.checkOut}"`, 'the stay dates could not be read — check the travel dates']);
    const nights = datesValid ? daysBetween(search.checkIn, search.checkOut) : 0;
    if (datesValid && nights < 1) problems.push(['check-out must be after check-in', 'no stays found for those dates — the return must be at least a day after arrival']);
    if (nights > MAX_TRIP_NIGHTS) problems.push([`at most ${MAX_TRIP_NIGHTS} nights per search`, `no stays found for those dates — try fewer nights (at most ${MAX_TRIP_NIGHTS})`]);
    if (!Number.isInteger(search.rooms) || search.rooms < 1) problems.push(['at least one room is required', 'a stay needs at least one room']);
    if (!Number.isInteger(search.adults) || search.adults < 1) problems.push(['at least one adult is required', 'a stay needs at least one adult traveller']);
    if (!Number.isInteger(search.children) || search.children < 0) problems.push(['children must be a non-negative integer', 'the number of children could not be read']);
    if (search.adults + search.children > search.rooms * MAX_GUESTS_PER_ROOM) problems.push([`at most ${MAX_GUESTS_PER_ROOM} guests per room`, `no room fits that many people — at most ${MAX_GUESTS_PER_ROOM} guests share a room`]);
    if (!Number.isFinite(search.latitude) || Math.abs(search.latitude) > 90 || !Number.isFinite(search.longitude) || Math.abs(search.longitude) > 180) {
      problems.push(['invalid coordinates', 'the destination could not be placed on the map — try a city name']);
    }
    if (problems.length > 0) {
      throw new ProviderError(this.name, problems.map(([detail]) => detail).join('; '), false, undefined, problems.map(([, reason]) => reason).join('; '));
    }
    return nights;
  }

  /** The city's hotels: stable per city code; positions relative to the searched centre. */
  private hotels(place: ResolvedPlace, latitude: number, longitude: number): Hotel[] {
    const random = new SeededRandom('hotels', place.city.code);
    const names = new Set<string>();
    const hotels: Hotel[] = [];
    for (let index = 0; hotels.length < HOTELS_PER_CITY && index < HOTELS_PER_CITY * 5; index += 1) {
      const name = random.pick(NAME_TEMPLATES)(place.cityName, random.pick(NAME_WORDS), random.pick(NAME_KINDS));
      const stars = random.pick([2, 3, 3, 3, 4, 4, 4, 5, 5]);
      const reviewScore = Math.round(Math.min(9.8, Math.max(5.8, 5.6 + stars * 0.7 + random.float(-0.9, 1.1))) * 10) / 10;
      const distance = random.float(0.15, 4.8);
      const bearing = random.float(0, 2 * Math.PI);
      const offset = offsetCoordinates(latitude, longitude, distance, bearing);
      const amenities = amenitiesFor(stars, random);
      const priceFactor = random.float(0.82, 1.18) * (distance < 1.2 ? 1.08 : 1);
      if (names.has(name)) continue;
      names.add(name);
      hotels.push({ id: stableId('sbx_hotel', place.city.code, name), name, stars, reviewScore, ...offset, amenities, priceFactor });
    }
    return hotels;
  }
}

/** Amenity identifiers follow Duffel's vocabulary (wifi, parking, gym, pool, spa, restaurant, …). */
function amenitiesFor(stars: number, random: SeededRandom): string[] {
  const amenities = ['wifi'];
  if (stars >= 3) amenities.push('24_hour_front_desk', 'restaurant');
  if (stars >= 4) amenities.push('gym', 'room_service', 'laundry', 'concierge');
  if (stars >= 5) amenities.push('spa', 'lounge', 'business_centre');
  if (random.chance(stars >= 4 ? 0.6 : 0.25)) amenities.push('pool');
  if (random.chance(0.5)) amenities.push('parking');
  if (random.chance(0.3)) amenities.push('pets_allowed');
  if (random.chance(stars >= 3 ? 0.4 : 0.1)) amenities.push('accessibility_mobility');
  return amenities;
}

const COMPASS = ['North', 'North-east', 'East', 'South-east', 'South', 'South-west', 'West', 'North-west'] as const;

/** A plausible area name from where the hotel lies: the centre within ~1.2 km, else the compass side ("West Lisbon"). */
function neighbourhoodOf(cityName: string, centre: { latitude: number; longitude: number }, hotel: { latitude: number; longitude: number }): string {
  if (distanceToCentreKm(centre, hotel) < 1.2) return `Central ${cityName}`;
  const north = hotel.latitude - centre.latitude;
  const east = (hotel.longitude - centre.longitude) * Math.cos((centre.latitude * Math.PI) / 180);
  const bearing = (Math.atan2(east, north) * 180) / Math.PI;
  const sector = Math.round(((bearing + 360) % 360) / 45) % 8;
  return `${COMPASS[sector]} ${cityName}`;
}

function offsetCoordinates(latitude: number, longitude: number, km: number, bearing: number): { latitude: number; longitude: number } {
  const dLat = (km * Math.cos(bearing)) / 111.32;
  const dLon = (km * Math.sin(bearing)) / (111.32 * Math.max(Math.cos((latitude * Math.PI) / 180), 0.01));
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return { latitude: round(latitude + dLat), longitude: round(((longitude + dLon + 540) % 360) - 180) };
}
