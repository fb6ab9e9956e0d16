// Who is calling: a traveler (JWT access token), an AI agent (API key) or an operator (a user with the
// operator role). Set on `req.principal` by the authenticate middleware; every route reads it from there.
import type { Request } from 'express';
import { HttpError } from '../errors.js';

import type { ApiKeyScope } from '../../contracts/auth.js';

export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  role: 'traveler' | 'operator';
  /** API keys carry scopes; a traveler's own session may do everything its role allows. */
  scopes: readonly ApiKeyScope[] | 'session';
  apiKeyId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new HttpError(401, 'Unauthorized', 'Authentication is required.', undefined, { 'WWW-Authenticate': 'Bearer' });
  return req.principal;
}

/** 403 unless the principal is a traveler session or an API key holding `scope`. */
export function requireScope(principal: Principal, scope: ApiKeyScope): void {
  if (principal.scopes === 'session' || principal.scopes.includes(scope)) return;
  throw new HttpError(403, 'Forbidden', `This API key lacks the "${scope}" scope.`);
}

/**
 * 403 unless the caller is a traveler's own session (not an API key): approvals, payments, key management.
 * `action` names what was refused and `keysCannot` what no key may do, so the refusal says what would be allowed.
 */
export function requireSession(principal: Principal, action = 'This action', keysCannot = 'do it'): void {
  if (principal.scopes !== 'session') throw new HttpError(403, 'Forbidden', `${action} needs a signed-in traveler; API keys cannot ${keysCannot}, whatever their scopes.`);
}

/** 403 unless the caller is an operator's own session: never an API key, not even an operator's. `action` names what was refused. */
export function requireOperator(principal: Principal, action = 'this'): void {
  if (principal.scopes !== 'session') throw new HttpError(403, 'Forbidden', `Operators only: ${action} needs an operator's signed-in session; API keys cannot do it, whatever their scopes.`);
  if (principal.role !== 'operator') throw new HttpError(403, 'Forbidden', `Operators only: ${action} needs the operator role, which this account does not have.`);
}
