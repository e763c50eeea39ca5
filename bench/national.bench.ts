/**
 * National scale on PostgreSQL: `npm run bench:national` (issue 14).
 *
 * Builds 31 provinces → ~40,000 subdistricts → ~490,000 villages with ~7.5 M
 * problems, ~41 M history rows, ~7.5 M measures and their links, and ~5 M
 * evidence rows in a fresh database, generated inside PostgreSQL
 * (bench/national-load.ts: INSERT … SELECT over generate_series, never row by
 * row from Node), after the app's own migrations. Then it measures, and prints
 * (never asserts): the weekly snapshot rolled up the whole tree
 * (freezeDueWeeks for exactly one due week, aim ≤ 60 s) with the time of each
 * of its queries; one province's slice of its heaviest query, alone and two at
 * once; a province officer's default ledger list and its counts through the
 * real app (app.inject, aim p95 ≤ 15 ms, counts ≤ 10 ms), for the first and the last
 * province (the best and the worst case of the deadline index walk, see SCALING.md), and the
 * province's dashboard overview; transitions per second from one client (start → submit →
 * accept on fresh open problems). docs/SCALING.md records the figures.
 *
 * Run it with a throwaway cluster (scripts/with-postgres.sh exports TEST_DATABASE_URL; its
 * cluster runs with fsync=off, synchronous_commit=off, full_page_writes=off and the default
 * shared_buffers of 128 MB: fine for a bench, not a deployment — the output prints the settings):
 *
 *   scripts/with-postgres.sh npm run bench:national                   # national: 37 GiB of disk; measured on a
 *                                                                     # tuned cluster: 26 min load + ~10 min measuring
 *   BENCH_SCALE=0.01 scripts/with-postgres.sh npm run bench:national  # 4,900 villages, a minute
 *
 * or against any server with an admin URL: DATABASE_URL=postgres://postgres@host:port/postgres.
 *
 * Environment:
 *   DATABASE_URL / TEST_DATABASE_URL  an admin URL: the bench creates taizhang_national_<random> next to it
 *   BENCH_SCALE=0.1          a fraction of the nation (subdistricts and villages × scale; always 31 provinces)
 *   BENCH_KEEP=1             keep the database (its name is printed)
 *   BENCH_DB=<name>          measure a database an earlier run kept (no load)
 *   BENCH_JOBS=2             connections that load at once (default: the CPU count)
 *   BENCH_VERIFY=0           skip the foreign-key check after the load
 *   BENCH_RECOUNT=1          also run the app's recount (`npx taizhang recount`) after the load and time it
 *                            (default on below scale 0.2: it holds every counter row in Node's memory)
 *   BENCH_SNAPSHOT_TIMEOUT_S=900  cancel the snapshot after this long and report how far it got
 *   BENCH_EXPLAIN=1          print EXPLAIN (ANALYZE, BUFFERS) of the snapshot's and the list's queries
 *   BENCH_SNAPSHOT=0         skip the snapshot measurements (a kept database: the list, dashboard and transitions only)
 *   BENCH_DASHBOARD_CALLS=1  calls of the province's dashboard overview, no warm-up (0: skip); the first assesses
 *                            the province's tree (its root alone since the per-root scoping), the next may come from
 *                            the module's cache
 *   BENCH_MONTH_CALLS=1      calls of the province's monthly ranking and interview candidates, no warm-up (0: skip)
 *   BENCH_SNAPSHOT_CHECK=0   skip comparing the snapshot's status counts with the old reconstruction (a history
 *                            lookup for every problem: 80 s at national scale)
 */
