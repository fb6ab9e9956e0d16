// Session tokens.
//
// Access tokens are short-lived JWTs (RFC 9068 style) signed with HS256. Verification follows RFC 8725:
// an explicit algorithm allowlist (['HS256'], so `alg: none` and algorithm confusion are rejected), an
// explicit `typ: at+jwt` header and a `token_use: 'access'` claim (so no other JWT signed with the same
// key is accepted as an access token), and required iss, aud, exp, iat and sub.
//
// Refresh tokens are opaque random strings, never JWTs; only their SHA-256 is stored. They rotate: each
// use revokes the presented token and issues a new one in the same family. Presenting an already
// rotated (revoked) token means it leaked, so the whole family is revoked (theft detection, per the
// OAuth 2.0 Security BCP). Logout revokes the family; "sign out everywhere" revokes all of a user's.
// Access tokens stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS, 15 minutes by default).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../infra/config.js';
import type { PrismaClient } from '../../infra/db.js';
import type { Secrets } from '../../infra/secrets.js';
import { HttpError } from '../errors.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
const CLOCK_TOLERANCE_SECONDS = 5;
const REFRESH_TOKEN_BYTES = 32;
const REFRESH_TOKEN_PATTERN = /^rt_[A-Za-z0-9_-]{43}$/;

export type TokenDeps = { config: Pick<Config, 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'ACCESS_TOKEN_TTL_SECONDS' | 'REFRESH_TOKEN_TTL_SECONDS'>; secrets: Pick<Secrets, 'jwtSecret'> };
export type RefreshDeps = { prisma: PrismaClient; config: Pick<Config, 'REFRESH_TOKEN_TTL_SECONDS'> };

export interface AccessTokenClaims {
  sub: string;
  iat: number;
  exp: number;
  jti: string;
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface IssuedRefreshToken {
  refreshToken: string;
  id: string;
  familyId: string;
  expiresAt: Date;
}

/** Signs an access token for `userId`. */
export async function issueAccessToken(deps: TokenDeps, userId: string): Promise<IssuedAccessToken> {
  const expiresIn = deps.config.ACCESS_TOKEN_TTL_SECONDS;
  const accessToken = await new SignJWT({ token_use: 'access' })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(deps.config.JWT_ISSUER)
    .setAudience(deps.config.JWT_AUDIENCE)
    .setSubject(userId)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .sign(deps.secrets.jwtSecret);
  return { accessToken, expiresIn };
}

/** Verifies an access token; anything else (expired, forged, wrong kind of token, garbage) is a 401. */
export async function verifyAccessToken(deps: TokenDeps, token: string): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, deps.secrets.jwtSecret, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      typ: ACCESS_TOKEN_TYPE,
      issuer: deps.config.JWT_ISSUER,
      audience: deps.config.JWT_AUDIENCE,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub', 'token_use'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // A token claiming a longer life than we ever issue was not minted by this configuration.
      maxTokenAge: deps.config.ACCESS_TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS,
    });
    const { sub, iat, exp, jti } = payload;
    if (payload.token_use !== 'access') throw invalidToken('The token is not an access token.');
    if (typeof sub !== 'string' || sub === '' || typeof iat !== 'number' || typeof exp !== 'number') throw invalidToken();
    if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw invalidToken();
    return { sub, iat, exp, jti: typeof jti === 'string' ? jti : '' };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw invalidToken('The access token has expired.');
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw invalidToken();
    throw error;
  }
}

export function invalidToken(detail = 'The access token is invalid.'): HttpError {
  return new HttpError(401, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newRefreshTokenValue(): string {
  return `rt_${randomBytes(REFRESH_TOKEN_BYTES).toString('base64url')}`;
}

/** Creates a refresh token in `familyId` (a new family, i.e. a new sign-in, when omitted). */
export async function issueRefreshToken(deps: RefreshDeps, userId: string, familyId: string = randomUUID()): Promise<IssuedRefreshToken> {
  const refreshToken = newRefreshTokenValue();
  const expiresAt = new Date(Date.now() + deps.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  const row = await deps.prisma.refreshToken.create({
    data: { userId, familyId, tokenHash: hashToken(refreshToken), expiresAt },
    select: { id: true },
  });
  return { refreshToken, id: row.id, familyId, expiresAt };
}

export type RotationResult =
  | { ok: true; userId: string; refreshToken: IssuedRefreshToken }
  | { ok: false; reason: 'unknown' | 'expired' }
  | { ok: false; reason: 'reused'; userId: string; familyId: string; revoked: number };

/**
 * Exchanges a refresh token for a new one in the same family. The old token is revoked in the same
 * transaction (a conditional update, so two concurrent uses cannot both succeed: the loser counts as reuse).
 */
export async function rotateRefreshToken(deps: RefreshDeps, presented: string): Promise<RotationResult> {
  if (!REFRESH_TOKEN_PATTERN.test(presented)) return { ok: false, reason: 'unknown' };
  const row = await deps.prisma.refreshToken.findUnique({ where: { tokenHash: hashToken(presented) } });
  if (!row) return { ok: false, reason: 'unknown' };
  const reused = async (): Promise<RotationResult> => {
    const revoked = await revokeFamily(deps.prisma, row.familyId);
    return { ok: false, reason: 'reused', userId: row.userId, familyId: row.familyId, revoked };
  };
  if (row.revokedAt) return reused();
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };

  const next = newRefreshTokenValue();
  const expiresAt = new Date(Date.now() + deps.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  const issued = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.refreshToken.create({
      data: { userId: row.userId, familyId: row.familyId, tokenHash: hashToken(next), expiresAt },
      select: { id: true },
    });
    const { count } = await tx.refreshToken.updateMany({
      where: { id: row.id, revokedAt: null },
      data: { revokedAt: new Date(), replacedById: created.id },
    });
    if (count === 0) throw new ConcurrentRotation();
    return created;
  }).catch((error: unknown) => {
    if (error instanceof ConcurrentRotation) return null;
    throw error;
  });
  if (!issued) return reused();
  return { ok: true, userId: row.userId, refreshToken: { refreshToken: next, id: issued.id, familyId: row.familyId, expiresAt } };
}

class ConcurrentRotation extends Error {}

async function revokeFamily(prisma: PrismaClient, familyId: string): Promise<number> {
  const { count } = await prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/**
 * Logout: revokes the family of the presented refresh token. Returns the owner when the token was known
 * (also when already revoked), so the caller can audit; unknown tokens are not an error (no oracle).
 */
export async function revokeRefreshTokenFamily(prisma: PrismaClient, presented: string): Promise<{ userId: string; familyId: string; revoked: number } | null> {
  if (!REFRESH_TOKEN_PATTERN.test(presented)) return null;
  const row = await prisma.refreshToken.findUnique({ where: { tokenHash: hashToken(presented) }, select: { userId: true, familyId: true } });
  if (!row) return null;
  return { ...row, revoked: await revokeFamily(prisma, row.familyId) };
}

/** "Sign out everywhere": revokes every live refresh token of the user. */
export async function revokeAllRefreshTokens(prisma: PrismaClient, userId: string): Promise<number> {
  const { count } = await prisma.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** A new sign-in: an access token and the first refresh token of a new family. */
export async function issueSession(deps: TokenDeps & RefreshDeps, userId: string): Promise<IssuedAccessToken & { refreshToken: string }> {
  const [access, refresh] = await Promise.all([issueAccessToken(deps, userId), issueRefreshToken(deps, userId)]);
  return { ...access, refreshToken: refresh.refreshToken };
}
