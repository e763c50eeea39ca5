import type {
  AttendanceEntry,
  CreateStudyPlanBody,
  CreateStudySessionBody,
  RecordAttendanceBody,
  StudyPlan,
  StudyPlanList,
  StudyPlanListQuery,
  StudySession,
  StudySessionList,
  StudySessionListQuery,
  UpdateStudyPlanBody,
  UpdateStudySessionBody,
} from '../../../domain/contracts/study.ts';
import { attendanceProblem, type StudySessionKind } from '../../../domain/study-coverage.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../../domain/time.ts';
import type { PartyMembersTable, StudyAttendanceTable, StudyPlansTable, StudySessionsTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as membersRepo from '../members/members.repository.ts';
import { canReadStudy, canRecordSomewhere, canRecordStudy } from './study.policy.ts';
import {
  countsOf,
  emptyCounts,
  presentPlan,
  presentSession,
  presentSessionSummary,
  snapshotPlan,
  snapshotSession,
} from './study.presenter.ts';
import * as repo from './study.repository.ts';
import { listRoots, loadBranchForRecording, refuseArchived } from './study-scope.ts';

const PLAN = '学习计划';
const SESSION = '学习活动';

// ── Plans ───────────────────────────────────────────────────────────────────

/** One page of the study plans in the reader's scope (or one organization's subtree), newest period first. Throws NOT_FOUND. */
export async function listPlans(ctx: AuthedContext, query: StudyPlanListQuery): Promise<StudyPlanList> {
  const db = ctx.db.kysely;
  const { total, rows } = await repo.listPlans(db, {
    roots: await listRoots(ctx, db, query.organizationId),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentPlan(r, ctx.actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canRecord: canRecordSomewhere(ctx.actor),
  };
}

/** Draws up a branch's study plan. Throws NOT_FOUND, VALIDATION_FAILED (not a branch), FORBIDDEN, CONFLICT (archived). */
export async function createPlan(ctx: AuthedContext, body: CreateStudyPlanBody): Promise<StudyPlan> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const branch = await loadBranchForRecording(ctx, trx, body.organizationId);
    const at = ctx.now.toISOString();
    const row: StudyPlansTable = {
      id: newId(),
      organization_id: branch.id,
      org_path: branch.path,
      title: body.title,
      starts_on: body.startsOn,
      ends_on: body.endsOn,
      topics: JSON.stringify(body.topics),
      forms: JSON.stringify([...new Set(body.forms)]),
      sessions_per_month: body.sessionsPerMonth,
      note: body.note ?? null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insertPlan(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'study_plan.created', after: snapshotPlan(row) },
      { entityType: 'study_plan', entityId: row.id, organizationId: branch.id },
    );
    return presentPlan({ ...row, organization_name: branch.name, organization_archived_at: null }, ctx.actor);
  });
}

/** Edits a plan. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale, or the branch archived), VALIDATION_FAILED (ends before it starts). */
export async function updatePlan(ctx: AuthedContext, id: string, body: UpdateStudyPlanBody): Promise<StudyPlan> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await repo.findPlan(trx, id);
    if (!before || !canReadStudy(ctx.actor, before.org_path)) throw notFound(PLAN);
    if (!canRecordStudy(ctx.actor, before.org_path)) throw forbidden('您没有修改该党支部学习计划的权限');
    refuseArchived(branchOf(before));
    if (before.version !== body.version) throw conflict(PLAN);
    const changes: repo.PlanChanges = {
      ...(body.title !== undefined && { title: body.title }),
      ...(body.startsOn !== undefined && { starts_on: body.startsOn }),
      ...(body.endsOn !== undefined && { ends_on: body.endsOn }),
      ...(body.topics !== undefined && { topics: JSON.stringify(body.topics) }),
      ...(body.forms !== undefined && { forms: JSON.stringify([...new Set(body.forms)]) }),
      ...(body.sessionsPerMonth !== undefined && { sessions_per_month: body.sessionsPerMonth }),
      ...(body.note !== undefined && { note: body.note }),
    };
    const after = { ...before, ...changes, version: before.version + 1 };
    if (after.starts_on > after.ends_on)
      throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期 (the plan ends before it starts)', {
        fields: [{ in: 'body', path: 'endsOn', message: 'before startsOn' }],
      });
    if (!(await repo.updatePlanIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(PLAN);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'study_plan.updated', before: snapshotPlan(before), after: snapshotPlan(after) },
      { entityType: 'study_plan', entityId: id, organizationId: before.organization_id },
    );
    return presentPlan(after, ctx.actor);
  });
}

// ── Sessions ────────────────────────────────────────────────────────────────

