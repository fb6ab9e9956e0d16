// Every API route, mounted at /api. Routers are thin: they validate, authorize and delegate.
import { Router } from 'express';
import type { ApiContext } from '../context.js';
import { createPlanRouter } from './plan.js';
import { authenticate } from '../auth/authenticate.js';
import { principalRateLimit } from '../security.js';
import { createApiKeysRouter } from './apiKeys.js';
import { createAuthRouter } from './auth.js';
import { createCredentialsRouter } from './credentials.js';
import { createExpensesRouter } from './expenses.js';
import { protect } from '../auth/index.js';
import { createOpenApiRouter } from '../openapi.js';
import { clientConfigRoutes } from '../openapi/platform.js';
import { createAgentRouter } from './agent.js';
import { createMemoriesRouter } from './memories.js';
import { createOperatorRouter } from './operators.js';
import { createRunsRouter } from './runs.js';
import { createSharedTripRouter, createTripLinksRouter } from './tripLinks.js';
import { createTripsRouter } from './trips.js';
import { createTripBookingsRouter } from './bookings.js';
import { createTravelersRouter } from './travelers.js';
import { createWatchesRouter } from './watches.js';

export function createApiRouter(ctx: ApiContext): Router {
  const router = Router();
  router.use('/plan', createPlanRouter());
  // public: what the web client needs to know of the server's configuration (no secrets)
  router.use(
    '/client-config',
    clientConfigRoutes.router({
      getClientConfig: (_req, res) => {
        res.json({ mapTiles: ctx.config.MAP_TILE_URL ? { url: ctx.config.MAP_TILE_URL, attribution: ctx.config.MAP_TILE_ATTRIBUTION ?? null } : null });
      },
    }),
  );
  router.use(createOpenApiRouter({ minCadenceMinutes: ctx.config.PRICE_WATCH_MIN_CADENCE_MINUTES })); // public: GET /openapi.json, GET /docs
  router.use('/auth', createAuthRouter(ctx));
  router.use('/api-keys', authenticate(ctx), principalRateLimit(ctx), createApiKeysRouter(ctx));
  router.use('/credentials', authenticate(ctx), principalRateLimit(ctx), createCredentialsRouter(ctx));
  router.use('/shared', createSharedTripRouter(ctx)); // public: the link's token is the credential
  router.use('/trips', ...protect(ctx), createTripsRouter(ctx), createTripBookingsRouter(ctx), createTripLinksRouter(ctx), createExpensesRouter(ctx));
  router.use('/travelers', authenticate(ctx), principalRateLimit(ctx), createTravelersRouter(ctx));
  router.use('/watches', ...protect(ctx), createWatchesRouter(ctx));
  router.use('/memories', ...protect(ctx), createMemoriesRouter(ctx));
  router.use('/agent', ...protect(ctx), createAgentRouter(ctx));
  router.use('/runs', ...protect(ctx), createRunsRouter(ctx));
  router.use('/operator', ...protect(ctx), createOperatorRouter(ctx));
  return router;
}
