import { addMonths, monthPeriod, type Period, reportDueAt, weekPeriod, weeksEndingInMonth, weekStartOf } from '../../../domain/cadence.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import { evaluateRag, RAG_COLOURS, type RagResult } from '../../../domain/rag.ts';
import { rank, type Ranked, score, weightSum } from '../../../domain/ranking.ts';
import { closureRate, median } from '../../../domain/statistics.ts';
import { addDays } from '../../../domain/time.ts';
import type { Executor } from '../../http/context.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { computeFigures, type OrgFigures, REPORTING_KINDS } from '../statistics/figures.service.ts';
import { withVenueRag } from '../venues/venue-figures.ts';
import { scoreWithStudyOf, studyRankingFor, withStudyRag, type StudyRanking } from '../study/study-integration.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import * as repo from './assessment.repository.ts';
import { AssessmentCache, type Computed, DEFAULT_CACHE_OPTIONS } from './assessment-cache.ts';
import { runOffThread } from './off-thread.ts';

/**
 * The program's judgement of a period: figures per organization (rolled up),
 * red/amber/green with reasons, and for a month the rankings. Shared by the
 * rankings API, the dashboards, the circular and the interview candidates.
 */
export interface Assessment {
  kind: 'week' | 'month';
  /** The week's Monday or the month `YYYY-MM`. */
  key: string;
  period: Period;
  rules: CadenceRules;
  figures: Map<string, OrgFigures>;
  rag: Map<string, RagResult>;
  /** Median closure rate of the villages/communities (null: none has problems). */
  medianClosureRate: number | null;
  /**
   * The villages/communities' ids, red first, then amber, most overdue first, then by name (a week's only): the
   * dashboards' RAG list, sorted where the assessment is computed (for a province, on the worker thread).
   */
  villagesByConcern?: string[];
}

export interface MonthAssessment extends Assessment {
  kind: 'month';
  /** Villages and communities, by score. */
  villageRanking: Ranked[];
  /** Subdistricts, by score. */
  subdistrictRanking: Ranked[];
  /** The study component's weight in the scores (0: left out; docs/ARCHITECTURE.md "The regular Party life"). */
  studyWeight: number;
  /** Each organization's study share in the score (0–1), when `studyWeight` > 0: shown beside the other parts. */
  studyShares: Map<string, number>;
  /** The previous month's colours by organization, when it was assessed for the movement (monthlyColours). */
  previousColours?: Map<string, RagResult['colour']>;
}

export const isReportingUnit = (o: { kind: string }) => REPORTING_KINDS.includes(o.kind);

/**
 * Reporting units whose last `inRow` weekly reports, ending with `lastWeek`, were all due by `now` and none filed
 * (organizations founded after the first of those weeks began are left out).
 * Keyed by organization id (organization mode) or liaison group id.
 */
async function unitsMissingInRow(
  db: Executor,
  rules: CadenceRules,
  lastWeek: string,
  now: Date,
  unitIds: readonly string[],
  rootPath?: string,
): Promise<Set<string>> {
  const n = rules.rag.redMissingReportsInRow;
  const weeks = Array.from({ length: n }, (_, i) => addDays(lastWeek, -7 * i));
  const allDue = weeks.every((w) => reportDueAt(w, rules.reports.dueWeekday, rules.reports.dueTime).getTime() <= now.getTime());
  if (!allDue) return new Set();
  const filed = new Set((await repo.listFiledReports(db, rules.reports.unit, weeks, rootPath)).map((r) => r.unit_id));
  // A unit founded during the streak's first week could not have filed for all of it: it is not counted.
  const oldest = weeks.at(-1)!;
  const founded = new Set(
    rules.reports.unit === 'organization'
      ? (await repo.listOrganizationIdsCreatedBefore(db, weekPeriod(oldest).from.toISOString(), rootPath)).map((r) => r.id)
      : unitIds,
  );
  return new Set(unitIds.filter((id) => !filed.has(id) && founded.has(id)));
}

