import { idempotencyKeyHeader, uuidSchema, z } from '../../contracts/common.js';
import { defineRoutes, type Operation } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, problemsFor, sessionOnly, sessionOrKey } from './common.js';
import { approveBookingSchema, bookingListView, bookingParams, bookingResourceView, bookingView, decisionNoteSchema, editProposalSchema, proposalDecisions, startBookingSchema } from '../../contracts/bookings.js';

const tags = ['Bookings'];
const tripAndBooking = { params: bookingParams };

/** Deciding on a proposal: the same operation for each decision. */
const proposalDecision = (decision: (typeof proposalDecisions)[number]): Operation => ({
  method: 'post',
  path: `/api/trips/{id}/proposals/{bookingId}/${decision}`,
  tags,
  security: sessionOnly,
  summary:
    decision === 'approve'
      ? 'Approve a proposal: the saga takes payment and confirms'
      : decision === 'reject'
        ? 'Reject a proposal: every hold is released'
        : 'Edit a proposal: holds are released and the replaced offers are held in a new round',
  description:
    'A signed-in traveler (never an API key: no scope approves a booking or moves money) with write access to the trip. 409 unless the booking awaits a decision.' +
    (decision === 'approve'
      ? ' Approving pays: `card` is tokenized (only brand, last four digits, expiry and the token are kept) and charged by the saga. A declined card ends the booking `failed` with a `failureReason` that says why; everything held is released.'
      : ''),
  request: { params: bookingParams, body: jsonBody(decision === 'edit' ? editProposalSchema : decision === 'approve' ? approveBookingSchema : decisionNoteSchema) },
  responses: { 200: json(bookingResourceView, 'The booking after the decision.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
});

/** The bookings and proposals of /api/trips: api/routes/bookings.ts gives each its handler. */
export const bookingRoutes = defineRoutes('/api/trips', {
  startBooking: {
    method: 'post',
    path: '/api/trips/{id}/bookings',
    tags,
    security: sessionOrKey,
    summary: 'Start booking offers of the trip\'s current plan (the booking saga)',
    description:
      'Write access to the trip (session, or an API key with `trips:write`). Re-prices, holds the flight and reserves the stay, then waits for ' +
      'the traveler\'s decision (a proposal). Send an `Idempotency-Key` header to make retries safe: the same key on the same trip answers ' +
      'the booking it started (200) instead of starting another; a booking whose start failed (503) is started by the retry (201).',
    request: {
      params: z.object({ id: uuidSchema }),
      headers: idempotencyKeyHeader,
      body: jsonBody(startBookingSchema),
    },
    responses: {
      201: json(bookingResourceView, 'Started.'),
      200: json(bookingResourceView, 'Already started with this Idempotency-Key.'),
      ...problemsFor(400, 401, 403, 404, 409, 422, 503),
    },
  },
  listBookings: {
    method: 'get',
    path: '/api/trips/{id}/bookings',
    tags,
    security: sessionOrKey,
    summary: 'The trip\'s bookings, newest first',
    description: 'Read access to the trip (`trips:read` for an API key).',
    request: { params: z.object({ id: uuidSchema }) },
    responses: { 200: json(bookingListView, 'The bookings.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  getBooking: {
    method: 'get',
    path: '/api/trips/{id}/bookings/{bookingId}',
    tags,
    security: sessionOrKey,
    summary: 'A booking\'s status, every step and compensation',
    description: 'Read access to the trip.',
    request: tripAndBooking,
    responses: { 200: json(bookingResourceView, 'The booking.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  cancelBooking: {
    method: 'post',
    path: '/api/trips/{id}/bookings/{bookingId}/cancel',
    tags,
    security: sessionOnly,
    summary: 'Cancel a booking that is not confirmed yet (releases holds, refunds a charge)',
    description: 'A signed-in traveler with write access. 202: the saga is compensating; follow it with GET or `booking.status` events. 409 once it has ended.',
    request: tripAndBooking,
    responses: { 202: json(bookingResourceView, 'Cancellation requested.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 503: problems[503] },
  },
  listProposals: {
    method: 'get',
    path: '/api/trips/{id}/proposals',
    tags,
    security: sessionOrKey,
    summary: 'Bookings awaiting the traveler\'s decision, each with its `approvalDeadline`',
    description: 'Read access to the trip.',
    request: { params: z.object({ id: uuidSchema }) },
    responses: { 200: json(bookingListView, 'The proposals.'), 401: problems[401], 403: problems[403], 404: problems[404] },
  },
  approveProposal: proposalDecision('approve'),
  rejectProposal: proposalDecision('reject'),
  editProposal: proposalDecision('edit'),
});

export const registerBookingsOpenApi: OpenApiRegistration = (registry) => {
  registry.register('Booking', bookingView);
  bookingRoutes.register(registry);
};
