/**
 * Province-scale benchmark of the problem ledger: `npm run bench:ledger`.
 *
 * Builds 20,000 villages, 300,000 problems (≈1.6 M history rows) and 330,000
 * measures into a fresh SQLite file (or a fresh PostgreSQL database when
 * DATABASE_URL is set), then measures the ledger through the real app with
 * `app.inject` and prints p50/p95/p99/max per operation. Figures are printed,
 * never asserted; docs/PERFORMANCE.md records them.
 *
 * Environment:
 *   DATABASE_URL=postgres://…  measure PostgreSQL: creates taizhang_bench_<random> there, drops it at the end
 *   BENCH_KEEP=1               keep that PostgreSQL database
 *   BENCH_REUSE=1              SQLite: reuse .tmp/bench/ledger.sqlite when it still holds what was built
 *   BENCH_SCALE=0.1            a smaller province (subdistricts × scale) for quick trials
 *   BENCH_EXPLAIN=1            print the plans of the list, count and detail queries
 *   BENCH_EXPERIMENTS=1        then try candidate fixes in the bench database only (see experiments(); written
 *                              before the 2026-12-03 index changes, E1/E2 expect indexes that are gone)
 *   BENCH_TRIGGER_COST=1       then `start` transitions with and without the problem_counters triggers, interleaved
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from '../src/server/db/sqlite-driver.ts';
import { type CompiledQuery, Kysely, type LogEvent, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { shanghaiDate } from '../src/domain/time.ts';
import { buildApp, type AppInstance } from '../src/server/app.ts';
import type { Database } from '../src/server/db/database.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { databaseVersion, openDatabase, toNumber, type Db } from '../src/server/db/dialect.ts';
import { checkpointOffThread } from '../src/server/db/wal-checkpointer.ts';
import { listForProblem as evidenceOf } from '../src/server/modules/evidence/evidence.repository.ts';
import {
  countByStatus,
  countEvidence,
  findById,
  list as listPage,
  listHistory,
  type ResolvedFilter,
} from '../src/server/modules/problems/problems.repository.ts';
import { recountProblemCounters } from '../src/server/modules/problems/problem-counters.service.ts';
import { provinceShape } from './ledger-dataset.ts';
import { countRows, type Counts } from './ledger-load.ts';
import { against, emptySamples, type Figures, load, machine, memory, nowMs, run, sample, seconds, summarize, table } from './measure.ts';
import { openSqliteWithStatementCache } from './sqlite-statement-cache.ts';
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
  ROOT,
  WORK_DIR,
} from './bench-app.ts';

/** Reads: at least this many measured iterations each, after 20 warm-up calls. */
const READS = { warmup: 20, iterations: 200 };
const TRANSITION_MS = 5000;
/** The index the planner picks wrongly on SQLite (see docs/PERFORMANCE.md). */
const SUSPECT_INDEX = 'problems_status_due_idx';

/** A deterministic shuffle, so runs visit the same subjects in the same order. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Subjects {
  rootPath: string;
  /** Shuffled; iteration i uses subdistrict i mod 100. */
  subdistricts: Array<{ id: string; path: string }>;
  /** Shuffled sample of 200 villages (a secretary's ledger). */
  villages: Array<{ id: string; path: string }>;
  problemIds: string[];
  /** Open at version 1: `start` candidates. */
  open: Array<{ id: string; version: number }>;
  /** Rectifying with evidence attached: `submit` candidates. */
  rectifying: Array<{ id: string; version: number }>;
}

async function pickSubjects(db: Db): Promise<Subjects> {
  const k = db.kysely;
  const root = await k.selectFrom('organizations').select('path').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const subdistricts = await k
    .selectFrom('organizations')
    .select(['id', 'path'])
    .where('kind', '=', 'subdistrict')
    .orderBy('path')
    .execute();
  const villages = await k.selectFrom('organizations').select(['id', 'path']).where('kind', '=', 'village').orderBy('path').execute();
  // Every 150th problem by id: spread over the whole province without a random sort of 300,000 rows.
  const ids = await k.selectFrom('problems').select('id').orderBy('id').execute();
  const open = await k
    .selectFrom('problems')
    .select(['id', 'version'])
    .where('status', '=', 'open')
    .where('version', '=', 1)
    .orderBy('id')
    .limit(20_000)
    .execute();
  const rectifying = await k
    .selectFrom('problems as p')
    .select(['p.id', 'p.version'])
    .where('p.status', '=', 'rectifying')
    .where((eb) => eb.exists(eb.selectFrom('evidence as e').select('e.id').where('e.problem_id', '=', eb.ref('p.id'))))
    .orderBy('p.id')
    .limit(20_000)
    .execute();
  return {
    rootPath: root.path,
    subdistricts: shuffled(subdistricts, 3),
    villages: shuffled(villages, 5).slice(0, 200),
    problemIds: shuffled(
      ids.filter((_, i) => i % 150 === 0).map((r) => r.id),
      7,
    ),
    open: shuffled(open, 11),
    rectifying: shuffled(rectifying, 13),
  };
}

