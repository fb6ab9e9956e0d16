// Shared pieces of the request/response contracts (zod, imported by the API, the worker and the web client):
// zod extended with `.openapi()` metadata (this module runs `extendZodWithOpenApi` before any schema that
// imports `z` from here is built; the browser build aliases the extension to a no-op, see
// web/src/lib/zodOpenApiShim.ts) and the reusable field schemas. Registering OpenAPI paths is the API's
// job (api/openapi/).
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

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

// ---- Reusable field schemas ----

/** An `Idempotency-Key` header value: 1 to 200 visible ASCII characters (api/idempotency.ts enforces it). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export const uuidSchema = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID').openapi({ format: 'uuid' });

/** PostgreSQL bigint's largest value: a larger id is no id, not a 500. */
export const MAX_BIGINT_ID = 9_223_372_036_854_775_807n;

/** A bigint row id as a decimal string (price points, messages), within PostgreSQL's bigint range. */
export const bigintIdSchema = (what: string) =>
  z
    .string()
    .regex(/^\d{1,19}$/, `must be ${what}`)
    .refine((id) => BigInt(id) <= MAX_BIGINT_ID, `must be ${what} (at most ${MAX_BIGINT_ID})`);

/**
 * `schema | null` for response schemas. Prefer it over `.nullable()` on a named schema: the generator
 * renders a nullable reference as `allOf [ref, {type: [object, null]}]`, which null does not satisfy.
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}

/**
 * A partial-update body must change something: an empty object is refused with "at least one field is
 * required", and the document says so as `minProperties: 1` (so generated bodies keep to it). Name the
 * result with `.openapi(refId, …)` as usual; the two metadata merge.
 */
export function atLeastOneField<T extends z.ZodObject>(schema: T, options: { besides?: readonly string[] } = {}): T {
  const besides = new Set(options.besides ?? []);
  const fields = Object.keys(schema.shape).filter((field) => !besides.has(field));
  return schema
    .refine((value) => Object.keys(value).some((field) => !besides.has(field)), 'at least one field is required')
    // With fields that do not count (a change's baseVersion), "one of the others is present" in the schema itself.
    .openapi(besides.size === 0 ? { minProperties: 1 } : { anyOf: fields.map((field) => ({ required: [field] })) });
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
