import { DeleteQueryNode, InsertQueryNode, type Transaction, UpdateQueryNode } from 'kysely';
import { z } from 'zod';
import { lastCompletedWeek, reportDueAt, weekEndDate, weekPeriod, weeksBetween, weekStartOf } from '../../../domain/cadence.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import type {
  RecomputeBody,
  SnapshotWeek,
  SnapshotWeekList,
  Trend,
  TrendQuery,
  WeekStatistics,
  WeekStatisticsQuery,
} from '../../../domain/contracts/statistics.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import {
  addInto,
  emptyFigures,
  type Figures,
  SCOPE_ID,
  overdueMoreThan,
  REPORT_STATUSES,
  type ReportStatus,
} from '../../../domain/statistics.ts';
import { addDays, shanghaiDate } from '../../../domain/time.ts';
import type { Database, OrganizationRow } from '../../db/database.ts';
import { type Db, type DialectKind, isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor, ServiceContext } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { listChangesBetween } from '../audit/audit.repository.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { readAuditHeight } from '../portal/portal.repository.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { actorCanDistrictWide, loadCadenceRules } from '../settings/settings.service.ts';
import { freezeVenueWeek } from '../venues/venue-figures.ts';
import { freezeStudyWeek } from '../study/study-integration.ts';
import { organizationDirectory } from '../organizations/organization-directory.cache.ts';
import { DEFAULT_CACHE_OPTIONS } from '../rankings/assessment-cache.ts';
import { runOffThread } from '../rankings/off-thread.ts';
import { LiveFiguresCache, MAX_EVENTS, needsWholeCount } from './figures.cache.ts';
import { computeFigures, type OrgFigures } from './figures.service.ts';
import { type PackedFigures, unpackFigures } from './figures.transfer.ts';
import { presentFigures, presentOrgFigures, presentSnapshotWeek } from './statistics.presenter.ts';
import * as repo from './statistics.repository.ts';

const SNAPSHOT = '周统计';
const OverdueAgesSchema = z.array(z.number());

// ——— Freezing (the weekly job and the admin's recompute) ———

/** A week's figures as at its end (or now, for the running week). */
async function weekFigures(db: Executor, weekStart: string, now: Date): Promise<Map<string, OrgFigures>> {
  const rules = await loadCadenceRules(db);
  return computeFigures(db, { period: weekPeriod(weekStart), reportWeeks: [weekStart], rules, now });
}

/** How the snapshot's rows are written: rows a statement (tests use a small number to cross statement boundaries). */
export interface WriteOptions {
  rowsPerStatement?: number;
}

/** Rows are built this many at a time, between which the statement in flight is sent and answered. */
const ROWS_A_PIECE = 1_000;

/** The week's weekly_snapshots rows, built a piece at a time (a generator: built while the previous statement runs). */
function* weekRowPieces(
  weekStart: string,
  computedAt: string,
  figures: Map<string, OrgFigures>,
  pieceSize: number,
): Generator<repo.NewWeeklySnapshotRow[]> {
  let piece: repo.NewWeeklySnapshotRow[] = [];
  for (const { org, figures: f, reportStatus } of figures.values()) {
    piece.push({
      id: newId(),
      week_start: weekStart,
      organization_id: org.id,
      org_path: org.path,
      org_kind: org.kind,
      total: f.total,
      open: f.open,
      rectifying: f.rectifying,
      submitted: f.submitted,
      accepted: f.accepted,
      closed: f.closed,
      overdue: f.overdue,
      overdue_over_14: overdueMoreThan(f, 14),
      overdue_over_30: overdueMoreThan(f, 30),
      overdue_ages: JSON.stringify(f.overdueAges),
      new_count: f.newCount,
      accepted_count: f.acceptedCount,
      rejected_count: f.rejectedCount,
      closed_count: f.closedCount,
      late_acceptance_count: f.lateAcceptanceCount,
      measures_total: f.measuresTotal,
      measures_done: f.measuresDone,
      reports_expected: f.reportsExpected,
      reports_on_time: f.reportsOnTime,
      reports_late: f.reportsLate,
      reports_missing: f.reportsMissing,
      report_status: reportStatus,
      standard_score: f.standardScore,
      standard_max: f.standardMax,
      units_scored: f.unitsScored,
      units_attained: f.unitsAttained,
      computed_at: computedAt,
    });
    if (piece.length >= pieceSize) {
      yield piece;
      piece = [];
    }
  }
  if (piece.length) yield piece;
}

