// A trip's shared expenses: the list with totals, settle-up, and adding and deleting one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../api/client.js';
import type { CreateExpenseBody, expenseListView, ExpenseView, settleUpView } from '../../../contracts/expenses.js';

export type ExpenseList = z.output<typeof expenseListView>;
export type SettleUp = z.output<typeof settleUpView>;

const keys = (tripId: string) => [['expenses', tripId], ['settleUp', tripId]] as const;

export function useExpenses(tripId: string) {
  return useQuery({ queryKey: ['expenses', tripId], queryFn: () => api.get<ExpenseList>(`/trips/${tripId}/expenses`) });
}

export function useSettleUp(tripId: string) {
  return useQuery({ queryKey: ['settleUp', tripId], queryFn: () => api.get<SettleUp>(`/trips/${tripId}/expenses/settle-up`) });
}

/**
 * Refetches the list and the settle-up without holding the mutation: it settles when the server answers, so
 * the form clears then, not after the refetches, when the traveler may be typing the next expense.
 */
function useInvalidateExpenses(tripId: string) {
  const queryClient = useQueryClient();
  return () => {
    for (const queryKey of keys(tripId)) void queryClient.invalidateQueries({ queryKey });
  };
}

export function useAddExpense(tripId: string) {
  const invalidate = useInvalidateExpenses(tripId);
  return useMutation({ mutationFn: (body: CreateExpenseBody) => api.post<ExpenseView>(`/trips/${tripId}/expenses`, body), onSuccess: invalidate });
}

export function useDeleteExpense(tripId: string) {
  const invalidate = useInvalidateExpenses(tripId);
  return useMutation({ mutationFn: (expenseId: string) => api.delete(`/trips/${tripId}/expenses/${expenseId}`), onSuccess: invalidate });
}
