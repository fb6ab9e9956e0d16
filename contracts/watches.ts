// Request and response schemas of /api/watches: price watches on a flight route or a stay, each a
// `priceWatchWorkflow`. Request bodies are strict (unknown fields are a 400 naming the field).
import { watchStatuses, type WatchState } from '../domain/priceWatch.js';
import { cabinClasses } from '../domain/trip.js';
import { nonBlankText, RULE_ISSUE_PARAMS } from '../domain/schemas.js';
import {
  atLeastOneField,
  bigintIdSchema,
  cursorQuery,
  dateTimeSchema,
  intQuery,
  nonNullProperty,
  orNull,
  uuidSchema,
  z,
} from './common.js';
import { iataCodeSchema, isoDateSchema } from './primitiveSchemas.js';
import { listEnvelope } from './list.js';
import { moneyView } from './tripState.js';

const price = z.number().positive('must be above 0').max(1_000_000, 'must be at most 1000000');
const percent = z.number().positive('must be above 0').max(95, 'must be at most 95');

export const flightWatchTargetSchema = z
  .object({
    kind: z.literal('flight'),
    origin: iataCodeSchema,
    destination: iataCodeSchema,
    departDate: isoDateSchema,
    returnDate: isoDateSchema.nullable().default(null),
    cabinClass: z.enum(cabinClasses).default('economy'),
    adults: z.number().int().min(1).max(9).default(1),
    children: z.number().int().min(0).max(8).default(0),
  })
  .strict()
  .refine((target) => !target.returnDate || target.returnDate >= target.departDate, { message: 'must not be before departDate', path: ['returnDate'], params: RULE_ISSUE_PARAMS })
  .openapi('FlightWatchTarget', { description: 'A `returnDate` before `departDate` is a 422 (a rule between two fields, which the schema cannot state).' });

export const stayWatchTargetSchema = z
  .object({
    kind: z.literal('stay'),
    cityCode: iataCodeSchema,
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    checkIn: isoDateSchema,
    checkOut: isoDateSchema,
    adults: z.number().int().min(1).max(9).default(1),
    children: z.number().int().min(0).max(8).default(0),
    rooms: z.number().int().min(1).max(9).default(1),
    hotelName: nonBlankText(200).nullable().optional().openapi({ description: 'Watch one hotel; the cheapest in the city when omitted.' }),
  })
  .strict()
  .refine((target) => target.checkOut > target.checkIn, { message: 'must be after checkIn', path: ['checkOut'], params: RULE_ISSUE_PARAMS })
  .openapi('StayWatchTarget', { description: 'A `checkOut` not after `checkIn` is a 422 (a rule between two fields, which the schema cannot state).' });

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM');

export const anyFlightCriteriaSchema = z
  .object({
    maxStops: z.number().int().min(0).max(3).nullable().optional().openapi({ description: '0 = nonstop only.' }),
    maxDurationMinutes: z.number().int().min(30).max(7 * 24 * 60).nullable().optional().openapi({ description: 'Total flying time of outbound and inbound, minutes.' }),
    departAfter: localTime.nullable().optional().openapi({ description: 'Outbound departs at or after this local time.' }),
    departBefore: localTime.nullable().optional().openapi({ description: 'Outbound departs at or before this local time.' }),
  })
  .strict()
  .openapi('AnyFlightCriteria');

const criteria = {
  targetPrice: price.nullable().optional().openapi({ description: 'Alert at or below this total price.' }),
  dropPercent: percent.nullable().optional().openapi({ description: 'Alert when the price is this many percent below the first price seen.' }),
};

