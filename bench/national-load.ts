import { createHash } from 'node:crypto';
import pg from 'pg';
import { problemCodePrefix } from '../src/domain/problem-codes.ts';
import { shanghaiDate, shanghaiDayStart } from '../src/domain/time.ts';
import { DEMO_STANDARD_AREAS } from '../src/server/demo/demo-standard-data.ts';
import { GIVEN, MEASURE_FORMS, PROBLEM_FORMS, SURNAMES } from '../src/server/demo/demo-text.ts';
import { nowMs } from './measure.ts';

/**
 * The national ledger generated inside PostgreSQL (INSERT … SELECT over
 * generate_series), never row by row from Node: 31 provinces, each a root
 * organization of kind 'district' (the app's model has no province kind: a
 * root is the top of a tree, and a province officer is a district officer on
 * that root), ~40,000 subdistricts and ~490,000 villages under them, ~15
 * problems a village with the ledger bench's status mix and a deterministic
 * history per status (create, start, 0–3 rejected submissions, submit,
 * accept, close, 30 % of closed ones reopened and closed again), one measure
 * and one measure link per problem, one photo (evidence row) per problem ever
 * submitted, and users with roles (a secretary per village, a verifier per
 * subdistrict, an admin and an officer per province).
 *
 * Ids are UUID-shaped text in insertion order (the app's ids are UUIDv7, also
 * time-ordered): `kkkkkkkk-nnnn-7nnn-8nnn-nnnnnn000000`, k the table, n a
 * sequence number. Paths are '/province/subdistrict/village/' as buildPath
 * (src/domain/organizations.ts) writes them. Problem codes follow the app's
 * scheme WT-YYMM-NNNNNNN (month of finding, a number unique in the ledger), and
 * problem_code_counters holds each month's highest number, as after an import.
 *
 * Loading: each worker connection sets session_replication_role = replica, so
 * neither the user triggers (problem_counters, masking_words) nor the foreign
 * key triggers fire per row; the secondary indexes of the ledger tables are
 * dropped first and rebuilt after (primary keys and unique constraints stay).
 * Afterwards problem_counters and masking_words are rebuilt with the SQL of
 * their own migrations, every foreign key is checked with one anti-join
 * (`verifyForeignKeys`), and VACUUM ANALYZE gives the planner what autovacuum would.
 */

export type Progress = (line: string) => void;

export interface NationalShape {
  provinces: number;
  subdistricts: number;
  villages: number;
  /** Problems per village are 10 + (v × 7 mod 11): 15 on average. */
  problemsPerVillage: 15;
}

/** 31 provinces, 40,000 subdistricts, 490,000 villages at scale 1. */
export function nationalShape(scale: number): NationalShape {
  const provinces = 31;
  const subdistricts = Math.max(provinces, Math.round(40_000 * scale));
  const villages = Math.max(subdistricts, Math.round(490_000 * scale));
  return { provinces, subdistricts, villages, problemsPerVillage: 15 };
}

/** Id kinds (the first group of the id). */
const K = {
  org: 1,
  user: 2,
  problem: 3,
  history: 4,
  measure: 5,
  evidence: 6,
  role: 7,
  item: 9,
  area: 10,
  standard: 11,
  version: 12,
} as const;

/** The same id in JavaScript, for the few rows written from Node and for tests of the SQL. */
export function natId(kind: number, n: number): string {
  const x = n.toString(16).padStart(16, '0');
  return `${kind.toString(16).padStart(8, '0')}-${x.slice(0, 4)}-7${x.slice(4, 7)}-8${x.slice(7, 10)}-${x.slice(10, 16)}000000`;
}

/** Who acts in a step: the village's secretary, the subdistrict's verifier, the province's officer. */
type Actor = 'secretary' | 'verifier' | 'officer';
interface Step {
  action: string;
  from: string | null;
  to: string;
  actor: Actor;
  reason: string | null;
}
interface Combo {
  status: string;
  rej: number;
  reopen: boolean;
  steps: Step[];
}

const REJECT_REASON = '佐证材料不完整，请补充整改前后对比照片';
const ACCEPT_OPINION = '经现场查看，整改到位，验收合格';
const REOPEN_REASON = '回头看发现问题反弹，重新整改';