/** Inserts one row per organization of the week's figures; returns how many. */
function writeFigureRows(
  trx: Executor,
  kind: DialectKind,
  weekStart: string,
  now: Date,
  figures: Map<string, OrgFigures>,
  opts: WriteOptions,
): Promise<number> {
  const batch = opts.rowsPerStatement ?? repo.ROWS_A_STATEMENT;
  return repo.insertWeekRows(trx, kind, weekRowPieces(weekStart, now.toISOString(), figures, Math.min(ROWS_A_PIECE, batch)), batch);
}

/** The week's venue and Party-life rows, frozen with it. */
async function writeOtherWeekRows(trx: Executor, kind: DialectKind, weekStart: string, now: Date): Promise<void> {
  // 清零行动: the venues' state at the week's end is frozen with the week (modules/venues/venue-figures.ts).
  await freezeVenueWeek(trx, weekStart, now);
  // 两学一做, 三会一课, 坐班值班: the Party life's figures are frozen with the week too (modules/study/study-integration.ts).
  await freezeStudyWeek(trx, kind, weekStart, now);
}

/** Inserts one row per organization of the week's figures, and the week's venue and study rows; returns how many. */
async function writeWeekRows(
  trx: Executor,
  kind: DialectKind,
  weekStart: string,
  now: Date,
  figures: Map<string, OrgFigures>,
  opts: WriteOptions = {},
): Promise<number> {
  const n = await writeFigureRows(trx, kind, weekStart, now, figures, opts);
  await writeOtherWeekRows(trx, kind, weekStart, now);
  return n;
}

/**
 * `trx` for the Party-life freeze, calling `onFirstWrite` once, just before its first insert, update or delete:
 * freezeStudyWeek reads everything it needs first, then replaces the week's rows.
 */
