// zod schemas for the trip domain: validation at the edges (API, CLI, activities) with the same rules
// everywhere. Each schema is checked against its plain type in domain/trip.ts.
import { z } from 'zod';
import { ISO_DATE_SHAPE, MAX_MONEY_AMOUNT, moneyAmountProblem, roundToCents, THREE_LETTER_CODE } from '../contracts/primitives.js';
import { MAX_TRIP_YEAR, MIN_TRIP_YEAR, TRIP_YEAR_DATE_SHAPE, tripDateProblems, utcDateOf, type TripDateField } from './dates.js';
import { isoDateSchema } from '../contracts/primitiveSchemas.js';
import {
  cabinClasses,
  MAX_CLIENT_MESSAGE_ID_LENGTH,
  MAX_MESSAGE_LENGTH,
  paces,
  suggestionKinds,
  type AgentSuggestionInput,
  type Constraints,
  type Money,
  type PlaceRef,
  type SendMessageInput,
  type StayWishes,
  type TripRequest,
} from './trip.js';

/**
 * For the OpenAPI document: a string that is not blank contains a visible character. The server trims before it
 * counts, so without the pattern "   " meets the document's minLength and not the server's. U+FEFF is named
 * because JavaScript trims it while Python's `\s` (Schemathesis, many clients) does not count it as a space.
 */
export const NOT_BLANK = '[^\\s\\uFEFF]';

/** Text that is trimmed and must not be empty, at most `max` characters; the document says blanks do not count. */
export const nonBlankText = (max: number, params?: Parameters<typeof z.string>[0]) =>
  z.string(params).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).meta({ pattern: NOT_BLANK });

const isoDate = () => z.string().regex(ISO_DATE_SHAPE, 'must be a date YYYY-MM-DD');

/** Marks a zod issue as a broken rule on well-formed input: the API answers 422, not 400 (api/validation.ts). */
export const RULE_ISSUE_PARAMS = { status: 422 } as const;

export function isRuleIssue(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'custom' && (issue.params as { status?: unknown } | undefined)?.status === RULE_ISSUE_PARAMS.status;
}

/**
 * The trip-date rule (domain/dates.ts tripDateProblems) as one zod refinement for a body whose date
 * fields are called `fields.departDate` / `fields.returnDate`: each problem is an issue on that field,
 * marked as a rule issue (422). "Today" is read when a body is checked (the server's, or the browser's,
 * UTC date), never at module load. Malformed values are left to the field's own schema (400).
 */
export function tripDatesRule<Body extends object>(fields: Record<TripDateField, keyof Body & string>) {
  return (body: Body, ctx: z.RefinementCtx<Body>) => {
    const read = (field: TripDateField): string | null | undefined => {
      const value = (body as Record<string, unknown>)[fields[field]];
      return value === null || (typeof value === 'string' && ISO_DATE_SHAPE.test(value)) ? value : undefined;
    };
    const dates = { departDate: read('departDate'), returnDate: read('returnDate') };
    const changed = (['departDate', 'returnDate'] as const).filter((field) => dates[field] !== undefined);
    if (changed.length === 0) return;
    for (const problem of tripDateProblems(dates, { today: utcDateOf(new Date()), changed })) {
      ctx.addIssue({ code: 'custom', path: [fields[problem.field]], message: problem.reason, params: RULE_ISSUE_PARAMS });
    }
  };
}
const currency = () => z.string().regex(THREE_LETTER_CODE, 'must be an ISO 4217 currency code such as EUR');

