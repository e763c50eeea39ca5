import { type Period, reportDueAt } from '../../../domain/cadence.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import { isActionable, isCounted, PROBLEM_STATUSES, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { emptyFigures, type Figures, type ReportStatus } from '../../../domain/statistics.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { toBool } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { isAttained } from '../../../domain/attainment-workflow.ts';
import { computeVillageStandings } from '../attainments/village-scores.service.ts';
import * as repo from './figures.repository.ts';

/** Organization kinds that file weekly reports in 'organization' mode. */
export const REPORTING_KINDS: readonly string[] = ['village', 'community'];

export interface OrgNode {
  id: string;
  parentId: string | null;
  path: string;
  kind: string;
  name: string;
  depth: number;
  /** When the organization was added: it reports only for weeks that began after. */
  createdAt?: string;
}

export interface OrgFigures {
  org: OrgNode;
  /** The organization's whole subtree, itself included. */
  figures: Figures;
  /** For a reporting unit and a one-week period: how its report went; null otherwise. */
  reportStatus: ReportStatus | null;
}

export interface FiguresRequest {
  period: Period;
  /** Weeks (Mondays) whose reports count in the period: the week itself, or the weeks ending in a month. */
  reportWeeks: readonly string[];
  rules: CadenceRules;
  /** Figures "as at" min(now, period end); reports not yet due are not expected. */
  now: Date;
  /**
   * Only this root's tree (a province in a database of several: each root runs its own program). Absent: every
   * organization. Given only when the database holds more than one root (assessment.service.ts assessmentRoot).
   */
  rootPath?: string;
}

const DAY_MS = 86_400_000;
const ACTIONABLE: readonly ProblemStatus[] = PROBLEM_STATUSES.filter(isActionable);

/**
 * The figures of every organization taking part in a period (ownEntries), rolled up
 * the tree. Status and overdue are as at the period's end (or now, for a
 * period still running), reconstructed from problem_history so a week frozen
 * late (catch-up, recompute) counts what was true then; so are the villages'
 * scores against the standard and their 达标 (attainment_history). Withdrawn
 * problems count nowhere. Deadlines and measure
 * progress are taken as they are now (their history is not versioned).
 * The database aggregates per organization (figures.repository.ts), so the
 * memory used grows with organizations and overdue problems, not with the
 * ledger (docs/PERFORMANCE.md, "Cadence").
 */
export async function computeFigures(db: Executor, req: FiguresRequest): Promise<Map<string, OrgFigures>> {
  const { period, now } = req;
  const running = period.to.getTime() > now.getTime();
  // +1 ms: something recorded at this very instant already counts.
  const end = running ? new Date(now.getTime() + 1) : period.to;
  const endIso = end.toISOString();
  const evalDay = running ? shanghaiDate(now) : period.lastDay;

  // Independent reads: on a pool (PostgreSQL outside a transaction) they run on several connections at once; on
  // one connection (SQLite, a transaction) one after the other.
  const [own, problemCounts, decisions, measures] = await Promise.all([
    ownEntries(db, req.rootPath, running ? undefined : endIso),
    repo.countProblemsByOrganization(db, {
      end: endIso,
      evalDay,
      asAt: running ? 'now' : 'end',
      statuses: PROBLEM_STATUSES,
      actionable: ACTIONABLE,
      rootPath: req.rootPath,
    }),
    repo.countDecisionsBetween(db, period.from.toISOString(), endIso, req.rootPath),
    repo.countMeasures(db, endIso, req.rootPath),
  ]);

  // Aggregated in SQL per organization (and status, action): memory grows with organizations and overdue problems.
  const ageOf = new Map<string, number>();
  for (const r of problemCounts) {
    const f = own.get(r.organization_id)?.figures;
    if (!f) continue;
    for (const status of PROBLEM_STATUSES) {
      // Withdrawn (撤销) problems were recorded by mistake: they count nowhere.
      if (!isCounted(status)) continue;
      f.total += r.byStatus[status] ?? 0;
      f[status] += r.byStatus[status] ?? 0;
    }
    for (const due of r.overdueDue) {
      let age = ageOf.get(due);
      if (age === undefined) ageOf.set(due, (age = Math.round((Date.parse(evalDay) - Date.parse(due)) / DAY_MS)));
      f.overdue += 1;
      f.overdueAges.push(age);
    }
  }

  for (const r of decisions) {
    const f = own.get(r.organization_id)?.figures;
    if (!f) continue;
    switch (r.action) {
      case 'create':
        f.newCount += r.n;
        break;
      case 'accept':
        f.acceptedCount += r.n;
        f.lateAcceptanceCount += r.late;
        break;
      case 'reject':
        f.rejectedCount += r.n;
        break;
      case 'close':
        f.closedCount += r.n;
        break;
    }
  }

  for (const m of measures) {
    const f = own.get(m.organization_id)?.figures;
    if (!f) continue;
    f.measuresTotal += m.n;
    f.measuresDone += m.done;
  }

  await countReports(db, req, own);

  // Standing against the standard: each village's latest round as at the period's end.
  for (const [orgId, st] of await computeVillageStandings(db, { end: endIso, asAt: running ? 'now' : 'end', rootPath: req.rootPath })) {
    const f = own.get(orgId)?.figures;
    if (!f) continue;
    f.standardScore += st.score.score;
    f.standardMax += st.score.max;
    f.unitsScored += 1;
    if (isAttained(st.attainment.status)) f.unitsAttained += 1;
  }

  return rollUp(own);
}

