import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekPeriod, weekStartOf } from '../../../domain/cadence.ts';
import { type Db, openDatabase } from '../../db/dialect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedDemo } from '../../demo/demo.service.ts';
import { organizationRow } from '../../testing/factories.ts';
import { createTestDb, TestClock } from '../../testing/test-app.ts';
import { AssessmentCache, type CacheOptions } from './assessment-cache.ts';
import { assessmentRoot, assessMonth, assessWeek, cachedAssessWeek, type MonthAssessment, warmAssessments } from './assessment.service.ts';
import { addDays } from '../../../domain/time.ts';
import { computeFigures, computeReportFigures } from '../statistics/figures.service.ts';
import { type PackedFigures, unpackFigures } from '../statistics/figures.transfer.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { listRootPaths } from '../organizations/organizations.repository.ts';
import { newId } from '../../db/ids.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { runOffThread } from './off-thread.ts';
import { watchStatements } from '../../testing/statements.ts';

/**
 * The reuse of whole-tree assessments (assessment-cache.ts) against a real
 * database's audit height, and the worker that computes a large tree's off the
 * main thread (off-thread.ts). SQLite, or PostgreSQL under scripts/with-postgres.sh.
 */
let db: Db & { dropAll(): Promise<void> };

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dropAll());

/** A change to the record, as every audited mutation makes one. */
const change = () =>
  db.kysely
    .updateTable('audit_chain_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .execute();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settle = () => sleep(20);
/** Waits until `ok()` holds (at most 5 s: the timers may run late on a busy machine). */
async function until(ok: () => boolean): Promise<void> {
  const end = Date.now() + 5_000;
  while (!ok()) {
    if (Date.now() > end) throw new Error('not reached in 5 s');
    await sleep(10);
  }
}

/** A computation that counts its calls and answers `{ n, size, at }` (size: organizations, to tell a large tree; at: when). */
function counter(size: number) {
  const calls = { inline: 0, off: 0 };
  return {
    calls,
    compute: async () => ({ n: ++calls.inline + calls.off, size, at: Date.now() }),
    offThread: async () => ({ n: calls.inline + ++calls.off, size, at: Date.now() }),
  };
}
type Counted = { n: number; size: number; at: number };

/** A computation that waits until `release()` before it runs (a refresh that takes its time). */
function held(compute: () => Promise<Counted>) {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  return {
    slowOff: async () => {
      await gate;
      return compute();
    },
    release: () => release(),
  };
}

const options = (o: Partial<CacheOptions> = {}): CacheOptions => ({
  largeFrom: 100,
  maxStaleMs: 60_000,
  refreshFactor: 0,
  minRefreshMs: 0,
  keepWarmMs: 0,
  ...o,
});

describe('a small tree', () => {
  it('keeps each tree’s results apart: many provinces read in turn are each computed once', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(16);
    const now = new Date('2026-11-18T02:00:00Z');
    const provinces = Array.from({ length: 31 }, (_, i) => `2026-11-16|/p${i}/`);
    for (let round = 0; round < 2; round++) for (const target of provinces) await cache.get(db.kysely, target, now, c.compute, c.offThread);
    expect(c.calls.inline).toBe(31);
    // Within one tree, the least recently computed of more than four targets goes.
    for (const week of ['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09']) await cache.get(db.kysely, `${week}|/p0/`, now, c.compute);
    expect(c.calls.inline).toBe(35);
    await cache.get(db.kysely, '2026-11-16|/p1/', now, c.compute);
    await cache.get(db.kysely, '2026-11-09|/p0/', now, c.compute);
    expect(c.calls.inline).toBe(35);
    await cache.get(db.kysely, '2026-11-16|/p0/', now, c.compute);
    expect(c.calls.inline).toBe(36);
  });

  it('is computed once while the record stays as it was, and again after any change', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(16);
    const now = new Date('2026-11-18T02:00:00Z');
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(1);
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(1);
    await change();
    const after = await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
    expect(after.value.n).toBe(2);
    expect(c.calls).toEqual({ inline: 2, off: 0 });
  });

  it('is computed again when the clock reaches the next minute, and per target', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(16);
    await cache.get(db.kysely, 'w', new Date('2026-11-18T02:00:10Z'), c.compute);
    await cache.get(db.kysely, 'w', new Date('2026-11-18T02:00:50Z'), c.compute);
    expect(c.calls.inline).toBe(1);
    await cache.get(db.kysely, 'w', new Date('2026-11-18T02:01:00Z'), c.compute);
    expect(c.calls.inline).toBe(2);
    await cache.get(db.kysely, 'other', new Date('2026-11-18T02:01:00Z'), c.compute);
    expect(c.calls.inline).toBe(3);
  });

  it('shares one computation between concurrent callers, and does not keep a failure', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(16);
    const now = new Date('2026-11-18T02:00:00Z');
    const [a, b] = await Promise.all([cache.get(db.kysely, 'w', now, c.compute), cache.get(db.kysely, 'w', now, c.compute)]);
    expect([a.value.n, b.value.n, c.calls.inline]).toEqual([1, 1, 1]);

    const failing = new AssessmentCache<Counted>((v) => v.size, options());
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error('database went away');
      return { n: 7, size: 16, at: Date.now() };
    };
    await expect(failing.get(db.kysely, 'w', now, flaky)).rejects.toThrow('database went away');
    fail = false;
    expect((await failing.get(db.kysely, 'w', now, flaky)).value.n).toBe(7);
  });
});

