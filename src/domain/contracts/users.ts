import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { IdSchema, isSingleLine, QueryBoolSchema, SINGLE_LINE_MESSAGE, VersionSchema, PageQuerySchema, queryInt } from './common.ts';
import { NewPasswordSchema, RoleAssignmentSchema } from './session.ts';

export const USER_ACTIONS = ['edit', 'disable', 'enable', 'resetPassword', 'grantRole', 'revokeRole'] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  /** Where the email reminder channel writes; null when none is on file. */
  email: z.string().nullable(),
  disabled: z.boolean(),
  roles: z.array(RoleAssignmentSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(z.enum(USER_ACTIONS)),
});
export type User = z.infer<typeof UserSchema>;

export const UserListQuerySchema = z.object({
  q: z.string().trim().max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  includeDisabled: QueryBoolSchema.optional(),
  ...PageQuerySchema.shape,
});
export const UserListSchema = z.object({
  items: z.array(UserSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const UsernameSchema = z
  .string()
  .trim()
  .min(2, '用户名至少 2 位')
  .max(64, '用户名最多 64 位')
  .regex(/^[a-z0-9_.-]+$/, '用户名只能包含小写字母、数字、点、下划线和连字符');
const DisplayNameSchema = z.string().trim().min(1, '请输入姓名').max(64).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const PhoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确');

const emailFormat = z.email();
/** Trimmed; an empty string means "no address" and becomes null. 254 is the longest address SMTP carries. */
const EmailSchema = z
  .string()
  .trim()
  .max(254, '电子邮箱最多 254 个字符 (at most 254 characters)')
  .refine((s) => s === '' || emailFormat.safeParse(s).success, '电子邮箱格式不正确，例如 name@example.com (not a valid email address)')
  .transform((s) => (s === '' ? null : s));

export const RoleGrantSchema = z.object({ role: z.enum(ROLES), organizationId: IdSchema });
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

export const CreateUserBodySchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  phone: PhoneSchema.optional(),
  email: EmailSchema.optional(),
  password: NewPasswordSchema,
  roles: z.array(RoleGrantSchema).max(20).default([]),
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

export const UpdateUserBodySchema = z
  .object({
    version: VersionSchema,
    displayName: DisplayNameSchema.optional(),
    phone: PhoneSchema.nullable().optional(),
    /** null or '' clears the address. */
    email: EmailSchema.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => b.displayName !== undefined || b.phone !== undefined || b.email !== undefined || b.disabled !== undefined, {
    message: '没有要修改的内容 (nothing to change)',
  });
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>;

export const ResetPasswordBodySchema = z.object({ version: VersionSchema, newPassword: NewPasswordSchema });
export const GrantRoleBodySchema = RoleGrantSchema.extend({ version: VersionSchema });
export const RevokeRoleParamsSchema = z.object({ id: IdSchema, assignmentId: IdSchema });
export const RevokeRoleQuerySchema = z.object({ version: queryInt(1, Number.MAX_SAFE_INTEGER) });
