// OpenAPI operations of the platform, each defined once for its router and the document: health
// (healthRoutes, api/app.ts), the client configuration (clientConfigRoutes, api/routes/index.ts), plan
// parsing and airports (planRoutes, api/routes/plan.ts), sign-in (authRoutes, api/routes/auth.ts), API keys
// (apiKeyRoutes, apiKeys.ts) and credentials (credentialRoutes, credentials.ts). The auth schemas live in
// contracts/auth.ts, built with plain zod, so they are named through `named()` (see contracts/common.ts).
import { planParseRequestSchema } from '../../domain/schemas.js';
import { emptyTripRequest } from '../../domain/trip.js';
import {
  apiKeyListResponseSchema,
  authSessionResponseSchema,
  createApiKeyRequestSchema,
  createdApiKeyResponseSchema,
  credentialListResponseSchema,
  credentialProviderSchema,
  credentialViewSchema,
  loginRequestSchema,
  logoutAllResponseSchema,
  logoutRequestSchema,
  meResponseSchema,
  updateProfileRequestSchema,
  refreshRequestSchema,
  registerRequestSchema,
  saveCredentialRequestSchema,
} from '../../contracts/auth.js';
import { named, uuidSchema, z } from '../../contracts/common.js';
import { listEnvelope } from '../../contracts/list.js';
import { AIRPORT_CODES_PATTERN } from '../../contracts/primitives.js';
import { tripRequestView } from '../../contracts/tripState.js';
import { defineRoutes, type Operation } from './routeTable.js';
import { json, jsonBody, problems, sessionOnly, sessionOrKey, type OpenApiRegistration } from './common.js';

/** The /api/plan operations: api/routes/plan.ts gives each its handler. */
export const planRoutes = defineRoutes('/api/plan', {
  parseTripRequest: {
    method: 'post',
    path: '/api/plan/parse',
    tags: ['Planning'],
    security: [],
    summary: 'What the offline request parser understands from a traveler\'s message (no trip is started)',
    request: { body: jsonBody(named(planParseRequestSchema, 'ParseRequest')) },
    responses: {
      200: json(
        z
          .object({ request: tripRequestView, mentioned: z.array(z.enum(Object.keys(emptyTripRequest) as [string, ...string[]])) })
          .openapi('ParseResult'),
        'The understood request and the fields the text mentioned.',
      ),
      400: problems[400],
    },
  },
  locateAirports: {
    method: 'get',
    path: '/api/plan/airports',
    tags: ['Planning'],
    security: [],
    summary: "Where airports are (for the trip map): each known code's name, city and coordinates; unknown codes are left out",
    request: { query: z.object({ codes: z.string().regex(AIRPORT_CODES_PATTERN).openapi({ description: 'Comma-separated IATA airport codes, at most 20', example: 'LIS,MAD' }) }) },
    responses: {
      200: json(
        listEnvelope(z.object({ iata: z.string(), name: z.string(), cityName: z.string(), latitude: z.number(), longitude: z.number() }), 'Always null: every known code asked for, in one page.').openapi(
          'AirportLocations',
        ),
        'The airports found.',
      ),
      400: problems[400],
    },
  },
});

const healthCheck = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number(), detail: z.string().optional() });

/**
 * GET /api/health: api/app.ts gives the handler and mounts it before the per-address limit (load
 * balancers poll it), so it documents no 429 (api/openapi.ts).
 */
