import type { PartyMeetingsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { rangesOf } from '../study/study-scope.ts';

export type MeetingRow = PartyMeetingsTable & {
  organization_name: string;
  /** When the branch was archived (its records are then read only); absent on a row just written. */
  organization_archived_at?: string | null;
};

export function findById(db: Executor, id: string): Promise<MeetingRow | undefined> {
  return db
    .selectFrom('party_meetings as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .selectAll('m')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** Meetings in the subtrees, newest first. */
export async function list(
  db: Executor,
  f: { roots: readonly string[]; kind?: string; limit: number; offset: number },
): Promise<{ total: number; rows: MeetingRow[] }> {
  const ranges = rangesOf(f.roots);
  let base = db
    .selectFrom('party_meetings as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .where((eb) => eb.or(ranges.map((r) => eb.and([eb('m.org_path', '>=', r.from), eb('m.org_path', '<', r.to)]))));
  if (f.kind) base = base.where('m.kind', '=', f.kind);
  const n = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll('m')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .orderBy('m.held_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(n?.n), rows };
}

export async function insert(db: Executor, row: PartyMeetingsTable): Promise<void> {
  await db.insertInto('party_meetings').values(row).execute();
}

export type MeetingChanges = Partial<
  Pick<
    PartyMeetingsTable,
    'kind' | 'held_at' | 'place' | 'attendees' | 'expected_count' | 'present_count' | 'agenda' | 'minutes' | 'decisions'
  >
>;

export async function updateIfVersion(db: Executor, id: string, version: number, changes: MeetingChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('party_meetings')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
