// Request and response schemas of /api/memories: what the planner remembers about the caller.
import { memoryViewKinds, type MemoryViewKind } from '../../agents/memory.js';
import { dateTimeSchema, json, problems, sessionOnly, sessionOrKey, uuidSchema, z, type OpenApiRegistration } from './common.js';
import { listEnvelope } from './list.js';

export const memoryParams = z.object({ id: uuidSchema }).strict();

export const memoryView = z
  .object({
    id: uuidSchema,
    kind: z
      .enum(memoryViewKinds as readonly MemoryViewKind[] as readonly [MemoryViewKind, ...MemoryViewKind[]])
      .describe('`planned_trip` until the trip\'s return date has passed, then `past_trip`'),
    content: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .openapi('Memory');

export const memoryListView = listEnvelope(memoryView).openapi('MemoryList');

export const registerMemoriesOpenApi: OpenApiRegistration = (registry) => {
  const tags = ['Memories'];
  registry.registerPath({
    method: 'get',
    path: '/api/memories',
    tags,
    security: sessionOrKey,
    summary: 'The caller\'s long-term memories (preferences, past trips, feedback, facts), newest first',
    description: 'Session, or an API key with `memories:read`. Only the caller\'s own memories.',
    responses: { 200: json(memoryListView, 'The memories.'), 401: problems[401], 403: problems[403] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/memories/{id}',
    tags,
    security: sessionOnly,
    summary: 'Forget one memory',
    description: 'A signed-in traveler only (not an API key). Someone else\'s memory is a 404.',
    request: { params: memoryParams },
    responses: { 204: { description: 'Deleted.' }, 401: problems[401], 403: problems[403], 404: problems[404] },
  });
};
