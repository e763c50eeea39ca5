import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddAreaBody,
  AddCheckItemBody,
  CreateStandardBody,
  StandardComparison,
  StandardList,
  StandardVersionDetail,
  UpdateAreaBody,
  UpdateCheckItemBody,
  UpdateDraftBody,
} from '../../domain/contracts/standards.ts';
import { ApiError, api, withQuery } from './client.ts';

/** Query keys of the standards pages (kept here so this file owns them). */
export const standardKeys = {
  all: ['standards'] as const,
  list: () => ['standards', 'list'] as const,
  version: (id: string) => ['standards', 'version', id] as const,
  compare: (from: string, to: string) => ['standards', 'compare', from, to] as const,
};

const versionPath = (id: string) => `/api/standard-versions/${encodeURIComponent(id)}`;

export function useStandards() {
  return useQuery({
    queryKey: standardKeys.list(),
    queryFn: ({ signal }) => api.get<StandardList>('/api/standards', signal),
  });
}

export function useStandardVersion(id: string | undefined) {
  return useQuery({
    queryKey: standardKeys.version(id ?? ''),
    queryFn: ({ signal }) => api.get<StandardVersionDetail>(versionPath(id ?? ''), signal),
    enabled: Boolean(id),
  });
}

export function useStandardComparison(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: standardKeys.compare(from ?? '', to ?? ''),
    queryFn: ({ signal }) => api.get<StandardComparison>(withQuery('/api/standard-versions/compare', { from, to }), signal),
    enabled: Boolean(from && to),
  });
}

/** Every change returns the whole new detail: put it in the cache and refresh the list. */
function useVersionMutation<TVars>(mutationFn: (vars: TVars) => Promise<StandardVersionDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess(detail) {
      queryClient.setQueryData(standardKeys.version(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: standardKeys.list() });
      void queryClient.invalidateQueries({ queryKey: ['standards', 'compare'] });
    },
    onError(error) {
      if (error instanceof ApiError && (error.isConflict || error.status === 422)) {
        void queryClient.invalidateQueries({ queryKey: standardKeys.all });
      }
    },
  });
}

export function useCreateStandard() {
  return useVersionMutation((body: CreateStandardBody) => api.post<StandardVersionDetail>('/api/standards', body));
}

export function useCreateDraft() {
  return useVersionMutation(({ standardId, basedOnVersionId }: { standardId: string; basedOnVersionId?: string }) =>
    api.post<StandardVersionDetail>(
      `/api/standards/${encodeURIComponent(standardId)}/drafts`,
      basedOnVersionId ? { basedOnVersionId } : {},
    ),
  );
}

export function useUpdateDraft() {
  return useVersionMutation(({ id, body }: { id: string; body: UpdateDraftBody }) =>
    api.patch<StandardVersionDetail>(versionPath(id), body),
  );
}

export function usePublishVersion() {
  return useVersionMutation(({ id, version }: { id: string; version: number }) =>
    api.post<StandardVersionDetail>(`${versionPath(id)}/publish`, { version }),
  );
}

export function useAddArea() {
  return useVersionMutation(({ id, body }: { id: string; body: AddAreaBody }) =>
    api.post<StandardVersionDetail>(`${versionPath(id)}/areas`, body),
  );
}

export function useUpdateArea() {
  return useVersionMutation(({ id, areaId, body }: { id: string; areaId: string; body: UpdateAreaBody }) =>
    api.patch<StandardVersionDetail>(`${versionPath(id)}/areas/${encodeURIComponent(areaId)}`, body),
  );
}

export function useDeleteArea() {
  return useVersionMutation(({ id, areaId, version }: { id: string; areaId: string; version: number }) =>
    api.delete<StandardVersionDetail>(withQuery(`${versionPath(id)}/areas/${encodeURIComponent(areaId)}`, { version })),
  );
}

export function useAddItem() {
  return useVersionMutation(({ id, body }: { id: string; body: AddCheckItemBody }) =>
    api.post<StandardVersionDetail>(`${versionPath(id)}/items`, body),
  );
}

export function useUpdateItem() {
  return useVersionMutation(({ id, itemId, body }: { id: string; itemId: string; body: UpdateCheckItemBody }) =>
    api.patch<StandardVersionDetail>(`${versionPath(id)}/items/${encodeURIComponent(itemId)}`, body),
  );
}

export function useDeleteItem() {
  return useVersionMutation(({ id, itemId, version }: { id: string; itemId: string; version: number }) =>
    api.delete<StandardVersionDetail>(withQuery(`${versionPath(id)}/items/${encodeURIComponent(itemId)}`, { version })),
  );
}
