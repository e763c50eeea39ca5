import type {
  CreateVisitBody,
  CreateVisitTaskBody,
  UpdateVisitBody,
  Visit,
  VisitList,
  VisitListQuery,
  VisitTask,
  VisitTaskList,
  VisitTaskListQuery,
  VisitTaskOutcomeBody,
} from '../../../domain/contracts/visits.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { CircularOverdueTaskRow } from '../../../domain/circular-text.ts';
import {
  canVisitTaskTransition,
  daysLate,
  VISIT_TASK_ACTION_LABELS,
  VISIT_TASK_STATUS_LABELS,
  VISIT_TASK_WORKFLOW,
  type VisitTaskStatus,
  wasTaskOverdue,
} from '../../../domain/visit-tasks.ts';
import type { OrganizationRow, SupervisionVisitsTable, VisitTasksTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound, refuseAfterToday } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { canManageVisitAt, canReadVisitAt, refuseArchivedVillage } from './visits.policy.ts';
import { presentTask, presentVisit, snapshotTask, snapshotVisit } from './visits.presenter.ts';
import * as repo from './visits.repository.ts';

const VISIT = '调研督导记录';
const TASK = '交办事项';

function readRoots(ctx: AuthedContext): string[] {
  const roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  return roots.length ? roots : ['/-none-/'];
}

/** A visit the reader may see: one of its villages is in scope. */
async function loadVisit(ctx: AuthedContext, db: Executor, id: string) {
  const row = await repo.findVisit(db, id);
  const orgs = row ? await repo.organizationsOf(db, [id]) : [];
  if (!row || !orgs.some((o) => canReadVisitAt(ctx.actor, o.org_path))) throw notFound(VISIT);
  return { row, orgs };
}

async function visitDetail(ctx: AuthedContext, db: Executor, id: string): Promise<Visit> {
  const { row, orgs } = await loadVisit(ctx, db, id);
  const { rows: tasks } = await repo.listTasks(db, { scopeRoots: readRoots(ctx), visitIds: [id], limit: 500, offset: 0 });
  return presentVisit(row, orgs, tasks, ctx.actor, ctx.now);
}

/** One visit with the tasks of villages the reader may see. Throws NOT_FOUND. */
export function getVisit(ctx: AuthedContext, id: string): Promise<Visit> {
  return visitDetail(ctx, ctx.db.kysely, id);
}

