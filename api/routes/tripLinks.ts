// A trip outside the app: its calendar (.ics) and revocable links for people without an account.
// Authenticated, mounted at /api/trips (after protect(ctx)):
//   GET    /:id/calendar.ics       the trip as iCalendar                      read
//   GET    /:id/links              calendar/share links (no tokens)           admin
//   POST   /:id/links {kind}       a new link; its token is in the URL, once  admin
//   DELETE /:id/links/:linkId      revoke                                     admin
// Public, mounted at /api/shared (the token is the credential; an unknown or revoked one is a 404):
//   GET    /:token                 read-only trip (share links only)
//   GET    /:token/calendar.ics    the trip as iCalendar (calendar and share links)
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/tripLinks.ts
// (tripLinkRoutes, sharedTripRoutes); this module gives each its handler.
import { randomBytes } from 'node:crypto';
import type { Response, Router } from 'express';
import { loadPlaces } from '../../domain/places.js';
import type { FlightSegment, TripState } from '../../domain/trip.js';
import type { Trip, TripLink } from '../../infra/db.js';
import { audit } from '../audit.js';
import { authorizeTrip } from '../auth/authorize.js';
import { principalOf } from '../auth/principal.js';
import { hashToken } from '../auth/tokens.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { idParams } from '../../contracts/common.js';
import { parseRequest } from '../validation.js';
import { sharedTripRoutes, tripLinkRoutes } from '../openapi/tripLinks.js';
import { wholeList } from '../../contracts/list.js';
import { createTripLinkSchema, linkTokenParams, tripLinkParams } from '../../contracts/tripLinks.js';
import { chosenOffers, tripCalendar } from '../tripCalendar.js';
import { readTripState } from '../trips/stateCache.js';

const TOKEN_BYTES = 32;

