// Request and response schemas of /api/agent: the surface AI agents use with API keys.
import { RULE_ISSUE_PARAMS } from '../../domain/schemas.js';
import { suggestionKinds } from '../../domain/trip.js';
import { idParams, json, jsonBody, problems, sessionOrKey, z, type OpenApiRegistration } from './common.js';
import { tripStateView } from './tripState.js';

/** The workflow drops larger payloads (signals have no validator), so the API refuses them up front. */
export const MAX_SUGGESTION_PAYLOAD_CHARS = 10_000;

/**
 * The request body: domain/schemas.ts' agentSuggestionSchema with `source` optional (it defaults to the
 * API key's name). The filled-in suggestion is checked against agentSuggestionSchema before signalling.
 */
export const suggestionBodySchema = z
  .object({
    source: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    kind: z.enum(suggestionKinds),
    payload: z
      .record(z.string(), z.unknown())
      // A size limit on the serialized payload, which the schema cannot state: a rule (422).
      .refine((payload) => JSON.stringify(payload).length <= MAX_SUGGESTION_PAYLOAD_CHARS, { message: `must be at most ${MAX_SUGGESTION_PAYLOAD_CHARS} characters of JSON`, params: RULE_ISSUE_PARAMS })
      .openapi({ description: `Any JSON object of at most ${MAX_SUGGESTION_PAYLOAD_CHARS} characters once serialized (a larger one is a 422).` }),
  })
  .strict()
  .openapi('SuggestionRequest', { description: 'A suggestion shown to the traveler (pending until they accept or dismiss it).' });

export const suggestionAcceptedView = z
  .object({ status: z.literal('accepted'), tripId: z.string(), kind: z.enum(suggestionKinds), source: z.string() })
  .openapi('SuggestionAccepted');

export const registerAgentOpenApi: OpenApiRegistration = (registry) => {
  const tags = ['Agents'];
  registry.registerPath({
    method: 'post',
    path: '/api/agent/trips/{id}/suggestions',
    tags,
    security: sessionOrKey,
    summary: 'Suggest a flight, stay, activity, budget change or note to the traveler',
    description:
      'An API key with `trips:suggest` (or a session) whose user has at least read access to the trip. Delivered to the trip\'s ' +
      'workflow as the `agentSuggestion` signal and recorded in the trip\'s activity (audit log). 409 before the trip\'s first ' +
      'message (no planning session yet) or once archived.',
    request: { params: idParams, body: jsonBody(suggestionBodySchema) },
    responses: {
      202: json(suggestionAcceptedView, 'Accepted; the workflow records it and the traveler sees it in the state.'),
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
    path: '/api/agent/trips/{id}/state',
    tags,
    security: sessionOrKey,
    summary: 'The trip workflow\'s state, for an agent',
    description: 'An API key with `trips:read` (or a session) with read access to the trip. Recorded in the trip\'s activity.',
    request: { params: idParams },
    responses: { 200: json(tripStateView, 'The state (see TripState).'), 401: problems[401], 403: problems[403], 404: problems[404] },
  });
};
