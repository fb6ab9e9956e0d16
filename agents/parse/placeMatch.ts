// Reading a place at a token: a city or airport name (longest first, ", Country" choosing among
// namesakes), an IATA airport or metro code, or a one-letter typo of a major city after a place word.
import { normalizePlaceName, placeRefOf, type PlaceIndex } from '../../domain/places.js';
import type { PlaceRef } from '../../domain/trip.js';
import { isCapitalized } from './text.js';
import { ACRONYMS, ENGLISH_THREE, isMajor, isMajorCode, joinable, NAME_CONNECTORS, NEEDS_PLACE_CUE, type PlaceTables, type Token } from './placeWords.js';

export type Role = 'origin' | 'destination';

/** The role the words before a place give it; `weak` for "in"/"at"/"around" ("a week in Paris"). */
export type PlaceCue = { role: Role; weak: boolean } | null;

export interface NameMatch {
  place: PlaceRef;
  next: number;
  end?: number;
  accept(cue: PlaceCue, shouting: boolean, lowercaseStyle: boolean): boolean;
}

/** The longest run of tokens that is a known city name, with ", Country" choosing among same-named cities. */
export function matchName(tokens: Token[], i: number, text: string, places: PlaceIndex, tables: PlaceTables): NameMatch | null {
  const firstWord = normalizePlaceName(tokens[i]?.text ?? '').split(' ')[0] ?? '';
  const longest = tables.nameLengths.get(firstWord) ?? 0;
  for (let n = Math.min(longest, tokens.length - i); n >= 1; n -= 1) {
    const span = tokens.slice(i, i + n);
    if (span.some((token, k) => k > 0 && !joinable(text, span[k - 1] as Token, token))) continue;
    const words = span.map((token) => token.text);
    const key = normalizePlaceName(words.join(' '));
    const found = places.lookup(key);
    if (!found) continue;
    // A city name can't start or end with a connector ("de", "the").
    if (n > 1 && (NAME_CONNECTORS.has(words[0]?.toLowerCase() ?? '') || NAME_CONNECTORS.has(words.at(-1)?.toLowerCase() ?? ''))) continue;

    let match = found;
    let end: number | undefined;
    let next = i + n;
    const country = followingCountry(tokens, next, text, tables);
    if (country) {
      const inCountry = found.city.countryCode === country.code ? found.city : places.citiesNamed(key).find((candidate) => candidate.countryCode === country.code);
      if (inCountry) {
        if (inCountry !== found.city) match = { name: inCountry.name, city: inCountry, kind: 'city' };
        next = country.next;
        end = country.end;
      }
    }
    const capitalized = words.every((word, k) => isCapitalized(word) || (k > 0 && NAME_CONNECTORS.has(word.toLowerCase())));
    const multiWord = n > 1;
    const major = isMajor(match.city);
    const ordinaryWord = !multiWord && NEEDS_PLACE_CUE.has(key);
    // One word of an airport's name may be an ordinary one ("Midway", "Wilson"): a place only as written
    // after a place word, or before "to" (acceptPairedLeft).
    const airportWord = !multiWord && match.kind === 'airport';
    return {
      place: placeRefOf(match),
      next,
      end,
      accept: (cue, shouting, lowercaseStyle) => {
        if (airportWord) return cue !== null && ((capitalized && !shouting) || (lowercaseStyle && !cue.weak));
        // In all-lower-case text a single-word city name counts as written; "long beach" stays a phrase unless after a place word.
        const cased = (capitalized && !shouting) || (lowercaseStyle && major && !ordinaryWord && (!multiWord || cue !== null));
        if (cue) {
          if (cased) return true;
          if (ordinaryWord) return shouting && !cue.weak;
          return major && (!cue.weak || multiWord);
        }
        return cased && !ordinaryWord && (multiWord || major);
      },
    };
  }
  return null;
}

function followingCountry(tokens: Token[], from: number, text: string, tables: PlaceTables): { code: string; next: number; end: number } | null {
  const first = tokens[from];
  const previous = tokens[from - 1];
  if (!first || !previous || !/^\s*,?\s*$/.test(text.slice(previous.end, first.start))) return null;
  for (let n = Math.min(3, tokens.length - from); n >= 1; n -= 1) {
    const span = tokens.slice(from, from + n);
    const code = tables.countries.get(normalizePlaceName(span.map((token) => token.text).join(' ')));
    const last = span.at(-1);
    if (code && last && span.every((token) => isCapitalized(token.text))) return { code, next: from + n, end: last.end };
  }
  return null;
}

/** IATA airport (JFK) and metro (NYC) codes. Upper case is a code; lower case only right after from/to. */
export function matchCode(tokens: Token[], i: number, places: PlaceIndex): NameMatch | null {
  const token = tokens[i];
  if (!token || !/^[A-Za-z]{3}$/.test(token.text)) return null;
  const code = token.text.toUpperCase();
  const city = places.city(code);
  if (!city) return null;
  const upper = token.text === code;
  const major = isMajorCode(places, code);
  return {
    place: { city: city.name, iata: code },
    next: i + 1,
    accept: (cue, shouting) => {
      if (upper && !shouting) return cue ? !ACRONYMS.has(code) || !cue.weak : major && !ACRONYMS.has(code);
      return Boolean(cue && !cue.weak) && major && !ENGLISH_THREE.has(code.toLowerCase());
    },
  };
}

/** Typo or spelling variant of a major city after a place word: "to Marrakech" (Marrakesh), "to Barcelonna". */
export function matchFuzzy(tokens: Token[], i: number, places: PlaceIndex, tables: PlaceTables): NameMatch | null {
  const token = tokens[i];
  if (!token || token.text.length < 5 || !isCapitalized(token.text)) return null;
  const word = normalizePlaceName(token.text);
  let best: string | undefined;
  for (const length of [word.length - 1, word.length, word.length + 1]) {
    for (const name of tables.fuzzyNames.get(length) ?? []) {
      if (name[0] === word[0] && withinOneEdit(word, name)) {
        best = name;
        break;
      }
    }
    if (best) break;
  }
  const found = best ? places.lookup(best) : undefined;
  if (!found) return null;
  return { place: placeRefOf(found), next: i + 1, accept: (cue) => cue !== null };
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