/** Every history a problem can have here: status × rejections (0–3) × reopened, as bench/ledger-dataset.ts replays them. */
export function combos(): Combo[] {
  const out: Combo[] = [];
  const statuses = ['open', 'rectifying', 'submitted', 'accepted', 'closed'];
  for (const status of statuses)
    for (let rej = 0; rej <= (status === 'open' ? 0 : 3); rej++)
      for (const reopen of status === 'closed' ? [false, true] : [false]) {
        const steps: Step[] = [{ action: 'create', from: null, to: 'open', actor: 'verifier', reason: null }];
        const push = (action: string, from: string, to: string, actor: Actor, reason: string | null = null) =>
          steps.push({ action, from, to, actor, reason });
        if (status !== 'open') {
          push('start', 'open', 'rectifying', 'secretary');
          for (let r = 0; r < rej; r++) {
            push('submit', 'rectifying', 'submitted', 'secretary');
            push('reject', 'submitted', 'rectifying', 'verifier', REJECT_REASON);
          }
          if (status === 'submitted') push('submit', 'rectifying', 'submitted', 'secretary');
          const settle = () => {
            push('submit', 'rectifying', 'submitted', 'secretary');
            push('accept', 'submitted', 'accepted', 'verifier', ACCEPT_OPINION);
          };
          if (status === 'accepted' || status === 'closed') settle();
          if (status === 'closed') {
            push('close', 'accepted', 'closed', 'officer');
            if (reopen) {
              push('reopen', 'closed', 'rectifying', 'officer', REOPEN_REASON);
              settle();
              push('close', 'accepted', 'closed', 'officer');
            }
          }
        }
        out.push({ status, rej, reopen, steps });
      }
  return out;
}

const lastIndex = (steps: Step[], action: string) => {
  const i = steps.map((s) => s.action).lastIndexOf(action);
  return i < 0 ? null : i;
};

const lit = (s: string | null) => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** One worker: a connection in replica mode with the generator's functions. */
class Worker {
  constructor(readonly client: pg.Client) {}
  query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]) {
    return this.client.query<R>(text, values);
  }
}

export interface LoadPhase {
  name: string;
  seconds: number;
  rows: number;
}

export class NationalLoader {
  readonly today: string;
  readonly dayStartMs: number;
  private workers: Worker[] = [];
  readonly phases: LoadPhase[] = [];
  /** Secondary indexes dropped before the load, rebuilt after. */
  private dropped: Array<{ name: string; table: string; def: string }> = [];

  constructor(
    readonly url: string,
    readonly shape: NationalShape,
    now: Date,
    private readonly passwordHash: string,
    private readonly progress: Progress,
    /** Connections that load at once (the machine's cores). */
    private readonly jobs: number,
    /** Villages per INSERT chunk. */
    private readonly chunkVillages = 20_000,
  ) {
    this.today = shanghaiDate(now);
    this.dayStartMs = shanghaiDayStart(this.today).getTime();
  }

  private get P() {
    return this.shape.provinces;
  }
  private get S() {
    return this.shape.subdistricts;
  }
  private get V() {
    return this.shape.villages;
  }

  /** The ids the bench needs: user n of the scheme (see base()). */
  provinceId(p: number) {
    return natId(K.org, p);
  }
  adminUsername(p: number) {
    return `admin-${p}`;
  }
  officerUsername(p: number) {
    return `officer-${p}`;
  }

  private functionsSql(): string[] {
    const hex = `lpad(to_hex(n), 16, '0')`;
    return [
      `set session_replication_role = replica`,
      `set synchronous_commit = off`,
      `set timezone = 'UTC'`,
      `set work_mem = '256MB'`,
      `set maintenance_work_mem = '${process.env.BENCH_MAINTENANCE_WORK_MEM ?? '1GB'}'`,
      `create or replace function pg_temp.nat_id(k int, n bigint) returns text language sql immutable as $$
         select lpad(to_hex(k), 8, '0') || '-' || substr(${hex}, 1, 4) || '-7' || substr(${hex}, 5, 3) || '-8' || substr(${hex}, 8, 3)
           || '-' || substr(${hex}, 11, 6) || '000000' $$`,
      // The instant `m` minutes after Shanghai midnight, `d` days from today, as the app writes instants.
      `create or replace function pg_temp.nat_ts(d int, m int) returns text language sql stable as $$
         select to_char(timestamp 'epoch' + (${this.dayStartMs}::bigint + d::bigint * 86400000 + m::bigint * 60000) * interval '1 millisecond',
           'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`,
      `create or replace function pg_temp.nat_date(d int) returns text language sql stable as $$
         select to_char(date '${this.today}' + d, 'YYYY-MM-DD') $$`,
    ];
  }

