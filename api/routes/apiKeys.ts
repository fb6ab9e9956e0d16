// API key management, mounted at /api/api-keys behind authentication. Session only: an API key cannot
// create, list or revoke keys (no privilege escalation through a leaked key).
//   POST /  {name, scopes, expiresInDays?} → 201 key view + `key` (the full key, shown only here)
//   GET  /  → {items: [...], nextCursor: null} (never the secret; at most MAX_ACTIVE_API_KEYS live ones)
//   DELETE /:id → 204 (own keys only; anyone else's id is a 404)
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/platform.ts
// (apiKeyRoutes); this module gives each its handler.
import { Router } from 'express';
import { auditData } from '../audit.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/apiKeys.js';
import { principalOf, requireSession } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { createApiKeyRequestSchema } from '../../contracts/auth.js';
import { parseBody } from '../validation.js';
import { apiKeyRoutes } from '../openapi/platform.js';
import { wholeList } from '../../contracts/list.js';

/** Live (unrevoked, unexpired) keys one user may hold. */
export const MAX_ACTIVE_API_KEYS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createApiKeysRouter(ctx: ApiContext): Router {
  const router = Router();

  router.use((req, _res, next) => {
    requireSession(principalOf(req), 'Managing API keys');
    next();
  });

  router.use(
    apiKeyRoutes.router({
      createApiKey: async (req, res) => {
        const principal = principalOf(req);
        const body = parseBody(createApiKeyRequestSchema, req.body);
        const active = await ctx.prisma.apiKey.count({
          where: { userId: principal.userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
        });
        if (active >= MAX_ACTIVE_API_KEYS) throw new HttpError(409, 'Conflict', `You already have ${MAX_ACTIVE_API_KEYS} active API keys; revoke one first.`);
        // The key and its audit entry commit together: no key exists without its record.
        const created = await ctx.prisma.$transaction(async (tx) => {
          const key = await createApiKey(tx, principal.userId, body);
          await tx.auditLog.create({
            data: auditData(req, { action: 'api_key.create', targetType: 'api_key', targetId: key.id, details: { name: key.name, prefix: key.prefix, scopes: key.scopes, expiresAt: key.expiresAt?.toISOString() ?? null } }),
          });
          return key;
        });
        res.status(201).set('Cache-Control', 'no-store').location(`${req.baseUrl}/${created.id}`).json(created);
      },

      listApiKeys: async (req, res) => {
        const principal = principalOf(req);
        res.status(200).json(wholeList(await listApiKeys(ctx.prisma, principal.userId)));
      },

      revokeApiKey: async (req, res) => {
        const principal = principalOf(req);
        const id = req.params.id;
        if (typeof id !== 'string' || !UUID.test(id)) throw notFound();
        const revoked = await ctx.prisma.$transaction(async (tx) => {
          const key = await revokeApiKey(tx, principal.userId, id);
          if (key) await tx.auditLog.create({ data: auditData(req, { action: 'api_key.revoke', targetType: 'api_key', targetId: key.id, details: { name: key.name, prefix: key.prefix } }) });
          return key;
        });
        if (!revoked) throw notFound();
        res.status(204).end();
      },
    }),
  );
  return router;
}

function notFound(): HttpError {
  return new HttpError(404, 'Not Found', 'No such API key.');
}