export const createWatchSchema = z
  .object({
    tripId: uuidSchema.nullable().optional().openapi({ description: 'Attach to a trip you may write: alerts then stream to the trip, and "book now" books for it.' }),
    offerId: z.string().min(1).max(200).optional().openapi({ description: 'Watch exactly this flight of the trip\'s plan (`plan.flightOptions[].id`; needs `tripId`, no `target`): same carriers, flight numbers, departures and cabin.' }),
    target: z.discriminatedUnion('kind', [flightWatchTargetSchema, stayWatchTargetSchema]).optional().openapi({ description: 'What to watch when not watching an offer: any flight on the route (narrowed by `anyFlight`) or a stay.' }),
    anyFlight: anyFlightCriteriaSchema.optional().openapi({ description: 'A flight target: watch the cheapest flight on the route meeting these criteria.' }),
    ...criteria,
    currency: iataCodeSchema.optional().openapi({ description: 'Currency of targetPrice (ISO 4217); the first quote\'s when omitted.' }),
    cadenceMinutes: z.number().positive().max(7 * 24 * 60, 'must be at most 10080 (a week)').optional().openapi({ description: 'Minutes between checks (default 360); the server\'s minimum applies.' }),
    webhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000).nullable().optional().openapi({ description: 'Alerts are POSTed here, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature; see docs/webhooks.md). Public hosts only.' }),
  })
  .strict()
  .refine((value) => (value.targetPrice ?? null) !== null || (value.dropPercent ?? null) !== null, { message: 'set a targetPrice, a dropPercent or both', path: ['targetPrice'] })
  .openapi('CreatePriceWatch', { anyOf: [nonNullProperty('targetPrice', 'number'), nonNullProperty('dropPercent', 'number')] });
export type CreateWatchBody = z.output<typeof createWatchSchema>;

export const changeWatchSchema = atLeastOneField(
  z.object({ ...criteria, cadenceMinutes: z.number().positive().max(7 * 24 * 60, 'must be at most 10080 (a week)').optional() }).strict(),
).openapi('ChangePriceWatch');

export const watchParams = z.object({ id: uuidSchema.openapi({ param: { description: 'Watch id' } }) }).strict();

export const listWatchesQuery = z.object({ tripId: uuidSchema.optional(), status: z.enum(watchStatuses).optional() }).strict();

export const pointsQuery = z
  .object({
    cursor: cursorQuery,
    limit: intQuery(1, 1000).optional(),
  })
  .strict();

export const bookFromWatchSchema = z
  .object({ pointId: bigintIdSchema('a point id').optional().openapi({ description: 'The quote to book; the last alert\'s (else the latest) when omitted.' }) })
  .strict()
  .openapi('BookFromWatch');

const segmentIdentityView = z.object({ carrierCode: z.string(), flightNumber: z.string(), origin: z.string(), destination: z.string(), departAt: z.string().openapi({ description: 'Local time at the origin.' }) });
const flightIdentityView = z.object({ cabinClass: z.enum(cabinClasses), outbound: z.array(segmentIdentityView), inbound: z.array(segmentIdentityView) }).openapi('FlightIdentity');
export const quotedFlightView = z
  .object({ cabinClass: z.enum(cabinClasses), outbound: z.array(segmentIdentityView), inbound: z.array(segmentIdentityView), offerId: z.string(), summary: z.string() })
  .openapi('QuotedFlight', { description: 'The flight a price quotes: carriers, flight numbers, local departures, and the provider offer id.' });
const watchMatchView = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('exact'), flight: flightIdentityView }),
    z.object({ mode: z.literal('any'), criteria: z.object({ maxStops: z.number().int().nullable().optional(), maxDurationMinutes: z.number().int().nullable().optional(), departAfter: z.string().nullable().optional(), departBefore: z.string().nullable().optional() }) }),
  ])
  .openapi('WatchMatch', { description: '`exact`: only the flight the watch was created from; `any`: the cheapest flight on the route meeting the criteria.' });

const watchAlertView = z.object({
  alertId: z.string(),
  reason: z.enum(['threshold', 'new-low']),
  price: moneyView,
  threshold: z.number(),
  observedAt: dateTimeSchema,
  offerId: z.string().optional(),
  flight: orNull(quotedFlightView).optional(),
});

