import { toBool } from '../../db/dialect.ts';
import { chineseMonth, isoWeekday, isWeekStart, lastCompletedWeek, monthOf, monthPeriod, weekStartOf } from '../../../domain/cadence.ts';
import type {
  CoverageFigures,
  CoverageQuery,
  CoverageRow,
  DutyGapRow,
  MissedMeeting,
  StudyCoverage as StudyCoverageDto,
  StudyOverview,
  StudyOverviewQuery,
  StudyWeek,
  StudyWeekQuery,
} from '../../../domain/contracts/study.ts';
import { STUDY_OVERVIEW_ROWS } from '../../../domain/contracts/study.ts';
import { dutyRate, isOpenOn } from '../../../domain/duty-coverage.ts';
import { MEETING_KINDS, rhythmPeriodLabel } from '../../../domain/meeting-rhythm.ts';
import { attendanceRate, emptyCoverage, heldRate, lowestAttendanceFirst, type StudyCoverage } from '../../../domain/study-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, archivedOrganization, forbidden } from '../../http/errors.ts';
import { hallCoverages, parseWeekdays } from '../duty/duty-figures.ts';
import * as dutyRepo from '../duty/duty.repository.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { findSnapshotWeek } from '../statistics/statistics.repository.ts';
import { assessmentRoot } from '../rankings/assessment.service.ts';
import { canRecordStudy, canSignInForDuty, rosterLineOf, studyReadRoots } from './study.policy.ts';
import { cachedMonthStudyFigures, type OrgNode, type StudyFigures } from './study-figures.ts';
import * as repo from './study-figures.repository.ts';
import { loadStudyOrg } from './study-scope.ts';
import { writeCoverageWorkbook } from './coverage-workbook.ts';
import { rowsThatFit } from '../../../domain/organizations.ts';

const LISTED_KINDS = ['subdistrict', ...REPORTING_KINDS, 'branch'];

export function figuresOf(c: StudyCoverage, meetingsMissed: number, duty: { daysDue: number; daysStaffed: number }): CoverageFigures {
  return {
    sessionsHeld: c.sessionsHeld,
    sessionsPlanned: c.sessionsPlanned,
    heldRate: heldRate(c),
    attendanceRecords: c.attendanceRecords,
    attended: c.attended,
    absent: c.absent,
    madeUp: c.madeUp,
    attendanceRate: attendanceRate(c),
    members: c.members,
    neverReached: c.neverReached,
    meetingsMissed,
    dutyDaysDue: duty.daysDue,
    dutyDaysStaffed: duty.daysStaffed,
    dutyRate: dutyRate(duty),
  };
}

function rowOf(f: StudyFigures, o: OrgNode): CoverageRow {
  return {
    organizationId: o.id,
    organizationName: o.name,
    kind: o.kind,
    parentId: o.parentId,
    parentName: o.parentId ? (f.orgs.get(o.parentId)?.name ?? null) : null,
    depth: o.depth,
    ...figuresOf(
      f.coverage.get(o.id) ?? emptyCoverage(),
      f.lateness.get(o.id)?.missed ?? 0,
      f.duty.get(o.id) ?? { daysDue: 0, daysStaffed: 0 },
    ),
  };
}

