import type { CreatePlanBody, PlanDetail, PlanList, PlanListQuery, UpdatePlanBody } from '../../../domain/contracts/plans.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import {
  buildPlanContent,
  defaultClosing,
  defaultPreamble,
  PLAN_ACTION_LABELS,
  PLAN_STATUS_LABELS,
  PLAN_WORKFLOW,
  type PlanAction,
  type PlanContent,
  type PlanStatus,
  planTitle,
} from '../../../domain/village-plan.ts';
import { planStanding, type ReviewOutcome } from '../../../domain/village-review.ts';
import type { VillagePlansTable } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import * as reviews from '../reviews/reviews.repository.ts';
import { buildPlanDocx } from './plans.docx.ts';
import { canManagePlan, canReadPlan, refuseArchivedPlan } from './plans.policy.ts';
import { parseContent, presentPlanDetail, presentPlanSummary, snapshotPlan } from './plans.presenter.ts';
import * as repo from './plans.repository.ts';

const PLAN = '整改方案';

const target = (r: { id: string; organization_id: string }) => ({
  entityType: 'plan' as const,
  entityId: r.id,
  organizationId: r.organization_id,
});

async function load(ctx: AuthedContext, db: Executor, id: string): Promise<repo.PlanRow> {
  const row = await repo.findById(db, id);
  if (!row || !canReadPlan(ctx.actor, row.org_path)) throw notFound(PLAN);
  return row;
}

async function detail(ctx: AuthedContext, db: Executor, id: string): Promise<PlanDetail> {
  const row = await load(ctx, db, id);
  return presentPlanDetail(row, await repo.versionsOf(db, row.review_id), ctx.actor);
}

/** One version of a plan. Throws NOT_FOUND (absent or outside the reader's scope). */
export function getPlan(ctx: AuthedContext, id: string): Promise<PlanDetail> {
  return detail(ctx, ctx.db.kysely, id);
}

