// API keys for AI agents and scripts: `tsk_<prefix>_<secret>`, shown once at creation.
//
// The prefix (12 random base-36 characters) is stored in clear and is the lookup key; the secret
// (32 random bytes, base64url) is stored only as SHA-256. A fast hash is right here, unlike for
// passwords: a 256-bit random secret cannot be brute-forced from its hash, so a slow KDF (argon2)
// would add nothing but tens of milliseconds of CPU and memory to every API call, and a cheap way to
// overload the API with bogus keys. The comparison is constant-time regardless.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Prisma, type ApiKey, type PrismaClient } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import { HttpError } from '../errors.js';
import { apiKeyScopes, type ApiKeyScope } from '../../contracts/auth.js';

export const API_KEY_PREFIX = 'tsk_';
const PREFIX_LENGTH = 12;
const SECRET_BYTES = 32;
const KEY_PATTERN = /^tsk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** lastUsedAt is written at most this often per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface VerifiedApiKey {
  id: string;
  userId: string;
  scopes: ApiKeyScope[];
}

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (apiKeyScopes as readonly string[]).includes(value);
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

function randomPrefix(): string {
  let prefix = '';
  for (let i = 0; i < PREFIX_LENGTH; i++) prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  return prefix;
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function toApiKeyView(row: ApiKey): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiKeyScope),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export interface CreateApiKeyInput {
  name: string;
  scopes: readonly string[];
  expiresInDays?: number;
}

/**
 * Creates a key for `userId` and returns it with the full key, which is never retrievable again.
 * `db` may be a transaction client, so the caller can write the audit entry atomically with it.
 */
export async function createApiKey(db: Prisma.TransactionClient, userId: string, input: CreateApiKeyInput): Promise<ApiKeyView & { key: string }> {
  const unknown = input.scopes.filter((scope) => !isApiKeyScope(scope));
  if (unknown.length > 0) {
    throw new HttpError(400, 'Bad Request', 'Invalid request body', unknown.map((scope) => ({ field: 'scopes', reason: `"${scope}" is not a known scope` })));
  }
  const scopes = [...new Set(input.scopes)].filter(isApiKeyScope);
  const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  for (let attempt = 0; ; attempt++) {
    const prefix = randomPrefix();
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    try {
      const row = await db.apiKey.create({
        data: { userId, name: input.name, prefix, secretHash: hashSecret(secret).toString('hex'), scopes, expiresAt },
      });
      return { ...toApiKeyView(row), key: `${API_KEY_PREFIX}${prefix}_${secret}` };
    } catch (error) {
      // 36^12 prefixes make a collision very unlikely; retry a couple of times rather than fail.
      if (attempt < 3 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue;
      throw error;
    }
  }
}

export async function listApiKeys(prisma: PrismaClient, userId: string): Promise<ApiKeyView[]> {
  const rows = await prisma.apiKey.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return rows.map(toApiKeyView);
}

/**
 * Revokes one of `userId`'s keys; null when there is no such key for this user (another user's key
 * looks exactly like a missing one). Revoking twice keeps the first revocation time.
 */
export async function revokeApiKey(db: Prisma.TransactionClient, userId: string, id: string): Promise<ApiKeyView | null> {
  const row = await db.apiKey.findFirst({ where: { id, userId } });
  if (!row) return null;
  if (row.revokedAt) return toApiKeyView(row);
  const updated = await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  return toApiKeyView(updated);
}

/** When this process last wrote each key's lastUsedAt: the most recent `max` keys, each for as long as it matters. */
export const LAST_USED_CACHE = { max: 10_000, ttlMs: LAST_USED_RESOLUTION_MS } as const;

const lastUsedWrites = new WeakMap<PrismaClient, LRUCache<string, number>>();

/** The lastUsedAt write times in front of `prisma`'s API keys (one per database client). */
export function lastUsedCacheOf(prisma: PrismaClient): LRUCache<string, number> {
  let writes = lastUsedWrites.get(prisma);
  if (!writes) lastUsedWrites.set(prisma, (writes = new LRUCache({ max: LAST_USED_CACHE.max, ttl: LAST_USED_CACHE.ttlMs })));
  return writes;
}

/**
 * Checks a presented key; null for anything that is not a live key (malformed, unknown, wrong secret,
 * revoked, expired). Records lastUsedAt in the background, at most once a minute per key.
 */
export async function verifyApiKey(prisma: PrismaClient, logger: Logger, presented: string): Promise<VerifiedApiKey | null> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  const [, prefix = '', secret = ''] = match;
  const row = await prisma.apiKey.findUnique({ where: { prefix } });
  if (!row) return null;
  const stored = Buffer.from(row.secretHash, 'hex');
  const presentedHash = hashSecret(secret);
  if (stored.length !== presentedHash.length || !timingSafeEqual(stored, presentedHash)) return null;
  if (row.revokedAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
  touchLastUsed(prisma, logger, row);
  return { id: row.id, userId: row.userId, scopes: row.scopes.filter(isApiKeyScope) };
}

function touchLastUsed(prisma: PrismaClient, logger: Logger, row: ApiKey): void {
  const now = Date.now();
  const writes = lastUsedCacheOf(prisma);
  const recent = Math.max(row.lastUsedAt?.getTime() ?? 0, writes.get(row.id) ?? 0);
  if (now - recent < LAST_USED_RESOLUTION_MS) return;
  writes.set(row.id, now);
  const cutoff = new Date(now - LAST_USED_RESOLUTION_MS);
  // Conditional, so several API nodes racing on the same key write once; not awaited by the request.
  prisma.apiKey
    .updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: cutoff } }] }, data: { lastUsedAt: new Date(now) } })
    .catch((error: unknown) => logger.warn({ err: error, apiKeyId: row.id }, 'could not record API key lastUsedAt'));
}
