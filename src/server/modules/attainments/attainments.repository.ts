import { subtreeUpperBound } from '../../../domain/organizations.ts';
import { SETTLED_STATUSES } from '../../../domain/problem-workflow.ts';
import type { AttainmentHistoryTable, VillageAttainmentsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

/** SQL of 达标验收: the attainment rows and their history (append-only), and what the service checks. */

/** A village's checklist with its organization (archived or not), round and liaison group. */
export function findChecklist(db: Executor, checklistId: string) {
  return db
    .selectFrom('inspection_checklists as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .innerJoin('inspection_rounds as r', 'r.id', 'c.round_id')
    .leftJoin('liaison_groups as g', 'g.id', 'c.liaison_group_id')
    .select([
      'c.id',
      'c.round_id',
      'c.organization_id',
      'c.status',
      'o.name as organization_name',
      'o.path as organization_path',
      'o.archived_at',
      'r.name as round_name',
      'g.name as group_name',
    ])
    .where('c.id', '=', checklistId)
    .executeTakeFirst();
}

/** The round's checklists inside the subtrees, with their organization and group. */
export function listChecklistsOfRound(db: Executor, roundId: string, roots: readonly string[]) {
  if (roots.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspection_checklists as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('liaison_groups as g', 'g.id', 'c.liaison_group_id')
    .select([
      'c.id',
      'c.organization_id',
      'o.name as organization_name',
      'o.path as organization_path',
      'o.archived_at',
      'g.name as group_name',
    ])
    .where('c.round_id', '=', roundId)
    .where('o.archived_at', 'is', null)
    .where((eb) => eb.or(roots.map((r) => eb.and([eb('o.path', '>=', r), eb('o.path', '<', subtreeUpperBound(r))]))))
    .orderBy('o.path')
    .execute();
}

/**
 * The round a subtree's 达标 is judged by: the latest completed (closed) round with a checklist inside the
 * subtrees, else the latest round (by period, then creation). A re-check round still running does not hide
 * the concentrated rectification period of the round before it.
 */
export function latestRoundIn(db: Executor, roots: readonly string[]) {
  if (roots.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('inspection_rounds as r')
    .selectAll('r')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('inspection_checklists as c')
          .innerJoin('organizations as o', 'o.id', 'c.organization_id')
          .select('c.id')
          .whereRef('c.round_id', '=', 'r.id')
          .where('o.archived_at', 'is', null)
          .where((e2) => e2.or(roots.map((root) => e2.and([e2('o.path', '>=', root), e2('o.path', '<', subtreeUpperBound(root))])))),
      ),
    )
    .orderBy((eb) => eb.case().when('r.closed_at', 'is', null).then(1).else(0).end())
    .orderBy('r.period_start', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findRound(db: Executor, id: string) {
  return db.selectFrom('inspection_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByChecklist(db: Executor, checklistId: string) {
  return db.selectFrom('village_attainments').selectAll().where('checklist_id', '=', checklistId).executeTakeFirst();
}

export function listByChecklists(db: Executor, checklistIds: readonly string[]) {
  if (checklistIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('village_attainments as a')
    .leftJoin('users as u', 'u.id', 'a.proposed_by')
    .selectAll('a')
    .select('u.display_name as proposed_by_name')
    .where('a.checklist_id', 'in', [...checklistIds])
    .execute();
}

/** The attainment of a village in a round, if any. */
export function findOfVillageRound(db: Executor, roundId: string, organizationId: string) {
  return db
    .selectFrom('village_attainments')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function insert(db: Executor, row: VillageAttainmentsTable): Promise<void> {
  await db.insertInto('village_attainments').values(row).execute();
}

export type AttainmentChanges = Partial<Omit<VillageAttainmentsTable, 'id' | 'checklist_id' | 'version' | 'created_at' | 'updated_at'>>;

/** Conditional write on `version`; false when the row changed meanwhile. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: AttainmentChanges, now: string) {
  const r = await db
    .updateTable('village_attainments')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertHistory(db: Executor, row: AttainmentHistoryTable): Promise<void> {
  await db.insertInto('attainment_history').values(row).execute();
}

export function listHistory(db: Executor, attainmentId: string) {
  return db
    .selectFrom('attainment_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .leftJoin('problems as p', 'p.id', 'h.problem_id')
    .select([
      'h.id',
      'h.action',
      'h.from_status',
      'h.to_status',
      'h.at',
      'h.text',
      'h.problem_id',
      'p.code as problem_code',
      'u.display_name as actor_name',
    ])
    .where('h.attainment_id', '=', attainmentId)
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();
}

/** Problems of the round at the village that are neither closed nor withdrawn, now. */
export async function countUnsettled(db: Executor, roundId: string, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('problems')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('source_round_id', '=', roundId)
    .where('organization_id', '=', organizationId)
    .where('status', 'not in', SETTLED_STATUSES)
    .executeTakeFirst();
  return toNumber(row?.n);
}

/** The latest evidence of the round's problems at the village (what a proposal may point at), newest first. */
export function roundEvidenceOf(db: Executor, roundId: string, organizationId: string, limit: number) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('problems as p', 'p.id', 'e.problem_id')
    .select(['e.id', 'e.original_name', 'e.mime', 'p.code as problem_code'])
    .where('p.source_round_id', '=', roundId)
    .where('p.organization_id', '=', organizationId)
    .orderBy('e.uploaded_at', 'desc')
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

/** Evidence rows of the organization among the given ids. */
export function evidenceOf(db: Executor, organizationId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence')
    .select(['id', 'original_name', 'mime'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ids])
    .execute();
}
