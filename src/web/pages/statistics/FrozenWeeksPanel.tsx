import { Alert, Collapse, Empty, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { weekLabel } from '../../../domain/cadence.ts';
import type { SnapshotWeek, SnapshotWeekList } from '../../../domain/contracts/statistics.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { unfrozenWeeks } from './stats-model.ts';

const GAPS_SHOWN = 6;

/**
 * 已冻结的周, collapsed: lets an admin see whether the weekly job has caught up
 * (which completed weeks are still unfrozen) and who recomputed what.
 */
export function FrozenWeeksPanel({
  list,
  error,
  onRetry,
  weekHref,
}: {
  list: SnapshotWeekList | undefined;
  error: unknown;
  onRetry: () => void;
  weekHref: (week: string) => string;
}) {
  const { t, lang } = useI18n();

  const columns: ColumnsType<SnapshotWeek> = [
    {
      title: t('stats.frozenWeeks.col.week'),
      key: 'week',
      render: (_, r) => (
        <Link to={weekHref(r.weekStart)} data-testid="stats-frozen-week" data-week={r.weekStart}>
          {weekLabel(r.weekStart, lang)}
        </Link>
      ),
    },
    { title: t('stats.frozenWeeks.col.computedAt'), key: 'at', render: (_, r) => formatDateTime(r.computedAt).slice(0, 16) },
    {
      title: t('stats.frozenWeeks.col.trigger'),
      key: 'trigger',
      render: (_, r) => (
        <Tag color={r.trigger === 'recompute' ? 'orange' : 'default'} data-trigger={r.trigger}>
          {t(r.trigger === 'recompute' ? 'stats.trigger.recompute' : 'stats.trigger.job')}
        </Tag>
      ),
    },
    { title: t('stats.frozenWeeks.col.by'), key: 'by', render: (_, r) => r.computedByName ?? '—' },
    { title: t('stats.frozenWeeks.col.version'), key: 'version', align: 'right', render: (_, r) => r.version },
  ];

  let body;
  if (error && !list) body = <ErrorAlert error={error} onRetry={onRetry} />;
  else if (!list) body = null;
  else {
    const gaps = unfrozenWeeks(
      list.items.map((i) => i.weekStart),
      list.lastCompletedWeek,
    );
    const shown = gaps.slice(0, GAPS_SHOWN).map((w) => weekLabel(w, lang));
    body = (
      <Flex vertical gap={8}>
        {gaps.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="stats-frozen-gaps"
            message={t('stats.frozenWeeks.gaps', {
              count: gaps.length,
              weeks: shown.join(lang === 'zh' ? '、' : ', ') + (gaps.length > GAPS_SHOWN ? '…' : ''),
            })}
          />
        ) : null}
        <Table<SnapshotWeek>
          rowKey="weekStart"
          size="small"
          columns={columns}
          dataSource={list.items}
          pagination={list.items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.frozenWeeks.empty')} /> }}
        />
      </Flex>
    );
  }

  const lastFrozen = list ? list.items.some((i) => i.weekStart === list.lastCompletedWeek) : false;
  return (
    <Collapse
      className="stats-no-print"
      data-testid="stats-frozen-weeks"
      items={[
        {
          key: 'frozen',
          label: (
            <Flex wrap gap={8} align="center">
              <Typography.Text strong>{t('stats.frozenWeeks.title')}</Typography.Text>
              {list ? (
                <Typography.Text type="secondary">
                  {t('stats.frozenWeeks.summary', { count: list.items.length, week: weekLabel(list.lastCompletedWeek, lang) })}
                  {' · '}
                  {t(lastFrozen ? 'stats.frozenWeeks.lastFrozen' : 'stats.frozenWeeks.lastPending')}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
          children: body,
        },
      ]}
    />
  );
}