import { cpus, freemem } from 'node:os';
import { Kysely, type LogEvent, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lastCompletedWeek, weekPeriod, weeksBetween, weekStartOf } from '../src/domain/cadence.ts';
import { subtreeUpperBound } from '../src/domain/organizations.ts';
import { isActionable, PROBLEM_STATUSES } from '../src/domain/problem-workflow.ts';
import { buildApp, type AppInstance } from '../src/server/app.ts';
import type { Database } from '../src/server/db/database.ts';
import { databaseVersion, type Db, openDatabase, toNumber } from '../src/server/db/dialect.ts';
import { newId } from '../src/server/db/ids.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { recountProblemCounters } from '../src/server/modules/problems/problem-counters.service.ts';
import { countByStatus, list as listPage, type ResolvedFilter } from '../src/server/modules/problems/problems.repository.ts';
import { loadCadenceRules } from '../src/server/modules/settings/settings.service.ts';
import { computeFigures } from '../src/server/modules/statistics/figures.service.ts';
import { countProblemsByOrganization } from '../src/server/modules/statistics/figures.repository.ts';
import { earliestHistoryAt } from '../src/server/modules/statistics/statistics.repository.ts';
import { freezeDueWeeks } from '../src/server/modules/statistics/statistics.service.ts';
import { hashPassword } from '../src/server/modules/sessions/passwords.ts';
import { benchConfig, fmt, log, ORIGIN, PASSWORD } from './bench-app.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { against, type Figures, load, machine, memory, nowMs, run, seconds, table } from './measure.ts';
import { createPgDatabase } from './ledger-load.ts';
import { type LoadPhase, NationalLoader, nationalShape } from './national-load.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const flag = (name: string, fallback: boolean) => (process.env[name] === undefined ? fallback : process.env[name] === '1');
const JOBS = Number(process.env.BENCH_JOBS ?? String(cpus().length));
const SNAPSHOT_TIMEOUT_S = Number(process.env.BENCH_SNAPSHOT_TIMEOUT_S ?? '900');
const READS = { warmup: 5, iterations: 30 };
const TRANSITION_MS = 5000;
const SETTINGS = [
  'shared_buffers',
  'huge_pages',
  'effective_cache_size',
  'work_mem',
  'maintenance_work_mem',
  'max_parallel_workers_per_gather',
  'max_wal_size',
  'random_page_cost',
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'wal_level',
  'autovacuum',
];

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** A Db whose every query's duration is recorded: the snapshot's breakdown. */
function timedDb(url: string): { db: Db; queries: Array<{ sql: string; ms: number; params: readonly unknown[] }> } {
  const queries: Array<{ sql: string; ms: number; params: readonly unknown[] }> = [];
  // The app's pool size (dialect.ts openDatabase): the freeze computes its figures on the pool beside its transaction.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e: LogEvent) => {
      queries.push({ sql: e.query.sql, ms: e.queryDurationMillis, params: e.query.parameters });
    },
  });
  return { db: { kysely, kind: 'postgres', close: () => kysely.destroy() }, queries };
}

const oneLine = (text: string, max = 160) => {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** The slowest queries of a run, grouped by their text. */
function breakdown(queries: ReadonlyArray<{ sql: string; ms: number }>, top = 8): string[] {
  const by = new Map<string, { n: number; ms: number }>();
  for (const q of queries) {
    const key = oneLine(q.sql, 140);
    const e = by.get(key) ?? { n: 0, ms: 0 };
    e.n += 1;
    e.ms += q.ms;
    by.set(key, e);
  }
  const total = queries.reduce((s, q) => s + q.ms, 0);
  return [
    `    ${fmt(queries.length)} statements, ${(total / 1000).toFixed(1)} s in the database:`,
    ...[...by.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([text, e]) => `    ${(e.ms / 1000).toFixed(2).padStart(8)} s  ×${String(e.n).padEnd(5)} ${text}`),
  ];
}

async function explainQueries(url: string, label: string, queries: ReadonlyArray<{ sql: string; params: readonly unknown[] }>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  log(`\n-- plans: ${label}`);
  try {
    for (const q of queries) {
      if (!/^\s*(select|with)/i.test(q.sql)) continue;
      log(oneLine(q.sql, 400));
      const res = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, [...q.params]);
      for (const r of res.rows) log(`   ${r['QUERY PLAN']}`);
    }
  } finally {
    await client.end();
  }
}

async function login(app: AppInstance, username: string): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: ORIGIN },
    payload: { username, password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tz_session');
  if (!cookie) throw new Error('login answered without a session cookie');
  return { cookie: `tz_session=${cookie.value}`, origin: ORIGIN };
}

