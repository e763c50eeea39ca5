import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChecklistDetail, CreateRoundBody, RecordResultBody, Round, RoundDetail } from '../../domain/contracts/inspections.ts';
import type { Standard } from '../../domain/contracts/standards.ts';
import { ApiError, api, apiRequest } from './client.ts';
import { problemKeys } from './problems.ts';

export const inspectionKeys = {
  all: ['inspections'] as const,
  rounds: ['inspections', 'rounds'] as const,
  round: (id: string) => ['inspections', 'round', id] as const,
  checklist: (id: string) => ['inspections', 'checklist', id] as const,
  publishedVersions: ['inspections', 'published-versions'] as const,
};

export function useRounds() {
  return useQuery({
    queryKey: inspectionKeys.rounds,
    queryFn: ({ signal }) => api.get<{ items: Round[] }>('/api/inspection-rounds', signal).then((r) => r.items),
  });
}

export function useRound(id: string | undefined) {
  return useQuery({
    queryKey: inspectionKeys.round(id ?? ''),
    queryFn: ({ signal }) => api.get<RoundDetail>(`/api/inspection-rounds/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

export function useChecklist(id: string | undefined) {
  return useQuery({
    queryKey: inspectionKeys.checklist(id ?? ''),
    queryFn: ({ signal }) => api.get<ChecklistDetail>(`/api/inspection-checklists/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

export interface PublishedVersionOption {
  id: string;
  label: string;
}

/** Published standard versions, the ones a round may use. */
export function usePublishedVersions(enabled: boolean) {
  return useQuery({
    queryKey: inspectionKeys.publishedVersions,
    enabled,
    queryFn: ({ signal }) =>
      api
        .get<{ items: Standard[] }>('/api/standards', signal)
        .then((r) =>
          r.items.flatMap((s) =>
            s.versions
              .filter((v) => v.status === 'published')
              .map((v): PublishedVersionOption => ({ id: v.id, label: `${v.title || s.name}（第${v.versionNo}版）` })),
          ),
        ),
  });
}

function useInvalidateInspections() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: inspectionKeys.all });
    void queryClient.invalidateQueries({ queryKey: problemKeys.all });
  };
}

export function useCreateRound() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: (body: CreateRoundBody) => api.post<RoundDetail>('/api/inspection-rounds', body),
    onSuccess: () => invalidate(),
  });
}

export function useCloseRound() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api.post<RoundDetail>(`/api/inspection-rounds/${encodeURIComponent(id)}/close`, { version }),
    onSettled: () => invalidate(),
  });
}

export function useRecordResult() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: ({ id, checkItemId, body }: { id: string; checkItemId: string; body: RecordResultBody }) =>
      // client.ts has no PUT helper; fetch takes any method name.
      apiRequest<ChecklistDetail>(`/api/inspection-checklists/${encodeURIComponent(id)}/results/${encodeURIComponent(checkItemId)}`, {
        method: 'PUT',
        body,
      }),
    onSuccess(detail) {
      queryClient.setQueryData(inspectionKeys.checklist(detail.id), detail);
      invalidate();
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) invalidate();
    },
  });
}

export function useCompleteChecklist() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api.post<ChecklistDetail>(`/api/inspection-checklists/${encodeURIComponent(id)}/complete`, { version }),
    onSettled: () => invalidate(),
  });
}