  async open(): Promise<void> {
    for (let i = 0; i < this.jobs; i++) {
      const client = new pg.Client({ connectionString: this.url });
      await client.connect();
      const w = new Worker(client);
      for (const s of this.functionsSql()) await w.query(s);
      this.workers.push(w);
    }
  }

  async close(): Promise<void> {
    for (const w of this.workers) await w.client.end();
    this.workers = [];
  }

  private get main(): Worker {
    return this.workers[0]!;
  }

  private async phase<T extends number | void>(name: string, op: () => Promise<T>): Promise<T> {
    const t0 = nowMs();
    const rows = await op();
    const seconds = (nowMs() - t0) / 1000;
    this.phases.push({ name, seconds, rows: typeof rows === 'number' ? rows : 0 });
    this.progress(`  ${name}: ${seconds.toFixed(1)} s${typeof rows === 'number' ? ` · ${rows.toLocaleString('en-US')} rows` : ''}`);
    return rows;
  }

  /** Runs `sqlFor(lo, hi)` over village ranges on all workers at once; returns the rows inserted. */
  private async chunked(label: string, sqlFor: (lo: number, hi: number) => string): Promise<number> {
    const ranges: Array<[number, number]> = [];
    for (let lo = 0; lo < this.V; lo += this.chunkVillages) ranges.push([lo, Math.min(this.V, lo + this.chunkVillages)]);
    let next = 0;
    let rows = 0;
    let done = 0;
    const t0 = nowMs();
    await Promise.all(
      this.workers.map(async (w) => {
        while (next < ranges.length) {
          const [lo, hi] = ranges[next++]!;
          const res = await w.query(sqlFor(lo, hi));
          rows += res.rowCount ?? 0;
          done += hi - lo;
          if (ranges.length > 4)
            this.progress(
              `    ${label}: villages ${done.toLocaleString('en-US')}/${this.V.toLocaleString('en-US')} · ${rows.toLocaleString('en-US')} rows · ${((nowMs() - t0) / 1000).toFixed(0)} s`,
            );
        }
      }),
    );
    return rows;
  }

