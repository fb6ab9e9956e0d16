// Sign-up, sign-in and sessions, mounted at /api/auth.
//   POST /register {email, password, displayName} → 201 session     POST /login {email, password} → 200 session
//   POST /refresh {refreshToken} → 200 session (rotated)             POST /logout {refreshToken} → 204
//   POST /logout-all (authenticated) → 200 {revokedRefreshTokens}   GET /me (authenticated) → {user, principal}
// A session is { accessToken, refreshToken, expiresIn, user }. Passwords are hashed with argon2id.
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/platform.ts
// (authRoutes); this module gives each its handler.
import { hash, verify } from '@node-rs/argon2';
import type { Request, Router } from 'express';
import { Prisma, type User } from '../../infra/db.js';
import { audit } from '../audit.js';
import { authenticate } from '../auth/authenticate.js';
import { principalOf, requireSession } from '../auth/principal.js';
import { issueAccessToken, issueSession, revokeAllRefreshTokens, revokeRefreshTokenFamily, rotateRefreshToken } from '../auth/tokens.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { loginRequestSchema, logoutRequestSchema, refreshRequestSchema, registerRequestSchema, updateProfileRequestSchema, type AuthSessionResponse, type MeResponse, type UserView } from '../../contracts/auth.js';
import { parseBody } from '../validation.js';
import { authRoutes } from '../openapi/platform.js';
import { principalRateLimit, rateLimits } from '../security.js';
import { knowsCurrency, snapshotConverter } from '../../providers/fx.js';
import { loadPreferredCurrency, savePreferredCurrency } from '../../infra/profile.js';

/** argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane); the algorithm is the library default. */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the account does not exist, so that case costs the same time. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('tripsage-dummy-password-for-timing');
  return dummyHash;
}

function toUserView(user: Pick<User, 'id' | 'email' | 'displayName' | 'role'>): UserView {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}

function badCredentials(): HttpError {
  return new HttpError(401, 'Unauthorized', 'The email or password is incorrect.');
}

function badRefreshToken(): HttpError {
  return new HttpError(401, 'Unauthorized', 'The refresh token is invalid, expired or revoked; sign in again.');
}

