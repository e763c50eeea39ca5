import type { CreateMeasureBody, Measure, UpdateMeasureBody } from '../../../domain/contracts/measures.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { MeasuresTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import { canReadProblem } from '../problems/problems.policy.ts';
import * as problemsRepo from '../problems/problems.repository.ts';
import * as repo from './measures.repository.ts';

const MEASURE = '整改措施';

function present(m: MeasuresTable, organizationName: string, problemIds: string[], actor: Actor): Measure {
  return {
    id: m.id,
    organizationId: m.organization_id,
    organizationName,
    description: m.description,
    ownerName: m.owner_name,
    dueOn: m.due_on,
    progress: m.progress,
    problemIds,
    reviewId: m.review_id ?? null,
    version: m.version,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    allowedActions: actorCan(actor, 'measure.manage', m.org_path) ? ['edit'] : [],
  };
}

function snapshot(m: MeasuresTable, problemIds: string[]) {
  return {
    description: m.description,
    ownerName: m.owner_name,
    dueOn: m.due_on,
    progress: m.progress,
    problemIds,
    ...(m.review_id ? { reviewId: m.review_id } : {}),
  };
}

/** Problems a measure may serve: readable, of the measure's organization, not yet closed. */
async function checkProblems(ctx: AuthedContext, trx: Executor, organizationId: string, problemIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(problemIds)];
  const rows = await problemsRepo.findManyPlain(trx, unique);
  if (rows.length !== unique.length || rows.some((p) => !canReadProblem(ctx.actor, p))) throw notFound('问题');
  const foreign = rows.find((p) => p.organization_id !== organizationId);
  if (foreign) throw new AppError('VALIDATION_FAILED', `问题 ${foreign.code} 不属于该组织，整改措施只能关联本组织的问题`);
  return unique;
}

async function load(ctx: AuthedContext, db: Executor, id: string) {
  const m = await repo.findById(db, id);
  if (!m || !actorCan(ctx.actor, 'problem.read', m.org_path)) throw notFound(MEASURE);
  return m;
}

async function presentOne(ctx: AuthedContext, db: Executor, id: string): Promise<Measure> {
  const m = await load(ctx, db, id);
  const org = await orgRepo.findById(db, m.organization_id);
  const links = await repo.problemIdsOf(db, [id]);
  return present(m, org?.name ?? '', links.get(id) ?? [], ctx.actor);
}

export async function listMeasures(
  ctx: AuthedContext,
  query: { organizationId?: string; problemId?: string; page: number; pageSize: number },
) {
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (query.organizationId) {
    const org = await loadReadableOrg(ctx, ctx.db.kysely, query.organizationId);
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
  }
  const { total, rows } = await repo.list(ctx.db.kysely, {
    scopeRoots: roots.length ? roots : ['/-none-/'],
    problemId: query.problemId,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const links = await repo.problemIdsOf(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => present(r, r.organization_name, links.get(r.id) ?? [], ctx.actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Creates a measure serving one or more problems of one organization. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED. */
export async function createMeasure(ctx: AuthedContext, body: CreateMeasureBody): Promise<Measure> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const org = await loadReadableOrg(ctx, trx, body.organizationId);
    if (!actorCan(ctx.actor, 'measure.manage', org.path)) throw forbidden('您没有为此组织制定整改措施的权限');
    const problemIds = await checkProblems(ctx, trx, org.id, body.problemIds);
    if (body.reviewId) {
      // A measure drafted in the 两委会 links to that village's meeting only.
      const review = await repo.findReview(trx, body.reviewId);
      if (!review || !actorCan(ctx.actor, 'problem.read', review.org_path)) throw notFound('村两委会核实记录');
      if (review.organization_id !== org.id)
        throw new AppError('VALIDATION_FAILED', '该两委会核实记录不属于此组织 (the review is of another organization)', {
          fields: [{ in: 'body', path: 'reviewId', message: 'review of another organization' }],
        });
    }
    const at = ctx.now.toISOString();
    const row: MeasuresTable = {
      id: newId(),
      organization_id: org.id,
      org_path: org.path,
      description: body.description,
      owner_id: null,
      owner_name: body.ownerName ?? null,
      due_on: body.dueOn ?? null,
      progress: body.progress,
      review_id: body.reviewId ?? null,
      version: 1,
      created_by: ctx.actor.userId,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await repo.link(trx, row.id, problemIds);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'measure.created', after: snapshot(row, problemIds) },
      { entityType: 'measure', entityId: row.id, organizationId: org.id },
    );
    return presentOne(ctx, trx, row.id);
  });
}

/** Edits a measure or its links. Throws NOT_FOUND, FORBIDDEN, CONFLICT, VALIDATION_FAILED. */
export async function updateMeasure(ctx: AuthedContext, id: string, body: UpdateMeasureBody): Promise<Measure> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    if (!actorCan(ctx.actor, 'measure.manage', before.org_path)) throw forbidden('您没有修改此整改措施的权限');
    if (before.version !== body.version) throw conflict(MEASURE);
    const beforeLinks = (await repo.problemIdsOf(trx, [id])).get(id) ?? [];
    const changes: repo.MeasureChanges = {
      ...(body.description !== undefined && { description: body.description }),
      ...(body.ownerName !== undefined && { owner_name: body.ownerName }),
      ...(body.dueOn !== undefined && { due_on: body.dueOn }),
      ...(body.progress !== undefined && { progress: body.progress }),
    };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(MEASURE);
    let links = beforeLinks;
    if (body.problemIds) {
      links = await checkProblems(ctx, trx, before.organization_id, body.problemIds);
      await repo.unlinkAll(trx, id);
      await repo.link(trx, id, links);
    }
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'measure.updated', before: snapshot(before, beforeLinks), after: snapshot(after, links) },
      { entityType: 'measure', entityId: id, organizationId: before.organization_id },
    );
    return presentOne(ctx, trx, id);
  });
}