describe('a large tree', () => {
  it('is not served across a change to the organizations (a move, a rename): the reader waits for a new one', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(1);
    // A change elsewhere in the record: the last result is served while a refresh runs.
    await change();
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(1);
    await until(() => c.calls.off === 1);
    await settle();
    // An organization written (the organizations' generation moves): not served, computed before answering.
    const id = newId();
    await db.kysely
      .insertInto('organizations')
      .values(
        organizationRow({
          id,
          parentId: null,
          kind: 'district',
          name: `代际${id.slice(-4)}`,
          path: `/${id}/`,
          depth: 0,
          at: now.toISOString(),
        }),
      )
      .execute();
    await change();
    const after = await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
    expect(after.value.n).toBe(3);
    // Later tests read this database's tree.
    await db.kysely.deleteFrom('organizations').where('id', '=', id).execute();
  });

  it('serves the last result after a change and refreshes it off the main thread, once at a time', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    // The first computation cannot know the size: it runs inline.
    const first = await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
    expect(first.value.n).toBe(1);
    await change();
    // A refresh that takes its time (held until `release`).
    const { slowOff, release } = held(c.offThread);
    // Served at once from the last result while one refresh runs.
    const [x, y] = await Promise.all([
      cache.get(db.kysely, 'w', now, c.compute, slowOff),
      cache.get(db.kysely, 'w', now, c.compute, slowOff),
    ]);
    expect([x.value.n, y.value.n]).toEqual([1, 1]);
    expect((await cache.get(db.kysely, 'w', now, c.compute, slowOff)).value.n).toBe(1);
    release();
    await settle();
    expect(c.calls).toEqual({ inline: 1, off: 1 });
    // The refreshed result is served from then on.
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(2);
    expect(c.calls).toEqual({ inline: 1, off: 1 });
  });

  it('computes even its first result off the main thread once the database is counted large, for every target', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options());
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    // Not counted: the first computation of a target cannot know the size and runs inline.
    expect((await cache.get(db.kysely, 'month-a', now, c.compute, c.offThread)).value.n).toBe(1);
    expect(c.calls).toEqual({ inline: 1, off: 0 });
    cache.markAllLarge(db.kysely);
    for (const target of ['month-b', 'month-c']) await cache.get(db.kysely, target, now, c.compute, c.offThread);
    expect(c.calls).toEqual({ inline: 1, off: 2 });
    // Another database is not affected.
    const other = await createTestDb();
    try {
      await cache.get(other.kysely, 'month-b', now, c.compute, c.offThread);
      expect(c.calls).toEqual({ inline: 2, off: 2 });
    } finally {
      await other.dropAll();
    }
  });

  it('waits for the refresh under way once the last result is too old, rather than start a second computation', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options({ maxStaleMs: 100 }));
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
    await change();
    const { slowOff, release } = held(c.offThread);
    expect((await cache.get(db.kysely, 'w', now, c.compute, slowOff)).value.n).toBe(1); // served; refresh started
    await sleep(150); // now older than maxStaleMs, the refresh still running
    const waiting = cache.get(db.kysely, 'w', now, c.compute, slowOff);
    await sleep(20);
    release();
    expect((await waiting).value.n).toBe(2);
    expect(c.calls).toEqual({ inline: 1, off: 1 });
  });

  it('waits for a refresh no sooner than the last computation allows', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options({ minRefreshMs: 60_000 }));
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
    await change();
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(1);
    await settle();
    expect(c.calls).toEqual({ inline: 1, off: 0 });
  });

  it('is computed before answering once its last result is too old to serve, and falls back inline when the worker fails', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options({ maxStaleMs: 0 }));
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
    await change();
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(2);
    expect(c.calls).toEqual({ inline: 1, off: 1 });
    await change();
    const broken = async (): Promise<Counted> => {
      throw new Error('worker gone');
    };
    expect((await cache.get(db.kysely, 'w', now, c.compute, broken)).value.n).toBe(3);
    expect(c.calls).toEqual({ inline: 2, off: 1 });
  });
});

