/**
 * Province-scale benchmark of the cadence features (一周一统计, rankings, RAG,
 * circulars, reminders): `npm run bench:cadence`.
 *
 * Uses the ledger bench's province (bench/ledger-dataset.ts: 20,000 villages,
 * 300,000 problems, ≈1.6 M history rows, 330,000 measures): builds it, or with
 * BENCH_REUSE=1 reuses .tmp/bench/ledger.sqlite that either bench built. Then
 * measures computeFigures and what is built on it, directly and through the
 * real app with `app.inject`, with wall time and memory per operation.
 * Figures are printed, never asserted; docs/PERFORMANCE.md ("Cadence") records them.
 *
 * Environment:
 *   DATABASE_URL=postgres://…  measure PostgreSQL (a fresh taizhang_bench_<random> database, dropped at the end)
 *   BENCH_KEEP=1               keep that PostgreSQL database
 *   BENCH_REUSE=1              SQLite: reuse the file when it still holds the ledger that was built
 *   BENCH_SCALE=0.1            a smaller province for quick trials
 *   BENCH_ITERATIONS=3         measured iterations per operation (after one warm-up call)
 *   BENCH_EXPLAIN=1            print the plans of the figures queries
 *   BENCH_ONLY=reminders,rag   measure only the operations whose names contain one of these words (quick trials)
 *
 * Memory: run with NODE_OPTIONS=--expose-gc (the npm script does not) to collect
 * garbage before each operation, so that "heap Δ" is what the operation holds.
 * better-sqlite3 answers synchronously, so a timer cannot sample during a
 * query: the peak is the process's high-water RSS (maxRSS), read after each call.
 */
import { noteRecordChange } from '../src/server/modules/audit/record-generation.ts';
import { lockIfActive } from '../src/server/modules/organizations/organizations.repository.ts';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from '../src/server/db/sqlite-driver.ts';
import { type CompiledQuery, Kysely, type LogEvent, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { addMonths, lastCompletedWeek, monthOf, monthPeriod, weekPeriod, weeksBetween, weekStartOf } from '../src/domain/cadence.ts';
import { buildApp, type AppInstance } from '../src/server/app.ts';
import type { Config } from '../src/server/config.ts';
import type { Database } from '../src/server/db/database.ts';
import { databaseVersion, openDatabase, type Db } from '../src/server/db/dialect.ts';
import { remindersJob } from '../src/server/jobs/reminders.job.ts';
import { assessMonth, assessWeek } from '../src/server/modules/rankings/assessment.service.ts';
import { loadCadenceRules } from '../src/server/modules/settings/settings.service.ts';
import { computeFigures } from '../src/server/modules/statistics/figures.service.ts';
import { earliestHistoryAt } from '../src/server/modules/statistics/statistics.repository.ts';
import { freezeDueWeeks, liveFiguresCache } from '../src/server/modules/statistics/statistics.service.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { provinceShape } from './ledger-dataset.ts';
import { countRows, type Counts } from './ledger-load.ts';
import { emptySamples, type Figures, load, machine, memory, nowMs, sample, seconds, summarize } from './measure.ts';
import {
  benchConfig,
  flag,
  fmt,
  indexCount,
  log,
  login,
  META_FILE,
  type Meta,
  prepareDataset,
  SCALE,
  SQLITE_FILE,
  WORK_DIR,
} from './bench-app.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? '3');
/** BENCH_ONLY: words, one of which an operation's name must contain to be measured (case-insensitive). */
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter(Boolean);
const wanted = (name: string) => ONLY.length === 0 || ONLY.some((w) => name.toLowerCase().includes(w));
/** Marks the snapshot_weeks rows this bench inserts to leave exactly one week due. */
const MARKER = 'bench';

const mib = (x: number) => x / 2 ** 20;

// ——— memory ———

interface MemoryFigures {
  /** Heap used after the call (garbage collected before it, when --expose-gc) minus before. */
  heapDeltaMiB: number;
  /** Highest RSS seen during the calls (sampled every 10 ms when the event loop is free) minus the RSS before. */
  sampledPeakDeltaMiB: number;
  /** The process's RSS high-water mark after the calls, and how much the calls raised it. */
  maxRssMiB: number;
  maxRssRiseMiB: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

interface Row {
  figures: Figures;
  mem: MemoryFigures;
  note: string;
}

/**
 * One warm-up call, then `iterations` measured calls of `op`, with the
 * memory it takes. `after` undoes what a call wrote (not timed).
 */
async function measure(
  name: string,
  op: () => Promise<unknown>,
  o: { iterations?: number; warmup?: number; after?: () => Promise<void> } = {},
): Promise<Row> {
  if (!wanted(name)) return { figures: summarize(name, emptySamples()), mem: NO_MEMORY, note: SKIPPED };
  let note = '';
  const wrapped = async () => {
    const result = await op();
    if (!note) note = describe(result);
  };
  gc?.();
  const before = process.memoryUsage();
  const maxBefore = maxRssMiB();
  for (let w = 0; w < (o.warmup ?? 1); w++) {
    await wrapped();
    await o.after?.();
  }
  let peakRss = before.rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const samples = emptySamples();
  let heapDelta = 0;
  try {
    for (let i = 0; i < (o.iterations ?? ITERATIONS); i++) {
      gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      let held: unknown;
      await sample(
        async () => {
          held = await op();
          if (!note) note = describe(held);
        },
        { warmup: 0, iterations: 1 },
        samples,
      );
      heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - heap0);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      held = undefined;
      void held;
      await o.after?.();
    }
  } finally {
    clearInterval(timer);
  }
  const maxAfter = maxRssMiB();
  const row: Row = {
    figures: summarize(name, samples),
    mem: {
      heapDeltaMiB: mib(heapDelta),
      sampledPeakDeltaMiB: mib(peakRss - before.rss),
      maxRssMiB: maxAfter,
      maxRssRiseMiB: maxAfter - maxBefore,
    },
    note,
  };
  log(
    `  ${name}: p50 ${row.figures.p50.toFixed(0)} ms · max ${row.figures.max.toFixed(0)} ms · ${memoryLine(row.mem)}${note ? ` · ${note}` : ''}`,
  );
  return row;
}

/** The app's clock: the system's, moved forward by `shiftMs` (the lines that need time to pass move it). */
const benchClock = {
  shiftMs: 0,
  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  },
};

