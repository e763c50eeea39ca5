import type { PublicEvidenceTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

/** The published evidence photos (a row per photo shown on the portal). */

export function find(db: Executor, evidenceId: string) {
  return db.selectFrom('public_evidence').selectAll().where('evidence_id', '=', evidenceId).executeTakeFirst();
}

/** The published photos on a problem or on the measures serving it. */
export function listPublishedOf(db: Executor, problemId: string) {
  return db
    .selectFrom('public_evidence as pe')
    .innerJoin('evidence as e', 'e.id', 'pe.evidence_id')
    .select(['pe.evidence_id', 'pe.caption'])
    .where((eb) =>
      eb.or([
        eb('e.problem_id', '=', problemId),
        eb('e.measure_id', 'in', eb.selectFrom('measure_problems').select('measure_id').where('problem_id', '=', problemId)),
      ]),
    )
    .execute();
}

export async function upsert(db: Executor, row: PublicEvidenceTable): Promise<void> {
  await db
    .insertInto('public_evidence')
    .values(row)
    .onConflict((oc) => oc.column('evidence_id').doUpdateSet({ caption: row.caption }))
    .execute();
}

export async function remove(db: Executor, evidenceId: string): Promise<void> {
  await db.deleteFrom('public_evidence').where('evidence_id', '=', evidenceId).execute();
}
