// Request and response schemas of /api/trips (zod; also the source of the OpenAPI document).
// Request bodies and queries are strict: an unknown field (e.g. `ownerId`) is a 400 naming the field.
import { baseVersionSchema, clientMessageIdSchema, constraintsSchemaWith, messageTextSchema, moneySchema, nonBlankText, RULE_ISSUE_PARAMS, stayWishesSchema, tripDatesRule } from '../domain/schemas.js';
import { MAX_TRIP_NIGHTS } from '../domain/dates.js';
import { cabinClasses, paces, tripStatuses } from '../domain/trip.js';
import { atLeastOneField, cursorQuery, dateTimeSchema, intQuery, named, orNull, uuidSchema, z } from './common.js';
import { EMAIL_PATTERN, emailDocumentation } from './auth.js';
import { listEnvelope } from './list.js';
import { ISO_DATE_SHAPE } from './primitives.js';
import { addableEntryKinds, MAX_ENTRY_DESCRIPTION, MAX_ENTRY_TITLE, TIME_OF_DAY } from '../domain/itineraryEdits.js';
import { iataCodeSchema } from './primitiveSchemas.js';
import { editConflictView, moneyView, sendMessageResultView } from './tripState.js';


export const tripPreferencesSchema = z
  .object({
    pace: z.enum(paces),
    interests: z.array(nonBlankText(40)).max(20, 'must have at most 20 entries'),
    cabinClass: z.enum(cabinClasses),
    maxStops: z.number().int().min(0).max(3).nullable().openapi({ description: 'Most stops per direction (0: nonstop only; null: any).' }),
    stay: named(stayWishesSchema, 'StayWishes'),
  })
  .partial()
  .strict()
  .openapi('TripPreferences', { description: 'Planning preferences; the trip workflow reads them as constraints (pace, interests, cabin, stops, stay).' });

// Inline (not a named component): the generator renders a nullable reference as allOf [ref, null type],
// which no null satisfies.
const money = moneySchema;

// The shape only (400 when malformed); whether the date exists, is not past, and makes a possible trip
// is the domain's trip-date rule (422 naming the field), the same one the workflow and the agents apply.
const tripDateSchema = z
  .string()
  .regex(ISO_DATE_SHAPE, 'must be a date YYYY-MM-DD')
  .openapi({ format: 'date', example: '2027-03-05', description: `A real calendar date, not in the past; a trip lasts at most ${MAX_TRIP_NIGHTS} nights.` });
const tripDates = tripDatesRule<{ startDate?: string | null; endDate?: string | null }>({ departDate: 'startDate', returnDate: 'endDate' });

/**
 * A message to the planner. `clientMessageId` is the turn's idempotency key: optional here (the server makes
 * one and answers it), and the key to re-send under when a send's outcome is unknown.
 */
export const sendMessageBody = named(
  z
    .object({
      text: messageTextSchema,
      clientMessageId: clientMessageIdSchema.optional().openapi({
        description: 'Idempotency key of the turn (re-sending it is the same turn). Made by the server and returned when absent.',
      }),
      baseVersion: baseVersionSchema,
    })
    .strict(),
  'SendMessage',
);
/** A new trip's own fields; createTripSchema adds the first message and the rules (MCP's create_trip takes the message as text). */
export const newTripFields = z
  .object({
    title: nonBlankText(200)
      .optional()
      .openapi({ description: 'Required unless `message` is given; then derived from the request when absent ("Lisbon, 10–15 May", else the message\'s first words).' }),
    origin: iataCodeSchema.nullable().optional(),
    destinations: z.array(iataCodeSchema).max(10, 'must have at most 10 entries').optional(),
    startDate: tripDateSchema.nullable().optional(),
    endDate: tripDateSchema.nullable().optional(),
    adults: z.number().int().min(1).max(9).optional(),
    children: z.number().int().min(0).max(9).optional(),
    budget: money.nullable().optional(),
    preferences: tripPreferencesSchema.optional(),
  })
  .strict();

