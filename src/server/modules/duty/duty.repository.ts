import type { DutyRosterTable, DutySigninsTable, ServiceHallsTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';
import { rangesOf } from '../study/study-scope.ts';

export function findHall(db: Executor, organizationId: string): Promise<ServiceHallsTable | undefined> {
  return db.selectFrom('service_halls').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
}

/** Halls in the subtrees, with their village's name and parent. */
export function listHalls(db: Executor, roots: readonly string[]) {
  const ranges = rangesOf(roots);
  return db
    .selectFrom('service_halls as h')
    .innerJoin('organizations as o', 'o.id', 'h.organization_id')
    .selectAll('h')
    .select(['o.name as organization_name', 'o.parent_id'])
    .where('o.archived_at', 'is', null)
    .where((eb) => eb.or(ranges.map((r) => eb.and([eb('h.org_path', '>=', r.from), eb('h.org_path', '<', r.to)]))))
    .execute();
}

export async function insertHall(db: Executor, row: ServiceHallsTable): Promise<void> {
  await db.insertInto('service_halls').values(row).execute();
}

export type HallChanges = Partial<Pick<ServiceHallsTable, 'name' | 'opening_hours' | 'open_weekdays' | 'services' | 'updated_by'>>;

/** The conditional write of a hall (its roster's changes go through it too). */
export async function updateHallIfVersion(
  db: Executor,
  organizationId: string,
  version: number,
  changes: HallChanges,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('service_halls')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('organization_id', '=', organizationId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function listRoster(db: Executor, organizationIds: readonly string[]): Promise<DutyRosterTable[]> {
  if (organizationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('duty_roster')
    .selectAll()
    .where('organization_id', 'in', organizationIds)
    .orderBy('organization_id')
    .orderBy('weekday')
    .orderBy('sort_order')
    .execute();
}

export async function replaceRoster(db: Executor, organizationId: string, rows: readonly DutyRosterTable[]): Promise<void> {
  await db.deleteFrom('duty_roster').where('organization_id', '=', organizationId).execute();
  if (rows.length)
    await db
      .insertInto('duty_roster')
      .values([...rows])
      .execute();
}

export function findSignin(db: Executor, id: string): Promise<DutySigninsTable | undefined> {
  return db.selectFrom('duty_signins').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSigninOf(db: Executor, organizationId: string, onDate: string, userId: string): Promise<DutySigninsTable | undefined> {
  return db
    .selectFrom('duty_signins')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('on_date', '=', onDate)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertSignin(db: Executor, row: DutySigninsTable): Promise<void> {
  await db.insertInto('duty_signins').values(row).execute();
}

/** Sign-ins of some villages between two Shanghai dates (both inclusive), oldest first. */
export function listSignins(db: Executor, organizationIds: readonly string[], from: string, to: string): Promise<DutySigninsTable[]> {
  if (organizationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('duty_signins')
    .selectAll()
    .where('organization_id', 'in', organizationIds)
    .where('on_date', '>=', from)
    .where('on_date', '<=', to)
    .orderBy('at')
    .execute();
}

/** The days (per village) someone signed in, in the subtrees, between two dates. */
export function signinDays(db: Executor, roots: readonly string[], from: string, to: string) {
  const ranges = rangesOf(roots);
  return db
    .selectFrom('duty_signins')
    .select(['organization_id', 'on_date'])
    .distinct()
    .where('on_date', '>=', from)
    .where('on_date', '<=', to)
    .where((eb) => eb.or(ranges.map((r) => eb.and([eb('org_path', '>=', r.from), eb('org_path', '<', r.to)]))))
    .execute();
}
