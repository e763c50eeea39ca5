import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { weekStartOf } from '../../domain/cadence.ts';
import { openDatabase, type Db } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemo } from '../demo/demo.service.ts';
import { freezeDueWeeks } from '../modules/statistics/statistics.service.ts';
import { drive, frozenWeeks, problem, runSnapshotJob, setShanghai, snapshotRows } from '../modules/statistics/statistics.test-support.ts';
import { countAuditEvents, type Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { tryAcquire } from './job-lock.ts';
import { weeklySnapshotJob } from './weekly-snapshot.job.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

async function orgCount(db: Db): Promise<number> {
  const row = await db.kysely
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('weekly snapshot job: catch-up after a gap', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('with an empty ledger freezes just the last completed week', async () => {
    setShanghai(t, '2026-11-04 10:00'); // week of 2 November
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    expect((await frozenWeeks(t.db)).map((w) => w.week_start)).toEqual(['2026-10-26']);
  });

  it('freezes up to last week, then the three weeks missed while down, and nothing more on a second run', async () => {
    // History from the week of 2 November: that week is frozen once it ends.
    setShanghai(t, '2026-11-04 10:00');
    await problem(t, admin, '大闵村', '2026-12-31', 'start');
    setShanghai(t, '2026-11-10 10:00'); // week N = 9 November
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    const first = await frozenWeeks(t.db);
    expect(first.map((w) => w.week_start)).toEqual(['2026-10-26', '2026-11-02']);
    const rowsOfFirst = await snapshotRows(t.db, '2026-11-02');
    expect(rowsOfFirst).toHaveLength(await orgCount(t.db));

    // Three weeks pass without any process running the job.
    t.clock.advance(3 * WEEK); // 1 December, week of 30 November
    const events = await countAuditEvents(t.db, 'snapshot.frozen');
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    const after = await frozenWeeks(t.db);
    expect(after.map((w) => w.week_start)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(await countAuditEvents(t.db, 'snapshot.frozen')).toBe(events + 3);
    // Earlier weeks untouched.
    expect(after.slice(0, 2)).toEqual(first);
    expect((await snapshotRows(t.db, '2026-11-02')).map((r) => r.computed_at)).toEqual(rowsOfFirst.map((r) => r.computed_at));
    // A catch-up week counts what was true then: the problem, rectifying since 4 Nov, is in every week.
    const damin = await t.orgId('大闵村');
    for (const week of ['2026-11-09', '2026-11-16', '2026-11-23']) {
      const row = (await snapshotRows(t.db, week)).find((r) => r.organization_id === damin)!;
      expect([Number(row.total), Number(row.rectifying), Number(row.new_count)], week).toEqual([1, 1, 0]);
    }

    // Again, an hour later: nothing to do, nothing written.
    t.clock.advance(3600_000);
    const rowCount = (await snapshotRows(t.db)).length;
    const allEvents = await countAuditEvents(t.db);
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    expect((await snapshotRows(t.db)).length).toBe(rowCount);
    expect(await countAuditEvents(t.db)).toBe(allEvents);
    const lock = await t.db.kysely.selectFrom('job_locks').selectAll().where('name', '=', 'weekly-snapshot').executeTakeFirstOrThrow();
    expect(lock).toMatchObject({ last_result: 'nothing to freeze', locked_until: null });
  });
});

describe('weekly snapshot job: week boundaries, whatever the server zone', () => {
  const originalTz = process.env.TZ;
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    process.env.TZ = 'America/Los_Angeles';
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });
  afterEach(() => expect(new Date('2026-11-22T16:00:00Z').getTimezoneOffset()).toBe(480));

  it('a closure at Sunday 23:59 and one at Monday 00:01 Shanghai fall in different weeks', async () => {
    setShanghai(t, '2026-11-18 10:00');
    const a = await problem(t, admin, '大闵村', '2026-12-31', 'start', 'submit', 'accept');
    const b = await problem(t, admin, '大闵村', '2026-12-31', 'start', 'submit', 'accept');
    t.clock.current = new Date('2026-11-22T15:59:00.000Z'); // Sunday 22 November 23:59 Shanghai; Sunday 07:59 in Los Angeles
    expect(weekStartOf(t.clock.now())).toBe('2026-11-16');
    await drive(t, admin, a, 'close');
    t.clock.current = new Date('2026-11-22T16:01:00.000Z'); // Monday 23 November 00:01 Shanghai; still Sunday in Los Angeles
    expect(weekStartOf(t.clock.now())).toBe('2026-11-23');
    await drive(t, admin, b, 'close');

    setShanghai(t, '2026-12-01 09:00');
    await runSnapshotJob(t.db, t.clock.now());
    const damin = await t.orgId('大闵村');
    const row = async (week: string) => (await snapshotRows(t.db, week)).find((r) => r.organization_id === damin)!;
    const w1 = await row('2026-11-16');
    const w2 = await row('2026-11-23');
    expect([Number(w1.closed_count), Number(w1.closed), Number(w1.accepted)]).toEqual([1, 1, 1]);
    expect([Number(w2.closed_count), Number(w2.closed), Number(w2.accepted)]).toEqual([1, 2, 0]);
  });
});

