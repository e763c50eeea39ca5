import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CancelInterviewBody,
  CloseInterviewBody,
  CreateInterviewBody,
  Interview,
  InterviewCandidates,
  InterviewList,
  RecordInterviewBody,
  RescheduleInterviewBody,
} from '../../domain/contracts/interviews.ts';
import type { InterviewStatus } from '../../domain/interview-workflow.ts';
import { ApiError, api, withQuery } from './client.ts';

export interface InterviewFilters {
  organizationId?: string;
  status?: InterviewStatus;
  page?: number;
  pageSize?: number;
}

export const interviewKeys = {
  all: ['interviews'] as const,
  candidates: (month: string | undefined, page: number) => ['interviews', 'candidates', month ?? 'current', page] as const,
  list: (f: InterviewFilters) => ['interviews', 'list', f] as const,
  detail: (id: string) => ['interviews', 'detail', id] as const,
};

/** Candidates shown a page at a time (a province has thousands). */
export const CANDIDATES_PAGE_SIZE = 20;

export function useInterviewCandidates(month: string | undefined, page: number, enabled: boolean) {
  return useQuery({
    queryKey: interviewKeys.candidates(month, page),
    queryFn: ({ signal }) =>
      api.get<InterviewCandidates>(withQuery('/api/interviews/candidates', { month, page, pageSize: CANDIDATES_PAGE_SIZE }), signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useInterviews(f: InterviewFilters) {
  return useQuery({
    queryKey: interviewKeys.list(f),
    queryFn: ({ signal }) =>
      api.get<InterviewList>(
        withQuery('/api/interviews', { organizationId: f.organizationId, status: f.status, page: f.page, pageSize: f.pageSize }),
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useInterview(id: string | undefined) {
  return useQuery({
    queryKey: interviewKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Interview>(`/api/interviews/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}

function useInterviewMutation<V>(fn: (v: V) => Promise<Interview>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess(iv) {
      queryClient.setQueryData(interviewKeys.detail(iv.id), iv);
      void queryClient.invalidateQueries({ queryKey: interviewKeys.all });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: interviewKeys.all });
    },
  });
}

export const useScheduleInterview = () => useInterviewMutation((body: CreateInterviewBody) => api.post<Interview>('/api/interviews', body));

export const useRescheduleInterview = () =>
  useInterviewMutation(({ id, body }: { id: string; body: RescheduleInterviewBody }) =>
    api.patch<Interview>(`/api/interviews/${encodeURIComponent(id)}`, body),
  );

export const useRecordInterview = () =>
  useInterviewMutation(({ id, body }: { id: string; body: RecordInterviewBody }) =>
    api.post<Interview>(`/api/interviews/${encodeURIComponent(id)}/record`, body),
  );

export const useCloseInterview = () =>
  useInterviewMutation(({ id, body }: { id: string; body: CloseInterviewBody }) =>
    api.post<Interview>(`/api/interviews/${encodeURIComponent(id)}/close`, body),
  );

export const useCancelInterview = () =>
  useInterviewMutation(({ id, body }: { id: string; body: CancelInterviewBody }) =>
    api.post<Interview>(`/api/interviews/${encodeURIComponent(id)}/cancel`, body),
  );