/**
 * What other readers wait for while `heavy` runs: `light` sent again and again until `heavy` has answered, the
 * slowest of them one sample; `before` (untimed) runs before each of `iterations` rounds.
 */
async function waitsWhile(
  name: string,
  heavy: () => Promise<unknown>,
  light: () => Promise<unknown>,
  o: { iterations: number; before: () => Promise<void> },
): Promise<Row> {
  if (!wanted(name)) return { figures: summarize(name, emptySamples()), mem: NO_MEMORY, note: SKIPPED };
  const samples = emptySamples();
  let served = 0;
  const started = nowMs();
  for (let i = 0; i < o.iterations; i++) {
    await o.before();
    let done = false;
    const running = heavy().finally(() => {
      done = true;
    });
    let slowest = 0;
    do {
      const t0 = nowMs();
      await light();
      slowest = Math.max(slowest, nowMs() - t0);
      served++;
      // The next request comes as a network event would, after the event loop's turn: a worker's answer
      // (heavy's, on the worker thread) is taken in then. Injected back to back they could starve it.
      await new Promise((resolve) => setImmediate(resolve));
    } while (!done);
    await running;
    samples.latenciesMs.push(slowest);
  }
  samples.wallMs = nowMs() - started;
  const row: Row = { figures: summarize(name, samples), mem: NO_MEMORY, note: `${fmt(served)} answered meanwhile in all` };
  log(`  ${name}: p50 ${row.figures.p50.toFixed(0)} ms · max ${row.figures.max.toFixed(0)} ms · ${row.note}`);
  return row;
}

/** What measure() answers for an operation BENCH_ONLY leaves out (not printed). */
const SKIPPED = 'skipped (BENCH_ONLY)';
const NO_MEMORY: MemoryFigures = { heapDeltaMiB: 0, sampledPeakDeltaMiB: 0, maxRssMiB: 0, maxRssRiseMiB: 0 };

/**
 * Runs the reminders job a minute apart from `at` until a run adds nothing and examines no problem (at most 500
 * runs): one sample a run.
 */
async function drain(name: string, runJob: (at: Date) => Promise<string>, at: Date): Promise<Row> {
  if (!wanted(name)) return { figures: summarize(name, emptySamples()), mem: NO_MEMORY, note: SKIPPED };
  gc?.();
  const before = process.memoryUsage();
  const maxBefore = maxRssMiB();
  const samples = emptySamples();
  let runs = 0;
  let notices = 0;
  let first = 0;
  const perRun: number[] = [];
  const examinedPerRun: number[] = [];
  for (let added = -1, examined = -1; (added !== 0 || examined !== 0) && runs < 500; runs++) {
    let out = '';
    await sample(
      async () => {
        out = await runJob(new Date(at.getTime() + runs * 60_000));
      },
      { warmup: 0, iterations: 1 },
      samples,
    );
    added = Number(/^(\d+) new/.exec(out)?.[1] ?? 0);
    examined = Number(/\((\d+) problems examined\)/.exec(out)?.[1] ?? 0);
    examinedPerRun.push(examined);
    if (runs === 0) first = added;
    perRun.push(added);
    notices += added;
  }
  const maxAfter = maxRssMiB();
  const mem: MemoryFigures = {
    heapDeltaMiB: mib(process.memoryUsage().heapUsed - before.heapUsed),
    sampledPeakDeltaMiB: mib(process.memoryUsage().rss - before.rss),
    maxRssMiB: maxAfter,
    maxRssRiseMiB: maxAfter - maxBefore,
  };
  const f = summarize(name, samples);
  const note = `${fmt(runs)} runs (the last adds nothing), ${fmt(notices)} notices, ${fmt(first)} in the first, ${(samples.wallMs / 1000).toFixed(1)} s in all`;
  log(`  ${name}: p50 ${f.p50.toFixed(0)} ms · max ${f.max.toFixed(0)} ms · ${memoryLine(mem)} · ${note}`);
  // Which run was the slow one: each run's time and what it added (a day's dozen; a backlog's first and slowest).
  const each = samples.latenciesMs.map(
    (ms, k) => `${k + 1}: ${ms.toFixed(0)} ms (+${fmt(perRun[k] ?? 0)}, ${fmt(examinedPerRun[k] ?? 0)} examined)`,
  );
  const slowest = samples.latenciesMs.indexOf(Math.max(...samples.latenciesMs));
  log(`    runs ${runs <= 20 ? each.join(', ') : `${each.slice(0, 5).join(', ')} … slowest ${each[slowest]}`}`);
  return { figures: f, mem, note };
}