/** Two app processes = two Db handles (two pools on PostgreSQL) on one database. */
async function openTwice(): Promise<{ a: Db; b: Db; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const a = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(a);
    return { a, b: a, drop: () => a.close() };
  }
  const name = `tz_jobs_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const a = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  const b = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  await migrateToLatest(a);
  return {
    a,
    b,
    drop: async () => {
      await a.close();
      await b.close();
      const d = new pg.Client({ connectionString: adminUrl });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe(`weekly snapshot job: two processes on one database (${onPostgres ? 'PostgreSQL, two pools' : 'SQLite, one handle'})`, () => {
  let dbs: Awaited<ReturnType<typeof openTwice>>;
  let dataDir: string;
  // The demo ledger's history starts weeks before this: several weeks to freeze at once.
  const seededAt = new Date('2026-11-27T02:00:00.000Z');
  const now = new Date(seededAt.getTime() + 2 * WEEK);

  beforeAll(async () => {
    dbs = await openTwice();
    dataDir = mkdtempSync(path.join(tmpdir(), 'taizhang-jobs-'));
    await seedDemo(dbs.a, seededAt, { ledger: true, dataDir });
  });
  afterAll(async () => {
    await dbs.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectOneSetPerWeek(db: Db) {
    const weeks = await frozenWeeks(db);
    expect(weeks.length).toBeGreaterThanOrEqual(2);
    expect(weeks.at(-1)!.week_start).toBe('2026-11-30');
    const orgs = await orgCount(db);
    const rows = await snapshotRows(db);
    expect(rows).toHaveLength(weeks.length * orgs);
    expect(new Set(rows.map((r) => `${r.week_start}|${r.organization_id}`)).size).toBe(rows.length);
    const events = await db.kysely.selectFrom('audit_events').select(['entity_id']).where('type', '=', 'snapshot.frozen').execute();
    expect(events.map((e) => e.entity_id).sort()).toEqual(weeks.map((w) => w.week_start));
  }

  it('both processes run the job at the same moment: it runs once, one set of rows and one audit event per week', async () => {
    const ran = await Promise.all([runSnapshotJob(dbs.a, now, 'process-1'), runSnapshotJob(dbs.b, now, 'process-2')]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    await expectOneSetPerWeek(dbs.a);
    // A later tick of either process finds nothing to do.
    const later = new Date(now.getTime() + 60_000);
    await Promise.all([runSnapshotJob(dbs.a, later, 'process-1'), runSnapshotJob(dbs.b, later, 'process-2')]);
    await expectOneSetPerWeek(dbs.b);
  });

  it('even without the lease, the primary key on the week keeps freezing once (concurrent freezes)', async () => {
    const next = new Date(now.getTime() + WEEK); // one more week has ended
    const [x, y] = await Promise.all([freezeDueWeeks(dbs.a, next), freezeDueWeeks(dbs.b, next)]);
    expect([...x, ...y]).toEqual(['2026-12-07']);
    const rows = await snapshotRows(dbs.a, '2026-12-07');
    expect(rows).toHaveLength(await orgCount(dbs.a));
    expect(await countAuditEvents(dbs.a, 'snapshot.frozen')).toBe((await frozenWeeks(dbs.a)).length);
  });

  it('a held lease blocks the other process until it expires', async () => {
    const t0 = new Date(now.getTime() + 2 * WEEK);
    expect(await tryAcquire(dbs.a, weeklySnapshotJob.name, 'process-1', t0, weeklySnapshotJob.leaseMs)).toBe(true);
    // process-1 "crashed" holding the lease: process-2 must wait for it to expire.
    expect(await runSnapshotJob(dbs.b, new Date(t0.getTime() + weeklySnapshotJob.leaseMs - 1000), 'process-2')).toBe(false);
    expect((await frozenWeeks(dbs.a)).at(-1)!.week_start).toBe('2026-12-07');
    expect(await runSnapshotJob(dbs.b, new Date(t0.getTime() + weeklySnapshotJob.leaseMs + 1000), 'process-2')).toBe(true);
    expect((await frozenWeeks(dbs.a)).at(-1)!.week_start).toBe('2026-12-14');
  });
});
