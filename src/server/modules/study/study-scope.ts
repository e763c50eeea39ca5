import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { OrganizationRow } from '../../db/database.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, archivedReadOnly, forbidden, notFound } from '../../http/errors.ts';
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
 * The records of an archived (撤销) organization are kept as they were: read, never written again. Every write of
 * the Party life (members, plans, sessions and attendance, files, meetings, the hall, its roster and sign-ins)
 * goes through here, once the actor may write there. A read of the organization's row, not a lock: a lock taken
 * before a write's insert would deadlock with a move on PostgreSQL (the insert's trigger then waits for the tree's
 * lock the move holds, the move for the row). Throws CONFLICT.
 */
export function refuseArchived(org: { name: string; archived_at: string | null }): void {
  if (org.archived_at !== null) throw archivedReadOnly(org.name);
}

/** refuseArchived for a record's organization, by id (a missing one is left to the caller). Throws CONFLICT. */
export async function refuseArchivedOrg(db: Executor, organizationId: string): Promise<void> {
  const org = await orgRepo.findById(db, organizationId);
  if (org) refuseArchived(org);
}

/**
 * A Party branch to record for (members, plans, sessions, meetings). Throws NOT_FOUND (outside the scope),
 * VALIDATION_FAILED (not a branch), FORBIDDEN (no study.record there), CONFLICT (archived).
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
  if (!canRecordStudy(ctx.actor, org.path)) throw forbidden('您没有为该党支部记录的权限（由本村党组织书记记录）');
  refuseArchived(org);
  return org;
}

/** A village or community to read (its hall), archived or not. Throws NOT_FOUND, VALIDATION_FAILED. */
export async function readVillage(ctx: AuthedContext, db: Executor, id: string, field = 'organizationId'): Promise<OrganizationRow> {
  const org = await loadStudyOrg(ctx, db, id);
  if (!REPORTING_KINDS.includes(org.kind))
    throw new AppError('VALIDATION_FAILED', `“${org.name}”不是村或社区 (expected a village or community)`, {
      fields: [{ in: 'params', path: field, message: 'not a village or community' }],
    });
  return org;
}

/**
 * A village or community to write for (service hall, roster, sign-in, tour take-aways): readVillage, not archived.
 * Throws NOT_FOUND, VALIDATION_FAILED, CONFLICT (archived).
 */
export async function loadVillage(ctx: AuthedContext, db: Executor, id: string, field = 'organizationId'): Promise<OrganizationRow> {
  const org = await readVillage(ctx, db, id, field);
  refuseArchived(org);
  return org;
}