function signallingFirstWrite(trx: Transaction<Database>, onFirstWrite: () => void): Executor {
  let fired = false;
  return trx.withPlugin({
    transformQuery(args) {
      if (!fired && (InsertQueryNode.is(args.node) || UpdateQueryNode.is(args.node) || DeleteQueryNode.is(args.node))) {
        fired = true;
        onFirstWrite();
      }
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
}

/**
 * Freezes one week for the scheduled job: its snapshot_weeks row, its rows and
 * one audit event, in one transaction. False when the week was already frozen
 * (by another process): the primary key on snapshot_weeks makes that safe.
 *
 * On PostgreSQL the work overlaps (docs/SCALING.md). The transaction claims the week and freezes the venues and
 * the Party life on its own connection; the figures are computed on the pool (computeFigures runs its reads on
 * several connections at once, outside the transaction: each statement sees its own snapshot all the same, read
 * committed) from the moment the Party-life freeze has read what it needs and starts writing (so that its reads
 * are not slowed by the figures' on the one Node thread); the figures' rows follow on the transaction's
 * connection as soon as the figures are ready, between the Party-life rows' statements, each statement's rows
 * built while the previous one runs. Still one transaction: a reader sees the whole week or nothing, and a
 * second process blocks on the week's row, then gives up. On SQLite (one connection, which the transaction
 * holds) the figures are computed first and the rows written one table after the other, as before.
 */
async function freezeWeekByJob(db: Db, weekStart: string, now: Date, opts: WriteOptions): Promise<boolean> {
  const ctx: ServiceContext = { db, actor: null, now, requestId: 'job:weekly-snapshot', ip: '' };
  let computing: Promise<Map<string, OrgFigures>> | null = null;
  const computeFigures = () => {
    if (!computing) {
      computing = weekFigures(db.kysely, weekStart, now);
      // Awaited by the writer, or below when the transaction fails first.
      computing.catch(() => undefined);
    }
    return computing;
  };
  try {
    const sqliteFigures = db.kind === 'sqlite' ? await computeFigures() : null;
    return await db.kysely.transaction().execute(async (trx) => {
      await repo.insertSnapshotWeek(trx, { weekStart, computedAt: now.toISOString(), computedBy: null, trigger: 'job' });
      let organizationCount: number;
      if (sqliteFigures) {
        organizationCount = await writeFigureRows(trx, db.kind, weekStart, now, sqliteFigures, opts);
        await writeOtherWeekRows(trx, db.kind, weekStart, now);
      } else {
        await freezeVenueWeek(trx, weekStart, now);
        let writing!: () => void;
        const studyWrites = new Promise<void>((resolve) => (writing = resolve));
        const study = freezeStudyWeek(signallingFirstWrite(trx, writing), db.kind, weekStart, now);
        // The figures start when the Party-life freeze starts writing, or has ended without writing; not if it failed.
        const figures = Promise.race([studyWrites, study.then(() => undefined)]).then(computeFigures);
        const [counted, other] = await Promise.allSettled([
          figures.then((f) => writeFigureRows(trx, db.kind, weekStart, now, f, opts)),
          study,
        ]);
        if (other.status === 'rejected') throw other.reason;
        if (counted.status === 'rejected') throw counted.reason;
        organizationCount = counted.value;
      }
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'snapshot.frozen', weekStart, organizations: organizationCount, trigger: 'job' },
        { entityType: 'snapshot', entityId: weekStart, organizationId: null },
        null,
      );
      return true;
    });
  } catch (err) {
    // Nothing of this freeze keeps running on the pool after it failed.
    if (computing) await (computing as Promise<unknown>).catch(() => undefined);
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * The weekly job's work: freezes every completed week not yet frozen, oldest
 * first, from the week of the ledger's first history row (or just the last
 * completed week when the ledger is empty) to the last completed week. That
 * range is what makes a restart after downtime catch up. Returns the weeks it froze.
 */
export async function freezeDueWeeks(db: Db, now: Date, opts: WriteOptions = {}): Promise<string[]> {
  const last = lastCompletedWeek(now);
  const firstAt = await repo.earliestHistoryAt(db.kysely);
  const first = firstAt ? weekStartOf(new Date(firstAt)) : last;
  if (first > last) return [];
  const done = new Set((await repo.listSnapshotWeeks(db.kysely, { from: first, to: last })).map((r) => r.week_start));
  const frozen: string[] = [];
  for (const week of weeksBetween(first, last)) {
    if (done.has(week)) continue;
    if (await freezeWeekByJob(db, week, now, opts)) frozen.push(week);
  }
  return frozen;
}

/**
 * Recomputes a completed week's snapshot (or freezes it, with version 0, if it
 * never was). Throws FORBIDDEN (not a district-wide admin), VALIDATION_FAILED
 * (the week has not ended), CONFLICT (stale version).
 */
export async function recomputeWeek(ctx: AuthedContext, weekStart: string, body: RecomputeBody): Promise<SnapshotWeek> {
  if (!actorCanDistrictWide(ctx.actor, 'snapshot.recompute'))
    throw forbidden('只有区级管理员可以重算周统计 (only a district admin may recompute)');
  const last = lastCompletedWeek(ctx.now);
  if (weekStart > last) {
    throw new AppError(
      'VALIDATION_FAILED',
      `这一周还没有结束，不能冻结或重算；最近结束的一周从 ${last} 开始 (the week has not ended yet)`,
      {
        fields: [{ in: 'path', path: 'week', message: 'not completed' }],
      },
    );
  }
  const at = ctx.now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (body.version === 0) {
      try {
        await repo.insertSnapshotWeek(trx, { weekStart, computedAt: at, computedBy: ctx.actor.userId, trigger: 'recompute' });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(SNAPSHOT);
        throw err;
      }
    } else {
      const bumped = await repo.bumpSnapshotWeekIfVersion(trx, {
        weekStart,
        version: body.version,
        computedAt: at,
        computedBy: ctx.actor.userId,
      });
      if (!bumped) throw conflict(SNAPSHOT);
      await repo.deleteWeekRows(trx, weekStart);
    }
    const organizationCount = await writeWeekRows(trx, ctx.db.kind, weekStart, ctx.now, await weekFigures(trx, weekStart, ctx.now));
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'snapshot.frozen', weekStart, organizations: organizationCount, trigger: 'recompute' },
      { entityType: 'snapshot', entityId: weekStart, organizationId: null },
    );
  });
  const row = await repo.findSnapshotWeek(ctx.db.kysely, weekStart);
  if (!row) throw notFound(SNAPSHOT);
  return presentSnapshotWeek(row, true);
}

