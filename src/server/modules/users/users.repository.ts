import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { UserRow } from '../../db/database.ts';
import { containsText, toNumber, type DialectKind } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export async function findById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Role assignments of the given users, with their organizations' names and paths. */
export async function listAssignments(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('role_assignments as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select([
      'a.id',
      'a.user_id',
      'a.role',
      'a.organization_id',
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.path as organization_path',
    ])
    .where('a.user_id', 'in', userIds)
    .orderBy('o.depth')
    .orderBy('a.created_at')
    .execute();
}
export type AssignmentWithOrg = Awaited<ReturnType<typeof listAssignments>>[number];

export interface UserSearch {
  /** Users with an assignment inside these subtrees are listed. */
  scopeRoots: readonly string[];
  /** Also list users without any assignment (whole-tree admins only). */
  includeUnassigned: boolean;
  q?: string;
  includeDisabled: boolean;
  limit: number;
  offset: number;
}

export async function search(db: Executor, kind: DialectKind, f: UserSearch) {
  let q = db.selectFrom('users as u').where((eb) => {
    const inScope = eb.exists(
      eb
        .selectFrom('role_assignments as a')
        .innerJoin('organizations as o', 'o.id', 'a.organization_id')
        .select('a.id')
        .whereRef('a.user_id', '=', 'u.id')
        .where((eb2) => eb2.or(f.scopeRoots.map((r) => eb2.and([eb2('o.path', '>=', r), eb2('o.path', '<', subtreeUpperBound(r))])))),
    );
    const conditions = [inScope];
    if (f.includeUnassigned) {
      // An account without a role is the district's whose liaison groups seat it; one seated nowhere, any district's.
      const seats = eb
        .selectFrom('liaison_group_members as m')
        .innerJoin('liaison_groups as g', 'g.id', 'm.group_id')
        .innerJoin('liaison_group_orgs as go', 'go.group_id', 'm.group_id')
        .innerJoin('organizations as so', 'so.id', 'go.organization_id')
        .select('m.id')
        .whereRef('m.user_id', '=', 'u.id')
        .where('g.archived_at', 'is', null);
      conditions.push(
        eb.and([
          eb.not(eb.exists(eb.selectFrom('role_assignments as a2').select('a2.id').whereRef('a2.user_id', '=', 'u.id'))),
          eb.or([
            eb.not(eb.exists(seats)),
            eb.exists(
              seats.where((eb2) =>
                eb2.or(f.scopeRoots.map((r) => eb2.and([eb2('so.path', '>=', r), eb2('so.path', '<', subtreeUpperBound(r))]))),
              ),
            ),
          ]),
        ]),
      );
    }
    return eb.or(conditions);
  });
  if (!f.includeDisabled) q = q.where('u.disabled_at', 'is', null);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsText(kind, 'u.username', text), containsText(kind, 'u.display_name', text)]));
  }
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await q.selectAll('u').orderBy('u.username').limit(f.limit).offset(f.offset).execute();
  return { total: toNumber(total?.n), rows };
}

/** The villages of the active liaison groups seating each user (an account without a role belongs where it sits). */
export async function seatPathsOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('liaison_group_members as m')
    .innerJoin('liaison_groups as g', 'g.id', 'm.group_id')
    .innerJoin('liaison_group_orgs as go', 'go.group_id', 'm.group_id')
    .innerJoin('organizations as o', 'o.id', 'go.organization_id')
    .select(['m.user_id', 'o.path'])
    .where('m.user_id', 'in', [...userIds])
    .where('g.archived_at', 'is', null)
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.path]);
  return out;
}

export async function insert(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export interface UserChanges {
  display_name?: string;
  phone?: string | null;
  email?: string | null;
  disabled_at?: string | null;
  password_hash?: string;
}

/** Conditional write on `version`; false when the row changed meanwhile. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: UserChanges, now: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the account's row lock until the transaction ends (a write that changes nothing); false when there is no
 * such account. Callers lock several accounts in id order, so two changes to the same accounts take turns rather
 * than deadlock.
 */
export async function lockRow(db: Executor, id: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The enabled accounts holding district_admin at one of these organizations' paths or above it. */
export async function enabledAdminsOver(db: Executor, paths: readonly string[]) {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignments as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'o.path'])
    .where('a.role', '=', 'district_admin')
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.filter((r) => paths.some((p) => p.startsWith(r.path)));
}

export async function insertAssignment(
  db: Executor,
  row: { id: string; user_id: string; role: string; organization_id: string; created_at: string },
) {
  await db.insertInto('role_assignments').values(row).execute();
}

export async function findAssignment(db: Executor, userId: string, assignmentId: string) {
  return db.selectFrom('role_assignments').selectAll().where('id', '=', assignmentId).where('user_id', '=', userId).executeTakeFirst();
}

export async function deleteAssignment(db: Executor, assignmentId: string): Promise<void> {
  await db.deleteFrom('role_assignments').where('id', '=', assignmentId).execute();
}

export async function countAll(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toNumber(row?.n);
}

/** Some user holding `role` directly on the organization, if any. */
export async function findUserIdWithRoleAt(db: Executor, role: string, organizationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', role)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/**
 * Of these users, the enabled accounts holding a role at the organization at `path` or inside it (a village's duty
 * roster, a tour's participant for a unit). A disabled account keeps its role rows, so it is left out here.
 */
export async function usersWithRoleIn(db: Executor, userIds: readonly string[], path: string): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('organizations as o', 'o.id', 'ra.organization_id')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('ra.user_id')
    .distinct()
    .where('ra.user_id', 'in', userIds)
    .where('u.disabled_at', 'is', null)
    .where('o.path', '>=', path)
    .where('o.path', '<', subtreeUpperBound(path))
    .execute();
  return rows.map((r) => r.user_id);
}
