// Schemas of a trip's calendar export and its revocable links (api/routes/tripLinks.ts).
import { dateTimeSchema, idParams, json, jsonBody, orNull, problems, sessionOrKey, uuidSchema, z, type OpenApiRegistration } from './common.js';
import { listEnvelope } from './list.js';
import { cabinClasses } from '../../domain/trip.js';
import { itineraryDayView } from './tripState.js';

export const tripLinkKinds = ['calendar', 'share'] as const;

export const createTripLinkSchema = z
  .object({
    kind: z.enum(tripLinkKinds).openapi({ description: '`calendar`: a subscription URL serving only the trip\'s .ics; `share`: a read-only view of the trip (no personal data) plus the .ics.' }),
  })
  .strict()
  .openapi('CreateTripLink');

export const tripLinkParams = z.object({ id: uuidSchema, linkId: uuidSchema }).strict();

/** Tokens are 32 random bytes, base64url. */
export const linkTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a link token') }).strict();

export const tripLinkView = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    kind: z.enum(tripLinkKinds),
    createdAt: dateTimeSchema,
    lastUsedAt: orNull(dateTimeSchema),
    revokedAt: orNull(dateTimeSchema),
  })
  .openapi('TripLink');

export const createdTripLinkView = tripLinkView
  .extend({
    url: z.string().openapi({ format: 'uri', description: 'The link to hand out. Shown only now: only a hash of its token is stored.' }),
    calendarUrl: z.string().openapi({ format: 'uri', description: 'The .ics behind the link (for a calendar app\'s "subscribe by URL").' }),
  })
  .openapi('CreatedTripLink');

const sharedSegment = z.object({ flightNumber: z.string(), carrier: z.string(), origin: z.string(), destination: z.string(), departAt: z.string(), arriveAt: z.string(), durationMinutes: z.number().int() });

export const sharedTripView = z
  .object({
    title: z.string(),
    destination: orNull(z.object({ city: z.string(), iata: z.string() })),
    origin: orNull(z.object({ city: z.string(), iata: z.string() })),
    departDate: orNull(z.string()),
    returnDate: orNull(z.string()),
    travelers: z.object({ adults: z.number().int(), children: z.number().int() }),
    flight: orNull(z.object({ cabinClass: z.enum(cabinClasses), booked: z.boolean(), outbound: z.array(sharedSegment), inbound: z.array(sharedSegment) })),
    stay: orNull(z.object({ name: z.string(), checkIn: z.string(), checkOut: z.string(), nights: z.number().int(), latitude: z.number(), longitude: z.number(), booked: z.boolean() })),
    itinerary: z.array(itineraryDayView),
    calendarUrl: z.string().openapi({ format: 'uri' }),
  })
  .openapi('SharedTrip', { description: 'A trip as a share link shows it: places, dates, the chosen flight and stay, the days. No names, e-mails, budget, chat or booking references.' });

export type TripLinkView = z.infer<typeof tripLinkView>;
export type CreatedTripLinkView = z.infer<typeof createdTripLinkView>;
export type SharedTripView = z.infer<typeof sharedTripView>;

const ics = (description: string) => ({ description, content: { 'text/calendar': { schema: z.string().openapi({ description: 'RFC 5545 iCalendar' }) } } });

export const registerTripLinksOpenApi: OpenApiRegistration = (registry) => {
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/calendar.ics',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'The trip as an iCalendar file',
    description: 'Read access (`trips:read`). Flights at local times with their time zones (VTIMEZONE), the stay as all-day dates, each itinerary day and its timed activities. A confirmed booking\'s flight and stay win over the plan\'s picks.',
    request: { params: idParams },
    responses: { 200: ics('The calendar.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429], 503: problems[503] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/trips/{id}/links',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'The trip\'s calendar and share links (without their tokens)',
    description: 'Admin role on the trip (`trips:write` for a key).',
    request: { params: idParams },
    responses: { 200: json(listEnvelope(tripLinkView).openapi('TripLinkList'), 'Links, newest first, revoked ones included.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/trips/{id}/links',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'Create a calendar subscription or a read-only share link',
    description: 'Admin role on the trip (`trips:write` for a key). The token is in the returned URL only; store it, it is not shown again.',
    request: { params: idParams, body: jsonBody(createTripLinkSchema) },
    responses: { 201: json(createdTripLinkView, 'Created.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/trips/{id}/links/{linkId}',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'Revoke a link (it answers 404 from now on)',
    request: { params: tripLinkParams },
    responses: { 204: { description: 'Revoked (also when it already was).' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/shared/{token}',
    tags: ['Shared'],
    security: [],
    summary: 'A trip through its share link (no sign-in)',
    request: { params: linkTokenParams },
    responses: { 200: json(sharedTripView, 'The read-only trip.'), 400: problems[400], 404: problems[404], 429: problems[429] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/shared/{token}/calendar.ics',
    tags: ['Shared'],
    security: [],
    summary: 'The trip\'s calendar through a calendar or share link (no sign-in)',
    request: { params: linkTokenParams },
    responses: { 200: ics('The calendar.'), 400: problems[400], 404: problems[404], 429: problems[429] },
  });
};
