import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CadenceSettings, UpdateCadenceSettingsBody } from '../../domain/contracts/settings.ts';
import type { StudySettings, UpdateStudySettingsBody } from '../../domain/contracts/study.ts';
import { ApiError, api, apiRequest } from './client.ts';

export const settingsKeys = { cadence: ['settings', 'cadence'] as const, study: ['settings', 'study'] as const };

export function useCadenceSettings() {
  return useQuery({
    queryKey: settingsKeys.cadence,
    queryFn: ({ signal }) => api.get<CadenceSettings>('/api/settings/cadence', signal),
  });
}

/** Saves the rules with the version read; rankings, colours and candidates are recomputed from them. */
export function useSaveCadenceSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    // client.ts has no PUT helper; fetch takes any method name.
    mutationFn: (body: UpdateCadenceSettingsBody) => apiRequest<CadenceSettings>('/api/settings/cadence', { method: 'PUT', body }),
    onSuccess(saved) {
      queryClient.setQueryData(settingsKeys.cadence, saved);
      void queryClient.invalidateQueries({ queryKey: ['rankings'] });
      void queryClient.invalidateQueries({ queryKey: ['interviews'] });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: settingsKeys.cadence });
    },
  });
}

export function useStudySettings() {
  return useQuery({
    queryKey: settingsKeys.study,
    queryFn: ({ signal }) => api.get<StudySettings>('/api/study/settings', signal),
  });
}

/**
 * Saves the Party life's rules with the version read: the meetings owed, the study figures, the colours, the
 * interview candidates and the ranking's study part are computed from them, so every such view is fetched again.
 */
export function useSaveStudySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateStudySettingsBody) => apiRequest<StudySettings>('/api/study/settings', { method: 'PUT', body }),
    onSuccess(saved) {
      queryClient.setQueryData(settingsKeys.study, saved);
      for (const key of ['study', 'rankings', 'interviews', 'dashboard']) void queryClient.invalidateQueries({ queryKey: [key] });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: settingsKeys.study });
    },
  });
}
