import type {
  AddAreaBody,
  AddCheckItemBody,
  CreateDraftBody,
  CreateStandardBody,
  PublishBody,
  StandardComparison,
  StandardList,
  StandardVersionDetail,
  StandardVersionSummary,
  UpdateAreaBody,
  UpdateCheckItemBody,
  UpdateDraftBody,
} from '../../../domain/contracts/standards.ts';
import { compareVersions, publishProblems, type StandardVersionStatus } from '../../../domain/standards.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { allowedVersionActions, canManageStandards, canReadStandards } from './standards.policy.ts';
import {
  areaSnapshot,
  itemSnapshot,
  presentStandard,
  presentVersionDetail,
  presentVersionSummary,
  versionContent,
  versionSnapshot,
} from './standards.presenter.ts';
import * as repo from './standards.repository.ts';
import type { CheckItemChanges, StandardVersionRow, VersionChanges, VersionWithNames } from './standards.repository.ts';

const STANDARD = '标准';
const VERSION = '标准版本';
const AREA = '领域';
const ITEM = '检查项';

type Loose = Record<string, unknown>;

const target = (versionId: string) => ({ entityType: 'standard' as const, entityId: versionId, organizationId: null });

function assertCanRead(ctx: AuthedContext): void {
  if (!canReadStandards(ctx.actor)) throw forbidden('您没有查看规范化标准的权限');
}

function assertCanManage(ctx: AuthedContext): void {
  if (!canManageStandards(ctx.actor)) throw forbidden('规范化标准全区统一，只有区级管理员或区党群工作部干部可以修改');
}

function immutable(v: Pick<StandardVersionRow, 'version_no'>): AppError {
  return new AppError(
    'INVALID_TRANSITION',
    `第${v.version_no}版已发布，不能再修改；如需调整，请基于该版本新建草稿 (a published version is immutable; create a new draft from it)`,
  );
}

function assertDraft(v: Pick<StandardVersionRow, 'status' | 'version_no'>): void {
  if ((v.status as StandardVersionStatus) !== 'draft') throw immutable(v);
}

async function loadVersion(db: Executor, id: string): Promise<VersionWithNames> {
  const row = await repo.findVersion(db, id);
  if (!row) throw notFound(VERSION);
  return row;
}

async function detail(ctx: AuthedContext, db: Executor, id: string): Promise<StandardVersionDetail> {
  const row = await loadVersion(db, id);
  const [areas, items, siblings, rules] = await Promise.all([
    repo.listAreas(db, id),
    repo.listItems(db, id),
    repo.listVersionsOf(db, row.standard_id),
    loadCadenceRules(db),
  ]);
  const hasDraft = siblings.some((v) => v.status === 'draft');
  return presentVersionDetail(
    row,
    areas,
    items,
    allowedVersionActions(ctx.actor, row.status as StandardVersionStatus, hasDraft),
    rules.standards.totalWeight,
  );
}

/** Turns constraint races the checks did not catch into 409s with a reason. */
async function mapConstraintErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', '编码或版本号已被使用，请刷新后重试 (that code or version number is taken)');
    if (isForeignKeyViolation(err)) throw new AppError('CONFLICT', '该检查项已被排查记录或问题引用，不能删除 (the check item is in use)');
    throw err;
  }
}

/** Lists every standard with its versions, newest first. Throws FORBIDDEN without standard.read. */
export async function listStandards(ctx: AuthedContext): Promise<StandardList> {
  assertCanRead(ctx);
  const db = ctx.db.kysely;
  const [standards, versions] = await Promise.all([repo.listStandards(db), repo.listVersions(db)]);
  const stats = await repo.versionStats(
    db,
    versions.map((v) => v.id),
  );
  const items = standards.map((s) => {
    const mine = versions.filter((v) => v.standard_id === s.id);
    const hasDraft = mine.some((v) => v.status === 'draft');
    const summaries: StandardVersionSummary[] = mine.map((v) =>
      presentVersionSummary(v, stats.get(v.id)!, allowedVersionActions(ctx.actor, v.status as StandardVersionStatus, hasDraft)),
    );
    return presentStandard(s, summaries);
  });
  return { items, allowedActions: canManageStandards(ctx.actor) ? ['create'] : [] };
}

/** One version with its areas and check items in order. Throws FORBIDDEN, NOT_FOUND. */
export async function getVersion(ctx: AuthedContext, id: string): Promise<StandardVersionDetail> {
  assertCanRead(ctx);
  return detail(ctx, ctx.db.kysely, id);
}

