import { idParams, problemSchema, z } from '../../contracts/common.js';
import { defineRoutes, type Operation } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, problemsFor, sessionOnly, sessionOrKey } from './common.js';
import { editConflictView, sendMessageResultView, tripStateView } from '../../contracts/tripState.js';
import { activityPageView, activityView, addCollaboratorSchema, chatMessageView, chatPageView, collaboratorListView, collaboratorParams, collaboratorView, constraintsBody, createTripSchema, eventPageView, eventsQuery, listTripsQuery, messageAcceptedView, messageParams, messageStatusView, pageQuery, preferHeader, putCollaboratorSchema, itineraryEditBody, selectionBody, sendMessageBody, suggestionParams, tripCreatedWithResultView, tripCreatedWithTurnView, tripEventView, tripListView, tripPreferencesSchema, tripView, turnErrorView, updateTripSchema } from '../../contracts/trips.js';

const tripId = { params: idParams };
const readScope = 'Session, or an API key with `trips:read`; owner or any collaborator.';
const writeScope = 'Session, or an API key with `trips:write`; owner or a `write`/`admin` collaborator.';
const adminScope = 'Session, or an API key with `trips:write`; owner or an `admin` collaborator.';

/** A change refused because someone else's change since its `baseVersion` touched the same fields. */
const editConflictProblem = problemSchema
  .extend({ conflict: editConflictView.optional().openapi({ description: 'Present for an edit conflict: the other person\'s change, which was kept.' }) })
  .openapi('EditConflictProblem', { description: 'RFC 9457 problem details; for an edit conflict, `conflict` names the other change.' });
const conflict409 = (what: string) => ({
  description: `${what} Or an edit conflict: the change was based on an older \`baseVersion\` and a change applied since (\`conflict.change\`: who, when, which fields, its version) touched the same fields; nothing was changed. Send it again with \`baseVersion: conflict.currentVersion\` to re-apply it over theirs.`,
  content: { 'application/problem+json': { schema: editConflictProblem } },
});
const baseVersionNote =
  ' With `baseVersion` (the state `version` the change was made against), a change that collides with one applied since is refused with 409 naming it, instead of overwriting it.';

const tags = ['Trips'];
const security = sessionOrKey;
const collaboratorTags = ['Collaborators'];
const planningTags = ['Planning'];

