import type { PartyMembersTable } from '../../db/database.ts';
import { sql } from 'kysely';
import { containsText, type DialectKind, toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { rangesOf } from '../study/study-scope.ts';

export type MemberRow = PartyMembersTable & {
  organization_name: string;
  /** When the branch was archived (its records are then read only); absent on a row just written. */
  organization_archived_at?: string | null;
};

export function findById(db: Executor, id: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('party_members as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .selectAll('m')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export interface MemberFilter {
  roots: readonly string[];
  q?: string;
  includeLeft: boolean;
  limit: number;
  offset: number;
}

/** Members in the subtrees, by branch then name. */
export async function list(db: Executor, kind: DialectKind, f: MemberFilter): Promise<{ total: number; rows: MemberRow[] }> {
  const ranges = rangesOf(f.roots);
  let base = db
    .selectFrom('party_members as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .where((eb) => eb.or(ranges.map((r) => eb.and([eb('m.org_path', '>=', r.from), eb('m.org_path', '<', r.to)]))));
  if (!f.includeLeft) base = base.where('m.left_on', 'is', null);
  if (f.q) base = base.where(containsText(kind, 'm.name', f.q));
  const n = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll('m')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .orderBy('o.name')
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(n?.n), rows };
}

/** A branch's members (those still in the register, unless asked), by name. */
export function listOfBranch(db: Executor, organizationId: string, includeLeft = false): Promise<PartyMembersTable[]> {
  let q = db.selectFrom('party_members').selectAll().where('organization_id', '=', organizationId);
  if (!includeLeft) q = q.where('left_on', 'is', null);
  return q.orderBy('name').orderBy('id').execute();
}

/** A current member of the branch with this name and 入党 date (both null alike): the import's notion of the same person. */
export function findSameInBranch(db: Executor, organizationId: string, name: string, joinedOn: string | null) {
  let q = db
    .selectFrom('party_members')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('name', '=', name)
    .where('left_on', 'is', null);
  q = joinedOn === null ? q.where('joined_on', 'is', null) : q.where('joined_on', '=', joinedOn);
  return q.limit(1).executeTakeFirst();
}

export function findManyInBranch(db: Executor, organizationId: string, ids: readonly string[]): Promise<PartyMembersTable[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('party_members').selectAll().where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
}

export async function insert(db: Executor, row: PartyMembersTable): Promise<void> {
  await db.insertInto('party_members').values(row).execute();
}

/** Inserts in chunks (SQLite allows at most 32,766 bound values in one statement). */
/** Keeps the advisory locks of member imports apart from any other use of them. */
const IMPORT_LOCK_SPACE = 0x6d656d62; // 'memb'

/**
 * Serializes imports into one branch until the transaction ends, so that the second reads the first's members
 * before deciding what is new (PostgreSQL, read committed: both read the register, then both inserted every
 * member). Not the organization's row: a row lock before the insert would deadlock with a move (the insert's
 * trigger waits for the tree's lock the move holds). SQLite needs nothing: its transactions begin IMMEDIATE.
 */
export async function lockBranchImports(db: Executor, kind: DialectKind, organizationId: string): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_SPACE}, hashtext(${organizationId}))`.execute(db);
}

export async function insertMany(db: Executor, rows: readonly PartyMembersTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('party_members')
      .values(rows.slice(i, i + 200))
      .execute();
}

export type MemberChanges = Partial<
  Pick<PartyMembersTable, 'name' | 'gender' | 'joined_on' | 'status' | 'works_away' | 'phone' | 'note' | 'left_on'>
>;

export async function updateIfVersion(db: Executor, id: string, version: number, changes: MemberChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('party_members')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
