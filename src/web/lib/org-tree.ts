import type { OrganizationTreeNode } from '../../domain/contracts/organizations.ts';

/** Pure helpers over the organization tree the server returns. */

export interface TreeIndex {
  byId: Map<string, OrganizationTreeNode>;
  parentOf: Map<string, string | null>;
}

export function indexTree(roots: readonly OrganizationTreeNode[]): TreeIndex {
  const byId = new Map<string, OrganizationTreeNode>();
  const parentOf = new Map<string, string | null>();
  const visit = (node: OrganizationTreeNode, parent: string | null) => {
    byId.set(node.id, node);
    parentOf.set(node.id, parent);
    for (const child of node.children) visit(child, node.id);
  };
  for (const root of roots) visit(root, null);
  return { byId, parentOf };
}

/** Ancestors of `id` within the visible tree, nearest last. */
export function ancestorIds(index: TreeIndex, id: string): string[] {
  const out: string[] = [];
  let current = index.parentOf.get(id) ?? null;
  while (current) {
    out.unshift(current);
    current = index.parentOf.get(current) ?? null;
  }
  return out;
}

export function subtreeIds(node: OrganizationTreeNode): Set<string> {
  const ids = new Set<string>();
  const visit = (n: OrganizationTreeNode) => {
    ids.add(n.id);
    n.children.forEach(visit);
  };
  visit(node);
  return ids;
}

export function withoutArchived(roots: readonly OrganizationTreeNode[]): OrganizationTreeNode[] {
  return roots.filter((n) => !n.archived).map((n) => ({ ...n, children: withoutArchived(n.children) }));
}

export function matchesQuery(node: Pick<OrganizationTreeNode, 'name' | 'code'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return node.name.toLowerCase().includes(q) || (node.code?.toLowerCase().includes(q) ?? false);
}

export interface FilteredTree {
  roots: OrganizationTreeNode[];
  /** Nodes whose own name or code matches. */
  matchIds: Set<string>;
  /** Ancestors of matches, to expand so every match is in sight. */
  expandIds: Set<string>;
}

/**
 * Keeps the matching nodes, their ancestors (the path to them) and, under a
 * match, its whole subtree, so a found village still shows its branches.
 */
export function filterTree(roots: readonly OrganizationTreeNode[], query: string): FilteredTree {
  const matchIds = new Set<string>();
  const expandIds = new Set<string>();
  if (!query.trim()) return { roots: [...roots], matchIds, expandIds };

  const markMatches = (n: OrganizationTreeNode) => {
    if (matchesQuery(n, query)) matchIds.add(n.id);
    n.children.forEach(markMatches);
  };
  roots.forEach(markMatches);

  const prune = (nodes: readonly OrganizationTreeNode[], path: readonly string[]): OrganizationTreeNode[] => {
    const kept: OrganizationTreeNode[] = [];
    for (const n of nodes) {
      // Pruning the children first also expands the path to matches deeper down.
      const children = prune(n.children, [...path, n.id]);
      if (matchIds.has(n.id)) {
        path.forEach((id) => expandIds.add(id));
        kept.push(n);
      } else if (children.length) {
        kept.push({ ...n, children });
      }
    }
    return kept;
  };
  return { roots: prune(roots, []), matchIds, expandIds };
}
