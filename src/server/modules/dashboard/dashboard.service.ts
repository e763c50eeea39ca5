import { addMonths, monthOf, monthPeriod, reportDueAt, weekStartOf } from '../../../domain/cadence.ts';
import { isAttained } from '../../../domain/attainment-workflow.ts';
import {
  circularDueAt,
  inPlaceFormulas,
  rectificationInPlace,
  TRACKING_MONTHS,
  TRACKING_WEEKS,
  trackingInPlace,
} from '../../../domain/two-in-place.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import type {
  DashboardOrg,
  DashboardOverview,
  DashboardQuery,
  AttainmentSummary,
  ThisWeekReport,
  TwoInPlace,
  VillageDashboard,
} from '../../../domain/contracts/dashboard.ts';
import { pathIds, type OrganizationKind } from '../../../domain/organizations.ts';
import type { RAG_COLOURS, RagResult } from '../../../domain/rag.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { closureRate, emptyFigures } from '../../../domain/statistics.ts';
import { addDays, shanghaiDate } from '../../../domain/time.ts';
import type { WeeklyReportStatus } from '../../../domain/weekly-report-workflow.ts';
import { toBool } from '../../db/dialect.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { type Assessment, assessmentRoot, cachedAssessWeek, isReportingUnit } from '../rankings/assessment.service.ts';
import { AssessmentCache } from '../rankings/assessment-cache.ts';
import { runOffThread } from '../rankings/off-thread.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { presentPeriod } from '../attainments/attainments.presenter.ts';
import { latestRoundIn } from '../attainments/attainments.repository.ts';
import { listAttainments } from '../attainments/attainments.service.ts';
import { currentStandings } from '../attainments/village-scores.service.ts';
import { roundRectificationPeriod } from '../inspections/rectification-period.ts';
import { computeReportFigures, type OrgFigures } from '../statistics/figures.service.ts';
import { problemAllowedActions } from '../problems/problems.policy.ts';
import { unfinishedTasksOf } from '../visits/visits.service.ts';
import {
  missingWeek,
  presentChild,
  presentFrozenWeek,
  presentLiveWeek,
  presentOverdueProblem,
  presentRag,
  presentRagVillage,
  presentVillageProblem,
} from './dashboard.presenter.ts';
import * as repo from './dashboard.repository.ts';

const TREND_WEEKS = 12;
const TOP_OVERDUE = 10;
const MY_PROBLEMS = 20;
const DUE_SOON_LIST = 50;
/** "Due soon" = today and the next 6 days, as the ledger's dueSoon filter. */
const DUE_SOON_DAYS = 7;
/** Villages listed with their RAG on the overview (a province has 20,000: the RAG page lists them all). */
const RAG_VILLAGES = 200;
/** Overdue problems in a subtree from which its longest-overdue list reads the deadline index in order (SQLite). */
const WALK_FROM = 2_000;

/** Names in Chinese order (one collator: localeCompare per comparison is slow over a province's villages). */
const ZH = new Intl.Collator('zh-CN');

const byName = (a: { org: { name: string } }, b: { org: { name: string } }) => ZH.compare(a.org.name, b.org.name);
type ConcernRow = { e: OrgFigures; r: RagResult | undefined; colour: (typeof RAG_COLOURS)[number] };

/** The assessment's villages/communities in the order of concern (red first, most overdue first, by name). */
function villagesByConcern(a: Assessment): ConcernRow[] {
  const rows: ConcernRow[] = [];
  for (const id of a.villagesByConcern ?? []) {
    const e = a.figures.get(id);
    if (!e) continue;
    const r = a.rag.get(id);
    rows.push({ e, r, colour: r?.colour ?? 'green' });
  }
  return rows;
}

/** The weekly-report figures of the tracked weeks (跟踪督查到位), reused as the assessment is. */
const reportsCache = new AssessmentCache<Map<string, OrgFigures>>((m) => m.size);

type OrgRow = NonNullable<Awaited<ReturnType<typeof repo.findOrganization>>>;

const presentOrg = (o: OrgRow): DashboardOrg => ({ id: o.id, name: o.name, kind: o.kind as OrganizationKind });
const isVillageKind = (kind: string) => isReportingUnit({ kind });

/** An organization whose problems the reader may read; NOT_FOUND otherwise (existence is not revealed). */
async function loadReadableOrg(ctx: AuthedContext, id: string): Promise<OrgRow> {
  const org = await repo.findOrganization(ctx.db.kysely, id);
  if (!org || !actorCan(ctx.actor, 'problem.read', org.path)) throw notFound('组织');
  return org;
}

