// Request and response schemas of /api/trips (zod; also the source of the OpenAPI document).
// Request bodies and queries are strict: an unknown field (e.g. `ownerId`) is a 400 naming the field.
import { clientMessageIdSchema, constraintsSchema, messageTextSchema, moneySchema, NOT_BLANK, RULE_ISSUE_PARAMS, stayWishesSchema, tripDatesRule } from '../../domain/schemas.js';
import { MAX_TRIP_NIGHTS } from '../../domain/dates.js';
import { cabinClasses, paces, tripStatuses } from '../../domain/trip.js';
import {
  cursorQuery,
  dateTimeSchema,
  idParams,
  intQuery,
  json,
  jsonBody,
  named,
  orNull,
  problems,
  sessionOnly,
  sessionOrKey,
  uuidSchema,
  z,
  type OpenApiRegistration,
} from './common.js';
import { EMAIL_PATTERN, emailDocumentation } from './auth.js';
import { listEnvelope } from './list.js';
import { moneyView, sendMessageResultView, tripStateView } from './tripState.js';

const iataCode = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA code such as LIS');

export const tripPreferencesSchema = z
  .object({
    pace: z.enum(paces),
    interests: z.array(z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters').meta({ pattern: NOT_BLANK })).max(20, 'must have at most 20 entries'),
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
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
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
    })
    .strict(),
  'SendMessage',
);
/** A new trip's own fields; createTripSchema adds the first message and the rules (MCP's create_trip takes the message as text). */
export const newTripFields = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional()
      .openapi({ description: 'Required unless `message` is given; then derived from the request when absent ("Lisbon, 10–15 May", else the message\'s first words).' }),
    origin: iataCode.nullable().optional(),
    destinations: z.array(iataCode).max(10, 'must have at most 10 entries').optional(),
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