async function judge(
  db: Executor,
  rules: CadenceRules,
  figures: Map<string, OrgFigures>,
  streakWeek: string | null,
  now: Date,
  rootPath: string | undefined,
  /** The period judged: the median below which a village is amber is the week's or the month's. */
  period: 'week' | 'month',
): Promise<{ rag: Map<string, RagResult>; medianClosureRate: number | null }> {
  const units = [...figures.values()].filter((e) => isReportingUnit(e.org));
  const medianClosureRate = median(units.map((e) => closureRate(e.figures)));
  // How many missing-in-a-row units sit in each organization's subtree.
  const missingCount = new Map<string, number>();
  if (streakWeek) {
    if (rules.reports.unit === 'organization') {
      const missing = await unitsMissingInRow(
        db,
        rules,
        streakWeek,
        now,
        units.map((e) => e.org.id),
        rootPath,
      );
      for (const id of missing) {
        const org = figures.get(id)?.org;
        for (const ancestor of org?.path.split('/').filter(Boolean) ?? [])
          missingCount.set(ancestor, (missingCount.get(ancestor) ?? 0) + 1);
      }
    } else {
      const groups = (await repo.listActiveLiaisonGroupIds(db)).map((g) => g.id);
      const missing = await unitsMissingInRow(db, rules, streakWeek, now, groups);
      for (const e of figures.values()) if (e.org.parentId === null) missingCount.set(e.org.id, missing.size);
    }
  }
  const rag = new Map<string, RagResult>();
  for (const [id, e] of figures) {
    rag.set(
      id,
      evaluateRag(
        {
          figures: e.figures,
          unitsMissingInRow: missingCount.get(id) ?? 0,
          // In liaison-group mode the units are the groups: no village files its own.
          reportingUnit: rules.reports.unit === 'organization' && isReportingUnit(e.org),
          districtMedianClosureRate: medianClosureRate,
          period,
        },
        rules.rag,
      ),
    );
  }
  return { rag, medianClosureRate };
}

/** A week's assessment (figures computed from the ledger's history as at the week's end, or now while it runs). */
export async function assessWeek(db: Executor, weekStart: string, now: Date, rules?: CadenceRules, rootPath?: string): Promise<Assessment> {
  const r = rules ?? (await loadCadenceRules(db));
  const period = weekPeriod(weekStart);
  const figures = await computeFigures(db, { period, reportWeeks: [weekStart], rules: r, now, rootPath });
  // While this week's report is not yet due, the streak of missing reports is judged on the weeks before it.
  const due = reportDueAt(weekStart, r.reports.dueWeekday, r.reports.dueTime).getTime() <= now.getTime();
  const judged = await judge(db, r, figures, due ? weekStart : addDays(weekStart, -7), now, rootPath, 'week');
  const { medianClosureRate } = judged;
  // 清零行动: venue projects overdue weigh in (src/domain/venue-rag.ts).
  // 三会一课 missed weighs in (src/domain/meeting-rhythm.ts withMeetingRhythm).
  // A root's tree (a province of a nation): its venues and meetings only.
  const venueRag = await withVenueRag(db, judged.rag, period, now, r.rag.redOverdueDays, rootPath);
  const rag = await withStudyRag(db, period, now, venueRag, rootPath);
  return { kind: 'week', key: weekStart, period, rules: r, figures, rag, medianClosureRate, villagesByConcern: byConcern(figures, rag) };
}

const ZH = new Intl.Collator('zh-CN');

function byConcern(figures: Map<string, OrgFigures>, rag: Map<string, RagResult>): string[] {
  const rank = (id: string) => RAG_COLOURS.indexOf(rag.get(id)?.colour ?? 'green');
  return [...figures.values()]
    .filter((e) => isReportingUnit(e.org))
    .map((e) => ({ e, rank: rank(e.org.id) }))
    .sort((x, y) => x.rank - y.rank || y.e.figures.overdue - x.e.figures.overdue || ZH.compare(x.e.org.name, y.e.org.name))
    .map((x) => x.e.org.id);
}

