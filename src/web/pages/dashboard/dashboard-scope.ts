import type { RoleAssignment } from '../../../domain/contracts/session.ts';

const VILLAGE_KINDS: readonly string[] = ['village', 'community'];

/**
 * The village or community a user's whole scope is (a village secretary), or null
 * when the user sees more than one village (district, subdistrict, several villages):
 * the first get the village dashboard, the others the overview.
 */
export function singleVillageOf(roles: readonly Pick<RoleAssignment, 'organizationId' | 'organizationKind'>[]): string | null {
  const ids = new Set(roles.map((r) => r.organizationId));
  if (ids.size !== 1) return null;
  return VILLAGE_KINDS.includes(roles[0]!.organizationKind) ? roles[0]!.organizationId : null;
}

export const isVillageKind = (kind: string) => VILLAGE_KINDS.includes(kind);

/**
 * Which dashboard `/dashboard…` shows: `/dashboard/village` always the village one; otherwise a reader
 * whose scope is one village gets it unless they asked for another organization's overview.
 */
export function dashboardKindOf(
  pathname: string,
  organizationId: string | undefined,
  roles: readonly Pick<RoleAssignment, 'organizationId' | 'organizationKind'>[],
): 'village' | 'overview' {
  if (pathname.replace(/\/+$/, '').endsWith('/village')) return 'village';
  return singleVillageOf(roles) && !organizationId ? 'village' : 'overview';
}