async function get(app: AppInstance, headers: Record<string, string>, url: string) {
  const res = await app.inject({ method: 'GET', url, headers });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
}

async function transition(app: AppInstance, headers: Record<string, string>, id: string, action: string, version: number) {
  const res = await app.inject({ method: 'POST', url: `/api/problems/${id}/transitions`, headers, payload: { action, version } });
  if (res.statusCode !== 200) throw new Error(`${action} ${id}: ${res.statusCode} ${res.body.slice(0, 300)}`);
}

interface SnapshotResult {
  seconds: number | null;
  note: string;
}

/** Marker snapshot_weeks rows for every due week but the last completed one, so that freezeDueWeeks freezes exactly one (as bench:cadence). */
async function leaveOneWeekDue(db: Db, now: Date): Promise<string> {
  const last = lastCompletedWeek(now);
  const firstAt = await earliestHistoryAt(db.kysely);
  const first = firstAt ? weekStartOf(new Date(firstAt)) : last;
  const weeks = weeksBetween(first, last).filter((w) => w !== last);
  if (weeks.length)
    await db.kysely
      .insertInto('snapshot_weeks')
      .values(weeks.map((w) => ({ week_start: w, computed_at: now.toISOString(), computed_by: null, trigger: 'bench', version: 1 })))
      .onConflict((oc) => oc.column('week_start').doNothing())
      .execute();
  // The week's rows of every snapshot table: on a kept database an earlier run froze it, and the freeze's own
  // replace of the Party-life rows (530,031 of them) would otherwise be timed as part of the snapshot.
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('weekly_snapshots').where('week_start', '=', last).execute();
    await trx.deleteFrom('study_snapshots').where('week_start', '=', last).execute();
    await trx.deleteFrom('venue_snapshots').where('week_start', '=', last).execute();
    await trx.deleteFrom('snapshot_weeks').where('week_start', '=', last).execute();
  });
  await sql`vacuum analyze weekly_snapshots, study_snapshots, venue_snapshots`.execute(db.kysely);
  return last;
}

/** Cancels what the bench's other connections run in `dbName` (the snapshot past its timeout). */
async function cancelOthers(url: string, dbName: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`select pg_cancel_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state = 'active'`, [
    dbName,
  ]);
  await c.end();
}

