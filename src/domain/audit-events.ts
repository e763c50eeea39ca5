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
  disabled: z.boolean(),
});
const Role = z.object({ role: z.string(), organizationId: z.string() });

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
  /** A failed sign-in (wrong password, unknown or disabled user, or locked). */
  z.object({ type: z.literal('session.login_failed'), username: z.string(), reason: z.string() }),
  /** The demo district was seeded into an empty database. */
  z.object({ type: z.literal('system.demo_seeded'), organizations: z.number(), users: z.number() }),
]);
export type AuditEventData = z.infer<typeof AuditEventDataSchema>;
export type AuditEventType = AuditEventData['type'];

export const AUDIT_ENTITY_TYPES = ['organization', 'user', 'session', 'system'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