/** The last week ending in the month whose report was due by `now` (null: none yet). */
function lastDueWeek(month: string, rules: CadenceRules, now: Date): string | null {
  const due = weeksEndingInMonth(month).filter(
    (w) => reportDueAt(w, rules.reports.dueWeekday, rules.reports.dueTime).getTime() <= now.getTime(),
  );
  return due.at(-1) ?? null;
}

function rankingsOf(
  figures: Map<string, OrgFigures>,
  rules: CadenceRules,
  existed: ReadonlySet<string>,
  study: StudyRanking,
  previous?: MonthAssessment,
) {
  // 两学一做: the study component blended into the cadence score (src/domain/study-coverage.ts scoreWithStudy).
  const entries = (pred: (kind: string) => boolean) =>
    [...figures.values()]
      .filter((e) => pred(e.org.kind) && existed.has(e.org.id))
      .map((e) => ({
        id: e.org.id,
        name: e.org.name,
        score: scoreWithStudyOf(study, e.org.id, score(e.figures, rules.ranking), weightSum(rules.ranking)),
      }));
  const prevMap = (list: Ranked[] | undefined) => new Map((list ?? []).map((r) => [r.id, r.rank]));
  return {
    villageRanking: rank(entries(isReportingKind), prevMap(previous?.villageRanking)),
    subdistrictRanking: rank(
      entries((k) => k === 'subdistrict'),
      prevMap(previous?.subdistrictRanking),
    ),
  };
}

const isReportingKind = (kind: string) => REPORTING_KINDS.includes(kind);

/**
 * A month's assessment: figures over the month (status as at its end; reports of the weeks ending in it),
 * RAG, and the rankings with movement against the previous month (computed the same way). Only
 * organizations that existed by the month's end are ranked. With `rootPath` (a database of several roots: a nation's
 * provinces), that root's tree alone: its villages ranked among themselves, its median, its venues and meetings.
 */
export async function assessMonth(
  db: Executor,
  month: string,
  now: Date,
  options: { withPrevious?: boolean; rules?: CadenceRules; rootPath?: string } = {},
): Promise<MonthAssessment> {
  const { rootPath } = options;
  const rules = options.rules ?? (await loadCadenceRules(db));
  const period = monthPeriod(month);
  const figures = await computeFigures(db, { period, reportWeeks: weeksEndingInMonth(month), rules, now, rootPath });
  const judged = await judge(db, rules, figures, lastDueWeek(month, rules, now), now, rootPath, 'month');
  const { medianClosureRate } = judged;
  // 清零行动: venue projects overdue weigh in (src/domain/venue-rag.ts).
  // 三会一课 missed weighs in (src/domain/meeting-rhythm.ts withMeetingRhythm).
  const venueRag = await withVenueRag(db, judged.rag, period, now, rules.rag.redOverdueDays, rootPath);
  const rag = await withStudyRag(db, period, now, venueRag, rootPath);
  const previous =
    options.withPrevious === false ? undefined : await assessMonth(db, addMonths(month, -1), now, { withPrevious: false, rules, rootPath });
  // An organization founded after the month ended is not ranked for it (so next month it shows as new).
  const existed = new Set((await repo.listOrganizationIdsCreatedBefore(db, period.to.toISOString(), rootPath)).map((r) => r.id));
  const study = await studyRankingFor(db, month, now, rootPath);
  return {
    kind: 'month',
    key: month,
    period,
    rules,
    figures,
    rag,
    medianClosureRate,
    studyWeight: study.weight,
    studyShares: study.shares,
    previousColours: previous && new Map([...previous.rag].map(([id, r]) => [id, r.colour])),
    ...rankingsOf(figures, rules, existed, study, previous),
  };
}

/**
 * Monthly colours per organization, newest first, for `months` months ending with `month`. The month's assessment
 * comes from the month cache (cachedAssessMonth), which assessed the month before too (for the ranking's
 * movement): so the interview candidates' pages, the month's ranking and its circular share one computation while
 * the record has not changed, and the default two months running cost no more.
 */