async function main(): Promise<void> {
  const started = nowMs();
  const adminUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL (an admin URL), or run under scripts/with-postgres.sh (TEST_DATABASE_URL).');
  const shape = nationalShape(SCALE);
  const loadAtStart = load();
  log(`# Taizhang national-scale benchmark — PostgreSQL`);
  log(machine());
  log(`at start: ${loadAtStart} · free memory ${gib(freemem())}`);
  const calibration = calibrate();
  log(describeCalibration(calibration));
  log(
    `scale ${SCALE}${SCALE === 1 ? ' (national)' : ` (NOT the national scale: ${SCALE} of it)`}: ${shape.provinces} provinces → ${fmt(shape.subdistricts)} subdistricts → ${fmt(shape.villages)} villages × ~${shape.problemsPerVillage} problems`,
  );

  const target = await createPgDatabase(adminUrl, { prefix: 'taizhang_national', existing: process.env.BENCH_DB });
  log(`database ${target.name}${process.env.BENCH_DB ? ' (kept by an earlier run: no load)' : ''}`);
  const phases: LoadPhase[] = [];
  const now = new Date();
  const passwordHash = await hashPassword(PASSWORD);
  const loader = new NationalLoader(target.url, shape, now, passwordHash, log, Math.max(1, JOBS));
  const figures: Figures[] = [];
  const extra: string[] = [];
  let snapshot: SnapshotResult = { seconds: null, note: 'not run' };
  let loadSeconds = 0;
  const db = openDatabase({ kind: 'postgres', url: target.url, poolSize: 10 });
  try {
    const settings = await sql<{ name: string; setting: string; unit: string | null }>`
      select name, current_setting(name) as setting, null as unit from pg_settings where name in (${sql.join(SETTINGS)}) order by name`.execute(
      db.kysely,
    );
    log(`server: ${(await databaseVersion(db)).split(' on ')[0]}`);
    log(`settings: ${settings.rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`).join(' · ')}`);
    const fsyncOff = settings.rows.some((r) => r.name === 'fsync' && r.setting === 'off');
    if (fsyncOff)
      log(
        'note: fsync is off on this server (a throwaway bench cluster): load and write figures are better than a durable deployment would give',
      );

    if (!process.env.BENCH_DB) {
      log(`\nloading (${JOBS} connection${JOBS === 1 ? '' : 's'} at once)…`);
      const t0 = nowMs();
      const m0 = nowMs();
      await migrateToLatest(db);
      phases.push({ name: "the app's migrations", seconds: (nowMs() - m0) / 1000, rows: 0 });
      log(`  migrations: ${seconds(m0)}`);
      await loader.open();
      try {
        await loader.base();
        await loader.dropIndexes();
        await loader.ledger();
        await loader.createIndexes();
        await loader.derived();
        await loader.vacuumAnalyze();
        if (flag('BENCH_VERIFY', true)) {
          const bad = await loader.verifyForeignKeys();
          log(bad.length ? `  FOREIGN KEY VIOLATIONS: ${bad.join('; ')}` : '  every foreign key holds');
        }
      } finally {
        await loader.close();
      }
      phases.push(...loader.phases);
      loadSeconds = (nowMs() - t0) / 1000;
      log(`loaded in ${(loadSeconds / 60).toFixed(1)} min`);
      log('triggers: off during the load (session_replication_role = replica); problem_counters and masking_words rebuilt');
      log(
        '  with the statements of their own migrations, foreign keys checked by anti-joins afterwards; the triggers are in place for the run',
      );
    }

    // ——— rows and disk ———
    const counts: Record<string, number> = {};
    for (const t of [
      'organizations',
      'users',
      'problems',
      'problem_history',
      'measures',
      'measure_problems',
      'evidence',
      'problem_counters',
      'masking_words',
    ]) {
      const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${sql.table(t)}`.execute(db.kysely);
      counts[t] = toNumber(rows[0]?.n);
    }
    const totalRows = Object.values(counts).reduce((a, b) => a + b, 0);
    log(
      `\nrows: ${Object.entries(counts)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(' · ')} · total ${fmt(totalRows)}`,
    );
    const size = await sql<{ n: unknown }>`select pg_database_size(current_database()) as n`.execute(db.kysely);
    const dbBytes = toNumber(size.rows[0]?.n);
    const tables = await sql<{ t: string; total: unknown; heap: unknown; idx: unknown }>`
      select c.relname as t, pg_total_relation_size(c.oid) as total, pg_relation_size(c.oid) as heap, pg_indexes_size(c.oid) as idx
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc limit 10`.execute(db.kysely);
    log(`disk: pg_database_size ${gib(dbBytes)}`);
    for (const r of tables.rows)
      log(`  ${r.t.padEnd(20)} ${gib(toNumber(r.total)).padStart(10)} (table ${gib(toNumber(r.heap))}, indexes ${gib(toNumber(r.idx))})`);

    const k = db.kysely;
    const provincePath = `/${loader.provinceId(1)}/`;
    const rules = await loadCadenceRules(k);

    if (flag('BENCH_RECOUNT', SCALE < 0.2)) {
      const t0 = nowMs();
      const changes = await recountProblemCounters(db, now);
      log(
        `\nthe app's recount (npx taizhang recount): ${seconds(t0)}, ${fmt(changes.length)} rows corrected (expected 0) · ${memory('after')}`,
      );
      extra.push(`recount (npx taizhang recount): ${seconds(t0)}, ${changes.length} rows corrected`);
    }

    // ——— a) the weekly snapshot ———
    const pastWeek = lastCompletedWeek(now);
    if (flag('BENCH_SNAPSHOT', true)) {
      log(`\nweekly snapshot (past week ${pastWeek})…`);
      {
        const timed = timedDb(target.url);
        try {
          const t0 = nowMs();
          const result = await computeFigures(timed.db.kysely, { period: weekPeriod(pastWeek), reportWeeks: [pastWeek], rules, now });
          const s = (nowMs() - t0) / 1000;
          log(`  computeFigures (past week): ${s.toFixed(1)} s for ${fmt(result.size)} organizations · ${memory('after')}`);
          for (const line of breakdown(timed.queries)) log(line);
          extra.push(`computeFigures, past week: ${s.toFixed(1)} s`);
          if (flag('BENCH_EXPLAIN', false)) await explainQueries(target.url, 'computeFigures, past week', timed.queries);
        } finally {
          await timed.db.close();
        }
      }
      {
        const week = await leaveOneWeekDue(db, now);
        const timed = timedDb(target.url);
        let timer: NodeJS.Timeout | undefined;
        try {
          const t0 = nowMs();
          const cpu0 = process.cpuUsage();
          const freeze = freezeDueWeeks(timed.db, now).then((weeks) => ({ weeks }));
          const timeout = new Promise<{ weeks: null }>((resolve) => {
            timer = setTimeout(() => resolve({ weeks: null }), SNAPSHOT_TIMEOUT_S * 1000);
          });
          const outcome = await Promise.race([freeze, timeout]);
          const s = (nowMs() - t0) / 1000;
          const cpu = process.cpuUsage(cpu0);
          const nodeCpu = (cpu.user + cpu.system) / 1e6;
          if (outcome.weeks === null) {
            await cancelOthers(target.url, target.name);
            await freeze.catch(() => undefined);
            snapshot = { seconds: null, note: `cancelled after ${SNAPSHOT_TIMEOUT_S} s` };
            log(`  freezeDueWeeks: did not finish in ${SNAPSHOT_TIMEOUT_S} s (cancelled)`);
          } else {
            const rowsWritten = await k
              .selectFrom('weekly_snapshots')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('week_start', '=', week)
              .executeTakeFirst();
            snapshot = { seconds: s, note: `froze ${outcome.weeks.join(', ')}: ${fmt(toNumber(rowsWritten?.n))} rows` };
            log(`  freezeDueWeeks, one week due (${week}): ${s.toFixed(1)} s · ${snapshot.note} · ${memory('after')}`);
          }
          for (const line of breakdown(timed.queries)) log(line);
          const inDb = timed.queries.reduce((sum, q) => sum + q.ms, 0) / 1000;
          log(
            `    statements' time summed ${inDb.toFixed(1)} s (computeFigures' reads run at once on a pool, so the sum can exceed the wall time); Node's CPU during the freeze ${nodeCpu.toFixed(1)} s`,
          );
        } finally {
          clearTimeout(timer);
          await timed.db.close();
        }
        figures.push(
          against(
            {
              name: `weekly snapshot — freezeDueWeeks, one week, whole tree`,
              n: snapshot.seconds === null ? 0 : 1,
              p50: (snapshot.seconds ?? Number.NaN) * 1000,
              p95: (snapshot.seconds ?? Number.POSITIVE_INFINITY) * 1000,
              p99: (snapshot.seconds ?? Number.NaN) * 1000,
              max: (snapshot.seconds ?? Number.NaN) * 1000,
              opsPerSecond: snapshot.seconds ? 1 / snapshot.seconds : 0,
              cpuMs: Number.NaN,
              target: '',
              met: null,
            },
            'p95',
            60_000,
          ),
        );
      }

      // One province's slice of the snapshot's status-as-at query (figures.repository countProblemsByStatus, 'end'),
      // alone and two provinces at once on two connections: what partitioning by province would parallelize.
      {
        const end = weekPeriod(pastWeek).to.toISOString();
        const slice = (p: number) => {
          const path = `/${loader.provinceId(p)}/`;
          return sql`with s as materialized (
            select p.organization_id, p.due_on,
              (select h.to_status from problem_history h where h.problem_id = p.id and h.at < ${end} order by h.at desc, h.id desc limit 1) as status
            from problems p where p.created_at < ${end} and p.org_path >= ${path} and p.org_path < ${subtreeUpperBound(path)})
          select s.organization_id, s.status, count(*) as n from s where s.status is not null group by 1, 2`;
        };
        const t0 = nowMs();
        await slice(2).execute(k);
        const one = (nowMs() - t0) / 1000;
        const t1 = nowMs();
        await Promise.all([slice(3).execute(k), slice(4).execute(k)]);
        const two = (nowMs() - t1) / 1000;
        log(
          `  the status-as-at query for one province: ${one.toFixed(2)} s alone; two provinces at once on two connections: ${two.toFixed(2)} s`,
        );
        extra.push(`status-as-at query, one province: ${one.toFixed(2)} s; two provinces at once: ${two.toFixed(2)} s`);
        // The app's counts (figures.repository countProblemsByOrganization): as at the week's end (current status
        // corrected by the history written since), and from the current status (a running week). Then the old
        // reconstruction (each problem's last history row before the end, looked up for every problem) as the
        // reference: the two must count the same problems in the same statuses and overdue days.
        const period = weekPeriod(pastWeek);
        const actionable = PROBLEM_STATUSES.filter(isActionable);
        const t2 = nowMs();
        const counted = await countProblemsByOrganization(k, {
          end,
          evalDay: period.lastDay,
          asAt: 'end',
          statuses: PROBLEM_STATUSES,
          actionable,
        });
        const asAtEnd = (nowMs() - t2) / 1000;
        const t3 = nowMs();
        const current = await countProblemsByOrganization(k, {
          end,
          evalDay: period.lastDay,
          asAt: 'now',
          statuses: PROBLEM_STATUSES,
          actionable,
        });
        const asAtNow = (nowMs() - t3) / 1000;
        const changed = await sql<{ n: unknown; p: unknown }>`
          select count(*) as n, count(distinct problem_id) as p from problem_history where at >= ${end}`.execute(k);
        log(
          `  countProblemsByOrganization, whole tree: as at the week's end ${asAtEnd.toFixed(1)} s (${fmt(toNumber(changed.rows[0]?.n))} history rows of ${fmt(toNumber(changed.rows[0]?.p))} problems after the end); current status ${asAtNow.toFixed(1)} s (${fmt(current.length)} organizations)`,
        );
        extra.push(
          `countProblemsByOrganization, whole tree: as at the week's end ${asAtEnd.toFixed(1)} s; from the current status ${asAtNow.toFixed(1)} s`,
        );
        if (flag('BENCH_SNAPSHOT_CHECK', true)) {
          const t4 = nowMs();
          // Aggregated per organization in SQL as the app's answer is (counts per status, the overdue due dates), so
          // that Node holds 490,000 rows, not the 3.9 M groups of the old query.
          const { rows: replayed } = await sql<Record<string, unknown> & { organization_id: string; overdue: string | null }>`
            with s as materialized (
              select p.organization_id, p.due_on,
                (select h.to_status from problem_history h where h.problem_id = p.id and h.at < ${end} order by h.at desc, h.id desc limit 1) as status
              from problems p where p.created_at < ${end})
            select s.organization_id,
              ${sql.join(PROBLEM_STATUSES.map((st, i) => sql`sum(case when s.status = ${st} then 1 else 0 end) as ${sql.ref(`s${i}`)}`))},
              string_agg(case when s.status in (${sql.join(actionable)}) and s.due_on < ${period.lastDay} then s.due_on end, ',' order by s.due_on) as overdue
            from s where s.status is not null group by s.organization_id`.execute(k);
          const replaySeconds = (nowMs() - t4) / 1000;
          const reference = new Map(
            replayed.map((r) => [
              r.organization_id,
              JSON.stringify([PROBLEM_STATUSES.map((_, i) => toNumber(r[`s${i}`])), r.overdue ?? '']),
            ]),
          );
          let differ = 0;
          for (const a of counted) {
            const mine = JSON.stringify([PROBLEM_STATUSES.map((st) => a.byStatus[st] ?? 0), [...a.overdueDue].sort().join(',')]);
            const ref = reference.get(a.organization_id);
            if (ref === undefined ? PROBLEM_STATUSES.some((st) => a.byStatus[st] !== 0) : ref !== mine) differ++;
            reference.delete(a.organization_id);
          }
          differ += reference.size;
          log(
            `  the old reconstruction (a history lookup for every problem): ${replaySeconds.toFixed(1)} s; organizations whose counts differ from the app's: ${fmt(differ)} (expected 0)`,
          );
          extra.push(
            `the old status-as-at reconstruction: ${replaySeconds.toFixed(1)} s; organizations differing from the app's counts: ${differ}`,
          );
        }
      }
    }

    // ——— b) a province's default list and counts through the app ———
    const app = await buildApp({ db, config: benchConfig({ kind: 'postgres', url: target.url }), logger: false });
    try {
      await app.ready();
      const officer = await login(app, loader.officerUsername(1));
      log(`\nprovince 1 (${provincePath}) as its district_officer…`);
      const step = (f: Figures) => {
        figures.push(f);
        log(`  ${f.name}: p50 ${f.p50.toFixed(2)} ms · p95 ${f.p95.toFixed(2)} ms · CPU ${f.cpuMs.toFixed(2)} ms/op (${seconds(started)})`);
      };
      const sample = await get(app, officer, '/api/problems?sort=dueOn&page=1&pageSize=20');
      const body = sample.json<{ total: number; counts: Record<string, number> }>();
      log(`  one answer: total ${fmt(body.total)}; counts ${JSON.stringify(body.counts)}`);
      const lists: Array<[string, string]> = [
        ['API list — province, default view (page of 20, list + counts)', '/api/problems?sort=dueOn&page=1&pageSize=20'],
        [
          'API list — province, open+rectifying, overdue, page of 20',
          '/api/problems?status=open,rectifying&overdue=1&sort=dueOn&page=1&pageSize=20',
        ],
        ['API list — province, submitted (verifier), page of 20', '/api/problems?status=submitted&sort=dueOn&page=1&pageSize=20'],
      ];
      for (const [name, url] of lists) step(against(await run(name, async () => void (await get(app, officer, url)), READS), 'p95', 15));
      // The last province: its problems have the highest ids, so they come last among each deadline's in problems_due_idx
      // (the generator numbers problems province by province): the worst case of the page's index walk, province 1 the best.
      const last = shape.provinces;
      const lastOfficer = await login(app, loader.officerUsername(last));
      for (const [name, url] of lists)
        step(
          against(
            await run(name.replace('province', `province ${last}`), async () => void (await get(app, lastOfficer, url)), READS),
            'p95',
            15,
          ),
        );
      const today = loader.today;
      const filter: ResolvedFilter = { scopeRoots: [provincePath], today };
      step(
        against(
          await run(
            '  repository countByStatus() — province, no filter (the counts)',
            async () => void (await countByStatus(k, 'postgres', filter)),
            READS,
          ),
          'p95',
          10,
        ),
      );
      step(
        await run(
          '  repository list() — province, default view, page of 20',
          async () => void (await listPage(k, 'postgres', filter, 'dueOn', 20, 0)),
          READS,
        ),
      );
      if (Number(process.env.BENCH_DASHBOARD_CALLS ?? '1') > 0)
        try {
          step(
            against(
              // No warm-up: the first call assesses the province's running week (its own root since the per-root scoping).
              await run('API dashboard overview — province', async () => void (await get(app, officer, '/api/dashboard/overview')), {
                warmup: 0,
                iterations: Number(process.env.BENCH_DASHBOARD_CALLS ?? '1'),
              }),
              'p95',
              200,
            ),
          );
        } catch (err) {
          log(`  dashboard overview failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      // The month's first calls: the ranking assesses the province's last complete month and the one before it (the
      // movement); the interview candidates then read the same assessment, its venues and its meetings.
      if (Number(process.env.BENCH_MONTH_CALLS ?? '1') > 0) {
        const admin1 = await login(app, loader.adminUsername(1));
        const month = { warmup: 0, iterations: Number(process.env.BENCH_MONTH_CALLS ?? '1') };
        for (const [name, url, who] of [
          ['API monthly ranking — province, first call (assesses its month)', '/api/rankings/monthly', officer],
          ['API interview candidates — province (the same month)', '/api/interviews/candidates', admin1],
        ] as const)
          try {
            step(await run(name, async () => void (await get(app, who, url)), month));
          } catch (err) {
            log(`  ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
          }
      }
      if (flag('BENCH_EXPLAIN', false)) {
        const timed = timedDb(target.url);
        await listPage(timed.db.kysely, 'postgres', filter, 'dueOn', 20, 0);
        await countByStatus(timed.db.kysely, 'postgres', filter);
        await listPage(timed.db.kysely, 'postgres', { ...filter, statuses: ['open', 'rectifying'], overdue: true }, 'dueOn', 20, 0);
        await timed.db.close();
        await explainQueries(target.url, 'province list and counts', timed.queries);
      }

      // ——— c) transitions from one client ———
      const admin = await login(app, loader.adminUsername(1));
      const fresh = await k
        .selectFrom('problems')
        .select(['id', 'organization_id'])
        .where('status', '=', 'open')
        .where('version', '=', 1)
        .where('org_path', '>=', provincePath)
        .where('org_path', '<', subtreeUpperBound(provincePath))
        .orderBy('id')
        .limit(4000)
        .execute();
      log(`\ntransitions as province 1's district_admin on ${fmt(fresh.length)} fresh open problems…`);
      const starts = await run(
        'API transition — start (open → rectifying)',
        async (i) => transition(app, admin, fresh[i]!.id, 'start', 1),
        {
          warmup: 10,
          durationMs: TRANSITION_MS,
          minIterations: 100,
          iterations: fresh.length - 10,
        },
      );
      step(against(starts, 'ops', 1000));
      const startedCount = 10 + starts.n;
      // A photo on each started problem (as the secretary's upload would attach), not timed: submit requires evidence.
      const at = new Date().toISOString();
      const started_ = fresh.slice(0, startedCount);
      for (let i = 0; i < started_.length; i += 500)
        await k
          .insertInto('evidence')
          .values(
            started_.slice(i, i + 500).map((p) => ({
              id: newId(),
              sha256: '0'.repeat(64),
              size: 68,
              mime: 'image/png',
              original_name: '整改现场照片.png',
              organization_id: p.organization_id,
              problem_id: p.id,
              measure_id: null,
              note: null,
              uploaded_by: null,
              uploaded_at: at,
            })),
          )
          .execute();
      const submits = await run(
        'API transition — submit (rectifying → submitted; evidence check)',
        async (i) => transition(app, admin, fresh[i]!.id, 'submit', 2),
        {
          warmup: 10,
          durationMs: TRANSITION_MS,
          iterations: startedCount - 10,
        },
      );
      step(against(submits, 'ops', 1000));
      const submitted = 10 + submits.n;
      step(
        against(
          await run('API transition — accept (submitted → accepted)', async (i) => transition(app, admin, fresh[i]!.id, 'accept', 3), {
            warmup: 10,
            durationMs: TRANSITION_MS,
            iterations: submitted - 10,
          }),
          'ops',
          1000,
        ),
      );
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    if (!flag('BENCH_KEEP', false) && !process.env.BENCH_DB) await target.drop();
    else log(`kept database ${target.name}`);
  }

  // ——— results ———
  log(`\n## Results — national scale on PostgreSQL, ${new Date().toISOString().slice(0, 10)}\n`);
  log(`${machine()}\nat start: ${loadAtStart}\nat end: ${load()}\n${describeCalibration(calibration)}\n`);
  log(
    `scale ${SCALE}${SCALE === 1 ? ' (national)' : ` — NOT the national scale`}: ${shape.provinces} provinces, ${fmt(shape.subdistricts)} subdistricts, ${fmt(shape.villages)} villages\n`,
  );
  if (phases.length) {
    log('| load phase | seconds | rows |\n| --- | ---: | ---: |');
    for (const p of phases) log(`| ${p.name} | ${p.seconds.toFixed(1)} | ${p.rows ? fmt(p.rows) : ''} |`);
    log(`| **total** | **${loadSeconds.toFixed(0)}** (${(loadSeconds / 60).toFixed(1)} min) | |\n`);
  }
  for (const line of extra) log(`- ${line}`);
  log(`- weekly snapshot: ${snapshot.seconds === null ? snapshot.note : `${snapshot.seconds.toFixed(1)} s (${snapshot.note})`}\n`);
  log(table(figures));
  log(`\ntotal time ${seconds(started)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
