import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateVisitBody,
  CreateVisitTaskBody,
  UpdateVisitBody,
  Visit,
  VisitList,
  VisitTask,
  VisitTaskOutcomeBody,
} from '../../domain/contracts/visits.ts';
import { ApiError, api, withQuery } from './client.ts';

export const visitKeys = {
  all: ['visits'] as const,
  list: (f: { organizationId?: string; page?: number; pageSize?: number }) => ['visits', 'list', f] as const,
};

export function useVisits(f: { organizationId?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: visitKeys.list(f),
    queryFn: ({ signal }) => api.get<VisitList>(withQuery('/api/visits', { ...f }), signal),
    placeholderData: keepPreviousData,
  });
}

/** Visits and tasks show on the visits page and the village dashboard: every change refreshes both. */
function useVisitMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: visitKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
  };
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    onError(error) {
      if (error instanceof ApiError && error.isConflict) refresh();
    },
  });
}

export const useCreateVisit = () => useVisitMutation((body: CreateVisitBody) => api.post<Visit>('/api/visits', body));

export const useUpdateVisit = () =>
  useVisitMutation(({ id, body }: { id: string; body: UpdateVisitBody }) =>
    api.patch<Visit>(`/api/visits/${encodeURIComponent(id)}`, body),
  );

export const useAssignTask = () =>
  useVisitMutation(({ visitId, body }: { visitId: string; body: CreateVisitTaskBody }) =>
    api.post<VisitTask>(`/api/visits/${encodeURIComponent(visitId)}/tasks`, body),
  );

export const useResolveTask = () =>
  useVisitMutation(({ id, body }: { id: string; body: VisitTaskOutcomeBody }) =>
    api.post<VisitTask>(`/api/visit-tasks/${encodeURIComponent(id)}/outcome`, body),
  );
