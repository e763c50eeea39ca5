import type {
  Organization,
  OrganizationAction,
  OrganizationDetail,
  OrganizationTreeNode,
} from '../../../domain/contracts/organizations.ts';
import type { OrganizationKind } from '../../../domain/organizations.ts';
import type { OrganizationRow } from '../../db/database.ts';
import { toBool } from '../../db/dialect.ts';

export function presentOrganization(r: OrganizationRow): Organization {
  return {
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind as OrganizationKind,
    name: r.name,
    code: r.code,
    isSample: toBool(r.is_sample),
    archived: r.archived_at !== null,
    archivedAt: r.archived_at,
    depth: r.depth,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function presentOrganizationDetail(
  r: OrganizationRow,
  ancestors: OrganizationRow[],
  counts: { all: number; active: number; unsettledProblems: number | null },
  allowedActions: OrganizationAction[],
): OrganizationDetail {
  return {
    ...presentOrganization(r),
    ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, kind: a.kind as OrganizationKind })),
    childCount: counts.all,
    activeChildCount: counts.active,
    unsettledProblemCount: counts.unsettledProblems,
    allowedActions,
  };
}

/**
 * Builds nested nodes from rows ordered by depth; rows whose parent is absent become roots. `unloaded` says how
 * many children a node has that the rows leave out.
 */
export function presentTree(rows: OrganizationRow[], unloaded?: ReadonlyMap<string, number>): OrganizationTreeNode[] {
  const nodes = new Map<string, OrganizationTreeNode>();
  const roots: OrganizationTreeNode[] = [];
  for (const r of rows) {
    const node: OrganizationTreeNode = { ...presentOrganization(r), children: [] };
    const more = unloaded?.get(r.id);
    if (more) node.unloadedChildren = more;
    nodes.set(r.id, node);
  }
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
