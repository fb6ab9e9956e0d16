// Granting and revoking the operator role: one place for the API (api/routes/operators.ts) and the
// shell (scripts/makeOperator.ts), so both keep the same rules: every change is audited in the same
// transaction, a no-op changes and records nothing, and the last operator cannot be revoked.
import { clearRoleCache } from './auth/authenticate.js';
import { HttpError } from './errors.js';
import type { Prisma, PrismaClient, UserRole } from '../infra/db.js';

export type OperatorRoleAction = 'user.operator_granted' | 'user.operator_revoked';

export interface OperatorRoleChange {
  user: { id: string; email: string; displayName: string; role: UserRole; createdAt: Date };
  /** False when the user already had the wanted role (nothing written, nothing audited). */
  changed: boolean;
}

/**
 * Gives `userId` the operator role (`operator: true`) or takes it back to traveler. `auditRow` builds the
 * audit entry for the change (who did it is the caller's business). 404 for no such user; 409 when
 * revoking would leave no operator. Concurrent revokes are serialised by locking every operator's row
 * first, so two operators revoking each other cannot both succeed.
 */
export async function setOperatorRole(
  prisma: PrismaClient,
  userId: string,
  operator: boolean,
  auditRow: (action: OperatorRoleAction, user: { id: string; email: string }) => Prisma.AuditLogCreateInput,
): Promise<OperatorRoleChange> {
  const role: UserRole = operator ? 'operator' : 'traveler';
  const result = await prisma.$transaction(async (tx) => {
    const operatorIds = operator ? [] : (await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = 'operator' FOR UPDATE`).map((row) => row.id);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, displayName: true, role: true, createdAt: true } });
    if (!user) throw new HttpError(404, 'Not Found', 'No such user.');
    if (user.role === role) return { user, changed: false };
    if (!operator && operatorIds.length <= 1 && operatorIds.includes(user.id)) {
      throw new HttpError(409, 'Conflict', 'This is the last operator: grant the operator role to someone else before revoking it here.');
    }
    const updated = await tx.user.update({ where: { id: user.id }, data: { role }, select: { id: true, email: true, displayName: true, role: true, createdAt: true } });
    await tx.auditLog.create({ data: auditRow(operator ? 'user.operator_granted' : 'user.operator_revoked', user), select: { id: true } });
    return { user: updated, changed: true };
  });
  // This process applies the change at once; others within the role cache's lifetime (ROLE_CACHE.ttlMs).
  if (result.changed) clearRoleCache(prisma, userId);
  return result;
}