/** What the transitions change, put back afterwards so that a reused file measures the same next time. */
interface Touched {
  id: string;
  status: string;
  version: number;
  updated_at: string;
  submitted_at: string | null;
}

async function snapshot(db: Db, ids: readonly string[]): Promise<Touched[]> {
  const out: Touched[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db.kysely
        .selectFrom('problems')
        .select(['id', 'status', 'version', 'updated_at', 'submitted_at'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

async function restore(db: Db, touched: readonly Touched[], since: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (const t of touched) {
      await trx
        .updateTable('problems')
        .set({
          status: t.status,
          version: t.version,
          updated_at: t.updated_at,
          submitted_at: t.submitted_at,
          accepted_at: null,
          accepted_by: null,
          acceptance_opinion: null,
        })
        .where('id', '=', t.id)
        .execute();
    }
    for (let i = 0; i < touched.length; i += 500) {
      const ids = touched.slice(i, i + 500).map((t) => t.id);
      await trx.deleteFrom('problem_history').where('problem_id', 'in', ids).where('at', '>=', since).execute();
    }
    await trx.deleteFrom('audit_events').where('at', '>=', since).execute();
    await trx.deleteFrom('sessions').execute();
  });
}

/**
 * Runs a repository function on a logging Kysely over its own connection and
 * prints the plan of each statement it sent (PostgreSQL: EXPLAIN ANALYZE).
 */
async function explain(kind: Db['kind'], target: string, label: string, op: (k: Kysely<Database>) => Promise<unknown>): Promise<void> {
  const captured: CompiledQuery[] = [];
  const capture = (e: LogEvent) => {
    if (e.level === 'query') captured.push(e.query);
  };
  const short = (text: string) => (text.length > 240 ? `${text.slice(0, 240)}…` : text);
  log(`\n-- plan: ${label}`);
  if (kind === 'sqlite') {
    const raw = new SqliteDatabase(target, { readonly: true });
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: capture });
    await op(kysely);
    for (const q of captured) {
      log(short(q.sql));
      for (const r of raw.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as Array<{ detail: string }>) log(`   ${r.detail}`);
    }
    await kysely.destroy();
    return;
  }
  const pool = new pg.Pool({ connectionString: target, max: 1 });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: capture });
  await op(kysely);
  for (const q of captured) {
    log(short(q.sql));
    const res = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${q.sql}`, [...q.parameters]);
    for (const r of res.rows) log(`   ${short(r['QUERY PLAN'])}`);
  }
  await kysely.destroy();
}

/** Everything a measurement needs. */
interface Bench {
  kind: Db['kind'];
  db: Db;
  app: AppInstance;
  headers: Record<string, string>;
  s: Subjects;
  today: string;
  /** Next unused index into `s.open`. */
  openCursor: number;
  /** Next unused index into `s.rectifying`. */
  rectifyingCursor: number;
}

const sub = (b: Bench, i: number) => b.s.subdistricts[i % b.s.subdistricts.length]!;
const overdueFilter = (b: Bench, p: string): ResolvedFilter => ({
  scopeRoots: [p],
  statuses: ['open', 'rectifying'],
  overdue: true,
  today: b.today,
});
const everything = (b: Bench, p: string): ResolvedFilter => ({ scopeRoots: [p], today: b.today });
const listUrl = (b: Bench, i: number) => `/api/problems?organizationId=${sub(b, i).id}&status=open,rectifying&overdue=1&pageSize=50`;

async function get(app: AppInstance, headers: Record<string, string>, url: string) {
  const res = await app.inject({ method: 'GET', url, headers });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
}

/** `minimal`: the client asks for the short answer (`Prefer: return=minimal`) instead of the problem's whole detail. */
async function transition(
  app: AppInstance,
  headers: Record<string, string>,
  id: string,
  action: string,
  version: number,
  answer?: 'minimal',
): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/problems/${id}/transitions`,
    headers: answer ? { ...headers, prefer: 'return=minimal' } : headers,
    payload: { action, version },
  });
  if (res.statusCode !== 200) throw new Error(`${action} ${id}: ${res.statusCode} ${res.body.slice(0, 300)}`);
}

