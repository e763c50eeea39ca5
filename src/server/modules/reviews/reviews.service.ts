import type {
  CreateReviewBody,
  RecordOutcomesBody,
  Review,
  ReviewList,
  ReviewListQuery,
  UpdateReviewBody,
  WithdrawProblemBody,
} from '../../../domain/contracts/reviews.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { countReview, normaliseOutcome, type ReviewOutcome } from '../../../domain/village-review.ts';
import type { VillageReviewsTable } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as inspections from '../inspections/inspections.repository.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import { transitionProblem } from '../problems/problems.service.ts';
import { mayFire } from '../problems/problems.policy.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { canReadReview, canRecordReview, refuseArchivedReview } from './reviews.policy.ts';
import { presentReview, snapshotReview } from './reviews.presenter.ts';
import * as repo from './reviews.repository.ts';

const REVIEW = '村两委会核实记录';

const target = (r: { id: string; organization_id: string }) => ({
  entityType: 'review' as const,
  entityId: r.id,
  organizationId: r.organization_id,
});

async function load(ctx: AuthedContext, db: Executor, id: string): Promise<repo.ReviewRow> {
  const row = await repo.findById(db, id);
  if (!row || !canReadReview(ctx.actor, row.org_path)) throw notFound(REVIEW);
  return row;
}

/** The review to record on. Throws NOT_FOUND, FORBIDDEN, CONFLICT (the village archived, or a stale version). */
async function loadForChange(ctx: AuthedContext, db: Executor, id: string, version: number): Promise<repo.ReviewRow> {
  const row = await load(ctx, db, id);
  if (!canRecordReview(ctx.actor, row.org_path)) throw forbidden('只有包联该村的包联组成员可以记录村两委会核实情况');
  refuseArchivedReview(row);
  if (row.version !== version) throw conflict(REVIEW);
  return row;
}

async function detail(ctx: AuthedContext, db: Executor, id: string): Promise<Review> {
  const row = await load(ctx, db, id);
  const [problems, outcomes, rules] = await Promise.all([
    repo.problemsOf(db, row.round_id, row.organization_id),
    repo.outcomesOf(db, row.id),
    loadCadenceRules(db),
  ]);
  const measures = await repo.measuresOf(
    db,
    problems.map((p) => p.id),
  );
  return presentReview(row, problems, outcomes, measures, ctx.actor, rules.problems);
}

/** One review with its problems. Throws NOT_FOUND (absent or outside the reader's scope). */
export function getReview(ctx: AuthedContext, id: string): Promise<Review> {
  return detail(ctx, ctx.db.kysely, id);
}

/**
 * The villages whose inspection checklist is finished, in the reader's scope, each with its review (if recorded)
 * and its plan's versions: the liaison group's work list. Throws NOT_FOUND (an unseen organization).
 */
