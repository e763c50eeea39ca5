import { z } from 'zod';
import { isCalendarDate, isProgramDate } from '../time.ts';
import { DEFAULT_VENUE_SETTINGS, VenueSettingsSchema } from '../venue-campaign.ts';
import { VENUE_PROJECT_ACTIONS, VENUE_PROJECT_KINDS, VENUE_PROJECT_STATUSES } from '../venue-project-workflow.ts';
import { VENUE_OWNERSHIPS, VENUE_USES } from '../venue-rules.ts';
import {
  IdSchema,
  isSingleLine,
  PageQuerySchema,
  PROGRAM_DATE_MESSAGE,
  QueryBoolSchema,
  requireEveryKey,
  SINGLE_LINE_MESSAGE,
  VersionOrZeroSchema,
  VersionSchema,
} from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

/**
 * 清零行动 API: the venue register, venue projects (一村一案), the special fund
 * and the clearance board. Money goes in and out in yuan (元) with at most two
 * decimals; the server keeps whole fen.
 */
const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);
const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-06-30)');

/** ㎡ with at most one decimal. */
const AreaSchema = z
  .number()
  .min(0, '面积不能为负 (area cannot be negative)')
  .max(100_000, '面积过大 (area too large)')
  .refine((x) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-6, '面积最多保留一位小数 (one decimal at most)');

/** The largest single amount: 20,000,000.00 元 (a whole district's venue budget is far below it). */
export const MAX_AMOUNT_YUAN = 20_000_000;
/**
 * The most a project's allocations, or its spends, may add up to: the same 20,000,000.00 元. The running totals are
 * kept in fen in 32-bit columns on PostgreSQL (at most 2,147,483,647 fen), so two large entries must not pass it.
 */
export const MAX_PROJECT_TOTAL_YUAN = MAX_AMOUNT_YUAN;
/** 元 with at most two decimals. */
const YuanSchema = (label: string) =>
  z
    .number()
    // At least one fen: 1e-9 passed "more than 0" and was stored as 0.00 元, an allocation of nothing.
    .min(0.01, `${label}至少 0.01 元 (at least 0.01 yuan)`)
    .max(MAX_AMOUNT_YUAN, `${label}不能超过 ${MAX_AMOUNT_YUAN} 元`)
    .refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, `${label}最多保留两位小数（分） (two decimals at most)`);

export const VenueReasonViewSchema = z.object({
  /** As data: { code: 'ownership' | 'area' | 'hall' | 'other_use' | 'no_signage' | 'rules_not_posted', … }. */
  reason: z.record(z.string(), z.unknown()),
  zh: z.string(),
  en: z.string(),
});

export const VenueFileSchema = z.object({
  id: z.string(),
  purpose: z.enum(['venue_photo', 'plan', 'milestone_photo', 'voucher']),
  originalName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  isImage: z.boolean(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
});
export type VenueFile = z.infer<typeof VenueFileSchema>;

/** Multipart fields before the file: exactly one owner (venue, project, milestone or spending). */
export const VenueFileFieldsSchema = z
  .object({
    venueId: IdSchema.optional(),
    projectId: IdSchema.optional(),
    milestoneId: IdSchema.optional(),
    spendingId: IdSchema.optional(),
  })
  .refine((f) => [f.venueId, f.projectId, f.milestoneId, f.spendingId].filter(Boolean).length === 1, {
    message: '请指定所属场所 (venueId)、项目 (projectId)、进度 (milestoneId) 或支出 (spendingId) 之一',
  });
export type VenueFileFields = z.infer<typeof VenueFileFieldsSchema>;

export const VenueAllowedActionSchema = z.enum(['edit', 'createProject', 'upload']);

const ProjectBriefSchema = z.object({
  id: z.string(),
  kind: z.enum(VENUE_PROJECT_KINDS),
  status: z.enum(VENUE_PROJECT_STATUSES),
  progress: z.number().int(),
  deadline: z.string(),
  daysOverdue: z.number().int(),
});

export const VenueSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  organizationKind: z.string(),
  /** The subdistrict above it (null at the top). */
  subdistrictName: z.string().nullable(),
  name: z.string(),
  address: z.string(),
  buildingArea: z.number(),
  ownership: z.enum(VENUE_OWNERSHIPS),
  currentUse: z.enum(VENUE_USES),
  hallArea: z.number(),
  hasSignage: z.boolean(),
  rulesPosted: z.boolean(),
  notes: z.string().nullable(),
  passes: z.boolean(),
  /** Why it fails, in words (empty when it passes): "租赁场所", "面积 160 ㎡，不足 200 ㎡". */
  reasons: z.array(VenueReasonViewSchema),
  /** When it first went on the clearance list (null: never failed). */
  listedAt: z.string().nullable(),
  /** The project under way (not yet accepted), if any. */
  openProject: ProjectBriefSchema.nullable(),
  photos: z.array(VenueFileSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(VenueAllowedActionSchema),
});
export type Venue = z.infer<typeof VenueSchema>;