/** Starts a new standard with an empty draft, version 1. Throws FORBIDDEN. */
export async function createStandard(ctx: AuthedContext, body: CreateStandardBody): Promise<StandardVersionDetail> {
  assertCanManage(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const now = ctx.now.toISOString();
    const standardId = newId();
    const versionId = newId();
    await repo.insertStandard(trx, {
      id: standardId,
      name: body.name,
      description: body.description || null,
      created_at: now,
      updated_at: now,
    });
    await repo.insertVersion(trx, {
      id: versionId,
      standard_id: standardId,
      version_no: 1,
      status: 'draft',
      title: body.title ?? body.name,
      notes: null,
      based_on_version_id: null,
      published_at: null,
      published_by: null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'standard.version_created', standardId, versionNo: 1, basedOnVersionId: null },
      target(versionId),
    );
    return detail(ctx, trx, versionId);
  });
}

/**
 * Creates the next version of a standard as a draft copy of a published one
 * (by default the latest). Throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED
 * (source of another standard), CONFLICT (a draft already exists).
 */
export async function createDraft(ctx: AuthedContext, standardId: string, body: CreateDraftBody): Promise<StandardVersionDetail> {
  assertCanRead(ctx);
  return mapConstraintErrors(() =>
    ctx.db.kysely.transaction().execute(async (trx) => {
      const standard = await repo.findStandard(trx, standardId);
      if (!standard) throw notFound(STANDARD);
      assertCanManage(ctx);
      const now = ctx.now.toISOString();
      // Serializes draft creation per standard: the check below cannot race.
      await repo.touchStandard(trx, standardId, now);
      const versions = await repo.listVersionsOf(trx, standardId);
      const draft = versions.find((v) => v.status === 'draft');
      if (draft) {
        throw new AppError('CONFLICT', `“${standard.name}”已有草稿（第${draft.version_no}版），请继续编辑或发布该草稿后再新建`, {
          draftVersionId: draft.id,
        });
      }
      let source: StandardVersionRow | undefined;
      if (body.basedOnVersionId) {
        source = versions.find((v) => v.id === body.basedOnVersionId);
        if (!source) {
          throw new AppError('VALIDATION_FAILED', '所选版本不属于该标准', {
            fields: [{ in: 'body', path: 'basedOnVersionId', message: 'not a version of this standard' }],
          });
        }
      } else {
        source = versions.find((v) => v.status === 'published');
      }
      const versionNo = (versions[0]?.version_no ?? 0) + 1;
      const id = newId();
      await repo.insertVersion(trx, {
        id,
        standard_id: standardId,
        version_no: versionNo,
        status: 'draft',
        title: source?.title ?? standard.name,
        notes: null,
        based_on_version_id: source?.id ?? null,
        published_at: null,
        published_by: null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      if (source) await copyContent(trx, source.id, id);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'standard.version_created', standardId, versionNo, basedOnVersionId: source?.id ?? null },
        target(id),
      );
      return detail(ctx, trx, id);
    }),
  );
}

async function copyContent(trx: Executor, fromId: string, toId: string): Promise<void> {
  const [areas, items] = await Promise.all([repo.listAreas(trx, fromId), repo.listItems(trx, fromId)]);
  const newAreaId = new Map(areas.map((a) => [a.id, newId()]));
  await repo.insertAreas(
    trx,
    areas.map((a) => ({ ...a, id: newAreaId.get(a.id)!, standard_version_id: toId })),
  );
  await repo.insertItems(
    trx,
    items.map((i) => ({ ...i, id: newId(), area_id: newAreaId.get(i.area_id)!, standard_version_id: toId })),
  );
}

interface DraftEdit {
  change: string;
  before: Loose | null;
  after: Loose | null;
}

/**
 * The frame of every draft edit: load, check permission, status and version,
 * bump the version with a conditional write (which serializes concurrent
 * edits), make the change, write its one audit event, answer the new detail.
 */
async function editDraft(
  ctx: AuthedContext,
  id: string,
  version: number,
  versionChanges: VersionChanges,
  edit: (trx: Executor, row: VersionWithNames) => Promise<DraftEdit>,
): Promise<StandardVersionDetail> {
  assertCanRead(ctx);
  return mapConstraintErrors(() =>
    ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await loadVersion(trx, id);
      assertCanManage(ctx);
      assertDraft(row);
      if (row.version !== version) throw conflict(VERSION);
      if (!(await repo.updateDraftIfVersion(trx, id, version, versionChanges, ctx.now.toISOString()))) {
        const now = await loadVersion(trx, id);
        assertDraft(now);
        throw conflict(VERSION);
      }
      const { change, before, after } = await edit(trx, row);
      await recordAuditEvent(trx, ctx, { type: 'standard.draft_edited', change, before, after }, target(id));
      return detail(ctx, trx, id);
    }),
  );
}

async function assertAreaCodeFree(trx: Executor, versionId: string, code: string, exceptId?: string): Promise<void> {
  const other = await repo.findAreaByCode(trx, versionId, code);
  if (other && other.id !== exceptId) {
    throw new AppError('CONFLICT', `领域编码“${code}”在本版本中已被“${other.name}”使用，请换一个`, {
      fields: [{ in: 'body', path: 'code', message: 'code already used in this version' }],
    });
  }
}

