// Request and response schemas of /api/memories: what the planner remembers about the caller.
import { dateTimeSchema, uuidSchema, z } from './common.js';
import { listEnvelope } from './list.js';

/** Kinds as read: a trip record whose return date has not passed reads as `planned_trip` (agents/memory.ts). */
export const memoryViewKinds = ['preference', 'past_trip', 'feedback', 'fact', 'planned_trip'] as const;
export type MemoryViewKind = (typeof memoryViewKinds)[number];

export const memoryParams = z.object({ id: uuidSchema }).strict();

export const memoryView = z
  .object({
    id: uuidSchema,
    kind: z
      .enum(memoryViewKinds)
      .describe('`planned_trip` until the trip\'s return date has passed, then `past_trip`'),
    content: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .openapi('Memory');

export const memoryListView = listEnvelope(memoryView).openapi('MemoryList');
