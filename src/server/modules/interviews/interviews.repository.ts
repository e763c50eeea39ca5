import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { InterviewsTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

export type InterviewRow = InterviewsTable & {
  organization_name: string;
  organization_kind: string;
  /** When the organization was archived (撤销): its interviews are then read only. */
  organization_archived_at: string | null;
  created_by_name: string | null;
};

function base(db: Executor) {
  return db
    .selectFrom('interviews as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select([
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.archived_at as organization_archived_at',
      'u.display_name as created_by_name',
    ]);
}

export function findById(db: Executor, id: string): Promise<InterviewRow | undefined> {
  return base(db).where('i.id', '=', id).executeTakeFirst();
}

export async function list(
  db: Executor,
  f: { scopeRoots: readonly string[]; status?: string; limit: number; offset: number },
): Promise<{ total: number; rows: InterviewRow[] }> {
  let count = db
    .selectFrom('interviews as i')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => eb.or(f.scopeRoots.map((r) => eb.and([eb('i.org_path', '>=', r), eb('i.org_path', '<', subtreeUpperBound(r))]))));
  let rows = base(db).where((eb) =>
    eb.or(f.scopeRoots.map((r) => eb.and([eb('i.org_path', '>=', r), eb('i.org_path', '<', subtreeUpperBound(r))]))),
  );
  if (f.status) {
    count = count.where('i.status', '=', f.status);
    rows = rows.where('i.status', '=', f.status);
  }
  const n = await count.executeTakeFirstOrThrow();
  return {
    total: Number(n.n),
    rows: await rows.orderBy('i.scheduled_at', 'desc').orderBy('i.id', 'desc').limit(f.limit).offset(f.offset).execute(),
  };
}

export async function insert(db: Executor, row: InterviewsTable): Promise<void> {
  await db.insertInto('interviews').values(row).execute();
}

export type InterviewChanges = Partial<
  Pick<
    InterviewsTable,
    | 'status'
    | 'scheduled_at'
    | 'location'
    | 'interviewer'
    | 'attendees'
    | 'notice'
    | 'talking_points'
    | 'commitments'
    | 'commitment_due_on'
    | 'held_at'
    | 'follow_up'
    | 'closed_at'
  >
>;

/** Conditional write: true when the row was at `version` (and still in `status`). */
export async function updateIfVersion(
  db: Executor,
  id: string,
  version: number,
  status: string,
  changes: InterviewChanges,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('interviews')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Interviews (not cancelled) of these organizations for a month. */
export function listForMonth(db: Executor, organizationIds: readonly string[], month: string) {
  if (organizationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('interviews')
    .select(['id', 'organization_id', 'status', 'created_at'])
    .where('organization_id', 'in', [...organizationIds])
    .where('month', '=', month)
    .where('status', '<>', 'cancelled')
    .orderBy('created_at')
    .execute();
}

/** Active users holding one of `roles` right at the organization (the people told of an interview). */
export function listRecipients(db: Executor, organizationId: string, roles: readonly string[]) {
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('u.id as user_id')
    .distinct()
    .where('ra.organization_id', '=', organizationId)
    .where('ra.role', 'in', [...roles])
    .where('u.disabled_at', 'is', null)
    .execute();
}
