import type {
  CancelInterviewBody,
  CloseInterviewBody,
  CreateInterviewBody,
  Interview,
  InterviewCandidate,
  InterviewCandidates,
  InterviewCandidatesQuery,
  InterviewList,
  InterviewListQuery,
  RecordInterviewBody,
  RescheduleInterviewBody,
} from '../../../domain/contracts/interviews.ts';
import { lastCompleteMonth, monthOf } from '../../../domain/cadence.ts';
import { interviewReasons } from '../../../domain/interview-triggers.ts';
import {
  canInterviewTransition,
  INTERVIEW_ACTION_LABELS,
  INTERVIEW_STATUS_LABELS,
  INTERVIEW_WORKFLOW,
  type InterviewAction,
  type InterviewStatus,
} from '../../../domain/interview-workflow.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { InterviewsTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { createNotifications } from '../notifications/notifications.service.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { assessmentRoot, cachedAssessMonth, monthlyColours } from '../rankings/assessment.service.ts';
import { checkMonthNotFuture } from '../rankings/rankings.service.ts';
import { districtWideAssignment } from '../settings/settings.service.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { venueLatenessAt } from '../venues/venue-figures.ts';
import { venueInterviewReasons, venueTriggerText } from '../../../domain/venue-rag.ts';
import { studyInterviewReasons } from '../study/study-integration.ts';
import { loadStudyRules } from '../study/study-settings.ts';
import type { StudyRules } from '../../../domain/study-rules.ts';
import { canManageInterview, canReadInterview, refuseArchivedInterview } from './interviews.policy.ts';
import { presentInterview, presentReason, snapshotInterview } from './interviews.presenter.ts';
import * as repo from './interviews.repository.ts';

const INTERVIEW = '约谈';

/** The 三会一课 trigger as the candidates' rules text names it (empty when the rules turn it off). */
function meetingTriggerText(rules: StudyRules, lang: 'zh' | 'en'): string {
  const min = rules.interviews.missedMeetings;
  if (min === 0) return '';
  const months = rules.meetings.lookbackMonths;
  return lang === 'zh'
    ? `；村（社区）“三会一课”近 ${months} 个月未按期召开累计达 ${min} 次`
    : `; ${min} meetings of the meeting rhythm (三会一课) missed within ${months} months (villages and communities)`;
}
/** Who may be called in: subdistricts, villages and communities. */
const INTERVIEWABLE_KINDS: readonly string[] = ['subdistrict', ...REPORTING_KINDS];

/** Candidates' names in Chinese order (one collator: `localeCompare` with a locale builds one per call). */
const BY_NAME = new Intl.Collator('zh-CN');

type Candidate = Omit<InterviewCandidate, 'interviewId' | 'interviewStatus'>;
interface FoundCandidates {
  /** Every candidate of the month, in the list's order. */
  found: Candidate[];
  venueCadence: Awaited<ReturnType<typeof venueLatenessAt>>['settings']['cadence'];
  studyRules: StudyRules;
}

/**
 * The candidates found from one month assessment, kept with it: the pages of a list share them as they share the
 * assessment (a province's 20,000 villages are looked at once, not once a page). The assessment stands for the record
 * as it was (assessment-cache.ts: a new one after any change for a district; a province's at most a minute old), so
 * the venue and meeting triggers read with it are as current as its figures.
 */
const FOUND = new WeakMap<object, Promise<FoundCandidates>>();

function candidatesOf(
  db: Executor,
  month: string,
  now: Date,
  a: Awaited<ReturnType<typeof cachedAssessMonth>>['value'],
  rootPath: string | undefined,
) {
  let found = FOUND.get(a);
  if (!found) {
    found = findCandidates(db, month, now, a, rootPath);
    FOUND.set(a, found);
    found.catch(() => FOUND.delete(a));
  }
  return found;
}