  /** Organizations, users, roles, the standard; the village helper table; the history templates. */
  async base(): Promise<void> {
    const { P, S, V } = this;
    const w = this.main;
    const at = `pg_temp.nat_ts(-200, 540)`;
    await this.phase('organizations, users, roles, standard', async () => {
      let rows = 0;
      const q = async (text: string, values?: unknown[]) => {
        const r = await w.query(text, values);
        rows += r.rowCount ?? 0;
      };
      // Villages: v 0-based; subdistrict s = v·S/V; province p = 1 + s·P/S (contiguous ranges, as a real tree's paths are).
      await w.query(`drop table if exists nat_v`);
      await w.query(
        `create unlogged table nat_v as
         select v, s, p,
           pg_temp.nat_id(${K.org}, ${P + S + 1} + v) as org_id,
           '/' || pg_temp.nat_id(${K.org}, p) || '/' || pg_temp.nat_id(${K.org}, ${P + 1} + s) || '/' || pg_temp.nat_id(${K.org}, ${P + S + 1} + v) || '/' as path,
           pg_temp.nat_id(${K.user}, ${2 * P + S + 1} + v) as sec_id,
           pg_temp.nat_id(${K.user}, ${2 * P + 1} + s) as ver_id,
           pg_temp.nat_id(${K.user}, ${P} + p) as off_id,
           np, (sum(np) over (order by v) - np)::bigint as first_q
         from (select v, s, 1 + (s::bigint * ${P} / ${S})::int as p, 10 + (v * 7) % 11 as np
               from (select v, (v::bigint * ${S} / ${V})::int as s from generate_series(0, ${V - 1}) v) a) b`,
      );
      await w.query(`alter table nat_v add primary key (v)`);
      await q(
        `insert into organizations (id, parent_id, kind, name, code, path, depth, is_sample, archived_at, version, created_at, updated_at)
         select pg_temp.nat_id(${K.org}, p), null, 'district', '第' || p || '省', 'P' || lpad(p::text, 2, '0'),
           '/' || pg_temp.nat_id(${K.org}, p) || '/', 0, 1, null, 1, ${at}, ${at}
         from generate_series(1, ${P}) p`,
      );
      await q(
        `insert into organizations (id, parent_id, kind, name, code, path, depth, is_sample, archived_at, version, created_at, updated_at)
         select pg_temp.nat_id(${K.org}, ${P + 1} + s), pg_temp.nat_id(${K.org}, p), 'subdistrict', '第' || p || '省第' || (s + 1) || '街道',
           'P' || lpad(p::text, 2, '0') || '-S' || lpad((s + 1)::text, 5, '0'),
           '/' || pg_temp.nat_id(${K.org}, p) || '/' || pg_temp.nat_id(${K.org}, ${P + 1} + s) || '/', 1, 1, null, 1, ${at}, ${at}
         from (select s, 1 + (s::bigint * ${P} / ${S})::int as p from generate_series(0, ${S - 1}) s) a`,
      );
      await q(
        `insert into organizations (id, parent_id, kind, name, code, path, depth, is_sample, archived_at, version, created_at, updated_at)
         select org_id, pg_temp.nat_id(${K.org}, ${P + 1} + s), 'village', '第' || p || '省第' || (s + 1) || '街道第' || (v + 1) || '村',
           'P' || lpad(p::text, 2, '0') || '-S' || lpad((s + 1)::text, 5, '0') || '-V' || lpad((v + 1)::text, 6, '0'),
           path, 2, 1, null, 1, ${at}, ${at}
         from nat_v order by v`,
      );
      // Users: n = p (admin), P + p (officer), 2P + 1 + s (verifier), 2P + S + 1 + v (secretary); their role assignment has the same n.
      const person = (x: string) =>
        `($2::text[])[1 + (${x}) % ${SURNAMES.length}] || ($3::text[])[1 + ((${x}) / ${SURNAMES.length}) % ${GIVEN.length}]`;
      await q(
        `insert into users (id, username, display_name, phone, email, password_hash, disabled_at, version, created_at, updated_at)
         select pg_temp.nat_id(${K.user}, n), username, ${person('n::bigint * 7919')}, null, null, $1, null, 1, ${at}, ${at}
         from (
           select p as n, 'admin-' || p as username from generate_series(1, ${P}) p
           union all select ${P} + p, 'officer-' || p from generate_series(1, ${P}) p
           union all select ${2 * P + 1} + s, 'jd-' || (s + 1) from generate_series(0, ${S - 1}) s
           union all select ${2 * P + S + 1} + v, 'cun-' || (v + 1) from generate_series(0, ${V - 1}) v
         ) u order by n`,
        [this.passwordHash, SURNAMES, GIVEN],
      );
      await q(
        `insert into role_assignments (id, user_id, role, organization_id, created_at)
         select pg_temp.nat_id(${K.role}, n), pg_temp.nat_id(${K.user}, n), role, org, ${at}
         from (
           select p as n, 'district_admin' as role, pg_temp.nat_id(${K.org}, p) as org from generate_series(1, ${P}) p
           union all select ${P} + p, 'district_officer', pg_temp.nat_id(${K.org}, p) from generate_series(1, ${P}) p
           union all select ${2 * P + 1} + s, 'subdistrict_officer', pg_temp.nat_id(${K.org}, ${P + 1} + s) from generate_series(0, ${S - 1}) s
           union all select ${2 * P + S + 1} + v, 'village_secretary', org_id from nat_v
         ) r order by n`,
      );
      // One published standard: 10 areas × 4 items, as the ledger bench's.
      const standardId = natId(K.standard, 1);
      const versionId = natId(K.version, 1);
      const admin = natId(K.user, 1);
      await q(`insert into standards (id, name, description, created_at, updated_at) values ($1, '基准测试标准', null, ${at}, ${at})`, [
        standardId,
      ]);
      await q(
        `insert into standard_versions (id, standard_id, version_no, status, title, notes, based_on_version_id, published_at, published_by, version, created_at, updated_at)
         values ($1, $2, 1, 'published', '基准测试标准（第1版）', null, null, ${at}, $3, 1, ${at}, ${at})`,
        [versionId, standardId, admin],
      );
      for (let a = 0; a < 10; a++) {
        const demo = DEMO_STANDARD_AREAS[a % DEMO_STANDARD_AREAS.length]!;
        await q(`insert into standard_areas (id, standard_version_id, code, name, sort_order) values ($1, $2, $3, $4, $5)`, [
          natId(K.area, a + 1),
          versionId,
          `A${a + 1}`,
          demo.name,
          a + 1,
        ]);
        for (let i = 0; i < 4; i++) {
          const item = demo.items[i % demo.items.length]!;
          await q(
            `insert into check_items (id, standard_version_id, area_id, code, title, criterion, weight, expected_evidence, applies_to, sort_order)
             values ($1, $2, $3, $4, $5, $6, $7, $8, 'both', $9)`,
            [
              natId(K.item, a * 4 + i),
              versionId,
              natId(K.area, a + 1),
              `A${a + 1}.${i + 1}`,
              item.title,
              item.criterion,
              item.weight,
              item.evidence,
              i + 1,
            ],
          );
        }
      }
      return rows;
    });

    // The history templates: one row per step of every (status, rejections, reopened) combination.
    await w.query(`drop table if exists nat_steps`);
    await w.query(`drop table if exists nat_combo`);
    await w.query(
      `create unlogged table nat_steps (status text, rej int, reopen boolean, k int, action text, from_status text, to_status text, actor text, reason text)`,
    );
    await w.query(
      `create unlogged table nat_combo (status text, rej int, reopen boolean, steps int, k_first_submit int, k_submit int, k_accept int, k_close int)`,
    );
    const stepRows: string[] = [];
    const comboRows: string[] = [];
    for (const c of combos()) {
      c.steps.forEach((s, k) =>
        stepRows.push(
          `(${lit(c.status)}, ${c.rej}, ${c.reopen}, ${k}, ${lit(s.action)}, ${lit(s.from)}, ${lit(s.to)}, ${lit(s.actor)}, ${lit(s.reason)})`,
        ),
      );
      const first = c.steps.findIndex((s) => s.action === 'submit');
      const n = (x: number | null) => (x === null ? 'null' : String(x));
      comboRows.push(
        `(${lit(c.status)}, ${c.rej}, ${c.reopen}, ${c.steps.length - 1}, ${n(first < 0 ? null : first)}, ${n(
          c.status === 'open' || c.status === 'rectifying' ? null : lastIndex(c.steps, 'submit'),
        )}, ${n(c.status === 'accepted' || c.status === 'closed' ? lastIndex(c.steps, 'accept') : null)}, ${n(
          c.status === 'closed' ? lastIndex(c.steps, 'close') : null,
        )})`,
      );
    }
    await w.query(`insert into nat_steps values ${stepRows.join(', ')}`);
    await w.query(`insert into nat_combo values ${comboRows.join(', ')}`);
    for (const t of ['nat_v', 'nat_steps', 'nat_combo']) await w.query(`analyze ${t}`);
  }

