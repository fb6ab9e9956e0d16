// A traveler's message as a typed change set against the trip's current request: what the message is
// (a change, a question, an acknowledgement, an undo, or too vague to act on) and, for a change, only the
// fields it touches — set, shifted, added to or removed from. The `update_trip_request` tool takes this
// shape from a model, the offline planner fills it from agents/followUp.ts, and `applyChangeSet` turns it
// into the new request with exactly those fields changed; `describeChanges` says what changed.
import { z } from 'zod';
import { currencyCodeSchema, isoDateSchema } from '../contracts/primitiveSchemas.js';
import { addDays, daysBetween, tripDateProblems, type TripDateProblem } from '../domain/dates.js';
import { tripRequestSchema } from '../domain/schemas.js';
import {
  cabinClasses,
  defaultStayWishes,
  paces,
  questionTopics,
  turnIntents,
  type ChangeableField,
  type Money,
  type Pace,
  type PlaceRef,
  type RequestChange,
  type StayWishes,
  type TripRequest,
} from '../domain/trip.js';
import { dateSpan } from './dates.js';
import { formatMoney } from './knowledge.js';

const interestText = z.string().trim().min(1).max(40);

export const placeArgSchema = z
  .object({
    city: z.string().min(1).max(120).describe('The place as the traveler named it: a city ("Lisbon"), an airport ("Heathrow") or a town ("Cascais")'),
    iata: z.string().optional().describe('IATA airport or city code if you know it, e.g. "LHR" or "LON"'),
  })
  .describe('A place');
export type PlaceArg = z.infer<typeof placeArgSchema>;

const dayShift = z.number().int().min(-60).max(60);

export const changeSetSchema = z
  .object({
    intent: z
      .enum(turnIntents)
      .describe(
        'change: the traveler asks to change the trip; question: they ask about the trip or destination (nothing changes); confirm: an acknowledgement ("sounds good"); undo: take back the last change; clarify: too vague or contradictory to act on',
      ),
    questionTopic: z.enum(questionTopics).optional().describe('For intent=question: what it is about'),
    clarifyingQuestion: z.string().min(1).max(300).optional().describe('For intent=clarify: the short question to ask back'),
    origin: placeArgSchema.nullable().optional().describe('New departure place'),
    destination: placeArgSchema.nullable().optional().describe('New destination (not a day trip: day trips go to addInterests)'),
    alsoVisiting: z.array(placeArgSchema).max(5).optional().describe('All further cities of a multi-city trip, after the destination'),
    departDate: isoDateSchema.nullable().optional().describe('New outbound date YYYY-MM-DD (absolute)'),
    returnDate: isoDateSchema.nullable().optional().describe('New return date YYYY-MM-DD (absolute; null for one-way)'),
    shiftDepartDays: dayShift.optional().describe('Move the outbound date by this many days (negative: earlier)'),
    shiftReturnDays: dayShift.optional().describe('Move the return date by this many days (negative: earlier)'),
    nights: z.number().int().min(1).max(60).optional().describe('Trip length in nights, counted from the (new) outbound date'),
    adults: z.number().int().min(1).max(9).optional().describe('New number of adults'),
    children: z.number().int().min(0).max(9).optional().describe('New number of children'),
    addAdults: z.number().int().min(-8).max(8).optional().describe('Adults joining (negative: leaving)'),
    addChildren: z.number().int().min(-9).max(9).optional().describe('Children joining (negative: leaving)'),
    budget: z
      .object({ amount: z.number().nonnegative(), currency: currencyCodeSchema().optional().describe('Only if the traveler named one; otherwise the budget keeps its currency') })
      .nullable()
      .optional()
      .describe('Total budget for the whole trip and party (null: no budget)'),
    cabinClass: z.enum(cabinClasses).optional(),
    maxStops: z.number().int().min(0).max(3).nullable().optional().describe('Most stops per direction (0: nonstop only; null: any)'),
    stay: z
      .object({
        needed: z.boolean().optional().describe('false: the traveler has accommodation'),
        maxPerNight: z.object({ amount: z.number().positive(), currency: currencyCodeSchema().optional() }).nullable().optional(),
        minStars: z.number().int().min(1).max(5).nullable().optional(),
        near: z.string().trim().min(1).max(80).nullable().optional(),
        cheapest: z.boolean().optional().describe('true: "somewhere cheaper"'),
      })
      .optional()
      .describe('Accommodation wishes that changed'),
    pace: z.enum(paces).optional().describe('relaxed ("slow, easy-going"), balanced or packed'),
    addInterests: z.array(interestText).max(10).optional().describe('Interests and must-do items to add, in the traveler\'s words ("food", "a day trip to Nikko")'),
    removeInterests: z.array(interestText).max(10).optional().describe('Interests or must-do items to drop'),
  })
  .strict();

export type ChangeSet = z.infer<typeof changeSetSchema>;