async function findCandidates(
  db: Executor,
  month: string,
  now: Date,
  a: Awaited<ReturnType<typeof cachedAssessMonth>>['value'],
  rootPath: string | undefined,
): Promise<FoundCandidates> {
  const rules = a.rules.interviews;
  const colours = await monthlyColours(db, month, rules.redMonthsRunning, now, a, rootPath);
  const venue = await venueLatenessAt(db, a.period, now, rootPath);
  // 三会一课: meetings missed within the lookback window (src/domain/meeting-rhythm.ts meetingInterviewReasons).
  const meetings = await studyInterviewReasons(db, month, now, rootPath);
  const studyRules = await loadStudyRules(db);
  // A village archived since (撤并) keeps its place in a past month's ranking, but is nobody to interview now.
  const archived = await orgRepo.listArchivedIds(db, rootPath);
  const ranked = new Map(a.villageRanking.map((r) => [r.id, r]));
  const sameRank = new Map<number, number>();
  for (const r of a.villageRanking) sameRank.set(r.rank, (sameRank.get(r.rank) ?? 0) + 1);

  const found: Candidate[] = [];
  for (const e of a.figures.values()) {
    if (!INTERVIEWABLE_KINDS.includes(e.org.kind) || archived.has(e.org.id)) continue;
    const r = e.org.kind === 'subdistrict' ? undefined : ranked.get(e.org.id);
    const list = colours.get(e.org.id);
    const ownReasons = interviewReasons(
      {
        monthlyColoursNewestFirst: Array.from({ length: rules.redMonthsRunning }, (_, i) => list?.[i] ?? null),
        rank: r?.rank ?? null,
        rankedCount: a.villageRanking.length,
        tiedWith: r ? sameRank.get(r.rank) : 1,
        overdueAges: e.figures.overdueAges,
      },
      rules,
    );
    // 清零行动: a village whose venue project is overdue or has not moved for weeks (src/domain/venue-rag.ts).
    const reasons = [
      ...ownReasons,
      ...(e.org.kind === 'subdistrict' ? [] : venueInterviewReasons(venue.lateness.get(e.org.id), venue.settings.cadence)),
      ...(e.org.kind === 'subdistrict' ? [] : (meetings.get(e.org.id) ?? [])),
    ];
    if (reasons.length === 0) continue;
    found.push({
      organizationId: e.org.id,
      organizationName: e.org.name,
      kind: e.org.kind,
      parentName: e.org.parentId ? (a.figures.get(e.org.parentId)?.org.name ?? null) : null,
      reasons: reasons.map(presentReason),
    });
  }
  found.sort(
    (x, y) =>
      Number(x.kind === 'subdistrict') - Number(y.kind === 'subdistrict') ||
      y.reasons.length - x.reasons.length ||
      BY_NAME.compare(x.organizationName, y.organizationName) ||
      (x.organizationId < y.organizationId ? -1 : x.organizationId > y.organizationId ? 1 : 0),
  );
  return { found, venueCadence: venue.settings.cadence, studyRules };
}

/**
 * 约谈 candidates for a month: villages and subdistricts meeting a trigger (red months running,
 * the tail of the village ranking with ties at the boundary, problems overdue too long, a venue project overdue or
 * stalled, meetings of 三会一课 missed), each with its reasons; `rulesZh`/`rulesEn` name every trigger applied.
 * Subdistricts are not ranked against villages: only the red and overdue triggers apply to them. One page of
 * them, in their order, with the total; the month's assessment comes from the month cache, so its pages share it.
 * Throws FORBIDDEN (not interview.manage district-wide), VALIDATION_FAILED (a future month).
 */
