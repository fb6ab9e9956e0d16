// Airports and metropolitan areas from maintained datasets, indexed once per process:
// - airport-data-js: coordinates, IANA time zone, size class, scheduled service (worldwide, OurAirports-based);
// - iata-city-codes: IATA city (metro-area) codes and the airports they group (LON → LHR, LGW, ...);
// - aircodes: the city each airport serves ("Lisbon" for LIS), used for name lookup.
// Loading is synchronous after the first `loadPlaces()`; callers await that once.
import { createRequire } from 'node:module';
import * as cityCodes from 'iata-city-codes';

const require = createRequire(import.meta.url);

export interface AirportInfo {
  iata: string;
  name: string;
  /** IATA city (metro) code the airport belongs to; equals `iata` for single-airport cities. */
  cityCode: string;
  cityName: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  timeZone: string;
  size: 'large' | 'medium' | 'small';
}

export interface CityInfo {
  code: string;
  name: string;
  countryCode: string;
  /** Airports, largest first. */
  airports: AirportInfo[];
  latitude: number;
  longitude: number;
}

export interface PlaceIndex {
  airport(iata: string): AirportInfo | undefined;
  /** A metro code (LON) or an airport code (LIS) as the city it stands for. */
  city(code: string): CityInfo | undefined;
  /** Cities whose name matches exactly (case- and accent-insensitive), most important first. */
  citiesNamed(name: string): CityInfo[];
  /** Every normalized city name, for scanning free text. */
  cityNames(): IterableIterator<string>;
}

interface AirportDataRecord {
  iata: string;
  airport: string;
  time: string;
  country_code: string;
  latitude: string | number;
  longitude: string | number;
  type: string;
  scheduled_service: boolean | string;
}

interface AircodesRecord {
  iata: string;
  name: string;
  city: string;
  country: string;
}

const SIZE_RANK = { large: 0, medium: 1, small: 2 } as const;

let loading: Promise<PlaceIndex> | undefined;

export function loadPlaces(): Promise<PlaceIndex> {
  loading ??= buildIndex();
  return loading;
}

/** Lower-case, accents stripped, punctuation collapsed: "São Paulo" → "sao paulo". */
export function normalizePlaceName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRadians(b.latitude - a.latitude);
  const dLon = toRadians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

async function buildIndex(): Promise<PlaceIndex> {
  const airportData = require('airport-data-js') as { findAirports(filters: object): Promise<AirportDataRecord[]> };
  const aircodes = require('aircodes/data/airports.json') as AircodesRecord[];
  const cityByAirport = new Map(aircodes.filter((record) => record.iata && record.city).map((record) => [record.iata, record.city]));

  const airports = new Map<string, AirportInfo>();
  for (const record of await airportData.findAirports({})) {
    if (!/^[A-Z]{3}$/.test(record.iata ?? '')) continue;
    const size = record.type === 'large_airport' ? 'large' : record.type === 'medium_airport' ? 'medium' : record.type === 'small_airport' ? 'small' : undefined;
    const scheduled = record.scheduled_service === true || record.scheduled_service === 'TRUE' || record.scheduled_service === 'yes';
    if (!size || !scheduled || airports.has(record.iata)) continue;
    const cityCode = cityCodes.getCityCodeForAirport(record.iata) ?? record.iata;
    const metro = cityCode !== record.iata ? cityCodes.getCity(cityCode) : null;
    airports.set(record.iata, {
      iata: record.iata,
      name: record.airport,
      cityCode,
      cityName: metro?.name ?? cityByAirport.get(record.iata) ?? record.airport,
      countryCode: record.country_code,
      latitude: Number(record.latitude),
      longitude: Number(record.longitude),
      timeZone: record.time,
      size,
    });
  }

  const cities = new Map<string, CityInfo>();
  const citiesByName = new Map<string, CityInfo[]>();
  const addCity = (city: CityInfo, names: string[]) => {
    cities.set(city.code, city);
    for (const name of new Set(names.map(normalizePlaceName).filter(Boolean))) {
      const list = citiesByName.get(name) ?? [];
      list.push(city);
      citiesByName.set(name, list);
    }
  };

  const grouped = new Map<string, AirportInfo[]>();
  for (const airport of airports.values()) {
    const list = grouped.get(airport.cityCode) ?? [];
    list.push(airport);
    grouped.set(airport.cityCode, list);
  }
  for (const [code, members] of grouped) {
    members.sort((a, b) => SIZE_RANK[a.size] - SIZE_RANK[b.size] || a.iata.localeCompare(b.iata));
    const main = members[0];
    if (!main) continue;
    const metro = cityCodes.getCity(code);
    const isMetro = Boolean(metro && metro.airports.length > 1);
    // Some metro records are named after their main airport (BKK "Suvarnabhumi Airport"); prefer the served city's name then.
    const metroName = isMetro && metro && !/airport/i.test(metro.name) ? metro.name : undefined;
    const name = metroName ?? cityByAirport.get(main.iata) ?? main.cityName;
    addCity(
      { code, name, countryCode: main.countryCode, airports: members, latitude: main.latitude, longitude: main.longitude },
      // A metro is found by its own name and by its airports' city names ("New York City", "New York").
      [name, ...members.map((airport) => cityByAirport.get(airport.iata) ?? '')],
    );
  }
  // Rank same-named cities: large airports and metros first (Paris FR before Paris TX).
  for (const list of citiesByName.values()) list.sort((a, b) => cityRank(a) - cityRank(b));

  return {
    airport: (iata) => airports.get(iata.toUpperCase()),
    city: (code) => {
      const upper = code.toUpperCase();
      const direct = cities.get(upper);
      if (direct) return direct;
      const airport = airports.get(upper);
      return airport ? cities.get(airport.cityCode) : undefined;
    },
    citiesNamed: (name) => citiesByName.get(normalizePlaceName(name)) ?? [],
    cityNames: () => citiesByName.keys(),
  };
}

function cityRank(city: CityInfo): number {
  const best = city.airports[0]?.size ?? 'small';
  return SIZE_RANK[best] * 10 - Math.min(city.airports.length, 9);
}
