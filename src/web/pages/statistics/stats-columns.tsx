import { Tag } from 'antd';
import type { OrgWeekFigures, WeekFigures } from '../../../domain/contracts/statistics.ts';
import type { ReportStatus } from '../../../domain/statistics.ts';
import { REPORT_FLAG_LABELS } from '../../../domain/weekly-report-workflow.ts';
import { useI18n, type MessageKey, type Translate } from '../../i18n/index.ts';
import { formatRate } from '../../lib/format.ts';

/** One figure column of 一周一统计, shared by the screen table and the printed one. */
export interface FigureColumn {
  key: string;
  title: MessageKey;
  text: (f: WeekFigures) => string;
  /** Shown in red when true (overdue counts above zero). */
  alert?: (f: WeekFigures) => boolean;
  /** On screen, the head over it and its neighbours of the same group, under which it takes its `short` title. */
  group?: MessageKey;
  short?: MessageKey;
}

const count = (key: keyof WeekFigures, title: MessageKey, alert = false, group?: MessageKey, short?: MessageKey): FigureColumn => ({
  key,
  title,
  text: (f) => String(f[key] ?? 0),
  alert: alert ? (f) => Number(f[key]) > 0 : undefined,
  group,
  short,
});
const status = (key: keyof WeekFigures, title: MessageKey) => count(key, title, false, 'stats.group.status', title);
const week = (key: keyof WeekFigures, title: MessageKey, short: MessageKey) => count(key, title, false, 'stats.group.week', short);

/** In the order of the district's sheet: status at the week's end, rate, overdue, the week's changes, measures. */
export const FIGURE_COLUMNS: FigureColumn[] = [
  count('total', 'stats.col.total'),
  status('open', 'stats.col.open'),
  status('rectifying', 'stats.col.rectifying'),
  status('submitted', 'stats.col.submitted'),
  status('accepted', 'stats.col.accepted'),
  status('closed', 'stats.col.closed'),
  { key: 'closureRate', title: 'stats.col.closureRate', text: (f) => formatRate(f.closureRate) },
  count('overdue', 'stats.col.overdue', true, 'stats.group.overdue', 'stats.short.overdue'),
  count('overdueOver14', 'stats.col.overdueOver14', true, 'stats.group.overdue', 'stats.short.overdueOver14'),
  week('newCount', 'stats.col.newCount', 'stats.short.newCount'),
  week('acceptedCount', 'stats.col.acceptedCount', 'stats.short.acceptedCount'),
  week('rejectedCount', 'stats.col.rejectedCount', 'stats.short.rejectedCount'),
  week('closedCount', 'stats.col.closedCount', 'stats.short.closedCount'),
  { key: 'measures', title: 'stats.col.measures', text: (f) => `${f.measuresDone}/${f.measuresTotal}` },
  // Standing against the standard at the week's end (frozen with the week): score ÷ total, and villages 达标.
  {
    key: 'standardShare',
    title: 'att.stats.standard',
    group: 'att.stats.group',
    short: 'att.stats.standardShort',
    text: (f) => (f.unitsScored ? formatRate(f.standardShare) : '—'),
  },
  {
    key: 'attained',
    title: 'att.stats.attained',
    group: 'att.stats.group',
    short: 'att.stats.attainedShort',
    text: (f) => (f.unitsScored ? `${f.unitsAttained}/${f.unitsScored}` : '—'),
  },
];

const REPORT_COLORS: Record<ReportStatus, string> = { on_time: 'green', late: 'orange', missing: 'red' };

/** The 周报 cell as text: a reporting unit's own status, else the subtree's counts, else a dash. */
export function reportsText(entry: OrgWeekFigures, t: Translate, pick: (l: { zh: string; en: string }) => string): string {
  if (entry.reportStatus) return pick(REPORT_FLAG_LABELS[entry.reportStatus]);
  const f = entry.figures;
  if (f.reportsExpected === 0) return t('stats.reports.none');
  return t('stats.reports.counts', { onTime: f.reportsOnTime, late: f.reportsLate, missing: f.reportsMissing });
}

/** The 周报 cell on screen: a coloured tag for a unit's own status. */
export function ReportsCell({ entry }: { entry: OrgWeekFigures }) {
  const { t, pick } = useI18n();
  if (entry.reportStatus) {
    return (
      <Tag color={REPORT_COLORS[entry.reportStatus]} data-testid="stats-report-status" data-status={entry.reportStatus}>
        {pick(REPORT_FLAG_LABELS[entry.reportStatus])}
      </Tag>
    );
  }
  const f = entry.figures;
  if (f.reportsExpected === 0) return <span>{t('stats.reports.none')}</span>;
  return (
    <span className="stats-reports">
      {t('stats.reports.counts', { onTime: f.reportsOnTime, late: f.reportsLate, missing: f.reportsMissing })}
    </span>
  );
}
