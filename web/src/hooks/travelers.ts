// The signed-in traveler's saved travelers (passport names, date of birth, contact), for checkout.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TravelerDetailsBody } from '../../../contracts/travelers.js';
import { api } from '../api/client.js';
import type { Traveler } from '../api/types.js';

export function useTravelers() {
  return useQuery({ queryKey: ['travelers'], queryFn: () => api.get<{ items: Traveler[] }>('/travelers') });
}

export function useSaveTraveler() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, details }: { id?: string; details: TravelerDetailsBody }) => (id ? api.put<Traveler>(`/travelers/${id}`, details) : api.post<Traveler>('/travelers', details)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['travelers'] }),
  });
}

export function useDeleteTraveler() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/travelers/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['travelers'] }),
  });
}