// ——— Reading ———

function orgFiguresFromRow(r: repo.WeekRow): OrgFigures {
  const ids = pathIds(r.org_path);
  const figures: Figures = {
    ...emptyFigures(),
    total: Number(r.total),
    open: Number(r.open),
    rectifying: Number(r.rectifying),
    submitted: Number(r.submitted),
    accepted: Number(r.accepted),
    closed: Number(r.closed),
    overdue: Number(r.overdue),
    overdueAges: OverdueAgesSchema.parse(JSON.parse(r.overdue_ages)),
    newCount: Number(r.new_count),
    acceptedCount: Number(r.accepted_count),
    rejectedCount: Number(r.rejected_count),
    closedCount: Number(r.closed_count),
    lateAcceptanceCount: Number(r.late_acceptance_count),
    measuresTotal: Number(r.measures_total),
    measuresDone: Number(r.measures_done),
    reportsExpected: Number(r.reports_expected),
    reportsOnTime: Number(r.reports_on_time),
    reportsLate: Number(r.reports_late),
    reportsMissing: Number(r.reports_missing),
    standardScore: Number(r.standard_score),
    standardMax: Number(r.standard_max),
    unitsScored: Number(r.units_scored),
    unitsAttained: Number(r.units_attained),
  };
  const reportStatus = (REPORT_STATUSES as readonly string[]).includes(r.report_status ?? '') ? (r.report_status as ReportStatus) : null;
  return {
    // The tree as it was when frozen: the parent comes from the frozen path, not from today's tree.
    org: {
      id: r.organization_id,
      parentId: ids.length > 1 ? ids[ids.length - 2]! : null,
      path: r.org_path,
      kind: r.org_kind,
      name: r.organization_name ?? '',
      depth: ids.length - 1,
    },
    figures,
    reportStatus,
  };
}

/** Exported for tests: how the last answer came to be (`lastWay`). */
export const liveFiguresCache = new LiveFiguresCache();

/**
 * The subtree whose live figures answer for `org`: its own (a subdistrict's is a hundredth of a province's), or
 * undefined, the whole tree, for the only root (the same figures; the whole tree is counted without the range
 * test on every row, which at province scale made the week's decisions take 1 s instead of 1 ms).
 */
async function scopeOf(db: Executor, org: Pick<OrganizationRow, 'parent_id' | 'path'>): Promise<string | undefined> {
  if (org.parent_id !== null) return org.path;
  return (await organizations.listRootPaths(db)).length <= 1 ? undefined : org.path;
}

/**
 * A week's figures computed live (as at its end, or now for the running week) for the subtree of `org`, kept
 * between requests and brought up to date after a write (figures.cache.ts): the rows of `org` and of its descendants.
 * `warm`: the warmer's call (warmLiveFigures), whose whole count of the scope runs on the worker thread.
 */
