// The caller's long-term memories, mounted at /api/memories behind authentication (protect(ctx)).
// The operations are defined in api/openapi/memories.ts (memoryRoutes).
//   GET    /     → {items} the caller's memories, newest first     session or memories:read
//   DELETE /:id  → 204; someone else's (or no such) memory is 404  session only (not an API key)
import type { Router } from 'express';
import { createEmbeddings } from '../../agents/embeddings.js';
import { createMemoryStore } from '../../agents/memory.js';
import { principalOf, requireScope, requireSession } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { wholeList } from '../../contracts/list.js';
import { memoryRoutes } from '../openapi/memories.js';

export function createMemoriesRouter(ctx: ApiContext): Router {
  const memories = createMemoryStore({ prisma: ctx.prisma, embeddings: createEmbeddings(ctx.config) });

  return memoryRoutes.router({
    listMemories: async (req, res) => {
      const principal = principalOf(req);
      requireScope(principal, 'memories:read');
      res.json(wholeList(await memories.list(principal.userId)));
    },
    deleteMemory: async (req, res) => {
      const principal = principalOf(req);
      requireSession(principal, 'Deleting a memory');
      // The store checks ownership (and ignores malformed ids): anything not the caller's is a 404.
      if (!(await memories.delete(principal.userId, String(req.params.id)))) throw new HttpError(404, 'Not Found', 'No such memory.');
      res.status(204).end();
    },
  });
}
