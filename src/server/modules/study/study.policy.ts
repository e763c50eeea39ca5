import { scopeRoots } from '../../../domain/roles.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/**
 * Who may do what in the regular Party life. Readers with study.read over an organization see its register
 * (without phones), plans, sessions, meetings, tours and duty; study.record keeps a branch's records (the
 * village secretary for their own village's branch); member.phone shows phones; tour.manage organizes tours;
 * duty.manage keeps a village's hall and roster and signs in.
 */
export const canReadStudy = (actor: Actor, path: string) => actorCan(actor, 'study.read', path);
export const canRecordStudy = (actor: Actor, path: string) => actorCan(actor, 'study.record', path);
export const canSeePhones = (actor: Actor, path: string) => actorCan(actor, 'member.phone', path);
export const canManageTours = (actor: Actor, path: string) => actorCan(actor, 'tour.manage', path);
export const canManageDuty = (actor: Actor, path: string) => actorCan(actor, 'duty.manage', path);
/**
 * Who may sign in for duty at a village's hall: whoever keeps its duty (duty.manage), and anyone on its roster with
 * their own account (a 两委 member or a volunteer given a reading account), on any weekday (a stand-in counts as off
 * the roster that day).
 */
export const canSignInForDuty = (actor: Actor, path: string, roster: ReadonlyArray<{ user_id: string | null }>) =>
  canManageDuty(actor, path) || roster.some((r) => r.user_id === actor.userId);

/** The subtrees the actor reads (a root that matches nothing when none). */
export function studyReadRoots(actor: Actor): string[] {
  const roots = scopeRoots(actor.assignments, 'study.read');
  return roots.length ? roots : ['/-none-/'];
}

export const canRecordSomewhere = (actor: Actor) => scopeRoots(actor.assignments, 'study.record').length > 0;