export const watchStateView: z.ZodType<WatchState> = z
  .object({
    watchId: uuidSchema,
    userId: uuidSchema,
    tripId: uuidSchema.nullable(),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('flight'), origin: z.string(), destination: z.string(), departDate: z.string(), returnDate: z.string().nullable(), cabinClass: z.enum(cabinClasses), adults: z.number().int(), children: z.number().int() }),
      z.object({
        kind: z.literal('stay'),
        cityCode: z.string(),
        latitude: z.number(),
        longitude: z.number(),
        checkIn: z.string(),
        checkOut: z.string(),
        adults: z.number().int(),
        children: z.number().int(),
        rooms: z.number().int(),
        hotelName: z.string().nullable().optional(),
      }),
    ]),
    match: watchMatchView,
    status: z.enum(watchStatuses),
    targetPrice: z.number().nullable(),
    dropPercent: z.number().nullable(),
    referencePrice: z.number().nullable(),
    currency: z.string().nullable(),
    cadenceMinutes: z.number(),
    webhookUrl: z.string().nullable(),
    realertDropPercent: z.number(),
    expiresAt: dateTimeSchema,
    nextGridAt: dateTimeSchema,
    nextCheckAt: dateTimeSchema,
    checks: z.number().int(),
    failedChecks: z.number().int(),
    notOfferedChecks: z.number().int(),
    runs: z.number().int(),
    lastPrice: z.object({ price: moneyView, offerId: z.string(), observedAt: dateTimeSchema, summary: z.string(), flight: orNull(quotedFlightView).optional() }).nullable(),
    lowestPrice: orNull(moneyView),
    armed: z.boolean(),
    lastAlert: watchAlertView.nullable(),
    alerts: z.number().int(),
    webhook: z.object({ delivered: z.number().int(), failed: z.number().int(), lastError: z.string().nullable() }),
    lastError: z.string().nullable(),
    recent: z.array(z.object({ at: dateTimeSchema, amount: z.number() })),
  })
  .openapi('PriceWatch', { description: 'The watch workflow\'s state (its `getWatch` query).' });

export const createdWatchView = z
  .object({ watch: watchStateView, webhookSecret: z.string().nullable().openapi({ description: 'The webhook signing secret, shown this once (null without a webhook).' }) })
  .openapi('CreatedPriceWatch');

export const watchSummaryView = z
  .object({
    watchId: uuidSchema,
    tripId: uuidSchema.nullable(),
    kind: z.enum(['flight', 'stay']),
    status: z.enum(watchStatuses),
    origin: z.string().nullable(),
    destination: z.string(),
    departDate: z.string().openapi({ format: 'date' }),
    returnDate: z.string().nullable().openapi({ format: 'date' }),
    cabinClass: z.string().nullable(),
    adults: z.number().int(),
    targetPrice: z.number().nullable(),
    dropPercent: z.number().nullable(),
    currency: z.string(),
    cadenceMinutes: z.number().int(),
    mode: z.enum(['exact', 'any']).openapi({ description: '`exact`: one flight (created from an offer); `any`: the cheapest meeting the criteria.' }),
    lastPrice: z.number().nullable(),
    lastAlertPrice: z.number().nullable(),
    hasWebhook: z.boolean(),
    expiresAt: dateTimeSchema.nullable(),
    createdAt: dateTimeSchema,
  })
  .openapi('PriceWatchSummary');
export type WatchSummaryView = z.output<typeof watchSummaryView>;

export const watchListView = listEnvelope(watchSummaryView).openapi('PriceWatchList');

export const pricePointView = z
  .object({
    id: z.string(),
    observedAt: dateTimeSchema,
    offered: z.boolean().openapi({ description: 'False when the watched flight was not offered on this check (no price).' }),
    price: orNull(moneyView),
    offerId: z.string().nullable(),
    summary: z.string().nullable(),
    flight: orNull(quotedFlightView).openapi({ description: 'The flight this price quotes (null for stays and not-offered checks).' }),
  })
  .openapi('PricePoint');

export const pricePointPageView = listEnvelope(pricePointView).openapi('PricePointPage');
