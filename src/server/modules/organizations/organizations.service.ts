import type {
  CreateOrganizationBody,
  OrganizationDetail,
  OrganizationTreeNode,
  UpdateOrganizationBody,
} from '../../../domain/contracts/organizations.ts';
import {
  buildPath,
  canBeChildOf,
  levelsThatFit,
  ORGANIZATION_KIND_LABELS,
  pathIds,
  type OrganizationKind,
} from '../../../domain/organizations.ts';
import { PROBLEM_STATUS_LABELS, UNSETTLED_STATUSES } from '../../../domain/problem-workflow.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { OrganizationRow } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, ARCHIVED_DETAILS, archivedOrganization, conflict, forbidden, notFound } from '../../http/errors.ts';
import { takeTurnInChain } from '../audit/audit-chain.service.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { countUnsettledInSubtree } from '../problems/problems.repository.ts';
import * as repo from './organizations.repository.ts';
import { actorCan, allowedActions, canRead } from './organizations.policy.ts';
import { presentOrganization, presentOrganizationDetail, presentTree } from './organizations.presenter.ts';

const ORG = '组织';

const sum = (counts: ReadonlyMap<unknown, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

function snapshot(r: OrganizationRow) {
  return { name: r.name, code: r.code, kind: r.kind, parentId: r.parent_id, archived: r.archived_at !== null };
}

function readRoots(ctx: AuthedContext): string[] {
  return scopeRoots(ctx.actor.assignments, 'organization.read');
}

/** Loads an organization the actor may read. Throws NOT_FOUND otherwise (existence is not revealed). */
export async function loadReadable(ctx: AuthedContext, db: Executor, id: string): Promise<OrganizationRow> {
  const row = await repo.findById(db, id);
  if (!row || !canRead(ctx.actor, row)) throw notFound(ORG);
  return row;
}

async function detail(ctx: AuthedContext, db: Executor, row: OrganizationRow): Promise<OrganizationDetail> {
  const ancestorIds = pathIds(row.path).slice(0, -1);
  const ancestors = (await repo.findByIds(db, ancestorIds)).filter((a) => canRead(ctx.actor, a)).sort((a, b) => a.depth - b.depth);
  const counts = await repo.countChildren(db, row.id);
  const actions = allowedActions(ctx.actor, row);
  // What archiving waits for, told before the archive is tried (refuseUnsettledProblems).
  const unsettledProblems = actions.includes('archive') ? sum(await countUnsettledInSubtree(db, row.id)) : null;
  return presentOrganizationDetail(row, ancestors, { ...counts, unsettledProblems }, actions);
}

/** The organizations the actor may see, nested under the actor's scope roots. */
export interface TreeQuery {
  includeArchived: boolean;
  /** The organizations under this one instead of the whole scope. */
  parentId?: string;
  /** Whole levels from the top while they fit in `wholeMax` nodes; the last level's nodes count their children. */
  byLevel: boolean;
}

/** The organizations the actor may see, nested under the actor's scope roots (or under `parentId`). */
export async function getTree(ctx: AuthedContext, query: TreeQuery, wholeMax: number): Promise<{ roots: OrganizationTreeNode[] }> {
  const db = ctx.db.kysely;
  const parent = query.parentId === undefined ? undefined : await loadReadable(ctx, db, query.parentId);
  const roots = parent ? [parent.path] : readRoots(ctx);
  // byLevel: the deepest level that fits, when not every level does (else the whole tree).
  let maxDepth: number | undefined;
  if (query.byLevel) {
    const levels = (await repo.countByDepth(db, roots, query.includeArchived)).filter((l) => !parent || l.depth > parent.depth);
    const fit = levelsThatFit(levels, wholeMax);
    if (fit !== levels.at(-1)?.depth) maxDepth = fit;
  }
  const rows = (await repo.listInSubtrees(db, roots, query.includeArchived, maxDepth)).filter((r) => r.id !== parent?.id);
  if (maxDepth === undefined) return { roots: presentTree(rows) };
  const unloaded = await repo.countChildrenOf(
    db,
    rows.filter((r) => r.depth >= maxDepth).map((r) => r.id),
    query.includeArchived,
  );
  return { roots: presentTree(rows, unloaded) };
}

export async function listOrganizations(
  ctx: AuthedContext,
  query: { q?: string; kind?: string; parentId?: string; includeArchived?: boolean; limit: number },
) {
  const rows = await repo.search(ctx.db.kysely, ctx.db.kind, {
    roots: readRoots(ctx),
    q: query.q || undefined,
    kind: query.kind,
    parentId: query.parentId,
    includeArchived: query.includeArchived ?? false,
    limit: query.limit,
  });
  // The parent's name tells two villages of one name apart; a parent outside the actor's scope is not named.
  const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((id): id is string => id !== null))];
  const parents = new Map((await repo.findByIds(ctx.db.kysely, parentIds)).filter((p) => canRead(ctx.actor, p)).map((p) => [p.id, p.name]));
  return { items: rows.map((r) => ({ ...presentOrganization(r), parentName: (r.parent_id && parents.get(r.parent_id)) ?? null })) };
}

