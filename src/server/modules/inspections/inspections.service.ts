import type {
  CheckResult,
  ChecklistDetail,
  ChecklistSummary,
  CreateRoundBody,
  RecordResultBody,
  RectificationPeriodBody,
  Round,
  RoundDetail,
} from '../../../domain/contracts/inspections.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { daysLeftInPeriod, defaultInspectionDeadline } from '../../../domain/rectification.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { toNumber } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, archivedReadOnly, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { insertProblem } from '../problems/problems.service.ts';
import * as repo from './inspections.repository.ts';
import { roundRectificationPeriod } from './rectification-period.ts';

const ROUND = '排查';
const CHECKLIST = '检查表';

const applies = (appliesTo: string, orgKind: string) => appliesTo === 'both' || appliesTo === orgKind;

function readRoots(ctx: AuthedContext) {
  return scopeRoots(ctx.actor.assignments, 'problem.read');
}

function presentChecklist(c: repo.ChecklistRow, applicable: number): ChecklistSummary {
  return {
    id: c.id,
    organizationId: c.organization_id,
    organizationName: c.organization_name,
    liaisonGroupName: c.group_name ?? null,
    status: c.status as ChecklistSummary['status'],
    recorded: toNumber(c.recorded),
    applicable,
    failed: toNumber(c.failed),
    completedAt: c.completed_at,
    version: c.version,
  };
}

async function applicableCounts(db: Executor, standardVersionId: string) {
  const items = await repo.checkItemsOf(db, standardVersionId);
  return {
    village: items.filter((i) => applies(i.applies_to, 'village')).length,
    community: items.filter((i) => applies(i.applies_to, 'community')).length,
  };
}

async function roundsWithProgress(ctx: AuthedContext, db: Executor, rounds: NonNullable<Awaited<ReturnType<typeof repo.findRound>>>[]) {
  const roots = readRoots(ctx);
  const ids = rounds.map((r) => r.id);
  // Closing a round and setting its period change it for every village of it: the reader's scope lists only some.
  const [checklists, problems, reachingOutside] = await Promise.all([
    repo.listChecklists(db, ids, roots),
    repo.countProblemsOfRounds(db, ids, roots),
    repo.roundsReachingOutside(db, ids, scopeRoots(ctx.actor.assignments, 'inspection.manage')),
  ]);
  const today = shanghaiDate(ctx.now);
  return rounds
    .map((r) => {
      const mine = checklists.filter((c) => c.round_id === r.id);
      const managesAll = mine.length > 0 && !reachingOutside.has(r.id);
      const period = roundRectificationPeriod(r);
      const round: Round = {
        id: r.id,
        name: r.name,
        standardVersionId: r.standard_version_id,
        standardTitle: r.standard_title,
        standardVersionNo: Number(r.standard_version_no),
        periodStart: r.period_start,
        periodEnd: r.period_end,
        status: r.status as Round['status'],
        checklistsDone: mine.filter((c) => c.status === 'done').length,
        checklistsTotal: mine.length,
        problemsFound: problems.get(r.id) ?? 0,
        closedAt: r.closed_at,
        rectification: { ...period, daysLeft: daysLeftInPeriod(period, today) },
        version: r.version,
        createdAt: r.created_at,
        allowedActions: managesAll ? [...(r.status === 'open' ? (['close'] as const) : []), 'setPeriod'] : [],
      };
      return { round, checklists: mine };
    })
    .filter((x) => x.checklists.length > 0);
}

/** Rounds with at least one checklist in the reader's scope, with progress counted in that scope. */
export async function listRounds(ctx: AuthedContext) {
  const rounds = await repo.listRounds(ctx.db.kysely);
  return { items: (await roundsWithProgress(ctx, ctx.db.kysely, rounds)).map((x) => x.round) };
}

async function roundDetail(ctx: AuthedContext, db: Executor, id: string): Promise<RoundDetail> {
  const r = await repo.findRound(db, id);
  if (!r) throw notFound(ROUND);
  const [x] = await roundsWithProgress(ctx, db, [r]);
  if (!x) throw notFound(ROUND);
  const counts = await applicableCounts(db, r.standard_version_id);
  return {
    ...x.round,
    checklists: x.checklists.map((c) => presentChecklist(c, c.organization_kind === 'community' ? counts.community : counts.village)),
  };
}