async function liveWeekFigures(
  db: Executor,
  weekStart: string,
  now: Date,
  org: Pick<OrganizationRow, 'parent_id' | 'path'>,
  warm?: { onFallback?: (err: unknown) => void },
): Promise<Map<string, OrgFigures>> {
  const rootPath = await scopeOf(db, org);
  const rules = await loadCadenceRules(db);
  const period = weekPeriod(weekStart);
  const compute = async (subtree: string | undefined) => {
    // The warmer's whole count of a large tree (a province: ≈ 0.5 s of SQLite and sums, every other request
    // waiting) runs on the worker thread; the cache does not make readers wait for it (figures.cache.ts). A
    // reader's own count does not: through the worker it took ≈ 0.8–1.1 s instead of ≈ 0.5 s (the worker's own
    // connection and JIT, the result's trip; ≈ 2.7 s when the worker had to start). A subtree counted again after
    // a write is small.
    if (warm && subtree === rootPath) {
      try {
        return unpackFigures(
          await runOffThread<PackedFigures>(db, { kind: 'figures', week: weekStart, rules, now: now.toISOString(), rootPath }),
        );
      } catch (err) {
        // Not reachable from the worker (a database in memory), or the worker failed: counted here, and said.
        warm.onFallback?.(err);
      }
    }
    return computeFigures(db, { period, reportWeeks: [weekStart], rules, now, rootPath: subtree });
  };
  return liveFiguresCache.get(db, { week: weekStart, rootPath, now, context: liveContext(weekStart, rules, now) }, compute, !!warm);
}

/** Organizations (not archived) under each root, counted once per directory (a nation's: ≈ 0.5 M rows). */
const treeSizes = new WeakMap<object, Map<string, number>>();

async function sizeOfTree(db: Executor, rootPath: string): Promise<number> {
  const directory = await organizationDirectory.get(db);
  let sizes = treeSizes.get(directory);
  if (!sizes) {
    sizes = new Map();
    for (const o of directory.all) {
      if (o.archived_at !== null) continue;
      const root = o.path.slice(0, o.path.indexOf('/', 1) + 1);
      sizes.set(root, (sizes.get(root) ?? 0) + 1);
    }
    treeSizes.set(directory, sizes);
  }
  return sizes.get(rootPath) ?? 0;
}

/** A tree of this many organizations counts as large, as for the assessments (a province; a district has ≈ 300). */
const LARGE_TREE = DEFAULT_CACHE_OPTIONS.largeFrom;

/**
 * 一周一统计's running week of each large tree brought up to date as at `now`, as a reader would (kept, derived from
 * what was kept, or counted whole on the worker thread, ahead of the 15-minute recount the cache asks for): what
 * figures.warm.ts runs every half minute, so that the first reader after a quiet spell, after a recount or on a new
 * day finds the figures kept instead of counting them in its request. A tree below `largeFrom` organizations is
 * left to its readers (counted in ≈ 10 ms). `onFallback`: told when a whole count could not run on the worker and
 * ran on the main thread. Answers how many trees it brought up to date.
 */
export async function warmLiveFigures(
  db: Executor,
  now: Date,
  options: { largeFrom?: number; onFallback?: (err: unknown) => void } = {},
): Promise<number> {
  let warmed = 0;
  for (const path of await organizations.listRootPaths(db)) {
    if ((await sizeOfTree(db, path)) < (options.largeFrom ?? LARGE_TREE)) continue;
    await liveWeekFigures(db, weekStartOf(now), now, { parent_id: null, path }, { onFallback: options.onFallback });
    warmed++;
  }
  return warmed;
}

