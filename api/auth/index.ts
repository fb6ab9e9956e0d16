// Authentication and authorization for routers:
//   router.use('/trips', ...protect(ctx), createTripsRouter(ctx));
//   requireScope(principalOf(req), 'trips:read');
import type { RequestHandler } from 'express';
import type { ApiContext } from '../context.js';
import { principalRateLimit } from '../security.js';
import { authenticate } from './authenticate.js';

/** Authentication then the per-principal rate limit: mount before any router that needs a caller. */
export function protect(ctx: ApiContext): RequestHandler[] {
  return [authenticate(ctx), principalRateLimit(ctx)];
}
