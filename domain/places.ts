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
  /**
   * The best city for a name as a traveller would write it, with the name to show: the city's own name,
   * or the destination's for an alias ("Kyoto" → the Osaka metro, shown as "Kyoto").
   */
  lookup(name: string): { name: string; city: CityInfo } | undefined;
}

/**
 * Famous destinations the datasets cannot resolve because they have no scheduled airport of their own
 * (or are an island/region rather than a town), mapped to the metro or airport travellers fly into.
 * Consulted only when the datasets know no city of that name; keep it to such cases.
 */
export const destinationAliases: Readonly<Record<string, { name: string; code: string }>> = {
  kyoto: { name: 'Kyoto', code: 'OSA' },
  hakone: { name: 'Hakone', code: 'TYO' },
  tuscany: { name: 'Tuscany', code: 'FLR' },
  'amalfi coast': { name: 'Amalfi Coast', code: 'NAP' },
  positano: { name: 'Positano', code: 'NAP' },
  sorrento: { name: 'Sorrento', code: 'NAP' },
  capri: { name: 'Capri', code: 'NAP' },
  pompeii: { name: 'Pompeii', code: 'NAP' },
  'cinque terre': { name: 'Cinque Terre', code: 'PSA' },
  'lake como': { name: 'Lake Como', code: 'MIL' },
  dolomites: { name: 'Dolomites', code: 'VCE' },
  sicily: { name: 'Sicily', code: 'CTA' },
  sardinia: { name: 'Sardinia', code: 'CAG' },
  crete: { name: 'Crete', code: 'HER' },
  corsica: { name: 'Corsica', code: 'AJA' },
  malta: { name: 'Malta', code: 'MLA' },
  mallorca: { name: 'Mallorca', code: 'PMI' },
  majorca: { name: 'Majorca', code: 'PMI' },
  monaco: { name: 'Monaco', code: 'NCE' },
  'monte carlo': { name: 'Monte Carlo', code: 'NCE' },
  provence: { name: 'Provence', code: 'MRS' },
  bath: { name: 'Bath', code: 'BRS' },
  cotswolds: { name: 'Cotswolds', code: 'LON' },
  interlaken: { name: 'Interlaken', code: 'ZRH' },
  zermatt: { name: 'Zermatt', code: 'ZRH' },
  chamonix: { name: 'Chamonix', code: 'GVA' },
  hallstatt: { name: 'Hallstatt', code: 'SZG' },
  'lake bled': { name: 'Lake Bled', code: 'LJU' },
  cappadocia: { name: 'Cappadocia', code: 'ASR' },
  petra: { name: 'Petra', code: 'AMM' },
  'machu picchu': { name: 'Machu Picchu', code: 'CUZ' },
  galapagos: { name: 'Galápagos', code: 'GPS' },
  banff: { name: 'Banff', code: 'YYC' },
  'lake louise': { name: 'Lake Louise', code: 'YYC' },
  whistler: { name: 'Whistler', code: 'YVR' },
  napa: { name: 'Napa', code: 'SFO' },
  'napa valley': { name: 'Napa Valley', code: 'SFO' },
  sonoma: { name: 'Sonoma', code: 'SFO' },
  yosemite: { name: 'Yosemite', code: 'FAT' },
  'big sur': { name: 'Big Sur', code: 'MRY' },
  'lake tahoe': { name: 'Lake Tahoe', code: 'RNO' },
  'grand canyon': { name: 'Grand Canyon', code: 'LAS' },
  yellowstone: { name: 'Yellowstone', code: 'BZN' },
  hawaii: { name: 'Hawaii', code: 'HNL' },
  maui: { name: 'Maui', code: 'OGG' },
  kauai: { name: 'Kauai', code: 'LIH' },
  disneyland: { name: 'Disneyland', code: 'SNA' },
  'disney world': { name: 'Disney World', code: 'ORL' },
  'angkor wat': { name: 'Angkor Wat', code: 'REP' },
  'ha long bay': { name: 'Ha Long Bay', code: 'HAN' },
  'halong bay': { name: 'Ha Long Bay', code: 'HAN' },
  'hoi an': { name: 'Hoi An', code: 'DAD' },
  'los cabos': { name: 'Los Cabos', code: 'SJD' },
  cabo: { name: 'Cabo San Lucas', code: 'SJD' },
  'riviera maya': { name: 'Riviera Maya', code: 'CUN' },
  lapland: { name: 'Lapland', code: 'RVN' },
  'great barrier reef': { name: 'Great Barrier Reef', code: 'CNS' },
  maldives: { name: 'Maldives', code: 'MLE' },
  seychelles: { name: 'Seychelles', code: 'SEZ' },
  mauritius: { name: 'Mauritius', code: 'MRU' },
  tahiti: { name: 'Tahiti', code: 'PPT' },
  barbados: { name: 'Barbados', code: 'BGI' },
  giza: { name: 'Giza', code: 'CAI' },
};

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

