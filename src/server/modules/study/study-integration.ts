import { monthPeriod, type Period, weekPeriod } from '../../../domain/cadence.ts';
import type { InterviewReason } from '../../../domain/interview-triggers.ts';
import { meetingInterviewReasons, MEETING_KINDS, withMeetingRhythm } from '../../../domain/meeting-rhythm.ts';
import type { RagResult } from '../../../domain/rag.ts';
import type { CircularStudyAnnex } from '../../../domain/study-circular.ts';
import { emptyCoverage, scoreWithStudy, studyFormulaText, studyShare, type StudySessionKind } from '../../../domain/study-coverage.ts';
import type { StudyRules } from '../../../domain/study-rules.ts';
import { pathIds } from '../../../domain/organizations.ts';
import type { StudySnapshotsTable } from '../../db/database.ts';
import type { DialectKind } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import * as liaisonRepo from '../liaison-groups/liaison-groups.repository.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { asAtOf, computeStudyFigures, meetingLatenessAt, monthOfWeek } from './study-figures.ts';
import * as repo from './study-figures.repository.ts';
import * as integrationRepo from './study-integration.repository.ts';
import { loadStudyRules } from './study-settings.ts';

/**
 * Where the regular Party life enters the program's rhythm (documented in docs/ARCHITECTURE.md, "The regular
 * Party life"): the weekly snapshot, RAG, the monthly ranking, interview candidates, the weekly report and the
 * monthly circular. Each is one call from the shared module into this file.
 */

// ── 一周一统计 ───────────────────────────────────────────────────────────────

/**
 * Freezes the week's Party-life figures per organization (its subtree's): sessions in the week and in its month
 * to date against the month's plan, the week's attendance, members never reached, meetings missed, duty days due
 * and staffed. Called from statistics' writeWeekRows inside the snapshot's transaction, so a recompute replaces them.
 */
export async function freezeStudyWeek(trx: Executor, kind: DialectKind, weekStart: string, now: Date): Promise<number> {
  const period = weekPeriod(weekStart);
  const month = monthOfWeek(period);
  const f = await computeStudyFigures(trx, { period, plannedMonths: [month], sessionsFrom: monthPeriod(month).from, now });
  const weekSessions = await repo.countSessions(trx, period.from.toISOString(), f.at.toISOString());
  const inWeek = new Map<string, number>();
  for (const [id, n] of weekSessions) {
    const org = f.orgs.get(id);
    if (org) for (const a of pathIds(org.path)) inWeek.set(a, (inWeek.get(a) ?? 0) + n);
  }
  const computedAt = now.toISOString();
  const rows: StudySnapshotsTable[] = [...f.orgs.values()].map((o) => {
    const c = f.coverage.get(o.id) ?? emptyCoverage();
    const d = f.duty.get(o.id);
    return {
      week_start: weekStart,
      organization_id: o.id,
      org_path: o.path,
      sessions_week: inWeek.get(o.id) ?? 0,
      sessions_month: c.sessionsHeld,
      sessions_planned_month: c.sessionsPlanned,
      attendance_records: c.attendanceRecords,
      attendance_attended: c.attended,
      members: c.members,
      members_never_reached: c.neverReached,
      meetings_missed: f.lateness.get(o.id)?.missed ?? 0,
      duty_days_due: d?.daysDue ?? 0,
      duty_days_staffed: d?.daysStaffed ?? 0,
      computed_at: computedAt,
    };
  });
  await repo.replaceSnapshotWeek(trx, kind, weekStart, rows);
  return rows.length;
}

// ── 红黄绿 ───────────────────────────────────────────────────────────────────

/** The colours with the meeting rhythm weighed in (src/domain/meeting-rhythm.ts withMeetingRhythm), as at the period's end. */
export async function withStudyRag(
  db: Executor,
  period: Period,
  now: Date,
  rag: ReadonlyMap<string, RagResult>,
  rootPath?: string,
): Promise<Map<string, RagResult>> {
  const { lateness, rules } = await meetingLatenessAt(db, period, now, undefined, rootPath);
  return new Map([...rag].map(([id, r]) => [id, withMeetingRhythm(r, lateness.get(id), rules)]));
}

