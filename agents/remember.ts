// Memory specialist, write side (recall lives in understand.ts): turns what the traveler said this turn
// into short memory statements. Only facts, never conclusions drawn from a plan: a field becomes a memory
// only when the traveler's own message states it (per agents/parse/), plus explicit
// "I love/hate/prefer …" clauses — no derived numbers (per-night "habits" from a half-understood turn).
//
// Scope (agents/memory.ts): interests, cabin, home airport, pace and likes/dislikes are about the
// traveler; the trip record, its party and the budget stated for it are about that trip.
// Corrections: memories are KEYED, not deferred. Each trip-scoped fact has one slot per (trip, topic) and
// each single-valued traveler preference (cabin, home airport, pace) one slot per topic; a new statement
// replaces what the slot held, so "actually 3 adults, from Manchester" in the next turn overwrites the
// wrong fact instead of adding a second one. (Deferring writes until a later turn confirmed them would lose
// the last turn of every conversation and need state across workflow turns.) Interests and likes/dislikes
// accumulate, as they do in the trip request.
// The store drops near-duplicates, so repeating a preference never piles up rows.
import type { CabinClass, TripRequest } from '../domain/trip.js';
import type { AgentContext } from './context.js';
import { dateSpan } from './dates.js';
import { lexicalTokens } from './embeddings.js';
import { formatMoney } from './knowledge.js';
import { memoryScope, type MemoryKindName, type MemoryScope } from './memory.js';
import { parseTripRequest } from './parse/index.js';

export interface MemoryCandidate {
  kind: MemoryKindName;
  content: string;
  metadata: Record<string, unknown>;
}

const CABIN_LABEL: Record<CabinClass, string> = {
  economy: 'economy',
  premium_economy: 'premium economy',
  business: 'business class',
  first: 'first class',
};

const VERBS: Record<string, string> = {
  love: 'Loves',
  adore: 'Loves',
  like: 'Likes',
  enjoy: 'Enjoys',
  prefer: 'Prefers',
  hate: 'Dislikes',
  dislike: 'Dislikes',
  avoid: 'Avoids',
  "can't stand": 'Dislikes',
  'cannot stand': 'Dislikes',
  "don't like": 'Dislikes',
  'do not like': 'Dislikes',
  "don't want": 'Does not want',
  'never want': 'Does not want',
};
const CLAUSE = new RegExp(
  `\\b(?:i|we)(?:'d| would)?\\s+(?:really\\s+|usually\\s+|always\\s+|absolutely\\s+)?(${Object.keys(VERBS).map((verb) => verb.replace("'", "['’]")).join('|')})\\s+` +
    // The object runs to the next punctuation or to "and/but I/we …" (the next clause).
    `([^.,;!?\\n]{3,80}?)(?=\\s+(?:and|but|so|because|while)\\s+(?:i|we)\\b|[.,;!?\\n]|$)`,
  'gi',
);
const MAX_CLAUSES = 3;

/** Traveler topics that hold one value: a new statement replaces the old one. */
const SINGLE_VALUED_TOPICS = new Set(['cabin', 'home', 'pace']);

