import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttainmentDetail, AttainmentList, AttainmentTransitionBody } from '../../domain/contracts/attainments.ts';
import type { RectificationPeriodBody, RoundDetail } from '../../domain/contracts/inspections.ts';
import { ApiError, api, withQuery } from './client.ts';
import { dashboardKeys } from './dashboard.ts';
import { inspectionKeys } from './inspections.ts';

export const attainmentKeys = {
  all: ['attainments'] as const,
  list: (roundId: string | undefined, organizationId: string | undefined) =>
    ['attainments', 'list', roundId ?? 'latest', organizationId ?? 'scope'] as const,
  detail: (checklistId: string) => ['attainments', 'detail', checklistId] as const,
};

/** The villages of a round (default: the latest in scope) with their score and 达标 state. */
export function useAttainments(roundId?: string, organizationId?: string, enabled = true) {
  return useQuery({
    queryKey: attainmentKeys.list(roundId, organizationId),
    queryFn: ({ signal }) => api.get<AttainmentList>(withQuery('/api/attainments', { roundId, organizationId }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAttainment(checklistId: string | undefined) {
  return useQuery({
    queryKey: attainmentKeys.detail(checklistId ?? ''),
    queryFn: ({ signal }) => api.get<AttainmentDetail>(`/api/attainments/${encodeURIComponent(checklistId!)}`, signal),
    enabled: Boolean(checklistId),
  });
}

/** The dashboards count 达标 too: a step refreshes them with the lists. */
function useInvalidateStanding() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: attainmentKeys.all });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
  };
}

export function useTransitionAttainment() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateStanding();
  return useMutation({
    mutationFn: ({ checklistId, body }: { checklistId: string; body: AttainmentTransitionBody }) =>
      api.post<AttainmentDetail>(`/api/attainments/${encodeURIComponent(checklistId)}/transitions`, body),
    onSuccess(detail) {
      queryClient.setQueryData(attainmentKeys.detail(detail.checklistId), detail);
      invalidate();
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) invalidate();
    },
  });
}

/** Sets (or, with nulls, resets) a round's 集中整改期. */
export function useSetRectificationPeriod() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateStanding();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RectificationPeriodBody }) =>
      api.put<RoundDetail>(`/api/inspection-rounds/${encodeURIComponent(id)}/rectification-period`, body),
    onSuccess(round) {
      queryClient.setQueryData(inspectionKeys.round(round.id), round);
      void queryClient.invalidateQueries({ queryKey: inspectionKeys.all });
      invalidate();
    },
  });
}
