import { idParams, z } from '../../contracts/common.js';
import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, sessionOrKey } from './common.js';
import { createTripLinkSchema, createdTripLinkView, linkTokenParams, sharedTripView, tripLinkParams, tripLinkView } from '../../contracts/tripLinks.js';
import { listEnvelope } from '../../contracts/list.js';

const ics = (description: string) => ({ description, content: { 'text/calendar': { schema: z.string().openapi({ description: 'RFC 5545 iCalendar' }) } } });

/** A trip's calendar and links under /api/trips: api/routes/tripLinks.ts gives each its handler. */
export const tripLinkRoutes = defineRoutes('/api/trips', {
  getTripCalendar: {
    method: 'get',
    path: '/api/trips/{id}/calendar.ics',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'The trip as an iCalendar file',
    description: 'Read access (`trips:read`). Flights at local times with their time zones (VTIMEZONE), the stay as all-day dates, each itinerary day and its timed activities. A confirmed booking\'s flight and stay win over the plan\'s picks.',
    request: { params: idParams },
    responses: { 200: ics('The calendar.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429], 503: problems[503] },
  },
  listTripLinks: {
    method: 'get',
    path: '/api/trips/{id}/links',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'The trip\'s calendar and share links (without their tokens)',
    description: 'Admin role on the trip (`trips:write` for a key).',
    request: { params: idParams },
    responses: { 200: json(listEnvelope(tripLinkView).openapi('TripLinkList'), 'Links, newest first, revoked ones included.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429] },
  },
  createTripLink: {
    method: 'post',
    path: '/api/trips/{id}/links',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'Create a calendar subscription or a read-only share link',
    description: 'Admin role on the trip (`trips:write` for a key). The token is in the returned URL only; store it, it is not shown again.',
    request: { params: idParams, body: jsonBody(createTripLinkSchema) },
    responses: { 201: json(createdTripLinkView, 'Created.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429] },
  },
  revokeTripLink: {
    method: 'delete',
    path: '/api/trips/{id}/links/{linkId}',
    tags: ['Trips'],
    security: sessionOrKey,
    summary: 'Revoke a link (it answers 404 from now on)',
    request: { params: tripLinkParams },
    responses: { 204: { description: 'Revoked (also when it already was).' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 429: problems[429] },
  },
});

/** The public /api/shared operations (the link's token is the credential): api/routes/tripLinks.ts gives each its handler. */
export const sharedTripRoutes = defineRoutes('/api/shared', {
  getSharedTrip: {
    method: 'get',
    path: '/api/shared/{token}',
    tags: ['Shared'],
    security: [],
    summary: 'A trip through its share link (no sign-in)',
    request: { params: linkTokenParams },
    responses: { 200: json(sharedTripView, 'The read-only trip.'), 400: problems[400], 404: problems[404], 429: problems[429] },
  },
  getSharedTripCalendar: {
    method: 'get',
    path: '/api/shared/{token}/calendar.ics',
    tags: ['Shared'],
    security: [],
    summary: 'The trip\'s calendar through a calendar or share link (no sign-in)',
    request: { params: linkTokenParams },
    responses: { 200: ics('The calendar.'), 400: problems[400], 404: problems[404], 429: problems[429] },
  },
});

export const registerTripLinksOpenApi: OpenApiRegistration = (registry) => {
  tripLinkRoutes.register(registry);
  sharedTripRoutes.register(registry);
};