/** Sessions in the reader's scope (or one organization's subtree), newest first. Throws NOT_FOUND. */
export async function listSessions(ctx: AuthedContext, query: StudySessionListQuery): Promise<StudySessionList> {
  const db = ctx.db.kysely;
  const roots = await listRoots(ctx, db, query.organizationId);
  const { total, rows } = await repo.listSessions(db, {
    roots,
    kind: query.kind,
    from: query.from ? shanghaiDayStart(query.from).toISOString() : undefined,
    to: query.to ? shanghaiDayStart(addDays(query.to, 1)).toISOString() : undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const ids = rows.map((r) => r.id);
  const [counts, recorded] = await Promise.all([repo.attendanceCounts(db, ids), repo.sessionsWithRecording(db, ids)]);
  return {
    items: rows.map((r) =>
      presentSessionSummary(r, counts.length ? countsOf(counts.filter((c) => c.session_id === r.id)) : emptyCounts(), recorded.has(r.id)),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canRecord: canRecordSomewhere(ctx.actor),
  };
}

/** The branch of a plan or session, as refuseArchived reads it. */
const branchOf = (row: { organization_name: string; organization_archived_at: string | null }) => ({
  name: row.organization_name,
  archived_at: row.organization_archived_at,
});

async function loadSession(ctx: AuthedContext, db: Executor, id: string): Promise<repo.SessionRow> {
  const row = await repo.findSession(db, id);
  if (!row || !canReadStudy(ctx.actor, row.org_path)) throw notFound(SESSION);
  return row;
}

async function sessionDetail(ctx: AuthedContext, db: Executor, row: repo.SessionRow): Promise<StudySession> {
  const [attendance, files] = await Promise.all([repo.listAttendance(db, row.id), repo.filesOf(db, { sessionIds: [row.id] })]);
  return presentSession(row, attendance, files, ctx.actor, ctx.now);
}

/** One session with its attendance and files. Throws NOT_FOUND. */
export async function getSession(ctx: AuthedContext, id: string): Promise<StudySession> {
  const db = ctx.db.kysely;
  return sessionDetail(ctx, db, await loadSession(ctx, db, id));
}

const invalid = (message: string, path: string) => new AppError('VALIDATION_FAILED', message, { fields: [{ in: 'body', path, message }] });

/** How often a recording was played is a broadcast lesson's: on another kind it was dropped without a word. */
function refusePlaysOnOtherKind(kind: StudySessionKind, playsCount: number | null | undefined): void {
  if (kind !== 'broadcast' && playsCount !== undefined && playsCount !== null)
    throw invalid('只有广播学习填写播放次数 (plays are counted for broadcast lessons only)', 'playsCount');
}

/**
 * A session is recorded once held: its start not after now, as a meeting's (a session at 23:50 recorded at 22:10 was
 * taken, its attendance marked, and the coverage left it out until 23:50). Returns its Shanghai day.
 */
function checkHeld(startsAt: string, now: Date): string {
  const at = new Date(startsAt);
  if (at.getTime() > now.getTime())
    throw invalid('学习活动开展后再记录：开始时间不能晚于现在 (record a session once it has begun)', 'startsAt');
  return shanghaiDate(at);
}

/** Validated attendance rows for members of the branch (NOT one of them → VALIDATION_FAILED naming the entry). */
function attendanceRows(
  entries: readonly AttendanceEntry[],
  members: ReadonlyMap<string, PartyMembersTable>,
  session: { id: string; kind: StudySessionKind; day: string },
  today: string,
  at: string,
  /** The body's field the entries came in: a session's `attendance`, an attendance update's `entries`. */
  field: 'attendance' | 'entries',
): StudyAttendanceTable[] {
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const path = `${field}.${i}`;
    const member = members.get(e.memberId);
    if (!member) throw invalid('该党员不在本支部名册中 (not a member of this branch)', `${path}.memberId`);
    // Joined after the day or left before it: not in the register that day (their attendance would move the rate).
    if (!inRegisterOn(member, session.day))
      throw invalid(
        `${member.name}在 ${session.day} 不在本支部名册中（尚未转入，或已转出）(not in the branch's register on the session's day)`,
        `${path}.memberId`,
      );
    if (seen.has(e.memberId)) throw invalid('同一名党员只能记录一次 (a member is listed twice)', `${path}.memberId`);
    seen.add(e.memberId);
    const reason = e.reason ?? null;
    const madeUpOn = e.madeUpOn ?? null;
    const problem = attendanceProblem({ status: e.status, reason, madeUpOn }, session.kind, session.day);
    if (problem) throw invalid(`${members.get(e.memberId)!.name}：${problem.zh} (${problem.en})`, path);
    if (madeUpOn && madeUpOn > today) throw invalid('补学日期不能晚于今天 (a make-up is recorded once done)', `${path}.madeUpOn`);
    return {
      session_id: session.id,
      member_id: e.memberId,
      status: e.status,
      absence_reason: reason,
      note: e.note ?? null,
      made_up_on: madeUpOn,
      updated_at: at,
    };
  });
}

const attendanceSummary = (rows: ReadonlyArray<Pick<StudyAttendanceTable, 'status' | 'made_up_on'>>) => {
  const c = countsOf(rows.map((r) => ({ status: r.status, n: 1, made_up: r.made_up_on ? 1 : 0 })));
  return { members: c.members, present: c.present, absent: c.absent, reached: c.reached, madeUp: c.madeUp };
};

const attendanceEntry = (a: Pick<StudyAttendanceTable, 'status' | 'absence_reason' | 'made_up_on' | 'note'>) => ({
  status: a.status,
  reason: a.absence_reason,
  madeUpOn: a.made_up_on,
  note: a.note,
});

/** Members in the register on the session's day: joined by then (or no date) and not left before it. */
const inRegisterOn = (m: PartyMembersTable, day: string) =>
  (m.joined_on === null || m.joined_on <= day) && (m.left_on === null || m.left_on > day);

/**
 * Records a held session with its attendance in one transaction: every member of the branch in the register on
 * the day is recorded, present unless listed otherwise (absent with a reason, reached by a broadcast).
 * Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (not a branch, a future day, a bad entry, a plan of another branch),
 * CONFLICT (the branch archived).
 */
export async function createSession(ctx: AuthedContext, body: CreateStudySessionBody): Promise<StudySession> {
  const today = shanghaiDate(ctx.now);
  const day = checkHeld(body.startsAt, ctx.now);
  refusePlaysOnOtherKind(body.kind, body.playsCount);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const branch = await loadBranchForRecording(ctx, trx, body.organizationId);
    if (body.planId) {
      const plan = await repo.findPlan(trx, body.planId);
      if (!plan || plan.organization_id !== branch.id) throw invalid('学习计划不属于该党支部 (the plan is another branch’s)', 'planId');
    }
    const at = ctx.now.toISOString();
    const row: StudySessionsTable = {
      id: newId(),
      organization_id: branch.id,
      org_path: branch.path,
      plan_id: body.planId ?? null,
      kind: body.kind,
      starts_at: new Date(body.startsAt).toISOString(),
      place: body.place,
      speaker: body.speaker ?? null,
      topic: body.topic,
      summary: body.summary ?? null,
      plays_count: body.kind === 'broadcast' ? (body.playsCount ?? null) : null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    const members = new Map((await membersRepo.listOfBranch(trx, branch.id, true)).map((m) => [m.id, m]));
    const listed = attendanceRows(body.attendance, members, { id: row.id, kind: body.kind, day }, today, at, 'attendance');
    const listedIds = new Set(listed.map((a) => a.member_id));
    const present: StudyAttendanceTable[] = [...members.values()]
      .filter((m) => !listedIds.has(m.id) && inRegisterOn(m, day))
      .map((m) => ({
        session_id: row.id,
        member_id: m.id,
        status: 'present',
        absence_reason: null,
        note: null,
        made_up_on: null,
        updated_at: at,
      }));
    await repo.insertSession(trx, row);
    await repo.writeAttendance(trx, row.id, [...listed, ...present]);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'study_session.recorded', after: snapshotSession(row), attendance: attendanceSummary([...listed, ...present]) },
      { entityType: 'study_session', entityId: row.id, organizationId: branch.id },
    );
    return sessionDetail(ctx, trx, { ...row, organization_name: branch.name, organization_archived_at: null });
  });
}

