import type { PartyMember } from '../../../domain/contracts/members.ts';
import type { PartyMembersTable } from '../../db/database.ts';
import { toBool } from '../../db/dialect.ts';
import type { Actor } from '../../http/context.ts';
import { canRecordStudy, canSeePhones } from '../study/study.policy.ts';

/** A member as the reader may see it: the phone only with member.phone over the branch. */
export function presentMember(
  row: PartyMembersTable & { organization_name: string; organization_archived_at?: string | null },
  actor: Actor,
): PartyMember {
  const phoneVisible = canSeePhones(actor, row.org_path);
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    name: row.name,
    gender: row.gender as PartyMember['gender'],
    joinedOn: row.joined_on,
    status: row.status as PartyMember['status'],
    worksAway: toBool(row.works_away),
    phone: phoneVisible ? row.phone : null,
    phoneHidden: !phoneVisible && row.phone !== null,
    note: row.note,
    leftOn: row.left_on,
    version: Number(row.version),
    // An archived branch's records are read only (study-scope.ts refuseArchived).
    allowedActions: canRecordStudy(actor, row.org_path) && !row.organization_archived_at ? ['edit'] : [],
  };
}

/** What the audit log keeps of a member: whether a phone is on file, never the number. */
export function snapshotMember(
  row: Pick<PartyMembersTable, 'name' | 'gender' | 'joined_on' | 'status' | 'works_away' | 'phone' | 'note' | 'left_on'>,
) {
  return {
    name: row.name,
    gender: row.gender,
    joinedOn: row.joined_on,
    status: row.status,
    worksAway: toBool(row.works_away),
    hasPhone: row.phone !== null,
    note: row.note,
    leftOn: row.left_on,
  };
}
