import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatePlanBody, PlanDetail, PlanList, UpdatePlanBody } from '../../domain/contracts/plans.ts';
import type { PlanStatus } from '../../domain/village-plan.ts';
import { ApiError, api, withQuery } from './client.ts';

export interface PlanFilters {
  organizationId?: string;
  reviewId?: string;
  status?: PlanStatus;
  page?: number;
  pageSize?: number;
}

export const planKeys = {
  all: ['village-plans'] as const,
  list: (f: PlanFilters) => ['village-plans', 'list', f] as const,
  detail: (id: string) => ['village-plans', 'detail', id] as const,
};

export function usePlans(f: PlanFilters, enabled = true) {
  return useQuery({
    queryKey: planKeys.list(f),
    queryFn: ({ signal }) => api.get<PlanList>(withQuery('/api/village-plans', { ...f }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: planKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<PlanDetail>(`/api/village-plans/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}

/** The .docx is a plain download (the session cookie goes with it). */
export const planDocxUrl = (id: string) => `/api/village-plans/${encodeURIComponent(id)}/docx`;

function usePlanMutation<V>(fn: (v: V) => Promise<PlanDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess(p) {
      queryClient.setQueryData(planKeys.detail(p.id), p);
      void queryClient.invalidateQueries({ queryKey: planKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: planKeys.all });
    },
  });
}

export const useCreatePlan = () => usePlanMutation((body: CreatePlanBody) => api.post<PlanDetail>('/api/village-plans', body));

export const useUpdatePlan = () =>
  usePlanMutation(({ id, body }: { id: string; body: UpdatePlanBody }) =>
    api.patch<PlanDetail>(`/api/village-plans/${encodeURIComponent(id)}`, body),
  );

export const useRegeneratePlan = () =>
  usePlanMutation(({ id, version }: { id: string; version: number }) =>
    api.post<PlanDetail>(`/api/village-plans/${encodeURIComponent(id)}/regenerate`, { version }),
  );

export const useApprovePlan = () =>
  usePlanMutation(({ id, version }: { id: string; version: number }) =>
    api.post<PlanDetail>(`/api/village-plans/${encodeURIComponent(id)}/approve`, { version }),
  );
