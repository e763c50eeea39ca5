/**
 * 一村一策: a village's rectification plan (整改方案), generated from the
 * problems its 村"两委"会 review verified and their measures, grouped by the
 * standard's areas, with owners and deadlines, between an editable preamble
 * and closing. The liaison group approves it; every version is kept and the
 * approved one is marked (approving a later version supersedes it). Pure:
 * the server gathers the rows, this file shapes and words them.
 */
export const PLAN_STATUSES = ['draft', 'approved', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_ACTIONS = ['edit', 'regenerate', 'approve'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** An approved or superseded version is frozen: no action leaves it (approving a newer version supersedes it). */
export const PLAN_WORKFLOW = {
  /** Change the title, preamble or closing. */
  edit: { from: 'draft', to: 'draft' },
  /** Re-read the verified problems and their measures from the ledger. */
  regenerate: { from: 'draft', to: 'draft' },
  /** 审定: the liaison group approves this version. */
  approve: { from: 'draft', to: 'approved' },
} as const satisfies Record<PlanAction, { from: PlanStatus; to: PlanStatus }>;

export function planActionsFrom(status: PlanStatus): PlanAction[] {
  return PLAN_ACTIONS.filter((a) => PLAN_WORKFLOW[a].from === status);
}

export const PLAN_STATUS_LABELS = {
  draft: { zh: '草稿', en: 'Draft' },
  approved: { zh: '已审定', en: 'Approved' },
  superseded: { zh: '已被新版本替代', en: 'Superseded' },
} as const satisfies Record<PlanStatus, { zh: string; en: string }>;

export const PLAN_ACTION_LABELS = {
  edit: { zh: '修改', en: 'Edit' },
  regenerate: { zh: '按台账更新', en: 'Refresh from the ledger' },
  approve: { zh: '审定', en: 'Approve' },
} as const satisfies Record<PlanAction, { zh: string; en: string }>;

/** The longest preamble or closing, in characters. */
export const PLAN_TEXT_MAX = 8000;

export interface PlanMeasure {
  description: string;
  ownerName: string | null;
  dueOn: string | null;
  /** Other problems of the plan the same measure serves (一项措施可对应多个问题), by code. */
  alsoFor: string[];
}

export interface PlanProblem {
  code: string;
  /** "ZDJS-01 活动场所面积和产权", or null for a problem recorded outside the checklist. */
  checkItem: string | null;
  description: string;
  leadOfficial: string | null;
  ownerName: string | null;
  responsibleUnit: string | null;
  dueOn: string | null;
  measures: PlanMeasure[];
}

export interface PlanArea {
  /** The standard area's code, or null for 其他 (problems without a check item). */
  code: string | null;
  name: string;
  problems: PlanProblem[];
}

/** The plan's body as generated (frozen with the version). */
export interface PlanContent {
  /** The day the ledger was read (Shanghai date). */
  asAt: string;
  areas: PlanArea[];
  totals: { problems: number; measures: number; withdrawn: number };
}

/** What the builder needs of a problem (the server reads it with its check item and area). */
export interface PlanSourceProblem {
  id: string;
  code: string;
  description: string;
  leadOfficial: string | null;
  ownerName: string | null;
  responsibleUnit: string | null;
  dueOn: string | null;
  checkItemCode: string | null;
  checkItemTitle: string | null;
  checkItemOrder: number | null;
  areaCode: string | null;
  areaName: string | null;
  areaOrder: number | null;
}

export interface PlanSourceMeasure {
  id: string;
  description: string;
  ownerName: string | null;
  dueOn: string | null;
  createdAt: string;
  problemIds: readonly string[];
}

const OTHER_AREA = '其他';

/**
 * Groups the verified problems by area (the standard's order, 其他 last),
 * each with the measures that serve it (oldest first). A measure serving
 * several problems is listed under each, naming the others.
 */
export function buildPlanContent(
  problems: readonly PlanSourceProblem[],
  measures: readonly PlanSourceMeasure[],
  asAt: string,
  withdrawn: number,
): PlanContent {
  const codeOf = new Map(problems.map((p) => [p.id, p.code]));
  const byProblem = new Map<string, PlanSourceMeasure[]>();
  for (const m of [...measures].sort((a, b) => a.createdAt.localeCompare(b.createdAt)))
    for (const pid of m.problemIds) if (codeOf.has(pid)) byProblem.set(pid, [...(byProblem.get(pid) ?? []), m]);

  const sorted = [...problems].sort(
    (a, b) =>
      (a.areaOrder ?? Number.MAX_SAFE_INTEGER) - (b.areaOrder ?? Number.MAX_SAFE_INTEGER) ||
      (a.checkItemOrder ?? Number.MAX_SAFE_INTEGER) - (b.checkItemOrder ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code),
  );
  const areas: PlanArea[] = [];
  const counted = new Set<string>();
  for (const p of sorted) {
    const key = p.areaCode ?? null;
    let area = areas.at(-1);
    if (!area || area.code !== key) {
      area = { code: key, name: p.areaName ?? OTHER_AREA, problems: [] };
      areas.push(area);
    }
    const served = byProblem.get(p.id) ?? [];
    for (const m of served) counted.add(m.id);
    area.problems.push({
      code: p.code,
      checkItem: p.checkItemCode ? `${p.checkItemCode} ${p.checkItemTitle ?? ''}`.trim() : null,
      description: p.description,
      leadOfficial: p.leadOfficial,
      ownerName: p.ownerName,
      responsibleUnit: p.responsibleUnit,
      dueOn: p.dueOn,
      measures: served.map((m) => ({
        description: m.description,
        ownerName: m.ownerName,
        dueOn: m.dueOn,
        alsoFor: m.problemIds.filter((id) => id !== p.id && codeOf.has(id)).map((id) => codeOf.get(id)!),
      })),
    });
  }
  return { asAt, areas, totals: { problems: problems.length, measures: counted.size, withdrawn } };
}

/** 2026-04-28 → 2026年4月28日 */
function chineseDay(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** The plan's default title. */
export function planTitle(villageName: string): string {
  return `${villageName}基层组织规范化建设问题整改方案`;
}

/** The default preamble, written from the review and the standard it was checked against. */
export function defaultPreamble(s: {
  villageName: string;
  groupName: string | null;
  noticeTitle: string | null;
  standardTitle: string;
  reviewHeldOn: string;
  totals: PlanContent['totals'];
}): string {
  const basis = s.noticeTitle ? `根据${s.noticeTitle}要求，对照${bookTitle(s.standardTitle)}` : `对照${bookTitle(s.standardTitle)}`;
  const withdrawn = s.totals.withdrawn > 0 ? `，其中${s.totals.withdrawn}个问题经核实不属实，已予撤销` : '';
  return [
    `为深入推进基层组织规范化建设，${basis}，${s.groupName ?? '包联组'}对${s.villageName}开展了集中排查。` +
      `${chineseDay(s.reviewHeldOn)}，${s.villageName}召开村“两委”会，对排查发现的问题逐一核实研究${withdrawn}，` +
      `确认需要整改的问题${s.totals.problems}个，研究提出整改措施${s.totals.measures}项。`,
    '按照“一村一策、一事一策”的要求，逐项明确整改措施、责任人和整改时限，制定本方案。',
  ].join('\n');
}

/** The default closing: how the plan is carried out. */
export function defaultClosing(): string {
  return [
    '一、加强组织领导。村党组织书记是整改工作第一责任人，村“两委”成员按分工各负其责，确保每个问题有人抓、有人管。',
    '二、严格整改时限。各责任人要按照本方案确定的时限推进整改，每周向包联组报告进展，不能按期完成的要提前说明原因。',
    '三、坚持验收销号。整改完成后及时整理佐证材料、申请验收，做到“验收一个、合格一个、销号一个”，直至全部达到规范化要求。',
    '四、接受群众监督。本方案和问题台账在村务公开栏公示，接受党员群众监督。',
  ].join('\n');
}

function bookTitle(title: string): string {
  return title.startsWith('《') ? title : `《${title}》`;
}