/** Throws NOT_FOUND when no checklist of the round is in the reader's scope. */
export async function getRound(ctx: AuthedContext, id: string) {
  return roundDetail(ctx, ctx.db.kysely, id);
}

/**
 * Starts a round: a published standard version × villages × a period; one
 * checklist per village, assigned to the liaison group covering it.
 * Throws VALIDATION_FAILED, NOT_FOUND, FORBIDDEN.
 */
export async function createRound(ctx: AuthedContext, body: CreateRoundBody): Promise<RoundDetail> {
  if (body.periodEnd < body.periodStart) throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const version = await repo.findStandardVersion(trx, body.standardVersionId);
    if (!version) throw notFound('标准版本');
    if (version.status !== 'published') throw new AppError('VALIDATION_FAILED', '只能按已发布的标准版本排查');
    const ids = [...new Set(body.organizationIds)];
    const orgs = await orgRepo.findByIds(trx, ids);
    if (orgs.length !== ids.length || orgs.some((o) => !actorCan(ctx.actor, 'organization.read', o.path))) throw notFound('组织');
    const denied = orgs.find((o) => !actorCan(ctx.actor, 'inspection.manage', o.path));
    if (denied) throw forbidden(`您没有对“${denied.name}”发起排查的权限`);
    const wrong = orgs.find((o) => (o.kind !== 'village' && o.kind !== 'community') || o.archived_at);
    if (wrong) throw new AppError('VALIDATION_FAILED', `“${wrong.name}”不是在用的村（社区），不能排查`);
    const groups = await repo.groupsCovering(trx, ids);
    const at = ctx.now.toISOString();
    const id = newId();
    await repo.insertRound(trx, {
      id,
      name: body.name,
      standard_version_id: version.id,
      period_start: body.periodStart,
      period_end: body.periodEnd,
      status: 'open',
      created_by: ctx.actor.userId,
      closed_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    await repo.insertChecklists(
      trx,
      orgs.map((o) => ({
        id: newId(),
        round_id: id,
        organization_id: o.id,
        liaison_group_id: groups.get(o.id) ?? null,
        status: 'pending',
        completed_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })),
    );
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'inspection.round_created',
        after: {
          name: body.name,
          standardVersionId: version.id,
          periodStart: body.periodStart,
          periodEnd: body.periodEnd,
          organizations: ids.length,
        },
      },
      { entityType: 'inspection', entityId: id, organizationId: null },
    );
    return roundDetail(ctx, trx, id);
  });
}

async function loadChecklist(ctx: AuthedContext, db: Executor, id: string) {
  const c = await repo.findChecklist(db, id);
  if (!c || !actorCan(ctx.actor, 'problem.read', c.organization_path)) throw notFound(CHECKLIST);
  const round = (await repo.findRound(db, c.round_id))!;
  return { c, round };
}

async function checklistDetail(ctx: AuthedContext, db: Executor, id: string): Promise<ChecklistDetail> {
  const { c, round } = await loadChecklist(ctx, db, id);
  const [items, results] = await Promise.all([repo.checkItemsOf(db, round.standard_version_id), repo.resultsOf(db, id)]);
  const byItem = new Map(results.map((r) => [r.check_item_id, r]));
  const areas = new Map<string, ChecklistDetail['areas'][number]>();
  for (const i of items) {
    const area = areas.get(i.area_id) ?? { id: i.area_id, code: i.area_code, name: i.area_name, items: [] };
    const r = byItem.get(i.id);
    area.items.push({
      checkItemId: i.id,
      code: i.code,
      title: i.title,
      criterion: i.criterion,
      weight: i.weight,
      expectedEvidence: i.expected_evidence,
      applicable: applies(i.applies_to, c.organization_kind),
      result: (r?.result as CheckResult | undefined) ?? null,
      note: r?.note ?? null,
      problemId: r?.problem_id ?? null,
      recordedAt: r?.recorded_at ?? null,
      resultVersion: r?.version ?? null,
    });
    areas.set(i.area_id, area);
  }
  const applicable = items.filter((i) => applies(i.applies_to, c.organization_kind)).length;
  const canRecord =
    round.status === 'open' &&
    c.status !== 'done' &&
    c.organization_archived_at === null &&
    actorCan(ctx.actor, 'inspection.record', c.organization_path);
  return {
    ...presentChecklist(c, applicable),
    roundId: round.id,
    roundName: round.name,
    roundStatus: round.status as ChecklistDetail['roundStatus'],
    areas: [...areas.values()],
    allowedActions: canRecord ? ['record', 'complete'] : [],
  };
}