/** Visits to villages in the reader's scope (or one organization's subtree), newest first. Throws NOT_FOUND. */
export async function listVisits(ctx: AuthedContext, query: VisitListQuery): Promise<VisitList> {
  const db = ctx.db.kysely;
  let roots = readRoots(ctx);
  if (query.organizationId) {
    const org = await loadReadableOrg(ctx, db, query.organizationId);
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
  }
  const { total, rows } = await repo.listVisits(db, {
    scopeRoots: roots,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const ids = rows.map((r) => r.id);
  const [orgs, tasks] = await Promise.all([
    repo.organizationsOf(db, ids),
    repo.listTasks(db, { scopeRoots: readRoots(ctx), visitIds: ids, limit: 5000, offset: 0 }),
  ]);
  return {
    items: rows.map((v) =>
      presentVisit(
        v,
        orgs.filter((o) => o.visit_id === v.id),
        tasks.rows.filter((t) => t.visit_id === v.id),
        ctx.actor,
        ctx.now,
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canRecord: scopeRoots(ctx.actor.assignments, 'visit.manage').length > 0,
  };
}

/** The visited villages: each readable (else NOT_FOUND), managed (else FORBIDDEN), a village or community. */
async function checkVillages(ctx: AuthedContext, db: Executor, ids: readonly string[]): Promise<OrganizationRow[]> {
  const unique = [...new Set(ids)];
  const orgs: OrganizationRow[] = [];
  for (const id of unique) {
    const org = await orgRepo.findById(db, id);
    if (!org || org.archived_at !== null || !canReadVisitAt(ctx.actor, org.path)) throw notFound('组织');
    if (!canManageVisitAt(ctx.actor, org.path)) throw forbidden('您没有记录该村调研督导的权限（由区党群工作部记录）');
    if (!REPORTING_KINDS.includes(org.kind))
      throw new AppError(
        'VALIDATION_FAILED',
        `“${org.name}”不是村或社区，调研督导按村（社区）记录 (visits are to villages or communities)`,
        {
          fields: [{ in: 'body', path: 'organizationIds', message: 'not a village or community' }],
        },
      );
    orgs.push(org);
  }
  return orgs;
}

/** A visit is recorded once it took place: its day is not after today (2999-12-31 was taken). */
const refuseFutureVisit = (ctx: AuthedContext, visitedOn: string | undefined) =>
  refuseAfterToday(ctx.now, visitedOn, 'visitedOn', '调研日期不能晚于今天 (a visit is recorded once it took place)');

/** Records a leader's visit to one or more villages. Throws NOT_FOUND, FORBIDDEN (not visit.manage there), VALIDATION_FAILED. */
export async function createVisit(ctx: AuthedContext, body: CreateVisitBody): Promise<Visit> {
  refuseFutureVisit(ctx, body.visitedOn);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const orgs = await checkVillages(ctx, trx, body.organizationIds);
    const at = ctx.now.toISOString();
    const row: SupervisionVisitsTable = {
      id: newId(),
      visited_on: body.visitedOn,
      leader_name: body.leaderName,
      leader_title: body.leaderTitle,
      observations: body.observations,
      instructions: body.instructions,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insertVisit(trx, row);
    await repo.insertVisitOrganizations(trx, row.id, orgs);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'visit.recorded',
        after: snapshotVisit(
          row,
          orgs.map((o) => o.name),
        ),
      },
      { entityType: 'visit', entityId: row.id, organizationId: orgs.length === 1 ? orgs[0]!.id : null },
    );
    return visitDetail(ctx, trx, row.id);
  });
}

/**
 * Edits a visit's record (and its villages; a village with tasks stays). Needs visit.manage over every village
 * before and after. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale, or a village archived), VALIDATION_FAILED.
 */
export async function updateVisit(ctx: AuthedContext, id: string, body: UpdateVisitBody): Promise<Visit> {
  refuseFutureVisit(ctx, body.visitedOn);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The visit's row before its villages and tasks are read: a task being assigned meanwhile is counted below.
    await repo.lockVisit(trx, id);
    const { row: before, orgs: beforeOrgs } = await loadVisit(ctx, trx, id);
    if (!beforeOrgs.every((o) => canManageVisitAt(ctx.actor, o.org_path))) throw forbidden('您没有修改此调研督导记录的权限');
    for (const o of beforeOrgs) refuseArchivedVillage(o);
    if (before.version !== body.version) throw conflict(VISIT);
    let names = beforeOrgs.map((o) => o.name);
    if (body.organizationIds) {
      const orgs = await checkVillages(ctx, trx, body.organizationIds);
      const tasks = await repo.countTasksOf(trx, id);
      const dropped = beforeOrgs.find((o) => (tasks.get(o.organization_id) ?? 0) > 0 && !orgs.some((n) => n.id === o.organization_id));
      if (dropped)
        throw new AppError(
          'VALIDATION_FAILED',
          `${dropped.name}已有交办事项，不能从本次调研的村中移除 (a village with tasks stays on the visit)`,
          {
            fields: [{ in: 'body', path: 'organizationIds', message: 'village has tasks' }],
          },
        );
      await repo.deleteVisitOrganizations(trx, id);
      await repo.insertVisitOrganizations(trx, id, orgs);
      names = orgs.map((o) => o.name);
    }
    const changes: repo.VisitChanges = {
      ...(body.visitedOn !== undefined && { visited_on: body.visitedOn }),
      ...(body.leaderName !== undefined && { leader_name: body.leaderName }),
      ...(body.leaderTitle !== undefined && { leader_title: body.leaderTitle }),
      ...(body.observations !== undefined && { observations: body.observations }),
      ...(body.instructions !== undefined && { instructions: body.instructions }),
    };
    if (!(await repo.updateVisitIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(VISIT);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'visit.updated',
        before: snapshotVisit(
          before,
          beforeOrgs.map((o) => o.name),
        ),
        after: snapshotVisit({ ...before, ...changes }, names),
      },
      { entityType: 'visit', entityId: id, organizationId: null },
    );
    return visitDetail(ctx, trx, id);
  });
}

/**
 * Turns an instruction into a tracked task (交办事项) on one of the visit's villages, with owner unit and deadline.
 * Throws NOT_FOUND, FORBIDDEN (not visit.manage over the village), VALIDATION_FAILED (not a village of the visit),
 * CONFLICT (the village is archived).
 */
export async function assignTask(ctx: AuthedContext, visitId: string, body: CreateVisitTaskBody): Promise<VisitTask> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The visit's row before its villages are read: an edit removing the village meanwhile is seen here.
    await repo.lockVisit(trx, visitId);
    const { orgs } = await loadVisit(ctx, trx, visitId);
    const org = orgs.find((o) => o.organization_id === body.organizationId);
    if (!org)
      throw new AppError('VALIDATION_FAILED', '交办事项应落到本次调研的村 (a task goes to one of the visited villages)', {
        fields: [{ in: 'body', path: 'organizationId', message: 'not a village of this visit' }],
      });
    if (!canManageVisitAt(ctx.actor, org.org_path)) throw forbidden('您没有交办事项的权限（由区党群工作部交办）');
    refuseArchivedVillage(org);
    const at = ctx.now.toISOString();
    const row: VisitTasksTable = {
      id: newId(),
      visit_id: visitId,
      organization_id: org.organization_id,
      org_path: org.org_path,
      instruction: body.instruction,
      owner_unit: body.ownerUnit,
      due_on: body.dueOn,
      status: 'open',
      outcome_note: null,
      outcome_at: null,
      outcome_by: null,
      done_at: null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insertTask(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'visit_task.assigned', after: { organizationName: org.name, ...snapshotTask(row) } },
      { entityType: 'visit_task', entityId: row.id, organizationId: org.organization_id },
    );
    return presentTask((await repo.findTask(trx, row.id))!, ctx.actor, ctx.now);
  });
}

