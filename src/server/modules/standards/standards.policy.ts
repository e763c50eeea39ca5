import { pathIds } from '../../../domain/organizations.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { versionActions, type StandardVersionAction, type StandardVersionStatus } from '../../../domain/standards.ts';
import type { Actor } from '../../http/context.ts';

/** Anyone signed in with a role somewhere reads the catalog. */
export const canReadStandards = (actor: Actor) => scopeRoots(actor.assignments, 'standard.read').length > 0;

/** The standard is district-wide: managing it needs standard.manage at a top-level (district) root. */
export const canManageStandards = (actor: Actor) => scopeRoots(actor.assignments, 'standard.manage').some((r) => pathIds(r).length === 1);

/** What the actor may do to a version; the UI draws buttons from this only. */
export function allowedVersionActions(actor: Actor, status: StandardVersionStatus, standardHasDraft: boolean): StandardVersionAction[] {
  return versionActions(status, canManageStandards(actor), standardHasDraft);
}
