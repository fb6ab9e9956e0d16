// The sandbox's small model of the world: regions, real airlines with their home countries and hubs,
// relative price levels, and how a city code resolves to the airport a traveler would actually use.
import type { AirportInfo, CityInfo, PlaceIndex } from '../../domain/places.js';
import { ProviderError } from '../types.js';

export type Region = 'europe' | 'north_america' | 'south_america' | 'asia' | 'middle_east' | 'africa' | 'oceania';

const SOUTH_AMERICA = new Set(['AR', 'BO', 'BR', 'CL', 'CO', 'EC', 'FK', 'GF', 'GY', 'PE', 'PY', 'SR', 'UY', 'VE']);
const MIDDLE_EAST = new Set(['AE', 'BH', 'IL', 'IQ', 'IR', 'JO', 'KW', 'LB', 'OM', 'PS', 'QA', 'SA', 'SY', 'YE']);
const COUNTRY_REGION: Readonly<Record<string, Region>> = {
  US: 'north_america', CA: 'north_america', BM: 'north_america', CV: 'africa', MV: 'asia', CY: 'europe', TR: 'europe', RU: 'europe',
};

/** Region of a place, from its country and IANA zone (Europe/…, America/…, Asia/…). */
export function regionOf(countryCode: string, timeZone: string): Region {
  const byCountry = COUNTRY_REGION[countryCode];
  if (byCountry) return byCountry;
  if (SOUTH_AMERICA.has(countryCode)) return 'south_america';
  if (MIDDLE_EAST.has(countryCode)) return 'middle_east';
  const area = timeZone.split('/')[0];
  switch (area) {
    case 'Europe':
    case 'Atlantic':
    case 'Arctic':
      return 'europe';
    case 'America':
      return 'north_america';
    case 'Asia':
      return 'asia';
    case 'Africa':
    case 'Indian':
      return 'africa';
    default:
      return 'oceania'; // Australia/…, Pacific/…, Antarctica/…
  }
}

export interface Carrier {
  code: string;
  name: string;
  country: string;
  hub: string;
  lowCost?: boolean;
  /** Relative fare level (full-service ≈ 1). */
  fareLevel: number;
}

