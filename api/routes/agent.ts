// The AI agents' surface, mounted at /api/agent behind authentication (protect(ctx)); agents call it with
// API keys. Every action is written to the audit log with the trip's id, so the traveler sees it in
// GET /api/trips/:id/activity.
//   POST /trips/:id/suggestions {source?, kind, payload} → 201 the suggestion (pending), Location its URL; the
//        agentSuggestion signal (scope trips:suggest, and the key's user needs at least read access to the trip);
//        202 when the trip has not recorded it within SUGGESTION_RECORD_WAIT_MS (no id to give yet)
//   GET  /trips/:id/suggestions/:suggestionId → the suggestion as the trip records it (scope trips:read)
//   GET  /trips/:id/state → the trip's state (scope trips:read)
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/agent.ts
// (agentRoutes); this module gives each its handler.
import { isDeepStrictEqual } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Router } from 'express';
import { agentSuggestionSchema } from '../../domain/schemas.js';
import type { AgentSuggestion, AgentSuggestionInput } from '../../domain/trip.js';
import { workflowIds } from '../../workflows/ids.js';
import { agentSuggestionSignal } from '../../workflows/tripPlanning.js';
import { audit } from '../audit.js';
import { authorizeTrip } from '../auth/authorize.js';
import { principalOf, requireScope, type Principal } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { suggestionBodySchema } from '../../contracts/agent.js';
import { parseRequest } from '../validation.js';
import { agentRoutes } from '../openapi/agent.js';
import { suggestionParams } from '../../contracts/trips.js';
import { assertNotArchived, noPlanningSession } from '../trips/views.js';
import { readTripState, readTripStateJson } from '../trips/stateCache.js';

/**
 * How long POST /suggestions waits for the trip's workflow to record the suggestion: the workflow assigns its
 * id, and the API reads it from the trip's event log (the record is one event after the signal).
 */
const SUGGESTION_RECORD_WAIT_MS = 5_000;
const SUGGESTION_POLL_MS = 50;

/**
 * `trips:suggest` stands on its own: a key holding it may pass the trip's read-role check without also
 * holding `trips:read` (which would let it read the whole trip). Only for that check.
 */
function forSuggestionAccessCheck(principal: Principal): Principal {
  return principal.scopes === 'session' ? principal : { ...principal, scopes: [...principal.scopes, 'trips:read'] };
}

export function createAgentRouter(ctx: ApiContext): Router {
  return agentRoutes.router({
    suggestToTrip: async (req, res) => {
      const principal = principalOf(req);
      requireScope(principal, 'trips:suggest');
      const trip = await authorizeTrip(ctx.prisma, forSuggestionAccessCheck(principal), String(req.params.id), 'read');
      const body = parseRequest(suggestionBodySchema, req.body, 'body');
      assertNotArchived(trip);
      const source = await sourceOf(ctx, principal, body.source);
      // The same rules the workflow applies to the signal (it drops what fails them, silently).
      const suggestion = parseRequest(agentSuggestionSchema, { ...body, source }, 'body');
      try {
        await ctx.temporal.workflow.getHandle(workflowIds.trip(trip.id)).signal(agentSuggestionSignal, suggestion);
      } catch (error) {
        // No workflow yet (no message sent), or it has completed.
        if (error instanceof WorkflowNotFoundError) throw noPlanningSession();
        throw error;
      }
      await audit(ctx, req, { action: 'agent.suggestion', targetType: 'trip', targetId: trip.id, tripId: trip.id, details: { kind: suggestion.kind, source } });
      // The trip row was read before the signal: its record of the suggestion comes after this seq.
      const recorded = await recordedSuggestion(ctx, trip.id, trip.lastEventSeq, suggestion);
      if (!recorded) {
        res.status(202).json({ id: null, status: 'accepted', tripId: trip.id, kind: suggestion.kind, source });
        return;
      }
      res.status(201).location(`${req.baseUrl}/trips/${trip.id}/suggestions/${recorded.id}`).json(recorded);
    },

    getSuggestion: async (req, res) => {
      const trip = await authorizeTrip(ctx.prisma, principalOf(req), String(req.params.id), 'read');
      const { suggestionId } = parseRequest(suggestionParams, req.params, 'params');
      const { state } = await readTripState(ctx, trip);
      const suggestion = state.suggestions.find((candidate) => candidate.id === suggestionId);
      if (!suggestion) throw new HttpError(404, 'Not Found', 'No such suggestion on this trip (the trip keeps its most recent suggestions).');
      res.json(suggestion);
    },

    getTripStateForAgent: async (req, res) => {
      const trip = await authorizeTrip(ctx.prisma, principalOf(req), String(req.params.id), 'read');
      const { json, source } = await readTripStateJson(ctx, trip);
      await audit(ctx, req, { action: 'agent.state.read', targetType: 'trip', targetId: trip.id, tripId: trip.id, details: { source } });
      res.set('TripSage-State-Source', source).type('json').send(json);
    },
  });
}

/** How a source shows: at most this many characters (the workflow's limit). */
const MAX_SOURCE = 100;

/**
 * Who a suggestion is from. An API key's suggestion always leads with the key's name (the traveler named
 * the key): an agent may name a part of itself ("Deal Bot · Rail desk") but cannot pose as someone else
 * ("TripSage Support"). A traveler's own suggestion keeps its source, or says "traveler".
 */
async function sourceOf(ctx: ApiContext, principal: Principal, requested: string | undefined): Promise<string> {
  if (principal.kind !== 'api_key' || !principal.apiKeyId) return requested ?? 'traveler';
  const key = await ctx.prisma.apiKey.findUnique({ where: { id: principal.apiKeyId }, select: { name: true } });
  const keyName = key?.name ?? 'API key';
  const source = requested && requested !== keyName ? `${keyName} · ${requested}` : keyName;
  return Array.from(source).slice(0, MAX_SOURCE).join('');
}

/**
 * The workflow's record of a suggestion just signalled: the first pending one after `afterSeq` in the trip's
 * event log with the same kind, source and payload (as the signal carried it: JSON); null when none is
 * recorded within SUGGESTION_RECORD_WAIT_MS (the workflow may still record it, or it dropped it). Two
 * identical suggestions sent at once may each be answered with the first one's id: they are the same to
 * the traveler.
 */
async function recordedSuggestion(ctx: ApiContext, tripId: string, afterSeq: number, sent: AgentSuggestionInput): Promise<AgentSuggestion | null> {
  const deadline = Date.now() + SUGGESTION_RECORD_WAIT_MS;
  const payload: unknown = JSON.parse(JSON.stringify(sent.payload));
  let after = afterSeq;
  while (Date.now() < deadline) {
    for (const event of await ctx.events.after(tripId, after, 100)) {
      after = event.seq;
      const suggestion = event.type === 'suggestion' ? (event.payload.suggestion as AgentSuggestion | undefined) : undefined;
      if (suggestion?.status === 'pending' && suggestion.kind === sent.kind && suggestion.source === sent.source && isDeepStrictEqual(suggestion.payload, payload)) return suggestion;
    }
    await new Promise((resolve) => setTimeout(resolve, SUGGESTION_POLL_MS));
  }
  return null;
}
