import { defineRoutes } from './routeTable.js';
import { type OpenApiRegistration, json, problems, sessionOnly } from './common.js';
import { listUsersQuery, operatorUserListView, operatorUserParams, operatorUserView } from '../../contracts/operators.js';

const tags = ['Operations'];
const forbidden = { ...problems[403], description: 'The caller is not an operator, or is an API key (API keys cannot manage operators, whatever their scopes).' };
const roleRoute = { path: '/api/operator/users/{id}/roles/operator', tags, security: sessionOnly, request: { params: operatorUserParams } };

/** The /api/operator operations: api/routes/operators.ts gives each its handler. */
export const operatorRoutes = defineRoutes('/api/operator', {
  listUsers: {
    method: 'get',
    path: '/api/operator/users',
    tags,
    security: sessionOnly,
    summary: 'Every user, newest first, with their roles',
    description: 'Operators only (a signed-in user with the operator role). Cursor pagination: pass `nextCursor` back as `cursor`.',
    request: { query: listUsersQuery },
    responses: { 200: json(operatorUserListView, 'A page of users.'), 400: problems[400], 401: problems[401], 403: forbidden, 422: problems[422] },
  },
  grantOperator: {
    ...roleRoute,
    method: 'put',
    summary: 'Give a user the operator role',
    description: 'Operators only. Idempotent: a user who already is an operator is answered as is. Each grant is in the audit log (`user.operator_granted`).',
    responses: { 200: json(operatorUserView, 'The user, now an operator.'), 401: problems[401], 403: forbidden, 404: problems[404] },
  },
  revokeOperator: {
    ...roleRoute,
    method: 'delete',
    summary: 'Take the operator role back (the user stays a traveler)',
    description:
      'Operators only, including on themselves. Idempotent: a user who is no operator is answered as is. Each revocation is in the ' +
      'audit log (`user.operator_revoked`). 409 when the user is the last operator.',
    responses: {
      200: json(operatorUserView, 'The user, no longer an operator.'),
      401: problems[401],
      403: forbidden,
      404: problems[404],
      409: { ...problems[409], description: 'The user is the last operator: grant the role to someone else first.' },
    },
  },
});

export const registerOperatorsOpenApi: OpenApiRegistration = (registry) => operatorRoutes.register(registry);
