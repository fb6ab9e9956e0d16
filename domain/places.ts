// Airports and metropolitan areas from maintained datasets, indexed once per process:
// - airport-data-js: coordinates, IANA time zone, size class, scheduled service (worldwide, OurAirports-based);
// - iata-city-codes: IATA city (metro-area) codes and the airports they group (LON → LHR, LGW, ...);
// - aircodes: the city each airport serves ("Lisbon" for LIS) and a second spelling of its name, used for name lookup.
// Loading is synchronous after the first `loadPlaces()`; callers await that once.
import { createRequire } from 'node:module';
import * as cityCodes from 'iata-city-codes';
import type { PlaceRef } from './trip.js';

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
  /**
   * The main airport's position, NOT the city centre (LIS is ~6 km from Lisbon's): the datasets carry no
   * city centres. A centre comes from geocoding (agents/tools.ts `geocodedCentre`).
   */
  latitude: number;
  longitude: number;
}

/** What a name as a traveller would write it stands for. */
export interface PlaceMatch {
  /** The name to show: the city's, the destination's for an alias ("Kyoto"), or the town named ("Newark"). */
  name: string;
  city: CityInfo;
  /**
   * The one airport of a multi-airport metro the name picks out: a town only it serves ("Newark" → EWR)
   * or the airport's own name ("Heathrow", "Tokyo Narita"); absent when the name is the city as a whole.
   */
  airport?: AirportInfo;
  /** `airport`: found by an airport's name rather than a place's, so a single word ("Midway") may be an ordinary one. */
  kind: 'city' | 'alias' | 'airport';
}

export interface PlaceIndex {
  airport(iata: string): AirportInfo | undefined;
  /** A metro code (LON) or an airport code (LIS) as the city it stands for. */
  city(code: string): CityInfo | undefined;
  /** Cities whose name matches exactly (case- and accent-insensitive), most important first. */
  citiesNamed(name: string): CityInfo[];
  /** Every normalized name `lookup` resolves (cities, destination aliases, airports), for scanning free text. */
  placeNames(): IterableIterator<string>;
  /**
   * The best place for a name as a traveller would write it: a destination alias ("Kyoto" → the Osaka
   * metro, shown as "Kyoto"), else a city (a town one airport of a metro alone serves is that airport:
   * "Newark" → EWR, while "New York" stays NYC), else an airport by its name ("Heathrow" → LHR).
   */
  lookup(name: string): PlaceMatch | undefined;
}

/**
 * Famous destinations the datasets cannot resolve because they have no scheduled airport of their own
 * (or are an island/region rather than a town), mapped to the metro or airport travellers fly into.
 * An alias wins over the datasets' own reading of the name, so it also corrects a destination the
 * datasets tie to an airfield travellers do not fly into (Cascais municipal, Ostend for Bruges); keep
 * it to such cases.
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
  'playa del carmen': { name: 'Playa del Carmen', code: 'CUN' },
  tulum: { name: 'Tulum', code: 'CUN' },
  'isla mujeres': { name: 'Isla Mujeres', code: 'CUN' },
  cascais: { name: 'Cascais', code: 'LIS' },
  sintra: { name: 'Sintra', code: 'LIS' },
  algarve: { name: 'Algarve', code: 'FAO' },
  madeira: { name: 'Madeira', code: 'FNC' },
  azores: { name: 'Azores', code: 'PDL' },
  marbella: { name: 'Marbella', code: 'AGP' },
  oia: { name: 'Oia', code: 'JTR' },
  hvar: { name: 'Hvar', code: 'SPU' },
  kotor: { name: 'Kotor', code: 'TIV' },
  valletta: { name: 'Valletta', code: 'MLA' },
  gozo: { name: 'Gozo', code: 'MLA' },
  'lake garda': { name: 'Lake Garda', code: 'VRN' },
  amalfi: { name: 'Amalfi', code: 'NAP' },
  bruges: { name: 'Bruges', code: 'BRU' },
  ghent: { name: 'Ghent', code: 'BRU' },
  versailles: { name: 'Versailles', code: 'PAR' },
  oxford: { name: 'Oxford', code: 'LON' },
  nikko: { name: 'Nikko', code: 'TYO' },
  kamakura: { name: 'Kamakura', code: 'TYO' },
  nara: { name: 'Nara', code: 'OSA' },
  ubud: { name: 'Ubud', code: 'DPS' },
  sedona: { name: 'Sedona', code: 'PHX' },
  'park city': { name: 'Park City', code: 'SLC' },
  'cape cod': { name: 'Cape Cod', code: 'BOS' },
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

/** A request's place for a name: the airport it singles out ("Heathrow", "Newark"), else its city or metro. */
export function placeRefOf(match: PlaceMatch): PlaceRef {
  return { city: match.name, iata: match.airport?.iata ?? match.city.code };
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
  const aircodesName = new Map(aircodes.filter((record) => record.iata && record.name).map((record) => [record.iata, record.name]));

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

  // Names that single out one airport of a multi-airport metro; null marks a name two airports share.
  const townAirports = new Map<string, { name: string; airport: AirportInfo } | null>();
  const namedAirports = new Map<string, AirportInfo | null>();
  const claimName = <T>(map: Map<string, T | null>, key: string, value: T, same: (a: T, b: T) => boolean) => {
    const known = map.get(key);
    map.set(key, known === undefined || (known !== null && same(known, value)) ? value : null);
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
    const ownNames = [name, ...(servedCity.get(code)?.names ?? [])];
    addCity(
      { code, name, countryCode: main.countryCode, airports: members, latitude: main.latitude, longitude: main.longitude },
      // A metro is found by its own name and by its airports' city names ("New York City", "Newark", "Bali").
      [...ownNames, ...memberNames],
    );
    if (members.length < 2) continue;
    // A town only one of the metro's airports serves is that airport ("Newark" → EWR, "Kobe" → UKB);
    // the metro's own names stay the metro ("Washington" is WAS though only IAD lists it).
    const metroKeys = new Set(ownNames.flatMap(nameVariants));
    for (const airport of members) {
      for (const town of servedCity.get(airport.iata)?.names ?? []) {
        for (const key of nameVariants(town)) {
          if (!metroKeys.has(key)) claimName(townAirports, key, { name: town, airport }, (a, b) => a.airport === b.airport);
        }
      }
    }
  }
  // Rank same-named cities: large airports and metros first (Paris FR before Paris TX).
  for (const list of citiesByName.values()) list.sort((a, b) => cityRank(a) - cityRank(b));

  // Airports by their own names: every large one, and medium ones that share a metro with others
  // (a lone medium airport is already found by its city's name). A city's name stays the city's.
  for (const airport of airports.values()) {
    const metro = cities.get(airport.cityCode);
    if (!metro || (airport.size !== 'large' && !(airport.size === 'medium' && metro.airports.length > 1))) continue;
    for (const key of airportNameKeys([airport.name, aircodesName.get(airport.iata) ?? ''], metro.name, servedCity.get(airport.iata)?.names ?? [])) {
      if (!citiesByName.has(key)) claimName(namedAirports, key, airport, (a, b) => a === b);
    }
  }

  const aliases = new Map<string, PlaceMatch>();
  for (const [alias, target] of Object.entries(destinationAliases)) {
    const city = cities.get(target.code) ?? (airports.has(target.code) ? cities.get(airports.get(target.code)?.cityCode ?? '') : undefined);
    if (city) aliases.set(normalizePlaceName(alias), { name: target.name, city, kind: 'alias' });
  }

  const citiesNamed = (name: string): CityInfo[] => {
    const key = normalizePlaceName(name);
    const found = citiesByName.get(key);
    if (found) return found;
    const alias = aliases.get(key);
    return alias ? [alias.city] : [];
  };

  const lookup = (name: string): PlaceMatch | undefined => {
    const key = normalizePlaceName(name);
    const alias = aliases.get(key);
    if (alias) return alias;
    const city = citiesByName.get(key)?.[0];
    if (city) {
      const town = townAirports.get(key);
      return town && town.airport.cityCode === city.code ? { name: town.name, city, airport: town.airport, kind: 'city' } : { name: city.name, city, kind: 'city' };
    }
    const airport = namedAirports.get(key);
    const metro = airport ? cities.get(airport.cityCode) : undefined;
    return airport && metro ? { name: metro.name, city: metro, airport, kind: 'airport' } : undefined;
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
    placeNames: function* () {
      yield* citiesByName.keys();
      yield* aliases.keys();
      for (const [key, airport] of namedAirports) if (airport) yield key;
    },
    lookup,
  };
}

