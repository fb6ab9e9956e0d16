// Update validators run inside the workflow sandbox, before input enters history. They are plain
// functions on purpose: zod schemas built in workflow code inflate every cached workflow. The limits
// come from domain/trip.ts, the same constants the API's zod schemas (domain/schemas.ts) use.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { storageProblem } from '../domain/storable.js';
import { STEP_UNAVAILABLE_REASON, travelerFailureReason } from '../domain/stepFailures.js';
import { characterCount, isThreeLetterCode, moneyAmountProblem } from '../contracts/primitives.js';
import {
  cabinClasses,
  MAX_CLIENT_MESSAGE_ID_LENGTH,
  MAX_MESSAGE_LENGTH,
  paces,
  type ChangeBasis,
  type Constraints,
  type OptionSelection,
  type SendMessageInput,
  type TripPlan,
} from '../domain/trip.js';
import { tripDateProblems, utcDateOf } from '../domain/dates.js';
import { addableEntryKinds, itineraryEditProblem, MAX_ENTRY_DESCRIPTION, MAX_ENTRY_TITLE, TIME_OF_DAY, type ItineraryEdit, type ItineraryEditRules } from '../domain/itineraryEdits.js';

export const VALIDATION_ERROR = 'ValidationError';

/** Rejects what PostgreSQL could not store (domain/storable.ts), so a poison value never reaches an activity. */
export function rejectUnstorable(value: unknown, field: string): void {
  const problem = storageProblem(value, field);
  if (problem) reject(problem.field, problem.reason);
}

/** Rejects an input naming the field (details [{field, reason}], which the API turns into a 422 or 409). */
export function reject(field: string, reason: string, type = VALIDATION_ERROR): never {
  throw ApplicationFailure.create({ type, message: `${field}: ${reason}`, nonRetryable: true, details: [{ field, reason }] });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertRecord(value: unknown, field: string): asserts value is Record<string, unknown> {
  if (!isRecord(value)) reject(field, 'must be an object');
}

function assertKnownKeys(value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) reject(key, 'is not a known field');
}

export const isCount = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * What the traveler reads for a failed step: the failure's own words when they describe the request
 * (an input error), else a plain sentence. Never the raw error (a Prisma message carries file paths and
 * source lines); describeFailure gives that, for the logs.
 */
export function travelerStepReason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? travelerFailureReason(cause.type, cause.message) : STEP_UNAVAILABLE_REASON;
}

/** A failed activity's own message (what the traveler and the history's readers need), else the error's. */
export function describeFailure(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The ApplicationFailure types along an error's cause chain (an ActivityFailure wraps its activity's failure). */
export function failureTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let current: unknown = error; current instanceof Error && types.length < 10; current = current.cause) {
    if (current instanceof ApplicationFailure && current.type) types.push(current.type);
  }
  return types;
}

const CHANGE_BASIS_KEYS = ['baseVersion', 'author'] as const;

/**
 * A change's input as [where it comes from (baseVersion, author), the change itself], so each part is
 * checked by its own rule; anything that is not an object is left for the change's validator to reject.
 */
export function splitChangeBasis(input: unknown): [Record<string, unknown>, unknown] {
  if (!isRecord(input)) return [{}, input];
  const basis: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((CHANGE_BASIS_KEYS as readonly string[]).includes(key)) basis[key] = value;
    else rest[key] = value;
  }
  return [basis, rest];
}

/** `baseVersion`: a version the trip has had (0…current); `author`: the caller as the API names it. */
export function validateChangeBasis(basis: Record<string, unknown>, currentVersion: number): asserts basis is ChangeBasis & Record<string, unknown> {
  if ('baseVersion' in basis && basis.baseVersion !== undefined) {
    if (!isCount(basis.baseVersion, 0, Number.MAX_SAFE_INTEGER)) reject('baseVersion', 'must be a whole number from 0');
    if (basis.baseVersion > currentVersion) reject('baseVersion', `is newer than the trip (version ${currentVersion})`);
  }
  if ('author' in basis && basis.author !== undefined) {
    const author = basis.author;
    assertRecord(author, 'author');
    assertKnownKeys(author, ['userId', 'name', 'kind']);
    if (typeof author.userId !== 'string' || author.userId.length === 0 || author.userId.length > 100) reject('author.userId', 'must be a user id');
    if (author.name !== undefined && (typeof author.name !== 'string' || characterCount(author.name) > 200)) reject('author.name', 'must be a name of at most 200 characters');
    if (author.kind !== undefined && author.kind !== 'user' && author.kind !== 'agent') reject('author.kind', 'must be user or agent');
    rejectUnstorable(author.name, 'author.name');
  }
}

