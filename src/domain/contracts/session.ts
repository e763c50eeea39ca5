import { z } from 'zod';
import { ROLES, PERMISSIONS } from '../roles.ts';
import { ORGANIZATION_KINDS } from '../organizations.ts';
import { isSingleLine, SINGLE_LINE_MESSAGE } from './common.ts';

export const LoginBodySchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64).refine(isSingleLine, SINGLE_LINE_MESSAGE),
  password: z.string().min(1, '请输入密码').max(256),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const RoleAssignmentSchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  organizationId: z.string(),
  organizationName: z.string(),
  organizationKind: z.enum(ORGANIZATION_KINDS),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

/** The signed-in user as the web app sees it. */
export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleAssignmentSchema),
  /** Permissions held somewhere in the user's scope; the menu is built from these. */
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SessionSchema = z.object({ user: SessionUserSchema, expiresAt: z.string() });
export type Session = z.infer<typeof SessionSchema>;

/**
 * GET /api/session: the session, or `{ user: null, expiresAt: null }` when
 * signed out (200 either way: being signed out is an answer, not an error, and
 * the login page should not log a failed request on every visit).
 */
export const SessionStateSchema = z.union([SessionSchema, z.object({ user: z.null(), expiresAt: z.null() })]);
export type SessionState = z.infer<typeof SessionStateSchema>;

export const PASSWORD_MIN_LENGTH = 10;
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `密码至少 ${PASSWORD_MIN_LENGTH} 位 (at least ${PASSWORD_MIN_LENGTH} characters)`)
  .max(256, '密码过长 (at most 256 characters)');

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码'),
  newPassword: NewPasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;
