import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BulkCloseBody,
  BulkCloseResult,
  BulkUpdateBody,
  CreateProblemBody,
  ProblemDetail,
  ProblemListItem,
  StatusCounts,
  TransitionBody,
  UpdateProblemBody,
} from '../../domain/contracts/problems.ts';
import { ApiError, api, withQuery, type QueryValue } from './client.ts';
import { stepKey } from '../lib/idempotency-key.ts';

export const problemKeys = {
  all: ['problems'] as const,
  list: (params: object) => ['problems', 'list', params] as const,
  detail: (id: string) => ['problems', 'detail', id] as const,
};

export interface ProblemListResponse {
  items: ProblemListItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: StatusCounts;
}

export type ProblemListParams = Record<string, QueryValue>;

export function useProblems(params: ProblemListParams) {
  return useQuery({
    queryKey: problemKeys.list(params),
    queryFn: ({ signal }) => api.get<ProblemListResponse>(withQuery('/api/problems', params), signal),
    placeholderData: keepPreviousData,
  });
}

export function useProblem(id: string | undefined) {
  return useQuery({
    queryKey: problemKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<ProblemDetail>(`/api/problems/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

/**
 * After any change (or a conflict) every problem view refetches, except the detail of `answered`: a write answers
 * with the problem's whole detail, which is put in the cache as it is, so asking for it again would only cost a
 * village secretary's phone one more round trip.
 */
export function invalidateProblems(queryClient: QueryClient, answered?: string) {
  return queryClient.invalidateQueries(
    answered === undefined
      ? { queryKey: problemKeys.all }
      : { queryKey: problemKeys.all, predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === answered) },
  );
}

export function useInvalidateProblems() {
  const queryClient = useQueryClient();
  return () => invalidateProblems(queryClient);
}

function useProblemMutation<V>(fn: (vars: V) => Promise<ProblemDetail>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateProblems();
  return useMutation({
    mutationFn: fn,
    onSuccess(detail) {
      if (detail && typeof detail === 'object' && 'id' in detail) {
        queryClient.setQueryData(problemKeys.detail(detail.id), detail);
        void invalidateProblems(queryClient, detail.id);
      } else void invalidate();
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void invalidate();
    },
  });
}

export function useCreateProblem() {
  return useProblemMutation((body: CreateProblemBody) => api.post<ProblemDetail>('/api/problems', body));
}

export function useUpdateProblem() {
  return useProblemMutation(({ id, body }: { id: string; body: UpdateProblemBody }) =>
    api.patch<ProblemDetail>(`/api/problems/${encodeURIComponent(id)}`, body),
  );
}

export function useTransitionProblem() {
  return useProblemMutation(({ id, body }: { id: string; body: TransitionBody }) =>
    api.post<ProblemDetail>(`/api/problems/${encodeURIComponent(id)}/transitions`, body, {
      idempotencyKey: stepKey(`/api/problems/${id}/transitions`, body),
    }),
  );
}

export function useAddProgress() {
  return useProblemMutation(({ id, text, key }: { id: string; text: string; key?: string }) =>
    api.post<ProblemDetail>(`/api/problems/${encodeURIComponent(id)}/progress`, { text }, { idempotencyKey: key }),
  );
}

/** 批量销号: each problem is closed on its own; the answer lists the ones that could not be. */
export function useBulkCloseProblems() {
  const invalidate = useInvalidateProblems();
  return useMutation({
    mutationFn: (body: BulkCloseBody) => api.post<BulkCloseResult>('/api/problems/bulk-close', body),
    onSettled: () => void invalidate(),
  });
}

export function useBulkUpdateProblems() {
  const invalidate = useInvalidateProblems();
  return useMutation({
    mutationFn: (body: BulkUpdateBody) => api.post<{ updated: number }>('/api/problems/bulk', body),
    onSettled: () => void invalidate(),
  });
}
