// Test identities: users and trips written directly with Prisma, access tokens signed like the API does.
import { randomUUID } from 'node:crypto';
import type { ApiContext } from '../../api/context.js';
import { clearRoleCache } from '../../api/auth/authenticate.js';
import { issueAccessToken } from '../../api/auth/tokens.js';
import type { PrismaClient, Trip, User } from '../../infra/db.js';

export async function createUser(prisma: PrismaClient, data: { email?: string; displayName?: string; role?: User['role'] } = {}): Promise<User> {
  return prisma.user.create({ data: { email: data.email ?? `user-${randomUUID()}@example.test`, displayName: data.displayName ?? 'Test User', role: data.role ?? 'traveler' } });
}

export async function createTrip(prisma: PrismaClient, ownerId: string, title = 'Test trip'): Promise<Trip> {
  return prisma.trip.create({ data: { ownerId, title } });
}

/** A signed access token for `userId` (what POST /api/auth/login would return). */
export async function accessTokenFor(ctx: Pick<ApiContext, 'config' | 'secrets'>, userId: string): Promise<string> {
  return (await issueAccessToken(ctx, userId)).accessToken;
}

/** A user with an access token. */
export async function createTraveler(ctx: Pick<ApiContext, 'config' | 'secrets' | 'prisma'>): Promise<{ user: User; token: string }> {
  const user = await createUser(ctx.prisma);
  return { user, token: await accessTokenFor(ctx, user.id) };
}

// ---- Through the API (POST /api/auth/register, POST /api/api-keys): what a real client does ----

export interface SignedInUser {
  user: { id: string; email: string; displayName: string; role: 'traveler' | 'operator' };
  accessToken: string;
  /** Request headers that authenticate as this user's session. */
  auth: Record<string, string>;
}

export interface ApiKeyCredential {
  id: string;
  key: string;
  scopes: string[];
  /** Request headers that authenticate with this key (X-API-Key). */
  auth: Record<string, string>;
}

const TEST_PASSWORD = 'correct horse battery staple';

/** Registers a new user through POST /api/auth/register (`baseUrl` is the server, without /api). */
export async function signUp(baseUrl: string, label = 'traveler'): Promise<SignedInUser> {
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${label}-${randomUUID()}@example.test`, password: TEST_PASSWORD, displayName: `Test ${label}` }),
  });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
  const session = (await response.json()) as { accessToken: string; user: SignedInUser['user'] };
  return { user: session.user, accessToken: session.accessToken, auth: { authorization: `Bearer ${session.accessToken}` } };
}

/** Creates an API key for `owner` through POST /api/api-keys. */
export async function createApiKeyFor(baseUrl: string, owner: SignedInUser, scopes: string[], name = `test key ${scopes.join(' ')}`): Promise<ApiKeyCredential> {
  const response = await fetch(`${baseUrl}/api/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...owner.auth },
    body: JSON.stringify({ name, scopes }),
  });
  if (response.status !== 201) throw new Error(`API key creation failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { id: string; key: string; scopes: string[] };
  return { id: created.id, key: created.key, scopes: created.scopes, auth: { 'x-api-key': created.key } };
}

/** Gives a user the operator role (as scripts/makeOperator.ts does) and drops the API's cached role. */
export async function promoteToOperator(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { role: 'operator' } });
  clearRoleCache(prisma, userId);
}