/** The rules of a new trip: the trip-date rule, and a title unless a first message is given (the title is then derived). */
export function withNewTripRules<S extends z.ZodType<z.output<typeof newTripFields> & { message?: unknown }>>(schema: S) {
  // The title rule is between two well-formed optional fields (each valid alone): a 422, like the date rule.
  return schema.superRefine(tripDates).refine((body) => body.title !== undefined || body.message !== undefined, { message: 'is required unless a message is given', path: ['title'], params: RULE_ISSUE_PARAMS });
}

export const createTripSchema = withNewTripRules(
  newTripFields.extend({
    message: sendMessageBody.optional().openapi({ description: 'The first planning message: the trip is created and its first turn starts, as POST /api/trips/{id}/messages would.' }),
  }),
).openapi('CreateTrip');
export type CreateTripBody = z.output<typeof createTripSchema>;

export const updateTripSchema = atLeastOneField(
  z
    .object({
      title: nonBlankText(200),
      startDate: tripDateSchema.nullable(),
      endDate: tripDateSchema.nullable(),
      adults: z.number().int().min(1).max(9),
      children: z.number().int().min(0).max(9),
      budget: money.nullable(),
      preferences: tripPreferencesSchema,
      baseVersion: baseVersionSchema,
    })
    .partial()
    .strict(),
  { besides: ['baseVersion'] },
)
  .superRefine(tripDates)
  .openapi('UpdateTrip', {
    description:
      'Title and planning fields. While the trip\'s workflow runs, dates, travelers, budget and preferences go to it as constraints ' +
      '(its validator may answer 422); before the first message they are stored on the trip.',
  });
export type UpdateTripBody = z.output<typeof updateTripSchema>;

export const tripRoles = ['owner', 'admin', 'write', 'read'] as const;

export const tripView = z
  .object({
    id: uuidSchema,
    ownerId: uuidSchema,
    title: z.string(),
    status: z.enum(tripStatuses),
    origin: z.string().nullable(),
    destinations: z.array(z.string()),
    startDate: z.string().nullable().openapi({ format: 'date' }),
    endDate: z.string().nullable().openapi({ format: 'date' }),
    adults: z.number().int(),
    children: z.number().int(),
    budget: orNull(moneyView),
    preferences: tripPreferencesSchema,
    role: z.enum(tripRoles).openapi({ description: 'The caller\'s role on this trip.' }),
    lastEventSeq: z.number().int(),
    archivedAt: dateTimeSchema.nullable(),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .openapi('Trip');
export type TripView = z.output<typeof tripView>;

export const listTripsQuery = z
  .object({
    status: z.enum(tripStatuses).optional(),
    limit: intQuery(1, 100).optional(),
    cursor: cursorQuery,
  })
  .strict();

export const tripListView = listEnvelope(tripView).openapi('TripList');

// ---- Collaborators ----

export const collaboratorRoles = ['read', 'write', 'admin'] as const;

export const collaboratorParams = z.object({ id: uuidSchema, userId: uuidSchema }).strict();

export const suggestionParams = z.object({ id: uuidSchema, suggestionId: uuidSchema.openapi({ param: { description: 'Suggestion id (from the trip state)' } }) }).strict();

export const putCollaboratorSchema = z.object({ role: z.enum(collaboratorRoles) }).strict().openapi('PutCollaborator');

export const addCollaboratorSchema = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email({ pattern: EMAIL_PATTERN, error: 'must be an email address' })).openapi(emailDocumentation),
    role: z.enum(collaboratorRoles),
  })
  .strict()
  .openapi('AddCollaborator');

export const collaboratorView = z
  .object({ userId: uuidSchema, displayName: z.string(), role: z.enum(collaboratorRoles), createdAt: dateTimeSchema, updatedAt: dateTimeSchema })
  .openapi('Collaborator');

export const collaboratorListView = listEnvelope(collaboratorView, 'Always null: every collaborator, in one page.')
  .extend({ owner: z.object({ userId: uuidSchema, displayName: z.string() }).openapi({ description: 'The trip\'s owner (not among `items`).' }) })
  .openapi('CollaboratorList');

