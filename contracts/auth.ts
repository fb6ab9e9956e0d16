// Request and response schemas of /api/auth, /api/api-keys and /api/credentials (zod; also the source
// for the OpenAPI document). Request bodies are strict: an unknown field is a 400 naming the field.
import { nonBlankText } from '../domain/schemas.js';
import { z } from 'zod';
import { credentialProviders } from '../domain/credentials.js';
import { listEnvelope } from './list.js';
import { THREE_LETTER_CODE } from './primitives.js';

/** What an API key may do. No scope approves bookings or moves money: those need a traveler's session. */
export const apiKeyScopes = ['trips:read', 'trips:write', 'trips:suggest', 'watches:read', 'watches:write', 'memories:read'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);
const jsonObject = { error: 'must be a JSON object' };

/**
 * zod's email pattern with RFC 5321's limits added (a local part of at most 64 characters, domain labels
 * of at most 63 that neither start nor end with a hyphen), which zod's own pattern does not check.
 */
export const EMAIL_PATTERN = /^(?=[^@]{1,64}@)(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** What the server accepts as an email, stated in the OpenAPI document too (format `email` alone allows more). */
export const emailDocumentation = { format: 'email', pattern: EMAIL_PATTERN.source, maxLength: 254 } as const;

export const emailSchema = z
  .string({ error: required('a string') })
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ pattern: EMAIL_PATTERN, error: 'must be an email address' }))
  .meta(emailDocumentation);

export const passwordSchema = z
  .string({ error: required('a string') })
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const registerRequestSchema = z
  .object(
    {
      email: emailSchema,
      password: passwordSchema,
      displayName: nonBlankText(100, { error: required('a string') }),
    },
    jsonObject,
  )
  .strict();
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const loginRequestSchema = z
  .object(
    {
      email: emailSchema,
      // Not the registration rules: a wrong-but-short password is a 401, not a hint about the rules.
      password: z.string({ error: required('a string') }).min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    },
    jsonObject,
  )
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const refreshTokenSchema = z.string({ error: required('a string') }).min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const refreshRequestSchema = z.object({ refreshToken: refreshTokenSchema }, jsonObject).strict();

export const logoutRequestSchema = z.object({ refreshToken: refreshTokenSchema }, jsonObject).strict();

export const userViewSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string(),
  role: z.enum(['traveler', 'operator']),
});
export type UserView = z.infer<typeof userViewSchema>;

export const authSessionResponseSchema = z.object({
  accessToken: z.string().describe('JWT (HS256, typ at+jwt); send as `Authorization: Bearer <token>`'),
  refreshToken: z.string().describe('Opaque, single use: POST /auth/refresh returns a new one'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: userViewSchema,
});
export type AuthSessionResponse = z.infer<typeof authSessionResponseSchema>;

/** ISO 4217 as the ECB rates know it; a trip without a budget is priced in it (domain/currency.ts). */
const preferredCurrency = z
  .string({ error: 'must be a 3-letter ISO 4217 currency code such as USD, or null' })
  .regex(THREE_LETTER_CODE, 'must be a 3-letter ISO 4217 currency code such as USD')
  .nullable();

export const updateProfileRequestSchema = z.object({ preferredCurrency }, jsonObject).strict();

export const meResponseSchema = z.object({
  user: userViewSchema.extend({ preferredCurrency: z.string().nullable().describe("Trips without a budget are priced in it (else the origin country's currency)") }),
  principal: z.object({
    kind: z.enum(['user', 'api_key']),
    scopes: z.union([z.literal('session'), z.array(z.enum(apiKeyScopes))]),
    apiKeyId: z.uuid().optional(),
  }),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const logoutAllResponseSchema = z.object({ revokedRefreshTokens: z.number().int() });

// ---------------------------------------------------------------------------------------------
// API keys

export const createApiKeyRequestSchema = z
  .object(
    {
      name: nonBlankText(100, { error: required('a string') }),
      scopes: z
        .array(z.enum(apiKeyScopes, { error: `must be one of ${apiKeyScopes.join(', ')}` }), { error: required('an array of scopes') })
        .min(1, 'must name at least one scope')
        .max(apiKeyScopes.length, `must have at most ${apiKeyScopes.length} entries`),
      expiresInDays: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1').max(365, 'must be at most 365').optional(),
    },
    jsonObject,
  )
  .strict();
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

export const apiKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('Public part of the key (tsk_<prefix>_...), to recognise it'),
  scopes: z.array(z.enum(apiKeyScopes)),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable().describe('Updated at most once a minute'),
  revokedAt: z.iso.datetime().nullable(),
});

export const createdApiKeyResponseSchema = apiKeyViewSchema.extend({
  key: z.string().describe('The full key, tsk_<prefix>_<secret>. Shown only in this response.'),
});

export const apiKeyListResponseSchema = listEnvelope(apiKeyViewSchema);

// ---------------------------------------------------------------------------------------------
// Provider credentials (bring your own key)

export const credentialProviderSchema = z.enum(credentialProviders, { error: `must be one of ${credentialProviders.join(', ')}` });

export const saveCredentialRequestSchema = z
  .object(
    {
      secret: z
        .string({ error: required('a string') })
        .trim()
        .min(8, 'must be at least 8 characters')
        .max(500, 'must be at most 500 characters')
        // Provider keys are printable ASCII; anything else (an emoji, a lone surrogate) is a typo or a probe.
        .regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces')
        // Any provider's key shape; which one the path's provider needs is a rule between the two (422).
        .meta({ pattern: '^(duffel_(test|live)_[!-~]{8,}|sk-[!-~]{16,})$' }),
    },
    jsonObject,
  )
  .strict();

export const credentialViewSchema = z.object({
  provider: credentialProviderSchema,
  last4: z.string().describe('Last four characters of the secret; the secret itself is never returned'),
  keyVersion: z.number().int().describe('Version of the encryption key protecting it'),
  updatedAt: z.iso.datetime(),
});

export const credentialListResponseSchema = listEnvelope(credentialViewSchema);