/** Answering an agent's suggestion: the same operation for each decision. */
const suggestionDecision = (decision: 'accept' | 'dismiss'): Operation => ({
  method: 'post',
  path: `/api/trips/{id}/suggestions/{suggestionId}/${decision}`,
  tags: planningTags,
  security: sessionOnly,
  summary: decision === 'accept' ? 'Accept an AI agent\'s suggestion (recorded; the traveler then acts on it)' : 'Dismiss an AI agent\'s suggestion',
  description: 'A signed-in traveler with write access (never an API key). The workflow\'s `resolveSuggestion` update; 409 when already answered.',
  request: { params: suggestionParams },
  responses: { 200: json(tripStateView, 'The trip state.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
});

/** The /api/trips operations: api/routes/trips.ts gives each its handler. */
export const tripRoutes = defineRoutes('/api/trips', {
  createTrip: {
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
  },
  listTrips: {
    method: 'get',
    path: '/api/trips',
    tags,
    security,
    summary: 'List trips the caller owns or collaborates on, newest first',
    description: 'Session, or an API key with `trips:read`. Cursor pagination: pass `nextCursor` back as `cursor`.',
    request: { query: listTripsQuery },
    responses: { 200: json(tripListView, 'A page of trips.'), 400: problems[400], 401: problems[401], 403: problems[403], 422: problems[422] },
  },
  getTrip: {
    method: 'get',
    path: '/api/trips/{id}',
    tags,
    security,
    summary: 'Get a trip',
    description: readScope,
    request: tripId,
    responses: { 200: json(tripView, 'The trip.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  updateTrip: {
    method: 'patch',
    path: '/api/trips/{id}',
    tags,
    security,
    summary: 'Change a trip\'s title, dates, travelers, budget or preferences',
    description: `${writeScope}${baseVersionNote} (\`baseVersion\` applies to the planning fields while the trip's workflow runs.)`,
    request: { ...tripId, body: jsonBody(updateTripSchema) },
    responses: { 200: json(tripView, 'The trip.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: conflict409('The trip is archived.'), 422: problems[422] },
  },
  archiveTrip: {
    method: 'post',
    path: '/api/trips/{id}/archive',
    tags,
    security,
    summary: 'Archive a trip',
    description: `${adminScope} Runs the workflow's \`archive\` update when the workflow runs, else marks the stored trip. Archiving twice is a no-op.`,
    request: tripId,
    responses: { 200: json(tripView, 'The archived trip.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  listCollaborators: {
    method: 'get',
    path: '/api/trips/{id}/collaborators',
    tags: collaboratorTags,
    security,
    summary: 'List the trip\'s owner and collaborators',
    description: readScope,
    request: tripId,
    responses: { 200: json(collaboratorListView, 'Owner and collaborators.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  addCollaborator: {
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
  },
  putCollaborator: {
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
  },
  removeCollaborator: {
    method: 'delete',
    path: '/api/trips/{id}/collaborators/{userId}',
    tags: collaboratorTags,
    security,
    summary: 'Remove a collaborator (admins; or a collaborator leaving the trip)',
    description: `${adminScope} A collaborator may remove themselves with read access (and \`trips:write\` for an API key).`,
    request: { params: collaboratorParams },
    responses: { 204: { description: 'Removed.' }, 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  sendMessage: {
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
      'it with the same clientMessageId) before writing it again.' +
      baseVersionNote +
      ' A message\'s fields are known once the planner has read it, so its conflict comes with the result: 409 with `Prefer: wait`, else the turn\'s status is `failed` with `error.conflict`. The message is recorded with its author (the caller), whom collaborators see in the chat.',
    request: { ...tripId, headers: preferHeader, body: jsonBody(sendMessageBody) },
    responses: {
      202: { ...json(messageAcceptedView, 'Accepted; the turn runs on.'), headers: z.object({ Location: z.string().openapi({ description: 'The statusUrl.' }) }) },
      200: json(sendMessageResultView, 'With `Prefer: wait=N`, when the turn ended in time: the reply, the plan and the state after it.'),
      ...problemsFor(400, 401, 403, 404, 422, 503),
      409: conflict409('The trip is archived.'),
    },
  },
  getMessageStatus: {
    method: 'get',
    path: '/api/trips/{id}/messages/{clientMessageId}',
    tags: planningTags,
    security,
    summary: 'A message\'s turn: pending, done with the reply, or failed with the reason',
    description: `${readScope} \`Prefer: wait=N\` waits up to N seconds for a pending turn to end. 404 when the trip has no message with that clientMessageId.`,
    request: { params: messageParams, headers: preferHeader },
    responses: { 200: json(messageStatusView, 'The turn\'s status.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 503: problems[503] },
  },
  listMessages: {
    method: 'get',
    path: '/api/trips/{id}/messages',
    tags: planningTags,
    security,
    summary: 'Chat history, oldest first',
    description: readScope,
    request: { ...tripId, query: pageQuery },
    responses: { 200: json(chatPageView, 'A page of messages.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  },
  getState: {
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
  },
  listEvents: {
    method: 'get',
    path: '/api/trips/{id}/events',
    tags: planningTags,
    security,
    summary: 'The trip\'s event log after a sequence number, in seq order',
    description: `${readScope} Page with \`cursor=nextCursor\` (or \`after=<seq>\`, a seq you hold); an empty page means caught up, and its \`nextCursor\` is where to poll from next.`,
    request: { ...tripId, query: eventsQuery },
    responses: { 200: json(eventPageView, 'Events in seq order.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  },
  setConstraints: {
    method: 'post',
    path: '/api/trips/{id}/constraints',
    tags: planningTags,
    security,
    summary: 'Change dates, budget, travelers, cabin, interests or pace',
    description:
      `${writeScope} Runs the workflow's \`setConstraints\` update; its validator (which also checks the dates against the trip's ` +
      'current ones) answers 422 with the field. 409 before the first message (no planning session yet) or once archived.' +
      baseVersionNote,
    request: { ...tripId, body: jsonBody(constraintsBody) },
    responses: {
      200: json(tripStateView, 'The state after the change.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: conflict409('No planning session yet, or the trip is archived.'),
      422: problems[422],
    },
  },
  selectOptions: {
    method: 'post',
    path: '/api/trips/{id}/selection',
    tags: planningTags,
    security,
    summary: 'Choose the flight and/or stay among the plan\'s options',
    description:
      `${writeScope} Runs the workflow's \`selectOptions\` update: the budget, the itinerary and the reply are recomputed for the ` +
      'chosen offers (no new search), and the choice is kept in later turns while the request stays the same. 422 names an id that ' +
      'is not among the current options; 409 before the first message or once archived.' +
      baseVersionNote,
    request: { ...tripId, body: jsonBody(selectionBody) },
    responses: {
      200: json(sendMessageResultView, 'The reply, the recomputed plan and the state.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: conflict409('No planning session yet, or the trip is archived.'),
      422: problems[422],
    },
  },
  editItinerary: {
    method: 'post',
    path: '/api/trips/{id}/itinerary',
    tags: planningTags,
    security,
    summary: 'Move, add or remove an itinerary entry',
    description:
      `${writeScope} Runs the workflow's \`editItinerary\` update: the itinerary changes as asked (the options and the estimate stay; ` +
      'a later change that recomposes the plan — a message that changes the trip, a pick — builds the itinerary again). 422 names ' +
      'a day or index the itinerary does not have; 409 before the first message or once archived.' +
      baseVersionNote +
      ' The itinerary counts as one field: an edit conflicts with any edit, pick or trip change that rebuilt it since its base.',
    request: { ...tripId, body: jsonBody(itineraryEditBody) },
    responses: {
      200: json(tripStateView, 'The state after the edit.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: conflict409('No planning session yet, or the trip is archived.'),
      422: problems[422],
    },
  },
  listActivity: {
    method: 'get',
    path: '/api/trips/{id}/activity',
    tags: planningTags,
    security,
    summary: 'What happened on the trip: the audit trail, including every AI agent action, newest first',
    description: readScope,
    request: { ...tripId, query: pageQuery },
    responses: { 200: json(activityPageView, 'A page of audit entries.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  },
  acceptSuggestion: suggestionDecision('accept'),
  dismissSuggestion: suggestionDecision('dismiss'),
});

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
  tripRoutes.register(registry);
};
