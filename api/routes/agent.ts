// The AI agents' surface, mounted at /api/agent behind authentication (protect(ctx)); agents call it with
// API keys. Every action is written to the audit log with the trip's id, so the traveler sees it in
// GET /api/trips/:id/activity.
//   POST /trips/:id/suggestions {source?, kind, payload} → 202; the agentSuggestion signal
//        (scope trips:suggest, and the key's user needs at least read access to the trip)
//   GET  /trips/:id/state → the trip's state (scope trips:read)
import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { agentSuggestionSchema } from '../../domain/schemas.js';
import { workflowIds } from '../../workflows/ids.js';
import { agentSuggestionSignal } from '../../workflows/tripPlanning.js';
import { audit } from '../audit.js';
import { authorizeTrip } from '../auth/authorize.js';
import { principalOf, requireScope, type Principal } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { suggestionBodySchema } from '../schemas/agent.js';
import { parseRequest } from '../schemas/common.js';
import { assertNotArchived, noPlanningSession, readTripStateJson } from './tripSupport.js';

/**
 * `trips:suggest` stands on its own: a key holding it may pass the trip's read-role check without also
 * holding `trips:read` (which would let it read the whole trip). Only for that check.
 */
function forSuggestionAccessCheck(principal: Principal): Principal {
  return principal.scopes === 'session' ? principal : { ...principal, scopes: [...principal.scopes, 'trips:read'] };
}

export function createAgentRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/trips/:id/suggestions', async (req, res) => {
    const principal = principalOf(req);
    requireScope(principal, 'trips:suggest');
    const trip = await authorizeTrip(ctx.prisma, forSuggestionAccessCheck(principal), String(req.params.id), 'read');
    const body = parseRequest(suggestionBodySchema, req.body, 'body');
    assertNotArchived(trip);
    const source = body.source ?? (await defaultSource(ctx, principal));
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
    res.status(202).json({ status: 'accepted', tripId: trip.id, kind: suggestion.kind, source });
  });

  router.get('/trips/:id/state', async (req, res) => {
    const trip = await authorizeTrip(ctx.prisma, principalOf(req), String(req.params.id), 'read');
    const { json, source } = await readTripStateJson(ctx, trip);
    await audit(ctx, req, { action: 'agent.state.read', targetType: 'trip', targetId: trip.id, tripId: trip.id, details: { source } });
    res.set('TripSage-State-Source', source).type('json').send(json);
  });

  return router;
}

/** Where a suggestion without `source` came from: the API key's name, else "traveler". */
async function defaultSource(ctx: ApiContext, principal: Principal): Promise<string> {
  if (principal.kind !== 'api_key' || !principal.apiKeyId) return 'traveler';
  const key = await ctx.prisma.apiKey.findUnique({ where: { id: principal.apiKeyId }, select: { name: true } });
  return key?.name.slice(0, 100) ?? 'api key';
}
