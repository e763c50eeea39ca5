import type {
  BulkCloseBody,
  BulkCloseResult,
  BulkUpdateBody,
  CreateProblemBody,
  ProblemAck,
  ProblemDetail,
  ProblemFilter,
  ProblemListQuery,
  TransitionBody,
  UpdateProblemBody,
} from '../../../domain/contracts/problems.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { problemCode, problemCodePrefix } from '../../../domain/problem-codes.ts';
import type { NotificationMessage } from '../../../domain/notification-messages.ts';
import {
  isActionable,
  PROBLEM_ACTION_LABELS,
  PROBLEM_STATUS_LABELS,
  PROBLEM_WORKFLOW,
  type ProblemAction,
  type ProblemStatus,
} from '../../../domain/problem-workflow.ts';
import { deadlineReminderKeys, problemEventKey, submittedKey } from '../../../domain/reminders.ts';
import { hasPermissionAt, type Role, scopeRoots } from '../../../domain/roles.ts';
import { defaultInspectionDeadline } from '../../../domain/rectification.ts';
import { addDays, shanghaiDate } from '../../../domain/time.ts';
import type { ProblemsTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import type { WriteAnswer } from '../../http/prefer.ts';
import { AppError, conflict, forbidden, notFound, refuseAfterToday } from '../../http/errors.ts';
import { latestRoundIn } from '../attainments/attainments.repository.ts';
import { undoAttainmentOnReopen } from '../attainments/attainments.service.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as evidenceRepo from '../evidence/evidence.repository.ts';
import { firstSecretaryOf } from '../inspections/inspections.repository.ts';
import { roundRectificationPeriod } from '../inspections/rectification-period.ts';
import * as measuresRepo from '../measures/measures.repository.ts';
import * as notificationsRepo from '../notifications/notifications.repository.ts';
import { createNotifications, listProblemVerifiers, listProblemVillagePeople } from '../notifications/notifications.service.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { actorCan, canRead as canReadOrg } from '../organizations/organizations.policy.ts';
import {
  confirmActiveAfterAudit,
  loadReadable as loadReadableOrg,
  refuseArchivedForProblems,
} from '../organizations/organizations.service.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { notePublicProblemEvent } from '../portal/public-events.ts';
import { canReadProblem, fourEyesRefuses, mayFire, problemAllowedActions, type ProblemRules } from './problems.policy.ts';
import { presentProblemAck, presentProblemDetail, presentProblemListItem } from './problems.presenter.ts';
import * as repo from './problems.repository.ts';
import { listActorScopes } from '../sessions/sessions.repository.ts';
import * as usersRepo from '../users/users.repository.ts';

const PROBLEM = '问题';
const IMAGE = /^image\//;

/** Resolves the ledger filter to scope paths and dates. Throws NOT_FOUND for an unseen organization. */
export async function resolveFilter(ctx: AuthedContext, f: ProblemFilter): Promise<repo.ResolvedFilter> {
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (f.organizationId) {
    const org = await loadReadableOrg(ctx, ctx.db.kysely, f.organizationId);
    // Narrow to the organization, within what the reader may see of it.
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
  }
  const today = shanghaiDate(ctx.now);
  return {
    scopeRoots: roots.length ? roots : ['/-none-/'],
    areaCode: f.area,
    checkItemId: f.checkItemId,
    statuses: f.status,
    today,
    overdue: f.overdue,
    dueSoonUntil: f.dueSoon ? addDays(today, 6) : undefined,
    dueFrom: f.dueFrom,
    dueTo: f.dueTo,
    ownerId: f.ownerId,
    roundId: f.roundId,
    q: f.q || undefined,
  };
}

/** The ledger list, with counts by status (the tabs' numbers) for the same filter without its status and 已逾期 parts. */
export async function listProblems(ctx: AuthedContext, query: ProblemListQuery) {
  const filter = await resolveFilter(ctx, query);
  // The counts are the tabs' numbers: like the status, 已逾期 is a tab, so they leave it out too (with it, every tab
  // read as overdue: "全部 5" for a village of 16).
  const countFilter = filter.overdue ? { ...filter, overdue: undefined } : filter;
  // The counters answer both the page's total and the status counts: read once (twice on the 已逾期 tab).
  const totals = await repo.counterTotals(ctx.db.kysely, filter);
  const countTotals = countFilter === filter ? totals : await repo.counterTotals(ctx.db.kysely, countFilter);
  const [{ total, rows }, counts, rules] = await Promise.all([
    repo.list(ctx.db.kysely, ctx.db.kind, filter, query.sort, query.pageSize, (query.page - 1) * query.pageSize, totals),
    repo.countByStatus(ctx.db.kysely, ctx.db.kind, countFilter, countTotals),
    loadProblemRules(ctx.db.kysely),
  ]);
  return {
    items: rows.map((r) => presentProblemListItem(r, ctx.actor, ctx.now, rules)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    counts,
  };
}

/** The problem rules in force (four eyes), from the cadence rules. */
async function loadProblemRules(db: Executor): Promise<ProblemRules> {
  return (await loadCadenceRules(db)).problems;
}

async function loadReadable(ctx: AuthedContext, db: Executor, id: string) {
  const row = await repo.findById(db, id);
  if (!row || !canReadProblem(ctx.actor, row)) throw notFound(PROBLEM);
  return row;
}

/** The problem's detail; `known`: its row as this transaction just wrote it (saves reading it again). */
async function detail(ctx: AuthedContext, db: Executor, id: string, known?: repo.ProblemWithLabels): Promise<ProblemDetail> {
  const row = known ?? (await loadReadable(ctx, db, id));
  const [history, notes, measures, evidence, orgs, names, sources, rules] = await Promise.all([
    repo.listHistory(db, id),
    repo.listNotes(db, id),
    measuresRepo.listForProblem(db, id),
    evidenceRepo.listForProblem(db, id),
    orgRepo.findByIds(db, pathIds(row.org_path)),
    repo.userNames(db, [row.found_by, row.accepted_by]),
    repo.namesOfRoundAndGroup(db, row.source_round_id, row.source_group_id),
    loadProblemRules(db),
  ]);
  const links = await measuresRepo.problemIdsOf(
    db,
    measures.map((m) => m.id),
  );
  return presentProblemDetail(row, ctx.actor, ctx.now, rules, {
    organizationPath: orgs
      .filter((o) => canReadOrg(ctx.actor, o))
      .sort((a, b) => a.depth - b.depth)
      .map((o) => ({ id: o.id, name: o.name })),
    history,
    notes,
    measures: measures.map((m) => ({
      id: m.id,
      description: m.description,
      ownerName: m.owner_name,
      dueOn: m.due_on,
      progress: m.progress,
      version: m.version,
      problemIds: links.get(m.id) ?? [],
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      originalName: e.original_name,
      mime: e.mime,
      size: e.size,
      isImage: IMAGE.test(e.mime),
      measureId: e.measure_id,
      uploadedAt: e.uploaded_at,
      uploadedByName: e.uploaded_by_name ?? null,
    })),
    names,
    roundName: sources.roundName,
    groupName: sources.groupName,
  });
}

/** Throws NOT_FOUND when absent or outside the reader's scope. */
export async function getProblem(ctx: AuthedContext, id: string): Promise<ProblemDetail> {
  return detail(ctx, ctx.db.kysely, id);
}

function snapshot(
  p: Pick<
    ProblemsTable,
    | 'status'
    | 'description'
    | 'severity'
    | 'due_on'
    | 'owner_name'
    | 'owner_id'
    | 'responsible_org_id'
    | 'lead_official'
    | 'tags'
    | 'is_public'
    | 'remark'
  >,
) {
  return {
    status: p.status,
    description: p.description,
    severity: p.severity,
    dueOn: p.due_on,
    ownerName: p.owner_name,
    ownerId: p.owner_id,
    responsibleOrgId: p.responsible_org_id,
    leadOfficial: p.lead_official,
    tags: JSON.parse(p.tags) as unknown,
    isPublic: p.is_public === 1,
    remark: p.remark,
  };
}

/**
 * The ledger's one code scheme, WT-YYMM-NNNN: the Shanghai month of recording
 * and a number counted per month (WT-2612-0068), for problems recorded by hand,
 * at inspection or by import alike. A number an imported row already took is
 * skipped.
 */
async function uniqueCode(db: Executor, now: Date): Promise<string> {
  const prefix = problemCodePrefix(shanghaiDate(now));
  for (let i = 0; i < 20; i++) {
    const code = problemCode(prefix, await repo.nextCodeNumber(db, prefix));
    if (!(await repo.codeExists(db, code))) return code;
  }
  throw new AppError('CONFLICT', '生成问题编号冲突，请重试 (could not number the problem; try again)');
}

/**
 * A problem's owner (责任人 account) must be an enabled account that can read the problem: the village's people
 * hear of its steps, so an account elsewhere would learn of another village's problems. Throws VALIDATION_FAILED.
 */
async function assertOwner(trx: Executor, ownerId: string, orgPath: string): Promise<void> {
  const user = await usersRepo.findById(trx, ownerId);
  const scopes = user && !user.disabled_at ? await listActorScopes(trx, ownerId) : [];
  const assignments = scopes.map((s) => ({ role: s.role as Role, organizationPath: s.organization_path }));
  if (!hasPermissionAt(assignments, 'problem.read', orgPath))
    throw new AppError(
      'VALIDATION_FAILED',
      '责任人账号须为在用、且能查看该问题的账号（如本村党组织书记） (the owner must be an enabled account that can read the problem)',
      { fields: [{ in: 'body', path: 'ownerId', message: user ? 'cannot read this problem' : 'no such user' }] },
    );
}

export interface NewProblemInput extends CreateProblemBody {
  sourceRoundId?: string | null;
  sourceGroupId?: string | null;
}

/**
 * Inserts a problem with its first history row and audit event, inside the
 * caller's transaction (used by the API, inspections and import).
 * Throws NOT_FOUND (organization), FORBIDDEN, VALIDATION_FAILED.
 */
export async function insertProblem(ctx: AuthedContext, trx: Executor, input: NewProblemInput): Promise<string> {
  return (await insertProblemRow(ctx, trx, input)).id;
}

/** insertProblem, answering the problem as written with its labels (read once, for the public ledger and the answer). */
async function insertProblemRow(ctx: AuthedContext, trx: Executor, input: NewProblemInput): Promise<repo.ProblemWithLabels> {
  const org = await loadReadableOrg(ctx, trx, input.organizationId);
  if (!actorCan(ctx.actor, 'problem.create', org.path)) throw forbidden('您没有在此组织登记问题的权限');
  refuseArchivedForProblems(org, '登记问题');
  if (input.checkItemId) {
    if (!(await repo.checkItemIsPublished(trx, input.checkItemId)))
      throw new AppError('VALIDATION_FAILED', '检查项不存在，或不属于已发布的标准版本', {
        fields: [{ in: 'body', path: 'checkItemId', message: 'no check item of a published standard version' }],
      });
  }
  if (input.responsibleOrgId) await loadReadableOrg(ctx, trx, input.responsibleOrgId);
  if (input.ownerId) await assertOwner(trx, input.ownerId, org.path);
  refuseAfterToday(ctx.now, input.foundOn, 'foundOn', '发现日期不能晚于今天 (the day it was found cannot be after today)');
  const id = newId();
  const at = ctx.now.toISOString();
  const row: repo.NewProblemRow = {
    id,
    code: await uniqueCode(trx, ctx.now),
    organization_id: org.id,
    org_path: org.path,
    check_item_id: input.checkItemId ?? null,
    description: input.description,
    severity: input.severity,
    source_round_id: input.sourceRoundId ?? null,
    source_group_id: input.sourceGroupId ?? null,
    found_on: input.foundOn ?? shanghaiDate(ctx.now),
    found_by: ctx.actor.userId,
    owner_id: input.ownerId ?? null,
    owner_name: input.ownerName ?? null,
    responsible_org_id: input.responsibleOrgId ?? null,
    lead_official: input.leadOfficial ?? null,
    due_on: input.dueOn ?? null,
    tags: JSON.stringify(input.tags),
    status: 'open',
    is_public: input.isPublic ? 1 : 0,
    remark: input.remark ?? null,
    submitted_at: null,
    accepted_at: null,
    accepted_by: null,
    acceptance_opinion: null,
    closed_at: null,
    closed_by: null,
    version: 1,
    created_at: at,
    updated_at: at,
  };
  await repo.insert(trx, row);
  await repo.insertHistory(trx, {
    id: newId(),
    problem_id: id,
    action: 'create',
    from_status: null,
    to_status: 'open',
    actor_id: ctx.actor.userId,
    at,
    reason: null,
    data: null,
  });
  await recordAuditEvent(
    trx,
    ctx,
    { type: 'problem.created', after: { code: row.code, ...snapshot(row) } },
    { entityType: 'problem', entityId: id, organizationId: org.id },
  );
  await confirmActiveAfterAudit(ctx, trx, org, '登记问题');
  const written = (await repo.findById(trx, id))!;
  // 公示: a public problem enters the public ledger (modules/portal).
  await notePublicProblemEvent(trx, ctx, { kind: 'created', problemId: id }, written);
  return written;
}

/** Records a problem by hand. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED. */
export async function createProblem<A extends WriteAnswer = 'detail'>(
  ctx: AuthedContext,
  body: CreateProblemBody,
  answer: A = 'detail' as A,
): Promise<WriteAnswerOf<A>> {
  const written = await ctx.db.kysely
    .transaction()
    .execute(async (trx) => insertProblemRow(ctx, trx, await handEntryDefaults(trx, body, ctx.now)));
  return answerAfterCommit(ctx, written, answer);
}

/**
 * 登记问题 by hand, and a problem made from a villager's feedback (feedback.service), get what a checklist's failure
 * gets (inspections.service) where the form is left empty, and the form says so: the deadline (the end of the village's latest round's 集中整改期, else two months after it was found),
 * the owner (the village's Party secretary) and the responsible unit (the organization itself). Without a deadline a
 * problem is never overdue, so it escaped the colours, the interviews and the circular's overdue list.
 */
export async function handEntryDefaults<B extends CreateProblemBody>(trx: Executor, body: B, now: Date): Promise<B> {
  // Read before the scope check (insertProblemRow's), and only to fill the body: nothing of it is answered if refused.
  const org = await orgRepo.findById(trx, body.organizationId);
  if (!org) return body;
  const foundOn = body.foundOn ?? shanghaiDate(now);
  const round = body.dueOn === undefined ? await latestRoundIn(trx, [org.path]) : undefined;
  const owner = body.ownerId === undefined && body.ownerName === undefined ? await firstSecretaryOf(trx, org.id) : undefined;
  return {
    ...body,
    dueOn: body.dueOn ?? defaultInspectionDeadline(foundOn, round ? roundRectificationPeriod(round).end : null),
    ...(owner ? { ownerId: owner.id, ownerName: owner.display_name } : {}),
    responsibleOrgId: body.responsibleOrgId ?? org.id,
  };
}

/** What a problem write answers with, by the answer the client asked for (`Prefer: return=minimal`). */
export type WriteAnswerOf<A extends WriteAnswer> = A extends 'minimal' ? ProblemAck : ProblemDetail;

/**
 * A write's answer, read after its transaction committed: the write lock (SQLite) and the transaction's one
 * connection (PostgreSQL) are held for the write alone, and on PostgreSQL the detail's reads run side by side on
 * the pool instead of one after another. `row`: the problem as the write left it. The whole detail by default; the
 * short answer (version, status, buttons: no further reads but the rules) when the client asked for it.
 */
async function answerAfterCommit<A extends WriteAnswer>(
  ctx: AuthedContext,
  row: repo.ProblemWithLabels | ProblemsTable,
  answer: A,
): Promise<WriteAnswerOf<A>> {
  if (answer === 'minimal') {
    return presentProblemAck(row, ctx.actor, await loadProblemRules(ctx.db.kysely)) as WriteAnswerOf<A>;
  }
  // A plain row (an edit's) lacks the labels: the detail reads the problem again.
  return detail(ctx, ctx.db.kysely, row.id, 'organization_name' in row ? row : undefined);
}

/** Edits fields other than status. Throws NOT_FOUND, FORBIDDEN, CONFLICT, VALIDATION_FAILED. */
export async function updateProblem<A extends WriteAnswer = 'detail'>(
  ctx: AuthedContext,
  id: string,
  body: UpdateProblemBody,
  answer: A = 'detail' as A,
): Promise<WriteAnswerOf<A>> {
  const after = await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadReadable(ctx, trx, id);
    if (!problemAllowedActions(ctx.actor, before, await loadProblemRules(trx)).includes('edit'))
      throw forbidden('您没有修改此问题的权限 (you may not edit this problem)');
    if (before.version !== body.version) throw conflict(PROBLEM);
    if (body.responsibleOrgId) await loadReadableOrg(ctx, trx, body.responsibleOrgId);
    if (body.ownerId) await assertOwner(trx, body.ownerId, before.org_path);
    const changes: repo.ProblemChanges = {
      ...(body.description !== undefined && { description: body.description }),
      ...(body.severity !== undefined && { severity: body.severity }),
      ...(body.dueOn !== undefined && { due_on: body.dueOn }),
      ...(body.ownerName !== undefined && { owner_name: body.ownerName }),
      ...(body.ownerId !== undefined && { owner_id: body.ownerId }),
      ...(body.responsibleOrgId !== undefined && { responsible_org_id: body.responsibleOrgId }),
      ...(body.leadOfficial !== undefined && { lead_official: body.leadOfficial }),
      ...(body.tags !== undefined && { tags: JSON.stringify(body.tags) }),
      ...(body.isPublic !== undefined && { is_public: body.isPublic ? 1 : 0 }),
      ...(body.remark !== undefined && { remark: body.remark }),
    };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(PROBLEM);
    const after = (await repo.findPlain(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'problem.updated', before: snapshot(before), after: snapshot(after) },
      { entityType: 'problem', entityId: id, organizationId: before.organization_id },
    );
    await notePublicProblemEvent(trx, ctx, { kind: 'updated', problemId: id, wasPublic: before.is_public === 1 });
    return after;
  });
  return answerAfterCommit(ctx, after, answer);
}

