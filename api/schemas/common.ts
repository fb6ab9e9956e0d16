// Shared pieces of the API's request/response schemas: zod extended for OpenAPI (this module runs
// `extendZodWithOpenApi` before any schema that imports `z` from here is built), request validation that
// turns zod issues into 400 problem+json field errors, and the OpenAPI building blocks every route uses.
import { extendZodWithOpenApi, type OpenAPIRegistry, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { isRuleIssue } from '../../domain/schemas.js';
import { HttpError } from '../errors.js';
import { IDEMPOTENCY_KEY } from '../idempotency.js';
import { fieldProblems } from './problems.js';

export { fieldProblems };

extendZodWithOpenApi(z);

export { z };

/** Adds this module's schemas and paths to the document (see api/openapi.ts). */
export type OpenApiRegistration = (registry: OpenAPIRegistry) => void;

type OpenApiMethod = (this: z.ZodType, refId: string) => z.ZodType;

/**
 * Names a schema that was built before zod was extended (domain/schemas.ts is imported by code that
 * never loads this module): zod 4 copies methods onto each instance at construction, so such schemas
 * lack `.openapi()`. The prototype method clones the schema with the metadata; the clone validates
 * exactly like the original.
 */
export function named<T extends z.ZodType>(schema: T, refId: string): T {
  const openapi = (z.ZodType.prototype as unknown as { openapi: OpenApiMethod }).openapi;
  return openapi.call(schema, refId) as T;
}

// ---- Validation ----

const WHERE = { body: 'Invalid request body', query: 'Invalid query parameters', params: 'Invalid path parameters' } as const;

/**
 * Parses `value` or throws problem+json with one {field, reason} per issue (each unknown field by name):
 * 400, or 422 when the input is well-formed and only breaks a domain rule (the trip-date rule).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: keyof typeof WHERE): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  if (result.error.issues.every(isRuleIssue)) {
    throw new HttpError(422, 'Unprocessable Content', 'The input breaks a rule: `errors` names each field and why.', fieldProblems(result.error, where));
  }
  throw new HttpError(400, 'Bad Request', WHERE[where], fieldProblems(result.error, where));
}

// ---- Reusable field schemas ----

export const uuidSchema = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID').openapi({ format: 'uuid' });

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** PostgreSQL bigint's largest value: a larger id is no id, not a 500. */
export const MAX_BIGINT_ID = 9_223_372_036_854_775_807n;

/** A bigint row id as a decimal string (price points, messages), within PostgreSQL's bigint range. */
export const bigintIdSchema = (what: string) =>
  z
    .string()
    .regex(/^\d{1,19}$/, `must be ${what}`)
    .refine((id) => BigInt(id) <= MAX_BIGINT_ID, `must be ${what} (at most ${MAX_BIGINT_ID})`);

export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'must be a real calendar date')
  .openapi({ format: 'date', example: '2027-03-05' });

/**
 * `schema | null` for response schemas. Prefer it over `.nullable()` on a named schema: the generator
 * renders a nullable reference as `allOf [ref, {type: [object, null]}]`, which null does not satisfy.
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}

/**
 * For an object schema's `anyOf`: "this property is present and not null" (a rule like "set a
 * targetPrice, a dropPercent or both" written in the schema, so generated bodies keep to it).
 */
export function nonNullProperty(name: string, type: 'string' | 'number') {
  return { required: [name], properties: { [name]: { type } } };
}

/** The optional `Idempotency-Key` request header, with the shape api/idempotency.ts accepts (else a 400). */
export const idempotencyKeyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .regex(IDEMPOTENCY_KEY, 'must be 1 to 200 visible ASCII characters')
    .optional()
    .openapi({ description: 'Makes a retry safe: the same key answers the resource the first attempt created.' }),
});

export const dateTimeSchema = z.string().openapi({ format: 'date-time', example: '2026-11-23T10:15:00.000Z' });

/** A positive integer query parameter (query strings carry text). */
export const intQuery = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { error: `must be an integer from ${min} to ${max}`, abort: true })
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be an integer from ${min} to ${max}`)
    .openapi({ type: 'integer', minimum: min, maximum: max });

/** Opaque: a page's `nextCursor`, passed back as it came (anything else this API did not write is a 422). */
export const cursorQuery = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]*$/, 'is not a cursor from a previous page')
  .optional()
  .openapi({ description: '`nextCursor` of the previous page, as it came: a value this API did not issue is a 422.' });

export const idParams = z.object({ id: uuidSchema.openapi({ param: { description: 'Trip id' } }) }).strict();

// ---- OpenAPI building blocks ----

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'about:blank' }),
    title: z.string().openapi({ example: 'Bad Request' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional().openapi({ description: 'One entry per invalid or unknown field.' }),
    instance: z.string(),
    requestId: z.string(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' });

export const SECURITY = {
  /** A traveler's session (JWT access token). */
  bearer: 'bearerAuth',
  /** An AI agent's API key. */
  apiKey: 'apiKeyAuth',
} as const;

type SecurityRequirements = Record<string, string[]>[];

/** Routes open to a traveler's session and to API keys holding the named scope. */
export const sessionOrKey: SecurityRequirements = [{ [SECURITY.bearer]: [] }, { [SECURITY.apiKey]: [] }];
/** Routes only a signed-in traveler (not an API key) may call. */
export const sessionOnly: SecurityRequirements = [{ [SECURITY.bearer]: [] }];

const problem = (description: string): ResponseConfig => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

export const problems = {
  400: problem('Invalid input: `errors` lists each field, including every unknown field.'),
  401: problem('Missing or invalid credentials.'),
  403: problem('The API key lacks the scope, or the caller\'s role on the trip does not allow this.'),
  404: problem('No such resource, or the caller may not see it (never distinguished).'),
  409: problem('The resource\'s state does not allow this (e.g. the trip is archived).'),
  413: problem('The request body is larger than 64 KiB.'),
  415: problem('The request has a body that is not `application/json`.'),
  422: problem(
    'The input has the documented shape but breaks a rule the schema can only state in words (a date in the past, a date ' +
      'before another, a cursor this API did not issue, …; see the operation\'s description): `errors` names the field and reason.',
  ),
  429: problem('Rate limit exceeded; retry after `Retry-After` seconds.'),
  503: problem('A service the request needs (e.g. the workflow service) is unavailable; retry after `Retry-After` seconds.'),
} as const;

export function json(schema: z.ZodType, description: string): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody(schema: z.ZodType): NonNullable<RouteConfig['request']>['body'] {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Registers a problem component and the shared error responses once per document. */
export const registerCommonOpenApi: OpenApiRegistration = (registry) => {
  registry.register('Problem', problemSchema);
};
