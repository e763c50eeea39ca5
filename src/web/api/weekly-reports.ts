import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReportListStatus,
  RemindWeeklyReportResult,
  ReportUnitType,
  UpdateWeeklyReportBody,
  WeeklyReportDetail,
  WeeklyReportList,
} from '../../domain/contracts/weekly-reports.ts';
import type { ReportFlag } from '../../domain/weekly-report-workflow.ts';
import { ApiError, api, withQuery } from './client.ts';

export const weeklyReportKeys = {
  all: ['weekly-reports'] as const,
  list: (params: object) => ['weekly-reports', 'list', params] as const,
  detail: (id: string) => ['weekly-reports', 'detail', id] as const,
};

export interface WeeklyReportListParams {
  week?: string;
  /** 1-based; the server's page size (a district's units fit in the first page). */
  page?: number;
  organizationId?: string;
  status?: ReportListStatus;
  flag?: ReportFlag;
}

export function useWeeklyReports(params: WeeklyReportListParams) {
  return useQuery({
    queryKey: weeklyReportKeys.list(params),
    queryFn: ({ signal }) => api.get<WeeklyReportList>(withQuery('/api/weekly-reports', { ...params }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useWeeklyReport(id: string | undefined) {
  return useQuery({
    queryKey: weeklyReportKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<WeeklyReportDetail>(`/api/weekly-reports/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

/** After any change (or a conflict) every report view refetches. */
function useReportMutation<V>(fn: (vars: V) => Promise<WeeklyReportDetail>) {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: weeklyReportKeys.all });
  return useMutation({
    mutationFn: fn,
    onSuccess(detail) {
      queryClient.setQueryData(weeklyReportKeys.detail(detail.id), detail);
      void invalidate();
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void invalidate();
    },
  });
}

/** Starts (or opens the existing) report of a unit for a week. */
export function useStartWeeklyReport() {
  return useReportMutation((body: { week: string; unitType: ReportUnitType; unitId: string }) =>
    api.post<WeeklyReportDetail>('/api/weekly-reports', body),
  );
}

export function useSaveWeeklyReport() {
  return useReportMutation(({ id, body }: { id: string; body: UpdateWeeklyReportBody }) =>
    api.patch<WeeklyReportDetail>(`/api/weekly-reports/${encodeURIComponent(id)}`, body),
  );
}

export function useSubmitWeeklyReport() {
  return useReportMutation(({ id, version }: { id: string; version: number }) =>
    api.post<WeeklyReportDetail>(`/api/weekly-reports/${encodeURIComponent(id)}/submit`, { version }),
  );
}

export function useReturnWeeklyReport() {
  return useReportMutation(({ id, version, reason }: { id: string; version: number; reason: string }) =>
    api.post<WeeklyReportDetail>(`/api/weekly-reports/${encodeURIComponent(id)}/return`, { version, reason }),
  );
}

export function useCommentWeeklyReport() {
  return useReportMutation(({ id, text }: { id: string; text: string }) =>
    api.post<WeeklyReportDetail>(`/api/weekly-reports/${encodeURIComponent(id)}/comments`, { text }),
  );
}

/** 催报: tells a unit of its past-due report (its secretaries or group members); once a day per unit and week. */
export function useRemindWeeklyReport() {
  return useMutation({
    mutationFn: (body: { week: string; unitType: ReportUnitType; unitId: string }) =>
      api.post<RemindWeeklyReportResult>('/api/weekly-reports/remind', body),
  });
}