export async function extractMemories(input: { text: string; request: TripRequest; tripId: string | null; referenceDate: string }): Promise<MemoryCandidate[]> {
  const { text, request, tripId } = input;
  const parsed = await parseTripRequest(text, { referenceDate: input.referenceDate });
  const mentioned = new Set(parsed.mentioned);
  const candidates: MemoryCandidate[] = [];
  const add = (kind: MemoryKindName, scope: MemoryScope, content: string, metadata: Record<string, unknown>) => {
    if (scope === 'trip' && !tripId) return; // a trip fact needs its trip to be keyed by
    if (!candidates.some((candidate) => candidate.content.toLowerCase() === content.toLowerCase())) {
      candidates.push({ kind, content, metadata: { source: 'conversation', scope, ...(tripId ? { tripId } : {}), ...metadata } });
    }
  };
  // The value the traveler stated, as the trip request holds it after this turn (the merge can drop an
  // invalid value: then it was not confirmed and is not remembered).
  const stated = <K extends keyof TripRequest>(key: K): TripRequest[K] | null =>
    mentioned.has(key) && JSON.stringify(parsed.request[key]) === JSON.stringify(request[key]) ? request[key] : null;

  // ---- About the traveler ----
  // A requested day trip ("a day trip to Nikko") belongs to this trip, not to the traveler's lasting tastes.
  const interests = mentioned.has('interests')
    ? parsed.request.interests.filter((interest) => request.interests.includes(interest) && !/\b(?:day[- ]?trips?|excursions?)\b/i.test(interest))
    : [];
  for (const interest of interests) add('preference', 'traveler', `Enjoys ${interest.toLowerCase()} when traveling`, { topic: 'interest', interest });
  const cabin = stated('cabinClass');
  if (cabin) add('preference', 'traveler', `Prefers to fly ${CABIN_LABEL[cabin]}`, { topic: 'cabin', cabinClass: cabin });
  const origin = stated('origin');
  if (origin) add('fact', 'traveler', `Usually departs from ${origin.city} (${origin.iata})`, { topic: 'home', iata: origin.iata });
  if (/\b(relaxed|slow|leisurely|laid[- ]back|unhurried)\b/i.test(text)) add('preference', 'traveler', 'Prefers a relaxed travel pace', { topic: 'pace', pace: 'relaxed' });
  else if (/\b(packed|busy|action[- ]packed|as much as possible)\b/i.test(text)) add('preference', 'traveler', 'Prefers a packed travel pace', { topic: 'pace', pace: 'packed' });

  // Words already recorded by the structured memories above ("I love food" → interests, "we prefer business class" → cabin).
  const covered = new Set([...interests, ...candidates.map((candidate) => candidate.content)].flatMap((phrase) => lexicalTokens(phrase)));
  let clauses = 0;
  for (const match of text.matchAll(CLAUSE)) {
    if (clauses >= MAX_CLAUSES) break;
    const verb = VERBS[(match[1] ?? '').toLowerCase().replace('’', "'")];
    const object = (match[2] ?? '').trim();
    if (!verb || !object) continue;
    const words = lexicalTokens(object);
    if (words.length === 0 || words.every((word) => covered.has(word) || covered.has(word.replace(/s$/, '')))) continue;
    add(verb === 'Dislikes' || verb === 'Avoids' || verb === 'Does not want' ? 'feedback' : 'preference', 'traveler', `${verb} ${object}`, { topic: 'statement' });
    clauses += 1;
  }

  // ---- About this trip ----
  const destination = request.destination ? ` to ${request.destination.city}` : '';
  const adults = stated('adults');
  const children = stated('children');
  if (adults !== null || children !== null) {
    add(
      'fact',
      'trip',
      `Party for the trip${destination}: ${request.adults} adult${request.adults === 1 ? '' : 's'}${request.children > 0 ? ` and ${request.children} child${request.children === 1 ? '' : 'ren'}` : ''}`,
      { topic: 'party', adults: request.adults, children: request.children },
    );
  }
  // The budget as stated (a total for the party), never divided into per-night or per-person figures.
  const budget = stated('budget');
  if (budget) add('fact', 'trip', `Budget for the trip${destination}: ${formatMoney(budget)} in total`, { topic: 'budget', budget });

  if (request.destination && request.departDate) {
    const travelers = request.adults + request.children;
    add(
      'past_trip',
      'trip',
      `Trip to ${request.destination.city} (${request.destination.iata}), ${dateSpan(request.departDate, request.returnDate)}, ${travelers} traveler${travelers === 1 ? '' : 's'}` +
        (request.origin ? ` from ${request.origin.city}` : ''),
      { topic: 'trip', destination: request.destination.iata, departDate: request.departDate, returnDate: request.returnDate },
    );
  }
  return candidates;
}

/** The slot a memory fills: a new memory with the same slot replaces the old one; null = accumulates. */
export function memorySlot(metadata: Record<string, unknown>): string | null {
  const topic = typeof metadata.topic === 'string' ? metadata.topic : null;
  if (!topic) return null;
  if (memoryScope(metadata) === 'trip') return typeof metadata.tripId === 'string' ? `trip:${metadata.tripId}:${topic}` : null;
  return SINGLE_VALUED_TOPICS.has(topic) ? `traveler:${topic}` : null;
}

/**
 * Writes what the traveler said this turn as memories; answers how many were new. `after`: a write the
 * memories must not precede (the turn's plan): they are worked out and embedded meanwhile, and nothing is
 * written unless it succeeds.
 */
export async function rememberStatements(
  ctx: AgentContext,
  state: { userId: string; tripId: string | null; text: string; request: TripRequest; referenceDate: string },
  after?: Promise<unknown>,
): Promise<number> {
  const candidates = await extractMemories({ text: state.text, request: state.request, tripId: state.tripId, referenceDate: state.referenceDate });
  const slots = new Map(candidates.flatMap((candidate) => {
    const slot = memorySlot(candidate.metadata);
    return slot ? [[slot, candidate.content] as const] : [];
  }));
  if (slots.size > 0) {
    // A correction overwrites: drop what a slot held before when the new statement differs.
    const topics = [...new Set(candidates.flatMap((candidate) => (memorySlot(candidate.metadata) && typeof candidate.metadata.topic === 'string' ? [candidate.metadata.topic] : [])))];
    const held = await ctx.memory.onTopics(state.userId, topics, state.tripId, state.referenceDate);
    await after;
    for (const memory of held) {
      const slot = memorySlot(memory.metadata);
      const replacement = slot ? slots.get(slot) : undefined;
      if (replacement !== undefined && replacement !== memory.content) await ctx.memory.delete(state.userId, memory.id);
    }
  }
  const written = (await ctx.memory.rememberAll(state.userId, candidates, after)).filter((result) => result.created).length;
  ctx.logger.debug({ candidates: candidates.length, written }, 'memories written');
  return written;
}
