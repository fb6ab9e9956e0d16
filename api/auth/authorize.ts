// Trip-level authorization: the owner, or a collaborator whose role covers the access asked for.
// A caller without access gets 404, the same as for a trip that does not exist: no existence leak.
import type { PrismaClient, Trip } from '../../infra/db.js';
import { HttpError } from '../errors.js';
import { requireScope, requireSession, type Principal } from './principal.js';

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

/**
 * The trip check for what only a signed-in traveler may do (approve, pay, cancel, answer a suggestion). The
 * trip and role come first, so another user's trip stays a 404 for every caller; then an API key is refused
 * for being a key, whatever its scopes: naming a missing scope would suggest a key holding it may do this.
 */
export async function authorizeTripForTraveler(prisma: PrismaClient, principal: Principal, tripId: string, access: TripAccess, refusal: { action: string; keysCannot: string }): Promise<Trip> {
  // As a session only for the scope check: ownership and the role are the caller's own.
  const trip = await authorizeTrip(prisma, principal.scopes === 'session' ? principal : { ...principal, scopes: 'session' }, tripId, access);
  requireSession(principal, refusal.action, refusal.keysCannot);
  return trip;
}

function notFound(): HttpError {
  return new HttpError(404, 'Not Found', 'No such trip.');
}