export async function monthlyColours(
  db: Executor,
  month: string,
  months: number,
  now: Date,
  /** `month`'s assessment when the caller has it from the cache already. */
  first: MonthAssessment | undefined,
  /** The root whose tree is assessed (assessmentRoot: undefined for a database of one root). */
  rootPath: string | undefined,
): Promise<Map<string, RagResult['colour'][]>> {
  const out = new Map<string, RagResult['colour'][]>();
  const add = (i: number, colours: Iterable<[string, RagResult['colour']]>) => {
    for (const [id, colour] of colours) {
      const list = out.get(id) ?? [];
      list[i] = colour;
      out.set(id, list);
    }
  };
  const coloursOf = (a: Assessment) => [...a.rag].map(([id, r]): [string, RagResult['colour']] => [id, r.colour]);
  const latest = first?.key === month ? first : (await cachedAssessMonth(db, month, now, rootPath)).value;
  add(0, coloursOf(latest));
  for (let i = 1; i < months; i++) {
    if (i === 1 && latest.previousColours) add(1, latest.previousColours);
    else add(i, coloursOf((await cachedAssessMonth(db, addMonths(month, -i), now, rootPath)).value));
  }
  return out;
}

const weekCache = new AssessmentCache<Assessment>((a) => a.figures.size);
const monthCache = new AssessmentCache<MonthAssessment>((a) => a.figures.size);

/**
 * assessWeek reused while the record has not changed (assessment-cache.ts): the dashboards and the RAG table of
 * the running week share one computation. `at` is the `now` the figures were computed for.
 */
export function cachedAssessWeek(db: Executor, weekStart: string, now: Date, rootPath?: string): Promise<Computed<Assessment>> {
  return weekCache.get(
    db,
    rootPath === undefined ? weekStart : `${weekStart}|${rootPath}`,
    now,
    (at) => assessWeek(db, weekStart, at, undefined, rootPath),
    (at) => runOffThread(db, { kind: 'week', key: weekStart, now: at.toISOString(), rootPath }),
  );
}

/**
 * The tree an organization's week is assessed in: undefined (the whole tree) when the database holds one root,
 * as a district or a province does; its root's path when it holds several (the nation's provinces side by side:
 * each runs its own program, and one province's dashboard does not compute the other thirty).
 */
export async function assessmentRoot(db: Executor, orgPath: string): Promise<string | undefined> {
  const roots = await orgRepo.listRootPaths(db);
  if (roots.length <= 1) return undefined;
  return roots.find((r) => orgPath.startsWith(r));
}

/**
 * assessMonth (with the previous month's ranks) reused the same way: paging a province's ranking computes it once.
 * `rootPath` as for cachedAssessWeek (assessmentRoot): each province of a nation is assessed and kept apart.
 */
export function cachedAssessMonth(db: Executor, month: string, now: Date, rootPath?: string): Promise<Computed<MonthAssessment>> {
  return monthCache.get(
    db,
    rootPath === undefined ? month : `${month}|${rootPath}`,
    now,
    (at) => assessMonth(db, month, at, { rootPath }),
    (at) => runOffThread(db, { kind: 'month', key: month, now: at.toISOString(), rootPath }),
  );
}

/**
 * At start-up: a large tree's running week is assessed on the worker thread before the first reader asks (else
 * the first dashboard after a start waits for a whole province's computation). Returns whether the database was
 * counted large. A database of several roots (the nation's provinces) is only marked large: assessing every
 * province ahead would keep the one worker busy for minutes (≈ 10 s a province at national scale) and then keep
 * refreshing provinces nobody reads, while a reader's own province waited behind them.
 */
export async function warmAssessments(db: Executor, now: Date, largeFrom = DEFAULT_CACHE_OPTIONS.largeFrom): Promise<boolean> {
  if ((await orgRepo.countAll(db)) < largeFrom) return false;
  // Any other week or month of this tree, asked for the first time, is computed on the worker too.
  weekCache.markAllLarge(db);
  monthCache.markAllLarge(db);
  const week = weekStartOf(now);
  const roots = await orgRepo.listRootPaths(db);
  if (roots.length > 1) return true;
  weekCache.markLarge(db, week);
  await cachedAssessWeek(db, week, now);
  return true;
}
