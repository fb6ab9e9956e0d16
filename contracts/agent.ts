// Request and response schemas of /api/agent: the surface AI agents use with API keys.
import { nonBlankText, RULE_ISSUE_PARAMS } from '../domain/schemas.js';
import { suggestionKinds } from '../domain/trip.js';
import { z } from './common.js';

/** The workflow drops larger payloads (signals have no validator), so the API refuses them up front. */
export const MAX_SUGGESTION_PAYLOAD_CHARS = 10_000;

/**
 * The request body: domain/schemas.ts' agentSuggestionSchema with `source` optional (it defaults to the
 * API key's name). The filled-in suggestion is checked against agentSuggestionSchema before signalling.
 */
export const suggestionBodySchema = z
  .object({
    source: nonBlankText(100).optional(),
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
  .object({
    id: z.null().openapi({ description: 'Not known yet: the trip had not recorded the suggestion within 5 s (it may still, and then it is in the trip\'s state).' }),
    status: z.literal('accepted'),
    tripId: z.string(),
    kind: z.enum(suggestionKinds),
    source: z.string(),
  })
  .openapi('SuggestionAccepted');