function dates(now: Date) {
  const today = shanghaiDate(now);
  return { today, dueSoonUntil: addDays(today, DUE_SOON_DAYS - 1), week: weekStartOf(now) };
}

/**
 * Of a reader's several scope roots that are villages (a liaison group's member), the one of most concern this week:
 * the first of them in the assessment's `villagesByConcern` (red, amber, green; then the most overdue; then by name),
 * the order 我的包联村 lists them in. Null when fewer than two of them are villages in the assessment, or when the
 * scope also holds a 街道 or a district.
 */
async function villageOfMostConcern(ctx: AuthedContext, roots: readonly string[], first: OrgRow): Promise<OrgRow | null> {
  const db = ctx.db.kysely;
  const a = (await cachedAssessWeek(db, weekStartOf(ctx.now), ctx.now, await assessmentRoot(db, first.path))).value;
  const assessed = roots.map((root) => a.figures.get(pathIds(root).at(-1)!)).filter((e): e is OrgFigures => e !== undefined);
  // A scope that also holds a 街道 or a district keeps its first root, as before (and 我的包联村 is not shown).
  if (assessed.some((e) => !isReportingUnit(e.org) && e.org.kind !== 'branch')) return null;
  const villages = new Set(assessed.filter((e) => isReportingUnit(e.org)).map((e) => e.org.id));
  if (villages.size < 2) return null;
  const worst = a.villagesByConcern?.find((id) => villages.has(id));
  return worst ? ((await repo.findOrganization(db, worst)) ?? null) : null;
}

/**
 * 区级总览 of an organization's subtree. Default: the reader's top scope root; for a reader whose scope is several
 * villages, the one of most concern this week (villageOfMostConcern). Throws NOT_FOUND (absent or out of scope).
 */
export async function getOverview(ctx: AuthedContext, query: DashboardQuery): Promise<DashboardOverview> {
  let org: OrgRow;
  if (query.organizationId) org = await loadReadableOrg(ctx, query.organizationId);
  else {
    const roots = scopeRoots(ctx.actor.assignments, 'problem.read');
    const found = roots[0] ? await repo.findOrganization(ctx.db.kysely, pathIds(roots[0]).at(-1)!) : undefined;
    if (!found) throw notFound('组织');
    org = (roots.length > 1 && (await villageOfMostConcern(ctx, roots, found))) || found;
  }

  const db = ctx.db.kysely;
  const now = ctx.now;
  const { today, dueSoonUntil, week } = dates(now);
  const pastWeeks = Array.from({ length: TREND_WEEKS - 1 }, (_, i) => addDays(week, -7 * (TREND_WEEKS - 1 - i)));
  const rules = await loadCadenceRules(db);
  const counts = await repo.countByStatus(db, org.id, today, dueSoonUntil);
  // The tree assessed: the reader's province in a database of several roots (assessmentRoot), else the whole.
  const root = assessmentRoot(db, org.path);
  const [overdueRows, snapshots, assessed] = await Promise.all([
    repo.listLongestOverdue(db, org.path, today, TOP_OVERDUE, ctx.db.kind === 'sqlite' && counts.overdue >= WALK_FROM),
    repo.listSnapshots(db, org.id, pastWeeks),
    root.then((r) => cachedAssessWeek(db, week, now, r)),
  ]);

  const { figures, rag } = assessed.value;
  const live = figures.get(org.id)?.figures ?? emptyFigures();
  const frozen = new Map(snapshots.map((s) => [s.week_start, presentFrozenWeek(s)]));
  const trend = [...pastWeeks.map((w) => frozen.get(w) ?? missingWeek(w)), presentLiveWeek(week, live)];

  const entries = [...figures.values()];
  const children = entries
    .filter((e) => e.org.parentId === org.id)
    .sort(byName)
    .map((e) => presentChild(e, rag.get(e.org.id)));

  const subdistrictOf = (path: string) =>
    pathIds(path)
      .map((id) => figures.get(id)?.org)
      .find((o) => o?.kind === 'subdistrict')?.name ?? null;
  const villages = villagesByConcern(assessed.value).filter((v) => v.e.org.path.startsWith(org.path));
  const ragTally = { red: 0, amber: 0, green: 0 };
  for (const v of villages) ragTally[v.colour]++;
  // Only the first page is presented.
  const ragVillages = villages.slice(0, RAG_VILLAGES).map(({ e, r }) => presentRagVillage(e, r, subdistrictOf(e.org.path)));

  const [inPlace, attainment] = await Promise.all([
    twoInPlace(ctx, org, await root, rules, { closed: counts.closed, total: counts.total, overdue: counts.overdue }),
    attainmentSummary(ctx, org, new Set(villages.map((v) => v.e.org.id))),
  ]);
  return {
    organization: presentOrg(org),
    asOf: now.toISOString(),
    assessedAt: assessed.at.toISOString(),
    statusCounts: counts,
    closureRate: closureRate(counts),
    trend,
    children,
    ragTally,
    ragVillages,
    ragVillagesTotal: villages.length,
    topOverdue: overdueRows.map((r) => presentOverdueProblem(r, now)),
    inPlace,
    attainment,
  };
}

