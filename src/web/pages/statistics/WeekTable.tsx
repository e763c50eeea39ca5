import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { SCOPE_ID } from '../../../domain/statistics.ts';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { FIGURE_COLUMNS, ReportsCell } from './stats-columns.tsx';
import { buildStatsRows, type StatsRow } from './stats-model.ts';

/** The week's organization by name: a reader's several organizations together (a liaison group's villages) in words. */
export function organizationLabel(data: WeekStatistics, t: ReturnType<typeof useI18n>['t']): string {
  return data.organization.organizationId === SCOPE_ID ? t('stats.scope', { n: data.children.length }) : data.organization.organizationName;
}

/** The name of the total row: 合计 under children, the organization's own name when it has none. */
export function totalLabel(data: WeekStatistics, t: ReturnType<typeof useI18n>['t']): string {
  return data.children.length > 0 ? t('stats.totalOf', { org: organizationLabel(data, t) }) : organizationLabel(data, t);
}

/**
 * 一周一统计 on screen: one row per direct child (its name drills into it)
 * and the total row. On a phone the table scrolls sideways under a fixed name column; on a desktop the
 * reports column is fixed on the right as well.
 */
export function WeekTable({ data, drillHref, loading }: { data: WeekStatistics; drillHref: (orgId: string) => string; loading: boolean }) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();

  const columns: ColumnsType<StatsRow> = [
    {
      title: t('stats.col.name'),
      key: 'name',
      fixed: 'left',
      width: isMobile ? 112 : 132,
      render: (_, r) =>
        r.isTotal ? (
          <Typography.Text strong>{totalLabel(data, t)}</Typography.Text>
        ) : (
          <Link
            to={drillHref(r.entry.organizationId)}
            title={t('stats.drill', { org: r.entry.organizationName })}
            data-testid="stats-drill"
            data-org={r.entry.organizationName}
          >
            {r.entry.organizationName}
          </Link>
        ),
    },
    ...FIGURE_COLUMNS.map((c): ColumnsType<StatsRow>[number] => ({
      title: t(c.title),
      key: c.key,
      align: 'right',
      // Narrow enough that the whole table fits beside the menu at 1440 px; a province's six-digit figures widen it.
      width: c.key === 'measures' ? 80 : c.key === 'closureRate' ? 68 : 52,
      render: (_, r) => {
        const alert = c.alert?.(r.entry.figures) ?? false;
        return (
          <span className={alert ? 'stats-num stats-alert' : 'stats-num'} data-col={c.key}>
            {c.text(r.entry.figures)}
          </span>
        );
      },
    })),
    {
      title: t('stats.col.reports'),
      key: 'reports',
      // On a desktop the reports column stays in sight when the figures scroll (it was cut off at 1440 px).
      fixed: isMobile ? undefined : 'right',
      width: lang === 'zh' ? 128 : 180,
      render: (_, r) => <ReportsCell entry={r.entry} />,
    },
  ];

  return (
    <div data-testid="stats-table" className="stats-table stats-no-print">
      <Table<StatsRow>
        rowKey="key"
        columns={columns}
        dataSource={buildStatsRows(data)}
        pagination={false}
        size="small"
        bordered
        loading={loading}
        scroll={{ x: 'max-content' }}
        // Sixteen columns are wider than a 1280 px screen: the heads stay under the app's header and the sideways
        // scroll bar at the window's foot, so the columns out of sight are seen to be there (7 of 16 hid at 1280).
        sticky={{ offsetHeader: 56 }}
        rowClassName={(r) => (r.isTotal ? 'stats-total-row' : '')}
        onRow={(r) => ({ 'data-testid': 'stats-row', 'data-org': r.entry.organizationName, 'data-total': r.isTotal ? '1' : '0' }) as object}
      />
    </div>
  );
}