/** Words that name the kind of place, not the airport: "Narita International Airport" is "Narita". */
const AIRPORT_WORDS = /\b(?:international|intercontinental|intl|int'l|airport|airfield|aerodrome)\b\.?/gi;
/**
 * What may be left of a name that is no name on its own ("London City Airport" is not "City"), and
 * ordinary words the datasets' names leave alone ("Beijing Capital", "Rabat Sale").
 */
const GENERIC_AIRPORT_REMAINDERS = new Set([
  'city', 'central', 'regional', 'municipal', 'county', 'national', 'metropolitan', 'executive', 'memorial', 'domestic', 'field', 'air', 'base',
  'north', 'south', 'east', 'west', 'new', 'old', 'main', 'island', 'downtown', 'terminal', 'civil', 'capital', 'sale', 'french', 'flamingo', 'magenta',
]);

/**
 * The names an airport goes by, normalized, from its names in both datasets: each without the generic
 * words ("paris charles de gaulle"), without the metro's name ("london heathrow": "heathrow") and with it
 * ("narita": "tokyo narita"). Skips remainders too short or too generic to be a name.
 */
function airportNameKeys(names: string[], metroName: string, towns: readonly string[]): Set<string> {
  const metro = normalizePlaceName(metroName);
  const placeKeys = new Set([metro, ...towns.map(normalizePlaceName)]);
  const bare = new Set<string>();
  for (const part of names.flatMap((name) => name.split(/[()]/))) {
    bare.add(normalizePlaceName(part.replace(AIRPORT_WORDS, ' ')));
    // "Milan–Malpensa", "Leonardo da Vinci–Fiumicino": a side of a dash (not of a hyphenated name such as
    // "Saint-Hubert") is a name of its own when the other side is a place or a person's full name.
    const pieces = part.split(/\s*[–—]\s*|\s+-\s+/).map((piece) => normalizePlaceName(piece.replace(AIRPORT_WORDS, ' ')));
    const [first, second] = pieces;
    if (pieces.length !== 2 || !first || !second) continue;
    const standsAlone = (other: string) => placeKeys.has(other) || other.includes(' ');
    if (standsAlone(first)) bare.add(second);
    if (standsAlone(second)) bare.add(first);
  }
  const keys = new Set<string>();
  for (const name of bare) {
    if (name === metro) continue;
    const short = name.startsWith(`${metro} `) ? name.slice(metro.length + 1) : name;
    for (const key of [name, short, `${metro} ${short}`]) {
      if (key.length < 4 || (!key.includes(' ') && GENERIC_AIRPORT_REMAINDERS.has(key))) continue;
      for (const variant of nameVariants(key)) keys.add(variant);
    }
  }
  return keys;
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
