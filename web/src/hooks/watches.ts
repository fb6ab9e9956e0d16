// Price watches: list, one watch, its price history, and their changes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { changeWatchSchema, CreateWatchBody } from '../../../contracts/watches.js';
import { api, query } from '../api/client.js';
import type { BookingView, CreatedWatch, PricePointPage, WatchState, WatchSummary } from '../api/types.js';

export type ChangeWatchBody = z.output<typeof changeWatchSchema>;
export type { CreateWatchBody };

export function useWatches(tripId?: string) {
  return useQuery({ queryKey: ['watches', tripId ?? 'all'], queryFn: () => api.get<{ items: WatchSummary[] }>(`/watches${query({ tripId })}`) });
}

export function useWatch(watchId: string) {
  return useQuery({ queryKey: ['watch', watchId], queryFn: () => api.get<WatchState>(`/watches/${watchId}`), refetchInterval: 10_000 });
}

export function useWatchPoints(watchId: string) {
  return useQuery({
    queryKey: ['watchPoints', watchId],
    queryFn: () => api.get<PricePointPage>(`/watches/${watchId}/points${query({ limit: 1000 })}`),
    refetchInterval: 10_000,
  });
}

function useInvalidateWatches() {
  const queryClient = useQueryClient();
  return (watchId?: string) => {
    void queryClient.invalidateQueries({ queryKey: ['watches'] });
    if (watchId) {
      void queryClient.invalidateQueries({ queryKey: ['watch', watchId] });
      void queryClient.invalidateQueries({ queryKey: ['watchPoints', watchId] });
    }
  };
}

export function useCreateWatch() {
  const invalidate = useInvalidateWatches();
  return useMutation({ mutationFn: (body: CreateWatchBody) => api.post<CreatedWatch>('/watches', body), onSuccess: (created) => invalidate(created.watch.watchId) });
}

export function useChangeWatch(watchId: string) {
  const invalidate = useInvalidateWatches();
  return useMutation({ mutationFn: (body: ChangeWatchBody) => api.patch<WatchState>(`/watches/${watchId}`, body), onSuccess: () => invalidate(watchId) });
}

export function useWatchAction(watchId: string) {
  const invalidate = useInvalidateWatches();
  return useMutation({
    mutationFn: async (action: 'pause' | 'resume' | 'stop') => {
      if (action === 'stop') await api.delete(`/watches/${watchId}`);
      else await api.post<WatchState>(`/watches/${watchId}/${action}`);
    },
    onSuccess: () => invalidate(watchId),
  });
}

/** "Book now": books the quote of the watch's last alert (or a given price point). */
export function bookFromWatch(watchId: string, pointId?: string): Promise<BookingView> {
  return api.post<BookingView>(`/watches/${watchId}/book`, pointId ? { pointId } : {}, { idempotencyKey: crypto.randomUUID() });
}