  /**
   * The problems of villages [lo, hi) with everything derived from their
   * number q: a 63-bit hash h of q picks status, rejections, reopening,
   * finding day, deadline, severity, names and texts; `c` is its combination.
   */
  private generated(lo: number, hi: number): string {
    return `select v.v, v.s, v.p, v.org_id, v.path, v.sec_id, v.ver_id, v.off_id, g.n, g.q, g.h, c.*,
        -150 + ((g.h >> 8) % 60)::int as found_day,
        -60 + ((g.h >> 16) % 121)::int as due_day,
        1 + ((g.h >> 24) % 7)::int as gap,
        ((v.v * 3 + g.n) % 40)::int as item
      from nat_v v
      cross join lateral (
        select n, v.first_q + n as q, hashint8extended(v.first_q + n, 20261203) & 9223372036854775807 as h
        from generate_series(0, v.np - 1) n
      ) g
      join nat_combo c on (c.status, c.rej, c.reopen) = (
        case when g.h % 100 < 20 then 'closed' when g.h % 100 < 35 then 'accepted' when g.h % 100 < 50 then 'submitted'
             when g.h % 100 < 80 then 'rectifying' else 'open' end,
        case when g.h % 100 >= 80 then 0 else (array[0, 0, 1, 1, 1, 2, 2, 2, 3, 3])[1 + ((g.h >> 4) % 10)::int] end,
        g.h % 100 < 20 and (g.h >> 40) % 10 < 3)
      where v.v >= ${lo} and v.v < ${hi}`;
  }