describe('a large tree someone is reading', () => {
  it('is refreshed ahead, changed or not, while read; then left to go', async () => {
    const cache = new AssessmentCache<Counted>((v) => v.size, options({ maxStaleMs: 200, keepWarmMs: 500, minRefreshMs: 60_000 }));
    const c = counter(5_000);
    const now = new Date('2026-11-18T02:00:00Z');
    expect((await cache.get(db.kysely, 'w', now, c.compute, c.offThread)).value.n).toBe(1);
    // Half the staleness bound later a refresh ran off the main thread, with no reader and no change.
    await until(() => c.calls.off >= 1);
    // Reads keep it warm: each result read is younger than the bound.
    for (let i = 0; i < 3; i++) {
      await sleep(100);
      const got = await cache.get(db.kysely, 'w', now, c.compute, c.offThread);
      expect(Date.now() - got.value.at).toBeLessThan(200 + 150);
    }
    await until(() => c.calls.off >= 3);
    // Nobody reads for longer than keepWarmMs: the refreshes stop.
    await sleep(500 + 400);
    const settled = c.calls.off;
    await sleep(600);
    expect(c.calls.off).toBe(settled);
    expect(c.calls.inline).toBe(1);
  });
});

describe('the assessment worker', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tz-offthread-'));
  let fileDb: Db | null = null;
  afterAll(async () => {
    await fileDb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes the same week assessment on its own connection as the main thread does', async () => {
    // A database another thread can open: a file (SQLite), or this test's PostgreSQL database.
    const clock = new TestClock();
    let target = db;
    if (db.kind === 'sqlite') {
      fileDb = openDatabase({ kind: 'sqlite', file: path.join(dir, 'demo.sqlite') });
      await migrateToLatest(fileDb);
      target = { ...fileDb, dropAll: () => Promise.resolve() };
    }
    await seedDemo(target, clock.now(), { ledger: true, dataDir: path.join(dir, 'data') });
    const now = clock.now();
    const week = weekStartOf(now);
    const inline = await assessWeek(target.kysely, week, now);
    const off = await runOffThread<typeof inline>(target.kysely, { kind: 'week', key: week, now: now.toISOString() });
    expect(off.figures.size).toBeGreaterThan(10);
    expect(off).toEqual(inline);
    // 一周一统计's figures of a large tree, counted whole on the worker with the reader's rules (statistics.service.ts).
    const rules = await loadCadenceRules(target.kysely);
    const figures = await computeFigures(target.kysely, { period: weekPeriod(week), reportWeeks: [week], rules, now });
    const figuresOff = unpackFigures(
      await runOffThread<PackedFigures>(target.kysely, { kind: 'figures', week, rules, now: now.toISOString() }),
    );
    expect(figuresOff.size).toBeGreaterThan(10);
    expect(figuresOff).toEqual(figures);

    // The start-up warm-up: a district is left alone; a tree counted large is assessed on the worker at once,
    // and the first reader gets that result.
    expect(await warmAssessments(target.kysely, now)).toBe(false);
    expect(await warmAssessments(target.kysely, now, 1)).toBe(true);
    const first = await cachedAssessWeek(target.kysely, week, now);
    expect(first.value).toEqual(inline);
  });

  it('assesses each root apart once the database holds several (a nation of provinces), the same as the whole for one', async () => {
    const k = (fileDb ?? db).kysely;
    const now = new TestClock().now();
    const week = weekStartOf(now);
    const [root] = await listRootPaths(k);
    const village = await k.selectFrom('organizations').select('path').where('name', '=', '大闵村').executeTakeFirstOrThrow();
    // One root: the whole tree, as before.
    expect(await assessmentRoot(k, village.path)).toBeUndefined();
    const whole = await assessWeek(k, week, now);
    const scoped = await assessWeek(k, week, now, undefined, root);
    expect(scoped.figures).toEqual(whole.figures);
    expect(scoped.rag).toEqual(whole.rag);
    // A second province beside it, with a village and a problem of its own.
    const at = now.toISOString();
    const other = { id: newId(), village: newId() };
    const row = (id: string, parentId: string | null, kind: string, name: string, path: string, depth: number) =>
      organizationRow({ id, parentId, kind, name, path, depth, at });
    await k
      .insertInto('organizations')
      .values([
        row(other.id, null, 'district', '另一省', `/${other.id}/`, 0),
        row(other.village, other.id, 'village', '另一村', `/${other.id}/${other.village}/`, 1),
      ])
      .execute();
    expect(await assessmentRoot(k, village.path)).toBe(root);
    expect(await assessmentRoot(k, `/${other.id}/${other.village}/`)).toBe(`/${other.id}/`);
    const { result: mine, seen } = await watchStatements(() => assessWeek(k, week, now, undefined, root));
    expect(mine.figures.has(other.village)).toBe(false);
    // Its venues and its branches' meetings are read for its tree alone (SQLite's statements), to the same colours.
    expect(mine.rag).toEqual(whole.rag);
    if (db.kind === 'sqlite') {
      expect(seen.some((q) => q.includes('from "venues" as "v"') && q.includes('"v"."org_path" >= ?'))).toBe(true);
      expect(
        seen.some((q) => q.includes('from "venue_project_history"') && q.includes('from "venue_projects" where "org_path" >= ?')),
      ).toBe(true);
      expect(seen.some((q) => q.includes('from "party_meetings"') && q.includes('in (select id from organizations where path >= ?'))).toBe(
        true,
      );
    }
    expect(mine.figures.get(pathIds(root!).at(-1)!)!.figures).toEqual(whole.figures.get(pathIds(root!).at(-1)!)!.figures);
    const theirs = await assessWeek(k, week, now, undefined, `/${other.id}/`);
    expect([...theirs.figures.keys()].sort()).toEqual([other.id, other.village].sort());
    // A root's month and its tracked weeks' reports, computed on the worker, are the same as on the main thread.
    const month = '2026-11';
    const monthInline = await assessMonth(k, month, now, { rootPath: `/${other.id}/` });
    expect([...monthInline.figures.keys()].sort()).toEqual([other.id, other.village].sort());
    const monthOff = await runOffThread<MonthAssessment>(k, {
      kind: 'month',
      key: month,
      now: now.toISOString(),
      rootPath: `/${other.id}/`,
    });
    expect(monthOff).toEqual(monthInline);
    const weeks = [addDays(week, -7), week];
    const reportsOff = await runOffThread<Map<string, unknown>>(k, { kind: 'reports', weeks, now: now.toISOString(), rootPath: root });
    expect(reportsOff).toEqual(
      await computeReportFigures(k, { reportWeeks: weeks, rules: await loadCadenceRules(k), now, rootPath: root }),
    );
    expect(reportsOff.has(other.village)).toBe(false);
  });

  it('refuses a database it cannot reach (SQLite in memory)', async () => {
    const memory = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await expect(runOffThread(memory.kysely, { kind: 'week', key: '2026-11-16', now: new Date().toISOString() })).rejects.toThrow(
      'not reachable',
    );
    await memory.close();
  });
});