async function measureAll(b: Bench, started: number): Promise<Figures[]> {
  const { app, headers, s, db, kind } = b;
  const k = db.kysely;
  // The aims of issue 14 hold on both databases.
  const aim = kind === 'sqlite' || kind === 'postgres';
  const figures: Figures[] = [];
  const step = (f: Figures) => {
    figures.push(f);
    log(
      `  ${f.name}: p50 ${f.p50.toFixed(2)} ms · p95 ${f.p95.toFixed(2)} ms · ${f.opsPerSecond.toFixed(0)} ops/s · CPU ${f.cpuMs.toFixed(2)} ms/op (${seconds(started)})`,
    );
  };
  const goal = (f: Figures, kindOf: 'p95' | 'ops', limit: number) => (aim ? against(f, kindOf, limit) : f);

  step(
    goal(
      await run(
        'API list — subdistrict, open+rectifying, overdue, page of 50 (list + counts)',
        async (i) => void (await get(app, headers, listUrl(b, i))),
        READS,
      ),
      'p95',
      15,
    ),
  );
  step(
    await run(
      '  repository list() — same filter: count, page of ids, labels',
      async (i) => void (await listPage(k, kind, overdueFilter(b, sub(b, i).path), 'dueOn', 50, 0)),
      READS,
    ),
  );
  step(
    await run(
      '  repository countByStatus() — same filter',
      async (i) => void (await countByStatus(k, kind, overdueFilter(b, sub(b, i).path))),
      READS,
    ),
  );
  step(
    await run(
      'API detail — GET /api/problems/:id with timeline',
      async (i) => void (await get(app, headers, `/api/problems/${s.problemIds[i % s.problemIds.length]!}`)),
      READS,
    ),
  );
  step(
    goal(
      await run(
        'repository countByStatus() — whole district, no filter',
        async () => void (await countByStatus(k, kind, everything(b, s.rootPath))),
        READS,
      ),
      'p95',
      10,
    ),
  );
  step(
    await run(
      'repository countByStatus() — one subdistrict, no filter',
      async (i) => void (await countByStatus(k, kind, everything(b, sub(b, i).path))),
      READS,
    ),
  );
  step(
    goal(
      await run(
        'API list — whole district, no filter, page 1',
        async () => void (await get(app, headers, '/api/problems?pageSize=50')),
        READS,
      ),
      'p95',
      15,
    ),
  );
  step(
    goal(
      await run(
        'API list — whole district, open+rectifying, overdue, page 1',
        async () => void (await get(app, headers, '/api/problems?status=open,rectifying&overdue=1&pageSize=50')),
        READS,
      ),
      'p95',
      15,
    ),
  );
  // The lists each role lands on, as the web asks for them (sort by deadline, page of 20).
  const landing: Array<[string, (i: number) => string]> = [
    ['API list — whole district, default view (web: page of 20)', () => '/api/problems?sort=dueOn&page=1&pageSize=20'],
    ['API list — whole district, submitted (verifier), page of 20', () => '/api/problems?status=submitted&sort=dueOn&page=1&pageSize=20'],
    ['API list — one subdistrict, default view', (i) => `/api/problems?organizationId=${sub(b, i).id}&sort=dueOn&page=1&pageSize=20`],
    [
      'API list — one village, default view (secretary)',
      (i) => `/api/problems?organizationId=${s.villages[i % s.villages.length]!.id}&sort=dueOn&page=1&pageSize=20`,
    ],
  ];
  for (const [name, url] of landing) step(goal(await run(name, async (i) => void (await get(app, headers, url(i))), READS), 'p95', 15));

  // Writes: one client, sequential, each on a problem no earlier call touched.
  const open = s.open;
  const starts = await run(
    'API transition — start (open → rectifying)',
    async (i) => transition(app, headers, open[i]!.id, 'start', open[i]!.version),
    {
      warmup: 20,
      durationMs: TRANSITION_MS,
      minIterations: 200,
      iterations: Math.floor(open.length / 2),
    },
  );
  b.openCursor = 20 + starts.n;
  step(goal(starts, 'ops', 1000));
  const rect = s.rectifying;
  const submits = await run(
    'API transition — submit (rectifying → submitted; evidence check)',
    async (i) => transition(app, headers, rect[i]!.id, 'submit', rect[i]!.version),
    {
      warmup: 20,
      durationMs: TRANSITION_MS,
      minIterations: 200,
      iterations: rect.length - 20,
    },
  );
  b.rectifyingCursor = 20 + submits.n;
  step(goal(submits, 'ops', 1000));
  const accepts = await run(
    'API transition — accept (submitted → accepted)',
    async (i) => transition(app, headers, rect[i]!.id, 'accept', rect[i]!.version + 1),
    {
      warmup: 20,
      durationMs: TRANSITION_MS,
      iterations: b.rectifyingCursor - 20,
    },
  );
  step(goal(accepts, 'ops', 1000));
  // The same three writes, each answered with the short answer (`Prefer: return=minimal`): the history row, audit
  // event, public-ledger entry and notices are the same; the answer is the version, status and buttons instead of
  // the detail's eight reads (the web asks for it where it only needs the new version).
  const startsShort = await run(
    'API transition — start, short answer (Prefer: return=minimal)',
    async (i) => transition(app, headers, open[b.openCursor + i]!.id, 'start', open[b.openCursor + i]!.version, 'minimal'),
    { warmup: 20, durationMs: TRANSITION_MS, minIterations: 200, iterations: open.length - b.openCursor - 20 },
  );
  b.openCursor += 20 + startsShort.n;
  step(goal(startsShort, 'ops', 1000));
  const from = b.rectifyingCursor;
  const submitsShort = await run(
    'API transition — submit, short answer (Prefer: return=minimal)',
    async (i) => transition(app, headers, rect[from + i]!.id, 'submit', rect[from + i]!.version, 'minimal'),
    { warmup: 20, durationMs: TRANSITION_MS, minIterations: 200, iterations: rect.length - from - 20 },
  );
  b.rectifyingCursor = from + 20 + submitsShort.n;
  step(goal(submitsShort, 'ops', 1000));
  const acceptsShort = await run(
    'API transition — accept, short answer (Prefer: return=minimal)',
    async (i) => transition(app, headers, rect[from + i]!.id, 'accept', rect[from + i]!.version + 1, 'minimal'),
    { warmup: 20, durationMs: TRANSITION_MS, iterations: b.rectifyingCursor - from - 20 },
  );
  step(goal(acceptsShort, 'ops', 1000));
  return figures;
}

