// Every API route, mounted at /api. Routers are thin: they validate, authorize and delegate.
import { Router } from 'express';
import type { ApiContext } from '../context.js';
import { createPlanRouter } from './plan.js';

export function createApiRouter(_ctx: ApiContext): Router {
  const router = Router();
  router.use('/plan', createPlanRouter());
  return router;
}