/** A change set whose places are resolved to PlaceRefs (what the tool hands the understand step). */
export type ResolvedChangeSet = Omit<ChangeSet, 'origin' | 'destination' | 'alsoVisiting'> & {
  origin?: PlaceRef | null;
  destination?: PlaceRef | null;
  alsoVisiting?: PlaceRef[];
};

export interface AppliedChangeSet {
  request: TripRequest;
  pace: Pace;
  /** The fields whose value differs from before, in display order. */
  changed: ChangeableField[];
  /** Dates the change asked for that cannot be a trip; the trip keeps its dates. */
  problems: TripDateProblem[];
}

const FIELD_ORDER: ChangeableField[] = ['origin', 'destination', 'alsoVisiting', 'departDate', 'returnDate', 'adults', 'children', 'budget', 'cabinClass', 'maxStops', 'stay', 'pace', 'interests'];

/**
 * The request after `changes`, touching nothing the change set does not name. A budget without a
 * currency keeps the current one (the trip's `currency` when there was none). Dates that would break the
 * trip-date rule are refused together (the trip keeps both) and reported.
 */
export function applyChangeSet(
  current: TripRequest,
  pace: Pace,
  changes: ResolvedChangeSet,
  options: { today: string; currency: string },
): AppliedChangeSet {
  const next: TripRequest = { ...current };
  let nextPace = pace;
  if (changes.origin !== undefined) next.origin = changes.origin;
  if (changes.destination !== undefined) {
    next.destination = changes.destination;
    // A new destination replaces the old trip's cities unless the message names further ones.
    if (changes.alsoVisiting === undefined) delete next.alsoVisiting;
  }
  if (changes.alsoVisiting !== undefined) {
    if (changes.alsoVisiting.length > 0) next.alsoVisiting = changes.alsoVisiting;
    else delete next.alsoVisiting;
  }

  // Dates: absolute values first, then shifts, then a length from the (new) departure.
  const datesBefore = { departDate: current.departDate, returnDate: current.returnDate };
  let { departDate, returnDate } = datesBefore;
  const length = departDate && returnDate ? daysBetween(departDate, returnDate) : null;
  if (changes.departDate !== undefined) {
    departDate = changes.departDate;
    // A new departure alone keeps the trip's length (a later departure must not invert the trip).
    if (changes.returnDate === undefined && changes.nights === undefined && departDate && length !== null) returnDate = addDays(departDate, length);
  }
  if (changes.returnDate !== undefined) returnDate = changes.returnDate;
  if (changes.shiftDepartDays && departDate) departDate = addDays(departDate, changes.shiftDepartDays);
  if (changes.shiftReturnDays && returnDate) returnDate = addDays(returnDate, changes.shiftReturnDays);
  if (changes.nights !== undefined && departDate) returnDate = addDays(departDate, changes.nights);
  const datesChanged = (['departDate', 'returnDate'] as const).filter((field) => ({ departDate, returnDate })[field] !== datesBefore[field]);
  const problems = datesChanged.length > 0 ? tripDateProblems({ departDate, returnDate }, { today: options.today, changed: datesChanged }) : [];
  if (problems.length === 0) {
    next.departDate = departDate;
    next.returnDate = returnDate;
  }

  if (changes.adults !== undefined) next.adults = changes.adults;
  if (changes.children !== undefined) next.children = changes.children;
  if (changes.addAdults) next.adults = clamp(next.adults + changes.addAdults, 1, 9);
  if (changes.addChildren) next.children = clamp(next.children + changes.addChildren, 0, 9);

  if (changes.budget !== undefined) {
    next.budget = changes.budget === null ? null : { amount: roundCents(changes.budget.amount), currency: changes.budget.currency ?? current.budget?.currency ?? options.currency };
  }
  if (changes.cabinClass !== undefined) next.cabinClass = changes.cabinClass;
  if (changes.maxStops !== undefined) {
    if (changes.maxStops === null) delete next.maxStops;
    else next.maxStops = changes.maxStops;
  }
  if (changes.stay !== undefined) {
    const wishes: StayWishes = { ...defaultStayWishes, ...current.stay };
    const { maxPerNight, ...rest } = changes.stay;
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(wishes, { [key]: value });
    if (maxPerNight !== undefined) wishes.maxPerNight = maxPerNight === null ? null : { amount: roundCents(maxPerNight.amount), currency: maxPerNight.currency ?? next.budget?.currency ?? options.currency };
    // Asking for a hotel again ("we need a hotel after all") is the only wish that turns a stay back on.
    if (changes.stay.needed === undefined && (rest.minStars || rest.cheapest || rest.near || maxPerNight)) wishes.needed = true;
    if (sameJson(wishes, defaultStayWishes)) delete next.stay;
    else next.stay = wishes;
  }
  if (changes.pace !== undefined) nextPace = changes.pace;
  if (changes.addInterests || changes.removeInterests) {
    const removed = (changes.removeInterests ?? []).map(normalizeInterest);
    const kept = current.interests.filter((interest) => !removed.some((gone) => interestMatches(interest, gone)));
    const added = (changes.addInterests ?? []).map((interest) => interest.trim()).filter((interest) => interest && !kept.some((have) => normalizeInterest(have) === normalizeInterest(interest)));
    next.interests = [...kept, ...added].slice(0, 20);
  }

  // Whatever the model sent, the request must stay valid: an invalid result keeps the current request.
  const valid = tripRequestSchema.safeParse(next);
  const request = valid.success ? next : current;
  const changed = FIELD_ORDER.filter((field) => (field === 'pace' ? nextPace !== pace : !sameJson(request[field], current[field])));
  return { request, pace: nextPace, changed, problems };
}

