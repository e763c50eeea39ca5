/**
 * The monthly circular's venue section (六、村级活动场所“清零行动”进展情况):
 * the campaign's figures as at the month's end (or today while it runs), with
 * names: cleared (and which of them this month), in works, waiting for a
 * decision, stalled, overdue, not started. Pure: the server gathers the
 * figures (modules/venues/venue-figures.ts), this file words them.
 */
export interface CircularVenueRow {
  name: string;
  /** 新建 / 扩建 / 改建, or null without a project. */
  kind: string | null;
  /** The project's status in words (or 未立项). */
  status: string;
  progress: number;
  daysOverdue: number;
  stalled: boolean;
}

export interface CircularVenueAnnex {
  campaignName: string;
  deadline: string;
  /** Days from the as-at day to the deadline (negative once past). */
  daysLeft: number;
  /** Venues that were on the list at the campaign's start (or joined it since). */
  baseline: number;
  /** Still on the list at the as-at day. */
  left: number;
  cleared: string[];
  /** Cleared during the month. */
  clearedThisMonth: string[];
  /** Still on the list, one row each. */
  open: CircularVenueRow[];
}

function chineseDay(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** The section's default text; `asAt` is the circular's as-at day. */
export function venueSectionText(v: CircularVenueAnnex | undefined, asAt: string): string {
  if (!v || v.baseline === 0) return '本月无需整改的村级活动场所，清零行动无新进展。';
  const deadline = chineseDay(v.deadline);
  const time =
    v.daysLeft > 0
      ? `距${deadline}完成时限还有${v.daysLeft}天`
      : v.daysLeft === 0
        ? `今天是完成时限（${deadline}）`
        : `已超过${deadline}完成时限${-v.daysLeft}天`;
  const head =
    `截至${chineseDay(asAt)}，全区纳入${v.campaignName}的活动场所共${v.baseline}个，已清零${v.cleared.length}个` +
    (v.cleared.length ? `（${v.cleared.join('、')}）` : '') +
    `，尚余${v.left}个，${time}。` +
    (v.clearedThisMonth.length ? `本月${v.clearedThisMonth.join('、')}完成整改并通过验收，予以清零销号。` : '本月无新清零的活动场所。');
  const group = (rows: CircularVenueRow[], label: string, each: (r: CircularVenueRow) => string) =>
    rows.length ? [`${label}${rows.length}个：${rows.map(each).join('、')}`] : [];
  const inWorks = v.open.filter((r) => r.status.startsWith('施工中'));
  const others = v.open.filter((r) => r.kind !== null && !r.status.startsWith('施工中'));
  const none = v.open.filter((r) => r.kind === null);
  const stalled = v.open.filter((r) => r.stalled);
  const overdue = v.open.filter((r) => r.daysOverdue > 0).sort((a, b) => b.daysOverdue - a.daysOverdue);
  const parts = [
    ...group(inWorks, '正在施工的', (r) => `${r.name}（${r.kind}，完成${r.progress}%）`),
    ...group(others, '处于方案审批或待验收阶段的', (r) => `${r.name}（${r.kind}，${r.status}）`),
    ...group(none, '尚未立项的', (r) => r.name),
  ];
  const warn = [
    ...group(overdue, '逾期未完成的', (r) => `${r.name}（逾期${r.daysOverdue}天）`),
    ...group(stalled, '进展停滞的', (r) => r.name),
  ];
  const body = parts.length ? `其中，${parts.join('；')}。` : '';
  const alarm = warn.length
    ? `${warn.join('；')}，相关街道和村（社区）要倒排工期、挂图作战，确保按期完成。`
    : v.left > 0
      ? '各相关单位要倒排工期、挂图作战，确保按期完成清零任务。'
      : '全区活动场所已全部清零，各单位要管好用好活动场所，防止出现新的不达标情况。';
  return `${head}${body}${alarm}`;
}
