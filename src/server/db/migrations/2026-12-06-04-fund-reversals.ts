import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// 冲销: an allocation or a spend entered wrongly could never be corrected. It is now reversed by a new entry of the
// opposite amount that names the entry it reverses and why (the original stays as it was, as a ledger keeps it);
// one reversal at most per entry, and a reversal is not itself reversed.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['fund_allocations', 'fund_spendings']) {
    await db.schema
      .alterTable(table)
      .addColumn('reverses_id', 'text', (c) => c.references(`${table}.id`))
      .execute();
    await db.schema.alterTable(table).addColumn('reversal_reason', 'text').execute();
    await db.schema.createIndex(`${table}_reverses_uq`).on(table).column('reverses_id').unique().execute();
  }
}