/** Real airlines (IATA code, name, home country, main hub). */
export const CARRIERS: readonly Carrier[] = [
  { code: 'TP', name: 'TAP Air Portugal', country: 'PT', hub: 'LIS', fareLevel: 0.95 },
  { code: 'BA', name: 'British Airways', country: 'GB', hub: 'LHR', fareLevel: 1.1 },
  { code: 'VS', name: 'Virgin Atlantic', country: 'GB', hub: 'LHR', fareLevel: 1.05 },
  { code: 'U2', name: 'easyJet', country: 'GB', hub: 'LGW', lowCost: true, fareLevel: 0.65 },
  { code: 'FR', name: 'Ryanair', country: 'IE', hub: 'STN', lowCost: true, fareLevel: 0.55 },
  { code: 'EI', name: 'Aer Lingus', country: 'IE', hub: 'DUB', fareLevel: 0.95 },
  { code: 'AF', name: 'Air France', country: 'FR', hub: 'CDG', fareLevel: 1.05 },
  { code: 'KL', name: 'KLM Royal Dutch Airlines', country: 'NL', hub: 'AMS', fareLevel: 1.0 },
  { code: 'LH', name: 'Lufthansa', country: 'DE', hub: 'FRA', fareLevel: 1.1 },
  { code: 'LX', name: 'SWISS', country: 'CH', hub: 'ZRH', fareLevel: 1.15 },
  { code: 'OS', name: 'Austrian Airlines', country: 'AT', hub: 'VIE', fareLevel: 1.0 },
  { code: 'SN', name: 'Brussels Airlines', country: 'BE', hub: 'BRU', fareLevel: 1.0 },
  { code: 'IB', name: 'Iberia', country: 'ES', hub: 'MAD', fareLevel: 0.95 },
  { code: 'VY', name: 'Vueling', country: 'ES', hub: 'BCN', lowCost: true, fareLevel: 0.65 },
  { code: 'AZ', name: 'ITA Airways', country: 'IT', hub: 'FCO', fareLevel: 1.0 },
  { code: 'SK', name: 'SAS Scandinavian Airlines', country: 'DK', hub: 'CPH', fareLevel: 1.05 },
  { code: 'DY', name: 'Norwegian', country: 'NO', hub: 'OSL', lowCost: true, fareLevel: 0.7 },
  { code: 'AY', name: 'Finnair', country: 'FI', hub: 'HEL', fareLevel: 1.0 },
  { code: 'LO', name: 'LOT Polish Airlines', country: 'PL', hub: 'WAW', fareLevel: 0.9 },
  { code: 'A3', name: 'Aegean Airlines', country: 'GR', hub: 'ATH', fareLevel: 0.9 },
  { code: 'TK', name: 'Turkish Airlines', country: 'TR', hub: 'IST', fareLevel: 0.95 },
  { code: 'FI', name: 'Icelandair', country: 'IS', hub: 'KEF', fareLevel: 0.95 },
  { code: 'UA', name: 'United Airlines', country: 'US', hub: 'ORD', fareLevel: 1.05 },
  { code: 'DL', name: 'Delta Air Lines', country: 'US', hub: 'ATL', fareLevel: 1.05 },
  { code: 'AA', name: 'American Airlines', country: 'US', hub: 'DFW', fareLevel: 1.0 },
  { code: 'B6', name: 'JetBlue', country: 'US', hub: 'JFK', fareLevel: 0.8 },
  { code: 'WN', name: 'Southwest Airlines', country: 'US', hub: 'DAL', lowCost: true, fareLevel: 0.7 },
  { code: 'AC', name: 'Air Canada', country: 'CA', hub: 'YYZ', fareLevel: 1.05 },
  { code: 'AM', name: 'Aeroméxico', country: 'MX', hub: 'MEX', fareLevel: 0.9 },
  { code: 'CM', name: 'Copa Airlines', country: 'PA', hub: 'PTY', fareLevel: 0.9 },
  { code: 'LA', name: 'LATAM Airlines', country: 'BR', hub: 'GRU', fareLevel: 0.95 },
  { code: 'G3', name: 'GOL Linhas Aéreas', country: 'BR', hub: 'GRU', lowCost: true, fareLevel: 0.7 },
  { code: 'AR', name: 'Aerolíneas Argentinas', country: 'AR', hub: 'EZE', fareLevel: 0.9 },
  { code: 'AV', name: 'Avianca', country: 'CO', hub: 'BOG', fareLevel: 0.9 },
  { code: 'JL', name: 'Japan Airlines', country: 'JP', hub: 'HND', fareLevel: 1.1 },
  { code: 'NH', name: 'All Nippon Airways', country: 'JP', hub: 'HND', fareLevel: 1.1 },
  { code: 'KE', name: 'Korean Air', country: 'KR', hub: 'ICN', fareLevel: 1.05 },
  { code: 'CA', name: 'Air China', country: 'CN', hub: 'PEK', fareLevel: 0.9 },
  { code: 'MU', name: 'China Eastern Airlines', country: 'CN', hub: 'PVG', fareLevel: 0.85 },
  { code: 'CX', name: 'Cathay Pacific', country: 'HK', hub: 'HKG', fareLevel: 1.1 },
  { code: 'SQ', name: 'Singapore Airlines', country: 'SG', hub: 'SIN', fareLevel: 1.15 },
  { code: 'TG', name: 'Thai Airways', country: 'TH', hub: 'BKK', fareLevel: 0.9 },
  { code: 'MH', name: 'Malaysia Airlines', country: 'MY', hub: 'KUL', fareLevel: 0.85 },
  { code: 'GA', name: 'Garuda Indonesia', country: 'ID', hub: 'CGK', fareLevel: 0.85 },
  { code: 'PR', name: 'Philippine Airlines', country: 'PH', hub: 'MNL', fareLevel: 0.85 },
  { code: 'VN', name: 'Vietnam Airlines', country: 'VN', hub: 'HAN', fareLevel: 0.85 },
  { code: 'AI', name: 'Air India', country: 'IN', hub: 'DEL', fareLevel: 0.85 },
  { code: 'EK', name: 'Emirates', country: 'AE', hub: 'DXB', fareLevel: 1.1 },
  { code: 'EY', name: 'Etihad Airways', country: 'AE', hub: 'AUH', fareLevel: 1.0 },
  { code: 'QR', name: 'Qatar Airways', country: 'QA', hub: 'DOH', fareLevel: 1.1 },
  { code: 'SV', name: 'Saudia', country: 'SA', hub: 'JED', fareLevel: 0.9 },
  { code: 'LY', name: 'El Al', country: 'IL', hub: 'TLV', fareLevel: 1.05 },
  { code: 'MS', name: 'EgyptAir', country: 'EG', hub: 'CAI', fareLevel: 0.85 },
  { code: 'AT', name: 'Royal Air Maroc', country: 'MA', hub: 'CMN', fareLevel: 0.85 },
  { code: 'ET', name: 'Ethiopian Airlines', country: 'ET', hub: 'ADD', fareLevel: 0.9 },
  { code: 'KQ', name: 'Kenya Airways', country: 'KE', hub: 'NBO', fareLevel: 0.9 },
  { code: 'SA', name: 'South African Airways', country: 'ZA', hub: 'JNB', fareLevel: 0.95 },
  { code: 'QF', name: 'Qantas', country: 'AU', hub: 'SYD', fareLevel: 1.1 },
  { code: 'VA', name: 'Virgin Australia', country: 'AU', hub: 'BNE', fareLevel: 0.9 },
  { code: 'NZ', name: 'Air New Zealand', country: 'NZ', hub: 'AKL', fareLevel: 1.05 },
];

