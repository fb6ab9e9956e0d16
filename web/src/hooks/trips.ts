// Trips: list, one trip, its workflow state, collaborators, messages and constraints.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AddCollaboratorBody } from './types.js';
import { api, query } from '../api/client.js';
import type { CollaboratorList, ParseResult, SendMessageResult, TripState, TripStatus, TripView } from '../api/types.js';
import type { CreateTripBody } from '../../../contracts/trips.js';
import type { ItineraryEdit } from '../../../domain/itineraryEdits.js';
import type { CreatedTripLinkView, SharedTripView, TripLinkView } from '../../../contracts/tripLinks.js';

export function useTrips(status?: TripStatus) {
  return useQuery({
    queryKey: ['trips', status ?? 'all'],
    queryFn: () => api.get<{ items: TripView[]; nextCursor: string | null }>(`/trips${query({ status, limit: 100 })}`),
  });
}

export function useTrip(tripId: string) {
  return useQuery({ queryKey: ['trip', tripId], queryFn: () => api.get<TripView>(`/trips/${tripId}`) });
}

export function useTripState(tripId: string, enabled = true) {
  return useQuery({ queryKey: ['tripState', tripId], queryFn: () => api.get<TripState>(`/trips/${tripId}/state`), enabled });
}

export function useCreateTrip() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTripBody) => api.post<TripView>('/trips', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['trips'] }),
  });
}

export function useArchiveTrip(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<TripView>(`/trips/${tripId}/archive`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['trip', tripId] });
      void queryClient.invalidateQueries({ queryKey: ['trips'] });
    },
  });
}

/** The trip version this client last saw: sent with each change as its `baseVersion` (a collision is a 409, not an overwrite). */
export function seenVersion(queryClient: QueryClient, tripId: string): number | undefined {
  return queryClient.getQueryData<TripState>(['tripState', tripId])?.version;
}

export interface OptionSelection {
  flightOfferId?: string | null;
  stayOfferId?: string | null;
}

/**
 * Pick the plan's flight and/or stay (null: none); the workflow recomputes the budget and the itinerary.
 * Sent against the version on screen, or `baseVersion` when re-applying after a conflict. A conflict
 * means the trip moved on: it is fetched again, so the other person's change shows.
 */
export function postSelection(queryClient: QueryClient, tripId: string, selection: OptionSelection, baseVersion?: number): Promise<SendMessageResult> {
  return postTripChange<SendMessageResult>(queryClient, tripId, 'selection', selection, baseVersion, (result) => result.state);
}

/** Move, add or remove an itinerary entry, the same way (the trip's state comes back). */
export function postItineraryEdit(queryClient: QueryClient, tripId: string, edit: ItineraryEdit, baseVersion?: number): Promise<TripState> {
  return postTripChange<TripState>(queryClient, tripId, 'itinerary', edit, baseVersion, (state) => state);
}

/** A change to the trip against `baseVersion` (default: the version on screen); the state it answers replaces the cached one. */
async function postTripChange<Result>(queryClient: QueryClient, tripId: string, path: string, change: object, baseVersion: number | undefined, stateOf: (result: Result) => TripState): Promise<Result> {
  const base = baseVersion ?? seenVersion(queryClient, tripId);
  try {
    const result = await api.post<Result>(`/trips/${tripId}/${path}`, { ...change, ...(base !== undefined && { baseVersion: base }) });
    const state = stateOf(result);
    queryClient.setQueryData<TripState>(['tripState', tripId], (previous) => (previous ? { ...state, pendingProposals: previous.pendingProposals } : state));
    return result;
  } catch (error) {
    void queryClient.invalidateQueries({ queryKey: ['tripState', tripId] });
    throw error;
  }
}

export function useSelectOptions(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (selection: OptionSelection) => postSelection(queryClient, tripId, selection) });
}

/** Accept or dismiss an agent's suggestion (the workflow records the answer; the state comes back). */
export function useResolveSuggestion(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ suggestionId, decision }: { suggestionId: string; decision: 'accept' | 'dismiss' }) => api.post<TripState>(`/trips/${tripId}/suggestions/${suggestionId}/${decision}`),
    onSuccess: (state) => queryClient.setQueryData(['tripState', tripId], state),
  });
}

export function useCollaborators(tripId: string) {
  return useQuery({ queryKey: ['collaborators', tripId], queryFn: () => api.get<CollaboratorList>(`/trips/${tripId}/collaborators`) });
}

export function useAddCollaborator(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddCollaboratorBody) => api.post(`/trips/${tripId}/collaborators`, body),
    // Not awaited: the form clears when the server answers, not after the refetch, when the next invite may be being typed.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['collaborators', tripId] }),
  });
}

export function useRemoveCollaborator(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`/trips/${tripId}/collaborators/${userId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['collaborators', tripId] }),
  });
}

/** What the request parser understands from free text (POST /api/plan/parse). */
export function parseRequest(text: string): Promise<ParseResult> {
  return api.post<ParseResult>('/plan/parse', { text });
}

export function useTripLinks(tripId: string, enabled: boolean) {
  return useQuery({ queryKey: ['tripLinks', tripId], queryFn: () => api.get<{ items: TripLinkView[] }>(`/trips/${tripId}/links`), enabled });
}

export function useCreateTripLink(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: TripLinkView['kind']) => api.post<CreatedTripLinkView>(`/trips/${tripId}/links`, { kind }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tripLinks', tripId] }),
  });
}

export function useRevokeTripLink(tripId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) => api.delete(`/trips/${tripId}/links/${linkId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tripLinks', tripId] }),
  });
}

export function useSharedTrip(token: string) {
  return useQuery({ queryKey: ['sharedTrip', token], queryFn: () => api.get<SharedTripView>(`/shared/${token}`), retry: false });
}