/**
 * Fires one lifecycle action (start, submit, reject, accept, close, reopen,
 * withdraw) as one transaction with its history row, audit event and
 * notifications (see notifyTransition), guarded by `version`. Reopening also
 * revokes a confirmed 达标 of the problem's village and round (attainments).
 * Withdrawing (撤销, open only, reason required) is the entry point the
 * 村两委会 review uses for a disputed problem.
 * Checks in order: visible, permission, version, status, four eyes (close),
 * reason, evidence.
 * Throws NOT_FOUND, FORBIDDEN (also four eyes), INVALID_TRANSITION, VALIDATION_FAILED, CONFLICT.
 */
export async function transitionProblem<A extends WriteAnswer = 'detail'>(
  ctx: AuthedContext,
  id: string,
  body: TransitionBody,
  answer: A = 'detail' as A,
  /** Checks (and writes) of the caller's that must hold in the transition's own transaction (e.g. a 两委会 dispute). */
  within?: (trx: Executor) => Promise<void>,
): Promise<WriteAnswerOf<A>> {
  const t = PROBLEM_WORKFLOW[body.action];
  const label = PROBLEM_ACTION_LABELS[body.action].zh;
  const after = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (within) await within(trx);
    const p = await loadReadable(ctx, trx, id);
    const rules = await loadProblemRules(trx);
    if (!mayFire(ctx.actor, body.action, p.org_path, rules)) throw forbidden(`您没有“${label}”的权限`);
    // A stale screen learns first that the problem changed under it.
    if (p.version !== body.version) throw conflict(PROBLEM);
    if (p.status !== t.from) {
      throw new AppError(
        'INVALID_TRANSITION',
        `问题当前为“${PROBLEM_STATUS_LABELS[p.status as ProblemStatus].zh}”，不能“${label}”（只有“${PROBLEM_STATUS_LABELS[t.from].zh}”的问题可以）`,
      );
    }
    // Read in this transaction: the acceptor (accepted_by) is guarded by the version check of the write below.
    if (body.action === 'close' && fourEyesRefuses(ctx.actor, p, body.action, rules)) {
      throw forbidden(
        '四眼原则：此问题由您验收，验收人不能同时销号，请由其他区级干部销号（区级管理员可在“规则设置”中调整此规则）' +
          ' (four-eyes rule: whoever accepted a problem may not also close it; ask another district officer to close it)',
      );
    }
    // 回头看 makes the problem unsettled again: not in an archived organization, where nobody would finish it.
    const reopenedIn = body.action === 'reopen' ? await loadReadableOrg(ctx, trx, p.organization_id) : null;
    if (reopenedIn) refuseArchivedForProblems(reopenedIn, '回头看重新整改');
    const reason = body.reason?.trim() || null;
    if (t.reasonRequired && !reason) {
      throw new AppError('VALIDATION_FAILED', `“${label}”需要填写理由`, { fields: [{ in: 'body', path: 'reason', message: 'required' }] });
    }
    // 销号 settles the problem: its measures must be done, or be marked done now on the closer's word.
    const unfinished =
      body.action === 'close' || (body.action === 'submit' && body.completeMeasures)
        ? (await measuresRepo.listForProblem(trx, id)).filter((m) => m.progress < 100)
        : [];
    if (body.action === 'close' && unfinished.length > 0 && !body.completeMeasures) {
      throw new AppError(
        'INVALID_TRANSITION',
        `此问题还有 ${unfinished.length} 项整改措施未完成（进度不足 100%），销号时请确认将其标为已完成 (${unfinished.length} measures are not at 100 %: confirm to complete them when closing)`,
        {
          needsConfirmation: 'measuresIncomplete',
          measures: unfinished.map((m) => ({ id: m.id, description: m.description, progress: m.progress })),
        },
      );
    }
    if (t.evidenceRequired) {
      const attached = await repo.countEvidence(trx, id);
      if (attached === 0) throw new AppError('INVALID_TRANSITION', '申请验收前请至少上传一份佐证材料（照片、文件等）');
      if (body.evidenceIds?.length && (await repo.countEvidence(trx, id, body.evidenceIds)) !== new Set(body.evidenceIds).size) {
        throw new AppError('VALIDATION_FAILED', '所选佐证材料不属于此问题', {
          fields: [{ in: 'body', path: 'evidenceIds', message: 'not attached to this problem' }],
        });
      }
    }
    const at = ctx.now.toISOString();
    const changes: repo.ProblemChanges = { status: t.to };
    switch (body.action) {
      case 'start':
        break;
      case 'submit':
        changes.submitted_at = at;
        break;
      case 'reject':
        changes.submitted_at = null;
        break;
      case 'accept':
        Object.assign(changes, { accepted_at: at, accepted_by: ctx.actor.userId, acceptance_opinion: reason });
        break;
      case 'close':
        Object.assign(changes, { closed_at: at, closed_by: ctx.actor.userId });
        break;
      case 'reopen':
        Object.assign(changes, {
          submitted_at: null,
          accepted_at: null,
          accepted_by: null,
          acceptance_opinion: null,
          closed_at: null,
          closed_by: null,
        });
        break;
    }
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, at))) throw conflict(PROBLEM);
    // The row as just written (nothing else in this transaction writes the problem's own columns).
    const after: repo.ProblemWithLabels = { ...p, ...changes, version: body.version + 1, updated_at: at };
    await repo.insertHistory(trx, {
      id: newId(),
      problem_id: id,
      action: body.action,
      from_status: p.status,
      to_status: t.to,
      actor_id: ctx.actor.userId,
      at,
      reason,
      data: body.evidenceIds?.length ? JSON.stringify({ evidenceIds: body.evidenceIds }) : null,
    });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'problem.transitioned', action: body.action, from: p.status, to: t.to, reason },
      { entityType: 'problem', entityId: id, organizationId: p.organization_id },
    );
    if (reopenedIn) await confirmActiveAfterAudit(ctx, trx, reopenedIn, '回头看重新整改');
    await notePublicProblemEvent(trx, ctx, { kind: 'status_changed', problemId: id, from: p.status, to: t.to }, after);
    for (const m of unfinished) {
      if (!(await measuresRepo.updateIfVersion(trx, m.id, m.version, { progress: 100 }, at))) throw conflict('整改措施');
      await recordAuditEvent(
        trx,
        ctx,
        {
          type: 'measure.updated',
          before: { progress: m.progress },
          after: { progress: 100, completedWith: { problemId: id, action: body.action } },
        },
        { entityType: 'measure', entityId: m.id, organizationId: m.organization_id },
      );
    }
    // 回头看 takes back the village's 达标 of the problem's round, in this transaction, with this reason.
    if (body.action === 'reopen') await undoAttainmentOnReopen(trx, ctx, p, reason ?? '');
    await notifyTransition(trx, ctx, p, body.action, { version: body.version + 1, at, reason }, rules);
    await settleMootNotices(trx, p, t.to, at);
    return after;
  });
  return answerAfterCommit(ctx, after, answer);
}