/**
 * Edits a session's record. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale, or the branch archived),
 * VALIDATION_FAILED (a future day; broadcast reach on another kind).
 */
export async function updateSession(ctx: AuthedContext, id: string, body: UpdateStudySessionBody): Promise<StudySession> {
  if (body.startsAt) checkHeld(body.startsAt, ctx.now);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadSession(ctx, trx, id);
    if (!canRecordStudy(ctx.actor, before.org_path)) throw forbidden('您没有修改该党支部学习活动的权限');
    refuseArchived(branchOf(before));
    if (before.version !== body.version) throw conflict(SESSION);
    const kind = body.kind ?? (before.kind as StudySessionKind);
    refusePlaysOnOtherKind(kind, body.playsCount);
    const attendance = await repo.listAttendance(trx, id);
    if (kind !== 'broadcast' && attendance.some((a) => a.status === 'reached'))
      throw invalid('已有党员标记为“收听广播”，请先修改参学记录再更改学习形式', 'kind');
    const day = shanghaiDate(new Date(body.startsAt ?? before.starts_at));
    if (attendance.some((a) => a.made_up_on !== null && a.made_up_on < day)) throw invalid('有补学日期早于新的学习日期', 'startsAt');
    if (day !== shanghaiDate(new Date(before.starts_at))) {
      // Recorded attendance must still be possible on the new day: a member who had not yet joined (or had left)
      // cannot have attended, and such a row could not be changed or removed afterwards.
      const members = new Map((await membersRepo.listOfBranch(trx, before.organization_id, true)).map((m) => [m.id, m]));
      const outside = attendance.map((a) => members.get(a.member_id)).filter((m) => m !== undefined && !inRegisterOn(m, day));
      if (outside.length)
        throw invalid(
          `${outside
            .slice(0, 5)
            .map((m) => m!.name)
            .join('、')}${outside.length > 5 ? ` 等 ${outside.length} 人` : ''}在 ${day} 不在本支部名册中（尚未转入，或已转出），` +
            `已记录的参学情况与新日期不符，请核对日期 (members with attendance were not in the register on the new day)`,
          'startsAt',
        );
    }
    const changes: repo.SessionChanges = {
      ...(body.kind !== undefined && { kind: body.kind }),
      ...(body.startsAt !== undefined && { starts_at: new Date(body.startsAt).toISOString() }),
      ...(body.place !== undefined && { place: body.place }),
      ...(body.speaker !== undefined && { speaker: body.speaker }),
      ...(body.topic !== undefined && { topic: body.topic }),
      ...(body.summary !== undefined && { summary: body.summary }),
      ...(body.playsCount !== undefined && { plays_count: body.playsCount }),
      ...(kind !== 'broadcast' && { plays_count: null }),
    };
    if (!(await repo.updateSessionIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(SESSION);
    const after = { ...before, ...changes, version: before.version + 1 };
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'study_session.updated', before: snapshotSession(before), after: snapshotSession(after) },
      { entityType: 'study_session', entityId: id, organizationId: before.organization_id },
    );
    return sessionDetail(ctx, trx, after);
  });
}

