// Request and response schemas of /api/operator: operators managing who else is an operator.
import { nonBlankText } from '../domain/schemas.js';
import { listTripsQuery } from './trips.js';
import { dateTimeSchema, intQuery, uuidSchema, z } from './common.js';

export const userRoles = ['traveler', 'operator'] as const;

export const listUsersQuery = z
  .object({
    role: z.enum(userRoles).optional().openapi({ description: 'Only users with this role.' }),
    email: nonBlankText(254).optional().openapi({ description: 'Only users whose email contains this text (case-insensitive).' }),
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
