/** Organization kinds and the tree rules shared by server and web. */
export const ORGANIZATION_KINDS = ['district', 'subdistrict', 'village', 'community', 'branch'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Which kinds may sit directly under which; `null` means a root. */
export const ALLOWED_PARENT_KINDS = {
  district: [null],
  subdistrict: ['district'],
  village: ['subdistrict'],
  community: ['subdistrict'],
  branch: ['village', 'community', 'subdistrict', 'district'],
} as const satisfies Record<OrganizationKind, readonly (OrganizationKind | null)[]>;

export function canBeChildOf(kind: OrganizationKind, parentKind: OrganizationKind | null): boolean {
  return (ALLOWED_PARENT_KINDS[kind] as readonly (OrganizationKind | null)[]).includes(parentKind);
}

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, { zh: string; en: string }> = {
  district: { zh: '区', en: 'District' },
  subdistrict: { zh: '街道', en: 'Subdistrict' },
  village: { zh: '村', en: 'Village' },
  community: { zh: '社区', en: 'Community' },
  branch: { zh: '党支部', en: 'Party branch' },
};

/**
 * Materialized path: every organization stores `/<rootId>/…/<ownId>/`.
 * A subtree is the half-open range [path, path with its last '/' bumped to '0'),
 * which both SQLite (BINARY) and PostgreSQL (COLLATE "C") answer from the index.
 */
export function buildPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function subtreeUpperBound(path: string): string {
  // '/' is 0x2F and '0' is 0x30, so every descendant sorts below this bound.
  return `${path.slice(0, -1)}0`;
}

export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * A tree too large to send whole goes a level at a time: the deepest level such that it and every level
 * above it hold at most `max` organizations together. The first level always goes, however large.
 * `levels` are the subtree's counts per depth, shallowest first; undefined when there are none.
 */
export function levelsThatFit(levels: ReadonlyArray<{ depth: number; count: number }>, max: number): number | undefined {
  let total = 0;
  let fit: number | undefined;
  for (const level of levels) {
    total += level.count;
    if (fit !== undefined && total > max) break;
    fit = level.depth;
  }
  return fit;
}

/** A table of a subtree's organizations (the coverage tabs) lists at most this many rows, a level at a time. */
export const TREE_TABLE_ROWS_MAX = 500;

/**
 * The rows of a subtree's table that fit in `max`: whole levels from the top (`levelsThatFit`), in their order;
 * `leftOut` counts the deeper rows left for a drill-down (asking for one organization's rows).
 */
export function rowsThatFit<T extends { depth: number }>(
  rows: readonly T[],
  max: number = TREE_TABLE_ROWS_MAX,
): { rows: T[]; leftOut: number } {
  if (rows.length <= max) return { rows: [...rows], leftOut: 0 };
  const perDepth = new Map<number, number>();
  for (const r of rows) perDepth.set(r.depth, (perDepth.get(r.depth) ?? 0) + 1);
  const levels = [...perDepth].sort(([a], [b]) => a - b).map(([depth, count]) => ({ depth, count }));
  const deepest = levelsThatFit(levels, max)!;
  const kept = rows.filter((r) => r.depth <= deepest);
  return { rows: kept, leftOut: rows.length - kept.length };
}