export const updateTripSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    startDate: tripDateSchema.nullable(),
    endDate: tripDateSchema.nullable(),
    adults: z.number().int().min(1).max(9),
    children: z.number().int().min(0).max(9),
    budget: money.nullable(),
    preferences: tripPreferencesSchema,
  })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'at least one field is required')
  .superRefine(tripDates)
  .openapi('UpdateTrip', {
    minProperties: 1,
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

export const constraintsBody = named(constraintsSchema, 'Constraints');

/** Longest `Prefer: wait=N` honoured: about as long as a whole turn may take. */
export const MAX_PREFER_WAIT_SECONDS = 60;

export const messageParams = z.object({ id: uuidSchema, clientMessageId: clientMessageIdSchema }).strict();

const preferHeader = z.object({
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
  })
  .strict()
  .refine((body) => body.flightOfferId !== undefined || body.stayOfferId !== undefined, { message: 'choose a flightOfferId, a stayOfferId or both', path: ['flightOfferId'] })
  .openapi('OptionSelection', { minProperties: 1 });

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
    authorId: uuidSchema.nullable(),
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

// ---- OpenAPI ----

const tripId = { params: idParams };
const readScope = 'Session, or an API key with `trips:read`; owner or any collaborator.';
const writeScope = 'Session, or an API key with `trips:write`; owner or a `write`/`admin` collaborator.';
const adminScope = 'Session, or an API key with `trips:write`; owner or an `admin` collaborator.';

export const registerTripsOpenApi: OpenApiRegistration = (registry) => {
  for (const [name, schema] of Object.entries({
    TripPreferences: tripPreferencesSchema,
    CreateTrip: createTripSchema,
    UpdateTrip: updateTripSchema,
    Trip: tripView,
    TripList: tripListView,
    PutCollaborator: putCollaboratorSchema,
    AddCollaborator: addCollaboratorSchema,
    Collaborator: collaboratorView,
    CollaboratorList: collaboratorListView,
    SendMessage: sendMessageBody,
    MessageAccepted: messageAcceptedView,
    MessageStatus: messageStatusView,
    TurnError: turnErrorView,
    Constraints: constraintsBody,
    OptionSelection: selectionBody,
    TripEvent: tripEventView,
    TripEventPage: eventPageView,
    ChatMessage: chatMessageView,
    ChatMessagePage: chatPageView,
    Activity: activityView,
    ActivityPage: activityPageView,
  })) {
    registry.register(name, schema);
  }
  const tags = ['Trips'];
  const security = sessionOrKey;
  registry.registerPath({
    method: 'post',
    path: '/api/trips',
    tags,
    security,
    summary: 'Create a trip owned by the caller, optionally with its first planning message',
    description:
      'Session, or an API key with `trips:write`. The owner is always the caller; `ownerId` and other unknown fields are a 400. ' +
      'With `message`, the trip is created and its first turn starts as POST /api/trips/{id}/messages starts it: 202 with the trip and ' +
      'the turn (`Location` its status URL), or with `Prefer: wait=N` 201 with the trip as the turn left it and the turn\'s result when ' +
      'it ended in time. `title` is then optional (derived from the request, e.g. "Lisbon, 10–15 May", else the message\'s first words). ' +
      'If the turn cannot start (422 from the planner\'s validator, 503), the trip exists: the problem names it (`tripId`, `tripUrl`).',
    request: { headers: preferHeader, body: jsonBody(createTripSchema) },
    responses: {
      201: {
        ...json(z.union([tripView, tripCreatedWithResultView]), 'The trip; with `message` and `Prefer: wait=N`, the trip, its turn and the turn\'s result.'),
        headers: z.object({ Location: z.string().openapi({ description: 'The trip.' }) }),
      },
      202: { ...json(tripCreatedWithTurnView, 'With `message`: the trip and its first turn, running on.'), headers: z.object({ Location: z.string().openapi({ description: 'The turn\'s statusUrl.' }) }) },
      400: problems[400],
      401: problems[401],
      403: problems[403],
      422: problems[422],
      429: problems[429],
      503: problems[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips',
    tags,
    security,
    summary: 'List trips the caller owns or collaborates on, newest first',
    description: 'Session, or an API key with `trips:read`. Cursor pagination: pass `nextCursor` back as `cursor`.',
    request: { query: listTripsQuery },
    responses: { 200: json(tripListView, 'A page of trips.'), 400: problems[400], 401: problems[401], 403: problems[403], 422: problems[422] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}',
    tags,
    security,
    summary: 'Get a trip',
    description: readScope,
    request: tripId,
    responses: { 200: json(tripView, 'The trip.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/trips/{id}',
    tags,
    security,
    summary: 'Change a trip\'s title, dates, travelers, budget or preferences',
    description: writeScope,
    request: { ...tripId, body: jsonBody(updateTripSchema) },
    responses: { 200: json(tripView, 'The trip.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/trips/{id}/archive',
    tags,
    security,
    summary: 'Archive a trip',
    description: `${adminScope} Runs the workflow's \`archive\` update when the workflow runs, else marks the stored trip. Archiving twice is a no-op.`,
    request: tripId,
    responses: { 200: json(tripView, 'The archived trip.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  });

  const collaboratorTags = ['Collaborators'];
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/collaborators',
    tags: collaboratorTags,
    security,
    summary: 'List the trip\'s owner and collaborators',
    description: readScope,
    request: tripId,
    responses: { 200: json(collaboratorListView, 'Owner and collaborators.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/trips/{id}/collaborators',
    tags: collaboratorTags,
    security,
    summary: 'Add (or change) a collaborator by email',
    description: `${adminScope} 404 when no user has that email.`,
    request: { ...tripId, body: jsonBody(addCollaboratorSchema) },
    responses: {
      201: json(collaboratorView, 'Added.'),
      200: json(collaboratorView, 'The user was already a collaborator; the role is updated.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/trips/{id}/collaborators/{userId}',
    tags: collaboratorTags,
    security,
    summary: 'Add a collaborator by user id or change their role',
    description: `${adminScope} The owner cannot be made a collaborator (409).`,
    request: { params: collaboratorParams, body: jsonBody(putCollaboratorSchema) },
    responses: {
      201: json(collaboratorView, 'Added.'),
      200: json(collaboratorView, 'Role changed.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/trips/{id}/collaborators/{userId}',
    tags: collaboratorTags,
    security,
    summary: 'Remove a collaborator (admins; or a collaborator leaving the trip)',
    description: `${adminScope} A collaborator may remove themselves with read access (and \`trips:write\` for an API key).`,
    request: { params: collaboratorParams },
    responses: { 204: { description: 'Removed.' }, 401: problems[401], 403: problems[403], 404: problems[404] },
  });

  const planningTags = ['Planning'];
  registry.registerPath({
    method: 'post',
    path: '/api/trips/{id}/messages',
    tags: planningTags,
    security,
    summary: 'Send a message to the trip\'s planner',
    description:
      `${writeScope} Starts the trip's workflow on the first message (update-with-start) and answers 202 as soon as the workflow ` +
      'has accepted the message; the turn runs on. Its reply streams over Socket.IO (`reply.delta` events, then the durable ' +
      '`message` event) and is at `statusUrl`. `Prefer: wait=N` waits up to N seconds for the reply instead: 200 with the result ' +
      'when the turn ended in time, else 202. Re-sending a clientMessageId is the same turn (it runs once). The workflow\'s ' +
      'validator answers 422 with the field and reason; an archived trip is a 409. When the planner is unreachable the answer is ' +
      '503 with Retry-After and `statusUrl`: the message may or may not have been taken, so check its status there (or re-send ' +
      'it with the same clientMessageId) before writing it again.',
    request: { ...tripId, headers: preferHeader, body: jsonBody(sendMessageBody) },
    responses: {
      202: { ...json(messageAcceptedView, 'Accepted; the turn runs on.'), headers: z.object({ Location: z.string().openapi({ description: 'The statusUrl.' }) }) },
      200: json(sendMessageResultView, 'With `Prefer: wait=N`, when the turn ended in time: the reply, the plan and the state after it.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      422: problems[422],
      503: problems[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/messages/{clientMessageId}',
    tags: planningTags,
    security,
    summary: 'A message\'s turn: pending, done with the reply, or failed with the reason',
    description: `${readScope} \`Prefer: wait=N\` waits up to N seconds for a pending turn to end. 404 when the trip has no message with that clientMessageId.`,
    request: { params: messageParams, headers: preferHeader },
    responses: { 200: json(messageStatusView, 'The turn\'s status.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 503: problems[503] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/messages',
    tags: planningTags,
    security,
    summary: 'Chat history, oldest first',
    description: readScope,
    request: { ...tripId, query: pageQuery },
    responses: { 200: json(chatPageView, 'A page of messages.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/state',
    tags: planningTags,
    security,
    summary: 'The trip workflow\'s current state',
    description: `${readScope} A trip whose workflow never started answers 200 with a state built from the stored trip (see TripState).`,
    request: tripId,
    responses: {
      200: {
        ...json(tripStateView, 'The state.'),
        headers: z.object({ 'TripSage-State-Source': z.enum(['workflow', 'stored', 'cache']).openapi({ description: 'Where the state came from (cache: the workflow state cached while the trip event log has not moved).' }) }),
      },
      401: problems[401],
      403: problems[403],
      404: problems[404],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/events',
    tags: planningTags,
    security,
    summary: 'The trip\'s event log after a sequence number, in seq order',
    description: `${readScope} Page with \`cursor=nextCursor\` (or \`after=<seq>\`, a seq you hold); an empty page means caught up, and its \`nextCursor\` is where to poll from next.`,
    request: { ...tripId, query: eventsQuery },
    responses: { 200: json(eventPageView, 'Events in seq order.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/trips/{id}/constraints',
    tags: planningTags,
    security,
    summary: 'Change dates, budget, travelers, cabin, interests or pace',
    description:
      `${writeScope} Runs the workflow's \`setConstraints\` update; its validator (which also checks the dates against the trip's ` +
      'current ones) answers 422 with the field. 409 before the first message (no planning session yet) or once archived.',
    request: { ...tripId, body: jsonBody(constraintsBody) },
    responses: {
      200: json(tripStateView, 'The state after the change.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      422: problems[422],
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/trips/{id}/selection',
    tags: planningTags,
    security,
    summary: 'Choose the flight and/or stay among the plan\'s options',
    description:
      `${writeScope} Runs the workflow's \`selectOptions\` update: the budget, the itinerary and the reply are recomputed for the ` +
      'chosen offers (no new search), and the choice is kept in later turns while the request stays the same. 422 names an id that ' +
      'is not among the current options; 409 before the first message or once archived.',
    request: { ...tripId, body: jsonBody(selectionBody) },
    responses: {
      200: json(sendMessageResultView, 'The reply, the recomputed plan and the state.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      422: problems[422],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/activity',
    tags: planningTags,
    security,
    summary: 'What happened on the trip: the audit trail, including every AI agent action, newest first',
    description: readScope,
    request: { ...tripId, query: pageQuery },
    responses: { 200: json(activityPageView, 'A page of audit entries.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  });
  for (const decision of ['accept', 'dismiss'] as const) {
    registry.registerPath({
      method: 'post',
      path: `/api/trips/{id}/suggestions/{suggestionId}/${decision}`,
      tags: planningTags,
      security: sessionOnly,
      summary: decision === 'accept' ? 'Accept an AI agent\'s suggestion (recorded; the traveler then acts on it)' : 'Dismiss an AI agent\'s suggestion',
      description: 'A signed-in traveler with write access (never an API key). The workflow\'s `resolveSuggestion` update; 409 when already answered.',
      request: { params: suggestionParams },
      responses: { 200: json(tripStateView, 'The trip state.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    });
  }
};