/**
 * 批量销号: closes each problem in its own transaction (its history row, audit
 * event and notices), so one that fails leaves the others closed; the answer
 * lists every problem's outcome. Throws nothing itself: failures are listed.
 */
export async function bulkClose(ctx: AuthedContext, body: BulkCloseBody): Promise<BulkCloseResult> {
  const results: BulkCloseResult['results'] = [];
  const seen = new Set<string>();
  for (const item of body.items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    try {
      const d = await transitionProblem(ctx, item.id, { action: 'close', version: item.version, completeMeasures: body.completeMeasures });
      results.push({ id: item.id, code: d.code, ok: true, error: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const visible = err.code === 'NOT_FOUND' ? null : await repo.findPlain(ctx.db.kysely, item.id);
      results.push({ id: item.id, code: visible?.code ?? null, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  const closed = results.filter((r) => r.ok).length;
  return { closed, failed: results.length - closed, results };
}

/**
 * The notices a transition makes moot, marked read in its transaction: the deadline reminders once the problem
 * leaves the village's hands (the bell kept "请尽快整改" after 申请验收), and the verifiers' 待验收 once they have
 * answered it.
 */
async function settleMootNotices(trx: Executor, p: repo.ProblemWithLabels, to: ProblemStatus, at: string): Promise<void> {
  const keys: string[] = [];
  if (isActionable(p.status as ProblemStatus) && !isActionable(to) && p.due_on)
    keys.push(...deadlineReminderKeys(p.id, p.due_on, (await loadCadenceRules(trx)).reminders));
  if (p.status === 'submitted' && p.submitted_at) keys.push(submittedKey(p.id, p.submitted_at));
  await notificationsRepo.settleByKeys(trx, keys, at);
}

/** What a workflow action tells, to whom, under which dedupe key; null when it tells nobody (starting). */
function transitionNotice(
  p: repo.ProblemWithLabels,
  action: ProblemAction,
  e: { version: number; at: string; reason: string | null },
  byName: string,
): { message: NotificationMessage; dedupeKey: string; to: 'village' | 'verifiers' } | null {
  const ref = { organizationName: p.organization_name, code: p.code, description: p.description };
  switch (action) {
    case 'start':
      return null;
    case 'submit':
      // The reminders job's key: it will not tell the verifiers a second time.
      return { message: { kind: 'problem_submitted', params: ref }, dedupeKey: submittedKey(p.id, e.at), to: 'verifiers' };
    case 'reject':
      return {
        message: { kind: 'problem_rejected', params: { ...ref, reason: e.reason ?? '', byName } },
        dedupeKey: problemEventKey(p.id, 'rejected', e.version),
        to: 'village',
      };
    case 'accept':
      return {
        message: { kind: 'problem_accepted', params: { ...ref, opinion: e.reason, byName } },
        dedupeKey: problemEventKey(p.id, 'accepted', e.version),
        to: 'village',
      };
    case 'close':
      return {
        message: { kind: 'problem_closed', params: { ...ref, byName } },
        dedupeKey: problemEventKey(p.id, 'closed', e.version),
        to: 'village',
      };
    case 'reopen':
      return {
        message: { kind: 'problem_reopened', params: { ...ref, reason: e.reason ?? '', byName } },
        dedupeKey: problemEventKey(p.id, 'reopened', e.version),
        to: 'village',
      };
    case 'withdraw':
      // Taken off the list before anyone worked on it: nobody has anything to do.
      return null;
  }
}

/**
 * Tells, inside the transition's transaction, those who act next: the
 * verifiers of a submission; the village (owner and secretaries) of a
 * send-back, an acceptance, a closing or a reopening. The actor is not told
 * of their own action.
 */
async function notifyTransition(
  trx: Executor,
  ctx: AuthedContext,
  p: repo.ProblemWithLabels,
  action: ProblemAction,
  e: { version: number; at: string; reason: string | null },
  rules: ProblemRules,
): Promise<void> {
  const notice = transitionNotice(p, action, e, ctx.actor.displayName);
  if (!notice) return;
  // Those the program lets act next (who acts): by default the liaison group, or the village.
  const people =
    notice.to === 'verifiers'
      ? await listProblemVerifiers(trx, p.org_path, rules.actors)
      : await listProblemVillagePeople(trx, p, rules.actors);
  const recipients = people.filter((userId) => userId !== ctx.actor.userId);
  if (recipients.length === 0) return;
  await createNotifications(
    trx,
    recipients.map((userId) => ({
      userId,
      ...notice.message,
      dedupeKey: notice.dedupeKey,
      link: `/ledger/${p.id}`,
      organizationId: p.organization_id,
    })),
    ctx.now,
  );
}

/** Adds a progress note (整改进展). Throws NOT_FOUND, FORBIDDEN. */
export async function addProgressNote(ctx: AuthedContext, id: string, text: string): Promise<ProblemDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadReadable(ctx, trx, id);
    if (!problemAllowedActions(ctx.actor, p, await loadProblemRules(trx)).includes('addProgress')) {
      throw p.status === 'closed' || p.status === 'accepted'
        ? new AppError('INVALID_TRANSITION', '已验收或已销号的问题不再填报进展')
        : p.status === 'withdrawn'
          ? new AppError('INVALID_TRANSITION', '已撤销的问题不再填报进展 (the problem was withdrawn)')
          : forbidden('您没有填报此问题进展的权限');
    }
    await repo.insertNote(trx, { id: newId(), problem_id: id, author_id: ctx.actor.userId, at: ctx.now.toISOString(), text });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'problem.progress_noted', text },
      { entityType: 'problem', entityId: id, organizationId: p.organization_id },
    );
    await notePublicProblemEvent(trx, ctx, { kind: 'progress_posted', problemId: id, text });
  });
  // Read after COMMIT, as a write's answer is (answerAfterCommit).
  return detail(ctx, ctx.db.kysely, id);
}

/**
 * Sets the owner and/or deadline of many problems at once: all or nothing,
 * one audit event per problem. Throws NOT_FOUND, FORBIDDEN, CONFLICT (any stale).
 */
export async function bulkUpdate(ctx: AuthedContext, body: BulkUpdateBody): Promise<{ updated: number }> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const at = ctx.now.toISOString();
    const rules = await loadProblemRules(trx);
    for (const item of body.items) {
      const before = await repo.findPlain(trx, item.id);
      if (!before || !canReadProblem(ctx.actor, before)) throw notFound(PROBLEM);
      if (!problemAllowedActions(ctx.actor, before, rules).includes('edit')) throw forbidden(`您没有修改问题 ${before.code} 的权限`);
      const changes: repo.ProblemChanges = {
        ...(body.ownerName !== undefined && { owner_name: body.ownerName }),
        ...(body.dueOn !== undefined && { due_on: body.dueOn }),
      };
      if (!(await repo.updateIfVersion(trx, item.id, item.version, changes, at))) {
        throw new AppError('CONFLICT', `问题 ${before.code} 已被他人修改，请刷新后重试；本次批量修改未保存任何内容`);
      }
      const after = (await repo.findPlain(trx, item.id))!;
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'problem.updated', before: snapshot(before), after: snapshot(after) },
        { entityType: 'problem', entityId: item.id, organizationId: before.organization_id },
      );
    }
    return { updated: body.items.length };
  });
}