/** Variants measured in alternating chunks, so that load from elsewhere on the machine hits them alike. */
async function interleaved(
  variants: ReadonlyArray<[string, (i: number) => Promise<void>]>,
  rounds: number,
  perChunk: number,
  firstIndex = 0,
): Promise<Figures[]> {
  const series = variants.map(() => emptySamples());
  const into = (v: number) => series[v]!;
  let next = firstIndex;
  for (const [v, [, op]] of variants.entries()) {
    await sample(op, { warmup: 10, iterations: 0, firstIndex: next }, into(v));
    next += 10;
  }
  for (let r = 0; r < rounds; r++) {
    for (const [v, [, op]] of variants.entries()) {
      await sample(op, { warmup: 0, iterations: perChunk, firstIndex: next }, into(v));
      next += perChunk;
    }
  }
  return variants.map(([name], v) => summarize(name, series[v]!));
}

/** The proposed replacement for problems_status_due_idx, under a bench-only name. */
const PROPOSED_INDEX = 'bench_exp_problems_status_scope_idx';
const PROPOSED_DDL = `create index ${PROPOSED_INDEX} on problems (status, org_path, due_on)`;
const STATUSES = ['open', 'rectifying', 'submitted', 'accepted', 'closed'] as const;

/**
 * Drops `drop` and creates `create` for the duration of `body`, then puts the
 * migration's schema back exactly (the dropped indexes from their own DDL).
 */
async function withIndexes(
  b: Bench,
  drop: readonly string[],
  create: ReadonlyArray<[name: string, ddl: string]>,
  body: () => Promise<void>,
): Promise<void> {
  const k = b.db.kysely;
  const original: string[] = [];
  for (const name of drop) {
    const row =
      b.kind === 'sqlite'
        ? (await sql<{ ddl: string }>`select sql as ddl from sqlite_master where name = ${name}`.execute(k)).rows[0]
        : (await sql<{ ddl: string }>`select indexdef as ddl from pg_indexes where indexname = ${name}`.execute(k)).rows[0];
    if (!row) throw new Error(`index ${name} not found`);
    original.push(row.ddl);
  }
  // A crash before the schema is back must not leave a file that BENCH_REUSE would take.
  if (b.kind === 'sqlite') rmSync(META_FILE, { force: true });
  for (const name of drop) await sql.raw(`drop index ${name}`).execute(k);
  try {
    for (const [, ddl] of create) {
      const t0 = nowMs();
      await sql.raw(ddl).execute(k);
      log(`  ${ddl}: ${seconds(t0)}`);
    }
    if (b.kind === 'postgres') await sql`analyze problems`.execute(k);
    await body();
  } finally {
    for (const [name] of create) await sql.raw(`drop index if exists ${name}`).execute(k);
    for (const ddl of original) await sql.raw(ddl).execute(k);
    if (b.kind === 'postgres') await sql`analyze problems`.execute(k);
  }
}

/**
 * Candidate fixes, tried in the bench database only and undone afterwards
 * (the source schema and code are the lead's to change):
 *   E1 without problems_status_due_idx: with no ANALYZE statistics the SQLite
 *      planner prefers it to the scope index for subtree + overdue filters.
 *   E2 problems_status_due_idx replaced by (status, org_path, due_on), and the
 *      status counts as one range count per status (UNION ALL) instead of a
 *      GROUP BY over the subtree, interleaved with the current query and a
 *      one-pass variant.
 *   E3 the evidence of a problem (detail, and twice in submit) as a UNION ALL
 *      of ids instead of `problem_id = ? OR measure_id IN (subquery)`, which
 *      PostgreSQL answers with a sequential scan of evidence.
 *   E4 SQLite only: ANALYZE statistics instead of an index change (rolled back).
 *   E5 SQLite only: a prepared-statement cache in the driver, for transitions and detail.
 */
