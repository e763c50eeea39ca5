import type { MonthlyRanking, MonthlyRankingQuery, RagQuery, RagRow, RagTable } from '../../../domain/contracts/rankings.ts';
import { isRagKey } from '../../../domain/contracts/rankings.ts';
import { addMonths, lastCompleteMonth, monthOf, weekStartOf } from '../../../domain/cadence.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { type Ranked, weightSum } from '../../../domain/ranking.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { type OrgFigures, REPORTING_KINDS } from '../statistics/figures.service.ts';
import { type Assessment, assessmentRoot, cachedAssessMonth, cachedAssessWeek } from './assessment.service.ts';
import { presentRagRow, presentRankingEntry, scoreFormula } from './rankings.presenter.ts';
import { studyFormulaText } from '../study/study-integration.ts';

/** The score formula with the study component's sentence appended when it weighs in. */
const withStudyFormula = (f: { zh: string; en: string }, weight: number, base: number) => {
  const s = studyFormulaText(weight, base);
  return { zh: f.zh + s.zh, en: s.en ? `${f.en} ${s.en}` : f.en };
};

/** Rejects a month after the current one. Throws VALIDATION_FAILED. */
export function checkMonthNotFuture(month: string, now: Date): void {
  if (month > monthOf(now)) throw new AppError('VALIDATION_FAILED', `${month} 尚未到来，不能查看未来的月份 (the month is in the future)`);
}

function readable(ctx: AuthedContext) {
  const roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  return { roots, has: (path: string) => roots.some((r) => path.startsWith(r)) };
}

/**
 * The monthly ranking of villages and of subdistricts (score: see src/domain/ranking.ts and `scoreFormula`), one page
 * of each list. Rows outside the reader's problem.read scope are left out; rank and `of` stay district-wide (in a
 * database of several roots, a nation's provinces: province-wide, the province of the reader's first scope root).
 * Server code that needs every village (circular annex, interview candidates) reads cachedAssessMonth itself.
 * Throws VALIDATION_FAILED (a future month).
 */
export async function getMonthlyRanking(ctx: AuthedContext, query: MonthlyRankingQuery): Promise<MonthlyRanking> {
  const month = query.month ?? lastCompleteMonth(ctx.now);
  checkMonthNotFuture(month, ctx.now);
  const scope = readable(ctx);
  // A province of a nation is ranked among its own villages (the root of the reader's first scope).
  const root = scope.roots[0] === undefined ? undefined : await assessmentRoot(ctx.db.kysely, scope.roots[0]);
  const { value: a } = await cachedAssessMonth(ctx.db.kysely, month, ctx.now, root);
  const pageSize = query.pageSize;
  const inScope = (list: Ranked[]) =>
    list.filter((r) => {
      const e = a.figures.get(r.id);
      return e !== undefined && a.rag.has(r.id) && scope.has(e.org.path);
    });
  // Only the page is presented: the presenter's words and objects are what made a province's answer heavy.
  const pageOf = (list: Ranked[], all: Ranked[], page: number) =>
    list.slice((page - 1) * pageSize, page * pageSize).map((r) => {
      const e = a.figures.get(r.id)!;
      const parentName = e.org.parentId ? (a.figures.get(e.org.parentId)?.org.name ?? null) : null;
      const study = a.studyWeight > 0 ? (a.studyShares.get(r.id) ?? 1) : null;
      return presentRankingEntry(r, all.length, e, a.rag.get(r.id)!, parentName, study);
    });
  const villages = inScope(a.villageRanking);
  const subdistricts = inScope(a.subdistrictRanking);
  return {
    month,
    previousMonth: addMonths(month, -1),
    running: a.period.to.getTime() > ctx.now.getTime(),
    asAt: a.period.to.getTime() > ctx.now.getTime() ? shanghaiDate(ctx.now) : a.period.lastDay,
    weights: { ...a.rules.ranking },
    studyWeight: a.studyWeight,
    scoreFormula: withStudyFormula(scoreFormula(a.rules.ranking), a.studyWeight, weightSum(a.rules.ranking)),
    page: query.page,
    pageSize,
    villagesTotal: villages.length,
    villages: pageOf(villages, a.villageRanking, query.page),
    subdistrictPage: query.subdistrictPage,
    subdistrictsTotal: subdistricts.length,
    subdistricts: pageOf(subdistricts, a.subdistrictRanking, query.subdistrictPage),
  };
}

const ZH = new Intl.Collator('zh-CN');

/** The RAG table of one subtree, as ids in page order, and what the pages share. */
interface RagLayout {
  /** Subdistricts by name, each with its villages by name; then the villages outside any (subdistrictId null). */
  groups: Array<{ subdistrictId: string | null; villageIds: string[] }>;
  villagesTotal: number;
  tally: RagTable['tally'];
}

/** Layouts kept with their assessment: a cached one (the running week, a month) serves every page without sorting again. */
const layouts = new WeakMap<Assessment, Map<string, RagLayout>>();

