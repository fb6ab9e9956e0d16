// Operator-only endpoints that sit outside user authentication (the deep health check): the caller
// presents OPERATOR_TOKEN as `Authorization: Bearer <token>`. Unset, those endpoints are refused outright.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../errors.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Middleware: 403 when no operator token is configured, 401 unless the request presents it. */
export function requireOperatorToken(operatorToken: string | undefined): RequestHandler {
  // Compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on the first different byte.
  const expected = operatorToken === undefined ? null : digest(operatorToken);
  return (req, _res, next) => {
    if (!expected) return next(new HttpError(403, 'Forbidden', 'Operator endpoints are disabled on this server (OPERATOR_TOKEN is not set).'));
    const presented = bearerOf(req);
    if (presented === null || !timingSafeEqual(digest(presented), expected)) {
      return next(new HttpError(401, 'Unauthorized', 'This needs the operator token: Authorization: Bearer <OPERATOR_TOKEN>.', undefined, { 'WWW-Authenticate': 'Bearer realm="operator"' }));
    }
    next();
  };
}

function bearerOf(req: Request): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}