async function experiments(b: Bench, started: number): Promise<Figures[]> {
  const { app, headers, s, db, kind } = b;
  const k = db.kysely;
  const out: Figures[] = [];
  const step = (f: Figures) => {
    out.push(f);
    log(
      `  ${f.name}: p50 ${f.p50.toFixed(2)} ms · p95 ${f.p95.toFixed(2)} ms · ${f.opsPerSecond.toFixed(0)} ops/s · CPU ${f.cpuMs.toFixed(2)} ms/op (${seconds(started)})`,
    );
  };
  const districtOverdue = '/api/problems?status=open,rectifying&overdue=1&pageSize=50';
  const few = { warmup: 5, iterations: 50 };
  log('\nexperiments (bench database only, undone afterwards)…');

  await withIndexes(b, [SUSPECT_INDEX], [], async () => {
    const e = 'E1 without problems_status_due_idx:';
    step(
      await run(`${e} API list — subdistrict, open+rectifying, overdue`, async (i) => void (await get(app, headers, listUrl(b, i))), READS),
    );
    step(
      await run(
        `${e} repository list() — same filter`,
        async (i) => void (await listPage(k, kind, overdueFilter(b, sub(b, i).path), 'dueOn', 50, 0)),
        READS,
      ),
    );
    step(
      await run(
        `${e} repository countByStatus() — same filter`,
        async (i) => void (await countByStatus(k, kind, overdueFilter(b, sub(b, i).path))),
        READS,
      ),
    );
    step(await run(`${e} API list — whole district, overdue`, async () => void (await get(app, headers, districtOverdue)), few));
  });

  // The counts as the repository could write them: each status a range count on (status, org_path).
  const perStatus = async (scope: string) => {
    const upper = `${scope.slice(0, -1)}0`;
    const branch = (st: (typeof STATUSES)[number]) =>
      k
        .selectFrom('problems as p')
        .select((eb) => [
          sql.lit(st).as('status'),
          eb.fn.countAll().as('n'),
          eb.fn.count(eb.case().when('p.due_on', '<', b.today).then(1).end()).as('late'),
        ])
        .where('p.status', '=', st)
        .where('p.org_path', '>=', scope)
        .where('p.org_path', '<', upper);
    await STATUSES.slice(1)
      .reduce((q, st) => q.unionAll(branch(st)), branch(STATUSES[0]))
      .execute();
  };
  const onePass = async (scope: string) => {
    const upper = `${scope.slice(0, -1)}0`;
    await k
      .selectFrom('problems as p')
      .where('p.org_path', '>=', scope)
      .where('p.org_path', '<', upper)
      .select((eb) => [
        eb.fn.countAll().as('total'),
        ...STATUSES.map((st) => eb.fn.count(eb.case().when('p.status', '=', st).then(1).end()).as(st)),
        eb.fn
          .count(
            eb
              .case()
              .when(eb.and([eb('p.status', 'in', ['open', 'rectifying']), eb('p.due_on', '<', b.today)]))
              .then(1)
              .end(),
          )
          .as('overdue'),
      ])
      .executeTakeFirst();
  };

  await withIndexes(b, [SUSPECT_INDEX], [[PROPOSED_INDEX, PROPOSED_DDL]], async () => {
    const e = 'E2 (status, org_path, due_on) instead:';
    step(
      await run(`${e} API list — subdistrict, open+rectifying, overdue`, async (i) => void (await get(app, headers, listUrl(b, i))), READS),
    );
    step(
      await run(
        `${e} repository list() — same filter`,
        async (i) => void (await listPage(k, kind, overdueFilter(b, sub(b, i).path), 'dueOn', 50, 0)),
        READS,
      ),
    );
    step(
      await run(
        `${e} repository countByStatus() — same filter`,
        async (i) => void (await countByStatus(k, kind, overdueFilter(b, sub(b, i).path))),
        READS,
      ),
    );
    for (const f of await interleaved(
      [
        [
          `${e} district counts — countByStatus() as is (GROUP BY)`,
          async () => void (await countByStatus(k, kind, everything(b, s.rootPath))),
        ],
        [`${e} district counts — one pass, count(case…) per status`, () => onePass(s.rootPath)],
        [`${e} district counts — per-status range counts (UNION ALL)`, () => perStatus(s.rootPath)],
      ],
      4,
      50,
    )) {
      step(f);
    }
    step(await run(`${e} subdistrict counts — per-status range counts (UNION ALL)`, (i) => perStatus(sub(b, i).path), READS));
    step(await run(`${e} API list — whole district, overdue`, async () => void (await get(app, headers, districtOverdue)), few));
  });

  // E3: the evidence of a problem without the OR, as is and as proposed.
  /** Evidence on the problem and on the measures serving it: two index lookups (an OR here makes PostgreSQL scan the table). */
  const evidenceIdsOf = (x: Kysely<Database>, problemId: string) =>
    x
      .selectFrom('evidence')
      .select('id')
      .where('problem_id', '=', problemId)
      .unionAll(
        x
          .selectFrom('evidence as ev')
          .innerJoin('measure_problems as mp', 'mp.measure_id', 'ev.measure_id')
          .select('ev.id')
          .where('mp.problem_id', '=', problemId),
      );
  const evidenceUnion = (problemId: string) =>
    k
      .selectFrom('evidence as e')
      .leftJoin('users as u', 'u.id', 'e.uploaded_by')
      .selectAll('e')
      .select('u.display_name as uploaded_by_name')
      .where('e.id', 'in', evidenceIdsOf(k, problemId))
      .orderBy('e.uploaded_at')
      .execute();
  const countUnion = (problemId: string) =>
    k
      .selectFrom('evidence as e')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('e.id', 'in', evidenceIdsOf(k, problemId))
      .executeTakeFirst();
  const pid = (i: number) => s.problemIds[i % s.problemIds.length]!;
  // The rewrite must find the same evidence, including what reaches a problem through a shared measure.
  const viaMeasure = await k
    .selectFrom('measure_problems as mp')
    .innerJoin('evidence as e', 'e.measure_id', 'mp.measure_id')
    .select('mp.problem_id')
    .orderBy('mp.problem_id')
    .limit(100)
    .execute();
  for (const problemId of [...s.problemIds.slice(0, 100), ...viaMeasure.map((r) => r.problem_id)]) {
    const [was, now] = [
      (await evidenceOf(k, problemId))
        .map((e) => e.id)
        .sort()
        .join(),
      (await evidenceUnion(problemId))
        .map((e) => e.id)
        .sort()
        .join(),
    ];
    const [wasCount, nowCount] = [await countEvidence(k, problemId), toNumber((await countUnion(problemId))?.n)];
    if (was !== now || wasCount !== nowCount) throw new Error(`E3: the rewrite finds other evidence for ${problemId}: ${was} / ${now}`);
  }
  log(
    `  E3 rewrite checked: same evidence for ${100 + viaMeasure.length} problems (${viaMeasure.length} with evidence on a shared measure)`,
  );
  for (const f of await interleaved(
    [
      ['E3 evidence listForProblem() as is (OR … IN subquery)', async (i) => void (await evidenceOf(k, pid(i)))],
      ['E3 evidence of a problem — proposed id IN (… UNION ALL …)', async (i) => void (await evidenceUnion(pid(i)))],
      ['E3 countEvidence() as is (OR … IN subquery)', async (i) => void (await countEvidence(k, pid(i)))],
      ['E3 count of evidence — proposed id IN (… UNION ALL …)', async (i) => void (await countUnion(pid(i)))],
    ],
    4,
    25,
  )) {
    step(f);
  }

  if (kind !== 'sqlite') return out;

  // E4: ANALYZE on a second connection, inside a transaction that is rolled back.
  {
    const raw = new SqliteDatabase(SQLITE_FILE);
    const kx = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    raw.exec('begin');
    const t0 = nowMs();
    raw.exec('analyze');
    log(`  analyze: ${seconds(t0)}`);
    try {
      step(
        await run(
          'E4 with ANALYZE statistics: repository list() — subdistrict, overdue',
          async (i) => void (await listPage(kx, kind, overdueFilter(b, sub(b, i).path), 'dueOn', 50, 0)),
          READS,
        ),
      );
      step(
        await run(
          'E4 with ANALYZE statistics: repository countByStatus() — same filter',
          async (i) => void (await countByStatus(kx, kind, overdueFilter(b, sub(b, i).path))),
          READS,
        ),
      );
      step(
        await run(
          'E4 with ANALYZE statistics: repository countByStatus() — whole district',
          async () => void (await countByStatus(kx, kind, everything(b, s.rootPath))),
          { warmup: 3, iterations: 30 },
        ),
      );
    } finally {
      raw.exec('rollback');
      await kx.destroy();
    }
  }

  // E5: the same app over a driver that keeps prepared statements, against the stock one, interleaved.
  const cachedDb = openSqliteWithStatementCache(SQLITE_FILE);
  const cachedApp = await buildApp({ db: cachedDb, config: benchConfig({ kind: 'sqlite', file: SQLITE_FILE }), logger: false });
  try {
    await cachedApp.ready();
    const cachedHeaders = await login(cachedApp);
    const open = s.open;
    const chunk = 400;
    const rounds = Math.min(4, Math.floor((open.length - b.openCursor - 20) / (2 * chunk)));
    if (rounds > 0) {
      const [stock, cached] = await interleaved(
        [
          [
            'E5 API transition start — stock driver, interleaved',
            async (i) => transition(app, headers, open[i]!.id, 'start', open[i]!.version),
          ],
          [
            'E5 API transition start — with statement cache, interleaved',
            async (i) => transition(cachedApp, cachedHeaders, open[i]!.id, 'start', open[i]!.version),
          ],
        ],
        rounds,
        chunk,
        b.openCursor,
      );
      b.openCursor += 20 + 2 * rounds * chunk;
      step(against(stock!, 'ops', 1000));
      step(against(cached!, 'ops', 1000));
    }
    const detailUrl = (i: number) => `/api/problems/${s.problemIds[i % s.problemIds.length]!}`;
    for (const f of await interleaved(
      [
        ['E5 API detail — stock driver, interleaved', async (i) => void (await get(app, headers, detailUrl(i)))],
        ['E5 API detail — with statement cache, interleaved', async (i) => void (await get(cachedApp, cachedHeaders, detailUrl(i)))],
      ],
      4,
      100,
    )) {
      step(f);
    }
  } finally {
    await cachedApp.close();
    await cachedDb.close();
  }
  return out;
}

