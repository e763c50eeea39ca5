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
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { type Assessment, assessmentRoot, assessMonth, cachedAssessMonth, cachedAssessWeek } from './assessment.service.ts';
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
 * of each list. Rows outside the reader's problem.read scope are left out; rank and `of` stay district-wide.
 * Server code that needs every village (circular annex, weekly report, interview candidates) calls assessMonth.
 * Throws VALIDATION_FAILED (a future month).
 */
export async function getMonthlyRanking(ctx: AuthedContext, query: MonthlyRankingQuery): Promise<MonthlyRanking> {
  const month = query.month ?? lastCompleteMonth(ctx.now);
  checkMonthNotFuture(month, ctx.now);
  const { value: a } = await cachedAssessMonth(ctx.db.kysely, month, ctx.now);
  const scope = readable(ctx);
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
      return presentRankingEntry(r, all.length, e, a.rag.get(r.id)!, parentName);
    });
  const villages = inScope(a.villageRanking);
  const subdistricts = inScope(a.subdistrictRanking);
  return {
    month,
    previousMonth: addMonths(month, -1),
    running: a.period.to.getTime() > ctx.now.getTime(),
    asAt: a.period.to.getTime() > ctx.now.getTime() ? shanghaiDate(ctx.now) : a.period.lastDay,
    weights: { ...a.rules.ranking },
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

const byName = (a: { organizationName: string }, b: { organizationName: string }) =>
  a.organizationName.localeCompare(b.organizationName, 'zh-CN');

/**
 * Red/amber/green with reasons for an organization and its subtree in scope, grouped subdistrict → villages.
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
        ? `周应以星期一的日期表示，格式 YYYY-MM-DD，如 ${current} (a week is named by its Monday)`
        : `月份格式应为 YYYY-MM，如 ${current} (a month like ${current})`,
    );
  if (key > current)
    throw new AppError(
      'VALIDATION_FAILED',
      `${key} 尚未到来，不能查看未来的${period === 'week' ? '周' : '月份'} (the period is in the future)`,
    );

  const scope = readable(ctx);
  let rootPath: string;
  if (query.organizationId) {
    const org = await orgRepo.findById(db, query.organizationId);
    if (!org || !actorCan(ctx.actor, 'problem.read', org.path)) throw notFound('组织');
    rootPath = org.path;
  } else {
    const first = scope.roots[0];
    if (!first) throw forbidden('您没有查看问题台账的权限');
    rootPath = first;
  }

  // The running week is what the dashboards show too: one computation serves both.
  const a: Assessment =
    period === 'week'
      ? (await cachedAssessWeek(db, key, ctx.now, await assessmentRoot(db, rootPath))).value
      : await assessMonth(db, key, ctx.now, { withPrevious: false });
  const rootId = rootPath.split('/').filter(Boolean).at(-1)!;
  const rootEntry = a.figures.get(rootId);
  if (!rootEntry) throw notFound('组织');
  const row = (id: string): RagRow | null => {
    const e = a.figures.get(id);
    const rag = a.rag.get(id);
    return e && rag ? presentRagRow(e, rag) : null;
  };
  const inTree = [...a.figures.values()].filter((e) => e.org.path.startsWith(rootPath));
  const subdistricts = inTree.filter((e) => e.org.kind === 'subdistrict');
  const subIds = new Set(subdistricts.map((e) => e.org.id));
  const villages = inTree.filter((e) => REPORTING_KINDS.includes(e.org.kind));
  const groups: RagTable['groups'] = subdistricts
    .map((s) => ({
      subdistrict: row(s.org.id),
      villages: villages
        .filter((v) => v.org.parentId === s.org.id)
        .map((v) => row(v.org.id)!)
        .sort(byName),
    }))
    .sort((x, y) => byName(x.subdistrict!, y.subdistrict!));
  const loose = villages.filter((v) => !v.org.parentId || !subIds.has(v.org.parentId)).map((v) => row(v.org.id)!);
  if (loose.length) groups.push({ subdistrict: null, villages: loose.sort(byName) });
  return {
    period,
    key,
    firstDay: a.period.firstDay,
    lastDay: a.period.lastDay,
    medianClosureRate: a.medianClosureRate,
    organization: row(rootId)!,
    groups,
  };
}
