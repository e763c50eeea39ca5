import { z } from 'zod';
import {
  APPLIES_TO,
  AREA_COMPARED_FIELDS,
  CHECK_ITEM_COMPARED_FIELDS,
  STANDARD_VERSION_ACTIONS,
  STANDARD_VERSION_STATUSES,
} from '../standards.ts';
import { isCalendarDate } from '../time.ts';
import { BIDI_CONTROL, hasVisible, IdSchema, isSingleLine, isXmlText, SINGLE_LINE_MESSAGE, VersionSchema, queryInt } from './common.ts';

/**
 * True when the text has no control characters other than line breaks and tabs (PostgreSQL cannot store NUL), and
 * nothing XML refuses (U+FFFE, U+FFFF, a lone surrogate: an export quoting it would not open).
 */
export function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return isXmlText(text) && !BIDI_CONTROL.test(text) && hasVisible(text);
}
export const PLAIN_TEXT_MESSAGE =
  '不能包含控制字符或文字方向控制符，也不能只有看不见的字符 (no control characters, no bidirectional controls, not invisible characters alone)';

const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);

/** Area and check-item codes, e.g. ZZSZ and ZZSZ-01; stored upper-case so comparisons match. */
const CodeSchema = z
  .string()
  .trim()
  .min(1, '编码不能为空')
  .max(32, '编码最多 32 位')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, '编码只能包含字母、数字、点、下划线和连字符，并以字母或数字开头')
  .transform((s) => s.toUpperCase());
/** A check item's score: a positive whole number. */
const WeightSchema = z.number().int('分值必须是整数').min(1, '分值必须是正整数').max(100, '分值最多 100');
const SortOrderSchema = z.number().int().min(0).max(100_000);
const NotesSchema = z.string().trim().max(2000, '说明最多 2000 字').refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const CheckItemSchema = z.object({
  id: z.string(),
  areaId: z.string(),
  /** Unique within the version, e.g. ZDJS-01; versions are compared by it. */
  code: z.string(),
  title: z.string(),
  /** What "meets the standard" means, as the district office wrote it. */
  criterion: z.string(),
  /** Score of the item; a standard's weights usually add up to 100. */
  weight: z.number().int(),
  /** 佐证材料 the inspection expects to see: photos, minutes, ledgers… */
  expectedEvidence: z.string(),
  appliesTo: z.enum(APPLIES_TO),
  sortOrder: z.number().int(),
});
export type CheckItem = z.infer<typeof CheckItemSchema>;

export const StandardAreaSchema = z.object({
  id: z.string(),
  /** Unique within the version, e.g. ZDJS. */
  code: z.string(),
  name: z.string(),
  sortOrder: z.number().int(),
  /** Sum of the item weights of this area. */
  weight: z.number().int(),
  items: z.array(CheckItemSchema),
});
export type StandardArea = z.infer<typeof StandardAreaSchema>;

export const StandardVersionSummarySchema = z.object({
  id: z.string(),
  standardId: z.string(),
  /** 1, 2, 3… within the standard. */
  versionNo: z.number().int(),
  status: z.enum(STANDARD_VERSION_STATUSES),
  title: z.string(),
  notes: z.string().nullable(),
  /** The notice the version was issued under (印发通知), e.g. 《关于进一步加强农村基层组织规范化建设的通知》; null when not recorded. */
  noticeTitle: z.string().nullable(),
  /** The notice's date (YYYY-MM-DD). */
  noticeDate: z.string().nullable(),
  /** The version this one was copied from; null for a first version. */
  basedOnVersionId: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  areaCount: z.number().int(),
  itemCount: z.number().int(),
  totalWeight: z.number().int(),
  /** Optimistic-concurrency token: every draft edit sends it and gets the next one back. */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the current user may do here; the UI shows buttons from this only. */
  allowedActions: z.array(z.enum(STANDARD_VERSION_ACTIONS)),
});
export type StandardVersionSummary = z.infer<typeof StandardVersionSummarySchema>;

export const StandardVersionDetailSchema = StandardVersionSummarySchema.extend({
  standardName: z.string(),
  /** Areas in order, each with its check items in order. */
  areas: z.array(StandardAreaSchema),
  /** Why this draft cannot be published yet (empty when it can, and for published versions). */
  publishProblems: z.array(z.string()),
  /** What the weights must add up to for publishing (the program's rule, 100 by default). */
  requiredTotalWeight: z.number().int(),
});
export type StandardVersionDetail = z.infer<typeof StandardVersionDetailSchema>;

