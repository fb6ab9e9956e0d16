// The traveler's own things: memories and API keys; and the operators' runs list.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateApiKeyRequest } from '../../../contracts/auth.js';
import { api, query } from '../api/client.js';
import type { ApiKeyView, CreatedApiKey, Memory, Run } from '../api/types.js';

export function useMemories() {
  return useQuery({ queryKey: ['memories'], queryFn: () => api.get<{ items: Memory[] }>('/memories') });
}

export function useDeleteMemory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/memories/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['memories'] }),
  });
}

export function useApiKeys() {
  return useQuery({ queryKey: ['apiKeys'], queryFn: () => api.get<{ items: ApiKeyView[] }>('/api-keys') });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) => api.post<CreatedApiKey>('/api-keys', body),
    // Not awaited: the form clears when the server answers, not after the refetch, when the next key may be being typed.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['apiKeys'] }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['apiKeys'] }),
  });
}

export interface RunFilters {
  status?: string;
  type?: string;
  tripId?: string;
  userId?: string;
  pageSize?: number;
}

export function useRuns(filters: RunFilters, enabled = true) {
  return useQuery({
    queryKey: ['runs', filters],
    queryFn: () => api.get<{ items: Run[]; query: string }>(`/runs${query({ ...filters })}`),
    enabled,
  });
}