export function createTripLinksRouter(ctx: ApiContext): Router {
  const { prisma } = ctx;

  return tripLinkRoutes.router({
    getTripCalendar: async (req, res) => {
      const { id } = parseRequest(idParams, req.params, 'params');
      const trip = await authorizeTrip(prisma, principalOf(req), id, 'read');
      await sendCalendar(ctx, res, trip, `${ctx.config.PUBLIC_URL}/trips/${trip.id}`);
    },

    listTripLinks: async (req, res) => {
      const { id } = parseRequest(idParams, req.params, 'params');
      const trip = await authorizeTrip(prisma, principalOf(req), id, 'admin');
      const links = await prisma.tripLink.findMany({ where: { tripId: trip.id }, orderBy: { createdAt: 'desc' } });
      res.json(wholeList(links.map(linkView)));
    },

    createTripLink: async (req, res) => {
      const { id } = parseRequest(idParams, req.params, 'params');
      const trip = await authorizeTrip(prisma, principalOf(req), id, 'admin');
      const { kind } = parseRequest(createTripLinkSchema, req.body, 'body');
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const link = await prisma.tripLink.create({ data: { tripId: trip.id, kind, tokenHash: hashToken(token), createdById: principalOf(req).userId } });
      await audit(ctx, req, { action: `link.create`, targetType: 'trip_link', targetId: link.id, tripId: trip.id, details: { kind } });
      const api = `${ctx.config.PUBLIC_URL}/api/shared/${token}`;
      res
        .status(201)
        .location(`${req.baseUrl}/${trip.id}/links`)
        .json({ ...linkView(link), url: kind === 'share' ? `${ctx.config.PUBLIC_URL}/shared/${token}` : `${api}/calendar.ics`, calendarUrl: `${api}/calendar.ics` });
    },

    revokeTripLink: async (req, res) => {
      const { id, linkId } = parseRequest(tripLinkParams, req.params, 'params');
      const trip = await authorizeTrip(prisma, principalOf(req), id, 'admin');
      const revoked = await prisma.tripLink.updateMany({ where: { id: linkId, tripId: trip.id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (revoked.count === 0 && !(await prisma.tripLink.findFirst({ where: { id: linkId, tripId: trip.id }, select: { id: true } }))) {
        throw new HttpError(404, 'Not Found', 'No such link on this trip.');
      }
      if (revoked.count > 0) await audit(ctx, req, { action: 'link.revoke', targetType: 'trip_link', targetId: linkId, tripId: trip.id });
      res.status(204).end();
    },
  });
}

export function createSharedTripRouter(ctx: ApiContext): Router {
  /** The link and its trip for a presented token, or 404 (unknown, revoked, or not this kind). */
  async function linkFor(token: string, kinds: TripLink['kind'][]): Promise<{ link: TripLink; trip: Trip }> {
    const link = await ctx.prisma.tripLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { trip: true } });
    if (!link || link.revokedAt || !kinds.includes(link.kind)) throw new HttpError(404, 'Not Found', 'This link does not exist or was revoked.');
    void ctx.prisma.tripLink.update({ where: { id: link.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
    return { link, trip: link.trip };
  }

  return sharedTripRoutes.router({
    getSharedTrip: async (req, res) => {
      const { token } = parseRequest(linkTokenParams, req.params, 'params');
      const { trip } = await linkFor(token, ['share']);
      const { state } = await readTripState(ctx, trip);
      res.set('Cache-Control', 'private, no-store').json({ ...sharedTrip(trip, state), calendarUrl: `${ctx.config.PUBLIC_URL}/api/shared/${token}/calendar.ics` });
    },

    getSharedTripCalendar: async (req, res) => {
      const { token } = parseRequest(linkTokenParams, req.params, 'params');
      const { trip } = await linkFor(token, ['share', 'calendar']);
      await sendCalendar(ctx, res, trip);
    },
  });
}

async function sendCalendar(ctx: ApiContext, res: Response, trip: Trip, tripUrl?: string): Promise<void> {
  const { state } = await readTripState(ctx, trip);
  const body = tripCalendar({ tripId: trip.id, title: trip.title, state, places: await loadPlaces(), ...(tripUrl && { tripUrl }) });
  res
    .set('Cache-Control', 'private, no-cache')
    .set('Content-Disposition', `inline; filename="${fileNameOf(trip.title)}.ics"`)
    .type('text/calendar; charset=utf-8')
    .send(body);
}

/** A safe ASCII file name from a trip title ("Trip to Lisbon" → "trip-to-lisbon"). */
export function fileNameOf(title: string): string {
  return title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-').slice(0, 60) || 'trip';
}

function linkView(link: TripLink) {
  return { id: link.id, kind: link.kind, createdAt: link.createdAt.toISOString(), lastUsedAt: link.lastUsedAt?.toISOString() ?? null, revokedAt: link.revokedAt?.toISOString() ?? null };
}

/** What a share link shows: the trip's places, dates and days; never who travels, the budget, the chat or bookings' references. */
function sharedTrip(trip: Trip, state: TripState) {
  const { request, plan } = state;
  const { flight, stay, booked } = chosenOffers(state);
  const segment = (leg: FlightSegment) => ({ flightNumber: leg.flightNumber, carrier: leg.carrier.name, origin: leg.origin, destination: leg.destination, departAt: leg.departAt, arriveAt: leg.arriveAt, durationMinutes: leg.durationMinutes });
  const place = (ref: TripState['request']['origin']) => (ref ? { city: ref.city, iata: ref.iata } : null);
  return {
    title: trip.title,
    destination: place(request.destination),
    origin: place(request.origin),
    departDate: request.departDate,
    returnDate: request.returnDate,
    travelers: { adults: request.adults, children: request.children },
    flight: flight && { cabinClass: flight.cabinClass, booked: booked.flight, outbound: flight.outbound.map(segment), inbound: flight.inbound.map(segment) },
    stay: stay && { name: stay.name, checkIn: stay.checkIn, checkOut: stay.checkOut, nights: stay.nights, latitude: stay.latitude, longitude: stay.longitude, booked: booked.stay },
    itinerary: plan?.itinerary ?? [],
  };
}