/**
 * Every organization taking part in the period, with empty figures of its own: not archived, or, for a period that
 * has ended (`endedAt`), archived since its end (a village archived later keeps its place in the months it was in).
 */
async function ownEntries(db: Executor, rootPath?: string, endedAt?: string): Promise<Map<string, OrgFigures>> {
  const own = new Map<string, OrgFigures>();
  for (const o of await repo.listOrganizations(db, rootPath, endedAt)) {
    const org: OrgNode = {
      id: o.id,
      parentId: o.parent_id,
      path: o.path,
      kind: o.kind,
      name: o.name,
      depth: Number(o.depth),
      createdAt: o.created_at,
    };
    own.set(o.id, { org, figures: emptyFigures(), reportStatus: null });
  }
  return own;
}

/**
 * Every organization's own figures added to each ancestor on its path, in
 * place. Deepest first, each subtree's sum (complete by then) is added once to
 * its nearest ancestor: one addition per organization, not one per ancestor,
 * and no second set of figures (530,031 organizations at national scale).
 * Depth is the path's number of ids and the nearest ancestor is the parent when
 * it is listed (no array of ids for most organizations: less garbage to collect).
 */
function rollUp(own: Map<string, OrgFigures>): Map<string, OrgFigures> {
  const byDepth: OrgFigures[][] = [];
  for (const e of own.values()) (byDepth[idCount(e.org.path)] ??= []).push(e);
  for (let depth = byDepth.length - 1; depth >= 0; depth--) {
    for (const e of byDepth[depth] ?? []) {
      const ancestor = nearestAncestor(own, e.org);
      if (ancestor) addSubtree(ancestor.figures, e.figures);
    }
  }
  for (const e of own.values()) sortDescending(e.figures.overdueAges);
  return own;
}

