// The word lists and tables the place reader decides with: ordinary words that are also city names or
// airport codes, name connectors, tokens, and per-index tables (name lengths, typo candidates, countries).
import { normalizePlaceName, type CityInfo, type PlaceIndex } from '../../domain/places.js';

/**
 * Single-word city names that are ordinary words or first names ("a nice hotel", "Mobile check-in",
 * "my friend Charlotte"): a place only after a place word and capitalized ("to Nice", "in Mobile").
 */
export const NEEDS_PLACE_CUE = new Set([
  'nice', 'mobile', 'bath', 'bend', 'buffalo', 'male', 'malay', 'phoenix', 'natal', 'sal', 'nome', 'providence', 'canton', 'derby',
  'victoria', 'regina', 'eugene', 'nelson', 'hamilton', 'midland', 'bod',
  'solo', 'oral', 'hail', 'reading', 'split', 'eagle', 'hope', 'orange', 'liberal', 'paradise', 'concord', 'independence',
  'ontario', 'columbia', 'liberia', 'medina', 'avalon', 'hollywood', 'kingston', 'richmond', 'petra', 'darwin', 'leon', 'fez', 'hahn',
]);

/** Three-letter words that are also major airport codes; as lower case they stay words ("to sea", "from her"). */
export const ENGLISH_THREE = new Set([
  'the', 'and', 'for', 'ace', 'bet', 'bio', 'boo', 'can', 'cay', 'cur', 'dam', 'day', 'den', 'dub', 'far', 'fat', 'fez', 'gib', 'got', 'gum',
  'ham', 'her', 'inc', 'jan', 'kin', 'lad', 'led', 'lit', 'mad', 'man', 'med', 'mid', 'mob', 'nan', 'nap', 'pap', 'par', 'pen', 'per',
  'pit', 'pom', 'pos', 'rec', 'rep', 'rob', 'run', 'sac', 'sal', 'sap', 'sat', 'saw', 'sea', 'she', 'sin', 'sub', 'tun', 'was', 'via',
  'air', 'all', 'any', 'bus', 'car', 'new', 'old', 'our', 'two', 'one', 'six', 'ten', 'you', 'him', 'his', 'its', 'out', 'end', 'top',
  'bed', 'big', 'fly', 'get', 'see', 'eat', 'ski', 'spa', 'bar', 'pub', 'art', 'sun', 'now', 'how', 'why', 'who', 'too', 'yes',
  'not', 'but', 'off', 'way', 'due', 'has', 'had', 'let', 'may', 'sir', 'mom', 'dad', 'son', 'kid', 'pet', 'cat', 'dog', 'ale',
]);
/** Upper-case words that are acronyms before they are airports ("TSA PreCheck", "an MBA trip", "CAN we ..."). */
export const ACRONYMS = new Set([
  'TSA', 'MBA', 'CEO', 'CFO', 'CTO', 'TBD', 'FYI', 'BTW', 'ETA', 'PTO', 'LOL', 'OMG', 'USA', 'NYE', 'BBQ', 'DIY', 'VIP', 'ATM', 'GPS', 'APP',
  'AND', 'THE', 'FOR', 'CAN', 'NOT', 'BUT', 'ALL', 'ANY', 'OUR', 'YOU', 'HER', 'SHE', 'WAS', 'SEA', 'AIR', 'SPA', 'PDF', 'PHD', 'UTC', 'GMT',
  'EST', 'PST', 'CET', 'AKA', 'DOB', 'SUV', 'WFH', 'OOO', 'PET', 'KID', 'MAN', 'MAD', 'FAT', 'RUN', 'SIN', 'SUB', 'TOP',
]);
// Lower-case connectors inside capitalized names ("Rio de Janeiro", "Stratford upon Avon").
export const NAME_CONNECTORS = new Set(['de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'la', 'le', 'les', 'el', 'al', 'of', 'the', 'on', 'upon', 'sur', 'am', 'an', 'y', 'en', 'sous']);

export interface PlaceTables {
  /** Major single-word names by length, for the typo fallback. */
  fuzzyNames: Map<number, string[]>;
  /** For each word that starts a city name, the most words such a name has ("rio" → 3). */
  nameLengths: Map<string, number>;
  countries: Map<string, string>;
}

const tablesByIndex = new WeakMap<PlaceIndex, PlaceTables>();

export function placeTables(places: PlaceIndex): PlaceTables {
  const cached = tablesByIndex.get(places);
  if (cached) return cached;
  const fuzzyNames = new Map<number, string[]>();
  const nameLengths = new Map<string, number>();
  const countryCodes = new Set<string>();
  for (const name of places.placeNames()) {
    const words = name.split(' ');
    nameLengths.set(words[0] ?? '', Math.max(nameLengths.get(words[0] ?? '') ?? 0, words.length));
    const city = places.citiesNamed(name)[0];
    if (!city) continue;
    countryCodes.add(city.countryCode);
    if (name.includes(' ') || name.length < 5 || !isMajor(city)) continue;
    const list = fuzzyNames.get(name.length) ?? [];
    list.push(name);
    fuzzyNames.set(name.length, list);
  }
  const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
  const countries = new Map<string, string>();
  for (const code of countryCodes) {
    const name = /^[A-Z]{2}$/.test(code) ? regionNames.of(code) : undefined;
    if (name && name !== code) countries.set(normalizePlaceName(name), code);
  }
  countries.set('usa', 'US').set('us', 'US').set('uk', 'GB').set('england', 'GB').set('scotland', 'GB').set('uae', 'AE');
  const tables = { fuzzyNames, nameLengths, countries };
  tablesByIndex.set(places, tables);
  return tables;
}

export function isMajor(city: CityInfo): boolean {
  return city.airports[0]?.size === 'large' || city.airports.length > 1;
}

/** A large airport, or a multi-airport metro's own code (NYC, LON, PAR). */
export function isMajorCode(places: PlaceIndex, code: string): boolean {
  const upper = code.toUpperCase();
  const city = places.city(upper);
  return places.airport(upper)?.size === 'large' || Boolean(city && city.code === upper && city.airports.length > 1);
}

export interface Token {
  start: number;
  end: number;
  text: string;
}

export function tokenize(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** Tokens join into one name across spaces, hyphens and an abbreviation's period ("St. Louis"), nothing else. */
export function joinable(text: string, left: Token, right: Token): boolean {
  const gap = text.slice(left.end, right.start);
  if (/^\s+$|^\s*-\s*$/.test(gap)) return true;
  return /^\.\s+$/.test(gap) && /^(?:st|mt|ft|ste)$/i.test(left.text);
}
