import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBool, toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { seededRandom } from '../../testing/seeded-random.ts';
import { beforeStatement, watchPgStatements, watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { weeklyReportUnits } from './weekly-report-units.cache.ts';
import * as repo from './weekly-reports.repository.ts';

/**
 * The weekly reports list keeps a week's report states and, once the weekly reports' generation moves, reads again
 * only the reports written since (migration 2026-12-04-15's log; weekly-report-units.cache.ts). Whatever is written,
 * and however, the kept states must equal the table's; and one report written must not read the week again.
 */

const WEEKS = ['2026-11-16', '2026-11-23', '2026-11-30'] as const;
const TYPE = 'organization';

const normal = (rows: Iterable<repo.WeeklyReportState>) =>
  Object.fromEntries([...rows].map((r) => [r.unit_id, { status: r.status, filed: toBool(r.filed), late: toBool(r.is_late) }]));

describe('the weekly reports list’s kept week after writes (the change log)', () => {
  let t: TestApp;
  let db: Executor;
  let villages: Array<{ id: string; path: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    // Friday 4 Dec 2026, 10:00 Shanghai: the week of 30 Nov is the running one, the others are past.
    t.clock.current = new Date('2026-12-04T02:00:00.000Z');
    db = t.db.kysely;
    villages = await db.selectFrom('organizations').select(['id', 'path']).where('kind', '=', 'village').orderBy('name').execute();
  });
  afterAll(() => t.close());

  /** What the SQL of the statements `body` ran was (node-postgres's or better-sqlite3's). */
  const watch = <T>(body: () => Promise<T>) => (t.db.kind === 'postgres' ? watchPgStatements(body) : watchStatements(body));
  /** A read of the whole week's states (listWeekStates), as against one of some units (listWeekStatesOf: a JSON list). */
  const wholeWeekReads = (seen: string[]) => seen.filter((s) => /weekly_reports/.test(s) && /"filed"/.test(s) && !/json/.test(s)).length;
  const kept = async (week: string) => normal((await weeklyReportUnits.weekReports(db, week, TYPE)).values());
  const table = async (week: string) => normal(await repo.listWeekStates(db, week, TYPE));

  let admin: Awaited<ReturnType<TestApp['login']>> | undefined;
  /** The list's rows that have a report: unit → its id and status. */
  const listed = async (week: string) => {
    admin ??= await t.login('admin');
    const res = await t.app.inject({ method: 'GET', url: `/api/weekly-reports?week=${week}&pageSize=200`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const { items, counts, total } = res.json<{
      items: Array<{ unit: { id: string }; reportId: string | null; status: string; flag: string }>;
      counts: Record<string, number>;
      total: number;
    }>();
    // The counts (kept between calls) agree with the rows (read by id on every call): the page holds every unit.
    expect(items.length).toBe(total);
    const fromRows: Record<string, number> = Object.fromEntries(Object.keys(counts).map((f) => [f, 0]));
    for (const i of items) fromRows[i.flag] = (fromRows[i.flag] ?? 0) + 1;
    expect(counts, `counts of ${week}`).toEqual(fromRows);
    return Object.fromEntries(items.filter((i) => i.reportId).map((i) => [i.unit.id, { id: i.reportId, status: i.status }]));
  };
  const tableRows = async (week: string) =>
    Object.fromEntries(
      (
        await db
          .selectFrom('weekly_reports')
          .select(['id', 'unit_id', 'status'])
          .where('week_start', '=', week)
          .where('unit_type', '=', TYPE)
          .execute()
      )
        .filter((r) => villages.some((v) => v.id === r.unit_id))
        .map((r) => [r.unit_id, { id: r.id, status: r.status }]),
    );

  const insert = (week: string, unitId: string, status: string, filed: boolean, into: Executor = db) => {
    const now = new Date().toISOString();
    return into
      .insertInto('weekly_reports')
      .values({
        id: randomUUID(),
        week_start: week,
        unit_type: TYPE,
        unit_id: unitId,
        organization_id: unitId,
        status,
        figures: '{}',
        progress: '',
        difficulties: '',
        next_plan: '',
        due_at: `${week}T10:00:00.000Z`,
        submitted_at: filed ? now : null,
        is_late: 0,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };

  it('keeps every kept week equal to the table through random writes, reading only the reports written', async () => {
    const random = seededRandom(20261204);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    // In a fixed order (by week, then village name: ids differ from run to run), so that the same seed makes the
    // same writes on every run and on both databases.
    const rank = (unitId: string) => villages.findIndex((v) => v.id === unitId);
    const existing = async () =>
      (await db.selectFrom('weekly_reports').select(['id', 'week_start', 'unit_id']).where('unit_type', '=', TYPE).execute()).sort(
        (a, b) => a.week_start.localeCompare(b.week_start) || rank(a.unit_id) - rank(b.unit_id),
      );
    // Two weeks kept from the start; the third comes and goes.
    for (const w of WEEKS.slice(0, 2)) expect(await kept(w)).toEqual(await table(w));
    let wholeReads = 0;
    let writes = 0;
    let thirdRead = false;
    for (let step = 0; step < 80; step++) {
      const rows = await existing();
      const free = (w: string) => villages.filter((v) => !rows.some((r) => r.week_start === w && r.unit_id === v.id));
      const op = rows.length < 4 ? 0 : Math.floor(random() * 6);
      const week = pick(WEEKS);
      if (op === 0 && free(week).length) await insert(week, pick(free(week)).id, pick(['draft', 'submitted']), random() < 0.5);
      else if (op === 1 || op === 0) {
        const r = pick(rows);
        const filed = random() < 0.5;
        await db
          .updateTable('weekly_reports')
          .set({
            status: filed ? 'submitted' : pick(['draft', 'returned']),
            submitted_at: filed ? new Date().toISOString() : null,
            is_late: random() < 0.3 ? 1 : 0,
          })
          .where('id', '=', r.id)
          .execute();
      } else if (op === 2) {
        const r = pick(rows);
        await db.deleteFrom('weekly_report_comments').where('report_id', '=', r.id).execute();
        await db.deleteFrom('weekly_reports').where('id', '=', r.id).execute();
      } else if (op === 3) {
        // A report moved to another week or unit: both its old place and its new one change.
        const r = pick(rows);
        const to = pick(WEEKS);
        const v = free(to)[0];
        if (v)
          await db
            .updateTable('weekly_reports')
            .set({ week_start: to, unit_id: v.id, organization_id: v.id })
            .where('id', '=', r.id)
            .execute();
      } else if (op === 4) {
        // Several reports in one transaction (PostgreSQL: one generation for them all).
        await db.transaction().execute(async (trx) => {
          for (const r of rows.slice(0, 3))
            await trx
              .updateTable('weekly_reports')
              .set({ is_late: random() < 0.5 ? 1 : 0 })
              .where('id', '=', r.id)
              .execute();
          const w = pick(WEEKS);
          const v = free(w)[0];
          if (v) await insert(w, v.id, 'draft', false, trx);
        });
      } else {
        // A write of another table: no generation moves, nothing is read again.
        await db
          .updateTable('organizations')
          .set({ code: `C${step}` })
          .where('id', '=', pick(villages).id)
          .execute();
      }
      writes++;
      const readWeek = random() < 0.15 ? WEEKS[2] : pick(WEEKS.slice(0, 2));
      thirdRead ||= readWeek === WEEKS[2];
      const { result, seen } = await watch(() => kept(readWeek));
      wholeReads += wholeWeekReads(seen);
      expect(result, `step ${step}, week ${readWeek}`).toEqual(await table(readWeek));
      // Every kept week, not only the one read, is as the table says.
      for (const w of WEEKS.slice(0, 2)) expect(await kept(w), `step ${step}, week ${w}`).toEqual(await table(w));
      // And the list's rows, read by the ids kept, are the table's reports of that week and unit.
      if (step % 4 === 0) expect(await listed(readWeek), `step ${step}, list of ${readWeek}`).toEqual(await tableRows(readWeek));
    }
    // The third week is built when first asked and then kept: one whole read, not one a write.
    expect(writes).toBe(80);
    expect(thirdRead).toBe(true);
    expect(wholeReads).toBe(1);
  });

  it('reads one written report, not the week, and the list shows it', async () => {
    const week = WEEKS[1];
    await kept(week);
    const v = villages[0]!;
    await db.deleteFrom('weekly_report_comments').execute();
    await db.deleteFrom('weekly_reports').where('unit_id', '=', v.id).where('week_start', '=', week).execute();
    await kept(week);
    await insert(week, v.id, 'submitted', true);
    const { result, seen } = await watch(() => weeklyReportUnits.weekReports(db, week, TYPE));
    expect(result.get(v.id)?.status).toBe('submitted');
    expect(wholeWeekReads(seen)).toBe(0);
    expect(seen.filter((s) => /weekly_report_changes/.test(s))).toHaveLength(1);
  });

  it.runIf(process.env.TEST_DATABASE_URL === undefined)(
    'shows no other week’s report on a page when one moves between the kept states and the page’s read (SQLite)',
    async () => {
      const week = WEEKS[1];
      const before = await listed(week);
      const [unit, report] = Object.entries(before)[0]!;
      // Right before the page's reports are read by id, another writer moves one to another week.
      const { fired } = await beforeStatement(
        /from "weekly_reports" where "id" in \(select value from json_each/,
        (database) => database.prepare('update weekly_reports set week_start = ? where id = ?').run('2026-11-09', report.id),
        async () => {
          const res = await t.app.inject({ method: 'GET', url: `/api/weekly-reports?week=${week}&pageSize=200`, headers: admin! });
          const item = res
            .json<{ items: Array<{ unit: { id: string }; reportId: string | null }> }>()
            .items.find((i) => i.unit.id === unit);
          expect(item?.reportId).toBeNull();
        },
      );
      expect(fired).toBe(true);
      // The next reading catches up: the unit has no report this week.
      expect((await listed(week))[unit]).toBeUndefined();

      // One moved to another unit of the same week: neither row shows it (the other's kept state has no report).
      const now = await listed(week);
      const [from, moved] = Object.entries(now)[0]!;
      const to = villages.find((v) => !(v.id in now))!;
      const second = await beforeStatement(
        /from "weekly_reports" where "id" in \(select value from json_each/,
        (database) =>
          database.prepare('update weekly_reports set unit_id = ?, organization_id = ? where id = ?').run(to.id, to.id, moved.id),
        async () => {
          const res = await t.app.inject({ method: 'GET', url: `/api/weekly-reports?week=${week}&pageSize=200`, headers: admin! });
          const items = res.json<{ items: Array<{ unit: { id: string }; reportId: string | null }> }>().items;
          expect(items.find((i) => i.unit.id === from)?.reportId).toBeNull();
          expect(items.find((i) => i.unit.id === to.id)?.reportId).toBeNull();
        },
      );
      expect(second.fired).toBe(true);
      expect((await listed(week))[to.id]?.id).toBe(moved.id);
    },
  );

  it('reads the week again when the log no longer goes back to what it keeps', async () => {
    const week = WEEKS[1];
    expect(await kept(week)).toEqual(await table(week));
    expect(Object.keys(await table(week)).length).toBeGreaterThan(0);
    await db.updateTable('weekly_reports').set({ status: 'returned', submitted_at: null }).where('week_start', '=', week).execute();
    // As if pruned: the oldest generation the reader needs is gone.
    await db.deleteFrom('weekly_report_changes').execute();
    const { result, seen } = await watch(() => kept(week));
    expect(result).toEqual(await table(week));
    expect(Object.values(result).every((s) => s.status === 'returned')).toBe(true);
    expect(wholeWeekReads(seen)).toBe(1);
  });

  it('logs each written report under the generation it moved to, and prunes the oldest', async () => {
    const week = WEEKS[2];
    const taken = await db.selectFrom('weekly_reports').select('unit_id').where('week_start', '=', week).execute();
    const v = villages.find((x) => !taken.some((r) => r.unit_id === x.id))!;
    const g0 = await readGeneration(db, 'weekly_reports');
    await db.transaction().execute(async (trx) => {
      await insert(week, v.id, 'draft', false, trx);
      await trx.updateTable('weekly_reports').set({ is_late: 1 }).where('unit_id', '=', v.id).where('week_start', '=', week).execute();
    });
    const g1 = await readGeneration(db, 'weekly_reports');
    const logged = await db.selectFrom('weekly_report_changes').selectAll().where('gen', '>', g0).orderBy('gen').execute();
    expect(logged.every((c) => c.unit_id === v.id && c.week_start === week)).toBe(true);
    expect(toNumber(logged.at(-1)!.gen)).toBe(g1);
    // PostgreSQL moves the generation once a transaction; SQLite once a row.
    expect(logged.length).toBe(t.db.kind === 'postgres' ? 1 : g1 - g0);

    // The 1,024th generation deletes what is 8,192 generations old or older.
    await db.deleteFrom('weekly_report_changes').execute();
    await db
      .insertInto('weekly_report_changes')
      .values([1, 2, 1_000, 3_000, 9_000].map((gen) => ({ gen, report_id: 'r', week_start: week, unit_type: TYPE, unit_id: v.id })))
      .execute();
    await db.updateTable('data_generations').set({ n: 11_262 }).where('topic', '=', 'weekly_reports').execute();
    const write = () =>
      db.updateTable('weekly_reports').set({ is_late: 0 }).where('unit_id', '=', v.id).where('week_start', '=', week).execute();
    await write();
    // 11,263: not a 1,024th, nothing deleted.
    expect((await db.selectFrom('weekly_report_changes').select('gen').orderBy('gen').execute()).map((r) => toNumber(r.gen))).toEqual([
      1, 2, 1_000, 3_000, 9_000, 11_263,
    ]);
    await write();
    const left = await db.selectFrom('weekly_report_changes').select('gen').orderBy('gen').execute();
    expect(left.map((r) => toNumber(r.gen))).toEqual([9_000, 11_263, 11_264]);
  });

  it('logs nothing for a rolled-back write, and one generation for a PostgreSQL transaction’s reports', async () => {
    const g0 = await readGeneration(db, 'weekly_reports');
    const rows0 = await db.selectFrom('weekly_report_changes').select('gen').execute();
    const free = await db.selectFrom('weekly_reports').select('unit_id').where('week_start', '=', '2026-11-02').execute();
    const [a, b] = villages.filter((v) => !free.some((f) => f.unit_id === v.id));
    await expect(
      db.transaction().execute(async (trx) => {
        await insert('2026-11-02', a!.id, 'draft', false, trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await readGeneration(db, 'weekly_reports')).toBe(g0);
    expect(await db.selectFrom('weekly_report_changes').select('gen').execute()).toEqual(rows0);
    await db.transaction().execute(async (trx) => {
      await insert('2026-11-02', a!.id, 'draft', false, trx);
      await insert('2026-11-02', b!.id, 'draft', false, trx);
    });
    const gens = (
      await db.selectFrom('weekly_report_changes').select('gen').where('gen', '>', g0).where('week_start', '=', '2026-11-02').execute()
    ).map((r) => toNumber(r.gen));
    expect(new Set(gens).size).toBe(t.db.kind === 'postgres' ? 1 : gens.length);
    expect(gens.length).toBeGreaterThanOrEqual(2);
  });

  it('reads a week again when the first generation it needs is gone, and when it was pushed out by four others', async () => {
    const week = WEEKS[0];
    expect(await kept(week)).toEqual(await table(week));
    const [unitId] = Object.keys(await table(week));
    expect(unitId).toBeDefined();
    const g = await readGeneration(db, 'weekly_reports');
    await db.updateTable('weekly_reports').set({ status: 'draft', submitted_at: null }).where('week_start', '=', week).execute();
    await db.updateTable('weekly_reports').set({ is_late: 1 }).where('week_start', '=', week).where('unit_id', '=', unitId!).execute();
    // Pruned as far as the reader's next generation: what it needs first is missing, what came after is there.
    await db
      .deleteFrom('weekly_report_changes')
      .where('gen', '<=', g + 1)
      .execute();
    expect(
      (
        await db
          .selectFrom('weekly_report_changes')
          .select('gen')
          .where('gen', '>', g + 1)
          .execute()
      ).length,
    ).toBeGreaterThan(0);
    const gap = await watch(() => kept(week));
    expect(gap.result).toEqual(await table(week));
    expect(wholeWeekReads(gap.seen)).toBe(1);
    // Four other weeks read after it push it out (four are kept); read again, it is built again, as the table says.
    for (const other of ['2026-10-26', '2026-11-02', '2026-11-23', '2026-11-30']) await kept(other);
    await db
      .updateTable('weekly_reports')
      .set({ status: 'submitted', submitted_at: new Date().toISOString() })
      .where('week_start', '=', week)
      .execute();
    const evicted = await watch(() => kept(week));
    expect(evicted.result).toEqual(await table(week));
    expect(wholeWeekReads(evicted.seen)).toBe(1);
  });

  it.runIf(process.env.TEST_DATABASE_URL === undefined)(
    'follows a report SQLite’s INSERT OR REPLACE moved to another week (SQLite)',
    async () => {
      const week = WEEKS[1];
      const before = await kept(week);
      const [unit] = Object.keys(before);
      const row = await db
        .selectFrom('weekly_reports')
        .selectAll()
        .where('week_start', '=', week)
        .where('unit_id', '=', unit!)
        .executeTakeFirstOrThrow();
      // The same id written again elsewhere: SQLite deletes the old row without its delete trigger.
      await sql`insert or replace into weekly_reports (id, week_start, unit_type, unit_id, organization_id, status, figures, progress,
        difficulties, next_plan, due_at, is_late, created_at, updated_at)
      values (${row.id}, '2026-10-19', ${TYPE}, ${unit!}, ${unit!}, 'draft', '{}', '', '', '', ${row.due_at}, 0, ${row.created_at}, ${row.updated_at})`.execute(
        db,
      );
      expect(await kept(week)).toEqual(await table(week));
      expect((await kept(week))[unit!]).toBeUndefined();
    },
  );
});
