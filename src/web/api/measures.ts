import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateMeasureBody, Measure, UpdateMeasureBody } from '../../domain/contracts/measures.ts';
import { ApiError, api } from './client.ts';
import { problemKeys } from './problems.ts';

/** Measures show inside problem details, so every change refreshes the problems. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: problemKeys.all });
}

export function useCreateMeasure() {
  const invalidate = useInvalidate();
  return useMutation({
    /** `key`: the save's Idempotency-Key (useIdempotencyKey), so that a retry after a lost answer adds no second measure. */
    mutationFn: ({ key, ...body }: CreateMeasureBody & { key?: string }) =>
      api.post<Measure>('/api/measures', body, { idempotencyKey: key }),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateMeasure() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMeasureBody }) =>
      api.patch<Measure>(`/api/measures/${encodeURIComponent(id)}`, body),
    onSuccess: () => void invalidate(),
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void invalidate();
    },
  });
}
