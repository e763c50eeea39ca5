import { Table, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { SCOPE_ID } from '../../../domain/statistics.ts';
import { type Translate, useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { FIGURE_COLUMNS, type FigureColumn, ReportsCell } from './stats-columns.tsx';
import { buildStatsRows, type StatsRow } from './stats-model.ts';

/** The week's organization by name: a reader's several organizations together (a liaison group's villages) in words. */
export function organizationLabel(data: WeekStatistics, t: ReturnType<typeof useI18n>['t']): string {
  return data.organization.organizationId === SCOPE_ID ? t('stats.scope', { n: data.children.length }) : data.organization.organizationName;
}

/** The name of the total row: 合计 under children, the organization's own name when it has none. */
export function totalLabel(data: WeekStatistics, t: ReturnType<typeof useI18n>['t']): string {
  return data.children.length > 0 ? t('stats.totalOf', { org: organizationLabel(data, t) }) : organizationLabel(data, t);
}

/** Narrow enough that the whole table fits beside the menu at 1280 px; a province's six-digit figures widen it. */
const FIGURE_WIDTH: Record<string, number> = { closureRate: 56, measures: 68, standardShare: 56, attained: 52 };

function figureColumn(c: FigureColumn, title: ReactNode): ColumnType<StatsRow> {
  return {
    title,
    key: c.key,
    align: 'right',
    width: FIGURE_WIDTH[c.key] ?? 44,
    render: (_, r) => {
      const alert = c.alert?.(r.entry.figures) ?? false;
      return (
        <span className={alert ? 'stats-num stats-alert' : 'stats-num'} data-col={c.key}>
          {c.text(r.entry.figures)}
        </span>
      );
    },
  };
}

/**
 * The figure columns' heads: neighbours of one group under one head (期末状态, 逾期, 本周变化, 对标达标), each by its
 * short name, with the full one on hover. Sixteen heads of their own ("本周新增", "逾期超14天") did not fit beside the
 * menu at 1280 px: 7 of 16 columns were out of sight.
 */
function figureHeads(t: Translate): ColumnsType<StatsRow> {
  const heads: ColumnsType<StatsRow> = [];
  for (let i = 0; i < FIGURE_COLUMNS.length;) {
    const c = FIGURE_COLUMNS[i]!;
    if (!c.group) {
      heads.push(figureColumn(c, t(c.title)));
      i += 1;
      continue;
    }
    const group = c.group;
    const members: FigureColumn[] = [];
    for (; i < FIGURE_COLUMNS.length && FIGURE_COLUMNS[i]!.group === group; i += 1) members.push(FIGURE_COLUMNS[i]!);
    heads.push({
      title: t(group),
      key: `group-${group}`,
      children: members.map((m) => figureColumn(m, <span title={t(m.title)}>{t(m.short ?? m.title)}</span>)),
    });
  }
  return heads;
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
      width: 104,
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
    ...figureHeads(t),
    {
      title: t('stats.col.reports'),
      key: 'reports',
      // On a desktop the reports column stays in sight when the figures scroll (it was cut off at 1440 px).
      fixed: isMobile ? undefined : 'right',
      width: lang === 'zh' ? 108 : 180,
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
        // Wider than the screen on a phone, or with a province's figures: the heads stay under the app's header and the
        // sideways scroll bar at the window's foot, so the columns out of sight are seen to be there.
        sticky={{ offsetHeader: 56 }}
        rowClassName={(r) => (r.isTotal ? 'stats-total-row' : '')}
        onRow={(r) => ({ 'data-testid': 'stats-row', 'data-org': r.entry.organizationName, 'data-total': r.isTotal ? '1' : '0' }) as object}
      />
    </div>
  );
}