/**
 * Records attendance again for the listed members (an absence and its reason, reached by the broadcast, made up
 * later: 补学), guarded by the session's version. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale, or the branch
 * archived), VALIDATION_FAILED.
 */
export async function recordAttendance(ctx: AuthedContext, id: string, body: RecordAttendanceBody): Promise<StudySession> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const session = await loadSession(ctx, trx, id);
    if (!canRecordStudy(ctx.actor, session.org_path)) throw forbidden('您没有修改该党支部参学记录的权限');
    refuseArchived(branchOf(session));
    if (session.version !== body.version) throw conflict(SESSION);
    const at = ctx.now.toISOString();
    const members = new Map((await membersRepo.listOfBranch(trx, session.organization_id, true)).map((m) => [m.id, m]));
    const day = shanghaiDate(new Date(session.starts_at));
    const rows = attendanceRows(
      body.entries,
      members,
      { id, kind: session.kind as StudySessionKind, day },
      shanghaiDate(ctx.now),
      at,
      'entries',
    );
    const before = await repo.listAttendance(trx, id);
    const byMember = new Map(before.map((a) => [a.member_id, a]));
    const changed = rows.filter((r) => {
      const b = byMember.get(r.member_id);
      return !b || b.status !== r.status || b.absence_reason !== r.absence_reason || b.made_up_on !== r.made_up_on || b.note !== r.note;
    });
    if (!(await repo.updateSessionIfVersion(trx, id, body.version, {}, at))) throw conflict(SESSION);
    await repo.writeAttendance(trx, id, changed);
    const after = [...before.filter((a) => !changed.some((c) => c.member_id === a.member_id)), ...changed];
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'study_attendance.updated',
        before: attendanceSummary(before),
        after: attendanceSummary(after),
        changed: changed.length,
        // Whose entry changed, from what to what (the totals alone could not say who was marked absent or made up).
        entries: changed.map((r) => {
          const b = byMember.get(r.member_id);
          return {
            memberId: r.member_id,
            name: members.get(r.member_id)?.name ?? null,
            before: b ? attendanceEntry(b) : null,
            after: attendanceEntry(r),
          };
        }),
      },
      { entityType: 'study_session', entityId: id, organizationId: session.organization_id },
    );
    return sessionDetail(ctx, trx, { ...session, version: session.version + 1, updated_at: at });
  });
}