/** Carriers that connect a region when the countries at either end have none of their own in the table. */
const REGION_CARRIERS: Readonly<Record<Region, readonly string[]>> = {
  europe: ['LH', 'AF', 'KL', 'BA', 'TK'],
  north_america: ['UA', 'DL', 'AA', 'AC'],
  south_america: ['LA', 'AV', 'CM', 'AR'],
  asia: ['SQ', 'CX', 'TG', 'MH'],
  middle_east: ['EK', 'QR', 'EY'],
  africa: ['ET', 'KQ', 'SA', 'MS'],
  oceania: ['QF', 'NZ', 'VA'],
};

/** Global connectors considered on every route (one stop at their hub; the detour limit filters them). */
export const GLOBAL_CONNECTORS: readonly string[] = ['EK', 'QR', 'TK', 'EY'];

const carriersByCode = new Map(CARRIERS.map((carrier) => [carrier.code, carrier]));

export function carrier(code: string): Carrier {
  const found = carriersByCode.get(code);
  if (!found) throw new Error(`unknown sandbox carrier ${code}`);
  return found;
}

export function homeCarriers(countryCode: string): Carrier[] {
  return CARRIERS.filter((entry) => entry.country === countryCode);
}

export function regionCarriers(region: Region): Carrier[] {
  return REGION_CARRIERS[region].map(carrier);
}

/** Hotel/price level relative to a typical Western European city (1.0). */
const COUNTRY_COST: Readonly<Record<string, number>> = {
  CH: 1.7, NO: 1.5, IS: 1.6, DK: 1.4, SE: 1.2, FI: 1.2, GB: 1.4, IE: 1.35, FR: 1.25, NL: 1.35, BE: 1.15, LU: 1.3,
  DE: 1.1, AT: 1.15, IT: 1.15, ES: 0.95, PT: 0.9, GR: 0.95, PL: 0.7, CZ: 0.8, HU: 0.7, RO: 0.6, BG: 0.55, HR: 0.9,
  TR: 0.65, RU: 0.7, US: 1.45, CA: 1.25, MX: 0.8, BR: 0.7, AR: 0.6, CL: 0.75, PE: 0.6, CO: 0.6, JP: 1.15, KR: 1.0,
  CN: 0.8, HK: 1.35, SG: 1.5, TH: 0.55, VN: 0.45, ID: 0.5, MY: 0.55, PH: 0.55, IN: 0.5, AE: 1.3, QA: 1.3, IL: 1.4,
  SA: 1.1, EG: 0.5, MA: 0.6, ZA: 0.65, KE: 0.7, AU: 1.3, NZ: 1.2,
};
const REGION_COST: Readonly<Record<Region, number>> = {
  europe: 1.0, north_america: 1.2, south_america: 0.65, asia: 0.7, middle_east: 1.0, africa: 0.6, oceania: 1.2,
};

