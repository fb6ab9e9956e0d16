import { idParams, z } from '../../contracts/common.js';
import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, sessionOrKey } from './common.js';
import { suggestionAcceptedView, suggestionBodySchema } from '../../contracts/agent.js';
import { agentSuggestionView, tripStateView } from '../../contracts/tripState.js';
import { suggestionParams } from '../../contracts/trips.js';

const tags = ['Agents'];

/** The /api/agent operations: api/routes/agent.ts gives each its handler. */
export const agentRoutes = defineRoutes('/api/agent', {
  suggestToTrip: {
    method: 'post',
    path: '/api/agent/trips/{id}/suggestions',
    tags,
    security: sessionOrKey,
    summary: 'Suggest a flight, stay, activity, budget change or note to the traveler',
    description:
      'An API key with `trips:suggest` (or a session) whose user has at least read access to the trip. Delivered to the trip\'s ' +
      'workflow as the `agentSuggestion` signal and recorded in the trip\'s activity (audit log). 409 before the trip\'s first ' +
      'message (no planning session yet) or once archived. The trip\'s workflow records the suggestion and gives it its id; the ' +
      'answer is the recorded suggestion (201, `status: pending`, `Location` its URL to read its status later) once recorded, ' +
      'which takes well under a second; 202 without an id if it was not recorded within 5 s.',
    request: { params: idParams, body: jsonBody(suggestionBodySchema) },
    responses: {
      201: { ...json(agentSuggestionView, 'Recorded: the traveler sees it, pending until they accept or dismiss it.'), headers: z.object({ Location: z.string().openapi({ description: 'The suggestion\'s URL (GET it for its status).' }) }) },
      202: json(suggestionAcceptedView, 'Delivered, not yet recorded: no id to give.'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      422: problems[422],
    },
  },
  getSuggestion: {
    method: 'get',
    path: '/api/agent/trips/{id}/suggestions/{suggestionId}',
    tags,
    security: sessionOrKey,
    summary: 'One suggestion and its status: pending, accepted or dismissed by the traveler',
    description: 'An API key with `trips:read` (or a session) with read access to the trip. 404 for a suggestion the trip does not hold (it keeps its most recent ones).',
    request: { params: suggestionParams },
    responses: { 200: json(agentSuggestionView, 'The suggestion.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  getTripStateForAgent: {
    method: 'get',
    path: '/api/agent/trips/{id}/state',
    tags,
    security: sessionOrKey,
    summary: 'The trip workflow\'s state, for an agent',
    description: 'An API key with `trips:read` (or a session) with read access to the trip. Recorded in the trip\'s activity.',
    request: { params: idParams },
    responses: { 200: json(tripStateView, 'The state (see TripState).'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
});

export const registerAgentOpenApi: OpenApiRegistration = (registry) => agentRoutes.register(registry);
