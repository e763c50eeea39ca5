import type {
  CheckItem,
  Standard,
  StandardArea,
  StandardVersionDetail,
  StandardVersionSummary,
} from '../../../domain/contracts/standards.ts';
import {
  publishProblems,
  totalWeight,
  type AppliesTo,
  type StandardVersionAction,
  type StandardVersionStatus,
  type VersionContent,
} from '../../../domain/standards.ts';
import type {
  CheckItemRow,
  StandardAreaRow,
  StandardRow,
  StandardVersionRow,
  VersionStats,
  VersionWithNames,
} from './standards.repository.ts';

export function presentCheckItem(r: CheckItemRow): CheckItem {
  return {
    id: r.id,
    areaId: r.area_id,
    code: r.code,
    title: r.title,
    criterion: r.criterion,
    weight: r.weight,
    expectedEvidence: r.expected_evidence,
    appliesTo: r.applies_to as AppliesTo,
    sortOrder: r.sort_order,
  };
}

export function presentVersionSummary(
  r: VersionWithNames,
  stats: VersionStats,
  allowedActions: StandardVersionAction[],
): StandardVersionSummary {
  return {
    id: r.id,
    standardId: r.standard_id,
    versionNo: r.version_no,
    status: r.status as StandardVersionStatus,
    title: r.title,
    notes: r.notes,
    noticeTitle: r.notice_title ?? null,
    noticeDate: r.notice_date ?? null,
    basedOnVersionId: r.based_on_version_id,
    publishedAt: r.published_at,
    publishedBy: r.published_by ? { id: r.published_by, displayName: r.published_by_name ?? '' } : null,
    areaCount: stats.areaCount,
    itemCount: stats.itemCount,
    totalWeight: stats.totalWeight,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    allowedActions,
  };
}

/** Areas and items as the pure rules (publish check, compare) see them. */
export function versionContent(areas: readonly StandardAreaRow[], items: readonly CheckItemRow[]): VersionContent {
  const codeOf = new Map(areas.map((a) => [a.id, a.code]));
  return {
    areas: areas.map((a) => ({ code: a.code, name: a.name })),
    items: items.map((i) => ({
      code: i.code,
      areaCode: codeOf.get(i.area_id) ?? '',
      title: i.title,
      criterion: i.criterion,
      weight: i.weight,
      expectedEvidence: i.expected_evidence,
      appliesTo: i.applies_to as AppliesTo,
    })),
  };
}

/** Rows arrive ordered by sort_order; items are grouped under their areas. */
export function presentVersionDetail(
  r: VersionWithNames,
  areas: readonly StandardAreaRow[],
  items: readonly CheckItemRow[],
  allowedActions: StandardVersionAction[],
  requiredTotalWeight: number,
): StandardVersionDetail {
  const byArea = new Map<string, CheckItem[]>(areas.map((a) => [a.id, []]));
  for (const i of items) byArea.get(i.area_id)?.push(presentCheckItem(i));
  const presentedAreas: StandardArea[] = areas.map((a) => {
    const mine = byArea.get(a.id) ?? [];
    return { id: a.id, code: a.code, name: a.name, sortOrder: a.sort_order, weight: totalWeight(mine), items: mine };
  });
  const stats = { areaCount: areas.length, itemCount: items.length, totalWeight: totalWeight(items) };
  return {
    ...presentVersionSummary(r, stats, allowedActions),
    standardName: r.standard_name,
    areas: presentedAreas,
    publishProblems: r.status === 'draft' ? publishProblems(versionContent(areas, items), requiredTotalWeight) : [],
    requiredTotalWeight,
  };
}

export function presentStandard(s: StandardRow, versions: StandardVersionSummary[]): Standard {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    currentVersionId: versions.find((v) => v.status === 'published')?.id ?? null,
    draftVersionId: versions.find((v) => v.status === 'draft')?.id ?? null,
    versions,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

/** Audit snapshots: plain JSON, shaped here. */
export function versionSnapshot(r: Pick<StandardVersionRow, 'title' | 'notes' | 'notice_title' | 'notice_date'>) {
  return {
    title: r.title,
    notes: r.notes,
    ...(r.notice_title !== undefined && { noticeTitle: r.notice_title }),
    ...(r.notice_date !== undefined && { noticeDate: r.notice_date }),
  };
}

export function areaSnapshot(r: StandardAreaRow) {
  return { id: r.id, code: r.code, name: r.name, sortOrder: r.sort_order };
}

export function itemSnapshot(r: CheckItemRow) {
  return {
    id: r.id,
    areaId: r.area_id,
    code: r.code,
    title: r.title,
    criterion: r.criterion,
    weight: r.weight,
    expectedEvidence: r.expected_evidence,
    appliesTo: r.applies_to,
    sortOrder: r.sort_order,
  };
}
