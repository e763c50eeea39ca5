import { type Period, reportDueAt } from '../../../domain/cadence.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import { isActionable, isCounted, PROBLEM_STATUSES, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { addInto, emptyFigures, type Figures, type ReportStatus } from '../../../domain/statistics.ts';
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
 * The figures of every (non-archived) organization for a period, rolled up
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

  const own = await ownEntries(db, req.rootPath);

  // Aggregated in SQL per organization (and status, due date, action): memory grows with organizations, not problems.
  for (const r of await repo.countProblemsByStatus(db, {
    end: endIso,
    evalDay,
    asAt: running ? 'now' : 'end',
    actionable: ACTIONABLE,
    rootPath: req.rootPath,
  })) {
    const f = own.get(r.organization_id)?.figures;
    if (!f) continue;
    const status = r.status as ProblemStatus;
    // Withdrawn (撤销) problems were recorded by mistake: they count nowhere.
    if (!isCounted(status)) continue;
    f.total += r.n;
    f[status] += r.n;
    if (r.overdue_due !== null) {
      f.overdue += r.n;
      const age = Math.round((Date.parse(evalDay) - Date.parse(r.overdue_due)) / DAY_MS);
      for (let i = 0; i < r.n; i++) f.overdueAges.push(age);
    }
  }

  for (const r of await repo.countDecisionsBetween(db, period.from.toISOString(), endIso, req.rootPath)) {
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

  for (const m of await repo.countMeasures(db, endIso, req.rootPath)) {
    const f = own.get(m.organization_id)?.figures;
    if (!f) continue;
    f.measuresTotal += m.n;
    f.measuresDone += m.done;
  }

  await countReports(db, req, own);

  // Standing against the standard: each village's latest round as at the period's end.
  for (const [orgId, st] of await computeVillageStandings(db, { end: endIso, asAt: running ? 'now' : 'end' })) {
    const f = own.get(orgId)?.figures;
    if (!f) continue;
    f.standardScore += st.score.score;
    f.standardMax += st.score.max;
    f.unitsScored += 1;
    if (isAttained(st.attainment.status)) f.unitsAttained += 1;
  }

  return rollUp(own);
}

/** Every (non-archived) organization with empty figures of its own. */
async function ownEntries(db: Executor, rootPath?: string): Promise<Map<string, OrgFigures>> {
  const own = new Map<string, OrgFigures>();
  for (const o of await repo.listOrganizations(db, rootPath)) {
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

/** Every organization's own figures added to each ancestor on its path. */
function rollUp(own: Map<string, OrgFigures>): Map<string, OrgFigures> {
  const rolled = new Map<string, OrgFigures>();
  for (const [id, e] of own) rolled.set(id, { org: e.org, figures: emptyFigures(), reportStatus: e.reportStatus });
  for (const e of own.values()) {
    for (const ancestorId of e.org.path.split('/').filter(Boolean)) {
      const target = rolled.get(ancestorId);
      if (target) addInto(target.figures, e.figures);
    }
  }
  for (const e of rolled.values()) e.figures.overdueAges.sort((a, b) => b - a);
  return rolled;
}

/**
 * Only the weekly-report figures (expected, on time, late, missing) of the
 * given weeks, rolled up the tree: for 跟踪督查到位 over several weeks, without
 * the ledger's counts.
 */
export async function computeReportFigures(
  db: Executor,
  req: Pick<FiguresRequest, 'reportWeeks' | 'rules' | 'now'>,
): Promise<Map<string, OrgFigures>> {
  const own = await ownEntries(db);
  await countReports(db, req, own);
  return rollUp(own);
}

async function countReports(
  db: Executor,
  req: Pick<FiguresRequest, 'reportWeeks' | 'rules' | 'now'>,
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
