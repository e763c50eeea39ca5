import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type {
  CreateOrganizationBody,
  OrganizationDetail,
  OrganizationListItem,
  OrganizationTreeNode,
  UpdateOrganizationBody,
} from '../../domain/contracts/organizations.ts';
import { useDebouncedValue } from '../lib/use-debounced-value.ts';
import { ApiError, api, withQuery } from './client.ts';
import { orgKeys } from './keys.ts';

/**
 * The organizations the user may see, nested. `byLevel` (the pickers): a large tree comes a level at a time and
 * its last level's nodes say how many children are left to ask for (`unloadedChildren`, see
 * `organizationsUnderQuery`).
 */
export function useOrganizationTree(includeArchived = false, byLevel = false, enabled = true) {
  return useQuery<OrganizationTreeNode[]>({
    enabled,
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

/** One organization's detail, as a query (shared by useOrganization and lists that name a few ids). */
export function organizationQuery(id: string) {
  return {
    queryKey: orgKeys.detail(id),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<OrganizationDetail>(`/api/organizations/${encodeURIComponent(id)}`, signal),
  };
}

const detailsOf = (results: Array<UseQueryResult<OrganizationDetail>>) => results.map((r) => r.data);

/** The names of a few organizations, asked for by id (each a cached detail); an id the reader may not see stays unnamed. */
export function useOrganizationNames(ids: readonly string[]): Map<string, string> {
  const details = useQueries({
    queries: [...new Set(ids)].map((id) => ({ ...organizationQuery(id), retry: false, staleTime: 5 * 60_000 })),
    combine: detailsOf,
  });
  return useMemo(() => new Map(details.flatMap((o) => (o ? [[o.id, o.name] as const] : []))), [details]);
}

export function useOrganization(id: string | undefined) {
  return useQuery({ ...organizationQuery(id ?? ''), enabled: Boolean(id) });
}

function hasUnloaded(nodes: readonly OrganizationTreeNode[]): boolean {
  return nodes.some((n) => n.unloadedChildren !== undefined || hasUnloaded(n.children));
}

// Stable (module level), so the opened nodes' children are combined again only when one of them changes.
const childrenOf = (results: Array<UseQueryResult<OrganizationTreeNode[]>>) => results.map((r) => r.data);

/**
 * The tree for a picker or the organization page, a level at a time when it is large: `roots` is the tree with
 * the children of every opened node filled in; a node still carrying `unloadedChildren` has not been opened
 * (`open` asks for its children). `partial`: some nodes have not come, so a search must ask the server.
 */
export function useOrganizationLevels(includeArchived: boolean) {
  const queryClient = useQueryClient();
  const tree = useOrganizationTree(includeArchived, true);
  const [opened, setOpened] = useState<string[]>([]);
  const loaded = useQueries({ queries: opened.map((id) => organizationsUnderQuery(id, includeArchived)), combine: childrenOf });
  const roots = useMemo(() => {
    const under = new Map<string, OrganizationTreeNode[]>();
    opened.forEach((id, i) => {
      const data = loaded[i];
      if (data) under.set(id, data);
    });
    const fill = (n: OrganizationTreeNode): OrganizationTreeNode => {
      if (n.unloadedChildren === undefined) return n.children.length ? { ...n, children: n.children.map(fill) } : n;
      const children = under.get(n.id);
      if (!children) return n;
      const { unloadedChildren: _done, ...rest } = n;
      return { ...rest, children: children.map(fill) };
    };
    return tree.data?.map(fill);
  }, [tree.data, opened, loaded]);
  const partial = useMemo(() => hasUnloaded(tree.data ?? []), [tree.data]);
  const open = useCallback(
    async (id: string) => {
      await queryClient.fetchQuery(organizationsUnderQuery(id, includeArchived));
      setOpened((prev) => (prev.includes(id) ? prev : [...prev, id]));
    },
    [queryClient, includeArchived],
  );
  return { tree, roots, partial, open };
}

export interface VillageChoice {
  id: string;
  name: string;
  /** The 街道 (or whatever sits above), to group by and to tell two villages of one name apart. */
  parentName: string | null;
}

const isVillage = (n: { kind: string; archived: boolean }) => (n.kind === 'village' || n.kind === 'community') && !n.archived;

/**
 * The villages and communities (not archived) a form offers, asked for when the form opens (`enabled`): every one
 * of a small tree; of a large one (a province, sent a level at a time) those the server finds for what was typed
 * (`setSearch`, 50 at most), each with its 街道. `partial` says which: a large tree's select searches on the
 * server (no filtering of its own).
 */
export function useVillageChoices(enabled: boolean) {
  const tree = useOrganizationTree(false, true, enabled);
  const partial = useMemo(() => hasUnloaded(tree.data ?? []), [tree.data]);
  const [search, setSearch] = useState('');
  const typed = useDebouncedValue(search, 300);
  const found = useOrganizationSearch(typed, enabled && partial, false);
  const choices = useMemo(() => {
    if (partial) return (found.data ?? []).filter(isVillage).map((o) => ({ id: o.id, name: o.name, parentName: o.parentName }));
    const out: VillageChoice[] = [];
    const walk = (n: OrganizationTreeNode, parent: OrganizationTreeNode | null) => {
      if (isVillage(n)) out.push({ id: n.id, name: n.name, parentName: parent?.name ?? null });
      n.children.forEach((c) => walk(c, n));
    };
    (tree.data ?? []).forEach((r) => walk(r, null));
    return out;
  }, [partial, tree.data, found.data]);
  const searching = partial && search.trim().length > 0 && (found.isFetching || typed !== search);
  // Until the tree has come it is not known whether the list is whole or searched.
  return { choices, partial, ready: tree.data !== undefined, loading: tree.isLoading || searching, search, setSearch };
}

/** The props a village Select takes from useVillageChoices: a large tree's searches on the server. */
export function villageSearchProps(v: Pick<ReturnType<typeof useVillageChoices>, 'partial' | 'search' | 'setSearch'>) {
  return v.partial ? { filterOption: false as const, searchValue: v.search, onSearch: v.setSearch, showSearch: true } : {};
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
