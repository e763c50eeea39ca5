import { z } from 'zod';

/**
 * Every audit event the product writes, one schema per type. The audit log is
 * append-only: each mutation writes exactly one of these in its transaction.
 */
const OrgSnapshot = z.object({
  name: z.string(),
  code: z.string().nullable(),
  kind: z.string(),
  parentId: z.string().nullable(),
  archived: z.boolean(),
});
const UserSnapshot = z.object({
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  /** Optional so events written before email existed still parse. */
  email: z.string().nullable().optional(),
  disabled: z.boolean(),
});
const Role = z.object({ role: z.string(), organizationId: z.string() });
/** Snapshots of ledger entities: plain JSON objects, shape owned by each module's presenter. */
const Loose = z.record(z.string(), z.unknown());

export const AuditEventDataSchema = z.discriminatedUnion('type', [
  /** An organization was added to the tree. */
  z.object({ type: z.literal('organization.created'), after: OrgSnapshot }),
  /** Its name or code changed. */
  z.object({ type: z.literal('organization.updated'), before: OrgSnapshot, after: OrgSnapshot }),
  /** It (and its subtree) moved under another parent. */
  z.object({ type: z.literal('organization.moved'), before: OrgSnapshot, after: OrgSnapshot }),
  /** It was archived (hidden from work lists, history kept). */
  z.object({ type: z.literal('organization.archived'), before: OrgSnapshot, after: OrgSnapshot }),
  /** An archived organization was brought back. */
  z.object({ type: z.literal('organization.restored'), before: OrgSnapshot, after: OrgSnapshot }),
  /** An account was created, with its first roles. */
  z.object({ type: z.literal('user.created'), after: UserSnapshot, roles: z.array(Role) }),
  /** Name, phone or disabled flag changed. */
  z.object({ type: z.literal('user.updated'), before: UserSnapshot, after: UserSnapshot }),
  /** A role assignment was added. */
  z.object({ type: z.literal('user.role_granted'), assignmentId: z.string(), after: Role }),
  /** A role assignment was removed. */
  z.object({ type: z.literal('user.role_revoked'), assignmentId: z.string(), before: Role }),
  /** The user changed their own password. */
  z.object({ type: z.literal('user.password_changed') }),
  /** An admin (or the CLI) set a new password for the user. */
  z.object({ type: z.literal('user.password_reset') }),
  /** A successful sign-in. */
  z.object({ type: z.literal('session.created') }),
  /** A sign-out. */
  z.object({ type: z.literal('session.ended') }),
  /**
   * A failed sign-in: `wrong_password`, `unknown_user`, `disabled`, or refused
   * unchecked while throttled (`locked`, `account_locked`, `address_locked`);
   * also a wrong current password at a password change (`wrong_current_password`).
   */
  z.object({ type: z.literal('session.login_failed'), username: z.string(), reason: z.string() }),
  /** A standard version was created (new, or as a copy of another). */
  z.object({
    type: z.literal('standard.version_created'),
    standardId: z.string(),
    versionNo: z.number(),
    basedOnVersionId: z.string().nullable(),
  }),
  /** A draft version was edited: its title, an area or a check item (added, changed or removed). */
  z.object({ type: z.literal('standard.draft_edited'), change: z.string(), before: Loose.nullable(), after: Loose.nullable() }),
  /** A draft became published (immutable). */
  z.object({ type: z.literal('standard.version_published'), versionNo: z.number(), checkItems: z.number() }),
  /** A liaison group was created. */
  z.object({ type: z.literal('liaison_group.created'), after: Loose }),
  /**
   * Its name, department, members or villages changed, or it was archived or
   * restored. A seat change shows in `members` (seat, userId, username,
   * displayName) before and after.
   */
  z.object({ type: z.literal('liaison_group.updated'), before: Loose, after: Loose }),
  /** An inspection round was created with its checklists. */
  z.object({ type: z.literal('inspection.round_created'), after: Loose }),
  /** A check item was recorded on a checklist (meets / fails / not applicable). */
  z.object({ type: z.literal('inspection.result_recorded'), before: Loose.nullable(), after: Loose }),
  /** A checklist or a whole round was completed or closed. */
  z.object({ type: z.literal('inspection.status_changed'), before: Loose, after: Loose }),
  /** The round's concentrated rectification period (集中整改期) was set or reset to the default. */
  z.object({ type: z.literal('inspection.rectification_period_set'), before: Loose, after: Loose }),
  /** A 达标验收 step: proposed, confirmed, sent back, or revoked (by hand, or by 回头看 of `problemId`). */
  z.object({
    type: z.literal('attainment.transitioned'),
    action: z.string(),
    from: z.string(),
    to: z.string(),
    text: z.string().nullable(),
    problemId: z.string().nullable(),
  }),
  /** A problem entered the ledger (by inspection, by hand or by import). */
  z.object({ type: z.literal('problem.created'), after: Loose }),
  /** A lifecycle action: start, submit, reject, accept, close, reopen, withdraw. */
  z.object({
    type: z.literal('problem.transitioned'),
    action: z.string(),
    from: z.string(),
    to: z.string(),
    reason: z.string().nullable(),
  }),
  /** Owner, deadline, description or other fields changed (also by bulk edit). */
  z.object({ type: z.literal('problem.updated'), before: Loose, after: Loose }),
  /** A progress note (整改进展) was added. */
  z.object({ type: z.literal('problem.progress_noted'), text: z.string() }),
  /** A rectification measure was created, changed, or linked to problems. */
  z.object({ type: z.literal('measure.created'), after: Loose }),
  z.object({ type: z.literal('measure.updated'), before: Loose, after: Loose }),
  /** A file was attached as evidence. */
  z.object({ type: z.literal('evidence.uploaded'), after: Loose }),
  /** A ledger sheet was imported (all rows in one transaction). */
  z.object({ type: z.literal('ledger.imported'), rows: z.number(), problems: z.number(), measures: z.number(), fileName: z.string() }),
  /** The cadence rules (or another program setting) were changed by a district admin. */
  z.object({ type: z.literal('settings.updated'), key: z.string(), before: Loose, after: Loose }),
  /** `taizhang recount` rebuilt the problem counters and corrected `corrected` rows (none: no event). */
  z.object({ type: z.literal('problem_counters.recounted'), corrected: z.number() }),
  /** A week's snapshot was frozen by the scheduled job, or recomputed by an admin. */
  z.object({ type: z.literal('snapshot.frozen'), weekStart: z.string(), organizations: z.number(), trigger: z.enum(['job', 'recompute']) }),
  /** A weekly report was started or its draft saved (figures refreshed from the ledger). */
  z.object({ type: z.literal('weekly_report.saved'), before: Loose.nullable(), after: Loose }),
  /** A weekly report was filed (submitted); `late` when after its due time. */
  z.object({ type: z.literal('weekly_report.submitted'), weekStart: z.string(), late: z.boolean() }),
  /** The subdistrict or the liaison group sent a report back, with a reason. */
  z.object({ type: z.literal('weekly_report.returned'), reason: z.string() }),
  /** A comment on a weekly report. */
  z.object({ type: z.literal('weekly_report.commented'), text: z.string() }),
  /** A month's circular was generated as a draft. */
  z.object({ type: z.literal('circular.created'), month: z.string(), after: Loose }),
  /** A draft's text was edited (or its figures regenerated). */
  z.object({ type: z.literal('circular.edited'), before: Loose, after: Loose }),
  /** A draft was published: numbered and immutable from now on. */
  z.object({ type: z.literal('circular.published'), number: z.string() }),
  /** A draft circular was deleted (published ones cannot be). */
  z.object({ type: z.literal('circular.deleted'), month: z.string(), title: z.string() }),
  /** An interview was scheduled (who, when, attendees). */
  z.object({ type: z.literal('interview.scheduled'), after: Loose }),
  /** Its schedule or record was changed, or it moved on (held, closed, cancelled). */
  z.object({ type: z.literal('interview.updated'), action: z.string(), before: Loose, after: Loose }),
  /** A 村两委会 review of a village's problem list was recorded (date, place, attendees, minutes). */
  z.object({ type: z.literal('review.recorded'), after: Loose }),
  /** The meeting's record was changed. */
  z.object({ type: z.literal('review.updated'), before: Loose, after: Loose }),
  /** Outcomes were recorded or changed: per problem confirmed, or disputed with the reason. */
  z.object({
    type: z.literal('review.outcomes_recorded'),
    outcomes: z.array(
      z.object({
        problemId: z.string(),
        code: z.string(),
        before: Loose.nullable(),
        after: z.object({ outcome: z.string(), reason: z.string().nullable() }),
      }),
    ),
  }),
  /** A version of a village's 一村一策 plan was generated as a draft. */
  z.object({ type: z.literal('plan.created'), versionNo: z.number(), after: Loose }),
  /** A draft's title, preamble or closing was edited, or its body regenerated from the ledger. */
  z.object({ type: z.literal('plan.edited'), action: z.string(), before: Loose, after: Loose }),
  /** The liaison group approved a version (the previously approved one, if any, is superseded). */
  z.object({ type: z.literal('plan.approved'), versionNo: z.number(), supersededVersionNo: z.number().nullable() }),
  /** A leader's supervision visit (调研督导) was recorded. */
  z.object({ type: z.literal('visit.recorded'), after: Loose }),
  /** Its record (date, leader, villages, what was seen, instructions) was changed. */
  z.object({ type: z.literal('visit.updated'), before: Loose, after: Loose }),
  /** An instruction became a tracked task (交办事项) with owner unit and deadline. */
  z.object({ type: z.literal('visit_task.assigned'), after: Loose }),
  /** A task's outcome was recorded: done, or not done with a note. */
  z.object({ type: z.literal('visit_task.resolved'), action: z.string(), from: z.string(), to: z.string(), note: z.string().nullable() }),
  /** A venue (村级活动场所) was added to the register, with its judgement under the rules. */
  z.object({ type: z.literal('venue.created'), after: Loose }),
  /** A venue's figures or notes were edited (and it was judged again). */
  /** `correctionReason` when the edit took the venue off the clearance list as a correction of the register (登记更正). */
  z.object({ type: z.literal('venue.updated'), before: Loose, after: Loose, correctionReason: z.string().optional() }),
  /** A venue project (一村一案) was drafted. */
  z.object({ type: z.literal('venue_project.created'), after: Loose }),
  /** A draft's plan, budget, planned area, kind or deadline changed. */
  z.object({ type: z.literal('venue_project.updated'), before: Loose, after: Loose }),
  /**
   * A step of the project workflow (submit, return, forward, send_back, approve, start, complete, reject_works,
   * accept). Acceptance carries the venue's figures before and after and its new judgement.
   */
  z.object({
    type: z.literal('venue_project.transitioned'),
    action: z.string(),
    from: z.string(),
    to: z.string(),
    reason: z.string().nullable(),
    venue: z.object({ before: Loose, after: Loose }).optional(),
  }),
  /** Progress of the works was recorded (a milestone with its %). */
  z.object({ type: z.literal('venue_project.milestone_recorded'), title: z.string(), progress: z.number(), note: z.string().nullable() }),
  /** A photo, plan attachment or voucher was attached to a venue, project, milestone or spending. */
  z.object({ type: z.literal('venue_file.uploaded'), after: Loose }),
  /** Special-fund money was allocated to a venue project. */
  z.object({ type: z.literal('fund.allocated'), after: Loose }),
  /** Money was spent on a venue project; `overrideReason` when it went over the balance on an explicit override. */
  z.object({ type: z.literal('fund.spent'), after: Loose, overrideReason: z.string().nullable() }),
  /** An allocation entered wrongly was reversed (冲销) by an entry of the opposite amount, with why. */
  z.object({ type: z.literal('fund.allocation_reversed'), after: Loose, reason: z.string() }),
  /** A spend entered wrongly was reversed (冲销) by an entry of the opposite amount, with why. */
  z.object({ type: z.literal('fund.spending_reversed'), after: Loose, reason: z.string() }),
  /** A work-news article (工作动态) was drafted. */
  z.object({ type: z.literal('article.created'), after: Loose }),
  /** Its title, source, body, tags, villages or time line changed. */
  z.object({ type: z.literal('article.updated'), before: Loose, after: Loose }),
  /** It was published on the portal (first time or again). */
  z.object({ type: z.literal('article.published'), title: z.string(), publishedAt: z.string() }),
  /** It was taken off the portal, with the reason. */
  z.object({ type: z.literal('article.unpublished'), title: z.string(), reason: z.string().nullable() }),
  /** An image was added to an article. */
  z.object({ type: z.literal('article.image_uploaded'), after: Loose }),
  /** A villager left feedback on the portal (no account: the actor is empty); it waits for moderation. */
  z.object({ type: z.literal('feedback.received'), after: Loose }),
  /** A moderator published it, with the public reply if any. */
  z.object({
    type: z.literal('feedback.published'),
    reply: z.string().nullable(),
    /** The text published when the moderator changed what was written (absent: as written). */
    publicText: z.string().optional(),
  }),
  /** A public reply was added to (or replaced on) a published feedback. */
  z.object({ type: z.literal('feedback.replied'), before: z.string().nullable(), reply: z.string() }),
  /** A moderator rejected it, with the reason (kept, never shown on the portal). */
  z.object({ type: z.literal('feedback.rejected'), reason: z.string() }),
  /** A moderator took a published feedback off the portal, with the reason (kept, never shown). */
  z.object({ type: z.literal('feedback.withdrawn'), reason: z.string() }),
  /** An officer recorded a ledger problem from it. */
  z.object({ type: z.literal('feedback.converted'), problemId: z.string(), code: z.string() }),
  /** An evidence photo was shown on or taken off the portal, or its caption changed. */
  z.object({
    type: z.literal('evidence.publication_changed'),
    before: z.object({ published: z.boolean(), caption: z.string().nullable() }),
    after: z.object({ published: z.boolean(), caption: z.string().nullable() }),
  }),
  /** A member was added to a branch's register (党员名册); the snapshot says whether a phone was given, never the number. */
  z.object({ type: z.literal('member.created'), after: Loose }),
  /** A member's entry changed (or the member left the register). */
  z.object({ type: z.literal('member.updated'), before: Loose, after: Loose }),
  /** An Excel sheet of members was imported into a branch: rows added, rows already in the register skipped. */
  z.object({ type: z.literal('members.imported'), created: z.number(), skipped: z.number() }),
  /** A branch's study plan was drawn up. */
  z.object({ type: z.literal('study_plan.created'), after: Loose }),
  /** Its topics, period, forms or sessions per month changed. */
  z.object({ type: z.literal('study_plan.updated'), before: Loose, after: Loose }),
  /** A study session was recorded, with its attendance counts. */
  z.object({ type: z.literal('study_session.recorded'), after: Loose, attendance: Loose }),
  /** A session's record changed (time, place, speaker, topic, plays of its broadcast …). */
  z.object({ type: z.literal('study_session.updated'), before: Loose, after: Loose }),
  /** A session's attendance was recorded again (absences, reasons, 补学): the totals, and each changed member's entry. */
  z.object({
    type: z.literal('study_attendance.updated'),
    before: Loose,
    after: Loose,
    changed: z.number(),
    entries: z.array(z.object({ memberId: z.string(), name: z.string().nullable(), before: Loose.nullable(), after: Loose })).optional(),
  }),
  /** A material, photo or recording was attached to a session, or a photo to a duty sign-in. */
  z.object({ type: z.literal('study_file.uploaded'), after: Loose }),
  /** A meeting of 三会一课 was recorded. */
  z.object({ type: z.literal('meeting.recorded'), after: Loose }),
  /** Its record (time, attendees, agenda, minutes, decisions) changed. */
  z.object({ type: z.literal('meeting.updated'), before: Loose, after: Loose }),
  /** A study tour (观摩学习) was organized. */
  z.object({ type: z.literal('tour.created'), after: Loose }),
  /** Its date, destination, purpose or invited roles changed. */
  z.object({ type: z.literal('tour.updated'), before: Loose, after: Loose }),
  /** Participants were registered for a tour. */
  z.object({ type: z.literal('tour.participants_added'), count: z.number(), names: z.array(z.string()) }),
  /** A participant was taken off a tour's list. */
  z.object({ type: z.literal('tour.participant_removed'), before: Loose }),
  /** A village recorded (or changed) the take-aways it commits to apply. */
  z.object({ type: z.literal('tour.takeaway_recorded'), before: Loose.nullable(), after: Loose }),
  /** A village's service hall (便民服务大厅) was set up or changed: hours, open days, services. */
  z.object({ type: z.literal('service_hall.updated'), before: Loose.nullable(), after: Loose }),
  /** The weekly duty roster (坐班值班) was replaced. */
  z.object({ type: z.literal('duty_roster.updated'), before: z.array(Loose), after: z.array(Loose) }),
  /** Someone signed in for duty at the service hall. */
  z.object({ type: z.literal('duty.signed_in'), after: Loose }),
  /** A user marked notifications as read. */
  z.object({ type: z.literal('notification.read'), count: z.number() }),
  /** 催报: a reviewer reminded a unit that has not filed its past-due weekly report; `recipients` told. */
  z.object({
    type: z.literal('notification.report_reminded'),
    weekStart: z.string(),
    unit: z.string(),
    recipients: z.number(),
  }),
  /** The demo district was seeded into an empty database. */
  z.object({ type: z.literal('system.demo_seeded'), organizations: z.number(), users: z.number() }),
]);
export type AuditEventData = z.infer<typeof AuditEventDataSchema>;
export type AuditEventType = AuditEventData['type'];

export const AUDIT_ENTITY_TYPES = [
  'organization',
  'user',
  'session',
  'system',
  'standard',
  'liaison_group',
  'inspection',
  'problem',
  'measure',
  'evidence',
  'settings',
  'snapshot',
  'weekly_report',
  'circular',
  'interview',
  'notification',
  'venue',
  'venue_project',
  'fund',
  'attainment',
  'review',
  'plan',
  'visit',
  'visit_task',
  'article',
  'feedback',
  'member',
  'study_plan',
  'study_session',
  'meeting',
  'tour',
  'service_hall',
  'duty',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
