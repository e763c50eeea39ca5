import type {
  AttendanceCounts,
  AttendanceRow,
  StudyFile,
  StudyPlan,
  StudySession,
  StudySessionSummary,
} from '../../../domain/contracts/study.ts';
import { type AbsenceReason, attended, type AttendanceStatus, type StudySessionKind } from '../../../domain/study-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { StudyPlansTable, StudySessionsTable } from '../../db/database.ts';
import { toBool } from '../../db/dialect.ts';
import type { Actor } from '../../http/context.ts';
import { canRecordStudy } from './study.policy.ts';
import type { AttendanceRow as AttendanceDbRow, FileRow, PlanRow, SessionRow } from './study.repository.ts';

const parseList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/** A recorder of the branch may change its records, while the branch is not archived (study-scope.ts refuseArchived). */
const mayWrite = (row: Pick<PlanRow, 'org_path' | 'organization_archived_at'>, actor: Actor) =>
  row.organization_archived_at === null && canRecordStudy(actor, row.org_path);

export function presentPlan(row: PlanRow, actor: Actor): StudyPlan {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    title: row.title,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    topics: parseList(row.topics),
    forms: parseList(row.forms) as StudySessionKind[],
    sessionsPerMonth: Number(row.sessions_per_month),
    note: row.note,
    version: Number(row.version),
    allowedActions: mayWrite(row, actor) ? ['edit'] : [],
  };
}

export function snapshotPlan(
  row: Pick<StudyPlansTable, 'title' | 'starts_on' | 'ends_on' | 'topics' | 'forms' | 'sessions_per_month' | 'note'>,
) {
  return {
    title: row.title,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    topics: parseList(row.topics),
    forms: parseList(row.forms),
    sessionsPerMonth: Number(row.sessions_per_month),
    note: row.note,
  };
}

export function snapshotSession(
  row: Pick<StudySessionsTable, 'kind' | 'starts_at' | 'place' | 'speaker' | 'topic' | 'summary' | 'plays_count'>,
) {
  return {
    kind: row.kind,
    startsAt: row.starts_at,
    place: row.place,
    speaker: row.speaker,
    topic: row.topic,
    summary: row.summary,
    playsCount: row.plays_count === null ? null : Number(row.plays_count),
  };
}

export function presentFile(f: FileRow): StudyFile {
  return {
    id: f.id,
    purpose: f.purpose as StudyFile['purpose'],
    originalName: f.original_name,
    mime: f.mime,
    size: Number(f.size),
    isImage: f.mime.startsWith('image/'),
    isAudio: f.mime.startsWith('audio/'),
    uploadedAt: f.uploaded_at,
    uploadedByName: f.uploaded_by_name,
  };
}

export function presentAttendance(a: AttendanceDbRow, today: string): AttendanceRow {
  const status = a.status as AttendanceStatus;
  return {
    memberId: a.member_id,
    memberName: a.member_name,
    worksAway: toBool(a.works_away),
    status,
    reason: (a.absence_reason as AbsenceReason | null) ?? null,
    note: a.note,
    madeUpOn: a.made_up_on,
    attended: attended({ status, madeUpOn: a.made_up_on }, today),
  };
}

export function emptyCounts(): AttendanceCounts {
  return { members: 0, present: 0, absent: 0, reached: 0, madeUp: 0 };
}

/** Counts from attendance rows (the summary of one session). */
export function countsOf(rows: ReadonlyArray<{ status: string; made_up: number; n: number }>): AttendanceCounts {
  const c = emptyCounts();
  for (const r of rows) {
    c.members += r.n;
    if (r.status === 'present') c.present += r.n;
    else if (r.status === 'reached') c.reached += r.n;
    else c.absent += r.n;
    c.madeUp += r.made_up;
  }
  return c;
}

export function presentSessionSummary(row: SessionRow, counts: AttendanceCounts, hasRecording: boolean): StudySessionSummary {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    kind: row.kind as StudySessionKind,
    startsAt: row.starts_at,
    place: row.place,
    speaker: row.speaker,
    topic: row.topic,
    playsCount: row.plays_count === null ? null : Number(row.plays_count),
    counts,
    hasRecording,
  };
}

export function presentSession(
  row: SessionRow,
  attendance: readonly AttendanceDbRow[],
  files: readonly FileRow[],
  actor: Actor,
  now: Date,
): StudySession {
  const today = shanghaiDate(now);
  const rows = attendance.map((a) => presentAttendance(a, today));
  const counts = countsOf(attendance.map((a) => ({ status: a.status, n: 1, made_up: a.made_up_on ? 1 : 0 })));
  const mayRecord = mayWrite(row, actor);
  return {
    ...presentSessionSummary(
      row,
      counts,
      files.some((f) => f.purpose === 'recording'),
    ),
    planId: row.plan_id,
    summary: row.summary,
    attendance: rows,
    files: files.map(presentFile),
    version: Number(row.version),
    allowedActions: mayRecord ? ['edit', 'attendance', 'upload'] : [],
  };
}