/** The subtree under `root` in tree order (children by name), the root left out. */
function treeOrder(orgs: ReadonlyMap<string, OrgNode>, rootId: string, keep: (o: OrgNode) => boolean): OrgNode[] {
  const children = new Map<string, OrgNode[]>();
  for (const o of orgs.values()) {
    if (!o.parentId) continue;
    const siblings = children.get(o.parentId);
    if (siblings) siblings.push(o);
    else children.set(o.parentId, [o]);
  }
  const out: OrgNode[] = [];
  const walk = (id: string) => {
    for (const c of (children.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      if (keep(c)) out.push(c);
      walk(c.id);
    }
  };
  walk(rootId);
  return out;
}

async function rootOf(ctx: AuthedContext, organizationId: string | undefined) {
  if (organizationId) return loadStudyOrg(ctx, ctx.db.kysely, organizationId);
  const first = studyReadRoots(ctx.actor)[0]!;
  const id = first.split('/').filter(Boolean).at(-1);
  if (!id) throw forbidden('您没有查看党建学习的权限');
  return loadStudyOrg(ctx, ctx.db.kysely, id);
}

/**
 * 学习覆盖 as an .xlsx: what getCoverage answers (the same scope checks and refusals), as a sheet with the month,
 * the as-at day and what each figure means. Throws as getCoverage.
 */
export async function exportCoverage(
  ctx: AuthedContext,
  query: CoverageQuery,
): Promise<{ fileName: string; asciiFileName: string; bytes: Buffer }> {
  const c = await getCoverage(ctx, query);
  const month = chineseMonth(c.month);
  const bytes = await writeCoverageWorkbook({
    title: `${c.root.organizationName}党建学习情况（${month}）`,
    info:
      `${c.running ? '本月进行中，' : ''}统计截至 ${c.asAt}；导出时间：${shanghaiDate(ctx.now)}。` +
      `参学率：出席、收听或补学的人次占应参学人次的比例；未参学党员：近 ${c.neverReachedMonths} 个月没有参加任何学习的党员。`,
    coverage: c,
    createdAt: ctx.now,
  });
  return { fileName: `学习覆盖-${c.root.organizationName}-${c.month}.xlsx`, asciiFileName: `study-coverage-${c.month}.xlsx`, bytes };
}

/**
 * Coverage per organization of a subtree for a month (default: the running one), as at its end or now.
 * Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (a future month), CONFLICT (archived).
 */
export async function getCoverage(ctx: AuthedContext, query: CoverageQuery): Promise<StudyCoverageDto> {
  const db = ctx.db.kysely;
  const root = await rootOf(ctx, query.organizationId);
  const month = query.month ?? monthOf(ctx.now);
  if (month > monthOf(ctx.now)) throw new AppError('VALIDATION_FAILED', `${month} 尚未到来 (the month is in the future)`);
  const period = monthPeriod(month);
  // A nation's province is counted alone (its root's tree), not with the thirty others.
  const computed = await cachedMonthStudyFigures(db, month, ctx.now, await assessmentRoot(db, root.path));
  const f = computed.value;
  const rootNode = f.orgs.get(root.id);
  if (!rootNode) throw archivedOrganization(root.name, '统计其学习情况');
  const inRoot = (o: { orgPath: string }) => o.orgPath.startsWith(root.path);
  // A province's table goes a level at a time (its villages under each subdistrict's own drill-down).
  const listed = rowsThatFit(treeOrder(f.orgs, root.id, (o) => LISTED_KINDS.includes(o.kind)));
  return {
    month,
    running: period.to.getTime() > ctx.now.getTime(),
    asAt: f.day,
    figuresAt: computed.at.toISOString(),
    neverReachedMonths: f.rules.study.neverReachedMonths,
    root: rowOf(f, rootNode),
    rows: listed.rows.map((o) => rowOf(f, o)),
    rowsLeftOut: listed.leftOut,
    neverReached:
      root.kind === 'branch' || REPORTING_KINDS.includes(root.kind)
        ? f.neverReached
            .filter(inRoot)
            .slice(0, 200)
            .map((m) => ({
              memberId: m.id,
              name: m.name,
              organizationName: f.orgs.get(m.organizationId)?.name ?? '',
              worksAway: m.worksAway,
            }))
        : [],
  };
}

/**
 * The Party life's figures a week froze with its snapshot (一周一统计), per organization of the subtree (default:
 * the last completed week). Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (not a Monday, or a week not ended).
 */
export async function getStudyWeek(ctx: AuthedContext, query: StudyWeekQuery): Promise<StudyWeek> {
  const week = query.week ?? lastCompletedWeek(ctx.now);
  if (!isWeekStart(week))
    throw new AppError(
      'VALIDATION_FAILED',
      '周应以 2000 至 2999 年间星期一的日期表示，如 2026-11-23 (a week is named by its Monday, from 2000 to 2999)',
    );
  if (week > lastCompletedWeek(ctx.now)) throw new AppError('VALIDATION_FAILED', '这一周还没有结束，尚未冻结 (the week has not ended)');
  const root = await rootOf(ctx, query.organizationId);
  const db = ctx.db.kysely;
  // A frozen week keeps the tree as it was then: the root's subtree is read under the path its own row was frozen
  // with (a village moved since keeps its history; a 街道 keeps the children it had).
  const [frozenPath, frozenWeek] = await Promise.all([repo.findSnapshotPath(db, week, root.id), findSnapshotWeek(db, week)]);
  const rows = frozenPath === undefined ? [] : await repo.listSnapshotWeekIn(db, week, frozenPath);
  return {
    week,
    frozen: frozenWeek !== undefined,
    rows: rows.map((r) => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      kind: r.org_kind,
      depth: Number(r.depth),
      sessionsWeek: Number(r.sessions_week),
      sessionsMonth: Number(r.sessions_month),
      sessionsPlannedMonth: Number(r.sessions_planned_month),
      attendanceRecords: Number(r.attendance_records),
      attended: Number(r.attendance_attended),
      attendanceRate: Number(r.attendance_records) ? Number(r.attendance_attended) / Number(r.attendance_records) : null,
      members: Number(r.members),
      neverReached: Number(r.members_never_reached),
      meetingsMissed: Number(r.meetings_missed),
      dutyDaysDue: Number(r.duty_days_due),
      dutyDaysStaffed: Number(r.duty_days_staffed),
      dutyRate: dutyRate({ daysDue: Number(r.duty_days_due), daysStaffed: Number(r.duty_days_staffed) }),
    })),
  };
}