/** What the running week's kept figures rest on at a moment: where the warmer's last step began (figures.warm.ts). */
export interface LiveFiguresMark {
  /** The audit chain's height. */
  height: number;
  /** The organizations' generation (any change to the tree moves it). */
  generation: number;
  /** liveContext of the running week: the day, whether its report has fallen due, the rules. */
  context: string;
}

/** Three small reads: the audit height, the organizations' generation, and the running week's context at `now`. */
export async function markLiveFigures(db: Executor, now: Date): Promise<LiveFiguresMark> {
  const [height, generation, rules] = await Promise.all([readAuditHeight(db), readGeneration(db, 'organizations'), loadCadenceRules(db)]);
  return { height, generation, context: liveContext(weekStartOf(now), rules, now) };
}

/**
 * Whether, since `base` (where the warmer's last step began), something happened after which a reader of a large
 * tree's running week would count everything rather than derive from what is kept (figures.cache.ts): the
 * organizations' generation or the context moved (a change to the tree, a new day, the week's report fallen due,
 * the rules), or the events chained since include one that is not one organization's (an inspection round, an
 * import …), one of a root itself, or more events or organizations than a derivation takes (`needsWholeCount`).
 * The rarer reasons a derivation gives up (an event of an archived organization, a clock running ahead, a gap
 * in the chain) are left to the warmer's steps. Nothing when no tree is large: a district's readers count for
 * themselves in milliseconds.
 */
export async function needsWholeCountSince(
  db: Executor,
  now: Date,
  base: LiveFiguresMark,
  options: { largeFrom?: number } = {},
): Promise<boolean> {
  const roots = await organizations.listRootPaths(db);
  let anyLarge = false;
  for (const path of roots) anyLarge ||= (await sizeOfTree(db, path)) >= (options.largeFrom ?? LARGE_TREE);
  if (!anyLarge) return false;
  const mark = await markLiveFigures(db, now);
  if (mark.generation !== base.generation || mark.context !== base.context) return true;
  if (mark.height <= base.height) return false;
  const rootIds = new Set(roots.map((path) => pathIds(path)[0]!));
  return needsWholeCount(await listChangesBetween(db, base.height, mark.height, MAX_EVENTS + 1), rootIds);
}

/**
 * What a week's live figures depend on at `now` besides the record: the rules, and for a running week the day
 * that decides overdue and whether its report has fallen due (computeFigures). Two readers with the same context
 * count the same from the same record, except for rows stamped between their clocks (figures.cache.ts).
 */
export function liveContext(weekStart: string, rules: CadenceRules, now: Date): string {
  const running = weekPeriod(weekStart).to.getTime() > now.getTime();
  const due = reportDueAt(weekStart, rules.reports.dueWeekday, rules.reports.dueTime).getTime() <= now.getTime();
  return `${running ? shanghaiDate(now) : 'ended'}|${due}|${JSON.stringify(rules)}`;
}

/**
 * A frozen week's rows (of `org` and its children as frozen; without `org`, every organization's) when it was
 * frozen, else its live figures for the subtree of `org`.
 */
async function readWeek(db: Executor, weekStart: string, now: Date, org: Pick<OrganizationRow, 'id' | 'parent_id' | 'path'> | null) {
  const head = await repo.findSnapshotWeek(db, weekStart);
  if (head) {
    const rows = org ? await repo.listWeekRowsOfChildren(db, weekStart, org.id) : await repo.listWeekRows(db, weekStart);
    return { head, rows: new Map(rows.map((r) => [r.organization_id, orgFiguresFromRow(r)])) };
  }
  if (org) return { head: null, rows: await liveWeekFigures(db, weekStart, now, org) };
  const rules = await loadCadenceRules(db);
  return { head: null, rows: await computeFigures(db, { period: weekPeriod(weekStart), reportWeeks: [weekStart], rules, now }) };
}

/**
 * A week's figures of every organization: the frozen snapshot when there is
 * one, else computed live (as at the week's end, or now for the running week).
 */