export function validateSendMessage(input: unknown): asserts input is SendMessageInput {
  assertRecord(input, 'input');
  assertKnownKeys(input, ['text', 'clientMessageId']);
  const { text, clientMessageId } = input;
  if (typeof text !== 'string' || text.trim().length === 0) reject('text', 'must not be empty');
  if (characterCount(text) > MAX_MESSAGE_LENGTH) reject('text', `must be at most ${MAX_MESSAGE_LENGTH} characters`);
  rejectUnstorable(text, 'text');
  if (typeof clientMessageId !== 'string' || !/^[\w.:-]+$/.test(clientMessageId) || clientMessageId.length > MAX_CLIENT_MESSAGE_ID_LENGTH) {
    reject('clientMessageId', `must be 1-${MAX_CLIENT_MESSAGE_ID_LENGTH} characters of letters, digits, . _ : -`);
  }
}

/**
 * `today` defaults to the workflow's deterministic clock (in the sandbox `new Date()` is the time of the
 * current workflow task); validators do not run on replay, so tightening them needs no patch.
 */
export function validateConstraints(
  input: unknown,
  current: { departDate: string | null; returnDate: string | null },
  today: string = utcDateOf(new Date()),
): asserts input is Constraints {
  assertRecord(input, 'input');
  assertKnownKeys(input, ['departDate', 'returnDate', 'budget', 'adults', 'children', 'cabinClass', 'interests', 'pace', 'maxStops', 'stay']);
  if (Object.keys(input).length === 0) reject('input', 'at least one constraint is required');
  for (const field of ['departDate', 'returnDate'] as const) {
    if (field in input && input[field] !== null && typeof input[field] !== 'string') reject(field, 'must be a date YYYY-MM-DD or null');
  }
  if ('adults' in input && !isCount(input.adults, 1, 9)) reject('adults', 'must be an integer from 1 to 9');
  if ('children' in input && !isCount(input.children, 0, 9)) reject('children', 'must be an integer from 0 to 9');
  if ('cabinClass' in input && !cabinClasses.includes(input.cabinClass as never)) reject('cabinClass', `must be one of ${cabinClasses.join(', ')}`);
  if ('pace' in input && !paces.includes(input.pace as never)) reject('pace', `must be one of ${paces.join(', ')}`);
  if ('interests' in input) {
    const interests = input.interests;
    if (!Array.isArray(interests) || interests.length > 20 || interests.some((item) => typeof item !== 'string' || item.trim() === '' || characterCount(item) > 40)) {
      reject('interests', 'must be a list of up to 20 short words');
    }
    rejectUnstorable(interests, 'interests');
  }
  if ('maxStops' in input && input.maxStops !== null && !isCount(input.maxStops, 0, 3)) reject('maxStops', 'must be an integer from 0 to 3 or null');
  if ('stay' in input) {
    const stay = input.stay;
    assertRecord(stay, 'stay');
    assertKnownKeys(stay, ['needed', 'maxPerNight', 'minStars', 'near', 'cheapest']);
    if (typeof stay.needed !== 'boolean') reject('stay.needed', 'must be true or false');
    if (typeof stay.cheapest !== 'boolean') reject('stay.cheapest', 'must be true or false');
    if (stay.minStars !== null && !isCount(stay.minStars, 1, 5)) reject('stay.minStars', 'must be an integer from 1 to 5 or null');
    if (stay.near !== null && (typeof stay.near !== 'string' || stay.near.trim() === '' || characterCount(stay.near) > 80)) reject('stay.near', 'must be a short place name or null');
    rejectUnstorable(stay.near, 'stay.near');
    if (stay.maxPerNight !== null) {
      assertRecord(stay.maxPerNight, 'stay.maxPerNight');
      assertKnownKeys(stay.maxPerNight, ['amount', 'currency']);
      const problem = moneyAmountProblem(stay.maxPerNight.amount);
      if (problem) reject('stay.maxPerNight.amount', problem);
      if (!isThreeLetterCode(stay.maxPerNight.currency)) reject('stay.maxPerNight.currency', 'must be an ISO 4217 code such as EUR');
    }
  }
  if ('budget' in input && input.budget !== null) {
    const budget = input.budget;
    assertRecord(budget, 'budget');
    assertKnownKeys(budget, ['amount', 'currency']);
    const problem = moneyAmountProblem(budget.amount);
    if (problem) reject('budget.amount', problem);
    if (!isThreeLetterCode(budget.currency)) reject('budget.currency', 'must be an ISO 4217 code such as EUR');
  }
  // The trip-date rule on the trip as it would be: the change merged with the current dates.
  const changed = (['departDate', 'returnDate'] as const).filter((field) => field in input);
  if (changed.length > 0) {
    const dates = {
      departDate: 'departDate' in input ? (input.departDate as string | null) : current.departDate,
      returnDate: 'returnDate' in input ? (input.returnDate as string | null) : current.returnDate,
    };
    const [problem] = tripDateProblems(dates, { today, changed });
    if (problem) reject(problem.field, problem.reason);
  }
}

