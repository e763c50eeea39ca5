import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateReviewBody,
  RecordOutcomesBody,
  Review,
  ReviewList,
  UpdateReviewBody,
  WithdrawProblemBody,
} from '../../domain/contracts/reviews.ts';
import { ApiError, api, withQuery } from './client.ts';
import { problemKeys } from './problems.ts';

export interface ReviewFilters {
  organizationId?: string;
  roundId?: string;
  page?: number;
  pageSize?: number;
}

export const reviewKeys = {
  all: ['reviews'] as const,
  list: (f: ReviewFilters) => ['reviews', 'list', f] as const,
  detail: (id: string) => ['reviews', 'detail', id] as const,
};

/** The villages whose checklist is finished, with their 两委会 review and plan. */
export function useReviews(f: ReviewFilters) {
  return useQuery({
    queryKey: reviewKeys.list(f),
    queryFn: ({ signal }) => api.get<ReviewList>(withQuery('/api/reviews', { ...f }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useReview(id: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Review>(`/api/reviews/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}

/** Every change refreshes the review (and the ledger: withdrawals and measures show there too). */
function useReviewMutation<V>(fn: (v: V) => Promise<Review>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess(r) {
      queryClient.setQueryData(reviewKeys.detail(r.id), r);
      void queryClient.invalidateQueries({ queryKey: reviewKeys.all });
      void queryClient.invalidateQueries({ queryKey: problemKeys.all });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });
}

export const useCreateReview = () => useReviewMutation((body: CreateReviewBody) => api.post<Review>('/api/reviews', body));

export const useUpdateReview = () =>
  useReviewMutation(({ id, body }: { id: string; body: UpdateReviewBody }) =>
    api.patch<Review>(`/api/reviews/${encodeURIComponent(id)}`, body),
  );

export const useRecordOutcomes = () =>
  useReviewMutation(({ id, body }: { id: string; body: RecordOutcomesBody }) =>
    api.put<Review>(`/api/reviews/${encodeURIComponent(id)}/outcomes`, body),
  );

export const useWithdrawProblem = () =>
  useReviewMutation(({ id, body }: { id: string; body: WithdrawProblemBody }) =>
    api.post<Review>(`/api/reviews/${encodeURIComponent(id)}/withdrawals`, body),
  );