function ragLayout(a: Assessment, rootPaths: readonly string[]): RagLayout {
  let byRoot = layouts.get(a);
  if (!byRoot) layouts.set(a, (byRoot = new Map<string, RagLayout>()));
  const key = rootPaths.join('|');
  const known = byRoot.get(key);
  if (known) return known;
  const subdistricts: OrgFigures[] = [];
  const villages: OrgFigures[] = [];
  for (const e of a.figures.values()) {
    if (!rootPaths.some((r) => e.org.path.startsWith(r)) || !a.rag.has(e.org.id)) continue;
    if (e.org.kind === 'subdistrict') subdistricts.push(e);
    else if (REPORTING_KINDS.includes(e.org.kind)) villages.push(e);
  }
  const byName = (x: OrgFigures, y: OrgFigures) => ZH.compare(x.org.name, y.org.name);
  subdistricts.sort(byName);
  villages.sort(byName);
  const bySubdistrict = new Map<string | null, string[]>(subdistricts.map((s) => [s.org.id, []]));
  const loose: string[] = [];
  const tally = { red: 0, amber: 0, green: 0 };
  for (const v of villages) {
    (bySubdistrict.get(v.org.parentId ?? null) ?? loose).push(v.org.id);
    tally[a.rag.get(v.org.id)!.colour]++;
  }
  const groups: RagLayout['groups'] = subdistricts.map((s) => ({ subdistrictId: s.org.id, villageIds: bySubdistrict.get(s.org.id)! }));
  if (loose.length) groups.push({ subdistrictId: null, villageIds: loose });
  const layout = { groups, villagesTotal: villages.length, tally };
  byRoot.set(key, layout);
  return layout;
}

/**
 * The groups of page `page`: the villages from (page − 1) × pageSize on, each group with those of its villages on
 * the page (a group spanning two pages is on both); a group without villages goes where its name falls (the last
 * page when that is past the end).
 */
function ragPage(layout: RagLayout, page: number, pageSize: number): RagLayout['groups'] {
  const from = (page - 1) * pageSize;
  const to = from + pageSize;
  const lastFrom = layout.villagesTotal === 0 ? 0 : Math.floor((layout.villagesTotal - 1) / pageSize) * pageSize;
  const out: RagLayout['groups'] = [];
  let at = 0;
  for (const g of layout.groups) {
    const n = g.villageIds.length;
    if (n === 0) {
      const pos = Math.min(at, lastFrom);
      if (pos >= from && pos < to) out.push(g);
      continue;
    }
    const lo = Math.max(at, from);
    const hi = Math.min(at + n, to);
    if (lo < hi) out.push({ subdistrictId: g.subdistrictId, villageIds: g.villageIds.slice(lo - at, hi - at) });
    at += n;
  }
  return out;
}

/**
 * Red/amber/green with reasons for an organization and its subtree in scope, grouped subdistrict → villages, one
 * page of villages at a time (RagTableSchema), with the colour tally of all of them.
 * Throws VALIDATION_FAILED (bad or future key), NOT_FOUND (organization outside the reader's scope).
 */
export async function getRagTable(ctx: AuthedContext, query: RagQuery): Promise<RagTable> {
  const db = ctx.db.kysely;
  const period = query.period;
  const current = period === 'week' ? weekStartOf(ctx.now) : monthOf(ctx.now);
  const key = query.key ?? current;
  if (!isRagKey(period, key))
    throw new AppError(
      'VALIDATION_FAILED',
      period === 'week'
        ? `周应以 2000 至 2999 年间星期一的日期表示，格式 YYYY-MM-DD，如 ${current} (a week is named by its Monday, from 2000 to 2999)`
        : `月份应为 2000 至 2999 年间的 YYYY-MM，如 ${current} (a month from 2000 to 2999, like ${current})`,
    );
  if (key > current)
    throw new AppError(
      'VALIDATION_FAILED',
      `${key} 尚未到来，不能查看未来的${period === 'week' ? '周' : '月份'} (the period is in the future)`,
    );

  const scope = readable(ctx);
  // The organization asked for, else the reader's whole scope: a liaison member's several villages together (a
  // scope of one root is that root's subtree, as before).
  let rootPaths: readonly string[];
  if (query.organizationId) {
    const org = await orgRepo.findById(db, query.organizationId);
    if (!org || !actorCan(ctx.actor, 'problem.read', org.path)) throw notFound('组织');
    rootPaths = [org.path];
  } else {
    if (!scope.roots.length) throw forbidden('您没有查看问题台账的权限');
    rootPaths = scope.roots;
  }
  const rootPath = rootPaths[0]!;

  // The running week is what the dashboards show too, and a month what the ranking shows: one computation serves
  // both, and every page.
  const a: Assessment =
    period === 'week'
      ? (await cachedAssessWeek(db, key, ctx.now, await assessmentRoot(db, rootPath))).value
      : (await cachedAssessMonth(db, key, ctx.now, await assessmentRoot(db, rootPath))).value;
  const rootId = rootPath.split('/').filter(Boolean).at(-1)!;
  const rootEntry = a.figures.get(rootId);
  const rootRag = a.rag.get(rootId);
  if (!rootEntry || !rootRag) throw notFound('组织');
  const row = (id: string): RagRow => presentRagRow(a.figures.get(id)!, a.rag.get(id)!);
  // Several roots in one assessment (a liaison member's villages of one district or province); another province's
  // root of a nation is not in this assessment and is left out (asked for by organizationId instead).
  const layout = ragLayout(
    a,
    rootPaths.filter((r) => a.figures.has(r.split('/').filter(Boolean).at(-1)!)),
  );
  return {
    period,
    key,
    firstDay: a.period.firstDay,
    lastDay: a.period.lastDay,
    medianClosureRate: a.medianClosureRate,
    organization: rootPaths.length === 1 ? presentRagRow(rootEntry, rootRag) : null,
    page: query.page,
    pageSize: query.pageSize,
    villagesTotal: layout.villagesTotal,
    tally: { ...layout.tally },
    groups: ragPage(layout, query.page, query.pageSize).map((g) => ({
      subdistrict: g.subdistrictId === null ? null : row(g.subdistrictId),
      villages: g.villageIds.map(row),
    })),
  };
}
