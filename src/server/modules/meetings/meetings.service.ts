import { monthPeriod } from '../../../domain/cadence.ts';
import type {
  CreateMeetingBody,
  Meeting,
  MeetingList,
  MeetingListQuery,
  Rhythm,
  RhythmQuery,
  UpdateMeetingBody,
} from '../../../domain/contracts/meetings.ts';
import { MEETING_KIND_LABELS, MEETING_KINDS, type RhythmPeriod, rhythmPeriodLabel } from '../../../domain/meeting-rhythm.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { PartyMeetingsTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { organizationDirectory } from '../organizations/organization-directory.cache.ts';
import { assessmentRoot } from '../rankings/assessment.service.ts';
import { canReadStudy, canRecordSomewhere, canRecordStudy } from '../study/study.policy.ts';
import { cachedMonthStudyFigures, computeStudyFigures, type StudyFigures } from '../study/study-figures.ts';
import { listRoots, loadBranchForRecording, loadStudyOrg, refuseArchived } from '../study/study-scope.ts';
import { presentMeeting, snapshotMeeting } from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';

const MEETING = '会议记录';

/** Meetings of 三会一课 in the reader's scope (or one organization's subtree), newest first. Throws NOT_FOUND. */
export async function listMeetings(ctx: AuthedContext, query: MeetingListQuery): Promise<MeetingList> {
  const db = ctx.db.kysely;
  const { total, rows } = await repo.list(db, {
    roots: await listRoots(ctx, db, query.organizationId),
    kind: query.kind,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentMeeting(r, ctx.actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canRecord: canRecordSomewhere(ctx.actor),
  };
}

/** One meeting of 三会一课 the reader may read (its record: attendees, agenda, minutes). Throws NOT_FOUND. */
export async function getMeeting(ctx: AuthedContext, id: string): Promise<Meeting> {
  const row = await repo.findById(ctx.db.kysely, id);
  if (!row || !canReadStudy(ctx.actor, row.org_path)) throw notFound(MEETING);
  return presentMeeting(row, ctx.actor);
}

function checkHeld(heldAt: string, now: Date): void {
  if (new Date(heldAt).getTime() > now.getTime())
    throw new AppError('VALIDATION_FAILED', '会议召开后再记录：时间不能晚于现在 (record a meeting once it is held)', {
      fields: [{ in: 'body', path: 'heldAt', message: 'in the future' }],
    });
}

/** Records a meeting a branch held. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (not a branch, in the future), CONFLICT (archived). */
export async function createMeeting(ctx: AuthedContext, body: CreateMeetingBody): Promise<Meeting> {
  checkHeld(body.heldAt, ctx.now);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const branch = await loadBranchForRecording(ctx, trx, body.organizationId);
    const at = ctx.now.toISOString();
    const row: PartyMeetingsTable = {
      id: newId(),
      organization_id: branch.id,
      org_path: branch.path,
      kind: body.kind,
      held_at: new Date(body.heldAt).toISOString(),
      place: body.place,
      attendees: body.attendees,
      expected_count: body.expectedCount ?? null,
      present_count: body.presentCount ?? null,
      agenda: body.agenda,
      minutes: body.minutes ?? null,
      decisions: body.decisions ?? null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'meeting.recorded', after: snapshotMeeting(row) },
      { entityType: 'meeting', entityId: row.id, organizationId: branch.id },
    );
    return presentMeeting({ ...row, organization_name: branch.name }, ctx.actor);
  });
}

/** Edits a meeting's record. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale, or the branch archived), VALIDATION_FAILED. */
export async function updateMeeting(ctx: AuthedContext, id: string, body: UpdateMeetingBody): Promise<Meeting> {
  if (body.heldAt) checkHeld(body.heldAt, ctx.now);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await repo.findById(trx, id);
    if (!before || !canReadStudy(ctx.actor, before.org_path)) throw notFound(MEETING);
    if (!canRecordStudy(ctx.actor, before.org_path)) throw forbidden('您没有修改该党支部会议记录的权限');
    // The row carries its branch's archiving (read with it).
    refuseArchived({ name: before.organization_name, archived_at: before.organization_archived_at ?? null });
    if (before.version !== body.version) throw conflict(MEETING);
    const changes: repo.MeetingChanges = {
      ...(body.kind !== undefined && { kind: body.kind }),
      ...(body.heldAt !== undefined && { held_at: new Date(body.heldAt).toISOString() }),
      ...(body.place !== undefined && { place: body.place }),
      ...(body.attendees !== undefined && { attendees: body.attendees }),
      ...(body.expectedCount !== undefined && { expected_count: body.expectedCount }),
      ...(body.presentCount !== undefined && { present_count: body.presentCount }),
      ...(body.agenda !== undefined && { agenda: body.agenda }),
      ...(body.minutes !== undefined && { minutes: body.minutes }),
      ...(body.decisions !== undefined && { decisions: body.decisions }),
    };
    const after = { ...before, ...changes, version: before.version + 1 };
    if (after.expected_count !== null && after.present_count !== null && Number(after.present_count) > Number(after.expected_count))
      throw new AppError('VALIDATION_FAILED', '实到人数不能多于应到人数 (more present than expected)', {
        fields: [{ in: 'body', path: 'presentCount', message: 'more than expected' }],
      });
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(MEETING);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'meeting.updated', before: snapshotMeeting(before), after: snapshotMeeting(after) },
      { entityType: 'meeting', entityId: id, organizationId: before.organization_id },
    );
    return presentMeeting(after, ctx.actor);
  });
}