export function costLevel(countryCode: string, region: Region): number {
  return COUNTRY_COST[countryCode] ?? REGION_COST[region];
}

/**
 * The airport a metro code stands for, and a display name where the dataset's metro name is odd.
 * Elsewhere a city code that is also one of its airports' codes means that airport, else the largest.
 */
const METRO_MAIN: Readonly<Record<string, { airport: string; name?: string }>> = {
  LON: { airport: 'LHR' }, NYC: { airport: 'JFK' }, PAR: { airport: 'CDG' }, TYO: { airport: 'HND' },
  MIL: { airport: 'MXP', name: 'Milan' }, ROM: { airport: 'FCO' }, WAS: { airport: 'IAD', name: 'Washington' },
  CHI: { airport: 'ORD', name: 'Chicago' }, SAO: { airport: 'GRU', name: 'São Paulo' }, RIO: { airport: 'GIG' },
  MOW: { airport: 'SVO' }, STO: { airport: 'ARN' }, OSA: { airport: 'KIX' }, SEL: { airport: 'ICN' },
  BJS: { airport: 'PEK' }, SHA: { airport: 'PVG' }, YTO: { airport: 'YYZ' }, YMQ: { airport: 'YUL' },
  BUE: { airport: 'EZE' }, JKT: { airport: 'CGK' }, DXB: { airport: 'DXB', name: 'Dubai' }, SIN: { airport: 'SIN', name: 'Singapore' },
  MEX: { airport: 'MEX', name: 'Mexico City' }, SYD: { airport: 'SYD', name: 'Sydney' }, JNB: { airport: 'JNB', name: 'Johannesburg' },
  YVR: { airport: 'YVR', name: 'Vancouver' }, CMN: { airport: 'CMN', name: 'Casablanca' },
};

export interface ResolvedPlace {
  airport: AirportInfo;
  city: CityInfo;
  cityName: string;
  region: Region;
}

/** An airport code as that airport; a city code as its main airport. Unknown codes are a non-retryable error. */
export function resolvePlace(places: PlaceIndex, code: string, provider: string): ResolvedPlace {
  const upper = code.trim().toUpperCase();
  const city = places.city(upper);
  if (!/^[A-Z]{3}$/.test(upper) || !city) throw new ProviderError(provider, `unknown airport or city code "${code}"`, false);
  const metroMain = METRO_MAIN[upper]?.airport;
  const direct = places.airport(upper);
  const airport =
    city.airports.find((member) => member.iata === metroMain) ??
    city.airports.find((member) => member.iata === direct?.iata) ??
    city.airports[0];
  if (!airport) throw new ProviderError(provider, `no airport for city code "${code}"`, false);
  return { airport, city, cityName: cityDisplayName(city), region: regionOf(airport.countryCode, airport.timeZone) };
}

/** The name a traveler knows the city by (the main airport's served city when the metro record is odd). */
export function cityDisplayName(city: CityInfo): string {
  const override = METRO_MAIN[city.code]?.name;
  if (override) return override;
  const main = city.airports.find((member) => member.iata === METRO_MAIN[city.code]?.airport) ?? city.airports[0];
  if (!main || /airport|\bSPB\b|sea ?plane/i.test(main.cityName)) return city.name;
  return city.airports.length > 1 ? city.name : main.cityName;
}