export async function listCandidates(ctx: AuthedContext, query: InterviewCandidatesQuery): Promise<InterviewCandidates> {
  const manager = districtWideAssignment(ctx.actor, 'interview.manage');
  if (!manager) throw forbidden('只有区级约谈管理人员可以查看约谈对象');
  const month = query.month ?? lastCompleteMonth(ctx.now);
  checkMonthNotFuture(month, ctx.now);
  const db = ctx.db.kysely;
  // The month's assessment from the month cache: the list's pages (and the ranking of the month) share it, and so
  // do the candidates found from it (candidatesOf).
  // In a database of several roots (a nation's provinces), the province the reader manages interviews in: its own
  // villages, ranked among themselves (the other provinces' are not theirs to see).
  const rootPath = await assessmentRoot(db, manager.organizationPath);
  const { value: a } = await cachedAssessMonth(db, month, ctx.now, rootPath);
  const rules = a.rules.interviews;
  const { found, venueCadence, studyRules } = await candidatesOf(db, month, ctx.now, a, rootPath);
  const page = found.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  // This month's interviews of the page's organizations only (a province has thousands of candidates).
  const existing = new Map<string, { id: string; status: string }>();
  for (const i of await repo.listForMonth(
    db,
    page.map((c) => c.organizationId),
    month,
  ))
    if (!existing.has(i.organization_id)) existing.set(i.organization_id, i);
  return {
    month,
    rulesZh: `连续 ${rules.redMonthsRunning} 个月红色；月度村（社区）排名倒数 ${rules.lastInRanking} 名（并列者一并列入）；有问题逾期超过 ${rules.overdueDays} 天${venueTriggerText(venueCadence, 'zh')}${meetingTriggerText(studyRules, 'zh')}`,
    rulesEn: `red ${rules.redMonthsRunning} months running; among the last ${rules.lastInRanking} of the monthly village ranking (ties included); any problem overdue more than ${rules.overdueDays} days${venueTriggerText(venueCadence, 'en')}${meetingTriggerText(studyRules, 'en')}`,
    items: page.map((c) => {
      const i = existing.get(c.organizationId);
      return { ...c, interviewId: i?.id ?? null, interviewStatus: (i?.status as InterviewStatus | undefined) ?? null };
    }),
    total: found.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function load(ctx: AuthedContext, db: Executor, id: string): Promise<repo.InterviewRow> {
  const row = await repo.findById(db, id);
  if (!row || !canReadInterview(ctx.actor, row.org_path)) throw notFound(INTERVIEW);
  return row;
}

/** One interview. Throws NOT_FOUND (missing or outside the reader's scope). */
export async function getInterview(ctx: AuthedContext, id: string): Promise<Interview> {
  return presentInterview(await load(ctx, ctx.db.kysely, id), ctx.actor);
}

/** Interviews in the reader's scope, newest first; `organizationId` gives one organization's history (with its subtree). Throws NOT_FOUND. */
export async function listInterviews(ctx: AuthedContext, query: InterviewListQuery): Promise<InterviewList> {
  const db = ctx.db.kysely;
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (query.organizationId) {
    const org = await orgRepo.findById(db, query.organizationId);
    if (!org || !canReadInterview(ctx.actor, org.path)) throw notFound('组织');
    roots = [org.path];
  }
  const { total, rows } = await repo.list(db, {
    scopeRoots: roots.length ? roots : ['/-none-/'],
    status: query.status,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentInterview(r, ctx.actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canSchedule: scopeRoots(ctx.actor.assignments, 'interview.manage').length > 0,
  };
}

/** The organization's secretaries (and for a subdistrict, its officers) hear of the interview with it. */
async function notifyScheduled(trx: Executor, ctx: AuthedContext, row: InterviewsTable, orgName: string, orgKind: string, key: string) {
  const roles = orgKind === 'subdistrict' ? ['village_secretary', 'subdistrict_officer'] : ['village_secretary'];
  const recipients = await repo.listRecipients(trx, row.organization_id, roles);
  if (recipients.length === 0) return;
  const params = {
    organizationName: orgName,
    scheduledAt: row.scheduled_at,
    location: row.location,
    interviewer: row.interviewer,
    attendees: row.attendees,
    notice: row.notice,
  };
  await createNotifications(
    trx,
    recipients.map((r) => ({
      userId: r.user_id,
      kind: 'interview_scheduled' as const,
      params,
      dedupeKey: key,
      link: `/interviews/${row.id}`,
      organizationId: row.organization_id,
    })),
    ctx.now,
  );
}

/**
 * Schedules an interview (who, when, where, attendees, notice) and notifies the organization in the same transaction.
 * Throws NOT_FOUND (organization outside scope), FORBIDDEN (no interview.manage there), CONFLICT (archived),
 * VALIDATION_FAILED (not a subdistrict, village or community).
 */
export async function scheduleInterview(ctx: AuthedContext, body: CreateInterviewBody): Promise<Interview> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const org = await orgRepo.findById(trx, body.organizationId);
    if (!org || !canReadInterview(ctx.actor, org.path)) throw notFound('组织');
    if (!canManageInterview(ctx.actor, org.path)) throw forbidden('您没有安排约谈的权限（由区党群工作部安排）');
    refuseArchivedInterview({ organization_name: org.name, organization_archived_at: org.archived_at });
    if (!INTERVIEWABLE_KINDS.includes(org.kind))
      throw new AppError('VALIDATION_FAILED', '约谈对象应为街道、村或社区 (an interview is held with a subdistrict, village or community)');
    const at = ctx.now.toISOString();
    const row: InterviewsTable = {
      id: newId(),
      organization_id: org.id,
      org_path: org.path,
      status: 'scheduled',
      month: body.month ?? monthOf(ctx.now),
      reasons: JSON.stringify(body.reasons),
      scheduled_at: new Date(body.scheduledAt).toISOString(),
      location: body.location,
      interviewer: body.interviewer,
      attendees: body.attendees,
      notice: body.notice,
      talking_points: null,
      commitments: null,
      commitment_due_on: null,
      held_at: null,
      follow_up: null,
      closed_at: null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'interview.scheduled', after: { organizationName: org.name, reasons: body.reasons, ...snapshotInterview(row) } },
      { entityType: 'interview', entityId: row.id, organizationId: org.id },
    );
    await notifyScheduled(trx, ctx, row, org.name, org.kind, `interview:${row.id}:scheduled`);
    return presentInterview((await repo.findById(trx, row.id))!, ctx.actor);
  });
}

