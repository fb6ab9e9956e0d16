// Trip-level authorization: the owner, or a collaborator whose role covers the access asked for.
// A caller without access gets 404, the same as for a trip that does not exist: no existence leak.
import type { PrismaClient, Trip } from '../../infra/db.js';
import { HttpError } from '../errors.js';
import { requireScope, type Principal } from './principal.js';

export type TripAccess = 'read' | 'write' | 'admin';

const ROLE_RANK = { read: 1, write: 2, admin: 3 } as const;
const SCOPE_FOR: Record<TripAccess, 'trips:read' | 'trips:write'> = { read: 'trips:read', write: 'trips:write', admin: 'trips:write' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function authorizeTrip(prisma: PrismaClient, principal: Principal, tripId: string, access: TripAccess): Promise<Trip> {
  requireScope(principal, SCOPE_FOR[access]);
  if (!UUID.test(tripId)) throw notFound();
  const trip = await prisma.trip.findUnique({
    where: { id: tripId },
    include: { collaborators: { where: { userId: principal.userId }, select: { role: true } } },
  });
  if (!trip) throw notFound();
  const { collaborators, ...row } = trip;
  if (trip.ownerId === principal.userId) return row;
  const role = collaborators[0]?.role;
  if (!role) throw notFound();
  if (ROLE_RANK[role] < ROLE_RANK[access]) throw new HttpError(403, 'Forbidden', `Your role on this trip (${role}) does not allow ${access} access.`);
  return row;
}

function notFound(): HttpError {
  return new HttpError(404, 'Not Found', 'No such trip.');
}