  /** Step k's instant (k = 0: the creation). */
  private stepAt(k: string): string {
    return `case when ${k} = 0 then pg_temp.nat_ts(x.found_day, 540 + ((x.h >> 32) % 20)::int)
      else pg_temp.nat_ts(least(x.found_day + ${k} * x.gap, -1), 540 + ${k} * 20) end`;
  }

  /** Drops the secondary indexes of the ledger tables (kept: primary keys and unique constraints). */
  async dropIndexes(): Promise<void> {
    await this.phase('drop secondary indexes of the ledger tables', async () => {
      const { rows } = await this.main.query(
        `select i.indexname as name, i.tablename as "table", i.indexdef as def
         from pg_indexes i
         where i.schemaname = 'public'
           and i.tablename in ('problems', 'problem_history', 'measures', 'measure_problems', 'evidence')
           and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
         order by i.tablename, i.indexname`,
      );
      this.dropped = rows as typeof this.dropped;
      for (const r of this.dropped) await this.main.query(`drop index ${r.name}`);
      return this.dropped.length;
    });
  }

  async ledger(): Promise<void> {
    const person = (x: string) =>
      `(array[${SURNAMES.map(lit).join(',')}])[1 + (${x}) % ${SURNAMES.length}] || (array[${GIVEN.map(lit).join(',')}])[1 + ((${x}) / ${SURNAMES.length}) % ${GIVEN.length}]`;
    const titles = Array.from({ length: 40 }, (_, i) => {
      const demo = DEMO_STANDARD_AREAS[Math.floor(i / 4) % DEMO_STANDARD_AREAS.length]!;
      return demo.items[(i % 4) % demo.items.length]!.title;
    });
    const problemTexts = titles.flatMap((t) => PROBLEM_FORMS.map((f) => f(t)));
    const measureTexts = titles.flatMap((t) => MEASURE_FORMS.map((f) => f(t)));
    const arr = (xs: string[]) => `array[${xs.map(lit).join(',')}]`;
    const at = (k: string) => this.stepAt(k);
    const code = `'WT-' || to_char(date '${this.today}' + x.found_day, 'YYMM') || '-' || lpad((x.q + 1)::text, 7, '0')`;

    await this.phase('problems', () =>
      this.chunked(
        'problems',
        (lo, hi) => `insert into problems (id, code, organization_id, org_path, check_item_id, description, severity, source_round_id,
          source_group_id, found_on, found_by, owner_id, owner_name, responsible_org_id, lead_official, due_on, tags, status, is_public,
          remark, submitted_at, accepted_at, accepted_by, acceptance_opinion, closed_at, closed_by, version, created_at, updated_at,
          remind_on)
        select pg_temp.nat_id(${K.problem}, x.q), ${code}, x.org_id, x.path, pg_temp.nat_id(${K.item}, x.item),
          (${arr(problemTexts)})[1 + x.item * ${PROBLEM_FORMS.length} + ((x.h >> 44) % ${PROBLEM_FORMS.length})::int],
          case when (x.h >> 12) % 100 < 15 then 'critical' when (x.h >> 12) % 100 < 49 then 'major' else 'minor' end,
          null, null, pg_temp.nat_date(x.found_day), x.ver_id, null, ${person('(x.h >> 48)::int')}, x.org_id,
          ${person('(x.h >> 36)::int % 65536')}, pg_temp.nat_date(x.due_day), '[]', x.status, 1, null,
          case when x.k_submit is not null then ${at('x.k_submit')} end,
          case when x.k_accept is not null then ${at('x.k_accept')} end,
          case when x.k_accept is not null then x.ver_id end,
          case when x.k_accept is not null then ${lit(ACCEPT_OPINION)} end,
          case when x.k_close is not null then ${at('x.k_close')} end,
          case when x.k_close is not null then x.off_id end,
          1 + x.steps, ${at('0')}, ${at('x.steps')},
          -- "Look at it on the next run" (as the remind_on migration marks them): the reminders job works out the rest.
          case when x.status in ('open', 'rectifying', 'submitted') then '0000-01-01' end
        from (${this.generated(lo, hi)}) x
        order by x.q`,
      ),
    );

    await this.phase('problem_history', () =>
      this.chunked(
        'history',
        (lo, hi) => `insert into problem_history (id, problem_id, action, from_status, to_status, actor_id, at, reason, data)
        select pg_temp.nat_id(${K.history}, x.q * 16 + st.k), pg_temp.nat_id(${K.problem}, x.q), st.action, st.from_status, st.to_status,
          case st.actor when 'secretary' then x.sec_id when 'verifier' then x.ver_id else x.off_id end,
          ${at('st.k')}, st.reason, null
        from (${this.generated(lo, hi)}) x
        join nat_steps st on st.status = x.status and st.rej = x.rej and st.reopen = x.reopen
        order by x.q, st.k`,
      ),
    );

    await this.phase('measures', () =>
      this.chunked(
        'measures',
        (lo, hi) => `insert into measures (id, organization_id, org_path, description, owner_id, owner_name, due_on, progress, version,
          created_by, created_at, updated_at, review_id)
        select pg_temp.nat_id(${K.measure}, x.q), x.org_id, x.path,
          (${arr(measureTexts)})[1 + x.item * ${MEASURE_FORMS.length} + ((x.h >> 52) % ${MEASURE_FORMS.length})::int],
          null, ${person('(x.h >> 48)::int')}, pg_temp.nat_date(x.due_day),
          case x.status when 'open' then 0 when 'rectifying' then 20 + ((x.h >> 56) % 7)::int * 10 else 100 end,
          1, x.sec_id, pg_temp.nat_ts(x.found_day + 1, 660), pg_temp.nat_ts(x.found_day + 1, 660), null
        from (${this.generated(lo, hi)}) x
        order by x.q`,
      ),
    );

    await this.phase('measure_problems', () =>
      this.chunked(
        'measure links',
        (lo, hi) => `insert into measure_problems (measure_id, problem_id)
        select pg_temp.nat_id(${K.measure}, v.first_q + n), pg_temp.nat_id(${K.problem}, v.first_q + n)
        from nat_v v cross join lateral generate_series(0, v.np - 1) n
        where v.v >= ${lo} and v.v < ${hi}
        order by v.first_q + n`,
      ),
    );

    const sha = createHash('sha256').update('bench-photo').digest('hex');
    await this.phase('evidence (a photo per problem ever submitted)', () =>
      this.chunked(
        'evidence',
        (
          lo,
          hi,
        ) => `insert into evidence (id, sha256, size, mime, original_name, organization_id, problem_id, measure_id, note, uploaded_by, uploaded_at)
        select pg_temp.nat_id(${K.evidence}, x.q), '${sha}', 68, 'image/png', '整改现场照片.png', x.org_id, pg_temp.nat_id(${K.problem}, x.q),
          null, null, x.sec_id, ${at('x.k_first_submit')}
        from (${this.generated(lo, hi)}) x
        where x.k_first_submit is not null
        order by x.q`,
      ),
    );
  }

