// Places: origin, destination and the further cities of a multi-city trip, from city and airport names
// and codes (placeMatch.ts), the words around them ("from", "to", "in"), "X to Y" pairs and city lists.
import { normalizePlaceName, type PlaceIndex } from '../../domain/places.js';
import type { PlaceRef } from '../../domain/trip.js';
import { matchCode, matchFuzzy, matchName, type NameMatch, type PlaceCue } from './placeMatch.js';
import { ENGLISH_THREE, isMajorCode, placeTables, tokenize } from './placeWords.js';
import { isCapitalized, type WorkText } from './text.js';

export interface Route {
  origin: PlaceRef | null;
  destination: PlaceRef | null;
  /** Further cities listed with the destination ("Kyoto and Osaka", "Lisbon, then Porto"), in order. */
  alsoVisiting: PlaceRef[];
}

interface PlaceCandidate {
  start: number;
  end: number;
  place: PlaceRef;
  cue: PlaceCue;
  accepted: boolean;
  accept: NameMatch['accept'];
  /** Could stand as the first half of "X to Y" / "X → Y" if Y is a place. */
  pairable: boolean;
}

// Words before a place that make it the origin, checked before the destination cues ("leaving for" is a destination).
const ORIGIN_CUE = /\b(?:from|out of|leaving|leave|departing|depart|departure|based in|live in|living in|i'?m in|i am in|home is|home in)\s*$/i;
const STRONG_DESTINATION_CUE = /(?:\b(?:to|into|visit|visiting|see|seeing|explore|exploring|tour(?:ing)?|destination(?: is)?:?|(?:leav(?:e|ing)|head(?:ing|ed)?|bound|off|depart(?:ing)?|fly(?:ing)?|trip|flights?)\s+for)|→|->|=>)\s*$/i;
const WEAK_DESTINATION_CUE = /\b(?:in|at|around|near)\s*$/i;
const PAIR_JOIN = /^\s*(?:→|->|—>|=>|>|–|—|-|to)\s*$/i;
/** Between the cities of a multi-city trip: "Kyoto and Osaka", "Tokyo, Kyoto", "Lisbon, then on to Porto", "Rome & Florence". */
const CITY_LIST_JOIN = /^\s*(?:(?:,|;|&|\+|\band\b|\bplus\b)\s*)*(?:(?:\bthen\b|\bfollowed by\b|\bafter that\b)\s*(?:\bon\b\s*)?(?:\bto\b\s*)?)?$/i;
/** Left between listed cities once their dates and lengths are claimed: "Kyoto in ␣␣␣␣ then Osaka", "Rome (4 nights), Florence". */
const LIST_ASIDES = /\([^()]*\)|\b(?:in|for|on|during|over)\b(?=\s{2,})/gi;

/** Origin, destination and further listed cities: city and airport names (longest first), airport and metro codes, with role cues. */
export function extractPlaces(work: WorkText, places: PlaceIndex): Route {
  const text = work.text;
  const tables = placeTables(places);
  const shouting = !/\p{Ll}/u.test(work.original);
  // Someone who never types a capital ("lisbon in may") gets the benefit of the doubt for city names
  // that are not ordinary words.
  const lowercaseStyle = !/\p{Lu}/u.test(work.original);
  const tokens = tokenize(text);
  const candidates: PlaceCandidate[] = [];

  const cueBefore = (index: number): PlaceCue => {
    const before = text.slice(Math.max(0, index - 40), index);
    if (ORIGIN_CUE.test(before)) return { role: 'origin', weak: false };
    if (STRONG_DESTINATION_CUE.test(before)) return { role: 'destination', weak: false };
    if (WEAK_DESTINATION_CUE.test(before)) return { role: 'destination', weak: true };
    return null;
  };
  const pairableAfter = (end: number) => /^\s*(?:→|->|—>|=>|>|–|—|-|to)\s*\p{L}/iu.test(text.slice(end, end + 12));

  for (let i = 0; i < tokens.length; ) {
    // An upper-case three-letter word is read as a code first (NYC, LON), anything else as a name first.
    const codeFirst = !shouting && /^[A-Z]{3}$/.test(tokens[i]?.text ?? '');
    const found =
      (codeFirst ? matchCode(tokens, i, places) : null) ??
      matchName(tokens, i, text, places, tables) ??
      matchCode(tokens, i, places) ??
      matchFuzzy(tokens, i, places, tables);
    if (!found) {
      i += 1;
      continue;
    }
    const first = tokens[i];
    const last = tokens[found.next - 1];
    if (!first || !last) break;
    const cue = cueBefore(first.start);
    const candidate: PlaceCandidate = { start: first.start, end: found.end ?? last.end, place: found.place, cue, accepted: false, accept: found.accept, pairable: pairableAfter(found.end ?? last.end) };
    candidate.accepted = found.accept(cue, shouting, lowercaseStyle);
    candidates.push(candidate);
    i = found.next;
  }

  // "X to Y", "X → Y", "JFK-LHR": the first is the origin once the second is an accepted place.
  const pairs = new Set<PlaceCandidate>();
  for (let k = 0; k + 1 < candidates.length; k += 1) {
    const left = candidates[k];
    const right = candidates[k + 1];
    if (!left || !right || !right.accepted || !left.pairable || !PAIR_JOIN.test(text.slice(left.end, right.start))) continue;
    if (left.cue && !left.cue.weak) continue;
    const wasAccepted = left.accepted;
    left.accepted ||= acceptPairedLeft(left, work.original, places, shouting);
    if (left.accepted) {
      pairs.add(left);
      if (!wasAccepted || !left.cue) left.cue = { role: 'origin', weak: false };
      right.cue ??= { role: 'destination', weak: false };
    }
  }

  const accepted = candidates.filter((candidate) => candidate.accepted);
  const origin = accepted.find((c) => c.cue?.role === 'origin');
  const destination =
    accepted.find((c) => c !== origin && c.cue?.role === 'destination' && !c.cue.weak) ??
    accepted.find((c) => c !== origin && c.cue?.role === 'destination') ??
    accepted.find((c) => c !== origin && !c.cue && !pairs.has(c));
  const cities = destination ? cityList(candidates, destination, text, shouting, lowercaseStyle) : [];
  for (const candidate of new Set([...accepted, ...cities])) work.claim(candidate.start, candidate.end);

  // The trip starts in the list's first city ("Lisbon, then on to Porto" goes to Lisbon first). Cities
  // are kept by name: Kyoto and Osaka share a metro code but are two stops.
  const byName = new Map(cities.map((c) => [normalizePlaceName(c.place.city), c.place]));
  const [first, ...further] = byName.values();
  return { origin: origin?.place ?? null, destination: first ?? null, alsoVisiting: further };
}

/**
 * The destination with the cities listed around it ("Tokyo, Kyoto and Osaka"), in order. A city listed
 * after the destination without a place word of its own shares the destination's ("to Florence and Siena").
 */
function cityList(candidates: PlaceCandidate[], destination: PlaceCandidate, text: string, shouting: boolean, lowercaseStyle: boolean): PlaceCandidate[] {
  const joined = (left: PlaceCandidate, right: PlaceCandidate) => {
    const gap = text.slice(left.end, right.start).replace(LIST_ASIDES, ' ');
    return left.cue?.role !== 'origin' && right.cue?.role !== 'origin' && /\S/.test(gap) && CITY_LIST_JOIN.test(gap);
  };
  // Words read as places but not taken ("for" as FOR) are part of the text between listed cities.
  const at = candidates.indexOf(destination);
  const list = [destination];
  for (const left of candidates.slice(0, at).reverse()) {
    if (!left.accepted) continue;
    if (!joined(left, list[0] as PlaceCandidate)) break;
    list.unshift(left);
  }
  for (const right of candidates.slice(at + 1)) {
    if (!joined(list.at(-1) as PlaceCandidate, right)) {
      if (right.accepted) break;
      continue;
    }
    right.accepted ||= right.cue === null && destination.cue !== null && right.accept(destination.cue, shouting, lowercaseStyle);
    if (right.accepted) list.push(right);
  }
  return list;
}

/** The first half of "X to Y": an upper-case code ("SEA-NRT", "MAD to BCN"), a major code in lower case ("jfk to lax"), a capitalized name. */
function acceptPairedLeft(candidate: PlaceCandidate, original: string, places: PlaceIndex, shouting: boolean): boolean {
  const word = original.slice(candidate.start, candidate.end);
  if (/^[A-Za-z]{3}$/.test(word)) {
    if (word === word.toUpperCase() && !shouting) return true;
    return !ENGLISH_THREE.has(word.toLowerCase()) && isMajorCode(places, word);
  }
  return isCapitalized(word);
}