/** Tasks in the reader's scope, by deadline (overdue = unfinished after the deadline day). Throws NOT_FOUND. */
export async function listTasks(ctx: AuthedContext, query: VisitTaskListQuery): Promise<VisitTaskList> {
  const db = ctx.db.kysely;
  let roots = readRoots(ctx);
  if (query.organizationId) {
    const org = await loadReadableOrg(ctx, db, query.organizationId);
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
  }
  const { total, rows } = await repo.listTasks(db, {
    scopeRoots: roots.length ? roots : ['/-none-/'],
    status: query.status,
    dueBefore: query.overdue ? shanghaiDate(ctx.now) : undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map((t) => presentTask(t, ctx.actor, ctx.now)), total, page: query.page, pageSize: query.pageSize };
}

/** The unfinished tasks of one village, overdue first (the village dashboard). */
export async function unfinishedTasksOf(ctx: AuthedContext, db: Executor, org: { path: string }): Promise<VisitTask[]> {
  const { rows } = await repo.listTasks(db, { scopeRoots: [org.path], unfinished: true, limit: 20, offset: 0 });
  return rows.map((t) => presentTask(t, ctx.actor, ctx.now));
}

/**
 * Records a task's outcome: done, or not done with what is missing (a task found not done may be done later).
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale, or the village archived), INVALID_TRANSITION, VALIDATION_FAILED (no note
 * for not done).
 */
export async function resolveTask(ctx: AuthedContext, id: string, body: VisitTaskOutcomeBody): Promise<VisitTask> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const t = await repo.findTask(trx, id);
    if (!t || !canReadVisitAt(ctx.actor, t.org_path)) throw notFound(TASK);
    if (!canManageVisitAt(ctx.actor, t.org_path)) throw forbidden('您没有登记交办事项办理结果的权限（由区党群工作部登记）');
    refuseArchivedVillage({ name: t.organization_name, archived_at: t.organization_archived_at });
    if (t.version !== body.version) throw conflict(TASK);
    const status = t.status as VisitTaskStatus;
    const step = VISIT_TASK_WORKFLOW[body.action];
    if (!canVisitTaskTransition(body.action, status))
      throw new AppError(
        'INVALID_TRANSITION',
        `交办事项${VISIT_TASK_STATUS_LABELS[status].zh}，不能${VISIT_TASK_ACTION_LABELS[body.action].zh} (cannot ${body.action} a task that is ${status})`,
      );
    const note = body.note?.trim() || null;
    if (step.noteRequired && !note)
      throw new AppError('VALIDATION_FAILED', '记为未办结时请写明尚未完成的内容 (say what is still missing)', {
        fields: [{ in: 'body', path: 'note', message: 'required' }],
      });
    const at = ctx.now.toISOString();
    const ok = await repo.updateTaskIfVersion(
      trx,
      id,
      body.version,
      status,
      { status: step.to, outcome_note: note, outcome_at: at, outcome_by: ctx.actor.userId, done_at: step.to === 'done' ? at : null },
      at,
    );
    if (!ok) throw conflict(TASK);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'visit_task.resolved', action: body.action, from: status, to: step.to, note },
      { entityType: 'visit_task', entityId: id, organizationId: t.organization_id },
    );
    return presentTask((await repo.findTask(trx, id))!, ctx.actor, ctx.now);
  });
}

/**
 * 交办事项 of the subtree not done by their deadline as at `end` (whose Shanghai day is `asAt`), longest late
 * first: the circular's annex 3 (a past month's list is what was true at its end).
 */
export async function overdueTasksAsAt(
  db: Executor,
  f: { pathFrom: string; pathTo: string; asAt: string; end: Date; ended?: boolean },
): Promise<CircularOverdueTaskRow[]> {
  const rows = await repo.tasksDueBefore(db, {
    pathFrom: f.pathFrom,
    pathTo: f.pathTo,
    dueBefore: f.asAt,
    createdBefore: f.end.toISOString(),
    // A village archived (撤并) since a month keeps its late tasks in that month's list; later months have none of it.
    endedAt: f.ended ? f.end.toISOString() : undefined,
  });
  return rows
    .filter((t) => wasTaskOverdue({ dueOn: t.due_on, createdAt: t.created_at, doneAt: t.done_at }, f.asAt, f.end))
    .map((t) => ({
      organization: t.organization_name,
      leader: `${t.leader_name}（${t.leader_title}）`,
      visitedOn: t.visited_on,
      instruction: t.instruction,
      ownerUnit: t.owner_unit,
      dueOn: t.due_on,
      daysOverdue: daysLate(t.due_on, f.asAt),
    }))
    .sort((x, y) => y.daysOverdue - x.daysOverdue || x.organization.localeCompare(y.organization, 'zh-CN'));
}