export function createAuthRouter(ctx: ApiContext): Router {
  const limitAuth = rateLimits(ctx).auth;
  const signedIn = [authenticate(ctx), principalRateLimit(ctx)];
  // Start hashing the dummy now, so the first unknown-email login is not faster than later ones.
  void dummyPasswordHash();

  const session = async (user: User): Promise<AuthSessionResponse> => ({ ...(await issueSession(ctx, user.id)), user: toUserView(user) });

  const me = async (req: Request): Promise<MeResponse> => {
    const principal = principalOf(req);
    const user = await ctx.prisma.user.findUnique({ where: { id: principal.userId } });
    if (!user) throw new HttpError(401, 'Unauthorized', 'The account no longer exists.', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    return {
      user: { ...toUserView(user), preferredCurrency: await loadPreferredCurrency(ctx.prisma, user.id) },
      principal: {
        kind: principal.kind,
        scopes: principal.scopes === 'session' ? 'session' : [...principal.scopes],
        ...(principal.apiKeyId !== undefined && { apiKeyId: principal.apiKeyId }),
      },
    };
  };

  return authRoutes.router({
    register: [limitAuth, async (req, res) => {
      const body = parseBody(registerRequestSchema, req.body);
      const passwordHash = await hashPassword(body.password);
      let user: User;
      try {
        user = await ctx.prisma.user.create({ data: { email: body.email, displayName: body.displayName, passwordHash } });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new HttpError(409, 'Conflict', 'This email cannot be registered; sign in instead.');
        }
        throw error;
      }
      await audit(ctx, req, { action: 'auth.register', actor: { type: 'user', id: user.id }, targetType: 'user', targetId: user.id });
      res.status(201).json(await session(user));
    }],

    login: [limitAuth, async (req, res) => {
      const body = parseBody(loginRequestSchema, req.body);
      const user = await ctx.prisma.user.findUnique({ where: { email: body.email } });
      let valid = false;
      if (user?.passwordHash) valid = await verifyPassword(user.passwordHash, body.password);
      else await verifyPassword(await dummyPasswordHash(), body.password);
      if (!user || !valid) {
        await audit(ctx, req, {
          action: 'auth.login_failed',
          actor: { type: 'user', id: user?.id ?? null },
          targetType: 'user',
          ...(user && { targetId: user.id }),
          details: { email: body.email, reason: user ? 'wrong_password' : 'unknown_email' },
        });
        throw badCredentials();
      }
      await audit(ctx, req, { action: 'auth.login', actor: { type: user.role === 'operator' ? 'operator' : 'user', id: user.id }, targetType: 'user', targetId: user.id });
      res.status(200).json(await session(user));
    }],

    refresh: [limitAuth, async (req, res) => {
      const body = parseBody(refreshRequestSchema, req.body);
      const rotated = await rotateRefreshToken(ctx, body.refreshToken);
      if (!rotated.ok) {
        if (rotated.reason === 'reused') {
          ctx.logger.warn({ userId: rotated.userId, familyId: rotated.familyId }, 'refresh token reused: session family revoked');
          await audit(ctx, req, {
            action: 'auth.refresh_reuse_detected',
            actor: { type: 'user', id: rotated.userId },
            targetType: 'refresh_token_family',
            targetId: rotated.familyId,
            details: { revokedTokens: rotated.revoked },
          });
        }
        throw badRefreshToken();
      }
      const user = await ctx.prisma.user.findUnique({ where: { id: rotated.userId } });
      if (!user) throw badRefreshToken();
      const access = await issueAccessToken(ctx, user.id);
      const response: AuthSessionResponse = { ...access, refreshToken: rotated.refreshToken.refreshToken, user: toUserView(user) };
      res.status(200).json(response);
    }],

    // The refresh token is the credential here: no access token needed, and an unknown token is not an error.
    logout: async (req, res) => {
      const body = parseBody(logoutRequestSchema, req.body);
      const revoked = await revokeRefreshTokenFamily(ctx.prisma, body.refreshToken);
      if (revoked) {
        await audit(ctx, req, {
          action: 'auth.logout',
          actor: { type: 'user', id: revoked.userId },
          targetType: 'refresh_token_family',
          targetId: revoked.familyId,
          details: { revokedTokens: revoked.revoked },
        });
      }
      res.status(204).end();
    },

    logoutAll: [...signedIn, async (req, res) => {
      const principal = principalOf(req);
      requireSession(principal, 'Signing out everywhere');
      requireEmptyBody(req);
      const revokedRefreshTokens = await revokeAllRefreshTokens(ctx.prisma, principal.userId);
      await audit(ctx, req, { action: 'auth.logout_all', targetType: 'user', targetId: principal.userId, details: { revokedTokens: revokedRefreshTokens } });
      res.status(200).json({ revokedRefreshTokens });
    }],

    getMe: [...signedIn, async (req, res) => {
      res.status(200).json(await me(req));
    }],

    // The traveler's profile settings (session only: an agent's key does not change how trips are priced).
    updateMe: [...signedIn, async (req, res) => {
      const principal = principalOf(req);
      requireSession(principal, 'Changing profile settings');
      const body = parseBody(updateProfileRequestSchema, req.body);
      if (body.preferredCurrency !== null && !knowsCurrency(await snapshotConverter.rates(), body.preferredCurrency)) {
        throw new HttpError(422, 'Unprocessable Content', 'Unsupported currency', [{ field: 'preferredCurrency', reason: 'must be EUR or a currency with an ECB reference rate (USD, GBP, JPY, CHF, …)' }]);
      }
      await savePreferredCurrency(ctx.prisma, principal.userId, body.preferredCurrency);
      await audit(ctx, req, { action: 'profile.update', targetType: 'user', targetId: principal.userId, details: { preferredCurrency: body.preferredCurrency } });
      res.status(200).json(await me(req));
    }],
  });
}

async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash never authenticates.
    return false;
  }
}

/** Endpoints without a body still reject unexpected fields, like every other endpoint. */
function requireEmptyBody(req: Request): void {
  const body: unknown = req.body;
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body)) {
    const fields = Object.keys(body);
    if (fields.length === 0) return;
    throw new HttpError(400, 'Bad Request', 'Invalid request body', fields.map((field) => ({ field, reason: 'is not a known field' })));
  }
  throw new HttpError(400, 'Bad Request', 'Invalid request body', [{ field: 'body', reason: 'must be empty' }]);
}
