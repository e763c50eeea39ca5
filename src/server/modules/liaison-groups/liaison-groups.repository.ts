import type { Insertable, Selectable } from 'kysely';
import { LIAISON_SEAT_BARRING_ROLES } from '../../../domain/roles.ts';
import type { LiaisonGroupMembersTable, LiaisonGroupOrgsTable, LiaisonGroupsTable } from '../../db/database.ts';
import { containsText, type DialectKind } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export type LiaisonGroupRow = Selectable<LiaisonGroupsTable>;

export async function listGroups(db: Executor, includeArchived: boolean): Promise<LiaisonGroupRow[]> {
  let q = db.selectFrom('liaison_groups').selectAll();
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  // Creation order (ids are time-ordered): 第一包联组 before 第二包联组, which no collation gives.
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function findGroup(db: Executor, id: string): Promise<LiaisonGroupRow | undefined> {
  return db.selectFrom('liaison_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Seats of the given groups, with the seated users' names. */
export async function listMembers(db: Executor, groupIds: readonly string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('liaison_group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.group_id', 'm.seat', 'm.user_id', 'u.username', 'u.display_name', 'u.disabled_at'])
    .where('m.group_id', 'in', groupIds)
    .execute();
}
export type MemberWithUser = Awaited<ReturnType<typeof listMembers>>[number];

/** Villages of the given groups, with their paths and their parents' names. */
export async function listVillages(db: Executor, groupIds: readonly string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('liaison_group_orgs as g')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .leftJoin('organizations as p', 'p.id', 'o.parent_id')
    .select(['g.group_id', 'o.id', 'o.name', 'o.kind', 'o.path', 'o.archived_at', 'p.name as parent_name'])
    .where('g.group_id', 'in', groupIds)
    .orderBy('p.name')
    .orderBy('o.name')
    .execute();
}
export type GroupVillage = Awaited<ReturnType<typeof listVillages>>[number];

export async function insertGroup(db: Executor, row: Insertable<LiaisonGroupsTable>): Promise<void> {
  await db.insertInto('liaison_groups').values(row).execute();
}

export interface GroupChanges {
  name?: string;
  department_name?: string;
  archived_at?: string | null;
}

/** Conditional write on `version`; false when the row changed meanwhile. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: GroupChanges, now: string): Promise<boolean> {
  const result = await db
    .updateTable('liaison_groups')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertMembers(db: Executor, rows: readonly Insertable<LiaisonGroupMembersTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('liaison_group_members')
    .values([...rows])
    .execute();
}

export async function deleteMembers(db: Executor, groupId: string, seats: readonly string[]): Promise<void> {
  if (seats.length === 0) return;
  await db.deleteFrom('liaison_group_members').where('group_id', '=', groupId).where('seat', 'in', seats).execute();
}

export async function insertVillages(db: Executor, rows: readonly Insertable<LiaisonGroupOrgsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('liaison_group_orgs')
    .values([...rows])
    .execute();
}

export async function deleteVillages(db: Executor, groupId: string, organizationIds: readonly string[]): Promise<void> {
  if (organizationIds.length === 0) return;
  await db.deleteFrom('liaison_group_orgs').where('group_id', '=', groupId).where('organization_id', 'in', organizationIds).execute();
}

/** Active groups (other than `exceptGroupId`) that already cover any of the organizations. */
export async function findActiveCoverage(db: Executor, organizationIds: readonly string[], exceptGroupId: string | null) {
  if (organizationIds.length === 0) return [];
  let q = db
    .selectFrom('liaison_group_orgs as g')
    .innerJoin('liaison_groups as lg', 'lg.id', 'g.group_id')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select(['lg.id as group_id', 'lg.name as group_name', 'o.id as organization_id', 'o.name as organization_name'])
    .where('g.organization_id', 'in', organizationIds)
    .where('lg.archived_at', 'is', null);
  if (exceptGroupId) q = q.where('lg.id', '!=', exceptGroupId);
  return q.orderBy('o.name').execute();
}

/** The active group covering an organization, if any (at most one by the service's rule). */
export async function findActiveGroupFor(db: Executor, organizationId: string): Promise<LiaisonGroupRow | undefined> {
  return db
    .selectFrom('liaison_groups as lg')
    .innerJoin('liaison_group_orgs as g', 'g.group_id', 'lg.id')
    .selectAll('lg')
    .where('g.organization_id', '=', organizationId)
    .where('lg.archived_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Accounts for the seat pickers, by username or name: enabled, and holding no
 * role that keeps them out of a seat (read-only viewers and the like).
 */
export async function searchCandidates(db: Executor, kind: DialectKind, q: string | undefined, limit: number) {
  let query = db
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('u.disabled_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('role_assignments as a')
            .select('a.id')
            .whereRef('a.user_id', '=', 'u.id')
            .where('a.role', 'in', [...LIAISON_SEAT_BARRING_ROLES]),
        ),
      ),
    );
  if (q) query = query.where((eb) => eb.or([containsText(kind, 'u.username', q), containsText(kind, 'u.display_name', q)]));
  return query.orderBy('u.username').limit(limit).execute();
}

/** Names of the active groups each user sits in. */
export async function activeGroupNamesOf(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('liaison_group_members as m')
    .innerJoin('liaison_groups as lg', 'lg.id', 'm.group_id')
    .select(['m.user_id', 'lg.name'])
    .where('m.user_id', 'in', userIds)
    .where('lg.archived_at', 'is', null)
    .orderBy('lg.name')
    .execute();
}
