import { z } from 'zod';
import { ORGANIZATION_KINDS } from '../organizations.ts';
import { IdSchema, isSingleLine, QueryBoolSchema, SINGLE_LINE_MESSAGE, VersionSchema, queryInt } from './common.ts';

export const ORGANIZATION_ACTIONS = ['edit', 'move', 'archive', 'restore', 'createChild'] as const;
export type OrganizationAction = (typeof ORGANIZATION_ACTIONS)[number];

const NameSchema = z.string().trim().min(1, '名称不能为空').max(100, '名称最多 100 字').refine(isSingleLine, SINGLE_LINE_MESSAGE);
const CodeSchema = z
  .string()
  .trim()
  .max(40, '编码最多 40 位')
  .regex(/^[A-Za-z0-9_-]*$/, '编码只能包含字母、数字、下划线和连字符');

export const OrganizationSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(ORGANIZATION_KINDS),
  name: z.string(),
  code: z.string().nullable(),
  /** Demo rows that are not real places carry this mark. */
  isSample: z.boolean(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  depth: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const OrganizationDetailSchema = OrganizationSchema.extend({
  /** Visible ancestors from the top down, for the breadcrumb. */
  ancestors: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(ORGANIZATION_KINDS) })),
  childCount: z.number().int(),
  activeChildCount: z.number().int(),
  /**
   * For a reader who may archive it: how many problems of its subtree are not settled (neither closed nor withdrawn),
   * which archiving waits for. Null for everyone else.
   */
  unsettledProblemCount: z.number().int().nullable(),
  /** What the current user may do here; the UI shows buttons from this only. */
  allowedActions: z.array(z.enum(ORGANIZATION_ACTIONS)),
});
export type OrganizationDetail = z.infer<typeof OrganizationDetailSchema>;

export interface OrganizationTreeNode extends Organization {
  children: OrganizationTreeNode[];
  /**
   * Only in a tree asked for `byLevel`: this node's children were left out (the tree was too large to send
   * whole) and there are this many; ask for them with `parentId`.
   */
  unloadedChildren?: number;
}
export const OrganizationTreeNodeSchema: z.ZodType<OrganizationTreeNode> = z.lazy(() =>
  OrganizationSchema.extend({ children: z.array(OrganizationTreeNodeSchema), unloadedChildren: z.number().int().optional() }),
);
export const OrganizationTreeSchema = z.object({ roots: z.array(OrganizationTreeNodeSchema) });

export const OrganizationTreeQuerySchema = z.object({
  includeArchived: QueryBoolSchema.optional(),
  /** The organizations under this one (it is not itself in the answer), instead of the whole scope. */
  parentId: IdSchema.optional(),
  /**
   * Whole levels from the top while they fit in the server's ORG_TREE_WHOLE_MAX (2,000 by default); the
   * nodes of the last level sent say how many children they have (`unloadedChildren`). Without it: every level.
   */
  byLevel: QueryBoolSchema.optional(),
});

export const OrganizationListQuerySchema = z.object({
  q: z.string().trim().max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  parentId: IdSchema.optional(),
  includeArchived: QueryBoolSchema.optional(),
  limit: queryInt(1, 500).default(100),
});
export const OrganizationListItemSchema = OrganizationSchema.extend({
  /** The parent's name, to tell apart two villages of one name (null at the top). */
  parentName: z.string().nullable(),
});
export type OrganizationListItem = z.infer<typeof OrganizationListItemSchema>;
export const OrganizationListSchema = z.object({ items: z.array(OrganizationListItemSchema) });

export const CreateOrganizationBodySchema = z.object({
  parentId: IdSchema,
  kind: z.enum(ORGANIZATION_KINDS),
  name: NameSchema,
  code: CodeSchema.optional(),
});
export type CreateOrganizationBody = z.infer<typeof CreateOrganizationBodySchema>;

export const UpdateOrganizationBodySchema = z
  .object({
    version: VersionSchema,
    name: NameSchema.optional(),
    code: CodeSchema.nullable().optional(),
    /** Moves the organization (and its subtree) under another parent. */
    parentId: IdSchema.optional(),
    /** true archives, false restores. */
    archived: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.code !== undefined || b.parentId !== undefined || b.archived !== undefined, {
    message: '没有要修改的内容 (nothing to change)',
  });
export type UpdateOrganizationBody = z.infer<typeof UpdateOrganizationBodySchema>;