/** Throws NOT_FOUND when absent or outside the actor's scope. */
export async function getOrganization(ctx: AuthedContext, id: string): Promise<OrganizationDetail> {
  return detail(ctx, ctx.db.kysely, await loadReadable(ctx, ctx.db.kysely, id));
}

function assertParentAccepts(parent: OrganizationRow, kind: OrganizationKind): void {
  if (parent.archived_at) {
    throw new AppError('CONFLICT', `上级组织“${parent.name}”已归档，不能在其下新增或移入组织 (the parent is archived)`, ARCHIVED_DETAILS);
  }
  if (!canBeChildOf(kind, parent.kind as OrganizationKind)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${ORGANIZATION_KIND_LABELS[kind].zh}不能设在${ORGANIZATION_KIND_LABELS[parent.kind as OrganizationKind].zh}之下`,
      { fields: [{ in: 'body', path: 'kind', message: 'kind not allowed under this parent' }] },
    );
  }
}

/**
 * Refuses a name an active sibling already has: two 大闵村 under one 街道 could not be told apart by anyone, nor
 * by the ledger import ("上级组织/大闵村" still named both). Called with the parent's row lock held where a child is
 * added, moved in or restored, so two such writes cannot both pass. Throws VALIDATION_FAILED.
 */
async function assertNameFree(trx: Executor, parent: OrganizationRow, name: string, exceptId: string | null): Promise<void> {
  if (!(await repo.findActiveSiblingNamed(trx, parent.id, name, exceptId))) return;
  throw new AppError('VALIDATION_FAILED', `“${parent.name}”下已有名为“${name}”的组织，请换一个名称 (a sibling already has this name)`, {
    fields: [{ in: 'body', path: 'name', message: 'a sibling already has this name' }],
  });
}

async function lockActiveParent(trx: Executor, parent: OrganizationRow): Promise<void> {
  if (!(await repo.lockIfActive(trx, parent.id))) {
    throw new AppError('CONFLICT', `上级组织“${parent.name}”刚被归档，请刷新后重试 (the parent was just archived)`, ARCHIVED_DETAILS);
  }
}

/**
 * Before a problem is written into an organization (a new one, a reopened one): refuses an archived organization.
 * Throws CONFLICT (archived).
 */
export function refuseArchivedForProblems(org: OrganizationRow, what: string): void {
  if (org.archived_at) throw archivedOrganization(org.name, what);
}

/**
 * After the problem's write has recorded its audit event: on PostgreSQL, reads the organization again and refuses it
 * if it was archived meanwhile. The audit chain makes them take turns (an archive waits for the chain before it
 * writes the organization, takeTurnInChain; the problem's write holds the chain from its audit event until it
 * ends): either the archive committed before this read, which sees it, or it waits for this write to end and then
 * counts its problem. No row lock is taken, so nothing waits on the organization's row in the other order. SQLite
 * runs one write transaction at a time: the first read was enough. Throws CONFLICT (archived).
 */
export async function confirmActiveAfterAudit(ctx: AuthedContext, trx: Executor, org: OrganizationRow, what: string): Promise<void> {
  if (ctx.db.kind !== 'postgres') return;
  const now = await repo.findById(trx, org.id);
  if (now) refuseArchivedForProblems(now, what);
}

/**
 * Archiving leaves nobody to finish a problem that is not settled (closed or withdrawn): refused, with the counts
 * per status. Counted once the archive holds the audit chain, after its own write (confirmActiveAfterAudit).
 * Throws INVALID_TRANSITION.
 */
async function refuseUnsettledProblems(trx: Executor, org: OrganizationRow): Promise<void> {
  const counts = await countUnsettledInSubtree(trx, org.id);
  const total = sum(counts);
  if (total === 0) return;
  const parts = UNSETTLED_STATUSES.filter((s) => counts.has(s)).map((s) => `${PROBLEM_STATUS_LABELS[s].zh} ${counts.get(s)}`);
  throw new AppError(
    'INVALID_TRANSITION',
    `“${org.name}”还有 ${total} 个问题未销号（${parts.join('，')}），归档后将无人办理：请先办结（验收、销号）或撤销这些问题，再归档` +
      ` (${total} problems are not closed yet: close or withdraw them before archiving)`,
    { unsettledProblems: total },
  );
}

/** Creates an organization under a parent. Throws NOT_FOUND (parent unseen), FORBIDDEN, VALIDATION_FAILED. */
export async function createOrganization(ctx: AuthedContext, body: CreateOrganizationBody): Promise<OrganizationDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const parent = await loadReadable(ctx, trx, body.parentId);
    if (!actorCan(ctx.actor, 'organization.manage', parent.path)) throw forbidden('您没有在此组织下新增下级组织的权限');
    assertParentAccepts(parent, body.kind);
    await lockActiveParent(trx, parent);
    await assertNameFree(trx, parent, body.name, null);
    const id = newId();
    const now = ctx.now.toISOString();
    const row: OrganizationRow = {
      id,
      parent_id: parent.id,
      kind: body.kind,
      name: body.name,
      code: body.code || null,
      path: buildPath(parent.path, id),
      depth: parent.depth + 1,
      is_sample: 0,
      archived_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'organization.created', after: snapshot(row) },
      { entityType: 'organization', entityId: id, organizationId: id },
    );
    return detail(ctx, trx, row);
  });
}

/**
 * Renames, re-codes, moves, archives or restores one organization; one change
 * kind per call so each has its own audit event.
 * Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED, CONFLICT (stale version).
 */
export async function updateOrganization(ctx: AuthedContext, id: string, body: UpdateOrganizationBody): Promise<OrganizationDetail> {
  const kinds = [body.name !== undefined || body.code !== undefined, body.parentId !== undefined, body.archived !== undefined].filter(
    Boolean,
  );
  if (kinds.length > 1) {
    throw new AppError('VALIDATION_FAILED', '一次只能做一种修改：改名/编码、移动、归档/恢复 (one kind of change per request)');
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadReadable(ctx, trx, id);
    const actions = allowedActions(ctx.actor, before);
    if (actions.length === 0) throw forbidden('您没有修改此组织的权限');
    if (before.version !== body.version) throw conflict(ORG);
    const now = ctx.now.toISOString();
    const target = { entityType: 'organization' as const, entityId: id, organizationId: id };

    if (body.parentId !== undefined) {
      // The tree's lock before any row lock of the move (moveSubtree takes it too): writers of rows that copy paths
      // wait for the move, and it for them (migration 2026-12-04-13).
      await repo.lockTreeForMove(trx, ctx.db.kind);
      // Read before the tree's lock: an ancestor's move committed while this one waited changed its path, not its
      // version. Moving from the stale path would miss its descendants and every copy of their paths.
      const current = await repo.findById(trx, id);
      if (!current || current.path !== before.path) throw conflict(ORG);
      if (!actions.includes('move'))
        throw new AppError('INVALID_TRANSITION', before.parent_id === null ? '顶级组织不能移动' : '已归档的组织不能移动，请先恢复');
      const parent = await loadReadable(ctx, trx, body.parentId);
      if (!actorCan(ctx.actor, 'organization.manage', parent.path)) throw forbidden('您没有把组织移到该上级下的权限');
      if (parent.path.startsWith(before.path))
        throw new AppError('VALIDATION_FAILED', '不能把组织移到它自己或它的下级之下 (that would make a cycle)');
      assertParentAccepts(parent, before.kind as OrganizationKind);
      if (parent.id === before.parent_id) throw new AppError('VALIDATION_FAILED', '组织已在该上级之下');
      await lockActiveParent(trx, parent);
      await assertNameFree(trx, parent, before.name, id);
      const moved = await repo.moveSubtree(trx, ctx.db.kind, {
        id,
        version: body.version,
        path: before.path,
        depth: before.depth,
        parent,
        now,
      });
      if (!moved) throw conflict(ORG);
      const after = (await repo.findById(trx, id))!;
      await recordAuditEvent(trx, ctx, { type: 'organization.moved', before: snapshot(before), after: snapshot(after) }, target);
      return detail(ctx, trx, after);
    }

    if (body.archived !== undefined) {
      if (body.archived && !actions.includes('archive')) {
        throw new AppError('INVALID_TRANSITION', before.archived_at ? '组织已归档' : '顶级组织不能归档');
      }
      if (!body.archived && !actions.includes('restore')) throw new AppError('INVALID_TRANSITION', '组织未归档，无需恢复');
      if (!body.archived && before.parent_id) {
        const parent = (await repo.findById(trx, before.parent_id))!;
        if (parent.archived_at) throw new AppError('INVALID_TRANSITION', `上级组织“${parent.name}”已归档，请先恢复上级`);
        await lockActiveParent(trx, parent);
        await assertNameFree(trx, parent, before.name, id);
      }
      // Write first, then count children: a child added concurrently either
      // waits for this row lock and sees the archive, or is counted here.
      if (!(await repo.updateIfVersion(trx, id, body.version, { archived_at: body.archived ? now : null }, now))) throw conflict(ORG);
      // The chain's turn after the row, as every writer of an organization's row takes them (a liaison group's
      // villages, a child created, a rename: row, then their audit event); before the counts: a problem's write
      // into this organization, which holds the chain from its audit event to its end and takes no lock on this
      // row, is then either counted below or sees the archive (confirmActiveAfterAudit).
      if (body.archived) await takeTurnInChain(trx, ctx.db.kind);
      const after = (await repo.findById(trx, id))!;
      if (body.archived) {
        const counts = await repo.countChildren(trx, id);
        if (counts.active > 0) {
          throw new AppError('INVALID_TRANSITION', `该组织还有 ${counts.active} 个未归档的下级组织，请先归档或移走它们`);
        }
        // Nobody would finish them: an archived organization takes no new problem and reopens none.
        await refuseUnsettledProblems(trx, after);
      }
      await recordAuditEvent(
        trx,
        ctx,
        { type: body.archived ? 'organization.archived' : 'organization.restored', before: snapshot(before), after: snapshot(after) },
        target,
      );
      return detail(ctx, trx, after);
    }

    if (body.name !== undefined && body.name !== before.name && before.parent_id && !before.archived_at) {
      const parent = (await repo.findById(trx, before.parent_id))!;
      await assertNameFree(trx, parent, body.name, id);
    }
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.code !== undefined ? { code: body.code || null } : {}),
    };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, now))) throw conflict(ORG);
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(trx, ctx, { type: 'organization.updated', before: snapshot(before), after: snapshot(after) }, target);
    return detail(ctx, trx, after);
  });
}
