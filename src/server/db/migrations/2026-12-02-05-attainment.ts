import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The program's end condition. 达标验收 per village and inspection round (one
// row per checklist, its steps in attainment_history, never edited); the
// round's concentrated rectification period (集中整改期; null = the default,
// two months from the round's completion, computed in src/domain/rectification.ts);
// and each weekly snapshot's standing against the standard (sum of the
// villages' scores and totals, villages scored and confirmed 达标; 0 in weeks
// frozen before this migration). Circulars also keep the office that drafted
// and printed them (the 版记's 印发机关, the source's 党群工作部; null on
// circulars made before).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('circulars').addColumn('drafting_office', 'text').execute();
  await db.schema.alterTable('inspection_rounds').addColumn('rectification_start', 'text').execute();
  await db.schema.alterTable('inspection_rounds').addColumn('rectification_end', 'text').execute();

  for (const column of ['standard_score', 'standard_max', 'units_scored', 'units_attained']) {
    await db.schema
      .alterTable('weekly_snapshots')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }

  await db.schema
    .createTable('village_attainments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One per village and round: the unique key settles two first proposals racing.
    .addColumn('checklist_id', 'text', (c) => c.notNull().unique().references('inspection_checklists.id'))
    .addColumn('round_id', 'text', (c) => c.notNull().references('inspection_rounds.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    // The liaison group's verification note (核验情况) of the latest proposal.
    .addColumn('note', 'text')
    // JSON array of evidence ids (the village's own evidence the proposal rests on).
    .addColumn('evidence_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('proposed_at', 'text')
    .addColumn('proposed_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    // Why it was sent back or revoked (the latest such step).
    .addColumn('reason', 'text')
    // The Shanghai date it was confirmed as 达标 (null unless confirmed).
    .addColumn('confirmed_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('village_attainments_org_idx').on('village_attainments').columns(['organization_id', 'round_id']).execute();
  await db.schema.createIndex('village_attainments_round_idx').on('village_attainments').columns(['round_id', 'status']).execute();

  await db.schema
    .createTable('attainment_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('attainment_id', 'text', (c) => c.notNull().references('village_attainments.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    // The proposal's note, or the reason of a send-back or revocation.
    .addColumn('text', 'text')
    // The reopened problem that revoked it (回头看), if that was the cause.
    .addColumn('problem_id', 'text', (c) => c.references('problems.id'))
    .execute();
  await db.schema.createIndex('attainment_history_idx').on('attainment_history').columns(['attainment_id', 'at', 'id']).execute();
}
