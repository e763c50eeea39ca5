import type { OrganizationKind } from './organizations.ts';

/**
 * The standard catalog's pure rules: a version is a draft (editable) until it
 * is published (immutable); a new version starts as a copy of an earlier one.
 * Two versions are compared area by area and item by item, matched by code.
 */
export const STANDARD_VERSION_STATUSES = ['draft', 'published'] as const;
export type StandardVersionStatus = (typeof STANDARD_VERSION_STATUSES)[number];

export const STANDARD_VERSION_STATUS_LABELS = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
} as const satisfies Record<StandardVersionStatus, { zh: string; en: string }>;

/** Which organizations a check item applies to. */
export const APPLIES_TO = ['village', 'community', 'both'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

export const APPLIES_TO_LABELS = {
  village: { zh: '村', en: 'Villages' },
  community: { zh: '社区', en: 'Communities' },
  both: { zh: '村和社区', en: 'Villages and communities' },
} as const satisfies Record<AppliesTo, { zh: string; en: string }>;

/** True when a check item with `appliesTo` is checked at an organization of `kind`. */
export function checkItemApplies(appliesTo: AppliesTo, kind: OrganizationKind): boolean {
  switch (appliesTo) {
    case 'both':
      return kind === 'village' || kind === 'community';
    case 'village':
    case 'community':
      return kind === appliesTo;
  }
}

export const STANDARD_VERSION_ACTIONS = ['edit', 'publish', 'createDraft'] as const;
export type StandardVersionAction = (typeof STANDARD_VERSION_ACTIONS)[number];

/**
 * What may be done to a version, given its status, whether the actor may
 * manage standards, and whether its standard already has a draft (only one
 * draft per standard at a time).
 */
export function versionActions(status: StandardVersionStatus, canManage: boolean, standardHasDraft: boolean): StandardVersionAction[] {
  if (!canManage) return [];
  switch (status) {
    case 'draft':
      return ['edit', 'publish'];
    case 'published':
      return standardHasDraft ? [] : ['createDraft'];
  }
}

/** The parts of a version that matter for publishing and comparing. */
export interface AreaContent {
  code: string;
  name: string;
}
export interface CheckItemContent {
  code: string;
  areaCode: string;
  title: string;
  criterion: string;
  weight: number;
  expectedEvidence: string;
  appliesTo: AppliesTo;
}
export interface VersionContent {
  areas: readonly AreaContent[];
  items: readonly CheckItemContent[];
}

/**
 * Why a draft cannot be published yet, in words for people; empty when it can.
 * A published standard needs at least one area, every area at least one item,
 * and its weights must add up to the program's total (`requiredTotal`, cadence
 * rules `standards.totalWeight`, 100 by default): a village's score is read
 * out of that total (src/domain/village-score.ts).
 */
export function publishProblems(content: VersionContent, requiredTotal: number): string[] {
  if (content.areas.length === 0) return ['标准至少需要一个领域 (at least one area)'];
  const used = new Set(content.items.map((i) => i.areaCode));
  const problems = content.areas
    .filter((a) => !used.has(a.code))
    .map((a) => `领域“${a.name}”（${a.code}）还没有检查项 (area ${a.code} has no check items)`);
  const total = totalWeight(content.items);
  if (total !== requiredTotal) {
    problems.push(
      `检查项分值合计为 ${total} 分，应为 ${requiredTotal} 分，请调整分值后再发布 (the check items' weights add up to ${total}; they must total ${requiredTotal})`,
    );
  }
  return problems;
}

export function totalWeight(items: readonly { weight: number }[]): number {
  return items.reduce((sum, i) => sum + i.weight, 0);
}

/** The fields compared, in display order. Ordering (sort_order) is presentation, not content. */
export const AREA_COMPARED_FIELDS = ['name'] as const;
export const CHECK_ITEM_COMPARED_FIELDS = ['areaCode', 'title', 'criterion', 'weight', 'expectedEvidence', 'appliesTo'] as const;
export type AreaComparedField = (typeof AREA_COMPARED_FIELDS)[number];
export type CheckItemComparedField = (typeof CHECK_ITEM_COMPARED_FIELDS)[number];

export interface FieldChange<F extends string> {
  field: F;
  from: string | number;
  to: string | number;
}

export interface VersionDiff {
  areas: {
    added: AreaContent[];
    removed: AreaContent[];
    changed: Array<{ code: string; name: string; changes: FieldChange<AreaComparedField>[] }>;
  };
  items: {
    added: CheckItemContent[];
    removed: CheckItemContent[];
    changed: Array<{ code: string; title: string; areaCode: string; changes: FieldChange<CheckItemComparedField>[] }>;
  };
  summary: {
    areasAdded: number;
    areasRemoved: number;
    areasChanged: number;
    itemsAdded: number;
    itemsRemoved: number;
    itemsChanged: number;
    itemsUnchanged: number;
    totalWeightFrom: number;
    totalWeightTo: number;
  };
}

function diffFields<T extends object, F extends keyof T & string>(from: T, to: T, fields: readonly F[]): FieldChange<F>[] {
  const changes: FieldChange<F>[] = [];
  for (const field of fields) {
    const a = from[field] as string | number;
    const b = to[field] as string | number;
    if (a !== b) changes.push({ field, from: a, to: b });
  }
  return changes;
}

function byCode<T extends { code: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Compares two versions, matching areas and check items by code: what was
 * added, removed, or changed field by field going from `from` to `to`.
 * Lists keep the order of the version they come from (`to` for added and
 * changed, `from` for removed).
 */
export function compareVersions(from: VersionContent, to: VersionContent): VersionDiff {
  const fromAreas = byCode(from.areas);
  const toAreas = byCode(to.areas);
  const fromItems = byCode(from.items);
  const toItems = byCode(to.items);

  const areas: VersionDiff['areas'] = {
    added: to.areas.filter((a) => !fromAreas.has(a.code)),
    removed: from.areas.filter((a) => !toAreas.has(a.code)),
    changed: [],
  };
  for (const a of to.areas) {
    const before = fromAreas.get(a.code);
    if (!before) continue;
    const changes = diffFields(before, a, AREA_COMPARED_FIELDS);
    if (changes.length > 0) areas.changed.push({ code: a.code, name: a.name, changes });
  }

  const items: VersionDiff['items'] = {
    added: to.items.filter((i) => !fromItems.has(i.code)),
    removed: from.items.filter((i) => !toItems.has(i.code)),
    changed: [],
  };
  let itemsUnchanged = 0;
  for (const i of to.items) {
    const before = fromItems.get(i.code);
    if (!before) continue;
    const changes = diffFields(before, i, CHECK_ITEM_COMPARED_FIELDS);
    if (changes.length > 0) items.changed.push({ code: i.code, title: i.title, areaCode: i.areaCode, changes });
    else itemsUnchanged++;
  }

  return {
    areas,
    items,
    summary: {
      areasAdded: areas.added.length,
      areasRemoved: areas.removed.length,
      areasChanged: areas.changed.length,
      itemsAdded: items.added.length,
      itemsRemoved: items.removed.length,
      itemsChanged: items.changed.length,
      itemsUnchanged,
      totalWeightFrom: totalWeight(from.items),
      totalWeightTo: totalWeight(to.items),
    },
  };
}