/**
 * The two 到位 of the organization's subtree (src/domain/two-in-place.ts): the
 * weekly reports due in the last TRACKING_WEEKS weeks and the circulars due in
 * the last TRACKING_MONTHS months since the ledger started, on time or not; and
 * the share of its problems closed.
 */
async function twoInPlace(
  ctx: AuthedContext,
  org: OrgRow,
  /** The tree whose reports are counted (assessmentRoot), as the week's assessment. */
  root: string | undefined,
  rules: CadenceRules,
  problems: { closed: number; total: number; overdue: number },
): Promise<TwoInPlace> {
  const db = ctx.db.kysely;
  const now = ctx.now;
  const week = weekStartOf(now);
  const dueWeeks = Array.from({ length: TRACKING_WEEKS + 1 }, (_, i) => addDays(week, -7 * (TRACKING_WEEKS - i)))
    .filter((w) => reportDueAt(w, rules.reports.dueWeekday, rules.reports.dueTime).getTime() <= now.getTime())
    .slice(-TRACKING_WEEKS);
  const started = await repo.ledgerStartedAt(db);
  const dueMonths = Array.from({ length: TRACKING_MONTHS + 1 }, (_, i) => addMonths(monthOf(now), -(i + 1)))
    .filter((m) => circularDueAt(m, rules.circular.dueDay).getTime() <= now.getTime())
    .filter((m) => started !== null && monthPeriod(m).to.toISOString() > started)
    .slice(0, TRACKING_MONTHS);
  const [reports, circulars] = await Promise.all([
    // A province of a nation: its own tree's reports (as its week assessment), kept apart from the others'.
    reportsCache.get(
      db,
      root === undefined ? dueWeeks.join(',') : `${dueWeeks.join(',')}|${root}`,
      now,
      (at) => computeReportFigures(db, { reportWeeks: dueWeeks, rules, now: at, rootPath: root }),
      (at) => runOffThread(db, { kind: 'reports', weeks: dueWeeks, now: at.toISOString(), rootPath: root }),
    ),
    repo.listPublishedCirculars(db, dueMonths, org.path),
  ]);
  const f = reports.value.get(org.id)?.figures ?? emptyFigures();
  const circularsOnTime = dueMonths.filter((m) =>
    circulars.some(
      (c) => c.month === m && c.published_at !== null && c.published_at < circularDueAt(m, rules.circular.dueDay).toISOString(),
    ),
  ).length;
  const counts = {
    reportsOnTime: f.reportsOnTime,
    reportsExpected: f.reportsExpected,
    circularsOnTime,
    circularsExpected: dueMonths.length,
  };
  const formulas = inPlaceFormulas(rules.circular.dueDay);
  return {
    tracking: { ...trackingInPlace(counts), ...counts, formulaZh: formulas.tracking.zh, formulaEn: formulas.tracking.en },
    rectification: {
      ...rectificationInPlace(problems),
      ...problems,
      formulaZh: formulas.rectification.zh,
      formulaEn: formulas.rectification.en,
    },
  };
}

/** "N / 16 村达标": villages of the subtree confirmed 达标 in their latest round, and the latest round's 集中整改期. */
async function attainmentSummary(ctx: AuthedContext, org: OrgRow, villageIds: ReadonlySet<string>): Promise<AttainmentSummary> {
  const db = ctx.db.kysely;
  const [standings, round] = await Promise.all([currentStandings(db, ctx.now, { rootPath: org.path }), latestRoundIn(db, [org.path])]);
  const attained = [...standings].filter(([id, s]) => villageIds.has(id) && isAttained(s.attainment.status)).length;
  return {
    attained,
    villages: villageIds.size,
    round: round
      ? { id: round.id, name: round.name, rectification: presentPeriod(roundRectificationPeriod(round), shanghaiDate(ctx.now)) }
      : null,
  };
}

