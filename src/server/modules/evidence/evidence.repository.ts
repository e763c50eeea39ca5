import type { EvidenceTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

export async function insert(db: Executor, row: EvidenceTable): Promise<void> {
  await db.insertInto('evidence').values(row).execute();
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Evidence on the problem itself and on the measures that serve it. */
export async function listForProblem(db: Executor, problemId: string) {
  return db
    .selectFrom('evidence as e')
    .leftJoin('users as u', 'u.id', 'e.uploaded_by')
    .selectAll('e')
    .select('u.display_name as uploaded_by_name')
    .where((eb) =>
      eb.or([
        eb('e.problem_id', '=', problemId),
        eb('e.measure_id', 'in', eb.selectFrom('measure_problems').select('measure_id').where('problem_id', '=', problemId)),
      ]),
    )
    .orderBy('e.uploaded_at')
    .execute();
}

export async function insertMany(db: Executor, rows: EvidenceTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) await db.insertInto('evidence').values(rows.slice(i, i + 50)).execute();
}