/** "Dates: 12–19 Jun 2027 → 14–21 Jun 2027", "Travelers: 2 adults → 3 adults", … in display order. */
export function describeChanges(before: { request: TripRequest; pace: Pace }, after: { request: TripRequest; pace: Pace }): RequestChange[] {
  const changes: RequestChange[] = [];
  const push = (field: ChangeableField, label: string, from: string, to: string) => {
    if (from !== to) changes.push({ field, label, before: from, after: to });
  };
  const [a, b] = [before.request, after.request];
  push('origin', 'From', placeText(a.origin), placeText(b.origin));
  push('destination', 'To', placeText(a.destination), placeText(b.destination));
  push('alsoVisiting', 'Also visiting', (a.alsoVisiting ?? []).map((place) => place.city).join(', ') || 'none', (b.alsoVisiting ?? []).map((place) => place.city).join(', ') || 'none');
  if (a.departDate !== b.departDate || a.returnDate !== b.returnDate) {
    changes.push({ field: a.departDate !== b.departDate ? 'departDate' : 'returnDate', label: 'Dates', before: datesText(a), after: datesText(b) });
  }
  push('adults', 'Travelers', partyText(a), partyText(b));
  if (changes.at(-1)?.label !== 'Travelers') push('children', 'Travelers', partyText(a), partyText(b));
  push('budget', 'Budget', a.budget ? formatMoney(a.budget) : 'none', b.budget ? formatMoney(b.budget) : 'none');
  push('cabinClass', 'Cabin', a.cabinClass.replace('_', ' '), b.cabinClass.replace('_', ' '));
  push('maxStops', 'Flights', stopsText(a.maxStops), stopsText(b.maxStops));
  push('stay', 'Stay', stayText(a.stay), stayText(b.stay));
  push('pace', 'Pace', before.pace, after.pace);
  push('interests', 'Interests', a.interests.join(', ') || 'none', b.interests.join(', ') || 'none');
  return changes;
}

/** One line for the top of a reply: "Dates: 12–19 Jun 2027 → 14–21 Jun 2027 · price +$180". */
export function changesLine(changes: readonly RequestChange[], priceDelta: Money | null | undefined): string {
  const parts = changes.map((change) => `${change.label}: ${change.before} → ${change.after}`);
  if (priceDelta && Math.round(priceDelta.amount) !== 0) {
    const sign = priceDelta.amount > 0 ? '+' : '−';
    parts.push(`price ${sign}${formatMoney({ amount: Math.abs(priceDelta.amount), currency: priceDelta.currency })}`);
  }
  return parts.join(' · ');
}

function placeText(place: PlaceRef | null): string {
  return place ? `${place.city} (${place.iata})` : 'not set';
}

function datesText(request: TripRequest): string {
  if (!request.departDate) return 'not set';
  return request.returnDate ? dateSpan(request.departDate, request.returnDate) : `${dateSpan(request.departDate, null)}, one way`;
}

function partyText(request: TripRequest): string {
  const adults = `${request.adults} adult${request.adults === 1 ? '' : 's'}`;
  return request.children > 0 ? `${adults}, ${request.children} child${request.children === 1 ? '' : 'ren'}` : adults;
}

function stopsText(maxStops: number | null | undefined): string {
  if (maxStops === undefined || maxStops === null) return 'any stops';
  return maxStops === 0 ? 'nonstop only' : `up to ${maxStops} stop${maxStops === 1 ? '' : 's'}`;
}

export function stayText(stay: StayWishes | undefined): string {
  const wishes = { ...defaultStayWishes, ...stay };
  if (!wishes.needed) return 'not needed';
  const parts: string[] = [];
  if (wishes.cheapest) parts.push('cheapest');
  if (wishes.minStars) parts.push(`${wishes.minStars}★ or more`);
  if (wishes.maxPerNight) parts.push(`at most ${formatMoney(wishes.maxPerNight)}/night`);
  if (wishes.near) parts.push(`near ${wishes.near}`);
  return parts.length > 0 ? parts.join(', ') : 'any';
}

function normalizeInterest(interest: string): string {
  return interest.trim().toLowerCase().replace(/^(?:a|an|the)\s+/, '');
}

/** "the day trip" removes "a day trip to Nikko"; "museums" removes "museums". */
function interestMatches(interest: string, removed: string): boolean {
  const have = normalizeInterest(interest);
  return have === removed || have.startsWith(`${removed} `) || (removed.length >= 4 && have.includes(removed));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
