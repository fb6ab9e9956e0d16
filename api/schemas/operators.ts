// Request and response schemas of /api/operator: operators managing who else is an operator.
import { listTripsQuery } from './trips.js';
import { dateTimeSchema, intQuery, json, problems, sessionOnly, uuidSchema, z, type OpenApiRegistration } from './common.js';

export const userRoles = ['traveler', 'operator'] as const;

export const listUsersQuery = z
  .object({
    role: z.enum(userRoles).optional().openapi({ description: 'Only users with this role.' }),
    email: z.string().trim().min(1, 'must not be empty').max(254, 'must be at most 254 characters').optional().openapi({ description: 'Only users whose email contains this text (case-insensitive).' }),
    limit: intQuery(1, 100).optional().openapi({ description: 'At most this many users (default 20).' }),
    cursor: listTripsQuery.shape.cursor,
  })
  .strict();

export const operatorUserParams = z.object({ id: uuidSchema.openapi({ param: { description: 'User id' } }) }).strict();

export const operatorUserView = z
  .object({
    id: uuidSchema,
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(userRoles)).openapi({ description: 'Every user is a traveler; an operator is also `operator`.', example: ['traveler', 'operator'] }),
    createdAt: dateTimeSchema,
  })
  .openapi('OperatorUser');

export const operatorUserListView = z.object({ items: z.array(operatorUserView), nextCursor: z.string().nullable() }).openapi('OperatorUserList');

export const registerOperatorsOpenApi: OpenApiRegistration = (registry) => {
  const tags = ['Operations'];
  const forbidden = { ...problems[403], description: 'The caller is not an operator, or is an API key (API keys cannot manage operators, whatever their scopes).' };
  registry.registerPath({
    method: 'get',
    path: '/api/operator/users',
    tags,
    security: sessionOnly,
    summary: 'Every user, newest first, with their roles',
    description: 'Operators only (a signed-in user with the operator role). Cursor pagination: pass `nextCursor` back as `cursor`.',
    request: { query: listUsersQuery },
    responses: { 200: json(operatorUserListView, 'A page of users.'), 400: problems[400], 401: problems[401], 403: forbidden, 422: problems[422] },
  });
  const roleRoute = { path: '/api/operator/users/{id}/roles/operator', tags, security: sessionOnly, request: { params: operatorUserParams } };
  registry.registerPath({
    ...roleRoute,
    method: 'put',
    summary: 'Give a user the operator role',
    description: 'Operators only. Idempotent: a user who already is an operator is answered as is. Each grant is in the audit log (`user.operator_granted`).',
    responses: { 200: json(operatorUserView, 'The user, now an operator.'), 401: problems[401], 403: forbidden, 404: problems[404] },
  });
  registry.registerPath({
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
  });
};