export const StandardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The latest published version: the one inspections use. */
  currentVersionId: z.string().nullable(),
  /** The open draft, if any (at most one per standard). */
  draftVersionId: z.string().nullable(),
  /** Newest first. */
  versions: z.array(StandardVersionSummarySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Standard = z.infer<typeof StandardSchema>;

export const STANDARD_LIST_ACTIONS = ['create'] as const;
export type StandardListAction = (typeof STANDARD_LIST_ACTIONS)[number];

export const StandardListSchema = z.object({
  items: z.array(StandardSchema),
  /** 'create': the user may start a new standard. */
  allowedActions: z.array(z.enum(STANDARD_LIST_ACTIONS)),
});
export type StandardList = z.infer<typeof StandardListSchema>;

/** A new standard starts as an empty draft, version 1. */
export const CreateStandardBodySchema = z.object({
  name: line(100, '标准名称'),
  description: NotesSchema.optional(),
  /** Title of version 1; defaults to the name. */
  title: line(200, '版本标题').optional(),
});
export type CreateStandardBody = z.infer<typeof CreateStandardBodySchema>;

export const CreateDraftBodySchema = z.object({
  /** Copy this version (of the same standard); defaults to the latest published version. */
  basedOnVersionId: IdSchema.optional(),
});
export type CreateDraftBody = z.infer<typeof CreateDraftBodySchema>;

export const UpdateDraftBodySchema = z
  .object({
    version: VersionSchema,
    title: line(200, '版本标题').optional(),
    notes: NotesSchema.nullable().optional(),
    /** 印发通知: the notice's title and date (both may be cleared with null). */
    noticeTitle: line(200, '印发通知标题').nullable().optional(),
    noticeDate: z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期').nullable().optional(),
  })
  .refine((b) => b.title !== undefined || b.notes !== undefined || b.noticeTitle !== undefined || b.noticeDate !== undefined, {
    message: '没有要修改的内容 (nothing to change)',
  });
export type UpdateDraftBody = z.infer<typeof UpdateDraftBodySchema>;

export const AddAreaBodySchema = z.object({
  version: VersionSchema,
  code: CodeSchema,
  name: line(100, '领域名称'),
  /** Defaults to after the last area. */
  sortOrder: SortOrderSchema.optional(),
});
export type AddAreaBody = z.infer<typeof AddAreaBodySchema>;

export const UpdateAreaBodySchema = z
  .object({
    version: VersionSchema,
    code: CodeSchema.optional(),
    name: line(100, '领域名称').optional(),
    sortOrder: SortOrderSchema.optional(),
  })
  .refine((b) => b.code !== undefined || b.name !== undefined || b.sortOrder !== undefined, {
    message: '没有要修改的内容 (nothing to change)',
  });
export type UpdateAreaBody = z.infer<typeof UpdateAreaBodySchema>;

export const AddCheckItemBodySchema = z.object({
  version: VersionSchema,
  areaId: IdSchema,
  code: CodeSchema,
  title: line(200, '检查项名称'),
  criterion: text(2000, '标准要求'),
  weight: WeightSchema,
  expectedEvidence: text(1000, '佐证材料'),
  appliesTo: z.enum(APPLIES_TO).default('both'),
  /** Defaults to after the last item of the area. */
  sortOrder: SortOrderSchema.optional(),
});
export type AddCheckItemBody = z.infer<typeof AddCheckItemBodySchema>;

export const UpdateCheckItemBodySchema = z
  .object({
    version: VersionSchema,
    /** Moves the item to another area of the same version. */
    areaId: IdSchema.optional(),
    code: CodeSchema.optional(),
    title: line(200, '检查项名称').optional(),
    criterion: text(2000, '标准要求').optional(),
    weight: WeightSchema.optional(),
    expectedEvidence: text(1000, '佐证材料').optional(),
    appliesTo: z.enum(APPLIES_TO).optional(),
    sortOrder: SortOrderSchema.optional(),
  })
  .refine((b) => Object.entries(b).some(([k, v]) => k !== 'version' && v !== undefined), {
    message: '没有要修改的内容 (nothing to change)',
  });
export type UpdateCheckItemBody = z.infer<typeof UpdateCheckItemBodySchema>;

export const PublishBodySchema = z.object({ version: VersionSchema });
export type PublishBody = z.infer<typeof PublishBodySchema>;

/** DELETE requests carry the version token in the query string. */
export const VersionQuerySchema = z.object({ version: queryInt(1, Number.MAX_SAFE_INTEGER) });

export const AreaParamsSchema = z.object({ id: IdSchema, areaId: IdSchema });
export const CheckItemParamsSchema = z.object({ id: IdSchema, itemId: IdSchema });

export const CompareQuerySchema = z.object({
  /** The older version (the baseline). */
  from: IdSchema,
  /** The newer version. */
  to: IdSchema,
});

const ComparedValue = z.union([z.string(), z.number()]);
const AreaContentSchema = z.object({ code: z.string(), name: z.string() });
const CheckItemContentSchema = z.object({
  code: z.string(),
  areaCode: z.string(),
  title: z.string(),
  criterion: z.string(),
  weight: z.number().int(),
  expectedEvidence: z.string(),
  appliesTo: z.enum(APPLIES_TO),
});
const VersionRefSchema = z.object({
  id: z.string(),
  standardId: z.string(),
  standardName: z.string(),
  versionNo: z.number().int(),
  status: z.enum(STANDARD_VERSION_STATUSES),
  title: z.string(),
});

/** Going from `from` to `to`: areas and items matched by code; `changes` name each field that differs. */
export const StandardComparisonSchema = z.object({
  from: VersionRefSchema,
  to: VersionRefSchema,
  areas: z.object({
    added: z.array(AreaContentSchema),
    removed: z.array(AreaContentSchema),
    changed: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        changes: z.array(z.object({ field: z.enum(AREA_COMPARED_FIELDS), from: ComparedValue, to: ComparedValue })),
      }),
    ),
  }),
  items: z.object({
    added: z.array(CheckItemContentSchema),
    removed: z.array(CheckItemContentSchema),
    changed: z.array(
      z.object({
        code: z.string(),
        title: z.string(),
        areaCode: z.string(),
        changes: z.array(z.object({ field: z.enum(CHECK_ITEM_COMPARED_FIELDS), from: ComparedValue, to: ComparedValue })),
      }),
    ),
  }),
  summary: z.object({
    areasAdded: z.number().int(),
    areasRemoved: z.number().int(),
    areasChanged: z.number().int(),
    itemsAdded: z.number().int(),
    itemsRemoved: z.number().int(),
    itemsChanged: z.number().int(),
    itemsUnchanged: z.number().int(),
    totalWeightFrom: z.number().int(),
    totalWeightTo: z.number().int(),
  }),
});
export type StandardComparison = z.infer<typeof StandardComparisonSchema>;