export const healthRoutes = defineRoutes('/api/health', {
  checkHealth: {
    method: 'get',
    path: '/api/health',
    tags: ['Operations'],
    security: [],
    summary: 'Dependency health: PostgreSQL, Redis, Temporal and a worker polling the task queue',
    description:
      'Public. `deep=true` also runs the system-check workflow on a worker: operators only (`Authorization: Bearer <OPERATOR_TOKEN>`), ' +
      'a few per minute across the cluster, and concurrent deep checks share the one in flight.',
    request: { query: z.object({ deep: z.enum(['true', 'false']).optional().openapi({ description: 'Also run the system-check workflow on a worker (operator token required).' }) }) },
    responses: {
      200: json(
        z.object({ status: z.enum(['ok', 'degraded']), checks: z.record(z.string(), healthCheck), temporalUi: z.string() }).openapi('HealthReport'),
        'Everything is up.',
      ),
      400: problems[400],
      401: problems[401],
      403: { ...problems[403], description: 'Deep checks are disabled: the server has no OPERATOR_TOKEN.' },
      429: problems[429],
      503: { description: 'A dependency is down (same body, status degraded).' },
    },
  },
});

/** GET /api/client-config: api/routes/index.ts gives the handler. */
export const clientConfigRoutes = defineRoutes('/api/client-config', {
  getClientConfig: {
    method: 'get',
    path: '/api/client-config',
    tags: ['Operations'],
    security: [],
    summary: "The server configuration the web client needs: the trip map's tile source (null: the offline vector map)",
    responses: {
      200: json(
        z.object({ mapTiles: z.object({ url: z.string(), attribution: z.string().nullable() }).nullable() }).openapi('ClientConfig'),
        'The client configuration.',
      ),
    },
  },
});

export const registerHealthAndPlanOpenApi: OpenApiRegistration = (registry) => {
  healthRoutes.register(registry);
  planRoutes.register(registry);
};

export const registerClientOpenApi: OpenApiRegistration = (registry) => {
  clientConfigRoutes.register(registry);
};

const session = named(authSessionResponseSchema, 'AuthSession');
const authTags = ['Auth'];

/** A public sign-in operation (register, login, refresh): rate limited, answering a session. */
const publicAuth = (path: string, summary: string, body: z.ZodType, ok: 200 | 201, response: z.ZodType | null, extra: Record<number, ReturnType<typeof json>> = {}): Operation => ({
  method: 'post',
  path,
  tags: authTags,
  security: [],
  summary,
  request: { body: jsonBody(body) },
  responses: { [ok]: response ? json(response, 'OK.') : { description: 'Done.' }, 400: problems[400], 429: problems[429], ...extra },
});

/** The /api/auth operations: api/routes/auth.ts gives each its handler (and its middleware). */
export const authRoutes = defineRoutes('/api/auth', {
  register: publicAuth('/api/auth/register', 'Create an account and sign in', named(registerRequestSchema, 'RegisterRequest'), 201, session, { 409: problems[409] }),
  login: publicAuth('/api/auth/login', 'Sign in with email and password', named(loginRequestSchema, 'LoginRequest'), 200, session, { 401: problems[401] }),
  refresh: publicAuth('/api/auth/refresh', 'Exchange a refresh token for a new session (the token rotates)', named(refreshRequestSchema, 'RefreshRequest'), 200, session, { 401: problems[401] }),
  logout: {
    method: 'post',
    path: '/api/auth/logout',
    tags: authTags,
    security: [],
    summary: 'Revoke a refresh token\'s session family',
    request: { body: jsonBody(named(logoutRequestSchema, 'LogoutRequest')) },
    responses: { 204: { description: 'Signed out (also for an unknown token).' }, 400: problems[400] },
  },
  logoutAll: {
    method: 'post',
    path: '/api/auth/logout-all',
    tags: authTags,
    security: sessionOnly,
    summary: 'Revoke every refresh token of the caller',
    responses: { 200: json(named(logoutAllResponseSchema, 'LogoutAllResult'), 'Revoked.'), 401: problems[401], 403: problems[403] },
  },
  getMe: {
    method: 'get',
    path: '/api/auth/me',
    tags: authTags,
    security: sessionOrKey,
    summary: 'The caller: user and principal (session or API key with its scopes)',
    responses: { 200: json(named(meResponseSchema, 'Me'), 'The caller.'), 401: problems[401] },
  },
  updateMe: {
    method: 'patch',
    path: '/api/auth/me',
    tags: authTags,
    security: sessionOnly,
    summary: "Update the caller's profile (preferred currency)",
    request: { body: jsonBody(updateProfileRequestSchema) },
    responses: { 200: json(named(meResponseSchema, 'Me'), 'The updated caller.'), 400: problems[400], 401: problems[401], 403: problems[403], 422: problems[422] },
  },
});