export async function figuresForWeek(
  db: Executor,
  weekStart: string,
  now: Date,
): Promise<{ frozen: boolean; rows: Map<string, OrgFigures> }> {
  const { head, rows } = await readWeek(db, weekStart, now, null);
  return { frozen: head !== null, rows };
}

/** The organization asked for (in the reader's scope), or the reader's widest scope. Throws NOT_FOUND, FORBIDDEN. */
async function resolveOrganization(ctx: AuthedContext, organizationId: string | undefined): Promise<OrganizationRow> {
  if (organizationId) {
    const org = await organizations.findById(ctx.db.kysely, organizationId);
    if (!org || !actorCan(ctx.actor, 'problem.read', org.path)) throw notFound('组织');
    return org;
  }
  const root = scopeRoots(ctx.actor.assignments, 'problem.read')[0];
  if (!root) throw forbidden('您没有查看统计的权限');
  const org = await organizations.findById(ctx.db.kysely, pathIds(root).at(-1)!);
  if (!org) throw notFound('组织');
  return org;
}

function emptyEntry(org: OrganizationRow): OrgFigures {
  return {
    org: { id: org.id, parentId: org.parent_id, path: org.path, kind: org.kind, name: org.name, depth: Number(org.depth) },
    figures: emptyFigures(),
    reportStatus: null,
  };
}

function futureWeek(current: string): AppError {
  return new AppError('VALIDATION_FAILED', `不能查看未来的周；本周从 ${current} 开始 (the week is in the future)`, {
    fields: [{ in: 'query', path: 'week', message: 'in the future' }],
  });
}

/**
 * The ids of each organization's children in a week's figures, per map: a province's kept live figures hold
 * 20,000 entries, scanned on every reading before. The maps kept between requests change in place only by
 * replacing entries of the same organizations (figures.cache.ts), so the ids stay true for the map's life.
 */
const childIds = new WeakMap<ReadonlyMap<string, OrgFigures>, Map<string, string[]>>();

function childrenOf(rows: ReadonlyMap<string, OrgFigures>, parentId: string): OrgFigures[] {
  let index = childIds.get(rows);
  if (!index) {
    index = new Map();
    for (const e of rows.values()) {
      if (e.org.parentId === null) continue;
      let ids = index.get(e.org.parentId);
      if (!ids) index.set(e.org.parentId, (ids = []));
      ids.push(e.org.id);
    }
    childIds.set(rows, index);
  }
  return (index.get(parentId) ?? []).map((id) => rows.get(id)!);
}

/** One week of an organization and its direct children. Throws NOT_FOUND (out of scope), VALIDATION_FAILED (a future week). */
export async function getWeekStatistics(ctx: AuthedContext, query: WeekStatisticsQuery): Promise<WeekStatistics> {
  const current = weekStartOf(ctx.now);
  const week = query.week ?? current;
  if (week > current) throw futureWeek(current);
  const canRecompute = actorCanDistrictWide(ctx.actor, 'snapshot.recompute') && week <= lastCompletedWeek(ctx.now);
  const roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (!query.organizationId && roots.length > 1) return scopeWeek(ctx, week, roots, canRecompute);
  const org = await resolveOrganization(ctx, query.organizationId);
  const { head, rows } = await readWeek(ctx.db.kysely, week, ctx.now, org);
  const self = rows.get(org.id) ?? emptyEntry(org);
  const children = childrenOf(rows, org.id)
    // A village's 党支部 holds none of its problems: a row of zeros above 合计（上庄村）11 read as missing data.
    .filter((c) => c.org.kind !== 'branch' || !isBlankFigures(c.figures))
    .sort((a, b) => a.org.name.localeCompare(b.org.name, 'zh-CN'));
  return weekAnswer(ctx, week, head, self, children, canRecompute);
}

