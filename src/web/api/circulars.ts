import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CircularDetail, CircularList, CircularStatus, UpdateCircularBody } from '../../domain/contracts/circulars.ts';
import { ApiError, api, withQuery } from './client.ts';

/** Query keys of the circulars pages (kept here so this file owns them). */
export const circularKeys = {
  all: ['circulars'] as const,
  list: (status?: CircularStatus) => ['circulars', 'list', status ?? 'all'] as const,
  detail: (id: string) => ['circulars', 'detail', id] as const,
};

const circularPath = (id: string) => `/api/circulars/${encodeURIComponent(id)}`;

/** The .docx download (a plain link: the browser saves the attachment). */
export const circularDocxUrl = (id: string) => `${circularPath(id)}/docx`;
/** Every row of the annex tables as .xlsx (a plain link, as the Word file). */
export const circularAnnexXlsxUrl = (id: string) => `${circularPath(id)}/annex.xlsx`;

export function useCirculars(status?: CircularStatus) {
  return useQuery({
    queryKey: circularKeys.list(status),
    queryFn: ({ signal }) => api.get<CircularList>(withQuery('/api/circulars', { status }), signal),
  });
}

export function useCircular(id: string | undefined) {
  return useQuery({
    queryKey: circularKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<CircularDetail>(circularPath(id ?? ''), signal),
    enabled: Boolean(id),
  });
}

/** Every change returns the whole new detail: put it in the cache and refresh the lists. */
function useCircularMutation<TVars>(mutationFn: (vars: TVars) => Promise<CircularDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess(detail) {
      queryClient.setQueryData(circularKeys.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: ['circulars', 'list'] });
    },
    onError(error) {
      if (error instanceof ApiError && (error.isConflict || error.status === 422)) {
        void queryClient.invalidateQueries({ queryKey: circularKeys.all });
      }
    },
  });
}

export function useGenerateCircular() {
  return useCircularMutation((vars: { month: string }) => api.post<CircularDetail>('/api/circulars', vars));
}

export function useUpdateCircular() {
  return useCircularMutation(({ id, ...body }: UpdateCircularBody & { id: string }) => api.patch<CircularDetail>(circularPath(id), body));
}

export function useRegenerateCircular() {
  return useCircularMutation(({ id, version }: { id: string; version: number }) =>
    api.post<CircularDetail>(`${circularPath(id)}/regenerate`, { version }),
  );
}

export function usePublishCircular() {
  return useCircularMutation(({ id, ...body }: { id: string; version: number; confirmRunningMonth?: boolean }) =>
    api.post<CircularDetail>(`${circularPath(id)}/publish`, body),
  );
}

/** The circular a month already has, from the 409 of a second generation (one circular per month). */
export function existingCircularOf(error: unknown): { id: string; status: CircularStatus; number: string | null } | null {
  if (!(error instanceof ApiError) || !error.isConflict) return null;
  const details = error.details as { existing?: { id: string; status: CircularStatus; number: string | null } } | undefined;
  return details?.existing ?? null;
}

export function useDeleteCircular() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete<void>(withQuery(circularPath(id), { version })),
    onSuccess(_data, vars) {
      queryClient.removeQueries({ queryKey: circularKeys.detail(vars.id) });
      void queryClient.invalidateQueries({ queryKey: ['circulars', 'list'] });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: circularKeys.all });
    },
  });
}
