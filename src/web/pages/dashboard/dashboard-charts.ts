import type { ChildFigures, DashboardCounts, TrendWeek } from '../../../domain/contracts/dashboard.ts';
import { COUNTED_STATUSES, PROBLEM_STATUSES, PROBLEM_STATUS_LABELS, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { paths } from '../../app/paths.ts';
import type { EChartOption } from '../../components/charts/EChart.tsx';

/** Chart options and ledger links of the dashboards: pure functions of the API's figures, so they can be tested. */

type Lang = 'zh' | 'en';

/** The same hues as the ledger's status tags (antd red/orange/blue/cyan/green). */
export const STATUS_HEX: Record<ProblemStatus, string> = {
  open: '#f5222d',
  rectifying: '#fa8c16',
  submitted: '#1677ff',
  accepted: '#13c2c2',
  closed: '#52c41a',
  withdrawn: '#bfbfbf',
};

export const RAG_HEX = { red: '#f5222d', amber: '#faad14', green: '#52c41a' } as const;
/** antd Tag colours of red, amber and green. */
export const RAG_TAG_COLOURS = { red: 'red', amber: 'gold', green: 'green' } as const;

/** The ledger of an organization's subtree, narrowed to one status, overdue or due-soon problems. */
export function ledgerLink(organizationId: string, filter: { status?: ProblemStatus; overdue?: boolean; dueSoon?: boolean } = {}): string {
  const query: Record<string, string> = { organizationId };
  if (filter.status) query.status = filter.status;
  if (filter.overdue) query.overdue = '1';
  if (filter.dueSoon) query.dueSoon = '1';
  return paths.ledgerOf(query);
}

const isStatus = (s: unknown): s is ProblemStatus => typeof s === 'string' && (PROBLEM_STATUSES as readonly string[]).includes(s);

/** A pie slice carries its status, so a click knows which ledger tab to open. */
export function statusOfSlice(data: unknown): ProblemStatus | undefined {
  const status = (data as { status?: unknown } | null)?.status;
  return isStatus(status) ? status : undefined;
}

export function statusPieOption(counts: DashboardCounts, lang: Lang, isMobile: boolean): EChartOption {
  const data = COUNTED_STATUSES.map((s) => ({
    name: PROBLEM_STATUS_LABELS[s][lang],
    value: counts[s],
    status: s,
    itemStyle: { color: STATUS_HEX[s] },
  }));
  const countOf = new Map<string, number>(data.map((d) => [d.name, d.value]));
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    // Every status in sight, wrapping to a second row when it must: a scrolling legend cut "Accepted" to "Accepte"
    // behind a 1/2 pager. On a phone the legend carries the counts: there is no room beside the ring for labels
    // (they were cut to "已销…", "整…" and "…").
    legend: isMobile ? { bottom: 0, formatter: (name: string) => `${name} ${countOf.get(name) ?? ''}` } : { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: isMobile ? ['32%', '58%'] : ['40%', '68%'],
        center: isMobile ? ['50%', '40%'] : ['50%', '46%'],
        avoidLabelOverlap: true,
        // A label short of room breaks onto two lines ("Accepted" / "33") instead of being cut ("Accepte...").
        label: isMobile ? { show: false } : { formatter: '{b} {c}', overflow: 'break' },
        labelLine: { show: !isMobile },
        // Withdrawn problems (撤销) count nowhere.
        data,
      },
    ],
  };
}

/** "11-23" under each week; the running week is marked as live. */
export function weekAxisLabel(w: TrendWeek, lang: Lang): string {
  const md = w.week.slice(5);
  return w.frozen || w.total === null ? md : `${md}${lang === 'zh' ? '（本周）' : ' (now)'}`;
}

export function trendOption(
  allWeeks: readonly TrendWeek[],
  lang: Lang,
  names: { total: string; closed: string; overdue: string },
): EChartOption {
  // Weeks before the first one with figures (before the program began) are left off; later gaps stay visible.
  const first = allWeeks.findIndex((w) => w.total !== null);
  const trend = first > 0 ? allWeeks.slice(first) : allWeeks;
  const series = (name: string, key: 'total' | 'closed' | 'overdue', color: string) => ({
    type: 'line' as const,
    name,
    data: trend.map((w) => w[key]),
    connectNulls: false,
    symbolSize: 7,
    itemStyle: { color },
    lineStyle: { color },
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 36, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: trend.map((w) => weekAxisLabel(w, lang)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      series(names.total, 'total', '#1677ff'),
      series(names.closed, 'closed', STATUS_HEX.closed),
      series(names.overdue, 'overdue', STATUS_HEX.open),
    ],
  };
}

/** Stacked bars per child organization, one series per status (series index = PROBLEM_STATUSES index). */
export function childrenOption(children: readonly ChildFigures[], lang: Lang, isMobile: boolean): EChartOption {
  const names = children.map((c) => c.name);
  const horizontal = isMobile;
  const category = { type: 'category' as const, data: names, axisLabel: { interval: 0, rotate: horizontal || names.length <= 6 ? 0 : 30 } };
  const value = { type: 'value' as const, minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 36, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: COUNTED_STATUSES.map((s) => ({
      type: 'bar' as const,
      name: PROBLEM_STATUS_LABELS[s][lang],
      stack: 'status',
      barMaxWidth: 48,
      emphasis: { focus: 'series' as const },
      itemStyle: { color: STATUS_HEX[s] },
      data: children.map((c) => c[s]),
    })),
  };
}

/** Where a click on a bar leads: that child's ledger, on the clicked status. */
export function childBarLink(children: readonly ChildFigures[], dataIndex: number, seriesIndex: number | undefined): string | null {
  const child = children[dataIndex];
  if (!child) return null;
  const status = seriesIndex === undefined ? undefined : COUNTED_STATUSES[seriesIndex];
  return ledgerLink(child.id, status ? { status } : {});
}

/** Height of the bars chart: horizontal bars on a phone need room per organization. */
export function childrenChartHeight(count: number, isMobile: boolean): number {
  return isMobile ? Math.max(240, 80 + count * 34) : 340;
}
