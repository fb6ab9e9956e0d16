// A title for a trip created with its first message and no title (POST /api/trips with `message`, MCP's
// create_trip): the destination and dates the offline request parser understands ("Lisbon, 10–15 May"),
// else the start of the message itself, cut between graphemes so no surrogate pair or emoji is split.
import { parseTripRequest } from '../agents/parse/index.js';
import type { TripRequest } from '../domain/trip.js';

/** Longest title taken from a message's own words (titles may be 200 characters; a short one reads better). */
export const MAX_DERIVED_TITLE_LENGTH = 60;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export async function titleForFirstMessage(text: string, referenceDate = new Date().toISOString().slice(0, 10)): Promise<string> {
  const { request } = await parseTripRequest(text, { referenceDate });
  return titleFromRequest(request) ?? titleFromText(text);
}

/** "Lisbon, 10–15 May", "Lisbon, 30 May – 2 Jun", "Lisbon, from 10 May", "Lisbon"; null without a destination. */
export function titleFromRequest(request: Pick<TripRequest, 'destination' | 'departDate' | 'returnDate'>): string | null {
  if (!request.destination) return null;
  const city = request.destination.city;
  const depart = request.departDate ? dayMonthYear(request.departDate) : null;
  const back = request.returnDate ? dayMonthYear(request.returnDate) : null;
  if (!depart) return city;
  if (!back) return `${city}, from ${depart.day} ${depart.month}`;
  if (depart.year !== back.year) return `${city}, ${depart.day} ${depart.month} ${depart.year} – ${back.day} ${back.month} ${back.year}`;
  if (depart.month !== back.month) return `${city}, ${depart.day} ${depart.month} – ${back.day} ${back.month}`;
  return `${city}, ${depart.day}–${back.day} ${back.month}`;
}

/** The message's first words, whitespace collapsed, at most MAX_DERIVED_TITLE_LENGTH UTF-16 units, ending on a grapheme (and a word, when one ends late enough). */
export function titleFromText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_DERIVED_TITLE_LENGTH) return flat;
  const budget = MAX_DERIVED_TITLE_LENGTH - 1; // room for the ellipsis
  let cut = 0;
  for (const { segment, index } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(flat)) {
    if (index + segment.length > budget) break;
    cut = index + segment.length;
  }
  const head = flat.slice(0, cut);
  const lastSpace = head.lastIndexOf(' ');
  return `${(lastSpace >= budget / 2 ? head.slice(0, lastSpace) : head).trimEnd()}…`;
}

function dayMonthYear(date: string): { day: number; month: string; year: string } {
  const [year = '', month = '1', day = '1'] = date.split('-');
  return { day: Number(day), month: MONTHS[Number(month) - 1] ?? month, year };
}
