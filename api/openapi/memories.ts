import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, problems, sessionOnly, sessionOrKey } from './common.js';
import { memoryListView, memoryParams } from '../../contracts/memories.js';

const tags = ['Memories'];

/** The /api/memories operations: api/routes/memories.ts gives each its handler. */
export const memoryRoutes = defineRoutes('/api/memories', {
  listMemories: {
    method: 'get',
    path: '/api/memories',
    tags,
    security: sessionOrKey,
    summary: 'The caller\'s long-term memories (preferences, past trips, feedback, facts), newest first',
    description: 'Session, or an API key with `memories:read`. Only the caller\'s own memories.',
    responses: { 200: json(memoryListView, 'The memories.'), 401: problems[401], 403: problems[403] },
  },
  deleteMemory: {
    method: 'delete',
    path: '/api/memories/{id}',
    tags,
    security: sessionOnly,
    summary: 'Forget one memory',
    description: 'A signed-in traveler only (not an API key). Someone else\'s memory is a 404.',
    request: { params: memoryParams },
    responses: { 204: { description: 'Deleted.' }, 401: problems[401], 403: problems[403], 404: problems[404] },
  },
});

export const registerMemoriesOpenApi: OpenApiRegistration = (registry) => memoryRoutes.register(registry);