/** Plan versions in the reader's scope, by village, newest version first. Throws NOT_FOUND (an unseen organization). */
export async function listPlans(ctx: AuthedContext, query: PlanListQuery): Promise<PlanList> {
  const db = ctx.db.kysely;
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (query.organizationId) {
    const org = await loadReadableOrg(ctx, db, query.organizationId);
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
  }
  const { total, rows } = await repo.list(db, {
    scopeRoots: roots.length ? roots : ['/-none-/'],
    reviewId: query.reviewId,
    status: query.status,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map((r) => presentPlanSummary(r, ctx.actor)), total, page: query.page, pageSize: query.pageSize };
}

interface Generated {
  content: PlanContent;
  preamble: string;
}

/**
 * The plan's body from the review: the problems it verified (confirmed, or disputed and upheld) with their
 * measures, grouped by area; withdrawn ones left out. Throws INVALID_TRANSITION while a problem awaits its outcome.
 */
async function generate(db: Executor, review: reviews.ReviewRow, now: Date): Promise<Generated> {
  const [problems, outcomes, standard] = await Promise.all([
    reviews.problemsOf(db, review.round_id, review.organization_id),
    reviews.outcomesOf(db, review.id),
    repo.standardOfRound(db, review.round_id),
  ]);
  const outcomeOf = new Map(outcomes.map((o) => [o.problem_id, o.outcome as ReviewOutcome]));
  const standing = problems.map((p) => ({ p, s: planStanding({ status: p.status, outcome: outcomeOf.get(p.id) ?? null }) }));
  const unreviewed = standing.filter((x) => x.s === 'unreviewed');
  if (unreviewed.length > 0)
    throw new AppError(
      'INVALID_TRANSITION',
      `还有 ${unreviewed.length} 个问题未经村两委会核实（${unreviewed
        .slice(0, 3)
        .map((x) => x.p.code)
        .join('、')}${unreviewed.length > 3 ? '等' : ''}），请先记录核实结果 (${unreviewed.length} problems await their outcome)`,
      { unreviewed: unreviewed.map((x) => x.p.code) },
    );
  const verified = standing.filter((x) => x.s === 'verified').map((x) => x.p);
  const measures = await reviews.measuresOf(
    db,
    verified.map((p) => p.id),
  );
  const byMeasure = new Map<
    string,
    { id: string; description: string; ownerName: string | null; dueOn: string | null; createdAt: string; problemIds: string[] }
  >();
  for (const m of measures) {
    const entry = byMeasure.get(m.id) ?? {
      id: m.id,
      description: m.description,
      ownerName: m.owner_name,
      dueOn: m.due_on,
      createdAt: m.created_at,
      problemIds: [],
    };
    entry.problemIds.push(m.problem_id);
    byMeasure.set(m.id, entry);
  }
  const content = buildPlanContent(
    verified.map((p) => ({
      id: p.id,
      code: p.code,
      description: p.description,
      leadOfficial: p.lead_official,
      ownerName: p.owner_name,
      responsibleUnit: p.responsible_org_name,
      dueOn: p.due_on,
      checkItemCode: p.check_item_code,
      checkItemTitle: p.check_item_title,
      checkItemOrder: p.check_item_order,
      areaCode: p.area_code,
      areaName: p.area_name,
      areaOrder: p.area_order,
    })),
    [...byMeasure.values()],
    shanghaiDate(now),
    standing.filter((x) => x.s === 'withdrawn').length,
  );
  const preamble = defaultPreamble({
    villageName: review.organization_name,
    groupName: review.group_name,
    noticeTitle: standard?.notice_title ?? null,
    standardTitle: standard?.title ?? '规范化建设标准',
    reviewHeldOn: review.held_on,
    totals: content.totals,
  });
  return { content, preamble };
}

/**
 * Generates a new draft version of the village's 一村一策 plan from its 两委会 review (one draft at a time).
 * Throws NOT_FOUND, FORBIDDEN (not plan.manage there), CONFLICT (the village archived, or a draft exists),
 * INVALID_TRANSITION (unreviewed problems).
 */
export async function createPlan(ctx: AuthedContext, body: CreatePlanBody): Promise<PlanDetail> {
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const review = await reviews.findById(trx, body.reviewId);
      if (!review || !canReadPlan(ctx.actor, review.org_path)) throw notFound('村两委会核实记录');
      if (!canManagePlan(ctx.actor, review.org_path)) throw forbidden('只有包联该村的包联组成员可以制定一村一策整改方案');
      refuseArchivedPlan(review);
      const versions = await repo.versionsOf(trx, review.id);
      if (versions.some((v) => v.status === 'draft')) throw draftExists();
      const { content, preamble } = await generate(trx, review, ctx.now);
      const at = ctx.now.toISOString();
      const row: VillagePlansTable = {
        id: newId(),
        review_id: review.id,
        organization_id: review.organization_id,
        org_path: review.org_path,
        version_no: (versions[0]?.version_no ?? 0) + 1,
        status: 'draft',
        title: planTitle(review.organization_name),
        preamble,
        closing: defaultClosing(),
        content: JSON.stringify(content),
        approved_at: null,
        approved_by: null,
        created_by: ctx.actor.userId,
        version: 1,
        created_at: at,
        updated_at: at,
      };
      await repo.insert(trx, row);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'plan.created', versionNo: row.version_no, after: { organizationName: review.organization_name, ...snapshotPlan(row) } },
        target(row),
      );
      return detail(ctx, trx, row.id);
    });
  } catch (e) {
    // Two drafters at once: the partial unique index (one draft per review) lets one win.
    if (isUniqueViolation(e)) throw draftExists();
    throw e;
  }
}

const draftExists = () =>
  new AppError('CONFLICT', '该村已有一个整改方案草稿，请在草稿上修改或审定后再生成新版本 (a draft exists: edit or approve it first)');

/**
 * One step of the workflow on a draft: guard (scope, permission, the village not archived, version, state), conditional
 * write, audit event.
 */