  /** Rebuilds the dropped indexes, one at a time (each with PostgreSQL's parallel maintenance workers). */
  async createIndexes(): Promise<void> {
    for (const r of this.dropped) await this.phase(`index ${r.name}`, async () => void (await this.main.query(r.def)));
  }

  /**
   * problem_counters and masking_words were not kept during the load (triggers off):
   * rebuilt with the statements their migrations use on an existing ledger;
   * problem_code_counters gets each month's highest number.
   */
  async derived(): Promise<void> {
    const w = this.main;
    await this.phase('problem_counters (the migration 2026-12-03-01 statement)', async () => {
      await w.query(`truncate problem_counters`);
      const r = await w.query(
        `insert into problem_counters (scope_id, status, due_on, n)
         select s.id, p.status, case when p.status in ('open', 'rectifying') then coalesce(p.due_on, '') else '' end, count(*)
         from problems p cross join lateral unnest(string_to_array(trim(both '/' from p.org_path), '/')) as s(id)
         group by 1, 2, 3`,
      );
      return r.rowCount ?? 0;
    });
    await this.phase('masking_words (the migration 2026-12-03-02 statement)', async () => {
      const r = await w.query(
        `insert into masking_words (kind, word, token)
         select kind, word, md5(random()::text || clock_timestamp()::text) from (
           select 'person' as kind, display_name as word from users
           union select 'person', owner_name from problems where owner_name is not null
           union select 'person', lead_official from problems where lead_official is not null
           union select 'person', owner_name from measures where owner_name is not null
           union select 'organization', name from organizations
         ) w
         order by kind, word
         on conflict (kind, word) do nothing`,
      );
      return r.rowCount ?? 0;
    });
    await this.phase('problem_code_counters', async () => {
      const r = await w.query(
        `insert into problem_code_counters (prefix, last)
         select substr(code, 1, 8), max(substr(code, 9)::int) from problems group by 1
         on conflict (prefix) do update set last = greatest(problem_code_counters.last, excluded.last)`,
      );
      return r.rowCount ?? 0;
    });
    await w.query(`drop table nat_v`);
    await w.query(`drop table nat_steps`);
    await w.query(`drop table nat_combo`);
  }