/** One step of the workflow: guard (scope, permission, not archived, version, state), conditional write, audit event. */
async function act(
  ctx: AuthedContext,
  id: string,
  action: InterviewAction,
  version: number,
  changes: (before: repo.InterviewRow) => repo.InterviewChanges,
): Promise<Interview> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    if (!canManageInterview(ctx.actor, before.org_path)) throw forbidden('您没有办理约谈的权限（由区党群工作部办理）');
    refuseArchivedInterview(before);
    if (before.version !== version) throw conflict(INTERVIEW);
    const status = before.status as InterviewStatus;
    if (!canInterviewTransition(action, status))
      throw new AppError(
        'INVALID_TRANSITION',
        `约谈${INTERVIEW_STATUS_LABELS[status].zh}，不能${INTERVIEW_ACTION_LABELS[action].zh} (cannot ${action} an interview that is ${status})`,
      );
    const at = ctx.now.toISOString();
    const ok = await repo.updateIfVersion(trx, id, version, status, { ...changes(before), status: INTERVIEW_WORKFLOW[action].to }, at);
    if (!ok) throw conflict(INTERVIEW);
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'interview.updated', action, before: snapshotInterview(before), after: snapshotInterview(after) },
      { entityType: 'interview', entityId: id, organizationId: before.organization_id },
    );
    if (action === 'reschedule')
      await notifyScheduled(
        trx,
        ctx,
        after,
        after.organization_name,
        after.organization_kind,
        `interview:${id}:rescheduled:${after.version}`,
      );
    return presentInterview(after, ctx.actor);
  });
}

/**
 * Changes when, where, who or the notice while scheduled. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also: archived),
 * INVALID_TRANSITION.
 */
export function rescheduleInterview(ctx: AuthedContext, id: string, body: RescheduleInterviewBody): Promise<Interview> {
  return act(ctx, id, 'reschedule', body.version, () => ({
    ...(body.scheduledAt !== undefined && { scheduled_at: new Date(body.scheduledAt).toISOString() }),
    ...(body.location !== undefined && { location: body.location }),
    ...(body.interviewer !== undefined && { interviewer: body.interviewer }),
    ...(body.attendees !== undefined && { attendees: body.attendees }),
    ...(body.notice !== undefined && { notice: body.notice }),
  }));
}

/**
 * Records the talking points, commitments and their deadline: scheduled → held. Throws NOT_FOUND, FORBIDDEN, CONFLICT
 * (also: archived), INVALID_TRANSITION.
 */
export function recordInterview(ctx: AuthedContext, id: string, body: RecordInterviewBody): Promise<Interview> {
  return act(ctx, id, 'record', body.version, () => ({
    talking_points: body.talkingPoints,
    commitments: body.commitments,
    commitment_due_on: body.commitmentDueOn,
    held_at: ctx.now.toISOString(),
  }));
}

/**
 * Records the follow-up and closes: held → closed. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also: archived),
 * INVALID_TRANSITION.
 */
export function closeInterview(ctx: AuthedContext, id: string, body: CloseInterviewBody): Promise<Interview> {
  return act(ctx, id, 'close', body.version, () => ({ follow_up: body.followUp, closed_at: ctx.now.toISOString() }));
}

/**
 * Cancels a scheduled interview; the reason is kept in `follow_up`. Throws NOT_FOUND, FORBIDDEN, CONFLICT (also:
 * archived), INVALID_TRANSITION.
 */
export function cancelInterview(ctx: AuthedContext, id: string, body: CancelInterviewBody): Promise<Interview> {
  return act(ctx, id, 'cancel', body.version, () => ({ follow_up: body.reason, closed_at: ctx.now.toISOString() }));
}
