import type { WeeklyReportAllowedAction } from '../../../domain/contracts/weekly-reports.ts';
import { roleGrants } from '../../../domain/roles.ts';
import { canTransition, hasBeenFiled, isEditable, type WeeklyReportStatus } from '../../../domain/weekly-report-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { archivedReadOnly } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { actorCanDistrictWide } from '../settings/settings.service.ts';

/** What the actor may do with one reporting unit's reports. */
export interface UnitAccess {
  read: boolean;
  file: boolean;
  review: boolean;
}

/**
 * A village's (community's) report: readers of its ledger read it; its secretary
 * (report.file held through any role but the liaison one: liaison members file
 * only for their group, in liaison-group mode) files it; the subdistrict, the
 * district and the liaison group covering it review it.
 */
export function organizationUnitAccess(actor: Actor, orgPath: string): UnitAccess {
  return {
    read: actorCan(actor, 'problem.read', orgPath),
    file: actor.assignments.some(
      (a) => a.role !== 'liaison_member' && roleGrants(a.role, 'report.file') && orgPath.startsWith(a.organizationPath),
    ),
    review: actorCan(actor, 'report.review', orgPath),
  };
}

/**
 * A liaison group's report: its members file and read it; district-wide readers
 * read it; district-wide reviewers (district officers, admins) review it.
 * A district-wide admin may also file (an admin may fire every action).
 */
export function groupUnitAccess(actor: Actor, memberGroupIds: readonly string[], groupId: string): UnitAccess {
  const member = memberGroupIds.includes(groupId);
  return {
    read: member || actorCanDistrictWide(actor, 'problem.read'),
    file: member || actorCanDistrictWide(actor, 'report.file'),
    review: actorCanDistrictWide(actor, 'report.review'),
  };
}

/**
 * An archived (撤销) unit's reports are kept as they were: read, none started, saved, filed, sent back or commented on
 * again (as study-scope.ts refuseArchived for the Party life). Checked once the actor may write there, on the unit's
 * row as the report was read. Throws CONFLICT.
 */
export function refuseArchivedUnit(unit: { name: string; archived: boolean }): void {
  if (unit.archived) throw archivedReadOnly(unit.name, '周报');
}

/** 催报 fits a report past its due time and not filed: none started, or a draft never submitted. */
export const remindable = (status: WeeklyReportStatus | null, pastDue: boolean): boolean =>
  pastDue && (status === null || status === 'draft');

/**
 * What the actor may do now (nothing for an archived unit); `status` null = the unit has no report this week yet;
 * `pastDue`: its due time has passed. The UI draws buttons from this only.
 */
export function reportAllowedActions(
  access: UnitAccess,
  status: WeeklyReportStatus | null,
  archived: boolean,
  pastDue = false,
): WeeklyReportAllowedAction[] {
  if (!access.read || archived) return [];
  const remind: WeeklyReportAllowedAction[] = access.review && remindable(status, pastDue) ? ['remind'] : [];
  if (status === null) return access.file ? ['start', ...remind] : remind;
  const actions: WeeklyReportAllowedAction[] = [...remind];
  if (access.file && isEditable(status)) actions.push('edit');
  if (access.file && canTransition('submit', status)) actions.push('submit');
  if (access.review && canTransition('return', status)) actions.push('return');
  if (access.review && hasBeenFiled(status)) actions.push('comment');
  return actions;
}
