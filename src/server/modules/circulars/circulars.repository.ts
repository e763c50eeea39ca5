import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CircularsTable } from '../../db/database.ts';
import { allColumns, qualified } from '../../db/columns.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { tookPartIn } from '../organizations/organizations.repository.ts';

export type CircularRow = Selectable<CircularsTable>;
/**
 * A circular with the names the DTO shows, without its annex and the annex's view: a province's annex is megabytes
 * of JSON, read only where every row is written out (annexOf); its view, about 1 MB, where it is shown
 * (annexViewOf).
 */
export type CircularWithNames = Omit<CircularRow, 'annex' | 'annex_view'> & {
  organization_name: string;
  created_by_name: string | null;
  published_by_name: string | null;
};

/** Every column but the annex and its view (a column added later fails the type check until it is listed). */
const COLUMNS = allColumns<Omit<CircularsTable, 'annex' | 'annex_view'>>()([
  'id',
  'month',
  'status',
  'organization_id',
  'org_path',
  'title',
  'issuing_office',
  'drafting_office',
  'number_prefix',
  'number_year',
  'number_seq',
  'number',
  'doc_date',
  'body',
  'created_by',
  'published_at',
  'published_by',
  'version',
  'created_at',
  'updated_at',
]);

function withNames(db: Executor) {
  return db
    .selectFrom('circulars as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('users as cu', 'cu.id', 'c.created_by')
    .leftJoin('users as pu', 'pu.id', 'c.published_by')
    .select(qualified('c', COLUMNS))
    .select(['o.name as organization_name', 'cu.display_name as created_by_name', 'pu.display_name as published_by_name']);
}

/** The annex (JSON text) of a circular, if it exists. */
export async function annexOf(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('circulars').select('annex').where('id', '=', id).executeTakeFirst())?.annex;
}

/**
 * The annex's view (JSON text) of a circular: undefined when there is no such circular, null when it was written
 * before views were kept.
 */
export async function annexViewOf(db: Executor, id: string): Promise<string | null | undefined> {
  return (await db.selectFrom('circulars').select('annex_view').where('id', '=', id).executeTakeFirst())?.annex_view;
}

export function list(db: Executor, status?: string): Promise<CircularWithNames[]> {
  let q = withNames(db);
  if (status) q = q.where('c.status', '=', status);
  return q.orderBy('c.month', 'desc').orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').execute();
}

export function find(db: Executor, id: string): Promise<CircularWithNames | undefined> {
  return withNames(db).where('c.id', '=', id).executeTakeFirst();
}

/** The circular (draft or published) an organization issued for a month, if any: there is at most one. */
export async function findOfMonth(
  db: Executor,
  organizationId: string,
  month: string,
): Promise<{ id: string; status: string; number: string | null } | undefined> {
  return db
    .selectFrom('circulars')
    .select(['id', 'status', 'number'])
    .where('organization_id', '=', organizationId)
    .where('month', '=', month)
    .orderBy('created_at')
    .executeTakeFirst();
}

/**
 * Takes the issuing organization's row lock without changing it, so that
 * "one draft per month" and "next number" are decided one writer at a time
 * (PostgreSQL blocks the second writer until the first commits; SQLite has one writer anyway).
 */
export async function lockIssuer(db: Executor, organizationId: string): Promise<void> {
  await db
    .updateTable('organizations')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', organizationId)
    .execute();
}

export async function insert(db: Executor, row: Insertable<CircularsTable>): Promise<void> {
  await db.insertInto('circulars').values(row).execute();
}

/** Writes the changes when the draft still has `version`; false when it does not (changed or published meanwhile). */
export async function updateDraftIfVersion(
  db: Executor,
  id: string,
  version: number,
  changes: Omit<Updateable<CircularsTable>, 'id' | 'version' | 'status'>,
): Promise<boolean> {
  const result = await db
    .updateTable('circulars')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function publishIfVersion(
  db: Executor,
  id: string,
  version: number,
  p: { year: number; seq: number; number: string; at: string; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('circulars')
    .set((eb) => ({
      status: 'published',
      number_year: p.year,
      number_seq: p.seq,
      number: p.number,
      published_at: p.at,
      published_by: p.by,
      updated_at: p.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteDraftIfVersion(db: Executor, id: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('circulars')
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The highest sequence number used with this prefix in this year (0 when none). */
export async function maxSeq(db: Executor, prefix: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('circulars')
    .select((eb) => eb.fn.max('number_seq').as('max'))
    .where('number_prefix', '=', prefix)
    .where('number_year', '=', year)
    .executeTakeFirst();
  return toNumber(row?.max ?? 0);
}

/** The root organization (the district) a circular is issued for. */
export function findOrganization(db: Executor, id: string) {
  return db.selectFrom('organizations').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

/**
 * Problems created before `createdBefore` whose deadline lies before `dayAfterDue`'s day, in non-archived
 * organizations of the subtree, with their organization and owner names. Their status "then" is decided by the service.
 */
export function listProblemsDueBefore(
  db: Executor,
  /** `endedAt`: the month has ended (its organizations archived since still take part, tookPartIn). */
  f: { pathFrom: string; pathTo: string; dueBefore: string; createdBefore: string; endedAt?: string },
) {
  return db
    .selectFrom('problems as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('users as u', 'u.id', 'p.owner_id')
    .select([
      'p.id',
      'p.code',
      'p.description',
      'p.due_on',
      'p.status',
      'o.name as organization_name',
      'p.owner_name',
      'u.display_name as owner_display_name',
    ])
    .where('p.org_path', '>=', f.pathFrom)
    .where('p.org_path', '<', f.pathTo)
    .where(tookPartIn('o.archived_at', f.endedAt))
    .where('p.due_on', 'is not', null)
    .where('p.due_on', '<', f.dueBefore)
    .where('p.created_at', '<', f.createdBefore)
    .orderBy('p.due_on')
    .orderBy('p.code')
    .execute();
}

/** The last status each of these problems had before `before` (history is append-only, one row per change). */
export async function statusesBefore(db: Executor, problemIds: readonly string[], before: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const CHUNK = 500;
  for (let i = 0; i < problemIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('problem_history')
      .select(['problem_id', 'to_status'])
      .where('problem_id', 'in', problemIds.slice(i, i + CHUNK))
      .where('at', '<', before)
      .orderBy('problem_id')
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.problem_id, r.to_status);
  }
  return out;
}

/**
 * The month's interviews: scheduled in [from, to) or filed under the month, not cancelled, in the subtree.
 * (Read straight from the interviews table; the interviews module owns its writes.)
 */
export function listInterviewsOfMonth(db: Executor, f: { month: string; from: string; to: string; pathFrom: string; pathTo: string }) {
  return db
    .selectFrom('interviews as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .select(['i.id', 'i.scheduled_at', 'i.status', 'i.reasons', 'i.month', 'o.name as organization_name'])
    .where('i.status', '<>', 'cancelled')
    .where('i.org_path', '>=', f.pathFrom)
    .where('i.org_path', '<', f.pathTo)
    .where((eb) => eb.or([eb('i.month', '=', f.month), eb.and([eb('i.scheduled_at', '>=', f.from), eb('i.scheduled_at', '<', f.to)])]))
    .orderBy('i.scheduled_at')
    .orderBy('o.name')
    .execute();
}