async function assertItemCodeFree(trx: Executor, versionId: string, code: string, exceptId?: string): Promise<void> {
  const other = await repo.findItemByCode(trx, versionId, code);
  if (other && other.id !== exceptId) {
    throw new AppError('CONFLICT', `检查项编码“${code}”在本版本中已被“${other.title}”使用，请换一个`, {
      fields: [{ in: 'body', path: 'code', message: 'code already used in this version' }],
    });
  }
}

async function loadAreaOf(trx: Executor, versionId: string, areaId: string, asBodyField: boolean) {
  const area = await repo.findArea(trx, versionId, areaId);
  if (area) return area;
  if (asBodyField) {
    throw new AppError('VALIDATION_FAILED', '所选领域不在本版本中', {
      fields: [{ in: 'body', path: 'areaId', message: 'no such area in this version' }],
    });
  }
  throw notFound(AREA);
}

/** Changes a draft's title, notes or notice (印发通知). Throws FORBIDDEN, NOT_FOUND, INVALID_TRANSITION (published), CONFLICT (stale). */
export async function updateDraft(ctx: AuthedContext, id: string, body: UpdateDraftBody): Promise<StandardVersionDetail> {
  const changes: VersionChanges = {
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.notes !== undefined ? { notes: body.notes || null } : {}),
    ...(body.noticeTitle !== undefined ? { notice_title: body.noticeTitle || null } : {}),
    ...(body.noticeDate !== undefined ? { notice_date: body.noticeDate || null } : {}),
  };
  return editDraft(ctx, id, body.version, changes, async (_trx, row) => ({
    change: 'version.updated',
    before: versionSnapshot(row),
    after: versionSnapshot({ ...row, ...changes }),
  }));
}

/** Adds an area to a draft. Throws FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, CONFLICT (stale or code taken). */
export async function addArea(ctx: AuthedContext, id: string, body: AddAreaBody): Promise<StandardVersionDetail> {
  return editDraft(ctx, id, body.version, {}, async (trx) => {
    await assertAreaCodeFree(trx, id, body.code);
    const row = {
      id: newId(),
      standard_version_id: id,
      code: body.code,
      name: body.name,
      sort_order: body.sortOrder ?? (await repo.nextAreaSortOrder(trx, id)),
    };
    await repo.insertAreas(trx, [row]);
    return { change: 'area.added', before: null, after: areaSnapshot(row) };
  });
}

/** Renames, re-codes or reorders an area of a draft. Throws FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, CONFLICT. */
export async function updateArea(ctx: AuthedContext, id: string, areaId: string, body: UpdateAreaBody): Promise<StandardVersionDetail> {
  return editDraft(ctx, id, body.version, {}, async (trx) => {
    const before = await loadAreaOf(trx, id, areaId, false);
    if (body.code !== undefined) await assertAreaCodeFree(trx, id, body.code, areaId);
    const changes = {
      ...(body.code !== undefined ? { code: body.code } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.sortOrder !== undefined ? { sort_order: body.sortOrder } : {}),
    };
    await repo.updateArea(trx, areaId, changes);
    return { change: 'area.updated', before: areaSnapshot(before), after: areaSnapshot({ ...before, ...changes }) };
  });
}

/** Removes an area and its check items from a draft. Throws FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, CONFLICT. */
export async function removeArea(ctx: AuthedContext, id: string, areaId: string, version: number): Promise<StandardVersionDetail> {
  return editDraft(ctx, id, version, {}, async (trx) => {
    const before = await loadAreaOf(trx, id, areaId, false);
    const items = (await repo.listItems(trx, id)).filter((i) => i.area_id === areaId);
    await repo.deleteArea(trx, areaId);
    return { change: 'area.removed', before: { ...areaSnapshot(before), itemCodes: items.map((i) => i.code) }, after: null };
  });
}

/** Adds a check item to an area of a draft. Throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (area), INVALID_TRANSITION, CONFLICT. */
export async function addItem(ctx: AuthedContext, id: string, body: AddCheckItemBody): Promise<StandardVersionDetail> {
  return editDraft(ctx, id, body.version, {}, async (trx) => {
    const area = await loadAreaOf(trx, id, body.areaId, true);
    await assertItemCodeFree(trx, id, body.code);
    const row = {
      id: newId(),
      standard_version_id: id,
      area_id: area.id,
      code: body.code,
      title: body.title,
      criterion: body.criterion,
      weight: body.weight,
      expected_evidence: body.expectedEvidence,
      applies_to: body.appliesTo,
      sort_order: body.sortOrder ?? (await repo.nextItemSortOrder(trx, area.id)),
    };
    await repo.insertItems(trx, [row]);
    return { change: 'item.added', before: null, after: itemSnapshot(row) };
  });
}