const keyTags = ['API keys'];

/** The /api/api-keys operations: api/routes/apiKeys.ts gives each its handler. */
export const apiKeyRoutes = defineRoutes('/api/api-keys', {
  createApiKey: {
    method: 'post',
    path: '/api/api-keys',
    tags: keyTags,
    security: sessionOnly,
    summary: 'Create an API key for an AI agent (the key is shown only in this response)',
    request: { body: jsonBody(named(createApiKeyRequestSchema, 'CreateApiKey')) },
    responses: { 201: json(named(createdApiKeyResponseSchema, 'CreatedApiKey'), 'The key.'), 400: problems[400], 401: problems[401], 403: problems[403], 409: problems[409] },
  },
  listApiKeys: {
    method: 'get',
    path: '/api/api-keys',
    tags: keyTags,
    security: sessionOnly,
    summary: 'The caller\'s API keys (never the secret)',
    responses: { 200: json(named(apiKeyListResponseSchema, 'ApiKeyList'), 'The keys.'), 401: problems[401], 403: problems[403] },
  },
  revokeApiKey: {
    method: 'delete',
    path: '/api/api-keys/{id}',
    tags: keyTags,
    security: sessionOnly,
    summary: 'Revoke one of the caller\'s API keys',
    request: { params: z.object({ id: uuidSchema }) },
    responses: { 204: { description: 'Revoked.' }, 401: problems[401], 403: problems[403], 404: problems[404] },
  },
});

const credentialTags = ['Credentials'];
const providerParams = z.object({ provider: named(credentialProviderSchema, 'CredentialProvider') });

/** The /api/credentials operations: api/routes/credentials.ts gives each its handler. */
export const credentialRoutes = defineRoutes('/api/credentials', {
  listCredentials: {
    method: 'get',
    path: '/api/credentials',
    tags: credentialTags,
    security: sessionOnly,
    summary: 'The caller\'s own provider credentials (last four characters only)',
    responses: { 200: json(named(credentialListResponseSchema, 'CredentialList'), 'The credentials.'), 401: problems[401], 403: problems[403] },
  },
  saveCredential: {
    method: 'put',
    path: '/api/credentials/{provider}',
    tags: credentialTags,
    security: sessionOnly,
    summary: 'Save (encrypted) the caller\'s own key for a provider',
    description:
      'Session only. The key must have the provider\'s shape: `duffel_test_…`/`duffel_live_…` for duffel, `sk-…` (not `sk-ant-…`) for ' +
      'openai, `sk-ant-…` for anthropic; another provider\'s key is a 422 (the schema states the shapes, not which goes with which provider).',
    request: { params: providerParams, body: jsonBody(named(saveCredentialRequestSchema, 'SaveCredential')) },
    responses: { 200: json(named(credentialViewSchema, 'Credential'), 'Saved.'), 400: problems[400], 401: problems[401], 403: problems[403], 422: problems[422] },
  },
  deleteCredential: {
    method: 'delete',
    path: '/api/credentials/{provider}',
    tags: credentialTags,
    security: sessionOnly,
    summary: 'Delete the caller\'s key for a provider',
    request: { params: providerParams },
    responses: { 204: { description: 'Deleted.' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  },
});

export const registerAuthOpenApi: OpenApiRegistration = (registry) => {
  authRoutes.register(registry);
  apiKeyRoutes.register(registry);
  credentialRoutes.register(registry);
};
