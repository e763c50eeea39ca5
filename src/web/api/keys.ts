/** Query keys, in one place so invalidation matches what the hooks cache. */
export const sessionKey = ['session'] as const;

export const orgKeys = {
  all: ['organizations'] as const,
  tree: (includeArchived: boolean, byLevel = false) => ['organizations', 'tree', { includeArchived, byLevel }] as const,
  /** The organizations under one, for a picker opening a node of a tree sent a level at a time. */
  under: (parentId: string, includeArchived: boolean) => ['organizations', 'tree', { includeArchived, byLevel: true, parentId }] as const,
  search: (q: string, includeArchived: boolean) => ['organizations', 'search', { q, includeArchived }] as const,
  detail: (id: string) => ['organizations', 'detail', id] as const,
};

export const userKeys = {
  all: ['users'] as const,
  list: (params: object) => ['users', 'list', params] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  list: (params: object) => ['audit', 'list', params] as const,
};