export async function listReviews(ctx: AuthedContext, query: ReviewListQuery): Promise<ReviewList> {
  const db = ctx.db.kysely;
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (query.organizationId) {
    const org = await loadReadableOrg(ctx, db, query.organizationId);
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
  }
  const { total, rows } = await repo.workList(db, {
    scopeRoots: roots.length ? roots : ['/-none-/'],
    roundId: query.roundId,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const reviewIds = rows.flatMap((r) => (r.review_id ? [r.review_id] : []));
  const [counted, plans] = await Promise.all([
    repo.problemCounts(
      db,
      rows.filter((r) => r.review_id).map((r) => ({ roundId: r.round_id, organizationId: r.organization_id })),
    ),
    repo.plansOf(db, reviewIds),
  ]);
  return {
    items: rows.map((r) => {
      const mine = counted.filter((c) => c.round_id === r.round_id && c.organization_id === r.organization_id);
      const versions = plans.filter((p) => p.review_id === r.review_id);
      const approved = versions.find((p) => p.status === 'approved');
      return {
        checklistId: r.checklist_id,
        roundId: r.round_id,
        roundName: r.round_name,
        organizationId: r.organization_id,
        organizationName: r.organization_name,
        liaisonGroupName: r.group_name,
        problems: Number(r.problems ?? 0),
        review:
          r.review_id && r.held_on
            ? {
                id: r.review_id,
                heldOn: r.held_on,
                counts: countReview(
                  mine.map((c) => ({
                    withdrawn: c.status === 'withdrawn',
                    outcome: (c.outcome as ReviewOutcome | null) ?? null,
                    n: Number(c.n),
                  })),
                ),
              }
            : null,
        plan: versions[0]
          ? {
              latestId: versions[0].id,
              latestVersionNo: versions[0].version_no,
              latestStatus: versions[0].status,
              approvedId: approved?.id ?? null,
              approvedVersionNo: approved?.version_no ?? null,
            }
          : null,
        // An archived village's review is not recorded any more (refuseArchivedReview).
        canRecord: r.organization_archived_at === null && canRecordReview(ctx.actor, r.organization_path),
      };
    }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * Records the 村两委会 meeting on a village's finished checklist (one per checklist).
 * Throws NOT_FOUND, FORBIDDEN (not the village's liaison group), INVALID_TRANSITION (checklist not finished),
 * CONFLICT (the village archived, or already recorded).
 */
export async function createReview(ctx: AuthedContext, body: CreateReviewBody): Promise<Review> {
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const c = await inspections.findChecklist(trx, body.checklistId);
      if (!c || !canReadReview(ctx.actor, c.organization_path)) throw notFound('排查清单');
      if (!canRecordReview(ctx.actor, c.organization_path)) throw forbidden('只有包联该村的包联组成员可以记录村两委会核实情况');
      // The checklist's row does not carry the village's archiving: read it from the village's own.
      const village = await orgRepo.findById(trx, c.organization_id);
      refuseArchivedReview({ organization_name: c.organization_name, organization_archived_at: village?.archived_at ?? null });
      if (c.status !== 'done')
        throw new AppError('INVALID_TRANSITION', '该村排查清单尚未完成，完成排查后再提交村两委会核实 (finish the checklist first)');
      if (await repo.findByChecklist(trx, c.id)) throw alreadyRecorded(c.organization_name);
      const at = ctx.now.toISOString();
      const row: VillageReviewsTable = {
        id: newId(),
        checklist_id: c.id,
        round_id: c.round_id,
        organization_id: c.organization_id,
        org_path: c.organization_path,
        liaison_group_id: c.liaison_group_id,
        held_on: body.heldOn,
        place: body.place,
        attendees: body.attendees,
        minutes: body.minutes,
        created_by: ctx.actor.userId,
        version: 1,
        created_at: at,
        updated_at: at,
      };
      await repo.insert(trx, row);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'review.recorded', after: { organizationName: c.organization_name, checklistId: c.id, ...snapshotReview(row) } },
        target(row),
      );
      return detail(ctx, trx, row.id);
    });
  } catch (e) {
    // Two recorders at once: the unique checklist_id lets one win.
    if (isUniqueViolation(e)) throw alreadyRecorded('该村');
    throw e;
  }
}

const alreadyRecorded = (village: string) =>
  new AppError('CONFLICT', `${village}本轮排查的村两委会核实情况已经记录，请在原记录上修改 (already recorded: edit it instead)`);

/** Edits the meeting's date, place, attendees or minutes. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also: archived). */
export async function updateReview(ctx: AuthedContext, id: string, body: UpdateReviewBody): Promise<Review> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id, body.version);
    const changes: repo.ReviewChanges = {
      ...(body.heldOn !== undefined && { held_on: body.heldOn }),
      ...(body.place !== undefined && { place: body.place }),
      ...(body.attendees !== undefined && { attendees: body.attendees }),
      ...(body.minutes !== undefined && { minutes: body.minutes }),
    };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(REVIEW);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'review.updated', before: snapshotReview(before), after: snapshotReview({ ...before, ...changes }) },
      target(before),
    );
    return detail(ctx, trx, id);
  });
}

/**
 * Records each listed problem's outcome: confirmed, or disputed with a reason (逐一核实). A withdrawn problem's
 * outcome stays as it was. Guarded by the review's version. Throws NOT_FOUND (a problem not of this review),
 * FORBIDDEN, CONFLICT (also: the village archived), VALIDATION_FAILED (a dispute without its reason, a problem listed twice),
 * INVALID_TRANSITION (a withdrawn problem).
 */