/** Edits or moves a check item of a draft. Throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (area), INVALID_TRANSITION, CONFLICT. */
export async function updateItem(
  ctx: AuthedContext,
  id: string,
  itemId: string,
  body: UpdateCheckItemBody,
): Promise<StandardVersionDetail> {
  return editDraft(ctx, id, body.version, {}, async (trx) => {
    const before = await repo.findItem(trx, id, itemId);
    if (!before) throw notFound(ITEM);
    if (body.areaId !== undefined) await loadAreaOf(trx, id, body.areaId, true);
    if (body.code !== undefined) await assertItemCodeFree(trx, id, body.code, itemId);
    const changes: CheckItemChanges = {
      ...(body.areaId !== undefined ? { area_id: body.areaId } : {}),
      ...(body.code !== undefined ? { code: body.code } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.criterion !== undefined ? { criterion: body.criterion } : {}),
      ...(body.weight !== undefined ? { weight: body.weight } : {}),
      ...(body.expectedEvidence !== undefined ? { expected_evidence: body.expectedEvidence } : {}),
      ...(body.appliesTo !== undefined ? { applies_to: body.appliesTo } : {}),
      ...(body.sortOrder !== undefined ? { sort_order: body.sortOrder } : {}),
    };
    // Moved to another area without an explicit place: it goes last there.
    if (body.areaId !== undefined && body.areaId !== before.area_id && body.sortOrder === undefined) {
      changes.sort_order = await repo.nextItemSortOrder(trx, body.areaId);
    }
    await repo.updateItem(trx, itemId, changes);
    return { change: 'item.updated', before: itemSnapshot(before), after: itemSnapshot({ ...before, ...changes }) };
  });
}

/** Removes a check item from a draft. Throws FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, CONFLICT. */
export async function removeItem(ctx: AuthedContext, id: string, itemId: string, version: number): Promise<StandardVersionDetail> {
  return editDraft(ctx, id, version, {}, async (trx) => {
    const before = await repo.findItem(trx, id, itemId);
    if (!before) throw notFound(ITEM);
    await repo.deleteItem(trx, itemId);
    return { change: 'item.removed', before: itemSnapshot(before), after: null };
  });
}

/**
 * Publishes a draft; from then on it is immutable. Needs at least one area,
 * at least one check item in every area, and weights adding up to the
 * program's total (cadence rules `standards.totalWeight`, 100 by default).
 * Throws FORBIDDEN, NOT_FOUND, INVALID_TRANSITION (already published, or incomplete), CONFLICT (stale).
 */
export async function publish(ctx: AuthedContext, id: string, body: PublishBody): Promise<StandardVersionDetail> {
  assertCanRead(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadVersion(trx, id);
    assertCanManage(ctx);
    if ((row.status as StandardVersionStatus) !== 'draft') throw new AppError('INVALID_TRANSITION', `第${row.version_no}版已经发布过了`);
    if (row.version !== body.version) throw conflict(VERSION);
    const [areas, items] = await Promise.all([repo.listAreas(trx, id), repo.listItems(trx, id)]);
    // The weights must make the program's total: a village's score is read out of it.
    const problems = publishProblems(versionContent(areas, items), (await loadCadenceRules(trx)).standards.totalWeight);
    if (problems.length > 0) {
      throw new AppError('INVALID_TRANSITION', `草稿还不完整，不能发布：${problems.join('；')}`, { problems });
    }
    const now = ctx.now.toISOString();
    if (
      !(await repo.updateDraftIfVersion(
        trx,
        id,
        body.version,
        { status: 'published', published_at: now, published_by: ctx.actor.userId },
        now,
      ))
    ) {
      throw conflict(VERSION);
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'standard.version_published', versionNo: row.version_no, checkItems: items.length },
      target(id),
    );
    return detail(ctx, trx, id);
  });
}

/** Compares two versions (areas and items matched by code). Throws FORBIDDEN, NOT_FOUND. */
export async function compare(ctx: AuthedContext, fromId: string, toId: string): Promise<StandardComparison> {
  assertCanRead(ctx);
  const db = ctx.db.kysely;
  const load = async (id: string) => {
    const row = await loadVersion(db, id);
    const [areas, items] = await Promise.all([repo.listAreas(db, id), repo.listItems(db, id)]);
    const ref = {
      id: row.id,
      standardId: row.standard_id,
      standardName: row.standard_name,
      versionNo: row.version_no,
      status: row.status as StandardVersionStatus,
      title: row.title,
    };
    return { ref, content: versionContent(areas, items) };
  };
  const from = await load(fromId);
  const to = await load(toId);
  return { from: from.ref, to: to.ref, ...compareVersions(from.content, to.content) };
}
