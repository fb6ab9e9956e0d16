// Schemas of a trip's calendar export and its revocable links (api/routes/tripLinks.ts).
import { dateTimeSchema, orNull, uuidSchema, z } from './common.js';
import { cabinClasses } from '../domain/trip.js';
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
