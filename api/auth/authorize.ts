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
  // The owner (the common case) costs one query; the collaborator row is read only for anyone else (an
  // `include` would always cost a second round trip: Prisma loads relations with a separate query).
  const trip = await prisma.trip.findUnique({ where: { id: tripId } });
  if (!trip) throw notFound();
  if (trip.ownerId === principal.userId) return trip;
  const collaborator = await prisma.tripCollaborator.findUnique({ where: { tripId_userId: { tripId, userId: principal.userId } }, select: { role: true } });
  const role = collaborator?.role;
  if (!role) throw notFound();
  if (ROLE_RANK[role] < ROLE_RANK[access]) throw new HttpError(403, 'Forbidden', `Your role on this trip (${role}) does not allow ${access} access.`);
  return trip;
}

function notFound(): HttpError {
  return new HttpError(404, 'Not Found', 'No such trip.');
}
