import type { VenueProjectAllowedAction } from '../../../domain/contracts/venues.ts';
import {
  canVenueProjectTransition,
  isFunded,
  isPlanEditable,
  takesMilestones,
  VENUE_PROJECT_ACTIONS,
  VENUE_PROJECT_WORKFLOW,
  type VenueProjectStatus,
} from '../../../domain/venue-project-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { archivedReadOnly } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** venue.read over the organization: the register, projects, the fund and the board. */
export const canReadVenues = (actor: Actor, orgPath: string) => actorCan(actor, 'venue.read', orgPath);

/** venue.manage over the organization: add and edit venues. */
export const canManageVenues = (actor: Actor, orgPath: string) => actorCan(actor, 'venue.manage', orgPath);

export const canDraftProject = (actor: Actor, orgPath: string) => actorCan(actor, 'venue_project.draft', orgPath);

export const canManageFund = (actor: Actor, orgPath: string) => actorCan(actor, 'fund.manage', orgPath);

/**
 * An archived (撤销) village's venue, projects, fund and files are read only: they stay on the record as they were.
 * The check reads the organization's row as the venue or project was read; it does not lock it. Throws CONFLICT.
 */
export function refuseArchivedVenue(row: { organization_name: string; organization_archived_at: string | null }): void {
  if (row.organization_archived_at !== null) throw archivedReadOnly(row.organization_name, '活动场所和整改项目的记录');
}

/** What makes `complete` possible beyond the status: the works at 100 % with a photo. */
export interface CompletionFacts {
  progress: number;
  photos: number;
}

/**
 * What the actor may do next with a project; the UI draws its buttons from
 * this only. Workflow steps follow the table's permission; `complete` also
 * needs 100 % with a photo; the fund's actions need an approved plan.
 */
export function projectAllowedActions(
  actor: Actor,
  p: { org_path: string; status: string; organization_archived_at: string | null },
  facts: CompletionFacts,
): VenueProjectAllowedAction[] {
  if (p.organization_archived_at !== null) return [];
  const status = p.status as VenueProjectStatus;
  const can = (perm: Parameters<typeof actorCan>[1]) => actorCan(actor, perm, p.org_path);
  const out: VenueProjectAllowedAction[] = [];
  if (isPlanEditable(status) && can('venue_project.draft')) out.push('edit', 'upload');
  for (const action of VENUE_PROJECT_ACTIONS) {
    if (!canVenueProjectTransition(action, status) || !can(VENUE_PROJECT_WORKFLOW[action].permission)) continue;
    if (action === 'complete' && (facts.progress < 100 || facts.photos === 0)) continue;
    out.push(action);
  }
  if (takesMilestones(status) && can('venue_project.works')) out.push('milestone');
  if (isFunded(status) && can('fund.manage')) out.push('allocate', 'spend');
  return out;
}