function describe(result: unknown): string {
  if (result instanceof Map) return `${fmt(result.size)} organizations`;
  if (Array.isArray(result)) return `${fmt(result.length)} items`;
  if (result && typeof result === 'object' && 'figures' in result && result.figures instanceof Map)
    return `${fmt(result.figures.size)} organizations`;
  if (typeof result === 'string') return result.slice(0, 80);
  // An HTTP answer (app.inject): its size.
  if (result && typeof result === 'object' && 'rawPayload' in result && Buffer.isBuffer(result.rawPayload))
    return `${fmt(Math.round(result.rawPayload.length / 1024))} KiB answer`;
  return '';
}

const memoryLine = (m: MemoryFigures) =>
  `heap Δ ${m.heapDeltaMiB.toFixed(0)} MiB · rss peak Δ ${m.sampledPeakDeltaMiB.toFixed(0)} MiB · maxRSS ${m.maxRssMiB.toFixed(0)} MiB (+${m.maxRssRiseMiB.toFixed(0)})`;

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function cadenceTable(rows: readonly Row[]): string {
  const head = [
    'operation',
    'n',
    'p50 ms',
    'p95 ms',
    'max ms',
    'CPU ms/op',
    'heap Δ MiB',
    'RSS peak Δ MiB',
    'maxRSS MiB (+rise)',
    'target',
    'met',
  ];
  const body = rows.map(({ figures: f, mem: m }) => [
    f.name,
    String(f.n),
    ms(f.p50),
    ms(f.p95),
    ms(f.max),
    ms(f.cpuMs),
    m.heapDeltaMiB.toFixed(0),
    m.sampledPeakDeltaMiB.toFixed(0),
    `${m.maxRssMiB.toFixed(0)} (+${m.maxRssRiseMiB.toFixed(0)})`,
    f.target,
    f.met === null ? '' : f.met ? 'yes' : '**no**',
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((h, i) => (i === 0 || i >= 9 ? '---' : '---:'))), ...body.map(line)].join('\n');
}

function goal(r: Row, p95Ms: number): Row {
  return { ...r, figures: { ...r.figures, target: `p95 ≤ ${fmt(p95Ms)} ms`, met: r.figures.p95 <= p95Ms } };
}

async function inject(
  app: AppInstance,
  headers: Record<string, string>,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
}