export const moneySchema: z.ZodType<Money> = z
  .object({
    amount: z
      .number()
      .superRefine((amount, ctx) => {
        const problem = moneyAmountProblem(amount);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .overwrite(roundToCents)
      // The same bounds for the API's OpenAPI document (zod-to-openapi reads `.meta()`).
      .meta({ minimum: 0, maximum: MAX_MONEY_AMOUNT, multipleOf: 0.01 }),
    currency: currency(),
  })
  .strict();

export const placeRefSchema: z.ZodType<PlaceRef> = z
  .object({ city: z.string().min(1).max(120), iata: z.string().regex(THREE_LETTER_CODE, 'must be a 3-letter IATA code') })
  .strict();

export const stayWishesSchema: z.ZodType<StayWishes> = z
  .object({
    needed: z.boolean(),
    maxPerNight: moneySchema.nullable(),
    minStars: z.number().int().min(1).max(5).nullable(),
    near: nonBlankText(80).nullable(),
    cheapest: z.boolean(),
  })
  .strict();

export const tripRequestSchema: z.ZodType<TripRequest> = z
  .object({
    origin: placeRefSchema.nullable(),
    destination: placeRefSchema.nullable(),
    departDate: isoDate().nullable(),
    returnDate: isoDate().nullable(),
    adults: z.number().int().min(1).max(9),
    children: z.number().int().min(0).max(9),
    budget: moneySchema.nullable(),
    cabinClass: z.enum(cabinClasses),
    interests: z.array(z.string().min(1).max(40)).max(20),
    alsoVisiting: z.array(placeRefSchema).max(5).optional(),
    maxStops: z.number().int().min(0).max(3).nullable().optional(),
    stay: stayWishesSchema.optional(),
  })
  .strict();

const constraintsShape = {
  departDate: isoDate().nullable(),
  returnDate: isoDate().nullable(),
  budget: moneySchema.nullable(),
  adults: z.number().int().min(1).max(9),
  children: z.number().int().min(0).max(9),
  cabinClass: z.enum(cabinClasses),
  interests: z.array(nonBlankText(40)).max(20),
  pace: z.enum(paces),
  maxStops: z.number().int().min(0).max(3).nullable(),
  stay: stayWishesSchema,
};

/** Constraints plus `extra` fields about the change (e.g. its `baseVersion`), which do not count as a constraint. */
export function constraintsSchemaWith<Extra extends z.ZodRawShape>(extra: Extra) {
  return z
    .object({ ...constraintsShape, ...extra })
    .partial()
    .strict()
    .refine((value) => Object.keys(value).some((key) => key in constraintsShape), 'at least one constraint is required')
    .superRefine(tripDatesRule({ departDate: 'departDate', returnDate: 'returnDate' }))
    // "One constraint is present" in the schema itself (an extra field such as baseVersion does not count).
    .meta({ anyOf: Object.keys(constraintsShape).map((field) => ({ required: [field] })) });
}

export const constraintsSchema: z.ZodType<Constraints> = constraintsSchemaWith({});

/** The trip version a change was made against (state `version`): a collision with a change since is a 409. */
export const baseVersionSchema = z
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .optional()
  .meta({
    description:
      'The trip state `version` this change was made against. If a change applied since touches the same fields (dates, travelers, budget, destination, selected flight or stay…), ' +
      'this one is refused with 409 naming that change instead of overwriting it. Absent: applied to the trip as it is then.',
  });

/** The sender's id for a message: makes re-sending it safe, and names its turn (status, reply). */
export const clientMessageIdSchema = z
  .string()
  .min(1)
  .max(MAX_CLIENT_MESSAGE_ID_LENGTH)
  .regex(/^[\w.:-]+$/, 'may contain letters, digits, . _ : - only');

/**
 * "Today" for the request parser's relative dates; it reads dates near this one, so the trip years hold.
 * The JSON Schema states the trip-year pattern (a generator would show only the first regex, any year's).
 */
export const referenceDateSchema = isoDateSchema
  .regex(TRIP_YEAR_DATE_SHAPE, `must be a date between ${MIN_TRIP_YEAR} and ${MAX_TRIP_YEAR}`)
  .meta({ pattern: TRIP_YEAR_DATE_SHAPE.source });

export const MAX_PARSE_TEXT_LENGTH = 2_000;

/**
 * POST /api/plan/parse's body: the route validates with it and the OpenAPI document is built from it
 * (api/openapi/platform.ts), so the two cannot disagree.
 */
export const planParseRequestSchema = z
  .object(
    {
      text: nonBlankText(MAX_PARSE_TEXT_LENGTH, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }),
      referenceDate: referenceDateSchema
        .meta({ description: `"Today" for relative dates (a date between ${MIN_TRIP_YEAR} and ${MAX_TRIP_YEAR}); the server's date when omitted.` })
        .optional(),
    },
    { error: 'must be a JSON object' },
  )
  .strict();

/** What a traveler writes to the planner. */
export const messageTextSchema = nonBlankText(MAX_MESSAGE_LENGTH);

export const sendMessageSchema: z.ZodType<SendMessageInput> = z
  .object({
    text: messageTextSchema,
    clientMessageId: clientMessageIdSchema,
  })
  .strict();

export const agentSuggestionSchema: z.ZodType<AgentSuggestionInput> = z
  .object({
    source: z.string().min(1).max(100),
    kind: z.enum(suggestionKinds),
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