/**
 * What the problem_counters triggers cost a transition: `start` on unused open
 * problems, in alternating chunks with the triggers in place and dropped
 * (PostgreSQL: disabled). The counters are recounted afterwards.
 */
async function triggerCost(b: Bench, started: number): Promise<Figures[]> {
  const k = b.db.kysely;
  const names = ['problem_counters_insert', 'problem_counters_delete', 'problem_counters_update'];
  const ddl =
    b.kind === 'sqlite'
      ? (
          await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name like 'problem_counters_%'`.execute(k)
        ).rows.map((r) => r.sql)
      : [];
  const off = async () => {
    if (b.kind === 'sqlite') for (const n of names) await sql.raw(`drop trigger ${n}`).execute(k);
    else for (const n of names) await sql.raw(`alter table problems disable trigger ${n}`).execute(k);
  };
  const on = async () => {
    if (b.kind === 'sqlite') for (const d of ddl) await sql.raw(d).execute(k);
    else for (const n of names) await sql.raw(`alter table problems enable trigger ${n}`).execute(k);
  };
  const open = b.s.open;
  let next = b.openCursor;
  const chunk = 150;
  const series = { with: emptySamples(), without: emptySamples() };
  const start = async (i: number) => transition(b.app, b.headers, open[i]!.id, 'start', open[i]!.version);
  log('\ntransition cost of the counter triggers (interleaved)…');
  try {
    for (let round = 0; round < 6 && next + 2 * chunk < open.length; round++) {
      await sample(start, { warmup: 5, iterations: chunk, firstIndex: next }, series.with);
      next += chunk + 5;
      await off();
      try {
        await sample(start, { warmup: 5, iterations: chunk, firstIndex: next }, series.without);
        next += chunk + 5;
      } finally {
        await on();
      }
    }
  } finally {
    b.openCursor = next;
    const changes = await recountProblemCounters(b.db);
    log(`  recount after the runs without triggers: ${changes.length} rows corrected (${seconds(started)})`);
  }
  return [
    summarize('API transition — start, with the counter triggers (interleaved)', series.with),
    summarize('API transition — start, without them (interleaved)', series.without),
  ];
}

/** The machine's reserved huge pages (PostgreSQL 15 does not say whether it got them: with `try` it falls back). */
function hugePagesOfMachine(): string {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8');
    const total = /HugePages_Total:\s+(\d+)/.exec(info)?.[1] ?? '?';
    const free = /HugePages_Free:\s+(\d+)/.exec(info)?.[1] ?? '?';
    return `machine's huge pages: ${total} reserved, ${free} free`;
  } catch {
    return "machine's huge pages: unknown";
  }
}