export const VenueListQuerySchema = z.object({
  /** Venues of this organization's subtree. */
  organizationId: IdSchema.optional(),
  /** 1: only the clearance list (failing venues). */
  onList: QueryBoolSchema.optional(),
  ...PageQuerySchema.shape,
});
export type VenueListQuery = z.infer<typeof VenueListQuerySchema>;

export const VenueListSchema = z.object({
  items: z.array(VenueSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The reader may register venues somewhere. */
  canCreate: z.boolean(),
});
export type VenueList = z.infer<typeof VenueListSchema>;

const venueFields = {
  name: line(60, '场所名称'),
  address: line(200, '地址'),
  buildingArea: AreaSchema,
  ownership: z.enum(VENUE_OWNERSHIPS),
  currentUse: z.enum(VENUE_USES),
  hallArea: AreaSchema,
  hasSignage: z.boolean(),
  rulesPosted: z.boolean(),
  notes: z.string().trim().max(2000).refine(isPlainText, PLAIN_TEXT_MESSAGE).nullable().optional(),
};

export const CreateVenueBodySchema = z.object({ organizationId: IdSchema, ...venueFields });
export type CreateVenueBody = z.infer<typeof CreateVenueBodySchema>;

export const UpdateVenueBodySchema = z
  .object({
    version: VersionSchema,
    name: venueFields.name.optional(),
    address: venueFields.address.optional(),
    buildingArea: venueFields.buildingArea.optional(),
    ownership: venueFields.ownership.optional(),
    currentUse: venueFields.currentUse.optional(),
    hallArea: venueFields.hallArea.optional(),
    hasSignage: venueFields.hasSignage.optional(),
    rulesPosted: venueFields.rulesPosted.optional(),
    notes: venueFields.notes,
    /**
     * 登记更正说明: a venue on the clearance list leaves it when an accepted project makes it pass (区级验收). An edit
     * that would make it pass is a correction of the register (the figures were entered wrong) and needs its reason;
     * the venue then counts as never listed, not as cleared.
     */
    correctionReason: z.string().trim().min(4, '请写明更正原因（至少 4 个字）').max(500).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
  })
  .refine((b) => Object.keys(b).length > 1, '没有要修改的内容 (nothing to change)');
export type UpdateVenueBody = z.infer<typeof UpdateVenueBodySchema>;

/** The figures the district enters at acceptance (区级验收): the venue as it now stands. */
export const AcceptanceFiguresSchema = z.object({
  buildingArea: AreaSchema,
  ownership: z.enum(VENUE_OWNERSHIPS),
  currentUse: z.enum(VENUE_USES),
  hallArea: AreaSchema,
  hasSignage: z.boolean(),
  rulesPosted: z.boolean(),
});
export type AcceptanceFigures = z.infer<typeof AcceptanceFiguresSchema>;

export const VenueProjectAllowedActionSchema = z.enum([...VENUE_PROJECT_ACTIONS, 'edit', 'milestone', 'upload', 'allocate', 'spend']);
export type VenueProjectAllowedAction = z.infer<typeof VenueProjectAllowedActionSchema>;

export const VenueProjectSchema = z.object({
  id: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  subdistrictName: z.string().nullable(),
  kind: z.enum(VENUE_PROJECT_KINDS),
  plan: z.string(),
  /** 元 */
  budget: z.number(),
  plannedArea: z.number(),
  deadline: z.string(),
  status: z.enum(VENUE_PROJECT_STATUSES),
  /** Latest milestone's % (0 before works). */
  progress: z.number().int(),
  daysOverdue: z.number().int(),
  stalled: z.boolean(),
  lastMovedAt: z.string(),
  /** The latest send-back's reason, while the project is back in drafting. */
  returnReason: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  /** The fund (元): allocated, spent, balance (negative only after an override). */
  allocated: z.number(),
  spent: z.number(),
  balance: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  allowedActions: z.array(VenueProjectAllowedActionSchema),
});
export type VenueProject = z.infer<typeof VenueProjectSchema>;

export const VenueProjectHistorySchema = z.object({
  at: z.string(),
  action: z.string(),
  fromStatus: z.enum(VENUE_PROJECT_STATUSES).nullable(),
  toStatus: z.enum(VENUE_PROJECT_STATUSES),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
});

export const VenueMilestoneSchema = z.object({
  id: z.string(),
  title: z.string(),
  progress: z.number().int(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  photos: z.array(VenueFileSchema),
});
export type VenueMilestone = z.infer<typeof VenueMilestoneSchema>;

/** 冲销: an entry made wrongly is reversed by one of the opposite amount; both stay in the fund's books. */
const FundReversalFields = {
  /** On a reversal (its amount negative): the entry it reverses. */
  reversesId: z.string().nullable(),
  /** On a reversal: why. */
  reversalReason: z.string().nullable(),
  /** On a reversed entry: its reversal (then it counts no more). */
  reversedById: z.string().nullable(),
};

export const FundAllocationSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  amount: z.number(),
  allocatedOn: z.string(),
  documentNo: z.string(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  ...FundReversalFields,
});
export type FundAllocation = z.infer<typeof FundAllocationSchema>;

export const FundSpendingSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  amount: z.number(),
  spentOn: z.string(),
  payee: z.string(),
  purpose: z.string(),
  voucherNo: z.string(),
  /** Why it was allowed over the balance (null: within the balance). */
  overrideReason: z.string().nullable(),
  vouchers: z.array(VenueFileSchema),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  ...FundReversalFields,
});
export type FundSpending = z.infer<typeof FundSpendingSchema>;

