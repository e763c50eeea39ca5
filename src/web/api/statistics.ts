import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SnapshotWeek, SnapshotWeekList, Trend, WeekStatistics } from '../../domain/contracts/statistics.ts';
import { ApiError, api, withQuery } from './client.ts';

/** Query keys of the statistics page (kept here so this file owns them). */
export const statisticsKeys = {
  all: ['statistics'] as const,
  week: (organizationId: string | undefined, week: string | undefined) =>
    ['statistics', 'week', organizationId ?? 'scope', week ?? 'current'] as const,
  trend: (organizationId: string | undefined, weeks: number) => ['statistics', 'trend', organizationId ?? 'scope', weeks] as const,
  snapshotWeeks: ['statistics', 'snapshot-weeks'] as const,
};

/** 一周一统计 of an organization (default: the reader's widest scope) and its direct children. */
export function useWeekStatistics(params: { organizationId?: string; week?: string }, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: statisticsKeys.week(params.organizationId, params.week),
    queryFn: ({ signal }) => api.get<WeekStatistics>(withQuery('/api/statistics/weeks', { ...params }), signal),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useStatisticsTrend(organizationId: string | undefined, weeks = 12) {
  return useQuery({
    queryKey: statisticsKeys.trend(organizationId, weeks),
    queryFn: ({ signal }) => api.get<Trend>(withQuery('/api/statistics/trend', { organizationId, weeks }), signal),
  });
}

/** The frozen weeks, newest first, and the last completed week (by the server's clock). */
export function useSnapshotWeeks() {
  return useQuery({
    queryKey: statisticsKeys.snapshotWeeks,
    queryFn: ({ signal }) => api.get<SnapshotWeekList>('/api/statistics/snapshot-weeks', signal),
  });
}

/** Recomputes (or, with version 0, freezes) a completed week; every statistics view refetches after it, or after a conflict. */
export function useRecomputeWeek() {
  const queryClient = useQueryClient();
  const invalidate = async () => {
    await queryClient.invalidateQueries({ queryKey: statisticsKeys.all });
    // Rankings and colours read the frozen weeks too.
    await queryClient.invalidateQueries({ queryKey: ['rankings'] });
  };
  return useMutation({
    mutationFn: ({ week, version }: { week: string; version: number }) =>
      api.post<SnapshotWeek>(`/api/statistics/weeks/${encodeURIComponent(week)}/recompute`, { version }),
    onSuccess() {
      void invalidate();
    },
    onError(error) {
      if (error instanceof ApiError && (error.isConflict || error.status === 400)) void invalidate();
    },
  });
}
