// Who `npm run fuzz` fuzzes as, created through the API like a real client: a traveler (the owner), an
// API key of the owner's with every scope, and a second traveler pointed at the owner's resources.
import { apiKeyScopes } from '../../../contracts/auth.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../../../test/support/identity.js';

/**
 * In the order they run: the second user first, while the owner's trip, watch and key are untouched (the
 * owner's own runs may archive the trip or revoke keys).
 */
export const FUZZ_IDENTITIES = ['other-user', 'api-key', 'owner'] as const;
export type FuzzIdentityName = (typeof FUZZ_IDENTITIES)[number];

/** A path parameter fixed for a group of operations (Schemathesis `[[operations]] parameters`). */
export interface PinnedParameter {
  /** Matches the OpenAPI path template, e.g. `^/api/trips/\{id\}`. */
  pathRegex: string;
  parameters: Record<string, string>;
}

export interface FuzzIdentity {
  name: FuzzIdentityName;
  description: string;
  headers: Record<string, string>;
  /**
   * For the second user: path parameters fixed to the owner's resources. Every response to such a
   * request must be a 4xx (404, never the resource); a 2xx is a cross-user access failure.
   */
  foreignResources: PinnedParameter[];
}

/** A flight watch a fresh database accepts (sandbox prices, future dates). */
function flightWatch(): Record<string, unknown> {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { target: { kind: 'flight', origin: 'JFK', destination: 'LIS', departDate: inDays(60), returnDate: inDays(67) }, targetPrice: 500 };
}

async function post<T>(baseUrl: string, user: SignedInUser, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...user.auth }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`seeding POST /api${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function createIdentities(baseUrl: string): Promise<FuzzIdentity[]> {
  const owner = await signUp(baseUrl, 'fuzz-owner');
  const other = await signUp(baseUrl, 'fuzz-other');
  const key = await createApiKeyFor(baseUrl, owner, [...apiKeyScopes], 'fuzz: every scope');
  // The owner's resources the second user aims at.
  const trip = await post<{ id: string }>(baseUrl, owner, '/trips', { title: 'Fuzz: the owner\'s trip', origin: 'JFK', destinations: ['LIS'] });
  const { watch } = await post<{ watch: { watchId: string } }>(baseUrl, owner, '/watches', flightWatch());
  return [
    { name: 'owner', description: `traveler ${owner.user.email} (bearer token)`, headers: { Authorization: `Bearer ${owner.accessToken}` }, foreignResources: [] },
    { name: 'api-key', description: `API key with ${apiKeyScopes.join(', ')} (X-API-Key)`, headers: { 'X-API-Key': key.key }, foreignResources: [] },
    {
      name: 'other-user',
      description: `traveler ${other.user.email} aimed at the owner's trip, watch, API key and user id`,
      headers: { Authorization: `Bearer ${other.accessToken}` },
      foreignResources: [
        { pathRegex: '^/api/(agent/)?trips/\\{id\\}', parameters: { 'path.id': trip.id, 'path.userId': owner.user.id } },
        { pathRegex: '^/api/watches/\\{id\\}', parameters: { 'path.id': watch.watchId } },
        { pathRegex: '^/api/api-keys/\\{id\\}', parameters: { 'path.id': key.id } },
      ],
    },
  ];
}
