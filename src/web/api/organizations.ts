import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateOrganizationBody,
  OrganizationDetail,
  OrganizationListItem,
  OrganizationTreeNode,
  UpdateOrganizationBody,
} from '../../domain/contracts/organizations.ts';
import { ApiError, api, withQuery } from './client.ts';
import { orgKeys } from './keys.ts';

/**
 * The organizations the user may see, nested. `byLevel` (the pickers): a large tree comes a level at a time and
 * its last level's nodes say how many children are left to ask for (`unloadedChildren`, see
 * `organizationsUnderQuery`).
 */
export function useOrganizationTree(includeArchived = false, byLevel = false) {
  return useQuery<OrganizationTreeNode[]>({
    queryKey: orgKeys.tree(includeArchived, byLevel),
    queryFn: ({ signal }) =>
      api
        .get<{ roots: OrganizationTreeNode[] }>(withQuery('/api/organizations/tree', { includeArchived, byLevel }), signal)
        .then((r) => r.roots),
    placeholderData: keepPreviousData,
  });
}

/** The next levels under one organization of a tree sent a level at a time, as a query (cached like any). */
export function organizationsUnderQuery(parentId: string, includeArchived: boolean) {
  return {
    queryKey: orgKeys.under(parentId, includeArchived),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api
        .get<{ roots: OrganizationTreeNode[] }>(withQuery('/api/organizations/tree', { includeArchived, byLevel: true, parentId }), signal)
        .then((r) => r.roots),
    staleTime: 60_000,
  };
}

export function useOrganization(id: string | undefined) {
  return useQuery({
    queryKey: orgKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<OrganizationDetail>(`/api/organizations/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

/** Organizations whose name or code holds `q`, with their parent's name (at most 50). */
export function useOrganizationSearch(q: string, enabled = true, includeArchived = false) {
  const text = q.trim();
  return useQuery<OrganizationListItem[]>({
    queryKey: orgKeys.search(text, includeArchived),
    queryFn: ({ signal }) =>
      api
        .get<{ items: OrganizationListItem[] }>(withQuery('/api/organizations', { q: text, limit: 50, includeArchived }), signal)
        .then((r) => r.items),
    enabled: enabled && text.length > 0,
    placeholderData: keepPreviousData,
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
