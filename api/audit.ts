// Audit trail: who did what, from where, in which request. Written for every action an API key takes
// and for security-relevant events (sign-in, keys, credentials). Callers await the single insert, or
// put `auditData(...)` in the same transaction as the change it records, so an entry is never lost.
import type { Request } from 'express';
import type { ActorType, Prisma } from '../infra/db.js';
import type { ApiContext } from './context.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  tripId?: string;
  details?: Prisma.InputJsonObject;
  /** Who acted, when `req.principal` is not (yet) set: sign-in, registration, refresh. */
  actor?: { type: ActorType; id: string | null };
}

/** The actor an authenticated request is attributed to: the API key itself, an operator, or a traveler. */
export function actorOf(req: Request): { type: ActorType; id: string | null } | undefined {
  const principal = req.principal;
  if (!principal) return undefined;
  if (principal.kind === 'api_key') return { type: 'api_key', id: principal.apiKeyId ?? null };
  return { type: principal.role === 'operator' ? 'operator' : 'user', id: principal.userId };
}

/** The AuditLog row for an entry: pass it to `tx.auditLog.create({ data })` inside a transaction. */
export function auditData(req: Request, entry: AuditEntry): Prisma.AuditLogCreateInput {
  const actor = entry.actor ?? actorOf(req) ?? { type: 'system' as const, id: null };
  const principal = req.principal;
  const details: Prisma.InputJsonObject =
    principal?.kind === 'api_key' && entry.actor === undefined ? { ...entry.details, onBehalfOf: principal.userId } : { ...entry.details };
  return {
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    tripId: entry.tripId ?? null,
    details,
    ip: req.ip ?? null,
    requestId: req.id === undefined ? null : String(req.id),
  };
}

/** Writes one audit row; await it (one insert) so the entry exists before the response is sent. */
export async function audit(ctx: Pick<ApiContext, 'prisma'>, req: Request, entry: AuditEntry): Promise<void> {
  await ctx.prisma.auditLog.create({ data: auditData(req, entry), select: { id: true } });
}
