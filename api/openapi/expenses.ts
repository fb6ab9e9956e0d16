import { idParams, z } from '../../contracts/common.js';
import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, jsonBody, problems, sessionOrKey } from './common.js';
import { createExpenseSchema, expenseListView, expenseParams, expenseView, settleUpView, updateExpenseSchema } from '../../contracts/expenses.js';

const readDescription = 'Owner or any collaborator (`trips:read` for a key).';
const writeDescription = 'Owner or a write/admin collaborator (`trips:write` for a key); a read collaborator gets 403.';

/** The expenses of /api/trips: api/routes/expenses.ts gives each its handler. */
export const expenseRoutes = defineRoutes('/api/trips', {
  listExpenses: {
    method: 'get',
    path: '/api/trips/{id}/expenses',
    tags: ['Expenses'],
    security: sessionOrKey,
    summary: 'The trip\'s shared expenses, confirmed bookings included, with per-person totals',
    description: readDescription,
    request: { params: idParams },
    responses: { 200: json(expenseListView, 'The expenses and totals.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 503: problems[503] },
  },
  createExpense: {
    method: 'post',
    path: '/api/trips/{id}/expenses',
    tags: ['Expenses'],
    security: sessionOrKey,
    summary: 'Record an expense, split equally among the people sharing it',
    description: `${writeDescription} 422 when the payer or a sharer is not on the trip, the currency has no reference rate, or the booking is not a confirmed booking of the trip.`,
    request: { params: idParams, body: jsonBody(createExpenseSchema) },
    responses: { 201: json(expenseView, 'Recorded.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
  },
  updateExpense: {
    method: 'patch',
    path: '/api/trips/{id}/expenses/{expenseId}',
    tags: ['Expenses'],
    security: sessionOrKey,
    summary: 'Change an expense',
    description: `${writeDescription} An expense derived from a booking cannot be changed (409): record the booking with \`bookingId\` instead.`,
    request: { params: expenseParams, body: jsonBody(updateExpenseSchema) },
    responses: { 200: json(expenseView, 'Changed.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
  },
  deleteExpense: {
    method: 'delete',
    path: '/api/trips/{id}/expenses/{expenseId}',
    tags: ['Expenses'],
    security: sessionOrKey,
    summary: 'Delete an expense',
    description: `${writeDescription} An expense derived from a booking cannot be deleted (409).`,
    request: { params: expenseParams },
    responses: { 204: { description: 'Deleted.' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
  },
  settleUpExpenses: {
    method: 'get',
    path: '/api/trips/{id}/expenses/settle-up',
    tags: ['Expenses'],
    security: sessionOrKey,
    summary: 'Who pays whom, in the trip\'s currency, so everyone has paid their share',
    description: readDescription,
    request: { params: idParams },
    responses: { 200: json(settleUpView, 'Balances and transfers.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 503: problems[503] },
  },
  exportExpensesCsv: {
    method: 'get',
    path: '/api/trips/{id}/expenses.csv',
    tags: ['Expenses'],
    security: sessionOrKey,
    summary: 'The trip\'s expenses as CSV (RFC 4180)',
    description: `${readDescription} A cell that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with a single quote.`,
    request: { params: idParams },
    responses: {
      200: { description: 'The CSV, one expense a row after a header row.', content: { 'text/csv': { schema: z.string() } } },
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      503: problems[503],
    },
  },
});

export const registerExpensesOpenApi: OpenApiRegistration = (registry) => expenseRoutes.register(registry);