async function main(): Promise<void> {
  const started = nowMs();
  const url = process.env.DATABASE_URL ?? null;
  const kind: Db['kind'] = url ? 'postgres' : 'sqlite';
  const shape = provinceShape(SCALE);
  mkdirSync(path.join(WORK_DIR, 'data'), { recursive: true });

  log(`# Taizhang ledger benchmark — ${kind}`);
  log(machine());
  log(`at start: ${load()}`);
  const calibration = calibrate();
  log(describeCalibration(calibration));
  log(`shape: ${shape.subdistricts} subdistricts × ${shape.villagesPerSubdistrict} villages × ~${shape.problemsPerVillage} problems`);

  // ---- build ----
  const prepared = await prepareDataset(url, shape, { sameIndexes: true });
  const { target, pgDb } = prepared;
  let meta: Meta = prepared.meta;
  const db = openDatabase(target);
  let figures: Figures[] = [];
  let tried: Figures[] = [];
  let counts: Counts;
  try {
    counts = await countRows(db);
    if (kind === 'sqlite') {
      meta = { ...meta, counts, indexes: await indexCount(db) };
      writeFileSync(META_FILE, JSON.stringify(meta, null, 2));
    }
    log(`database: ${(await databaseVersion(db)).split(' on ')[0]}`);
    if (kind === 'sqlite') log(`file: ${fmt(Math.round(statSync(SQLITE_FILE).size / 2 ** 20))} MiB`);
    else {
      const { rows } = await sql<{ n: unknown }>`select pg_database_size(current_database()) as n`.execute(db.kysely);
      log(`database size: ${fmt(Math.round(toNumber(rows[0]?.n) / 2 ** 20))} MiB`);
      // The server's memory settings decide much of a list's time on PostgreSQL (docs/OPERATIONS.md, Server memory).
      const setting = async (name: string) =>
        (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(db.kysely)).rows[0]?.v;
      log(
        `server: shared_buffers ${await setting('shared_buffers')} · huge_pages ${await setting('huge_pages')} · ${hugePagesOfMachine()}`,
      );
    }
    log(
      `rows: ${Object.entries(counts)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(' · ')}`,
    );
    log(`history rows per problem: ${(counts.problem_history / Math.max(1, counts.problems)).toFixed(2)}`);
    log(memory('after build'));

    const app = await buildApp({ db, config: benchConfig(target), logger: false });
    // As the server runs (main.ts): SQLite's WAL checkpointed off the main thread.
    const checkpointer = target.kind === 'sqlite' ? await checkpointOffThread(db, target.file) : null;
    try {
      await app.ready();
      const runSince = new Date().toISOString();
      const headers = await login(app);
      const s = await pickSubjects(db);
      const b: Bench = { kind, db, app, headers, s, today: shanghaiDate(new Date()), openCursor: 0, rectifyingCursor: 0 };
      const touched = await snapshot(
        db,
        [...s.open, ...s.rectifying].map((p) => p.id),
      );
      log(
        `\nsubjects: ${s.subdistricts.length} subdistricts · ${fmt(s.problemIds.length)} problems for detail · ${fmt(s.open.length)} open · ${fmt(s.rectifying.length)} rectifying with evidence`,
      );
      const sampleList = (await get(app, headers, listUrl(b, 0))).json();
      log(`one list answer: ${sampleList.items.length} items of ${sampleList.total}; counts ${JSON.stringify(sampleList.counts)}`);

      if (flag('BENCH_EXPLAIN')) {
        const where = kind === 'sqlite' ? SQLITE_FILE : pgDb!.url;
        await explain(kind, where, 'list(), subdistrict, open+rectifying, overdue', (x) =>
          listPage(x, kind, overdueFilter(b, sub(b, 0).path), 'dueOn', 50, 0),
        );
        await explain(kind, where, 'countByStatus(), subdistrict, overdue', (x) =>
          countByStatus(x, kind, overdueFilter(b, sub(b, 0).path)),
        );
        await explain(kind, where, 'countByStatus(), whole district', (x) => countByStatus(x, kind, everything(b, s.rootPath)));
        await explain(kind, where, 'list(), whole district, no filter', (x) =>
          listPage(x, kind, everything(b, s.rootPath), 'dueOn', 50, 0),
        );
        await explain(kind, where, 'list(), one subdistrict, default view (page of 20)', (x) =>
          listPage(x, kind, everything(b, sub(b, 0).path), 'dueOn', 20, 0),
        );
        await explain(kind, where, 'list(), one village, default view (page of 20)', (x) =>
          listPage(x, kind, everything(b, s.villages[0]!.path), 'dueOn', 20, 0),
        );
        await explain(kind, where, 'detail: findById, listHistory, evidence listForProblem; submit: countEvidence', async (x) => {
          await findById(x, s.problemIds[0]!);
          await listHistory(x, s.problemIds[0]!);
          await evidenceOf(x, s.problemIds[0]!);
          await countEvidence(x, s.problemIds[0]!);
        });
      }

      log('\nmeasuring…');
      figures = await measureAll(b, started);
      log(memory('after runs'));
      {
        // The triggers kept the counters through the run's transitions: a recount finds nothing to correct.
        const t0 = nowMs();
        const changes = await recountProblemCounters(db);
        log(`recount (npx taizhang recount): ${changes.length} counter rows corrected, ${seconds(t0)}`);
      }
      if (flag('BENCH_TRIGGER_COST')) tried.push(...(await triggerCost(b, started)));
      if (flag('BENCH_EXPERIMENTS')) tried = await experiments(b, started);

      if (kind === 'sqlite' || flag('BENCH_KEEP')) {
        const t0 = nowMs();
        await restore(db, touched, runSince);
        log(`restored ${fmt(touched.length)} problems, their history and the run's audit events in ${seconds(t0)}`);
      }
    } finally {
      await app.close();
      await checkpointer?.stop();
    }
    if (kind === 'sqlite') writeFileSync(META_FILE, JSON.stringify({ ...meta, indexes: await indexCount(db) }, null, 2));
  } finally {
    await db.close();
    if (pgDb && !flag('BENCH_KEEP')) await pgDb.drop();
    else if (pgDb) log(`kept database ${pgDb.name}`);
  }

  log(`\n## Results — ${kind}, ${new Date().toISOString().slice(0, 10)}\n`);
  log(`${machine()}\nat end: ${load()}\n${describeCalibration(calibration)}\n`);
  log(
    `dataset: ${prepared.reused ? `reused ${path.relative(ROOT, SQLITE_FILE)} (built ${meta.builtAt}; BENCH_REUSE=1)` : 'built fresh in this run'}\n`,
  );
  log(
    `rows: ${fmt(counts.organizations)} organizations · ${fmt(counts.problems)} problems · ${fmt(counts.problem_history)} history · ${fmt(counts.measures)} measures · ${fmt(counts.measure_problems)} links · ${fmt(counts.evidence)} evidence\n`,
  );
  log(table(figures));
  if (tried.length) log(`\n### Experiments (bench database only)\n\n${table(tried)}`);
  log(`\ntotal time ${seconds(started)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