// ── 月度排名 ─────────────────────────────────────────────────────────────────

export interface StudyRanking {
  weight: number;
  /** Each organization's study share for the month (src/domain/study-coverage.ts studyShare). */
  shares: Map<string, number>;
  rules: StudyRules;
}

/** The study component of a month's scores; `rootPath`: one root's tree (a province of a nation), as assessMonth. */
export async function studyRankingFor(db: Executor, month: string, now: Date, rootPath?: string): Promise<StudyRanking> {
  const rules = await loadStudyRules(db);
  if (rules.ranking.weight <= 0) return { weight: 0, shares: new Map(), rules };
  const f = await computeStudyFigures(db, { period: monthPeriod(month), plannedMonths: [month], now, rules, rootPath });
  // A month with nothing to measure anywhere (no plan asks for sessions, nobody was expected at one) leaves the
  // scores as the cadence made them, rather than lifting everyone by the same full marks.
  const measured = [...f.coverage.values()].some((c) => c.sessionsPlanned > 0 || c.attendanceRecords > 0);
  if (!measured) return { weight: 0, shares: new Map(), rules };
  return {
    weight: rules.ranking.weight,
    shares: new Map([...f.orgs.keys()].map((id) => [id, studyShare(f.coverage.get(id) ?? emptyCoverage())])),
    rules,
  };
}

/** An organization's monthly score with the study component (the cadence weights' sum is the base's weight). */
export function scoreWithStudyOf(s: StudyRanking, id: string, baseScore: number, baseWeightSum: number): number {
  return scoreWithStudy(baseScore, baseWeightSum, s.shares.get(id) ?? 1, s.weight);
}

export { studyFormulaText };

// ── 约谈 ─────────────────────────────────────────────────────────────────────

/** Interview reasons of the meeting rhythm per organization, as at the month's end; of one root's tree with `rootPath`. */
export async function studyInterviewReasons(
  db: Executor,
  month: string,
  now: Date,
  rootPath?: string,
): Promise<Map<string, InterviewReason[]>> {
  const { lateness, rules } = await meetingLatenessAt(db, monthPeriod(month), now, undefined, rootPath);
  const out = new Map<string, InterviewReason[]>();
  for (const [id, l] of lateness) {
    const reasons = meetingInterviewReasons(l, rules);
    if (reasons.length) out.set(id, reasons);
  }
  return out;
}

// ── 一周一汇报 ───────────────────────────────────────────────────────────────

/** A unit's Party life on its weekly report: sessions in the week and in its month; attendance of the week's sessions. */
export interface StudyReportFigures {
  sessionsWeek: number;
  sessionsMonth: number;
  sessionsPlannedMonth: number;
  attendanceRecords: number;
  attended: number;
  members: number;
  neverReached: number;
  meetingsMissed: number;
  dutyDaysDue: number;
  dutyDaysStaffed: number;
}

/** What a unit's weekly report shows of its Party life for a week (a village's subtree, or a group's villages). */
export async function unitStudyFigures(
  db: Executor,
  unitType: string,
  unitId: string,
  weekStart: string,
  now: Date,
): Promise<StudyReportFigures> {
  const villages =
    unitType === 'liaison_group'
      ? await liaisonRepo.listVillages(db, [unitId])
      : [await orgRepo.findById(db, unitId)].filter((o) => o !== undefined);
  const period = weekPeriod(weekStart);
  const month = monthOfWeek(period);
  const out: StudyReportFigures = {
    sessionsWeek: 0,
    sessionsMonth: 0,
    sessionsPlannedMonth: 0,
    attendanceRecords: 0,
    attended: 0,
    members: 0,
    neverReached: 0,
    meetingsMissed: 0,
    dutyDaysDue: 0,
    dutyDaysStaffed: 0,
  };
  // Each village's subtree counted alone (its figures are its rows in the whole tree's): a province's whole tree
  // took ≈ 60 ms of a village secretary's 开始填报, inside the transaction that starts the report.
  for (const v of villages) {
    const id = v.id;
    const f = await computeStudyFigures(db, {
      period,
      plannedMonths: [month],
      sessionsFrom: monthPeriod(month).from,
      now,
      rootPath: v.path,
    });
    if (!f.orgs.has(id)) continue;
    for (const [orgId, n] of await repo.countSessions(db, period.from.toISOString(), f.at.toISOString(), v.path))
      if (f.orgs.has(orgId)) out.sessionsWeek += n;
    const c = f.coverage.get(id) ?? emptyCoverage();
    out.sessionsMonth += c.sessionsHeld;
    out.sessionsPlannedMonth += c.sessionsPlanned;
    out.attendanceRecords += c.attendanceRecords;
    out.attended += c.attended;
    out.members += c.members;
    out.neverReached += c.neverReached;
    out.meetingsMissed += f.lateness.get(id)?.missed ?? 0;
    out.dutyDaysDue += f.duty.get(id)?.daysDue ?? 0;
    out.dutyDaysStaffed += f.duty.get(id)?.daysStaffed ?? 0;
  }
  return out;
}