async function act(
  ctx: AuthedContext,
  id: string,
  action: PlanAction,
  version: number,
  step: (trx: Executor, before: repo.PlanRow) => Promise<{ changes: repo.PlanChanges; superseded?: number | null }>,
): Promise<PlanDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    if (!canManagePlan(ctx.actor, before.org_path)) throw forbidden('只有包联该村的包联组成员可以修改或审定整改方案');
    refuseArchivedPlan(before);
    if (before.version !== version) throw conflict(PLAN);
    const status = before.status as PlanStatus;
    if (PLAN_WORKFLOW[action].from !== status)
      throw new AppError(
        'INVALID_TRANSITION',
        `整改方案第${before.version_no}版${PLAN_STATUS_LABELS[status].zh}，不能${PLAN_ACTION_LABELS[action].zh}（已审定的版本不再修改，可生成新版本） (cannot ${action} a plan that is ${status})`,
      );
    const { changes, superseded } = await step(trx, before);
    const at = ctx.now.toISOString();
    const to = PLAN_WORKFLOW[action].to;
    if (!(await repo.updateIfVersion(trx, id, version, status, { ...changes, status: to }, at))) throw conflict(PLAN);
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      action === 'approve'
        ? { type: 'plan.approved', versionNo: after.version_no, supersededVersionNo: superseded ?? null }
        : { type: 'plan.edited', action, before: snapshotPlan(before), after: snapshotPlan(after) },
      target(after),
    );
    return detail(ctx, trx, id);
  });
}

/**
 * Edits a draft's title, preamble or closing. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also: the village archived),
 * INVALID_TRANSITION (not a draft).
 */
export function updatePlan(ctx: AuthedContext, id: string, body: UpdatePlanBody): Promise<PlanDetail> {
  return act(ctx, id, 'edit', body.version, async () => ({
    changes: {
      ...(body.title !== undefined && { title: body.title }),
      ...(body.preamble !== undefined && { preamble: body.preamble }),
      ...(body.closing !== undefined && { closing: body.closing }),
    },
  }));
}

/**
 * Re-reads the verified problems and measures into a draft; a preamble nobody edited is rewritten with the new
 * figures. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also: the village archived), INVALID_TRANSITION (not a draft, or
 * unreviewed problems).
 */
export function regeneratePlan(ctx: AuthedContext, id: string, version: number): Promise<PlanDetail> {
  return act(ctx, id, 'regenerate', version, async (trx, before) => {
    const review = (await reviews.findById(trx, before.review_id))!;
    const { content, preamble } = await generate(trx, review, ctx.now);
    const standard = await repo.standardOfRound(trx, review.round_id);
    const untouched =
      before.preamble ===
      defaultPreamble({
        villageName: review.organization_name,
        groupName: review.group_name,
        noticeTitle: standard?.notice_title ?? null,
        standardTitle: standard?.title ?? '规范化建设标准',
        reviewHeldOn: review.held_on,
        totals: parseContent(before.content).totals,
      });
    return { changes: { content: JSON.stringify(content), ...(untouched && { preamble }) } };
  });
}

/**
 * 审定: the liaison group approves this version; the version approved before (if any) is marked superseded in the
 * same transaction. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also: the village archived), INVALID_TRANSITION (not a draft).
 */
export function approvePlan(ctx: AuthedContext, id: string, version: number): Promise<PlanDetail> {
  return act(ctx, id, 'approve', version, async (trx, before) => {
    const at = ctx.now.toISOString();
    const superseded = await repo.supersedeApproved(trx, before.review_id, at);
    return { changes: { approved_at: at, approved_by: ctx.actor.userId }, superseded };
  });
}

/** The plan as a Word document in the register of an official document. Throws NOT_FOUND as getPlan. */
export async function planDocx(ctx: AuthedContext, id: string): Promise<{ bytes: Buffer; fileName: string; asciiFileName: string }> {
  const d = await detail(ctx, ctx.db.kysely, id);
  const bytes = await buildPlanDocx(d);
  const label = d.status === 'draft' ? '草稿' : d.status === 'approved' ? '审定稿' : '历史版本';
  return {
    bytes,
    fileName: `${d.organizationName}一村一策整改方案（第${d.versionNo}版${label}）.docx`,
    asciiFileName: `village-plan-v${d.versionNo}.docx`,
  };
}
