import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import * as repo from './statistics.repository.ts';
import { freezeDueWeeks } from './statistics.service.ts';
import { frozenWeeks } from './statistics.test-support.ts';

/**
 * The snapshot's rows are written a statement of many rows at a time, each statement's rows built while the
 * previous one runs (dialect.ts insertRowsStreamed), and on PostgreSQL the figures are computed on the pool
 * while the transaction writes the venue and Party-life rows. Whatever the statement size, the rows must be the
 * same, every organization once, for every week; a failing statement must leave nothing behind.
 */

const WEEK_MS = 7 * 86_400_000;

type Row = Record<string, unknown>;

/** Every frozen row of the three snapshot tables, without the generated id, in a stable order. */
async function frozenRows(t: TestApp): Promise<{ weekly: Row[]; study: Row[]; venue: Row[] }> {
  const weekly = (
    await t.db.kysely.selectFrom('weekly_snapshots').selectAll().orderBy('week_start').orderBy('organization_id').execute()
  ).map(({ id: _id, ...rest }) => ({ ...rest }));
  const study = await t.db.kysely.selectFrom('study_snapshots').selectAll().orderBy('week_start').orderBy('organization_id').execute();
  const venue = await t.db.kysely.selectFrom('venue_snapshots').selectAll().orderBy('week_start').orderBy('venue_id').execute();
  return { weekly, study, venue };
}

async function unfreezeAll(t: TestApp): Promise<void> {
  await t.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('weekly_snapshots').execute();
    await trx.deleteFrom('study_snapshots').execute();
    await trx.deleteFrom('venue_snapshots').execute();
    await trx.deleteFrom('snapshot_weeks').execute();
  });
}

describe('weekly snapshot rows: written in statements of any size, the same rows', () => {
  let t: TestApp;
  let now: Date;
  let organizations: number;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, demoLedger: true });
    // The demo ledger's history spans several weeks before the seed: several weeks to freeze at once.
    now = new Date(t.clock.now().getTime() + 2 * WEEK_MS);
    const row = await t.db.kysely
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('archived_at', 'is', null)
      .executeTakeFirstOrThrow();
    organizations = Number(row.n);
  });
  afterAll(() => t.close());

  it('3 rows a statement (many statement boundaries) and the default (one statement a week) freeze identical rows', async () => {
    expect(organizations).toBeGreaterThan(7); // several statements a week at 3 rows each
    const small = await freezeDueWeeks(t.db, now, { rowsPerStatement: 3 });
    expect(small.length).toBeGreaterThanOrEqual(2);
    const a = await frozenRows(t);
    expect(a.weekly).toHaveLength(small.length * organizations);
    expect(new Set(a.weekly.map((r) => `${String(r.week_start)}|${String(r.organization_id)}`)).size).toBe(a.weekly.length);
    expect(a.study).toHaveLength(small.length * organizations);
    // The figures are not all empty: the comparison means something.
    expect(a.weekly.some((r) => Number(r.total) > 0 && Number(r.overdue) > 0)).toBe(true);

    await unfreezeAll(t);
    const whole = await freezeDueWeeks(t.db, now);
    expect(whole).toEqual(small);
    expect(await frozenRows(t)).toEqual(a);
    expect((await frozenWeeks(t.db)).map((w) => w.week_start)).toEqual(small);
  });

  it('pieces of uneven sizes are joined into statements of at least the batch, every row once, in order', async () => {
    const week = (await frozenWeeks(t.db)).at(-1)!.week_start;
    const orgs = await t.db.kysely.selectFrom('organizations').select(['id', 'path', 'kind']).where('archived_at', 'is', null).execute();
    const template = await t.db.kysely.selectFrom('weekly_snapshots').selectAll().where('week_start', '=', week).executeTakeFirstOrThrow();
    const rows = orgs.map((o, i) => ({
      ...template,
      id: newId(),
      organization_id: o.id,
      org_path: o.path,
      org_kind: o.kind,
      total: i,
      // Text that needs quoting in an array literal or in JSON comes back as written.
      overdue_ages: i % 2 ? '[30,2]' : `q"uo\\te,{NULL} 村`,
      report_status: i % 3 ? null : 'late',
    }));
    // Pieces of 1, 2, 3, … rows.
    const pieces: Array<typeof rows> = [];
    for (let at = 0, size = 1; at < rows.length; at += size, size++) pieces.push(rows.slice(at, at + size));
    await t.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('weekly_snapshots').where('week_start', '=', week).execute();
      expect(await repo.insertWeekRows(trx, t.db.kind, pieces, 4)).toBe(rows.length);
    });
    const written = await t.db.kysely.selectFrom('weekly_snapshots').selectAll().where('week_start', '=', week).execute();
    const byOrg = new Map(written.map((r) => [r.organization_id, r]));
    expect(written).toHaveLength(rows.length);
    for (const r of rows) expect({ ...byOrg.get(r.organization_id)!, total: Number(byOrg.get(r.organization_id)!.total) }).toEqual(r);
  });

  it('a statement that fails (a duplicate organization) fails the whole write, and the transaction leaves nothing', async () => {
    const week = (await frozenWeeks(t.db)).at(-1)!.week_start;
    const before = await frozenRows(t);
    const template = await t.db.kysely.selectFrom('weekly_snapshots').selectAll().where('week_start', '=', week).executeTakeFirstOrThrow();
    // 7 good rows, then one that repeats the first organization: the third statement of 3 fails.
    const orgs = await t.db.kysely.selectFrom('organizations').select(['id', 'path']).where('archived_at', 'is', null).limit(7).execute();
    const rows = orgs.map((o) => ({ ...template, id: newId(), organization_id: o.id, org_path: o.path }));
    rows.push({ ...rows[0]!, id: newId() });
    const err = await t.db.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('weekly_snapshots').where('week_start', '=', week).execute();
        await repo.insertWeekRows(
          trx,
          t.db.kind,
          rows.map((r) => [r]),
          3,
        );
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(err)).toBe(true);
    expect(await frozenRows(t)).toEqual(before);
  });
});