/** A reader of more subtrees than this (a liaison group's villages are a few) has the whole tree counted once instead. */
const MAX_SEPARATE_ROOTS = 8;

const period = (p: RhythmPeriod) => ({
  key: p.key,
  zh: rhythmPeriodLabel(p.key, 'zh'),
  en: rhythmPeriodLabel(p.key, 'en'),
  firstDay: p.firstDay,
  lastDay: p.lastDay,
});

/**
 * Where each branch of a subtree stands on 三会一课 now: per kind, the running period (held yet, days left) and
 * the missed ones in the lookback window (Shanghai calendar). Throws NOT_FOUND.
 */
export async function getRhythm(ctx: AuthedContext, query: RhythmQuery): Promise<Rhythm> {
  const db = ctx.db.kysely;
  const rootPath = query.organizationId ? (await loadStudyOrg(ctx, db, query.organizationId)).path : null;
  const roots = rootPath ? [rootPath] : await listRoots(ctx, db, undefined);
  const monthKey = shanghaiDate(ctx.now).slice(0, 7);
  const month = monthPeriod(monthKey);
  // Only the reader's subtrees counted: a village's page (which names no organization) at province scale read
  // every branch's meetings of the database; a liaison member's few villages each alone.
  // A tree's root (a district's admin) is its whole tree: the month's figures the coverage tab and the dashboard's
  // study card read (cachedMonthStudyFigures: reused while the record is unchanged, within the minute), whose
  // rhythm is the same; counted without the range test on every row where the database holds that tree alone
  // (assessmentRoot).
  const count = (scope: string | undefined) => computeStudyFigures(db, { period: month, plannedMonths: [], now: ctx.now, rootPath: scope });
  let figuresAt = ctx.now;
  const tree = (c: { value: StudyFigures; at: Date }) => {
    if (c.at < figuresAt) figuresAt = c.at;
    return c.value;
  };
  const counted = await Promise.all(
    roots.length <= MAX_SEPARATE_ROOTS
      ? roots.map(async (r) =>
          pathIds(r).length === 1 ? tree(await cachedMonthStudyFigures(db, monthKey, ctx.now, await assessmentRoot(db, r))) : count(r),
        )
      : [count(undefined)],
  );
  const f = counted[0]!;
  // A subtree's own root has its parent outside it: named from the directory (a few rows at most).
  const outside = async (id: string) => (await organizationDirectory.get(db)).all.find((o) => o.id === id)?.name ?? null;
  const rows: Rhythm['rows'] = [];
  const seen = new Set<string>();
  for (const [branchId, r, b] of counted.flatMap((c) => [...c.rhythm].map(([id, rh]) => [id, rh, c.orgs.get(id)] as const))) {
    if (!b || seen.has(branchId) || !roots.some((p) => b.path.startsWith(p))) continue;
    seen.add(branchId);
    const kinds = MEETING_KINDS.map((kind) => {
      const s = r[kind];
      return {
        kind,
        every: s.every,
        current: s.current ? { ...period(s.current), held: s.current.held, daysLeft: s.current.daysLeft } : null,
        missed: s.missed.map(period),
        missedInRow: s.missedInRow,
        lastHeldOn: s.lastHeldOn,
      };
    });
    rows.push({
      organizationId: b.id,
      organizationName: b.name,
      parentName: b.parentId
        ? (counted.find((c) => c.orgs.has(b.parentId!))?.orgs.get(b.parentId)?.name ?? (await outside(b.parentId)))
        : null,
      kinds,
      missed: kinds.reduce((n, k) => n + k.missed.length, 0),
    });
  }
  rows.sort((a, b) => b.missed - a.missed || a.organizationName.localeCompare(b.organizationName, 'zh-CN'));
  const m = f.rules.meetings;
  const every = (k: (typeof MEETING_KINDS)[number]) => m[k];
  const zhEvery = { month: '每月', quarter: '每季度', off: '不考核' } as const;
  const enEvery = { month: 'monthly', quarter: 'quarterly', off: 'not tracked' } as const;
  return {
    today: shanghaiDate(ctx.now),
    lookbackMonths: m.lookbackMonths,
    rulesZh:
      MEETING_KINDS.map((k) => `${MEETING_KIND_LABELS[k].zh}${zhEvery[every(k)]}`).join('，') +
      `；标出近 ${m.lookbackMonths} 个月未按期召开的会议（按北京时间月、季度计）`,
    rulesEn:
      MEETING_KINDS.map((k) => `${MEETING_KIND_LABELS[k].en} ${enEvery[every(k)]}`).join(', ') +
      `; meetings missed in the last ${m.lookbackMonths} months are flagged (months and quarters in Beijing time)`,
    rows,
    figuresAt: figuresAt.toISOString(),
  };
}