// ── 一月一通报 ───────────────────────────────────────────────────────────────

/** The circular's study annex for a month over a subtree, as at its end (or now while it runs). */
export async function studyCircularAnnex(db: Executor, month: string, now: Date, rootPath: string): Promise<CircularStudyAnnex> {
  const period = monthPeriod(month);
  // Counted over the circular's own tree (several provinces may share a database).
  const f = await computeStudyFigures(db, { period, plannedMonths: [month], now, rootPath });
  const { at } = asAtOf(period, now);
  const inRoot = (path: string) => path.startsWith(rootPath);
  const rootId = pathIds(rootPath).at(-1)!;
  const c = f.coverage.get(rootId) ?? emptyCoverage();
  const branches = [...f.orgs.values()].filter((o) => o.kind === 'branch' && inRoot(o.path));
  const [byKind, tours] = await Promise.all([
    integrationRepo.sessionsByKind(db, rootPath, period.from.toISOString(), at.toISOString()),
    integrationRepo.toursBetween(db, rootPath, period.firstDay, f.day),
  ]);
  const name = (id: string) => {
    const o = f.orgs.get(id);
    const parent = o?.parentId ? f.orgs.get(o.parentId) : undefined;
    return parent && REPORTING_KINDS.includes(parent.kind) ? parent.name : (o?.name ?? '');
  };
  const missed: CircularStudyAnnex['missedMeetings'] = [];
  for (const b of branches) {
    const r = f.rhythm.get(b.id);
    if (!r) continue;
    for (const kind of MEETING_KINDS)
      for (const p of r[kind].missed)
        if (p.lastDay >= period.firstDay && p.lastDay <= period.lastDay) missed.push({ organization: name(b.id), kind, period: p.key });
  }
  const gaps = [...f.dutyGaps]
    .filter(([id, g]) => g.length > 0 && inRoot(f.orgs.get(id)?.path ?? ''))
    .map(([id, g]) => ({ organization: f.orgs.get(id)!.name, days: g.length }))
    .sort((x, y) => y.days - x.days || x.organization.localeCompare(y.organization, 'zh-CN'));
  const rootDuty = f.duty.get(rootId);
  return {
    month,
    branches: branches.length,
    sessionsHeld: c.sessionsHeld,
    sessionsPlanned: c.sessionsPlanned,
    byKind: Object.fromEntries(byKind.map((k) => [k.kind as StudySessionKind, k.n])),
    attendanceRecords: c.attendanceRecords,
    attended: c.attended,
    members: c.members,
    neverReached: c.neverReached,
    neverReachedMonths: f.rules.study.neverReachedMonths,
    behindPlan: branches
      .filter((b) => {
        const bc = f.coverage.get(b.id) ?? emptyCoverage();
        return bc.sessionsHeld < bc.sessionsPlanned;
      })
      .map((b) => name(b.id))
      .sort((x, y) => x.localeCompare(y, 'zh-CN')),
    missedMeetings: missed.sort((x, y) => x.organization.localeCompare(y.organization, 'zh-CN') || x.period.localeCompare(y.period)),
    duty: { daysDue: rootDuty?.daysDue ?? 0, daysStaffed: rootDuty?.daysStaffed ?? 0, gaps },
    tours: tours.map((t) => ({ title: t.title, date: t.tour_date, destination: t.destination, participants: t.participants })),
  };
}