/** Runs the figures queries on a logging Kysely over its own connection and prints their plans. */
async function explain(kind: Db['kind'], target: string, label: string, op: (k: Kysely<Database>) => Promise<unknown>): Promise<void> {
  const captured: CompiledQuery[] = [];
  const capture = (e: LogEvent) => {
    if (e.level === 'query') captured.push(e.query);
  };
  log(`\n-- plan: ${label}`);
  if (kind === 'sqlite') {
    const raw = new SqliteDatabase(target, { readonly: true });
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: capture });
    await op(kysely);
    for (const q of captured) {
      log(q.sql.replace(/\s+/g, ' ').slice(0, 400));
      for (const r of raw.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as Array<{ detail: string }>) log(`   ${r.detail}`);
    }
    await kysely.destroy();
    return;
  }
  const pool = new pg.Pool({ connectionString: target, max: 1 });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: capture });
  await op(kysely);
  for (const q of captured) {
    if (!/^\s*select/i.test(q.sql) && !/^\s*with/i.test(q.sql)) continue;
    log(q.sql.replace(/\s+/g, ' ').slice(0, 400));
    const res = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off) ${q.sql}`, [...q.parameters]);
    for (const r of res.rows) log(`   ${r['QUERY PLAN']}`);
  }
  await kysely.destroy();
}

interface Ctx {
  kind: Db['kind'];
  target: Config['database'];
  db: Db;
  app: AppInstance;
  headers: Record<string, string>;
  now: Date;
  runSince: string;
  rootId: string;
  subdistrictId: string;
  /** The audit chain's head before the run (the dashboard rows move it). */
  head: { seq: number; hash: string } | null;
}

/** Inserts marker snapshot_weeks rows for every due week but the last completed one, so that freezeDueWeeks freezes exactly one. */
async function leaveOneWeekDue(c: Ctx): Promise<string> {
  const last = lastCompletedWeek(c.now);
  const firstAt = await earliestHistoryAt(c.db.kysely);
  const first = firstAt ? weekStartOf(new Date(firstAt)) : last;
  const k = c.db.kysely;
  const existing = new Set((await k.selectFrom('snapshot_weeks').select('week_start').execute()).map((r) => r.week_start));
  const weeks = weeksBetween(first, last).filter((w) => w !== last && !existing.has(w));
  if (weeks.length)
    await k
      .insertInto('snapshot_weeks')
      .values(weeks.map((w) => ({ week_start: w, computed_at: c.runSince, computed_by: null, trigger: MARKER, version: 1 })))
      .execute();
  await unfreeze(c, last);
  return last;
}

async function unfreeze(c: Ctx, week: string): Promise<void> {
  await c.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('weekly_snapshots').where('week_start', '=', week).execute();
    await trx.deleteFrom('snapshot_weeks').where('week_start', '=', week).execute();
  });
}

/** Puts the database back as it was before the run (a reused file then measures the same next time). */
async function cleanUp(c: Ctx, frozenWeek: string | null): Promise<void> {
  const k = c.db.kysely;
  if (c.head) await k.updateTable('audit_chain_head').set(c.head).where('id', '=', 1).execute();
  if (frozenWeek) await unfreeze(c, frozenWeek);
  await k.deleteFrom('snapshot_weeks').where('trigger', '=', MARKER).execute();
  await k.deleteFrom('notifications').where('created_at', '>=', c.runSince).execute();
  await k.deleteFrom('audit_events').where('at', '>=', c.runSince).execute();
  await k.deleteFrom('job_locks').execute();
  await k.deleteFrom('sessions').execute();
}

async function measureAll(c: Ctx): Promise<Row[]> {
  const { db, app, headers, now } = c;
  const k = db.kysely;
  const rules = await loadCadenceRules(k);
  const rows: Row[] = [];
  const step = (r: Row) => {
    if (r.note !== SKIPPED) rows.push(r);
  };
  const thisWeek = weekStartOf(now);
  const pastWeek = lastCompletedWeek(now);
  const month = monthOf(now);
  const lastMonth = addMonths(month, -1);
  log(`now ${now.toISOString()} · running week ${thisWeek} · past week ${pastWeek} · month ${month} · previous month ${lastMonth}`);

  if (flag('BENCH_EXPLAIN')) {
    const where = c.target.kind === 'sqlite' ? c.target.file : c.target.url;
    await explain(c.kind, where, `computeFigures, past week ${pastWeek}`, (x) =>
      computeFigures(x, { period: weekPeriod(pastWeek), reportWeeks: [pastWeek], rules, now }),
    );
    await explain(c.kind, where, `computeFigures, running week ${thisWeek}`, (x) =>
      computeFigures(x, { period: weekPeriod(thisWeek), reportWeeks: [thisWeek], rules, now }),
    );
  }

  log('\nmeasuring…');
  step(
    goal(
      await measure('computeFigures — running week', () =>
        computeFigures(k, { period: weekPeriod(thisWeek), reportWeeks: [thisWeek], rules, now }),
      ),
      1000,
    ),
  );
  step(
    goal(
      await measure('computeFigures — past week', () =>
        computeFigures(k, { period: weekPeriod(pastWeek), reportWeeks: [pastWeek], rules, now }),
      ),
      1000,
    ),
  );
  step(
    await measure('computeFigures — past month', () => computeFigures(k, { period: monthPeriod(lastMonth), reportWeeks: [], rules, now })),
  );
  step(goal(await measure('assessWeek — running week', () => assessWeek(k, thisWeek, now, rules)), 2000));
  step(goal(await measure('assessMonth — running month (+ previous month)', () => assessMonth(k, month, now, { rules })), 3000));

  const week = await leaveOneWeekDue(c);
  step(
    goal(
      await measure(
        `freezeDueWeeks — one week due (${week})`,
        async () => {
          const frozen = await freezeDueWeeks(db, now);
          if (frozen.length !== 1) throw new Error(`expected one week frozen, got ${frozen.join(', ')}`);
          return frozen;
        },
        { after: () => unfreeze(c, week) },
      ),
      30_000,
    ),
  );

  // The dashboards: the first request computes the whole tree's running week (a province: inline, once per
  // process); after that a change to the record is answered from the last assessment while a worker thread
  // refreshes it (src/server/modules/rankings/assessment-cache.ts). `change` moves the audit chain's height as
  // every audited write does (put back at the end).
  const change = async () => {
    await k
      .updateTable('audit_chain_head')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  };
  const village = await k.selectFrom('organizations').select('id').where('kind', '=', 'village').orderBy('path').executeTakeFirstOrThrow();
  step(
    await measure(
      'GET /api/dashboard/overview — district root, first request (computes the tree)',
      () => inject(app, headers, 'GET', '/api/dashboard/overview'),
      { warmup: 0, iterations: 1 },
    ),
  );
  const afterChange = { warmup: 0, iterations: 20, after: change };
  step(
    goal(
      await measure(
        'GET /api/dashboard/overview — district root, a change before each',
        () => inject(app, headers, 'GET', '/api/dashboard/overview'),
        afterChange,
      ),
      200,
    ),
  );
  // The row lock a village takes when it is given to a liaison group (organizations.repository.ts lockIfActive:
  // the row written back unchanged): until migration 2026-12-04-16 it moved the organizations' generation, and a
  // kept assessment is not served across one.
  step(
    await measure(
      'GET /api/dashboard/overview — district root, a village row-locked before each',
      () => inject(app, headers, 'GET', '/api/dashboard/overview'),
      {
        warmup: 1,
        iterations: 5,
        after: async () => {
          await lockIfActive(k, village.id);
        },
      },
    ),
  );
  step(
    goal(
      await measure(
        'GET /api/dashboard/overview — one subdistrict, a change before each',
        () => inject(app, headers, 'GET', `/api/dashboard/overview?organizationId=${c.subdistrictId}`),
        afterChange,
      ),
      200,
    ),
  );
  step(
    goal(
      await measure(
        'GET /api/dashboard/village — one village, a change before each',
        () => inject(app, headers, 'GET', `/api/dashboard/village?organizationId=${village.id}`),
        afterChange,
      ),
      200,
    ),
  );
  // A village secretary's 三会一课 page: the village's branches' meeting rhythm (its subtree's Party life counted,
  // not the province's).
  step(
    goal(
      await measure('GET /api/party-meetings/rhythm — one village (三会一课)', () =>
        inject(app, headers, 'GET', `/api/party-meetings/rhythm?organizationId=${village.id}`),
      ),
      100,
    ),
  );
  // 一周一统计 and its trend: the running week's figures are computed for the subtree asked for (the whole tree for
  // the root), reused while the record is unchanged, and brought up to date after a write by counting again the
  // subtrees its audit events name (src/server/modules/statistics/figures.cache.ts), never served out of date.
  const statistics = [
    ['GET /api/statistics/weeks — district root', '/api/statistics/weeks'],
    ['GET /api/statistics/trend — district root, 12 weeks', '/api/statistics/trend'],
    ['GET /api/statistics/weeks — one subdistrict', `/api/statistics/weeks?organizationId=${c.subdistrictId}`],
    ['GET /api/statistics/trend — one subdistrict, 12 weeks', `/api/statistics/trend?organizationId=${c.subdistrictId}`],
  ] as const;
  // A village's problem started before each reading: an audited write of one village, after which the kept
  // figures are brought up to date by counting that village again (figures.cache.ts). `change` above moves the
  // height without an event, which the cache cannot place: it counts everything again (the worst case).
  const openProblems = await k
    .selectFrom('problems')
    .select(['id', 'version'])
    .where('status', '=', 'open')
    .orderBy('id')
    .limit(200)
    .execute();
  const transitionOne = async () => {
    const p = openProblems.shift();
    if (!p) throw new Error('no open problem left to start');
    await inject(app, headers, 'POST', `/api/problems/${p.id}/transitions`, { action: 'start', version: p.version });
  };
  for (const [name, url] of statistics) {
    step(goal(await measure(`${name}, unchanged`, () => inject(app, headers, 'GET', url)), 100));
    step(
      goal(
        await measure(`${name}, a village's transition before each`, () => inject(app, headers, 'GET', url), {
          warmup: 1,
          iterations: 9,
          after: transitionOne,
        }),
        100,
      ),
    );
    const computed = await measure(
      `${name}, the height moved without an event before each (counts everything)`,
      () => inject(app, headers, 'GET', url),
      {
        warmup: 1,
        iterations: 5,
        after: change,
      },
    );
    step(url.includes('organizationId') ? goal(computed, 200) : computed);
  }
  // What a village secretary waits for while a province's 一周一统计 is counted whole (the height moved without an
  // event): the village's list, sent again and again until the count has answered; the slowest of them. A reader's
  // count runs on the main thread, blocking every request for each of its statements.
  const villageList = () => inject(app, headers, 'GET', `/api/problems?organizationId=${village.id}&pageSize=20`);
  step(
    await waitsWhile(
      'GET /api/problems — one village (20), the slowest while the district root’s 一周一统计 counts everything',
      () => inject(app, headers, 'GET', '/api/statistics/weeks'),
      villageList,
      { iterations: 5, before: change },
    ),
  );
  // 一周一统计 after a quiet spell: the cache drops a result nobody read for 10 minutes, and rests each on a count at
  // most 15 minutes old, so the first reader after one waited for a whole count. The server's warmer
  // (figures.warm.ts, every half minute) now brings it up to date meanwhile. The app's clock moves 16 minutes before
  // each reading, and the warmer (where the code has one) takes a step then, untimed: on a server its timer does.
  const warm = await import('../src/server/modules/statistics/figures.warm.ts').catch(() => null);
  // Its timers off: the bench steps and looks where a server's timers would.
  const warmer = warm ? warm.keepLiveFiguresWarm(k, benchClock, { everyMs: 3_600_000, lookEveryMs: 3_600_000, lookGapMs: 0 }) : null;
  log(`  (一周一统计's warmer: ${warmer ? 'in this code, stepped after each clock move' : 'not in this code'})`);
  const warmSteps = emptySamples();
  const quiet = async () => {
    benchClock.shiftMs += 16 * 60_000;
    const t0 = nowMs();
    await warmer?.step();
    warmSteps.latenciesMs.push(nowMs() - t0);
  };
  try {
    // The warmer's own count (the same move of the height) runs on the worker thread.
    if (warmer)
      step(
        await waitsWhile(
          'GET /api/problems — one village (20), the slowest while 一周一统计’s warmer counts everything',
          () => warmer.step(),
          villageList,
          {
            iterations: 5,
            before: change,
          },
        ),
      );
    // After a change only a whole count answers (here a village renamed: the organizations' generation moves), the
    // first reader counted everything itself until the warmer's next step, up to half a minute later. The warmer now
    // looks every 3 s and then counts at once (figures.warm.ts `look`); here it looks after each rename, untimed, as
    // its timer would within those seconds. Code without the look: the reader counts.
    const look = (warmer as { look?: () => Promise<boolean> } | null)?.look;
    const renamedVillage = await k
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', 'village')
      .orderBy('path')
      .executeTakeFirstOrThrow();
    let renames = 0;
    // A look compares with where the warmer's last step began (on a server, its first step comes at the start).
    await warmer?.step();
    step(
      await measure(
        'GET /api/statistics/weeks — district root, a village renamed before each (the warmer looking)',
        () => inject(app, headers, 'GET', '/api/statistics/weeks'),
        {
          warmup: 1,
          iterations: 5,
          // Six renames in all: the village ends with its own name.
          after: async () => {
            renames += 1;
            await k
              .updateTable('organizations')
              .set({ name: renames % 2 ? `${renamedVillage.name}（改）` : renamedVillage.name })
              .where('id', '=', renamedVillage.id)
              .execute();
            await look?.();
          },
        },
      ),
    );
    step(
      await measure(
        'GET /api/statistics/weeks — district root, after 16 quiet minutes',
        () => inject(app, headers, 'GET', '/api/statistics/weeks'),
        {
          warmup: 1,
          iterations: 5,
          after: quiet,
        },
      ),
    );
    if (warmer && wanted('quiet minutes'))
      log(
        `  the warmer's steps (wall time; a whole count runs on the worker thread): ${warmSteps.latenciesMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      );
  } finally {
    await warmer?.stop();
    benchClock.shiftMs = 0;
    // What was counted as at the moved clock is not left for the lines after this one.
    liveFiguresCache.forget(k);
  }
  step(goal(await measure('GET /api/rankings/monthly — running month', () => inject(app, headers, 'GET', '/api/rankings/monthly')), 3000));
  step(goal(await measure('GET /api/rag — running week, page 1', () => inject(app, headers, 'GET', '/api/rag')), 200));
  step(goal(await measure('GET /api/rag — running week, page 50', () => inject(app, headers, 'GET', '/api/rag?page=50')), 200));
  step(goal(await measure('GET /api/rag — month, page 1', () => inject(app, headers, 'GET', `/api/rag?period=month&key=${month}`)), 3000));
  // The candidates of a month nobody asked for yet: its assessment and the month before it computed in the call
  // (cold), then its next page (from the month cache, while the record has not changed).
  const coldMonth = addMonths(lastMonth, -1);
  step(
    goal(
      await measure(
        `GET /api/interviews/candidates — ${coldMonth}, first call (the month assessed in it)`,
        () => inject(app, headers, 'GET', `/api/interviews/candidates?month=${coldMonth}`),
        { warmup: 0, iterations: 1 },
      ),
      3000,
    ),
  );
  step(
    await measure(`GET /api/interviews/candidates — ${coldMonth}, page 2 after it`, () =>
      inject(app, headers, 'GET', `/api/interviews/candidates?month=${coldMonth}&page=2`),
    ),
  );
  step(
    goal(
      await measure('GET /api/interviews/candidates — default month (the last complete one), page 1', () =>
        inject(app, headers, 'GET', '/api/interviews/candidates'),
      ),
      3000,
    ),
  );
  let created: { id: string; version: number } | null = null;
  step(
    goal(
      await measure(
        `POST /api/circulars — ${lastMonth} (then DELETE)`,
        async () => {
          const res = await inject(app, headers, 'POST', '/api/circulars', { month: lastMonth });
          created = res.json<{ id: string; version: number }>();
          return res;
        },
        {
          after: async () => {
            if (created) await inject(app, headers, 'DELETE', `/api/circulars/${created.id}?version=${created.version}`);
            created = null;
          },
        },
      ),
      5000,
    ),
  );
  // The draft an officer then opens, edits and downloads: one draft for these steps, deleted after them. A table
  // of more than 500 rows is cut in the detail, the Word file and the print view; the Excel annex has every row.
  const draftSteps = [
    `GET /api/circulars/:id — ${lastMonth}'s draft`,
    'PATCH /api/circulars/:id — a section edited',
    'GET /api/circulars/:id/docx',
    'GET /api/circulars/:id/annex.xlsx — every row',
  ] as const;
  if (draftSteps.some(wanted)) {
    let draft = (await inject(app, headers, 'POST', '/api/circulars', { month: lastMonth })).json<{ id: string; version: number }>();
    const url = `/api/circulars/${draft.id}`;
    step(await measure(draftSteps[0], () => inject(app, headers, 'GET', url)));
    let edits = 0;
    step(
      await measure(draftSteps[1], async () => {
        const res = await inject(app, headers, 'PATCH', url, {
          version: draft.version,
          sections: [{ key: 'focus', text: `下月重点：逾期问题限期整改到位。（${++edits}）` }],
        });
        draft = res.json<{ id: string; version: number }>();
        return res;
      }),
    );
    step(await measure(draftSteps[2], () => inject(app, headers, 'GET', `${url}/docx`)));
    step(await measure(draftSteps[3], () => inject(app, headers, 'GET', `${url}/annex.xlsx`)));
    await inject(app, headers, 'DELETE', `${url}?version=${draft.version}`);
  }
  // 整改措施 through the API (no page of the web lists them): a province's officer's page 1, and a 街道's.
  step(await measure('GET /api/measures — page 1 at the root', () => inject(app, headers, 'GET', '/api/measures')));
  step(
    await measure('GET /api/measures?organizationId — page 1 of a 街道', () =>
      inject(app, headers, 'GET', `/api/measures?organizationId=${c.subdistrictId}`),
    ),
  );
  // The dashboard's study card of a province's officer (before the cut: every village and every hall's duty).
  step(await measure('GET /api/study/overview — the dashboard’s study card', () => inject(app, headers, 'GET', '/api/study/overview')));
  // The organization pickers and the 组织架构 page: before, every page with a picker read the whole tree; now a
  // picker asks byLevel (the district and its 街道), a 街道 when it is opened, and the server when a name is typed.
  step(
    await measure('GET /api/organizations/tree — the whole tree (four village forms still read it)', () =>
      inject(app, headers, 'GET', '/api/organizations/tree'),
    ),
  );
  step(
    await measure('GET /api/organizations/tree?byLevel — a picker’s first answer', () =>
      inject(app, headers, 'GET', '/api/organizations/tree?byLevel=true'),
    ),
  );
  step(
    await measure('GET /api/organizations/tree?byLevel&parentId — a 街道 opened in a picker', () =>
      inject(app, headers, 'GET', `/api/organizations/tree?byLevel=true&parentId=${c.subdistrictId}`),
    ),
  );
  step(
    await measure('GET /api/organizations?q= — a picker’s search (第12街道第3, 50 at most)', () =>
      inject(app, headers, 'GET', `/api/organizations?q=${encodeURIComponent('第12街道第3')}&limit=50`),
    ),
  );
  // The coverage tabs (before: every organization's row; now whole levels up to 500 rows, a 街道's own on demand).
  step(await measure('GET /api/study/coverage — the 学习覆盖 tab', () => inject(app, headers, 'GET', '/api/study/coverage')));
  step(
    await measure('GET /api/study/coverage?organizationId — a 街道’s own 学习覆盖', () =>
      inject(app, headers, 'GET', `/api/study/coverage?organizationId=${c.subdistrictId}`),
    ),
  );
  step(await measure('GET /api/duty/coverage — the 坐班值班 tab', () => inject(app, headers, 'GET', '/api/duty/coverage')));
  // The weekly reports page of a province's officer: the running week's units, a page at a time, on a Friday
  // afternoon (every village has a report: half filed, half drafts). The units and the week's reports are kept
  // between calls while their tables are unchanged (weekly-report-units.cache.ts): a change in the ledger leaves
  // them, a report written reads the week's reports again, a renamed village builds the units again.
  const reportsUrl = '/api/weekly-reports';
  const reportsWeek = weekStartOf(c.now);
  // A village secretary's 开始填报: the report's ledger figures pre-filled in the transaction that creates it (the
  // village's subtree counted; before, the whole province's tree for one village's figures).
  const starters = await k
    .selectFrom('organizations')
    .select('id')
    .where('kind', '=', 'village')
    .orderBy('path')
    .limit(10)
    .offset(1000)
    .execute();
  try {
    step(
      goal(
        await measure(
          'POST /api/weekly-reports — a village starts its report (figures pre-filled)',
          () => {
            const v = starters.shift();
            if (!v) throw new Error('no village left to start a report');
            return inject(app, headers, 'POST', reportsUrl, { week: reportsWeek, unitType: 'organization', unitId: v.id });
          },
          { warmup: 1, iterations: 9 },
        ),
        100,
      ),
    );
  } finally {
    await k.deleteFrom('weekly_reports').where('week_start', '=', reportsWeek).execute();
  }
  const stamp = new Date().toISOString();
  await sql`insert into weekly_reports (id, week_start, unit_type, unit_id, organization_id, org_path, status, figures, progress,
      difficulties, next_plan, due_at, submitted_at, is_late, version, created_at, updated_at)
    select 'bench-wr-' || id, ${reportsWeek}, 'organization', id, id, path,
      case when substr(id, 36, 1) in ('0', '2', '4', '6', '8', 'a', 'c', 'e') then 'submitted' else 'draft' end,
      '{}', '', '', '', ${stamp},
      case when substr(id, 36, 1) in ('0', '2', '4', '6', '8', 'a', 'c', 'e') then ${stamp} else null end,
      0, 1, ${stamp}, ${stamp}
    from organizations where kind = 'village'`.execute(k);
  const first = (kind: string) =>
    k.selectFrom('organizations').select(['id', 'name']).where('kind', '=', kind).orderBy('path').executeTakeFirstOrThrow();
  const unit = await first('village');
  const street = await first('subdistrict');
  let turn = 0;
  try {
    step(await measure('GET /api/weekly-reports — the running week (page 1)', () => inject(app, headers, 'GET', reportsUrl)));
    const calls = (after: () => Promise<void>) => ({ warmup: 1, iterations: 5, after });
    // The organization renamed before each call, and back the next time.
    const renamed = (org: { id: string; name: string }) =>
      calls(async () => {
        turn += 1;
        await k
          .updateTable('organizations')
          .set({ name: turn % 2 ? `${org.name}（改）` : org.name })
          .where('id', '=', org.id)
          .execute();
      });
    step(
      await measure(
        'GET /api/weekly-reports — the running week (page 1), a ledger change before each',
        () => inject(app, headers, 'GET', reportsUrl),
        calls(change),
      ),
    );
    step(
      await measure(
        'GET /api/weekly-reports — the running week (page 1), a report written before each',
        () => inject(app, headers, 'GET', reportsUrl),
        calls(async () => {
          await k
            .updateTable('weekly_reports')
            .set({ updated_at: new Date().toISOString() })
            .where('id', '=', `bench-wr-${unit.id}`)
            .execute();
        }),
      ),
    );
    step(
      await measure(
        'GET /api/weekly-reports — the running week (page 1), a village renamed before each',
        () => inject(app, headers, 'GET', reportsUrl),
        renamed(unit),
      ),
    );
    // A 街道 renamed: every village under it sorts again under the new name.
    step(
      await measure(
        'GET /api/weekly-reports — the running week (page 1), a 街道 renamed before each',
        () => inject(app, headers, 'GET', reportsUrl),
        renamed(street),
      ),
    );
    // The same row lock (lockIfActive) before each reading of the list.
    step(
      await measure(
        'GET /api/weekly-reports — the running week (page 1), a village row-locked before each',
        () => inject(app, headers, 'GET', reportsUrl),
        calls(async () => {
          await lockIfActive(k, unit.id);
        }),
      ),
    );
  } finally {
    for (const org of [unit, street]) await k.updateTable('organizations').set({ name: org.name }).where('id', '=', org.id).execute();
    await k.deleteFrom('weekly_reports').where('id', 'like', 'bench-wr-%').execute();
  }
  // The public portal's home (a villager's first page) and a 街道's page: rendered once per state of the record
  // and then served from the page cache, so the first call renders and the others are cache hits.
  step(await measure('GET /public/ — the portal home (first renders)', () => inject(app, {}, 'GET', '/public/'), { warmup: 0 }));
  // Sixteen visitors opening the home at once just after a change of the record (what every audited commit tells the
  // page cache: noteRecordChange): before single-flight rendering, each of them rendered the page.
  noteRecordChange();
  step(
    await measure(
      'GET /public/ — 16 visitors at once after a change',
      async () => {
        const answers = await Promise.all(Array.from({ length: 16 }, () => inject(app, {}, 'GET', '/public/')));
        return answers[0];
      },
      { warmup: 0, after: async () => noteRecordChange() },
    ),
  );
  // One visitor just after a change: a large page is served as last rendered while one fresh rendering runs
  // (before: that visitor waited for a whole rendering).
  step(
    await measure('GET /public/ — one visitor just after a change', () => inject(app, {}, 'GET', '/public/'), {
      warmup: 0,
      after: async () => noteRecordChange(),
    }),
  );
  const firstSubdistrict = await db.kysely
    .selectFrom('organizations')
    .select('id')
    .where('kind', '=', 'subdistrict')
    .orderBy('path')
    .executeTakeFirst();
  if (firstSubdistrict)
    step(
      await measure(
        'GET /public/subdistricts/:id — a 街道 of the portal (first renders)',
        async () => {
          const res = await app.inject({ method: 'GET', url: `/public/subdistricts/${firstSubdistrict.id}` });
          // Before the page existed: 404 (the figure is then the home's alone).
          if (res.statusCode >= 500) throw new Error(`GET /public/subdistricts → ${res.statusCode}`);
          return res;
        },
        { warmup: 0 },
      ),
    );
  const jobLog = { info: () => {}, warn: () => {}, error: () => {} };
  const runJob = (at: Date) => remindersJob.run({ db, config: benchConfig(c.target), now: at, log: jobLog });
  // A run adds at most MAX_NOTICES_PER_RUN notices (whole steps); the job runs every minute, so a day with more is
  // told over the next runs. `drain` runs it a minute apart until a run adds nothing: one sample per run.
  // The first runs after the ledger was loaded tell every step reached so far (a one-off backlog); then a run finds
  // what is new: nothing later the same day, the steps reached overnight the next day (a Friday's also every
  // village's weekly report).
  step(await drain('reminders job — backlog of the whole ledger, run after run until told', runJob, now));
  step(goal(await measure('reminders job — again the same day', () => runJob(now), { warmup: 0 }), 1000));
  const tomorrow = new Date(now.getTime() + 86_400_000);
  step(goal(await drain('reminders job — the next day, run after run (steps reached overnight)', runJob, tomorrow), 1000));
  step(goal(await measure('reminders job — again the next day', () => runJob(tomorrow), { warmup: 0 }), 1000));
  return rows;
}

