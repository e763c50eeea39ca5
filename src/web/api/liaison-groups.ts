import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateLiaisonGroupBody,
  LiaisonGroup,
  LiaisonGroupList,
  MemberCandidateList,
  UpdateLiaisonGroupBody,
} from '../../domain/contracts/liaison-groups.ts';
import { ApiError, api, withQuery } from './client.ts';

export const liaisonGroupKeys = {
  all: ['liaison-groups'] as const,
  list: (includeArchived: boolean) => ['liaison-groups', 'list', { includeArchived }] as const,
  candidates: (q: string) => ['liaison-groups', 'candidates', q] as const,
};

const groupPath = (id: string) => `/api/liaison-groups/${encodeURIComponent(id)}`;

export function useLiaisonGroups(includeArchived: boolean) {
  return useQuery({
    queryKey: liaisonGroupKeys.list(includeArchived),
    queryFn: ({ signal }) => api.get<LiaisonGroupList>(withQuery('/api/liaison-groups', { includeArchived }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useMemberCandidates(q: string, enabled = true) {
  return useQuery<MemberCandidateList['items']>({
    queryKey: liaisonGroupKeys.candidates(q),
    queryFn: ({ signal }) =>
      api
        .get<MemberCandidateList>(withQuery('/api/liaison-groups/member-candidates', { q: q.trim(), limit: 50 }), signal)
        .then((r) => r.items),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useGroupMutation<TVars>(mutationFn: (vars: TVars) => Promise<LiaisonGroup>) {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: liaisonGroupKeys.all });
  return useMutation({
    mutationFn,
    onSuccess: () => invalidate(),
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void invalidate();
    },
  });
}

export function useCreateLiaisonGroup() {
  return useGroupMutation((body: CreateLiaisonGroupBody) => api.post<LiaisonGroup>('/api/liaison-groups', body));
}

export function useUpdateLiaisonGroup() {
  return useGroupMutation(({ id, body }: { id: string; body: UpdateLiaisonGroupBody }) => api.patch<LiaisonGroup>(groupPath(id), body));
}

export function useArchiveLiaisonGroup() {
  return useGroupMutation(({ group, archive }: { group: LiaisonGroup; archive: boolean }) =>
    api.post<LiaisonGroup>(`${groupPath(group.id)}/${archive ? 'archive' : 'restore'}`, { version: group.version }),
  );
}
