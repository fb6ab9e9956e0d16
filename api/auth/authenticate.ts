// Authentication: turns the request's credential into `req.principal`, or answers 401.
// Accepted: `Authorization: Bearer <access JWT>`, `Authorization: Bearer tsk_...` or `X-API-Key: tsk_...`
// (one of them; presenting two different credentials is rejected rather than guessed at).
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { PrismaClient, UserRole } from '../../infra/db.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { looksLikeApiKey, verifyApiKey } from './apiKeys.js';
import type { Principal } from './principal.js';
import { invalidToken, verifyAccessToken } from './tokens.js';

type AuthContext = Pick<ApiContext, 'prisma' | 'logger' | 'config' | 'secrets'>;

/**
 * A user's role is read from the database and cached per process: for the most recent `max` users, each
 * for `ttlMs` (role changes apply within it).
 */
export const ROLE_CACHE = { max: 10_000, ttlMs: 10_000 } as const;

/** A role lookup's answer; null for a user that no longer exists. */
interface CachedRole {
  role: UserRole | null;
}

const roleCaches = new WeakMap<PrismaClient, LRUCache<string, CachedRole>>();

/** The role cache in front of `prisma`'s users (one per database client). */
export function roleCacheOf(prisma: PrismaClient): LRUCache<string, CachedRole> {
  let cache = roleCaches.get(prisma);
  if (!cache) roleCaches.set(prisma, (cache = new LRUCache({ max: ROLE_CACHE.max, ttl: ROLE_CACHE.ttlMs })));
  return cache;
}

export async function userRole(prisma: PrismaClient, userId: string): Promise<UserRole | null> {
  const cache = roleCacheOf(prisma);
  const hit = cache.get(userId);
  if (hit) return hit.role;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { role: true } });
  const role = user?.role ?? null;
  cache.set(userId, { role });
  return role;
}

/** Forgets cached roles (after a role change in this process, and in tests). */
export function clearRoleCache(prisma: PrismaClient, userId?: string): void {
  if (userId === undefined) roleCaches.delete(prisma);
  else roleCaches.get(prisma)?.delete(userId);
}

function unauthorized(detail: string, error?: 'invalid_token' | 'invalid_request'): HttpError {
  return new HttpError(401, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer' });
}

/** The principal a credential (access JWT or API key, optionally with a `Bearer ` prefix) stands for; 401 otherwise. */
export async function principalFromToken(ctx: AuthContext, token: string): Promise<Principal> {
  const credential = token.replace(/^Bearer\s+/i, '').trim();
  if (credential === '') throw unauthorized('Authentication is required.');
  if (looksLikeApiKey(credential)) {
    const key = await verifyApiKey(ctx.prisma, ctx.logger, credential);
    if (!key) throw unauthorized('The API key is invalid, revoked or expired.', 'invalid_token');
    return { kind: 'api_key', userId: key.userId, role: 'traveler', scopes: key.scopes, apiKeyId: key.id };
  }
  const claims = await verifyAccessToken(ctx, credential);
  const role = await userRole(ctx.prisma, claims.sub);
  if (!role) throw invalidToken();
  return { kind: 'user', userId: claims.sub, role, scopes: 'session' };
}

function credentialOf(req: Request): string | null {
  const authorization = req.get('authorization');
  const headerKey = req.get('x-api-key')?.trim();
  let bearer: string | undefined;
  if (authorization !== undefined) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_request');
    bearer = match[1];
  }
  if (bearer !== undefined && headerKey !== undefined && headerKey !== bearer) {
    throw unauthorized('Present one credential: either Authorization or X-API-Key.', 'invalid_request');
  }
  if (headerKey !== undefined && !looksLikeApiKey(headerKey)) throw unauthorized('X-API-Key must hold an API key (tsk_...).', 'invalid_token');
  return bearer ?? headerKey ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets `req.principal` or answers 401 problem+json with `WWW-Authenticate: Bearer`. Every state-changing
 * request made with an API key is also recorded in the audit log once its response is sent.
 */
export function authenticate(ctx: AuthContext, options: { auditApiKeyRequests?: boolean } = {}): RequestHandler {
  // /mcp turns this off: every MCP message is a POST, and its tool calls are audited one by one (api/mcp).
  const auditApiKeyRequests = options.auditApiKeyRequests ?? true;
  return async (req, res, next) => {
    const credential = credentialOf(req);
    if (credential === null) throw unauthorized('Authentication is required.');
    const principal = await principalFromToken(ctx, credential);
    req.principal = principal;
    if (auditApiKeyRequests && principal.kind === 'api_key' && !SAFE_METHODS.has(req.method)) {
      res.once('finish', () => {
        audit(ctx, req, { action: 'api_key.request', details: { method: req.method, path: req.originalUrl.split('?')[0] ?? '', status: res.statusCode } }).catch(
          (error: unknown) => ctx.logger.error({ err: error, apiKeyId: principal.apiKeyId }, 'could not write the audit entry for an API key request'),
        );
      });
    }
    next();
  };
}