/** A week's answer: its organization (or the reader's several) and the rows under it, frozen or live. */
function weekAnswer(
  ctx: AuthedContext,
  week: string,
  head: Awaited<ReturnType<typeof readWeek>>['head'],
  self: OrgFigures,
  children: readonly OrgFigures[],
  canRecompute: boolean,
): WeekStatistics {
  return {
    week,
    weekEnd: weekEndDate(week),
    frozen: head !== null,
    computedAt: head?.computed_at ?? ctx.now.toISOString(),
    trigger: head ? (head.trigger === 'recompute' ? 'recompute' : 'job') : null,
    version: head ? Number(head.version) : 0,
    organization: presentOrgFigures(self),
    children: children.map(presentOrgFigures),
    allowedActions: canRecompute ? ['recompute'] : [],
  };
}

/** Nothing to count: no problem, no measure, no report due. */
const isBlankFigures = (f: Figures) => f.total === 0 && f.measuresTotal === 0 && f.reportsExpected === 0;

/**
 * A week of a reader whose scope is several organizations and no one above them (a liaison group's member and its
 * villages): a row each, and their sum as the total (kind `scope`). Before, the page opened on the first village
 * alone, and the group's villages could only be read one by one.
 */
async function scopeWeek(ctx: AuthedContext, week: string, roots: readonly string[], canRecompute: boolean): Promise<WeekStatistics> {
  const db = ctx.db.kysely;
  let head: Awaited<ReturnType<typeof readWeek>>['head'] = null;
  const children: OrgFigures[] = [];
  for (const root of roots) {
    const org = await organizations.findById(db, pathIds(root).at(-1)!);
    if (!org) continue;
    const read = await readWeek(db, week, ctx.now, org);
    head = read.head;
    children.push(read.rows.get(org.id) ?? emptyEntry(org));
  }
  children.sort((a, b) => a.org.name.localeCompare(b.org.name, 'zh-CN'));
  const figures = emptyFigures();
  for (const c of children) addInto(figures, c.figures);
  const self: OrgFigures = {
    org: { id: SCOPE_ID, parentId: null, path: '', kind: 'scope', name: '我的范围', depth: 0 },
    figures,
    reportStatus: null,
  };
  return weekAnswer(ctx, week, head, self, children, canRecompute);
}

/** An organization's frozen weeks in the window, oldest first, then the running week live. Throws NOT_FOUND. */
export async function getTrend(ctx: AuthedContext, query: TrendQuery): Promise<Trend> {
  const org = await resolveOrganization(ctx, query.organizationId);
  const current = weekStartOf(ctx.now);
  const from = addDays(current, -7 * (query.weeks - 1));
  const points: Trend['points'] = [];
  if (query.weeks > 1) {
    for (const r of await repo.listOrgSeries(ctx.db.kysely, org.id, from, addDays(current, -7))) {
      const e = orgFiguresFromRow(r);
      points.push({ week: r.week_start, frozen: true, figures: presentFigures(e.figures), reportStatus: e.reportStatus });
    }
  }
  const live = await liveWeekFigures(ctx.db.kysely, current, ctx.now, org);
  const e = live.get(org.id) ?? emptyEntry(org);
  points.push({ week: current, frozen: false, figures: presentFigures(e.figures), reportStatus: e.reportStatus });
  return { organizationId: org.id, organizationName: org.name, points };
}

/** The frozen weeks, newest first. Throws FORBIDDEN without problem.read anywhere. */
export async function listSnapshotWeeks(ctx: AuthedContext): Promise<SnapshotWeekList> {
  if (scopeRoots(ctx.actor.assignments, 'problem.read').length === 0) throw forbidden('您没有查看统计的权限');
  const last = lastCompletedWeek(ctx.now);
  const canRecompute = actorCanDistrictWide(ctx.actor, 'snapshot.recompute');
  const rows = await repo.listSnapshotWeeks(ctx.db.kysely);
  return { items: rows.map((r) => presentSnapshotWeek(r, canRecompute && r.week_start <= last)), lastCompletedWeek: last };
}
