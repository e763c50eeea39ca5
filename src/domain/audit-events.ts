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
  /** A problem entered the ledger (by inspection, by hand or by import). */
  z.object({ type: z.literal('problem.created'), after: Loose }),
  /** A lifecycle action: start, submit, reject, accept, close, reopen. */
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
  /** A user marked notifications as read. */
  z.object({ type: z.literal('notification.read'), count: z.number() }),
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
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