export async function getChecklist(ctx: AuthedContext, id: string) {
  return checklistDetail(ctx, ctx.db.kysely, id);
}

async function assertCanRecord(
  ctx: AuthedContext,
  c: { status: string; organization_path: string; organization_name: string; organization_archived_at: string | null },
  round: { status: string },
) {
  if (!actorCan(ctx.actor, 'inspection.record', c.organization_path)) throw forbidden('只有包联组成员可以记录排查结果');
  // The archived flag as the checklist was read, not a lock (see study-scope.ts refuseArchived).
  if (c.organization_archived_at !== null) throw archivedReadOnly(c.organization_name, '排查记录');
  if (round.status !== 'open') throw new AppError('INVALID_TRANSITION', '本轮排查已结束，不能再记录');
  if (c.status === 'done') throw new AppError('INVALID_TRANSITION', '该检查表已完成，不能再修改');
}

/**
 * Records one check item: meets / fails / not applicable. A failing item
 * creates a problem linked to the check item, in the same transaction.
 * Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, CONFLICT, VALIDATION_FAILED.
 */
export async function recordResult(
  ctx: AuthedContext,
  checklistId: string,
  checkItemId: string,
  body: RecordResultBody,
): Promise<ChecklistDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { c, round } = await loadChecklist(ctx, trx, checklistId);
    await assertCanRecord(ctx, c, round);
    const item = (await repo.checkItemsOf(trx, round.standard_version_id)).find((i) => i.id === checkItemId);
    if (!item) throw notFound('检查项');
    if (!applies(item.applies_to, c.organization_kind) && body.result !== 'na') {
      throw new AppError('VALIDATION_FAILED', '该检查项不适用于此类组织，只能记为“不适用”');
    }
    const at = ctx.now.toISOString();
    // The checklist first, before any result or problem is written: a completion under way waits for this, or
    // this for it and is then refused.
    if (!(await repo.claimChecklistForResult(trx, c.id, at)))
      throw new AppError('INVALID_TRANSITION', '该检查表已完成，不能再修改 (the checklist was completed meanwhile)');
    const existing = await repo.findResult(trx, checklistId, checkItemId);
    let problemId = existing?.problem_id ?? null;
    if (existing) {
      if (body.version === undefined || body.version !== existing.version) throw conflict('该检查项的记录');
      if (existing.problem_id && body.result !== 'fails') {
        throw new AppError('INVALID_TRANSITION', '此项已登记为问题，请在问题台账中整改销号，而不是改为达标');
      }
    }
    if (body.result === 'fails' && !problemId) {
      // What the inspector leaves empty is defaulted (and the dialog says so): the deadline, and the
      // village's Party secretary as the owner; the problem page shows both at once.
      const foundOn = shanghaiDate(ctx.now);
      const owner = await repo.firstSecretaryOf(trx, c.organization_id);
      problemId = await insertProblem(ctx, trx, {
        organizationId: c.organization_id,
        checkItemId,
        description: body.problem!.description,
        severity: body.problem!.severity,
        dueOn: body.problem!.dueOn ?? defaultInspectionDeadline(foundOn, roundRectificationPeriod(round).end),
        ...(owner ? { ownerId: owner.id, ownerName: owner.display_name } : {}),
        responsibleOrgId: c.organization_id,
        foundOn,
        tags: [],
        isPublic: true,
        sourceRoundId: round.id,
        sourceGroupId: c.liaison_group_id,
      });
    }
    const after = { checkItem: item.code, result: body.result, note: body.note ?? null, problemId };
    if (existing) {
      if (
        !(await repo.updateResultIfVersion(trx, existing.id, existing.version, {
          result: body.result,
          note: body.note ?? null,
          problem_id: problemId,
          recorded_by: ctx.actor.userId,
          recorded_at: at,
        }))
      ) {
        throw conflict('该检查项的记录');
      }
    } else {
      await repo.insertResult(trx, {
        id: newId(),
        checklist_id: checklistId,
        check_item_id: checkItemId,
        result: body.result,
        note: body.note ?? null,
        problem_id: problemId,
        recorded_by: ctx.actor.userId,
        recorded_at: at,
        version: 1,
      });
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'inspection.result_recorded', before: existing ? { result: existing.result, note: existing.note } : null, after },
      { entityType: 'inspection', entityId: c.id, organizationId: c.organization_id },
    );
    return checklistDetail(ctx, trx, checklistId);
  });
}