// ---- Planning ----

export const constraintsBody = named(constraintsSchemaWith({ baseVersion: baseVersionSchema }), 'Constraints');

/** Longest `Prefer: wait=N` honoured: about as long as a whole turn may take. */
export const MAX_PREFER_WAIT_SECONDS = 60;

export const messageParams = z.object({ id: uuidSchema, clientMessageId: clientMessageIdSchema }).strict();

export const preferHeader = z.object({
  Prefer: z
    .string()
    .optional()
    .openapi({
      description: `RFC 7240. \`wait=N\`: wait up to N seconds (at most ${MAX_PREFER_WAIT_SECONDS}) for the turn to end and answer with its result; Preference-Applied names the wait honoured. Other preferences, and a malformed one, are ignored (RFC 7240 §2).`,
      example: 'wait=30',
    }),
});

export const messageAcceptedView = z
  .object({
    tripId: uuidSchema,
    clientMessageId: z.string(),
    status: z.literal('accepted'),
    statusUrl: z.string().openapi({ description: 'The turn\'s status and result (also the Location header).', example: '/api/trips/7d3c…/messages/web-42' }),
  })
  .openapi('MessageAccepted', { description: 'The planner accepted the message; the turn runs on. Its reply arrives as the `message` event (streamed before as `reply.delta` events).' });
export type MessageAcceptedView = z.output<typeof messageAcceptedView>;

/** POST /api/trips with `message`: the trip and its first turn (202), and with `Prefer: wait` the turn's result (201). */
export const tripCreatedWithTurnView = z.object({ trip: tripView, turn: messageAcceptedView }).openapi('TripWithFirstTurn');
export const tripCreatedWithResultView = z
  .object({ trip: tripView, turn: messageAcceptedView, result: sendMessageResultView })
  .openapi('TripWithFirstTurnResult', { description: 'The trip as its first turn left it, the turn, and the turn\'s result.' });

export const turnErrorView = z
  .object({
    status: z.number().int().openapi({ description: 'The HTTP status the failure maps to (422 rejected input, 409 the trip\'s state, 500 otherwise).' }),
    title: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    conflict: editConflictView.optional().openapi({ description: 'A 409 edit conflict: the other person\'s change this message collided with.' }),
  })
  .openapi('TurnError');

export const messageStatusView = z
  .object({
    tripId: uuidSchema,
    clientMessageId: z.string(),
    status: z.enum(['pending', 'done', 'failed']).openapi({ description: 'pending: queued or running; done: answered; failed: ended without a reply.' }),
    reply: z.string().nullable().openapi({ description: 'The reply (done).' }),
    result: orNull(sendMessageResultView).openapi({
      description: 'The turn\'s whole result (done) while the trip\'s planning session still holds it; null for a turn answered before the session continued as new.',
    }),
    error: orNull(turnErrorView).openapi({ description: 'Why the turn failed (failed).' }),
  })
  .openapi('MessageStatus');
export type MessageStatusView = z.output<typeof messageStatusView>;

export const selectionBody = z
  .object({
    flightOfferId: z.string().min(1).max(200).nullable().optional().openapi({ description: 'A flight offer id from the plan\'s `flightOptions`; null: no flight.' }),
    stayOfferId: z.string().min(1).max(200).nullable().optional().openapi({ description: 'A stay offer id from the plan\'s `stayOptions`; null: no stay.' }),
    baseVersion: baseVersionSchema,
  })
  .strict()
  .refine((body) => body.flightOfferId !== undefined || body.stayOfferId !== undefined, { message: 'choose a flightOfferId, a stayOfferId or both', path: ['flightOfferId'] })
  .openapi('OptionSelection', { anyOf: [{ required: ['flightOfferId'] }, { required: ['stayOfferId'] }] });

