import { allColumns, qualified } from '../../db/columns.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { EvidenceTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

export async function insert(db: Executor, row: EvidenceTable): Promise<void> {
  await db.insertInto('evidence').values(row).execute();
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Ids of the evidence on a problem and on the measures serving it. A UNION
 * ALL of two indexed lookups: the equivalent OR made PostgreSQL scan the
 * whole evidence table (docs/PERFORMANCE.md).
 */
export function evidenceIdsOf(db: Executor, problemId: string) {
  return db
    .selectFrom('evidence')
    .select('id')
    .where('problem_id', '=', problemId)
    .unionAll(
      db
        .selectFrom('evidence as ev')
        .innerJoin('measure_problems as mp', 'mp.measure_id', 'ev.measure_id')
        .select('ev.id')
        .where('mp.problem_id', '=', problemId),
    );
}

const EVIDENCE_COLUMNS = allColumns<EvidenceTable>()([
  'id',
  'sha256',
  'size',
  'mime',
  'original_name',
  'organization_id',
  'problem_id',
  'measure_id',
  'note',
  'uploaded_by',
  'uploaded_at',
]);

/**
 * Evidence on the problem itself and on the measures that serve it (a problem's detail: precompiled; its columns
 * named, so that it runs as a prepared statement on PostgreSQL).
 */
export const listForProblem = precompiled((db: Executor, problemId: string) =>
  db
    .selectFrom('evidence as e')
    .leftJoin('users as u', 'u.id', 'e.uploaded_by')
    .select(qualified('e', EVIDENCE_COLUMNS))
    .select('u.display_name as uploaded_by_name')
    .where('e.id', 'in', evidenceIdsOf(db, problemId))
    .orderBy('e.uploaded_at'),
);

export async function insertMany(db: Executor, rows: EvidenceTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50)
    await db
      .insertInto('evidence')
      .values(rows.slice(i, i + 50))
      .execute();
}
