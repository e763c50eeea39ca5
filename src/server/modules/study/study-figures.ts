import { monthOfDate, monthPeriod, type Period } from '../../../domain/cadence.ts';
import {
  addLateness,
  branchRhythm,
  MEETING_KINDS,
  type MeetingKind,
  type RhythmLateness,
  rhythmLateness,
  rhythmTrackedFrom,
  type RhythmStatus,
} from '../../../domain/meeting-rhythm.ts';
import { pathIds } from '../../../domain/organizations.ts';
import {
  addCoverage,
  emptyCoverage,
  neverReachedWindowStart,
  type PlanFacts,
  sessionsOwed,
  settleOwnCoverage,
  type StudyCoverage,
} from '../../../domain/study-coverage.ts';
import type { StudyRules } from '../../../domain/study-rules.ts';
import { shanghaiDate, shanghaiDayStart } from '../../../domain/time.ts';
import type { Executor } from '../../http/context.ts';
import { type DutyTotals, hallCoverages, rollUpDuty } from '../duty/duty-figures.ts';
import * as repo from './study-figures.repository.ts';
import { loadStudyRules } from './study-settings.ts';
import { AssessmentCache, type Computed } from '../rankings/assessment-cache.ts';

/**
 * The regular Party life's figures for a period, per organization and rolled
 * up the tree (each organization's own figures added to every ancestor on its
 * path): sessions held against the plans, attendance, members never reached,
 * 三会一课 missed, and 坐班值班 days due and staffed. As at the period's end, or
 * now while it runs. A district has tens to hundreds of branches: rows are
 * counted by the database per organization, and judged in memory.
 */
export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  path: string;
  depth: number;
  createdAt: string;
}

export interface StudyFigures {
  /** The instant and the Shanghai day the figures are as at. */
  at: Date;
  day: string;
  orgs: Map<string, OrgNode>;
  /** Rolled up: each organization's subtree. */
  coverage: Map<string, StudyCoverage>;
  lateness: Map<string, RhythmLateness>;
  duty: Map<string, DutyTotals>;
  /** Per branch: where it stands on each kind of meeting. */
  rhythm: Map<string, Record<MeetingKind, RhythmStatus>>;
  /** Per village with a hall: the due days nobody signed in on. */
  dutyGaps: Map<string, string[]>;
  /** Members never reached in the window, with their branch. */
  neverReached: Array<{ id: string; name: string; organizationId: string; orgPath: string; worksAway: boolean }>;
  rules: StudyRules;
}

/**
 * The moment a period's figures are "as at": its end, or now while it runs; and the Shanghai day of it. `endedAt`:
 * the end of a period that has ended (organizations archived since still take part in it), else undefined.
 */
export function asAtOf(period: { to: Date; lastDay: string }, now: Date): { at: Date; day: string; endedAt?: string } {
  return period.to.getTime() > now.getTime()
    ? { at: new Date(now.getTime() + 1), day: shanghaiDate(now) }
    : { at: period.to, day: period.lastDay, endedAt: period.to.toISOString() };
}

export interface FiguresRequest {
  /** The sessions and attendance counted, and the duty days. */
  period: Period;
  /** The months whose planned sessions are owed (a month: itself; a week: the month of its end). */
  plannedMonths: readonly string[];
  /** Sessions counted from here instead of the period's start (a week counts its month to date). */
  sessionsFrom?: Date;
  now: Date;
  rules?: StudyRules;
  /**
   * Only this subtree (its root's path): its organizations, their facts, and their members (reached by a session of
   * any organization). Its figures are the same as its rows in the whole tree's, rolled up within it. Undefined: the
   * whole tree.
   */
  rootPath?: string;
}

function rollUp<T>(
  orgs: ReadonlyMap<string, OrgNode>,
  own: ReadonlyMap<string, T>,
  empty: () => T,
  add: (a: T, b: T) => T,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const [id, v] of own) {
    const org = orgs.get(id);
    if (!org) continue;
    for (const a of pathIds(org.path)) out.set(a, add(out.get(a) ?? empty(), v));
  }
  return out;
}

