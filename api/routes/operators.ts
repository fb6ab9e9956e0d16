// Operators managing operators, mounted at /api/operator behind authentication (protect(ctx)):
//   GET    /users?role=&email=&limit=&cursor=  → {items, nextCursor}: users newest first, with their roles
//   PUT    /users/:id/roles/operator           → 200 the user: grants the operator role
//   DELETE /users/:id/roles/operator           → 200 the user: revokes it (409 for the last operator)
// Operators only: a signed-in user with the operator role (requireOperator), never an API key. Every
// grant and revocation is audited (api/operatorRole.ts); the first operator comes from the shell
// (`npm run operator:create`, docs/operations.md).
import { Router, type Request, type Response } from 'express';
import { auditData } from '../audit.js';
import { principalOf, requireOperator } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { setOperatorRole } from '../operatorRole.js';
import { parseRequest } from '../schemas/common.js';
import { listUsersQuery, operatorUserParams } from '../schemas/operators.js';
import type { UserRole } from '../../infra/db.js';
import { decodeCursor, encodeCursor, isTimeIdCursor } from './tripSupport.js';

const DEFAULT_PAGE = 20;
const MANAGING_OPERATORS = 'managing operators';

export function createOperatorRouter(ctx: ApiContext): Router {
  const router = Router();
  const { prisma } = ctx;

  router.get('/users', async (req, res) => {
    requireOperator(principalOf(req), MANAGING_OPERATORS);
    const query = parseRequest(listUsersQuery, req.query, 'query');
    const limit = query.limit ?? DEFAULT_PAGE;
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, isTimeIdCursor);
    const rows = await prisma.user.findMany({
      where: {
        AND: [
          query.role ? { role: query.role } : {},
          query.email ? { email: { contains: query.email, mode: 'insensitive' } } : {},
          after ? { OR: [{ createdAt: { lt: new Date(after[0]) } }, { createdAt: new Date(after[0]), id: { lt: after[1] } }] } : {},
        ],
      },
      select: { id: true, email: true, displayName: true, role: true, createdAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    res.json({ items: page.map(toOperatorUserView), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null });
  });

  const changeRole = (operator: boolean) => async (req: Request, res: Response) => {
    requireOperator(principalOf(req), MANAGING_OPERATORS);
    const { id } = parseRequest(operatorUserParams, req.params, 'params');
    const { user } = await setOperatorRole(prisma, id, operator, (action, target) =>
      auditData(req, { action, targetType: 'user', targetId: target.id, details: { email: target.email, via: 'api' } }),
    );
    res.json(toOperatorUserView(user));
  };
  router.put('/users/:id/roles/operator', changeRole(true));
  router.delete('/users/:id/roles/operator', changeRole(false));

  return router;
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
