import { idempotencyKeyHeader } from '../../contracts/common.js';
import { defineRoutes, type Operation } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, sessionOrKey } from './common.js';
import { bookingView } from '../../contracts/bookings.js';
import { bookFromWatchSchema, changeWatchSchema, createWatchSchema, createdWatchView, listWatchesQuery, pointsQuery, pricePointPageView, watchListView, watchParams, watchStateView } from '../../contracts/watches.js';

const tags = ['Price watches'];
const security = sessionOrKey;
const params = { params: watchParams };
const common = { 401: problems[401], 403: problems[403], 404: problems[404] };

/** Pausing or resuming a watch: the same operation for each action. */
const watchTransition = (action: 'pause' | 'resume'): Operation => ({
  method: 'post',
  path: `/api/watches/{id}/${action}`,
  tags,
  security,
  summary: action === 'pause' ? 'Pause checking (alerts stop until resumed)' : 'Resume a paused watch',
  description: '`watches:write`. 409 when the watch is not in a state that allows it.',
  request: params,
  responses: { 200: json(watchStateView, 'The watch.'), ...common, 409: problems[409] },
});

/** The /api/watches operations: api/routes/watches.ts gives each its handler. */
export const watchRoutes = defineRoutes('/api/watches', {
  createWatch: {
    method: 'post',
    path: '/api/watches',
    tags,
    security,
    summary: 'Watch a flight route or a stay for a target price and/or a percentage drop',
    description:
      'Session, or an API key with `watches:write`. Either `{tripId, offerId}` (exactly that flight of the trip\'s plan) or `{target, anyFlight?}` ' +
      '(the cheapest on the route meeting the criteria, or a stay); anything else is a 422 naming the field. Checks on a cadence (durable timer with jitter), stores every price point, alerts once per ' +
      'drop (a `price.alert` trip event, and the webhook if set) and ends by itself at departure. With `tripId`, write access to that trip is needed. ' +
      'Send an `Idempotency-Key` header to make retries safe: the same key answers the watch it created (200, with its secret); a watch whose start ' +
      'failed (503) is created by the retry.',
    request: { headers: idempotencyKeyHeader, body: jsonBody(createWatchSchema) },
    responses: {
      201: json(createdWatchView, 'The watch, and its webhook secret once.'),
      200: json(createdWatchView, 'Already created with this Idempotency-Key: the same watch and secret.'),
      400: problems[400],
      ...common,
      409: { ...problems[409], description: 'The trip named by `tripId` is archived.' },
      422: problems[422],
      503: problems[503],
    },
  },
  listWatches: {
    method: 'get',
    path: '/api/watches',
    tags,
    security,
    summary: 'The caller\'s price watches, newest first',
    description: 'Session, or an API key with `watches:read`.',
    request: { query: listWatchesQuery },
    responses: { 200: json(watchListView, 'The watches.'), 400: problems[400], 401: problems[401], 403: problems[403] },
  },
  getWatch: {
    method: 'get',
    path: '/api/watches/{id}',
    tags,
    security,
    summary: 'A watch\'s live state: last and lowest price, next check, alerts',
    description: '`watches:read`. Another user\'s watch is a 404.',
    request: params,
    responses: { 200: json(watchStateView, 'The watch.'), ...common },
  },
  changeWatch: {
    method: 'patch',
    path: '/api/watches/{id}',
    tags,
    security,
    summary: 'Change the target price, the drop percentage or the cadence (applies to the next check)',
    description: '`watches:write`. 409 for a watch that has ended.',
    request: { ...params, body: jsonBody(changeWatchSchema) },
    responses: { 200: json(watchStateView, 'The watch.'), 400: problems[400], ...common, 409: problems[409], 422: problems[422] },
  },
  pauseWatch: watchTransition('pause'),
  resumeWatch: watchTransition('resume'),
  stopWatch: {
    method: 'delete',
    path: '/api/watches/{id}',
    tags,
    security,
    summary: 'Stop the watch for good (its price history is kept)',
    description: '`watches:write`. Idempotent.',
    request: params,
    responses: { 204: { description: 'Stopped.' }, ...common },
  },
  listWatchPoints: {
    method: 'get',
    path: '/api/watches/{id}/points',
    tags,
    security,
    summary: 'The watch\'s price history, oldest first',
    description: '`watches:read`. Page with `cursor` = the previous page\'s `nextCursor`.',
    request: { ...params, query: pointsQuery },
    responses: { 200: json(pricePointPageView, 'Price points.'), 400: problems[400], ...common },
  },
  bookFromWatch: {
    method: 'post',
    path: '/api/watches/{id}/book',
    tags,
    security,
    summary: '"Book now": start the booking saga for the quoted offer (the last alert\'s by default)',
    description:
      'For a watch attached to a trip; needs write access to that trip (`trips:write` for an API key). The saga re-prices and holds the offer, ' +
      'then waits for the traveler\'s approval (a proposal). Supports `Idempotency-Key`. An exact watch books only its flight: 409 when that ' +
      'quote or the latest check found it no longer offered.',
    request: { ...params, body: jsonBody(bookFromWatchSchema) },
    responses: { 201: json(bookingView, 'Booking started.'), 200: json(bookingView, 'Already started with this Idempotency-Key.'), 400: problems[400], ...common, 409: problems[409], 503: problems[503] },
  },
});

export const registerWatchesOpenApi: OpenApiRegistration = (registry) => {
  registry.register('PriceWatch', watchStateView);
  watchRoutes.register(registry);
};