export async function computeStudyFigures(db: Executor, req: FiguresRequest): Promise<StudyFigures> {
  const rules = req.rules ?? (await loadStudyRules(db));
  const { at, day, endedAt } = asAtOf(req.period, req.now);
  const atIso = at.toISOString();
  const fromIso = req.period.from.toISOString();
  const sessionsFromIso = (req.sessionsFrom ?? req.period.from).toISOString();
  const windowFromIso = shanghaiDayStart(neverReachedWindowStart(day, rules.study.neverReachedMonths)).toISOString();
  const today = shanghaiDate(req.now);

  const root = req.rootPath;
  const [orgRows, sessions, attendance, plans, members, reached, meetings, halls] = await Promise.all([
    repo.listOrganizations(db, root, endedAt),
    repo.countSessions(db, sessionsFromIso, atIso, root),
    repo.countAttendance(db, fromIso, atIso, day, root),
    repo.listPlans(db, root),
    repo.listMembersAt(db, atIso, day, root),
    repo.reachedMembers(db, windowFromIso, atIso, day, root),
    repo.listMeetingsBefore(db, atIso, root),
    hallCoverages(db, [root ?? '/'], req.period.firstDay, day < req.period.lastDay ? day : req.period.lastDay, today),
  ]);
  const orgs = toNodes(orgRows);

  const own = new Map<string, StudyCoverage>();
  const ownOf = (id: string) => {
    let c = own.get(id);
    if (!c) own.set(id, (c = emptyCoverage()));
    return c;
  };
  for (const [id, n] of sessions) ownOf(id).sessionsHeld += n;
  for (const a of attendance) {
    const c = ownOf(a.organization_id);
    c.attendanceRecords += a.n;
    c.madeUp += a.made_up;
    if (a.status === 'absent') {
      c.absent += a.n;
      c.attended += a.made_up;
    } else c.attended += a.n;
  }
  const plansOf = new Map<string, PlanFacts[]>();
  for (const p of plans)
    plansOf.set(p.organization_id, [
      ...(plansOf.get(p.organization_id) ?? []),
      { startsOn: p.starts_on, endsOn: p.ends_on, sessionsPerMonth: Number(p.sessions_per_month) },
    ]);
  for (const o of orgs.values()) {
    if (o.kind !== 'branch') continue;
    const owed = req.plannedMonths.reduce((n, m) => n + sessionsOwed(m, plansOf.get(o.id) ?? [], rules.study.defaultSessionsPerMonth), 0);
    if (owed) ownOf(o.id).sessionsPlanned += owed;
  }
  for (const c of own.values()) settleOwnCoverage(c);
  const neverReached: StudyFigures['neverReached'] = [];
  for (const m of members) {
    // A member of an archived branch is in no count (the roll-up is over live organizations), so in no list either.
    if (!orgs.has(m.organization_id)) continue;
    const c = ownOf(m.organization_id);
    c.members += 1;
    if (!reached.has(m.id)) {
      c.neverReached += 1;
      neverReached.push({
        id: m.id,
        name: m.name,
        organizationId: m.organization_id,
        orgPath: m.org_path,
        worksAway: Number(m.works_away) === 1,
      });
    }
  }

  const { rhythm, lateness } = rhythmOf(orgs, meetings, rules, at);

  const visibleHalls = halls.filter((h) => orgs.has(h.organizationId));
  return {
    at,
    day,
    orgs,
    coverage: rollUp(orgs, own, emptyCoverage, (a, b) => {
      const c = { ...a };
      addCoverage(c, b);
      return c;
    }),
    lateness,
    duty: rollUpDuty(visibleHalls),
    rhythm,
    dutyGaps: new Map(visibleHalls.map((h) => [h.organizationId, h.coverage.gaps])),
    neverReached,
    rules,
  };
}

const toNodes = (rows: Awaited<ReturnType<typeof repo.listOrganizations>>) =>
  new Map<string, OrgNode>(
    rows.map((o) => [
      o.id,
      { id: o.id, parentId: o.parent_id, kind: o.kind, name: o.name, path: o.path, depth: Number(o.depth), createdAt: o.created_at },
    ]),
  );

/**
 * 三会一课 of every branch as at `at`, each tracked from the earlier of its creation and its first recorded
 * meeting, at most the lookback before its creation (rhythmTrackedFrom in src/domain/meeting-rhythm.ts), and the
 * lateness rolled up the tree.
 */
