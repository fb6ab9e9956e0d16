// Day trips ("a day trip to Nikko", "day trips"): kept as said, as interests.
import { negated } from './interests.js';
import { isCapitalized, type WorkText } from './text.js';

/** Words that end a day-trip place name: "a day trip to Nikko and some temples". */
const PLACE_JOINERS = new Set(['de', 'del', 'da', 'do', 'di', 'la', 'le', 'el', 'of', 'the', 'sur', 'am', 'an']);
const PLACE_STOP = new Set(['and', 'or', 'with', 'on', 'in', 'for', 'from', 'while', 'but', 'then', 'please', 'during', 'if', 'at', 'by', 'maybe', 'too', 'also', 'as', 'when', 'to']);

/**
 * "a day trip to Nikko", "day trips": kept as said, with the place's spelling. Claimed before places
 * are read, so the day-trip place is not taken for the trip's destination.
 */
export function extractDayTrips(work: WorkText): string[] {
  const found: string[] = [];
  for (const m of work.matches(/\b(?:an?\s+)?(?:day[- ]?trips?|excursions?)(?:\s+(?:out\s+)?to\s+([\p{L}][\p{L}'’.-]*(?:\s+[\p{L}][\p{L}'’.-]*){0,3}))?/giu)) {
    if (negated(work, m.index)) continue;
    const words = (m[1] ?? '').split(/\s+/).filter(Boolean);
    // A capitalized name ends at the first lower-case word ("Nikko sounds fun"), except joiners ("Ilha de Moçambique").
    const named = isCapitalized(words[0] ?? '');
    const stop = words.findIndex((word, index) => PLACE_STOP.has(word.toLowerCase()) || (named && index > 0 && !isCapitalized(word) && !PLACE_JOINERS.has(word)));
    const place = (stop === -1 ? words : words.slice(0, stop)).join(' ').replace(/[.'’-]+$/, '');
    const lead = m[0].slice(0, m[0].length - (m[1]?.length ?? 0)).replace(/\s+/g, ' ').trim().toLowerCase();
    const phrase = place ? `${lead} ${place}` : lead.replace(/\s+(?:out\s+)?to$/, '');
    // Claim the phrase up to the place's end, leaving what follows ("and temples") for the other readers.
    work.claim(m.index, m.index + (place ? m[0].indexOf(m[1] ?? '') + place.length : m[0].length));
    if (!found.some((known) => known.toLowerCase() === phrase.toLowerCase())) found.push(phrase.slice(0, 40));
  }
  return found;
}