const dayNumber = z.number().int().min(1).max(1000).openapi({ description: 'A day of the itinerary (1-based, as `ItineraryDay.day`).' });
const entryIndex = z.number().int().min(0).max(1000).openapi({ description: 'An entry\'s position in its day (0-based).' });
const entryTitle = z
  .string()
  .max(MAX_ENTRY_TITLE)
  .optional()
  .openapi({ description: 'The title of the entry meant: the edit then applies to that entry where it now is in the day (another traveler may have moved it), and is refused (422) when the day no longer has it. Without it, `index` alone says which.' });

/** A traveler's itinerary edit (the workflow's `editItinerary` update): move, add or remove one entry. */
export const itineraryEditBody = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('move'), day: dayNumber, index: entryIndex, toDay: dayNumber, toIndex: entryIndex.openapi({ description: 'Its position in `toDay` once moved.' }), entryTitle, baseVersion: baseVersionSchema }).strict(),
    z
      .object({
        op: z.literal('add'),
        day: dayNumber,
        index: entryIndex.optional().openapi({ description: 'Where in the day (default: at its end).' }),
        entry: z
          .object({
            kind: z.enum(addableEntryKinds),
            title: nonBlankText(MAX_ENTRY_TITLE),
            time: z.string().regex(TIME_OF_DAY, 'must be a time HH:MM').nullable().optional(),
            description: z.string().max(MAX_ENTRY_DESCRIPTION).nullable().optional(),
          })
          .strict(),
        baseVersion: baseVersionSchema,
      })
      .strict(),
    z.object({ op: z.literal('remove'), day: dayNumber, index: entryIndex, entryTitle, baseVersion: baseVersionSchema }).strict(),
  ])
  .openapi('ItineraryEdit', { description: 'Move, add or remove one itinerary entry.' });

export const eventsQuery = z
  .object({
    cursor: cursorQuery.openapi({ description: '`nextCursor` of the previous page, as it came (a value this API did not issue is a 422). Give `cursor` or `after`, not both.' }),
    after: intQuery(0, 2_000_000_000)
      .optional()
      .openapi({ description: 'Events with seq greater than this (default 0): a position you hold yourself, e.g. the last `seq` a socket delivered.' }),
    limit: intQuery(1, 500).optional().openapi({ description: 'At most this many events (default 100).' }),
  })
  .strict()
  // Each is valid alone; both at once breaks a rule between them (422, not a malformed query).
  .refine((query) => query.cursor === undefined || query.after === undefined, { message: 'give either cursor or after, not both', path: ['cursor'], params: RULE_ISSUE_PARAMS });

export const tripEventView = z
  .object({ tripId: uuidSchema, seq: z.number().int(), type: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: dateTimeSchema })
  .openapi('TripEvent');

export const eventPageView = listEnvelope(
  tripEventView,
  'Never null (the log grows): pass it back as `cursor` to poll for what comes next. An empty `items` means caught up.',
).openapi('TripEventPage');

export const pageQuery = z
  .object({ limit: intQuery(1, 200).optional(), cursor: cursorQuery })
  .strict();

export const chatMessageView = z
  .object({
    id: uuidSchema,
    role: z.enum(['user', 'assistant', 'system', 'agent']),
    content: z.string(),
    clientMessageId: z.string().nullable(),
    authorId: uuidSchema.nullable().openapi({ description: 'Who wrote a traveler\'s message: the owner or the collaborator who sent it (the `message` event also names them: `authorId`, `authorName`). Null for the planner\'s replies.' }),
    createdAt: dateTimeSchema,
  })
  .openapi('ChatMessage');

export const chatPageView = listEnvelope(chatMessageView).openapi('ChatMessagePage');

export const activityView = z
  .object({
    id: z.string().openapi({ description: 'Monotonic id (a 64-bit integer as a string).' }),
    actorType: z.enum(['user', 'api_key', 'operator', 'system']),
    actorId: z.string().nullable(),
    action: z.string().openapi({ example: 'agent.suggestion' }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    createdAt: dateTimeSchema,
  })
  .openapi('Activity');

export const activityPageView = listEnvelope(activityView).openapi('ActivityPage');