/** Marks a checklist done once every applicable item is recorded. Throws INVALID_TRANSITION, CONFLICT. */
export async function completeChecklist(ctx: AuthedContext, id: string, version: number): Promise<ChecklistDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { c, round } = await loadChecklist(ctx, trx, id);
    await assertCanRecord(ctx, c, round);
    if (c.version !== version) throw conflict(CHECKLIST);
    const detail = await checklistDetail(ctx, trx, id);
    const missing = detail.areas.flatMap((a) => a.items).filter((i) => i.applicable && i.result === null);
    if (missing.length > 0) {
      throw new AppError(
        'INVALID_TRANSITION',
        `还有 ${missing.length} 个检查项未记录（如 ${missing
          .slice(0, 3)
          .map((i) => i.code)
          .join('、')}），请全部记录后再完成`,
      );
    }
    if (
      !(await repo.updateChecklistIfVersion(
        trx,
        id,
        version,
        { status: 'done', completed_at: ctx.now.toISOString() },
        ctx.now.toISOString(),
      ))
    )
      throw conflict(CHECKLIST);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'inspection.status_changed', before: { checklist: c.status }, after: { checklist: 'done' } },
      { entityType: 'inspection', entityId: id, organizationId: c.organization_id },
    );
    return checklistDetail(ctx, trx, id);
  });
}

/** Closes a round when all its checklists are done. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, CONFLICT. */
export async function closeRound(ctx: AuthedContext, id: string, version: number): Promise<RoundDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const detail = await roundDetail(ctx, trx, id);
    if (!detail.allowedActions.includes('close')) {
      throw detail.status === 'closed' ? new AppError('INVALID_TRANSITION', '本轮排查已结束') : forbidden('您没有结束此轮排查的权限');
    }
    if (detail.version !== version) throw conflict(ROUND);
    const open = await repo.countOpenChecklists(trx, id);
    if (open > 0) throw new AppError('INVALID_TRANSITION', `还有 ${open} 个检查表未完成，不能结束本轮排查`);
    const at = ctx.now.toISOString();
    if (!(await repo.updateRoundIfVersion(trx, id, version, { status: 'closed', closed_at: at }, at))) throw conflict(ROUND);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'inspection.status_changed', before: { round: 'open' }, after: { round: 'closed' } },
      { entityType: 'inspection', entityId: id, organizationId: null },
    );
    return roundDetail(ctx, trx, id);
  });
}

/**
 * Sets the round's concentrated rectification period (集中整改期), or with both
 * dates null returns it to the default (two months from the round's
 * completion). Problems already recorded keep their deadlines; new ones of the
 * round are due at the period's end. District officers who manage every
 * checklist of the round may do it, open or closed.
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT, VALIDATION_FAILED.
 */
export async function setRectificationPeriod(ctx: AuthedContext, id: string, body: RectificationPeriodBody): Promise<RoundDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const detail = await roundDetail(ctx, trx, id);
    if (!detail.allowedActions.includes('setPeriod')) throw forbidden('您没有调整此轮集中整改期的权限');
    if (detail.version !== body.version) throw conflict(ROUND);
    const at = ctx.now.toISOString();
    if (!(await repo.updateRoundIfVersion(trx, id, body.version, { rectification_start: body.start, rectification_end: body.end }, at)))
      throw conflict(ROUND);
    const after = await roundDetail(ctx, trx, id);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'inspection.rectification_period_set',
        before: { start: detail.rectification.start, end: detail.rectification.end, source: detail.rectification.source },
        after: { start: after.rectification.start, end: after.rectification.end, source: after.rectification.source },
      },
      { entityType: 'inspection', entityId: id, organizationId: null },
    );
    return after;
  });
}
