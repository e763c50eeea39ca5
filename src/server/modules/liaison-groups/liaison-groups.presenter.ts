import { LIAISON_SEATS, type LiaisonGroup, type LiaisonGroupAction, type LiaisonSeat } from '../../../domain/contracts/liaison-groups.ts';
import type { OrganizationKind } from '../../../domain/organizations.ts';
import type { GroupVillage, LiaisonGroupRow, MemberWithUser } from './liaison-groups.repository.ts';

const seatOrder = (seat: string) => LIAISON_SEATS.indexOf(seat as LiaisonSeat);

export function presentGroup(
  g: LiaisonGroupRow,
  members: readonly MemberWithUser[],
  villages: readonly GroupVillage[],
  allowedActions: LiaisonGroupAction[],
): LiaisonGroup {
  return {
    id: g.id,
    name: g.name,
    departmentName: g.department_name,
    members: [...members]
      .sort((a, b) => seatOrder(a.seat) - seatOrder(b.seat))
      .map((m) => ({
        seat: m.seat as LiaisonSeat,
        userId: m.user_id,
        username: m.username,
        displayName: m.display_name,
        disabled: m.disabled_at !== null,
      })),
    villages: villages.map((v) => ({
      id: v.id,
      name: v.name,
      kind: v.kind as OrganizationKind,
      parentName: v.parent_name,
      archived: v.archived_at !== null,
    })),
    archived: g.archived_at !== null,
    archivedAt: g.archived_at,
    version: g.version,
    createdAt: g.created_at,
    updatedAt: g.updated_at,
    allowedActions,
  };
}

/**
 * Audit snapshot: plain JSON, shaped here. Seats carry the holder's username
 * and name as well as the id, so a seat change reads as who left and who came
 * in even after an account is renamed.
 */
export function groupSnapshot(
  g: Pick<LiaisonGroupRow, 'name' | 'department_name' | 'archived_at'>,
  members: readonly Pick<MemberWithUser, 'seat' | 'user_id' | 'username' | 'display_name'>[],
  villageIds: readonly string[],
) {
  return {
    name: g.name,
    departmentName: g.department_name,
    archived: g.archived_at !== null,
    members: [...members]
      .sort((a, b) => seatOrder(a.seat) - seatOrder(b.seat))
      .map((m) => ({ seat: m.seat, userId: m.user_id, username: m.username, displayName: m.display_name })),
    villageIds: [...villageIds].sort(),
  };
}