/** How many ids a path `/a/b/c/` holds. */
function idCount(path: string): number {
  let n = 0;
  for (let i = 1; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/** The closest organization above `org` on its path that is listed (its parent, unless archived). */
function nearestAncestor(own: Map<string, OrgFigures>, org: OrgNode): OrgFigures | undefined {
  const parent = org.parentId === null ? undefined : own.get(org.parentId);
  if (
    parent &&
    org.path.length > parent.org.path.length &&
    org.path.startsWith(parent.org.path) &&
    idCount(org.path) === idCount(parent.org.path) + 1
  )
    return parent;
  const ids = pathIds(org.path);
  for (let i = ids.length - 2; i >= 0; i--) {
    const ancestor = own.get(ids[i]!);
    if (ancestor) return ancestor;
  }
  return undefined;
}

/**
 * `kept` (computeFigures' result for a scope) brought up to date in place with the subtrees of `fresh`
 * (computeFigures' results for each subtree alone, counted later): each subtree's entries replaced, and every
 * ancestor listed in `kept` moved by the difference between the subtree root's figures then and now. The live
 * figures' cache (figures.cache.ts) derives a result after a write this way instead of counting the whole tree
 * again. In place and at once: a province's map holds 20,000 entries, and copying it took 7–35 ms on this
 * machine; every entry replaced is a new object (an entry handed out earlier is never changed), and the map
 * changes in one synchronous step, after every subtree has been checked, so a reader sees it before or after,
 * never half done. False, and `kept` unchanged, when a subtree holds organizations `kept` does not (one added or
 * moved meanwhile): the caller counts everything again.
 */
export function replaceSubtrees(
  kept: Map<string, OrgFigures>,
  fresh: ReadonlyArray<{ rootId: string; figures: ReadonlyMap<string, OrgFigures> }>,
): boolean {
  for (const { rootId, figures } of fresh) {
    const before = kept.get(rootId);
    if (!before || figures.get(rootId)?.org.path !== before.org.path) return false;
    for (const [id, e] of figures) if (kept.get(id)?.org.path !== e.org.path) return false;
  }
  for (const { rootId, figures } of fresh) {
    const before = kept.get(rootId)!;
    const after = figures.get(rootId)!;
    for (const id of pathIds(before.org.path).slice(0, -1)) {
      const ancestor = kept.get(id);
      if (!ancestor) continue;
      const moved = { ...ancestor.figures };
      for (const key of COUNT_KEYS) moved[key] = ancestor.figures[key] - before.figures[key] + after.figures[key];
      moved.overdueAges = replaceAges(ancestor.figures.overdueAges, before.figures.overdueAges, after.figures.overdueAges);
      kept.set(id, { ...ancestor, figures: moved });
    }
    for (const [id, e] of figures) kept.set(id, e);
  }
  return true;
}

/**
 * A copy of `ages` (largest first) without one occurrence of each of `removed`, with each of `added`, still largest
 * first: a native copy and a splice per age (a province root holds tens of thousands of ages; a village a few).
 */
function replaceAges(ages: readonly number[], removed: readonly number[], added: readonly number[]): number[] {
  if (removed.length === added.length && removed.every((age, i) => added[i] === age)) return ages as number[];
  const out = ages.slice();
  for (const age of removed) {
    const at = firstAtMost(out, age);
    if (out[at] === age) out.splice(at, 1);
  }
  for (const age of added) out.splice(firstAtMost(out, age), 0, age);
  return out;
}

/** In `ages` (largest first), the index of the first age ≤ `age` (its length when none is). */
function firstAtMost(ages: readonly number[], age: number): number {
  let lo = 0;
  let hi = ages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ages[mid]! > age) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The figures' counts (every key but the overdue ages). */
const COUNT_KEYS = (Object.keys(emptyFigures()) as Array<keyof Figures>).filter(
  (k): k is Exclude<keyof Figures, 'overdueAges'> => k !== 'overdueAges',
);

/** addInto, with a whole subtree's overdue ages (a province's: too many to spread into one push() call). */
function addSubtree(into: Figures, from: Figures): void {
  for (const key of COUNT_KEYS) into[key] += from[key];
  for (const age of from.overdueAges) into.overdueAges.push(age);
}

/** In place, largest first; a typed array's numeric sort for the long lists (a province's, the nation's). */
function sortDescending(ages: number[]): void {
  if (ages.length < 64) {
    ages.sort((a, b) => b - a);
    return;
  }
  const sorted = Float64Array.from(ages).sort();
  for (let i = 0; i < sorted.length; i++) ages[i] = sorted[sorted.length - 1 - i]!;
}

/**
 * Only the weekly-report figures (expected, on time, late, missing) of the
 * given weeks, rolled up the tree: for 跟踪督查到位 over several weeks, without
 * the ledger's counts. `rootPath`: that root's tree alone, as for computeFigures.
 */
export async function computeReportFigures(
  db: Executor,
  req: Pick<FiguresRequest, 'reportWeeks' | 'rules' | 'now' | 'rootPath'>,
): Promise<Map<string, OrgFigures>> {
  const own = await ownEntries(db, req.rootPath);
  await countReports(db, req, own);
  return rollUp(own);
}

async function countReports(
  db: Executor,
  req: Pick<FiguresRequest, 'reportWeeks' | 'rules' | 'now' | 'rootPath'>,
  own: Map<string, OrgFigures>,
): Promise<void> {
  const { rules, now } = req;
  // Each week's due instant, computed once (not once per unit).
  const dueWeeks = req.reportWeeks
    .map((week) => ({ week, dueAt: reportDueAt(week, rules.reports.dueWeekday, rules.reports.dueTime) }))
    .filter((w) => w.dueAt.getTime() <= now.getTime())
    .map((w) => ({ week: w.week, dueIso: w.dueAt.toISOString() }));
  if (dueWeeks.length === 0) return;
  const unitType = rules.reports.unit;
  const filed = new Map<string, boolean>();
  for (const r of await repo.listReports(
    db,
    dueWeeks.map((w) => w.week),
    req.rootPath,
  )) {
    if (r.unit_type === unitType && r.submitted_at !== null) filed.set(`${r.week_start}|${r.unit_id}`, toBool(r.is_late));
  }
  // A unit added in the middle of the program owes the reports falling due after it existed.
  const tally = (f: Figures, unitId: string, createdAt: string | undefined): ReportStatus | null => {
    let last: ReportStatus | null = null;
    for (const { week, dueIso } of dueWeeks) {
      if (createdAt !== undefined && createdAt >= dueIso) continue;
      f.reportsExpected++;
      const late = filed.get(`${week}|${unitId}`);
      last = late === undefined ? 'missing' : late ? 'late' : 'on_time';
      if (last === 'missing') f.reportsMissing++;
      else if (last === 'late') f.reportsLate++;
      else f.reportsOnTime++;
    }
    return last;
  };
  if (unitType === 'organization') {
    for (const e of own.values()) {
      if (!REPORTING_KINDS.includes(e.org.kind)) continue;
      const status = tally(e.figures, e.org.id, e.org.createdAt);
      if (req.reportWeeks.length === 1) e.reportStatus = status;
    }
  } else {
    // Liaison groups sit outside the tree: their reports count at the root(s).
    const roots = [...own.values()].filter((e) => e.org.parentId === null);
    for (const g of await repo.listActiveLiaisonGroups(db)) for (const root of roots) tally(root.figures, g.id, g.created_at);
  }
}
