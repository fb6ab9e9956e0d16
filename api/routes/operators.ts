// Operators managing operators, mounted at /api/operator behind authentication (protect(ctx)); the
// operations are defined in api/openapi/operators.ts (operatorRoutes):
//   GET    /users?role=&email=&limit=&cursor=  → {items, nextCursor}: users newest first, with their roles
//   PUT    /users/:id/roles/operator           → 200 the user: grants the operator role
//   DELETE /users/:id/roles/operator           → 200 the user: revokes it (409 for the last operator)
// Operators only: a signed-in user with the operator role (requireOperator), never an API key. Every
// grant and revocation is audited (api/operatorRole.ts); the first operator comes from the shell
// (`npm run operator:create`, docs/operations.md).
import type { RequestHandler, Router } from 'express';
import { auditData } from '../audit.js';
import { principalOf, requireOperator } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { setOperatorRole } from '../operatorRole.js';
import { operatorRoutes } from '../openapi/operators.js';
import { parseRequest } from '../validation.js';
import { listUsersQuery, operatorUserParams } from '../../contracts/operators.js';
import type { UserRole } from '../../infra/db.js';
import { createdAtKeyset, createdAtPosition, keysetPage } from '../pagination.js';

const DEFAULT_PAGE = 20;
const MANAGING_OPERATORS = 'managing operators';

export function createOperatorRouter(ctx: ApiContext): Router {
  const { prisma } = ctx;

  const listUsers: RequestHandler = async (req, res) => {
    requireOperator(principalOf(req), MANAGING_OPERATORS);
    const query = parseRequest(listUsersQuery, req.query, 'query');
    const limit = query.limit ?? DEFAULT_PAGE;
    const keyset = createdAtKeyset(query.cursor, limit, 'desc');
    const rows = await prisma.user.findMany({
      where: {
        AND: [query.role ? { role: query.role } : {}, query.email ? { email: { contains: query.email, mode: 'insensitive' } } : {}, keyset.where],
      },
      select: { id: true, email: true, displayName: true, role: true, createdAt: true },
      orderBy: keyset.orderBy,
      take: keyset.take,
    });
    const { page, nextCursor } = keysetPage(rows, limit, createdAtPosition);
    res.json({ items: page.map(toOperatorUserView), nextCursor });
  };

  const changeRole = (operator: boolean): RequestHandler => async (req, res) => {
    requireOperator(principalOf(req), MANAGING_OPERATORS);
    const { id } = parseRequest(operatorUserParams, req.params, 'params');
    const { user } = await setOperatorRole(prisma, id, operator, (action, target) =>
      auditData(req, { action, targetType: 'user', targetId: target.id, details: { email: target.email, via: 'api' } }),
    );
    res.json(toOperatorUserView(user));
  };

  return operatorRoutes.router({ listUsers, grantOperator: changeRole(true), revokeOperator: changeRole(false) });
}

function toOperatorUserView(user: { id: string; email: string; displayName: string; role: UserRole; createdAt: Date }) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.role === 'operator' ? ['traveler', 'operator'] : ['traveler'],
    createdAt: user.createdAt.toISOString(),
  };
}