/** A pending suggestion of this trip, answered with accept or dismiss. */
export function validateSuggestionResolution(input: unknown, suggestions: readonly { id: string; status: string }[]): void {
  assertRecord(input, 'input');
  assertKnownKeys(input, ['suggestionId', 'decision']);
  if (input.decision !== 'accept' && input.decision !== 'dismiss') reject('decision', 'must be accept or dismiss');
  const suggestion = suggestions.find((candidate) => candidate.id === input.suggestionId);
  if (!suggestion) reject('suggestionId', 'is not a suggestion of this trip', 'SuggestionNotFound');
  if (suggestion.status !== 'pending') reject('suggestionId', `was already ${suggestion.status}`, 'SuggestionResolved');
}

export function validateOptionSelection(input: unknown, plan: TripPlan | null): asserts input is OptionSelection {
  assertRecord(input, 'input');
  assertKnownKeys(input, ['flightOfferId', 'stayOfferId']);
  if (!('flightOfferId' in input) && !('stayOfferId' in input)) reject('input', 'choose a flightOfferId, a stayOfferId or both');
  if (!plan) reject('input', 'the trip has no plan to choose from yet', 'NoPlan');
  const check = (field: 'flightOfferId' | 'stayOfferId', ids: string[]) => {
    if (!(field in input) || input[field] === null) return;
    if (typeof input[field] !== 'string' || !ids.includes(input[field])) reject(field, 'is not one of the plan\'s current options');
  };
  check('flightOfferId', plan.flightOptions.map((offer) => offer.id));
  check('stayOfferId', plan.stayOptions.map((offer) => offer.id));
}

const ITINERARY_EDIT_KEYS: Record<ItineraryEdit['op'], readonly string[]> = {
  move: ['op', 'day', 'index', 'toDay', 'toIndex', 'entryTitle'],
  add: ['op', 'day', 'index', 'entry'],
  remove: ['op', 'day', 'index', 'entryTitle'],
};

/** A move, add or remove that fits the plan's itinerary as it is (days 1-based, indexes 0-based). */
export function validateItineraryEdit(input: unknown, plan: TripPlan | null, rules: ItineraryEditRules): asserts input is ItineraryEdit {
  assertRecord(input, 'input');
  const op = input.op as ItineraryEdit['op'];
  const allowed = ITINERARY_EDIT_KEYS[op];
  if (typeof op !== 'string' || !allowed) reject('op', 'must be move, add or remove');
  assertKnownKeys(input, allowed);
  const countField = (field: string, required: boolean) => {
    if (!(field in input) && !required) return;
    if (!isCount(input[field], field.toLowerCase().endsWith('day') ? 1 : 0, 1000)) reject(field, field.toLowerCase().endsWith('day') ? 'must be a day number from 1' : 'must be a whole number from 0');
  };
  countField('day', true);
  countField('index', op !== 'add');
  if (op === 'move') {
    countField('toDay', true);
    countField('toIndex', true);
  }
  if ('entryTitle' in input && (typeof input.entryTitle !== 'string' || characterCount(input.entryTitle) > MAX_ENTRY_TITLE)) reject('entryTitle', `must be the entry's title (at most ${MAX_ENTRY_TITLE} characters)`);
  if (op === 'add') {
    const entry = input.entry;
    assertRecord(entry, 'entry');
    assertKnownKeys(entry, ['kind', 'title', 'time', 'description']);
    if (!addableEntryKinds.includes(entry.kind as never)) reject('entry.kind', `must be one of ${addableEntryKinds.join(', ')}`);
    if (typeof entry.title !== 'string' || entry.title.trim() === '' || characterCount(entry.title) > MAX_ENTRY_TITLE) reject('entry.title', `must be 1-${MAX_ENTRY_TITLE} characters`);
    if (entry.time !== undefined && entry.time !== null && (typeof entry.time !== 'string' || !TIME_OF_DAY.test(entry.time))) reject('entry.time', 'must be a time HH:MM or null');
    if (entry.description !== undefined && entry.description !== null && (typeof entry.description !== 'string' || characterCount(entry.description) > MAX_ENTRY_DESCRIPTION)) {
      reject('entry.description', `must be at most ${MAX_ENTRY_DESCRIPTION} characters or null`);
    }
    rejectUnstorable(entry.title, 'entry.title');
    rejectUnstorable(entry.description, 'entry.description');
  }
  if (!plan) reject('input', 'the trip has no plan to edit yet', 'NoPlan');
  const problem = itineraryEditProblem(input as unknown as ItineraryEdit, plan.itinerary, rules);
  if (problem) reject(problem.field, problem.reason);
}
