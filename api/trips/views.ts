// A trip row as the API shows it: the caller's role, the public view, the state of a trip whose workflow
// has not started, and the checks routes make on a trip before changing it.
import { emptyTripRequest, type Pace, type TripPlan, type TripState } from '../../domain/trip.js';
import type { PrismaClient, Trip } from '../../infra/db.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../errors.js';
import { tripPreferencesSchema, type TripView } from '../../contracts/trips.js';

export type TripRole = TripView['role'];

/** The caller's role on a trip they were authorized for (one lookup for collaborators). */
export async function roleOn(prisma: PrismaClient, trip: Trip, principal: Principal): Promise<TripRole> {
  if (trip.ownerId === principal.userId) return 'owner';
  const collaborator = await prisma.tripCollaborator.findUnique({ where: { tripId_userId: { tripId: trip.id, userId: principal.userId } }, select: { role: true } });
  return collaborator?.role ?? 'read';
}

const dateOnly = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

export function preferencesOf(trip: Pick<Trip, 'preferences'>): TripView['preferences'] {
  const value = trip.preferences;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  // Keep only the known, valid keys: the column is free-form JSON written by several writers.
  const known = tripPreferencesSchema.safeParse(Object.fromEntries(Object.entries(value).filter(([key]) => ['pace', 'interests', 'cabinClass'].includes(key))));
  return known.success ? known.data : {};
}

export function toTripView(trip: Trip, role: TripRole): TripView {
  return {
    id: trip.id,
    ownerId: trip.ownerId,
    title: trip.title,
    status: trip.status,
    origin: trip.origin,
    destinations: trip.destinations,
    startDate: dateOnly(trip.startDate),
    endDate: dateOnly(trip.endDate),
    adults: trip.adults,
    children: trip.children,
    budget: trip.budgetAmount !== null && trip.budgetCurrency ? { amount: trip.budgetAmount.toNumber(), currency: trip.budgetCurrency } : null,
    preferences: preferencesOf(trip),
    role,
    lastEventSeq: trip.lastEventSeq,
    archivedAt: trip.archivedAt?.toISOString() ?? null,
    createdAt: trip.createdAt.toISOString(),
    updatedAt: trip.updatedAt.toISOString(),
  };
}

/**
 * The state of a trip whose workflow has not started (or whose history is gone), from the stored row:
 * its status (gathering for a new trip), dates, travelers, budget and preferences, the stored plan (null
 * before the first turn), no proposals or suggestions, no turns. Origin and destination stay null: the row
 * keeps only IATA codes, and the planner fills the places from the traveler's first message.
 */
export function stateFromRow(trip: Trip): TripState {
  const preferences = preferencesOf(trip);
  const pace: Pace = preferences.pace ?? 'balanced';
  const view = toTripView(trip, 'owner');
  return {
    tripId: trip.id,
    userId: trip.ownerId,
    status: trip.status,
    request: {
      ...emptyTripRequest,
      departDate: view.startDate,
      returnDate: view.endDate,
      adults: trip.adults,
      children: trip.children,
      budget: view.budget,
      cabinClass: preferences.cabinClass ?? emptyTripRequest.cabinClass,
      interests: preferences.interests ?? [],
      ...(preferences.maxStops !== undefined && preferences.maxStops !== null && { maxStops: preferences.maxStops }),
      ...(preferences.stay && { stay: preferences.stay }),
    },
    pace,
    plan: (trip.plan as TripPlan | null) ?? null,
    pendingProposals: [],
    bookings: [],
    suggestions: [],
    lastEventSeq: trip.lastEventSeq,
    turns: 0,
  };
}

export function assertNotArchived(trip: Trip): void {
  if (trip.status === 'archived') throw new HttpError(409, 'Conflict', 'The trip is archived.');
}

export function noPlanningSession(): HttpError {
  return new HttpError(409, 'Conflict', 'The trip has no planning session yet: send it a message first.');
}