/**
 * The dashboard's card: this month's coverage over the subtree and per village, missed and due meetings of 三会一课,
 * this week's duty gaps, the branches to record for and the reader's duty today. Throws NOT_FOUND, FORBIDDEN.
 */
export async function getOverview(ctx: AuthedContext, query: StudyOverviewQuery): Promise<StudyOverview> {
  const db = ctx.db.kysely;
  const root = await rootOf(ctx, query.organizationId);
  const month = monthOf(ctx.now);
  const today = shanghaiDate(ctx.now);
  // A nation's province is counted alone (its root's tree), not with the thirty others.
  const computed = await cachedMonthStudyFigures(db, month, ctx.now, await assessmentRoot(db, root.path));
  const f = computed.value;
  const rootNode = f.orgs.get(root.id);
  if (!rootNode) throw archivedOrganization(root.name, '统计其学习情况');
  const inRoot = (o: OrgNode) => o.path.startsWith(root.path);
  const villageOf = (o: OrgNode) => (o.parentId ? (f.orgs.get(o.parentId) ?? null) : null);

  const missed: MissedMeeting[] = [];
  const due: StudyOverview['dueMeetings'] = [];
  for (const [branchId, r] of f.rhythm) {
    const b = f.orgs.get(branchId);
    if (!b || !inRoot(b)) continue;
    for (const kind of MEETING_KINDS) {
      const s = r[kind];
      for (const p of s.missed)
        missed.push({
          organizationId: b.id,
          organizationName: b.name,
          villageName: villageOf(b)?.name ?? null,
          kind,
          period: p.key,
          periodZh: rhythmPeriodLabel(p.key, 'zh'),
          periodEn: rhythmPeriodLabel(p.key, 'en'),
        });
      if (s.current && !s.current.held)
        due.push({
          organizationId: b.id,
          organizationName: b.name,
          kind,
          period: s.current.key,
          periodZh: rhythmPeriodLabel(s.current.key, 'zh'),
          periodEn: rhythmPeriodLabel(s.current.key, 'en'),
          daysLeft: s.current.daysLeft,
        });
    }
  }
  missed.sort((a, b) => b.period.localeCompare(a.period) || a.organizationName.localeCompare(b.organizationName, 'zh-CN'));
  due.sort((a, b) => a.daysLeft - b.daysLeft || a.organizationName.localeCompare(b.organizationName, 'zh-CN'));

  const weekStart = weekStartOf(ctx.now);
  const week = await hallCoverages(db, [root.path], weekStart, today, today);
  const dutyRows: DutyGapRow[] = week
    .map((h) => ({
      organizationId: h.organizationId,
      organizationName: h.organizationName,
      parentName: h.parentId ? (f.orgs.get(h.parentId)?.name ?? null) : null,
      daysDue: h.coverage.daysDue,
      daysStaffed: h.coverage.daysStaffed,
      gaps: h.coverage.gaps,
    }))
    .sort((a, b) => b.gaps.length - a.gaps.length || a.organizationName.localeCompare(b.organizationName, 'zh-CN'));

  let duty: StudyOverview['duty'] = null;
  if (REPORTING_KINDS.includes(root.kind)) {
    const hall = await dutyRepo.findHall(db, root.id);
    if (hall) {
      const weekday = isoWeekday(today);
      const [roster, signins] = await Promise.all([dutyRepo.listRoster(db, [root.id]), dutyRepo.listSignins(db, [root.id], today, today)]);
      const mine = signins.find((s) => s.user_id === ctx.actor.userId);
      const openToday = isOpenOn(parseWeekdays(hall.open_weekdays), today);
      duty = {
        organizationId: root.id,
        organizationName: root.name,
        openToday,
        onDutyToday: roster.filter((r) => Number(r.weekday) === weekday).map((r) => r.person_name),
        signedInAt: mine?.at ?? null,
        // Off today's roster, a sign-in is recorded as 代班: the card says so before and after the tap.
        rosteredToday: rosterLineOf(ctx.actor, roster, weekday) !== undefined,
        signedInAsStandIn: mine ? !toBool(mine.on_roster) : false,
        // As the hall's allowedActions: not on a closed day, not at an archived village.
        canSignIn: openToday && root.archived_at === null && canSignInForDuty(ctx.actor, root.path, roster),
      };
    }
  }

  // A district's villages in tree order; a province's, the lowest attendance first, cut to STUDY_OVERVIEW_ROWS.
  const villageRows = treeOrder(f.orgs, root.id, (o) => REPORTING_KINDS.includes(o.kind)).map((o) => rowOf(f, o));
  const shownVillages = lowestAttendanceFirst(villageRows, STUDY_OVERVIEW_ROWS);

  const branches = [...f.orgs.values()]
    .filter((o) => o.kind === 'branch' && inRoot(o))
    .sort((a, b) => a.path.localeCompare(b.path))
    .slice(0, 500)
    .map((o) => ({ id: o.id, name: o.name, parentName: villageOf(o)?.name ?? null, canRecord: canRecordStudy(ctx.actor, o.path) }));

  return {
    organizationId: root.id,
    organizationName: root.name,
    month,
    today,
    figuresAt: computed.at.toISOString(),
    coverage: rowOf(f, rootNode),
    villages: shownVillages,
    villagesTotal: villageRows.length,
    missedMeetings: missed.slice(0, 50),
    dueMeetings: due.slice(0, 50),
    dutyWeek: {
      weekStart,
      rows: dutyRows.slice(0, STUDY_OVERVIEW_ROWS),
      daysDue: dutyRows.reduce((n, r) => n + r.daysDue, 0),
      daysStaffed: dutyRows.reduce((n, r) => n + r.daysStaffed, 0),
      withGaps: dutyRows.filter((r) => r.gaps.length > 0).length,
    },
    branches,
    duty,
    canRecord: branches.some((b) => b.canRecord),
  };
}