function rhythmOf(
  orgs: ReadonlyMap<string, OrgNode>,
  meetings: ReadonlyArray<{ organization_id: string; kind: string; held_at: string }>,
  rules: StudyRules,
  at: Date,
): { rhythm: Map<string, Record<MeetingKind, RhythmStatus>>; lateness: Map<string, RhythmLateness> } {
  const atIso = at.toISOString();
  const held = new Map<string, Map<MeetingKind, string[]>>();
  const firstHeld = new Map<string, string>();
  for (const m of meetings) {
    if (!(MEETING_KINDS as readonly string[]).includes(m.kind)) continue;
    const byKind = held.get(m.organization_id) ?? new Map<MeetingKind, string[]>();
    byKind.set(m.kind as MeetingKind, [...(byKind.get(m.kind as MeetingKind) ?? []), m.held_at]);
    held.set(m.organization_id, byKind);
    const d = shanghaiDate(new Date(m.held_at));
    if (!firstHeld.has(m.organization_id) || d < firstHeld.get(m.organization_id)!) firstHeld.set(m.organization_id, d);
  }
  const rhythm = new Map<string, Record<MeetingKind, RhythmStatus>>();
  const own = new Map<string, RhythmLateness>();
  for (const o of orgs.values()) {
    if (o.kind !== 'branch' || o.createdAt >= atIso) continue;
    const created = shanghaiDate(new Date(o.createdAt));
    const first = firstHeld.get(o.id);
    const r = branchRhythm(
      held.get(o.id) ?? new Map(),
      rules.meetings,
      rhythmTrackedFrom(created, first, rules.meetings.lookbackMonths),
      at,
    );
    rhythm.set(o.id, r);
    own.set(o.id, rhythmLateness(r, rules.rag.redMissedInRow));
  }
  return { rhythm, lateness: rollUp(orgs, own, () => ({ missed: 0, branchesInRow: 0, longestRow: 0 }), addLateness) };
}

/** Only the meeting rhythm's lateness as at a period's end (or now), for RAG and interview candidates. */
export async function meetingLatenessAt(
  db: Executor,
  period: { to: Date; lastDay: string },
  now: Date,
  rules?: StudyRules,
  rootPath?: string,
): Promise<{ lateness: Map<string, RhythmLateness>; rules: StudyRules }> {
  const r = rules ?? (await loadStudyRules(db));
  const { at, endedAt } = asAtOf(period, now);
  const [orgRows, meetings] = await Promise.all([
    repo.listOrganizations(db, rootPath, endedAt),
    repo.listMeetingsBefore(db, at.toISOString(), rootPath),
  ]);
  return { lateness: rhythmOf(toNodes(orgRows), meetings, r, at).lateness, rules: r };
}

/**
 * A month's figures for the views that read them (the coverage tab, the dashboard's study card): reused while
 * the record has not changed, and a large tree's (a province: rankings/assessment-cache.ts) served up to a minute
 * old while one refresh runs in the background, as the dashboards' figures are. `at` is the instant they are as
 * at. Writers (the weekly snapshot) compute their own.
 */
const monthCache = new AssessmentCache<StudyFigures>((f) => f.orgs.size);

export function cachedMonthStudyFigures(db: Executor, month: string, now: Date, rootPath?: string): Promise<Computed<StudyFigures>> {
  // `rootPath`: the tree of a database of several roots (assessmentRoot): one province's, kept apart from the others'.
  return monthCache.get(db, rootPath === undefined ? `study:${month}` : `study:${month}|${rootPath}`, now, (at) =>
    computeStudyFigures(db, { period: monthPeriod(month), plannedMonths: [month], now: at, rootPath }),
  );
}

/** The figures of a calendar month (sessions and attendance of the month, its plan, as at its end or now). */
export function monthStudyFigures(db: Executor, month: string, period: Period, now: Date, rules?: StudyRules): Promise<StudyFigures> {
  return computeStudyFigures(db, { period, plannedMonths: [month], now, rules });
}

/** The month (YYYY-MM) a week's figures count its plan against: the month of its last day. */
export const monthOfWeek = (period: Period) => monthOfDate(period.lastDay);
