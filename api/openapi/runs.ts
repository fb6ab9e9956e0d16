import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, problems, sessionOnly } from './common.js';
import { listRunsQuery, runListView } from '../../contracts/runs.js';

/** The /api/runs operations: api/routes/runs.ts gives each its handler. */
export const runRoutes = defineRoutes('/api/runs', {
  listRuns: {
    method: 'get',
    path: '/api/runs',
    tags: ['Operations'],
    security: sessionOnly,
    summary: 'Workflow runs from Temporal visibility, filtered by status, user, trip or type',
    description: 'Operators only (a signed-in user with the operator role). Most recent runs first, at most `pageSize`.',
    request: { query: listRunsQuery },
    responses: { 200: json(runListView, 'Matching runs.'), 400: problems[400], 401: problems[401], 403: problems[403] },
  },
});

export const registerRunsOpenApi: OpenApiRegistration = (registry) => runRoutes.register(registry);