/**
 * The village a secretary lands on: one they are assigned to, else the first village/community in their scope.
 * Throws NOT_FOUND when there is none.
 */
async function defaultVillage(ctx: AuthedContext): Promise<OrgRow> {
  const assigned = ctx.actor.assignments
    .filter((a) => isVillageKind(a.organizationKind) && actorCan(ctx.actor, 'problem.read', a.organizationPath))
    .sort((a, b) => a.organizationPath.localeCompare(b.organizationPath))[0];
  const org = assigned
    ? await repo.findOrganization(ctx.db.kysely, assigned.organizationId)
    : await repo.firstVillageIn(ctx.db.kysely, scopeRoots(ctx.actor.assignments, 'problem.read'));
  if (!org) throw notFound('村（社区）');
  return org;
}

async function thisWeekReport(ctx: AuthedContext, rules: CadenceRules, orgId: string, week: string): Promise<ThisWeekReport | null> {
  if (rules.reports.unit !== 'organization') return null;
  const dueAt = reportDueAt(week, rules.reports.dueWeekday, rules.reports.dueTime);
  const row = await repo.findWeeklyReport(ctx.db.kysely, week, 'organization', orgId);
  const filed = row?.submitted_at != null;
  return {
    week,
    dueAt: dueAt.toISOString(),
    status: row ? (row.status as WeeklyReportStatus) : 'not_started',
    late: filed ? toBool(row?.is_late) : ctx.now.getTime() > dueAt.getTime(),
    reportId: row?.id ?? null,
  };
}

/**
 * 村级工作台 of one village/community (default: the reader's own). Throws NOT_FOUND (none, absent or out of scope),
 * VALIDATION_FAILED (the organization is not a village or community).
 */
export async function getVillageDashboard(ctx: AuthedContext, query: DashboardQuery): Promise<VillageDashboard> {
  const org = query.organizationId ? await loadReadableOrg(ctx, query.organizationId) : await defaultVillage(ctx);
  if (!isVillageKind(org.kind))
    throw new AppError('VALIDATION_FAILED', '村级工作台只适用于村或社区，请选择一个村（社区） (choose a village or community)');

  const db = ctx.db.kysely;
  const now = ctx.now;
  const { today, dueSoonUntil, week } = dates(now);
  const rules = await loadCadenceRules(db);
  const [counts, soon, actionable, report, assessed, standing] = await Promise.all([
    repo.countByStatus(db, org.id, today, dueSoonUntil),
    repo.listActionable(db, org.path, DUE_SOON_LIST, { due: { from: today, to: dueSoonUntil } }),
    // Enough to fill the card once the due-soon ones, listed on their own card, are left out.
    repo.listActionable(db, org.path, MY_PROBLEMS + DUE_SOON_LIST, { sentBackFirst: true }),
    thisWeekReport(ctx, rules, org.id, week),
    assessmentRoot(db, org.path).then((root) => cachedAssessWeek(db, week, now, root)),
    // Its score and 达标 in its latest round (the same figures as the 达标验收 page).
    listAttainments(ctx, { organizationId: org.id }),
  ]);
  return {
    organization: presentOrg(org),
    asOf: now.toISOString(),
    counts,
    // Each card carries what the reader may do with it (the 整改完成 shortcut needs submit or start).
    dueSoon: soon.map((r) => presentVillageProblem(r, now, problemAllowedActions(ctx.actor, r, rules.problems))),
    // Each problem once: a due-soon one is on the 即将到期 card (a phone showed it twice).
    myProblems: actionable
      .filter((r) => !soon.some((s) => s.id === r.id))
      .slice(0, MY_PROBLEMS)
      .map((r) => presentVillageProblem(r, now, problemAllowedActions(ctx.actor, r, rules.problems))),
    thisWeekReport: report,
    rag: presentRag(assessed.value.rag.get(org.id)),
    assessedAt: assessed.at.toISOString(),
    standing: standing.items.find((i) => i.organizationId === org.id) ?? null,
    rectification: standing.round?.rectification ?? null,
    visitTasks: await unfinishedTasksOf(ctx, db, org),
  };
}
