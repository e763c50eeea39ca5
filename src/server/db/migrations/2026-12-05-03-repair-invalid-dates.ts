import { type Kysely, sql } from 'kysely';
import { isCalendarDate, shanghaiDate } from '../../../domain/time.ts';

// Frozen: never edit after release; add a new migration instead.
// Until 2026-12-05 the inspection and measure contracts checked a date's
// shape only (YYYY-MM-DD), so 2026-13-01 or 2026-02-30 could be stored as a
// round's period or 集中整改期, a failed item's problem deadline, or a
// measure's deadline; every page counting days from it then answered 500
// (NaN days). The contracts now take calendar dates only. This repairs what
// was stored: a deadline or a 集中整改期 end that is no date is cleared (no
// deadline: the problem is listed without one, its counters follow through
// the triggers), and a round's required period falls back to the day the
// round was created (start) and to its start (end), so that the round reads
// again and its manager can set the right period.
export async function up(db: Kysely<any>): Promise<void> {
  const bad = (d: unknown) => typeof d === 'string' && !isCalendarDate(d);

  const rounds = await db
    .selectFrom('inspection_rounds')
    .select(['id', 'period_start', 'period_end', 'rectification_start', 'rectification_end', 'created_at'])
    .execute();
  for (const r of rounds) {
    const changes: Record<string, string | null> = {};
    const start = bad(r.period_start) ? shanghaiDate(new Date(String(r.created_at))) : String(r.period_start);
    if (bad(r.period_start)) changes.period_start = start;
    if (bad(r.period_end)) changes.period_end = start;
    if (bad(r.rectification_start) || bad(r.rectification_end)) {
      changes.rectification_start = null;
      changes.rectification_end = null;
    }
    if (Object.keys(changes).length) await db.updateTable('inspection_rounds').set(changes).where('id', '=', r.id).execute();
  }

  for (const table of ['problems', 'measures'] as const) {
    // The candidates found in SQL (a nation's ledger is millions of rows): a month or day out of range, February's
    // 29th to 31st, the 31st of a 30-day month (the shape was checked before); then each checked exactly.
    const month = sql<string>`substr(due_on, 6, 2)`;
    const day = sql<string>`substr(due_on, 9, 2)`;
    const rows = await db
      .selectFrom(table)
      .select(['id', 'due_on'])
      .where('due_on', 'is not', null)
      .where((eb) =>
        eb.or([
          eb(month, '<', '01'),
          eb(month, '>', '12'),
          eb(day, '<', '01'),
          eb(day, '>', '31'),
          eb.and([eb(month, '=', '02'), eb(day, '>', '28')]),
          eb.and([eb(month, 'in', ['04', '06', '09', '11']), eb(day, '=', '31')]),
          eb(sql<number>`length(due_on)`, '<>', 10),
        ]),
      )
      .execute();
    const ids = rows.filter((r) => bad(r.due_on)).map((r) => r.id as string);
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable(table)
        .set({ due_on: null })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  }
}
