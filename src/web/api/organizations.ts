import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateOrganizationBody,
  Organization,
  OrganizationDetail,
  OrganizationTreeNode,
  UpdateOrganizationBody,
} from '../../domain/contracts/organizations.ts';
import { ApiError, api, withQuery } from './client.ts';
import { orgKeys } from './keys.ts';

export function useOrganizationTree(includeArchived = false) {
  return useQuery<OrganizationTreeNode[]>({
    queryKey: orgKeys.tree(includeArchived),
    queryFn: ({ signal }) =>
      api.get<{ roots: OrganizationTreeNode[] }>(withQuery('/api/organizations/tree', { includeArchived }), signal).then((r) => r.roots),
    placeholderData: keepPreviousData,
  });
}

export function useOrganization(id: string | undefined) {
  return useQuery({
    queryKey: orgKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<OrganizationDetail>(`/api/organizations/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

export function useOrganizationSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: [...orgKeys.all, 'search', q],
    queryFn: ({ signal }) =>
      api.get<{ items: Organization[] }>(withQuery('/api/organizations', { q, limit: 50 }), signal).then((r) => r.items),
    enabled: enabled && q.trim().length > 0,
  });
}

/** Refreshes every organization view; on a conflict this shows the other person's change. */
function useInvalidateOrganizations() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: orgKeys.all });
}

export function useCreateOrganization() {
  const invalidate = useInvalidateOrganizations();
  return useMutation({
    mutationFn: (body: CreateOrganizationBody) => api.post<OrganizationDetail>('/api/organizations', body),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateOrganizations();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrganizationBody }) =>
      api.patch<OrganizationDetail>(`/api/organizations/${encodeURIComponent(id)}`, body),
    onSuccess(detail) {
      queryClient.setQueryData(orgKeys.detail(detail.id), detail);
      void invalidate();
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void invalidate();
    },
  });
}
