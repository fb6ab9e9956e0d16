// Memory specialist, write side (recall lives in understand.ts): turns what the traveler said this turn
// into short memory statements — interests, cabin, budget habits, party, home airport, pace, explicit
// likes/dislikes — plus one `past_trip` record per trip. Deterministic: only fields the message itself
// mentions (per agents/requestParser.ts) and explicit "I love/hate/prefer …" clauses become memories.
// The store drops near-duplicates, so repeating a preference never piles up rows.
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { CabinClass, TripRequest } from '../domain/trip.js';
import { agentContextFrom } from './context.js';
import { dateSpan, nightsBetween } from './dates.js';
import { lexicalTokens } from './embeddings.js';
import { formatMoney } from './knowledge.js';
import type { MemoryKindName } from './memory.js';
import { parseTripRequest } from './requestParser.js';
import type { TurnStateUpdate, TurnStateValue } from './state.js';

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

export async function extractMemories(input: { text: string; request: TripRequest; tripId: string | null; referenceDate: string }): Promise<MemoryCandidate[]> {
  const { text, request, tripId } = input;
  const parsed = await parseTripRequest(text, { referenceDate: input.referenceDate });
  const mentioned = new Set(parsed.mentioned);
  const base = { source: 'conversation', ...(tripId ? { tripId } : {}) };
  const candidates: MemoryCandidate[] = [];
  const add = (kind: MemoryKindName, content: string, metadata: Record<string, unknown> = {}) => {
    if (!candidates.some((candidate) => candidate.content.toLowerCase() === content.toLowerCase())) {
      candidates.push({ kind, content, metadata: { ...base, ...metadata } });
    }
  };

  // A requested day trip ("a day trip to Nikko") belongs to this trip, not to the traveler's lasting tastes.
  const interests = mentioned.has('interests') ? parsed.request.interests.filter((interest) => !/\b(?:day[- ]?trips?|excursions?)\b/i.test(interest)) : [];
  for (const interest of interests) add('preference', `Enjoys ${interest.toLowerCase()} when traveling`, { topic: 'interest', interest });
  if (mentioned.has('cabinClass')) add('preference', `Prefers to fly ${CABIN_LABEL[request.cabinClass]}`, { topic: 'cabin', cabinClass: request.cabinClass });
  if (mentioned.has('budget') && request.budget) {
    const travelers = request.adults + request.children;
    const nights = request.departDate && request.returnDate ? nightsBetween(request.departDate, request.returnDate) : null;
    const total = formatMoney(request.budget);
    add(
      'preference',
      nights
        ? `Budget habit: about ${formatMoney({ amount: request.budget.amount / travelers / nights, currency: request.budget.currency })} per person per night all-in (${total} for ${travelers} traveler${travelers === 1 ? '' : 's'}, ${nights} nights)`
        : `Budget habit: about ${total} per trip for ${travelers} traveler${travelers === 1 ? '' : 's'}`,
      { topic: 'budget', budget: request.budget, travelers, nights },
    );
  }
  if ((mentioned.has('children') && request.children > 0) || (mentioned.has('adults') && request.adults > 1)) {
    add('fact', `Travels as ${request.adults} adult${request.adults === 1 ? '' : 's'}${request.children > 0 ? ` with ${request.children} child${request.children === 1 ? '' : 'ren'}` : ''}`, {
      topic: 'party',
    });
  }
  if (mentioned.has('origin') && request.origin) add('fact', `Usually departs from ${request.origin.city} (${request.origin.iata})`, { topic: 'home', iata: request.origin.iata });
  if (/\b(relaxed|slow|leisurely|laid[- ]back|unhurried)\b/i.test(text)) add('preference', 'Prefers a relaxed travel pace', { topic: 'pace', pace: 'relaxed' });
  else if (/\b(packed|busy|action[- ]packed|as much as possible)\b/i.test(text)) add('preference', 'Prefers a packed travel pace', { topic: 'pace', pace: 'packed' });

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
    add(verb === 'Dislikes' || verb === 'Avoids' || verb === 'Does not want' ? 'feedback' : 'preference', `${verb} ${object}`, { topic: 'statement' });
    clauses += 1;
  }

  if (tripId && request.destination && request.departDate) {
    const travelers = request.adults + request.children;
    add(
      'past_trip',
      `Trip to ${request.destination.city} (${request.destination.iata}), ${dateSpan(request.departDate, request.returnDate)}, ${travelers} traveler${travelers === 1 ? '' : 's'}` +
        (request.origin ? ` from ${request.origin.city}` : ''),
      { topic: 'trip', destination: request.destination.iata, departDate: request.departDate, returnDate: request.returnDate },
    );
  }
  return candidates;
}

export async function rememberNode(state: TurnStateValue, config: LangGraphRunnableConfig): Promise<TurnStateUpdate> {
  const ctx = agentContextFrom(config);
  if (!state.userId) return { memoriesWritten: 0 };
  const candidates = await extractMemories({ text: state.text, request: state.request, tripId: state.tripId, referenceDate: state.referenceDate });
  let written = 0;
  const tripRecord = candidates.find((candidate) => candidate.kind === 'past_trip');
  if (tripRecord && state.tripId) {
    // One record per trip: replace the previous version when details changed.
    for (const memory of await ctx.memory.list(state.userId)) {
      if (memory.kind === 'past_trip' && memory.metadata.tripId === state.tripId && memory.content !== tripRecord.content) {
        await ctx.memory.delete(state.userId, memory.id);
      }
    }
  }
  for (const candidate of candidates) {
    const result = await ctx.memory.remember(state.userId, candidate.kind, candidate.content, candidate.metadata);
    if (result.created) written += 1;
  }
  ctx.logger.debug({ candidates: candidates.length, written }, 'memories written');
  return { memoriesWritten: written };
}