export async function recordOutcomes(ctx: AuthedContext, id: string, body: RecordOutcomesBody): Promise<Review> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const review = await loadForChange(ctx, trx, id, body.version);
    const problems = new Map((await repo.problemsOf(trx, review.round_id, review.organization_id)).map((p) => [p.id, p]));
    const existing = new Map((await repo.outcomesOf(trx, id)).map((o) => [o.problem_id, o]));
    const seen = new Set<string>();
    const changes: Array<{
      problemId: string;
      code: string;
      before: { outcome: string; reason: string | null } | null;
      after: { outcome: ReviewOutcome; reason: string | null };
    }> = [];
    for (const [i, input] of body.outcomes.entries()) {
      const p = problems.get(input.problemId);
      if (!p) throw notFound('本次核实的问题');
      if (seen.has(p.id))
        throw new AppError('VALIDATION_FAILED', `问题 ${p.code} 重复出现 (listed twice)`, {
          fields: [{ in: 'body', path: `outcomes.${i}.problemId`, message: 'duplicate' }],
        });
      seen.add(p.id);
      if (p.status === 'withdrawn')
        throw new AppError('INVALID_TRANSITION', `问题 ${p.code} 已撤销，核实结果不能再修改 (a withdrawn problem's outcome is final)`);
      const after = normaliseOutcome(input);
      if (!after)
        throw new AppError('VALIDATION_FAILED', `问题 ${p.code} 有异议时请写明异议理由 (a dispute needs its reason)`, {
          fields: [{ in: 'body', path: `outcomes.${i}.reason`, message: 'required' }],
        });
      const old = existing.get(p.id);
      changes.push({ problemId: p.id, code: p.code, before: old ? { outcome: old.outcome, reason: old.reason } : null, after });
    }
    const at = ctx.now.toISOString();
    if (!(await repo.updateIfVersion(trx, id, body.version, {}, at))) throw conflict(REVIEW);
    for (const c of changes) {
      const old = existing.get(c.problemId);
      const values = { outcome: c.after.outcome, reason: c.after.reason, recorded_by: ctx.actor.userId, recorded_at: at };
      if (old) await repo.updateOutcome(trx, old.id, values);
      else await repo.insertOutcome(trx, { id: newId(), review_id: id, problem_id: c.problemId, ...values });
    }
    await recordAuditEvent(trx, ctx, { type: 'review.outcomes_recorded', outcomes: changes }, target(review));
    return detail(ctx, trx, id);
  });
}

/**
 * Withdraws a problem the 两委会 disputed and the liaison group agrees was wrongly recorded: the problem action
 * `withdraw` (its own transaction, history row and audit event), with the dispute's reason unless another is given.
 * Throws NOT_FOUND, INVALID_TRANSITION (not disputed here; or as transitionProblem), FORBIDDEN, CONFLICT (also: the
 * village archived).
 */
export async function withdrawProblem(ctx: AuthedContext, id: string, body: WithdrawProblemBody): Promise<Review> {
  const db = ctx.db.kysely;
  const review = await load(ctx, db, id);
  const problem = (await repo.problemsOf(db, review.round_id, review.organization_id)).find((p) => p.id === body.problemId);
  if (!problem) throw notFound('本次核实的问题');
  // Who may not withdraw is told so by the transition (403); who may, that an archived village's review is read only.
  if (mayFire(ctx.actor, 'withdraw', problem.org_path, (await loadCadenceRules(db)).problems)) refuseArchivedReview(review);
  const outcome = (await repo.outcomesOf(db, id)).find((o) => o.problem_id === problem.id);
  if (outcome?.outcome !== 'disputed')
    throw new AppError(
      'INVALID_TRANSITION',
      `问题 ${problem.code} 未被村两委会提出异议，不能在此撤销 (only a problem the committees disputed is withdrawn here)`,
    );
  const reason = body.reason?.trim() || `经村“两委”会核实，问题不属实：${outcome.reason ?? ''}`;
  // The dispute must still stand when the problem is withdrawn: read again in the transition's transaction, and the
  // review's version moved there, so outcomes recorded meanwhile (from the version read before) are refused (409).
  const stillDisputed = async (trx: Executor) => {
    const now = await repo.findById(trx, id);
    const current = (await repo.outcomesOf(trx, id)).find((o) => o.problem_id === problem.id);
    if (!now || current?.outcome !== 'disputed' || current.reason !== outcome.reason) throw conflict(REVIEW);
    if (!(await repo.updateIfVersion(trx, id, now.version, {}, ctx.now.toISOString()))) throw conflict(REVIEW);
  };
  await transitionProblem(ctx, problem.id, { action: 'withdraw', version: body.version, reason }, 'detail', stillDisputed);
  return detail(ctx, db, id);
}
