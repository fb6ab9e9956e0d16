// Authentication and authorization for routers:
//   router.use('/trips', ...protect(ctx), createTripsRouter(ctx));
//   requireScope(principalOf(req), 'trips:read');
import type { RequestHandler } from 'express';
import type { ApiContext } from '../context.js';
import { principalRateLimit } from '../security.js';
import { authenticate } from './authenticate.js';

export { authenticate, principalFromToken } from './authenticate.js';
export { authorizeTrip, type TripAccess } from './authorize.js';
export { principalOf, requireOperator, requireScope, requireSession, type Principal } from './principal.js';

/** Authentication then the per-principal rate limit: mount before any router that needs a caller. */
export function protect(ctx: ApiContext): RequestHandler[] {
  return [authenticate(ctx), principalRateLimit(ctx)];
}