/** Lower-case, accents stripped, punctuation collapsed: "São Paulo" → "sao paulo", "Tromsø" → "tromso". */
export function normalizePlaceName(name: string): string {
  // Plain ASCII (most names) skips the Unicode work; letters NFD does not decompose are spelled out.
  const ascii = /^[\x20-\x7e]*$/.test(name)
    ? name
    : name
        .replace(/[øØ]/g, 'o')
        .replace(/[æÆ]/g, 'ae')
        .replace(/ß/g, 'ss')
        .replace(/[łŁ]/g, 'l')
        .replace(/[đĐ]/g, 'd')
        .replace(/ı/g, 'i')
        .replace(/[þÞ]/g, 'th')
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '');
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
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
  // aircodes also lists metro codes themselves ("CHI": city "Chicago", name "metropolitan area2").
  const servedCity = new Map(aircodes.filter((record) => record.iata && record.city).map((record) => [record.iata, splitCityName(record.city)]));

  const airports = new Map<string, AirportInfo>();
  for (const record of await airportData.findAirports({})) {
    if (!/^[A-Z]{3}$/.test(record.iata ?? '')) continue;
    const size = record.type === 'large_airport' ? 'large' : record.type === 'medium_airport' ? 'medium' : record.type === 'small_airport' ? 'small' : undefined;
    const scheduled = record.scheduled_service === true || record.scheduled_service === 'TRUE' || record.scheduled_service === 'yes';
    if (!size || !scheduled || airports.has(record.iata)) continue;
    const cityCode = cityCodes.getCityCodeForAirport(record.iata) ?? record.iata;
    airports.set(record.iata, {
      iata: record.iata,
      name: record.airport,
      cityCode,
      cityName: servedCity.get(record.iata)?.display ?? record.airport,
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
    for (const name of new Set([...new Set(names)].flatMap(nameVariants))) {
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
    const memberNames = members.flatMap((airport) => servedCity.get(airport.iata)?.names ?? []);
    const ownCity = servedCity.get(code)?.display;
    // Most cities are one airport under its own code: its served city is the name.
    const name = members.length === 1 && code === main.iata ? (ownCity ?? main.cityName) : metroName(code, main, memberNames, ownCity);
    for (const airport of members) airport.cityName = name;
    addCity(
      { code, name, countryCode: main.countryCode, airports: members, latitude: main.latitude, longitude: main.longitude },
      // A metro is found by its own name and by its airports' city names ("New York City", "Newark", "Bali").
      [name, ...(servedCity.get(code)?.names ?? []), ...memberNames],
    );
  }
  // Rank same-named cities: large airports and metros first (Paris FR before Paris TX).
  for (const list of citiesByName.values()) list.sort((a, b) => cityRank(a) - cityRank(b));

  const aliases = new Map<string, { name: string; city: CityInfo }>();
  for (const [alias, target] of Object.entries(destinationAliases)) {
    const city = cities.get(target.code) ?? (airports.has(target.code) ? cities.get(airports.get(target.code)?.cityCode ?? '') : undefined);
    const key = normalizePlaceName(alias);
    if (city && !citiesByName.has(key)) aliases.set(key, { name: target.name, city });
  }

  const citiesNamed = (name: string): CityInfo[] => {
    const key = normalizePlaceName(name);
    const found = citiesByName.get(key);
    if (found) return found;
    const alias = aliases.get(key);
    return alias ? [alias.city] : [];
  };

  return {
    airport: (iata) => airports.get(iata.toUpperCase()),
    city: (code) => {
      const upper = code.toUpperCase();
      const direct = cities.get(upper);
      if (direct) return direct;
      const airport = airports.get(upper);
      return airport ? cities.get(airport.cityCode) : undefined;
    },
    citiesNamed,
    cityNames: function* () {
      yield* citiesByName.keys();
      yield* aliases.keys();
    },
    lookup: (name) => {
      const key = normalizePlaceName(name);
      const city = citiesByName.get(key)?.[0];
      return city ? { name: city.name, city } : aliases.get(key);
    },
  };
}

/**
 * aircodes city names carry alternatives: "Denpasar (Bali)", "Cologne / Bonn", "Kochi (Cochin)".
 * Shown as the first part; every part is a name to find the city by, except qualifiers such as
 * "(near St. Louis/MO)" and state abbreviations.
 */
function splitCityName(raw: string): { display: string; names: string[] } {
  const parts = raw
    .split(/[()/]/)
    .map((part) => part.trim().replace(/,$/, ''))
    .filter((part) => part.length >= 3 && !/^near\b/i.test(part) && !/^[A-Z]{2,3}$/.test(part));
  return { display: parts[0] ?? raw.trim(), names: parts };
}

/** Normalized name plus the spellings travellers swap freely: "St. Louis" / "Saint Louis", "Mt" / "Mount". */
function nameVariants(name: string): string[] {
  const normalized = normalizePlaceName(name);
  if (!normalized) return [];
  if (!/\b(?:st|saint|mt|mount|ft|fort)\b/.test(normalized)) return [normalized];
  const swaps: [RegExp, string][] = [
    [/\bst\b/g, 'saint'],
    [/\bsaint\b/g, 'st'],
    [/\bmt\b/g, 'mount'],
    [/\bmount\b/g, 'mt'],
    [/\bft\b/g, 'fort'],
    [/\bfort\b/g, 'ft'],
  ];
  const variants = [normalized];
  for (const [pattern, replacement] of swaps) if (pattern.test(normalized)) variants.push(normalized.replace(pattern, replacement));
  return variants;
}

/**
 * The name a metro is shown under. iata-city-codes sometimes names a metro after one of its airports
 * ("Sydney Bankstown", "Dubai Creek SPB"), so prefer, in order: the city of the metro's IANA time zone
 * when one of its airports serves it ("Asia/Taipei" → Taipei, not Taoyuan); the metro's name when an
 * airport serves a longer form of it ("New York" over "New York City"); the city aircodes gives for the
 * metro code itself; the metro's own name unless it looks like an airport's; the main airport's city.
 */
function metroName(code: string, main: AirportInfo, memberNames: string[], ownCity: string | undefined): string {
  const served = new Map(memberNames.map((name) => [normalizePlaceName(name), name]));
  const zoneCity = main.timeZone.split('/').at(-1)?.replace(/_/g, ' ') ?? '';
  const zoneMatch = served.get(normalizePlaceName(zoneCity));
  if (zoneMatch) return zoneMatch;
  const metro = cityCodes.getCity(code);
  const listed = metro && metro.airports.length > 1 && !/airport|\b(spb|afb|aaf|field|base|municipal)\b/i.test(metro.name) ? metro.name : undefined;
  const listedKey = listed ? normalizePlaceName(listed) : '';
  if (listed && [...served.keys()].some((name) => name === listedKey || name.startsWith(`${listedKey} `))) return listed;
  return ownCity ?? listed ?? servedCityOf(main, memberNames);
}

function servedCityOf(main: AirportInfo, memberNames: string[]): string {
  return memberNames[0] ?? main.cityName;
}

function cityRank(city: CityInfo): number {
  const best = city.airports[0]?.size ?? 'small';
  return SIZE_RANK[best] * 10 - Math.min(city.airports.length, 9);
}
