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

/**
 * The actor's own line in a hall's roster on a weekday (1 = Monday): by account, or by name for a line without one.
 * A sign-in without one is a stand-in's (代班).
 */
export function rosterLineOf<T extends { weekday: number | string; user_id: string | null; person_name: string }>(
  actor: Actor,
  roster: readonly T[],
  weekday: number,
): T | undefined {
  return roster.find(
    (r) => Number(r.weekday) === weekday && (r.user_id === actor.userId || (!r.user_id && r.person_name === actor.displayName)),
  );
}

/** The subtrees the actor reads (a root that matches nothing when none). */
export function studyReadRoots(actor: Actor): string[] {
  const roots = scopeRoots(actor.assignments, 'study.read');
  return roots.length ? roots : ['/-none-/'];
}

export const canRecordSomewhere = (actor: Actor) => scopeRoots(actor.assignments, 'study.record').length > 0;
