import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { OrganizationRow } from '../../db/database.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { canReadStudy, canRecordStudy, studyReadRoots } from './study.policy.ts';

/** Path ranges of subtrees, for `org_path >= from AND org_path < to`. */
export const rangesOf = (roots: readonly string[]) => roots.map((r) => ({ from: r, to: subtreeUpperBound(r) }));

/** An organization the actor reads in the Party life. Throws NOT_FOUND (missing or outside the scope). */
export async function loadStudyOrg(ctx: AuthedContext, db: Executor, id: string): Promise<OrganizationRow> {
  const org = await orgRepo.findById(db, id);
  if (!org || !canReadStudy(ctx.actor, org.path)) throw notFound('组织');
  return org;
}

/**
 * The subtrees a list reads: the given organization's (which the actor must read), or the actor's whole scope.
 * Throws NOT_FOUND.
 */
export async function listRoots(ctx: AuthedContext, db: Executor, organizationId: string | undefined): Promise<string[]> {
  if (!organizationId) return studyReadRoots(ctx.actor);
  return [(await loadStudyOrg(ctx, db, organizationId)).path];
}

/**
 * A Party branch to record for (members, plans, sessions, meetings). Throws NOT_FOUND (outside the scope),
 * VALIDATION_FAILED (not a branch, or archived), FORBIDDEN (no study.record there).
 */
export async function loadBranchForRecording(
  ctx: AuthedContext,
  db: Executor,
  id: string,
  field = 'organizationId',
): Promise<OrganizationRow> {
  const org = await loadStudyOrg(ctx, db, id);
  if (org.kind !== 'branch')
    throw new AppError('VALIDATION_FAILED', `“${org.name}”不是党支部，请选择党支部 (records are kept per Party branch)`, {
      fields: [{ in: 'body', path: field, message: 'not a Party branch' }],
    });
  if (org.archived_at !== null)
    throw new AppError('VALIDATION_FAILED', `“${org.name}”已归档，不能再记录 (the branch is archived)`, {
      fields: [{ in: 'body', path: field, message: 'archived' }],
    });
  if (!canRecordStudy(ctx.actor, org.path)) throw forbidden('您没有为该党支部记录的权限（由本村党组织书记记录）');
  return org;
}

/** A village or community (service hall, tour take-aways). Throws NOT_FOUND, VALIDATION_FAILED. */
export async function loadVillage(ctx: AuthedContext, db: Executor, id: string, field = 'organizationId'): Promise<OrganizationRow> {
  const org = await loadStudyOrg(ctx, db, id);
  if (!REPORTING_KINDS.includes(org.kind) || org.archived_at !== null)
    throw new AppError('VALIDATION_FAILED', `“${org.name}”不是村或社区 (expected a village or community)`, {
      fields: [{ in: 'params', path: field, message: 'not a village or community' }],
    });
  return org;
}
