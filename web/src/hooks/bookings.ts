// Bookings and proposals (bookings awaiting the traveler's decision) of a trip.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { ApproveBookingBody, StartBookingBody } from '../../../contracts/bookings.js';
import type { BookingView } from '../api/types.js';


export function useBookings(tripId: string, enabled = true) {
  return useQuery({ queryKey: ['bookings', tripId], queryFn: () => api.get<{ items: BookingView[] }>(`/trips/${tripId}/bookings`), enabled });
}

export function useBooking(tripId: string, bookingId: string) {
  return useQuery({
    queryKey: ['booking', tripId, bookingId],
    queryFn: () => api.get<BookingView>(`/trips/${tripId}/bookings/${bookingId}`),
    // Live events refresh it; poll slowly as a fallback while the saga is moving.
    refetchInterval: (q) => (q.state.data && ['confirmed', 'failed', 'cancelled', 'expired', 'rejected'].includes(q.state.data.status) ? false : 5_000),
  });
}

export function useProposals(tripId: string) {
  return useQuery({ queryKey: ['proposals', tripId], queryFn: () => api.get<{ items: BookingView[] }>(`/trips/${tripId}/proposals`) });
}

function useInvalidateBookings(tripId: string) {
  const queryClient = useQueryClient();
  return (booking?: BookingView) => {
    if (booking) queryClient.setQueryData(['booking', tripId, booking.bookingId], booking);
    void queryClient.invalidateQueries({ queryKey: ['bookings', tripId] });
    void queryClient.invalidateQueries({ queryKey: ['proposals', tripId] });
    void queryClient.invalidateQueries({ queryKey: ['tripState', tripId] });
  };
}

export function useCreateBooking(tripId: string) {
  const invalidate = useInvalidateBookings(tripId);
  return useMutation({
    // One idempotency key per attempt: a retried request never starts a second booking.
    mutationFn: ({ body, idempotencyKey }: { body: StartBookingBody; idempotencyKey: string }) => api.post<BookingView>(`/trips/${tripId}/bookings`, body, { idempotencyKey }),
    onSuccess: invalidate,
  });
}

export function useCancelBooking(tripId: string) {
  const invalidate = useInvalidateBookings(tripId);
  return useMutation({
    mutationFn: (bookingId: string) => api.post<BookingView>(`/trips/${tripId}/bookings/${bookingId}/cancel`),
    onSuccess: invalidate,
  });
}

export type ProposalDecision =
  | { decision: 'approve'; note?: string; card: ApproveBookingBody['card']; travelerIds?: string[] }
  | { decision: 'reject'; note?: string }
  | { decision: 'edit'; flightOfferId?: string | null; stayOfferId?: string | null; note?: string };

export function useDecideProposal(tripId: string) {
  const invalidate = useInvalidateBookings(tripId);
  return useMutation({
    mutationFn: ({ bookingId, decision }: { bookingId: string; decision: ProposalDecision }) => {
      const { decision: kind, ...body } = decision;
      return api.post<BookingView>(`/trips/${tripId}/proposals/${bookingId}/${kind}`, body);
    },
    onSuccess: invalidate,
  });
}