  /** VACUUM ANALYZE, table by table for the big ones (what autovacuum would have done after such inserts). */
  async vacuumAnalyze(): Promise<void> {
    for (const t of ['problems', 'problem_history', 'measures', 'measure_problems', 'evidence', 'problem_counters'])
      await this.phase(`vacuum analyze ${t}`, async () => void (await this.main.query(`vacuum (analyze) ${t}`)));
    await this.phase('vacuum analyze (the rest)', async () => void (await this.main.query(`vacuum (analyze)`)));
  }

  /**
   * Checks every foreign key of the tables written here with one anti-join
   * each (the per-row checks were off during the load). Returns the
   * violations found (expected: none).
   */
  async verifyForeignKeys(): Promise<string[]> {
    const bad: string[] = [];
    await this.phase('foreign keys checked (one anti-join each)', async () => {
      const { rows } = await this.main.query<{ child: string; col: string; parent: string; pcol: string; name: string }>(
        `select c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent, pa.attname as pcol, c.conname as name
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
         where c.contype = 'f' and array_length(c.conkey, 1) = 1
           and c.conrelid::regclass::text in ('organizations', 'users', 'role_assignments', 'standards', 'standard_versions',
             'standard_areas', 'check_items', 'problems', 'problem_history', 'measures', 'measure_problems', 'evidence')
         order by 1, 2`,
      );
      await Promise.all(
        this.workers.map(async (w, i) => {
          for (let j = i; j < rows.length; j += this.workers.length) {
            const f = rows[j]!;
            const r = await w.query<{ n: string }>(
              `select count(*) as n from ${f.child} c where c.${f.col} is not null
               and not exists (select 1 from ${f.parent} p where p.${f.pcol} = c.${f.col})`,
            );
            const n = Number(r.rows[0]?.n ?? 0);
            if (n > 0) bad.push(`${f.name}: ${n} rows`);
          }
        }),
      );
      return rows.length;
    });
    return bad;
  }

  /** The code prefix of problems recorded today (the first create of this month scans problems.code: see SCALING.md). */
  todayPrefix(): string {
    return problemCodePrefix(this.today);
  }
}
