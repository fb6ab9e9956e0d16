import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, sessionOnly } from './common.js';
import { MAX_SAVED_TRAVELERS, OLDEST_YEARS, travelerDetailsSchema, travelerListView, travelerParams, travelerView } from '../../contracts/travelers.js';

const tags = ['Travelers'];
const detail = 'A signed-in traveler only (never an API key: these are passport details). Another user\'s traveler is a 404.';

/** The /api/travelers operations: api/routes/travelers.ts gives each its handler. */
export const travelerRoutes = defineRoutes('/api/travelers', {
  listTravelers: {
    method: 'get',
    path: '/api/travelers',
    tags,
    security: sessionOnly,
    summary: 'The caller\'s saved travelers, oldest first',
    description: detail,
    responses: { 200: json(travelerListView, 'The travelers.'), 401: problems[401], 403: problems[403] },
  },
  saveTraveler: {
    method: 'post',
    path: '/api/travelers',
    tags,
    security: sessionOnly,
    summary: 'Save a traveler (reusable across bookings)',
    description: `${detail} At most ${MAX_SAVED_TRAVELERS} per user (409). 422 for a date of birth in the future or more than ${OLDEST_YEARS} years ago.`,
    request: { body: jsonBody(travelerDetailsSchema) },
    responses: { 201: json(travelerView, 'Saved.'), 400: problems[400], 401: problems[401], 403: problems[403], 409: problems[409], 422: problems[422] },
  },
  getTraveler: {
    method: 'get',
    path: '/api/travelers/{id}',
    tags,
    security: sessionOnly,
    summary: 'One saved traveler',
    description: detail,
    request: { params: travelerParams },
    responses: { 200: json(travelerView, 'The traveler.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  replaceTraveler: {
    method: 'put',
    path: '/api/travelers/{id}',
    tags,
    security: sessionOnly,
    summary: 'Replace a saved traveler\'s details',
    description: `${detail} Bookings already made keep the names they were made with at the airline.`,
    request: { params: travelerParams, body: jsonBody(travelerDetailsSchema) },
    responses: { 200: json(travelerView, 'Replaced.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  },
  deleteTraveler: {
    method: 'delete',
    path: '/api/travelers/{id}',
    tags,
    security: sessionOnly,
    summary: 'Delete a saved traveler',
    description: `${detail} The encrypted row is deleted.`,
    request: { params: travelerParams },
    responses: { 204: { description: 'Deleted.' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  },
});

export const registerTravelersOpenApi: OpenApiRegistration = (registry) => travelerRoutes.register(registry);