export const VenueProjectDetailSchema = VenueProjectSchema.extend({
  venue: VenueSchema,
  history: z.array(VenueProjectHistorySchema),
  milestones: z.array(VenueMilestoneSchema),
  /** Plan attachments (方案、图纸、预算书). */
  files: z.array(VenueFileSchema),
  allocations: z.array(FundAllocationSchema),
  spendings: z.array(FundSpendingSchema),
});
export type VenueProjectDetail = z.infer<typeof VenueProjectDetailSchema>;

export const VenueProjectListQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  status: z.enum(VENUE_PROJECT_STATUSES).optional(),
  ...PageQuerySchema.shape,
});
export type VenueProjectListQuery = z.infer<typeof VenueProjectListQuerySchema>;

export const VenueProjectListSchema = z.object({
  items: z.array(VenueProjectSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type VenueProjectList = z.infer<typeof VenueProjectListSchema>;

const planFields = {
  kind: z.enum(VENUE_PROJECT_KINDS),
  plan: text(4000, '实施方案'),
  budget: YuanSchema('预算'),
  plannedArea: AreaSchema,
  /** Default: the campaign's deadline. */
  deadline: DateSchema,
};

export const CreateVenueProjectBodySchema = z.object({
  venueId: IdSchema,
  kind: planFields.kind,
  plan: planFields.plan,
  budget: planFields.budget,
  plannedArea: planFields.plannedArea,
  deadline: planFields.deadline.optional(),
});
export type CreateVenueProjectBody = z.infer<typeof CreateVenueProjectBodySchema>;

export const UpdateVenueProjectBodySchema = z
  .object({
    version: VersionSchema,
    kind: planFields.kind.optional(),
    plan: planFields.plan.optional(),
    budget: planFields.budget.optional(),
    plannedArea: planFields.plannedArea.optional(),
    deadline: planFields.deadline.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, '没有要修改的内容 (nothing to change)');
export type UpdateVenueProjectBody = z.infer<typeof UpdateVenueProjectBodySchema>;

export const VenueProjectTransitionBodySchema = z.object({
  version: VersionSchema,
  action: z.enum(VENUE_PROJECT_ACTIONS),
  /** Required to send back (return, send_back, reject_works). */
  reason: text(1000, '原因').optional(),
  /** Required to accept: the venue as it now stands. */
  figures: AcceptanceFiguresSchema.optional(),
});
export type VenueProjectTransitionBody = z.infer<typeof VenueProjectTransitionBodySchema>;

export const RecordMilestoneBodySchema = z.object({
  version: VersionSchema,
  title: line(200, '进度内容'),
  progress: z.number().int().min(0).max(100),
  note: z.string().trim().max(1000).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
});
export type RecordMilestoneBody = z.infer<typeof RecordMilestoneBodySchema>;

/** A day money moved: in the program's years (1900 and 2999 were taken), and not after today (checked in the service). */
const FundDateSchema = DateSchema.refine(isProgramDate, '日期应在 2000 年至 2999 年之间 (a date from 2000 to 2999)');

export const CreateAllocationBodySchema = z.object({
  amount: YuanSchema('下达金额'),
  allocatedOn: FundDateSchema,
  /** 文号, e.g. 高新财〔2026〕12号. */
  documentNo: line(60, '文号'),
  note: z.string().trim().max(500).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
  /** Allocating beyond the approved budget needs this, with the reason in words (kept with the allocation, audited). */
  overBudget: z.object({ reason: text(500, '超预算原因') }).optional(),
});
export type CreateAllocationBody = z.infer<typeof CreateAllocationBodySchema>;

export const CreateSpendingBodySchema = z.object({
  amount: YuanSchema('支出金额'),
  spentOn: FundDateSchema,
  payee: line(100, '收款单位'),
  purpose: line(200, '用途'),
  /** 凭证号 */
  voucherNo: line(60, '凭证号'),
  /** Going over the project's balance needs this, with the reason in words (audited). */
  override: z.object({ reason: text(500, '超支原因') }).optional(),
});
export type CreateSpendingBody = z.infer<typeof CreateSpendingBodySchema>;

/**
 * 冲销 of an allocation or a spend entered wrongly: a new entry of the opposite amount on `reversedOn`, with the
 * reason; the entry itself stays as it was. An allocation is reversed only while what stays allocated covers what was
 * spent (allocate the right amount first, then reverse the wrong one).
 */
// Strict: a reversal is of the whole entry, and an `amount` (a partial reversal, which there is not) is refused, not dropped.
export const ReverseFundEntryBodySchema = z.strictObject({
  reversedOn: FundDateSchema,
  /** The reversal's own document (文号 of an allocation, 凭证号 of a spend); the reversed entry's when left out. */
  reference: line(60, '文号或凭证号').optional(),
  reason: text(500, '冲销原因'),
});
export type ReverseFundEntryBody = z.infer<typeof ReverseFundEntryBodySchema>;

export const FundEntryParamsSchema = z.object({ id: IdSchema, entryId: IdSchema });

const FundFiguresSchema = z.object({
  /** 元: the approved budget (批复预算), of approved projects only: a plan in drafting or review has none yet. */
  budget: z.number(),
  allocated: z.number(),
  spent: z.number(),
  balance: z.number(),
});

export const FundProjectRowSchema = FundFiguresSchema.extend({
  projectId: z.string(),
  organizationName: z.string(),
  subdistrictName: z.string().nullable(),
  venueName: z.string(),
  kind: z.enum(VENUE_PROJECT_KINDS),
  status: z.enum(VENUE_PROJECT_STATUSES),
  overspent: z.boolean(),
  /** The finance bureau approved its plan: `budget` is then the approved budget, else 0 and `requestedBudget` is asked. */
  approved: z.boolean(),
  /** 元: the budget its plan asks for (the same as `budget` once approved). */
  requestedBudget: z.number(),
});
export type FundProjectRow = z.infer<typeof FundProjectRowSchema>;

export const FundSummarySchema = z.object({
  totals: FundFiguresSchema,
  bySubdistrict: z.array(FundFiguresSchema.extend({ subdistrictName: z.string(), projects: z.number().int() })),
  projects: z.array(FundProjectRowSchema),
  /** The reader keeps the fund (allocates, spends, exports). */
  canManage: z.boolean(),
});
export type FundSummary = z.infer<typeof FundSummarySchema>;

export const VenueStandingSchema = z.enum(['passing', 'cleared', 'no_project', 'in_progress', 'still_failing']);

export const BoardVillageSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  subdistrictName: z.string().nullable(),
  venueId: z.string(),
  venueName: z.string(),
  onList: z.boolean(),
  standing: VenueStandingSchema,
  reasons: z.array(VenueReasonViewSchema),
  /** The state in words: "施工中 60%（扩建）：室内装修进行中；逾期 5 天". */
  stateZh: z.string(),
  stateEn: z.string(),
  project: ProjectBriefSchema.extend({ stalled: z.boolean() }).nullable(),
});
export type BoardVillage = z.infer<typeof BoardVillageSchema>;

export const BurnDownPointSchema = z.object({
  week: z.string(),
  /** Venues on the list at the week's end (null: a week still to come). */
  left: z.number().int().nullable(),
  /** The even line from the baseline to zero at the deadline. */
  ideal: z.number(),
  /** From the frozen weekly snapshot (false: computed now, e.g. the running week). */
  frozen: z.boolean(),
});

export const VenueBoardQuerySchema = z.object({ organizationId: IdSchema.optional() });
export type VenueBoardQuery = z.infer<typeof VenueBoardQuerySchema>;

export const VenueBoardSchema = z.object({
  campaign: z.object({
    name: z.string(),
    startedOn: z.string(),
    deadline: z.string(),
    today: z.string(),
    /** Days to the deadline (negative once past). */
    daysLeft: z.number().int(),
  }),
  organizationName: z.string(),
  /** Venues that have been on the list since the campaign began. */
  baseline: z.number().int(),
  /** On the list now. */
  left: z.number().int(),
  cleared: z.number().int(),
  overdue: z.number().int(),
  stalled: z.number().int(),
  burnDown: z.array(BurnDownPointSchema),
  /** Every venue that is or was on the list, worst first; then the passing ones. */
  villages: z.array(BoardVillageSchema),
});
export type VenueBoard = z.infer<typeof VenueBoardSchema>;

export const VenueSettingsDtoSchema = z.object({
  settings: VenueSettingsSchema,
  /** The deadline in force (the set one, or 30 June of the program's year). */
  deadline: z.string(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type VenueSettingsDto = z.infer<typeof VenueSettingsDtoSchema>;

/**
 * Settings as an editor sends them: the campaign's start and deadline within the program's years (1900-01-01 drew
 * a burn-down of five years that never reached today), and the deadline not before the start (it was taken, and the
 * board counted −339 days left). Stored settings are read with VenueSettingsSchema alone.
 */
export const UpdateVenueSettingsBodySchema = z.object({
  version: VersionOrZeroSchema,
  // Every setting, as read (GET /api/venues/settings gives them all): one left out is refused, not reset.
  settings: z.preprocess(
    requireEveryKey(DEFAULT_VENUE_SETTINGS),
    VenueSettingsSchema.superRefine(({ campaign }, ctx) => {
      for (const key of ['startedOn', 'deadline'] as const)
        if (campaign[key] !== null && !isProgramDate(campaign[key]))
          ctx.addIssue({ code: 'custom', path: ['campaign', key], message: PROGRAM_DATE_MESSAGE });
      if (campaign.startedOn && campaign.deadline && campaign.deadline < campaign.startedOn)
        ctx.addIssue({
          code: 'custom',
          path: ['campaign', 'deadline'],
          message: '截止日期不能早于开始日期 (the deadline cannot be before the start)',
        });
    }),
  ),
});
export type UpdateVenueSettingsBody = z.infer<typeof UpdateVenueSettingsBodySchema>;

/** What a village's weekly report shows of its venue projects (as at the week's end, or now). */
export const VenueReportFiguresSchema = z.object({
  venues: z.number().int(),
  onList: z.number().int(),
  projects: z.array(
    z.object({
      venueName: z.string(),
      kind: z.enum(VENUE_PROJECT_KINDS),
      status: z.enum(VENUE_PROJECT_STATUSES),
      progress: z.number().int(),
      deadline: z.string(),
      daysOverdue: z.number().int(),
      /** 元 */
      allocated: z.number(),
      spent: z.number(),
    }),
  ),
});
export type VenueReportFigures = z.infer<typeof VenueReportFiguresSchema>;