async function main(): Promise<void> {
  const started = nowMs();
  const url = process.env.DATABASE_URL ?? null;
  const kind: Db['kind'] = url ? 'postgres' : 'sqlite';
  const shape = provinceShape(SCALE);
  mkdirSync(path.join(WORK_DIR, 'data'), { recursive: true });

  log(`# Taizhang cadence benchmark — ${kind}`);
  log(machine());
  log(`at start: ${load()}`);
  const calibration = calibrate();
  log(describeCalibration(calibration));
  log(`shape: ${shape.subdistricts} subdistricts × ${shape.villagesPerSubdistrict} villages × ~${shape.problemsPerVillage} problems`);
  log(`gc exposed: ${gc ? 'yes' : 'no (run with NODE_OPTIONS=--expose-gc for heap figures net of garbage)'}`);

  const prepared = await prepareDataset(url, shape, { sameIndexes: false });
  const { target, pgDb } = prepared;
  const meta: Meta = prepared.meta;
  const db = openDatabase(target);
  let rows: Row[] = [];
  let counts: Counts;
  try {
    counts = await countRows(db);
    if (kind === 'sqlite') writeFileSync(META_FILE, JSON.stringify({ ...meta, counts, indexes: await indexCount(db) }, null, 2));
    log(`database: ${(await databaseVersion(db)).split(' on ')[0]}`);
    if (kind === 'sqlite') log(`file: ${fmt(Math.round(mib(statSync(SQLITE_FILE).size)))} MiB`);
    log(
      `rows: ${Object.entries(counts)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(' · ')}`,
    );
    log(memory('before the app'));

    const app = await buildApp({ db, config: benchConfig(target), logger: false, clock: benchClock });
    const k = db.kysely;
    const root = await k.selectFrom('organizations').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const sub = await k
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'subdistrict')
      .orderBy('path')
      .executeTakeFirstOrThrow();
    const now = new Date();
    const head = (await k.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()) ?? null;
    const c: Ctx = {
      kind,
      target,
      db,
      app,
      headers: {},
      now,
      runSince: now.toISOString(),
      rootId: root.id,
      subdistrictId: sub.id,
      head: head ? { seq: Number(head.seq), hash: head.hash } : null,
    };
    let frozenWeek: string | null = null;
    try {
      await app.ready();
      c.headers = await login(app);
      frozenWeek = lastCompletedWeek(now);
      rows = await measureAll(c);
      log(memory('after runs'));
    } finally {
      const t0 = nowMs();
      await cleanUp(c, frozenWeek);
      log(`cleaned up the run's snapshots, notifications, audit events and sessions in ${seconds(t0)}`);
      await app.close();
    }
  } finally {
    await db.close();
    if (pgDb && !flag('BENCH_KEEP')) await pgDb.drop();
    else if (pgDb) log(`kept database ${pgDb.name}`);
  }

  log(`\n## Results — cadence, ${kind}, ${new Date().toISOString().slice(0, 10)}\n`);
  log(`${machine()}\nat end: ${load()}\n${describeCalibration(calibration)}\n`);
  log(`dataset: ${prepared.reused ? "reused an earlier run's SQLite file (BENCH_REUSE=1)" : 'built fresh in this run'}\n`);
  log(
    `rows: ${fmt(counts.organizations)} organizations · ${fmt(counts.problems)} problems · ${fmt(counts.problem_history)} history · ${fmt(counts.measures)} measures\n`,
  );
  log(cadenceTable(rows));
  log(`\ntotal time ${seconds(started)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
