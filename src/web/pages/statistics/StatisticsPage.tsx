import { LeftOutlined, PrinterOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { lastCompletedWeek, weekEndDate, weekLabel, weekStartOfDate } from '../../../domain/cadence.ts';
import type { WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { SCOPE_ID } from '../../../domain/statistics.ts';
import { addDays } from '../../../domain/time.ts';
import { ApiError } from '../../api/client.ts';
import { useRecomputeWeek, useSnapshotWeeks, useWeekStatistics } from '../../api/statistics.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { FrozenWeeksPanel } from './FrozenWeeksPanel.tsx';
import { PrintDocument } from './PrintDocument.tsx';
import { parseStatsParams } from './stats-model.ts';
import { WeekTable } from './WeekTable.tsx';
import './statistics.css';

/**
 * /statistics: 一周一统计 of an organization (default: the reader's widest
 * scope) and its direct children for one week (default: the last completed
 * one). ?organizationId= and ?week= live in the URL so a view can be linked
 * and printed; the print view is an A4 landscape sheet.
 */
export function StatisticsPage() {
  const { t, lang } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = parseStatsParams(searchParams);
  const snapshotWeeks = useSnapshotWeeks();
  // The server's clock decides which week is the last completed; the browser's is only a fallback.
  const lastCompleted = snapshotWeeks.data?.lastCompletedWeek ?? (snapshotWeeks.isError ? lastCompletedWeek(new Date()) : undefined);
  const currentWeek = lastCompleted ? addDays(lastCompleted, 7) : undefined;
  const week = params.week ?? lastCompleted;
  const stats = useWeekStatistics({ organizationId: params.organizationId, week }, { enabled: week !== undefined });
  const data = stats.data;
  const [recomputed, setRecomputed] = useState<{ week: string; at: string } | null>(null);

  const hrefWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const qs = next.toString();
    return qs ? `${paths.statistics}?${qs}` : paths.statistics;
  };
  const setParams = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearchParams(next);
  };

  let body;
  if (stats.isError && !data) body = <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />;
  else if (!data) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (data.children.length === 0 && isBlank(data)) body = <Empty description={t('stats.empty')} data-testid="stats-empty" />;
  else
    body = (
      <WeekTable
        data={data}
        loading={stats.isPlaceholderData && stats.isFetching}
        drillHref={(orgId) => hrefWith({ organizationId: orgId, week: params.week })}
      />
    );

  return (
    <Flex vertical gap={12} className="stats-page">
      <PageTitle
        title={t('stats.pageTitle')}
        extra={
          <Space wrap>
            {data?.allowedActions.includes('recompute') ? (
              <RecomputeButton data={data} disabled={stats.isPlaceholderData} onDone={setRecomputed} />
            ) : null}
            <Button icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()} data-testid="stats-print">
              {t('stats.print')}
            </Button>
          </Space>
        }
      />
      <Toolbar
        week={week}
        currentWeek={currentWeek}
        lastCompleted={lastCompleted}
        // The sum of a reader's several organizations is no organization to pick: the picker offers them all.
        organizationId={
          params.organizationId ?? (data?.organization.organizationId === SCOPE_ID ? undefined : data?.organization.organizationId)
        }
        data={data && data.week === week ? data : undefined}
        onWeek={(w) => setParams({ week: w })}
        onOrganization={(id) => setParams({ organizationId: id })}
      />
      {recomputed && recomputed.week === data?.week ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRecomputed(null)}
          className="stats-no-print"
          data-testid="stats-recompute-ok"
          message={t('stats.recompute.ok', { week: weekLabel(recomputed.week, lang), at: formatDateTime(recomputed.at).slice(0, 16) })}
        />
      ) : null}
      {stats.isError && data ? <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {data && !data.frozen ? (
        <Alert
          className="stats-no-print"
          type="info"
          showIcon
          message={t(data.week === currentWeek ? 'stats.liveHint.running' : 'stats.liveHint.notFrozen')}
        />
      ) : null}
      {body}
      <FrozenWeeksPanel
        list={snapshotWeeks.data}
        error={snapshotWeeks.error}
        onRetry={() => void snapshotWeeks.refetch()}
        weekHref={(w) => hrefWith({ week: w })}
      />
      {data ? <PrintDocument data={data} /> : null}
    </Flex>
  );
}

/** Nothing to show: no problems, no measures, no reports due. */
function isBlank(data: WeekStatistics): boolean {
  const f = data.organization.figures;
  return f.total === 0 && f.measuresTotal === 0 && f.reportsExpected === 0;
}

const toMonday = (d: Dayjs) => weekStartOfDate(d.format('YYYY-MM-DD'));

function Toolbar({
  week,
  currentWeek,
  lastCompleted,
  organizationId,
  data,
  onWeek,
  onOrganization,
}: {
  week: string | undefined;
  currentWeek: string | undefined;
  lastCompleted: string | undefined;
  organizationId: string | undefined;
  data: WeekStatistics | undefined;
  onWeek: (week: string | undefined) => void;
  onOrganization: (id: string | undefined) => void;
}) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const running = week !== undefined && week === currentWeek;
  const atLatest = week === undefined || currentWeek === undefined || week >= currentWeek;

  return (
    <Card size="small" className="stats-no-print">
      <Flex wrap gap={12} align="center" justify="space-between">
        <Space size={4} wrap>
          <Button
            icon={<LeftOutlined />}
            aria-label={t('stats.week.prev')}
            disabled={!week}
            onClick={() => week && onWeek(addDays(week, -7))}
            data-testid="stats-week-prev"
          />
          <DatePicker
            allowClear={false}
            inputReadOnly
            aria-label={t('stats.week.pick')}
            placeholder={t('stats.week.pick')}
            value={week ? dayjs(week) : null}
            format={(d) => toMonday(d)}
            style={{ width: 140 }}
            onChange={(d: Dayjs | null) => d && onWeek(toMonday(d))}
            disabledDate={(d) => (currentWeek ? d.format('YYYY-MM-DD') > weekEndDate(currentWeek) : false)}
            data-testid="stats-week-picker"
          />
          <Button
            icon={<RightOutlined />}
            aria-label={t('stats.week.next')}
            disabled={atLatest}
            onClick={() => week && onWeek(addDays(week, 7))}
            data-testid="stats-week-next"
          />
          <span data-testid="stats-week" data-week={week ?? ''} data-running={running ? '1' : '0'} className="stats-week-label">
            <Typography.Text strong>{week ? weekLabel(week, lang) : ''}</Typography.Text>
            {running ? (
              <Tag color="processing" style={{ marginInlineStart: 8 }}>
                {t('stats.week.running')}
              </Tag>
            ) : null}
          </span>
          {lastCompleted && week !== lastCompleted ? (
            <Button type="link" size="small" onClick={() => onWeek(undefined)}>
              {t('stats.week.lastCompleted')}
            </Button>
          ) : null}
        </Space>
        <Flex wrap gap={8} align="center" style={isMobile ? { width: '100%' } : undefined}>
          <div style={{ width: isMobile ? '100%' : 240 }}>
            <OrgTreeSelect
              value={organizationId}
              onChange={(id) => onOrganization(id)}
              placeholder={t('stats.org.pick')}
              data-testid="stats-org"
            />
          </div>
          {data ? <FrozenBadge data={data} /> : null}
        </Flex>
      </Flex>
    </Card>
  );
}

/** 已冻结 于 … / 实时数据 */
function FrozenBadge({ data }: { data: WeekStatistics }) {
  const { t } = useI18n();
  if (!data.frozen) {
    return (
      <Tag color="orange" data-testid="stats-frozen-badge" data-frozen="0">
        {t('stats.badge.live')}
      </Tag>
    );
  }
  const how = t(data.trigger === 'recompute' ? 'stats.trigger.recompute' : 'stats.trigger.job');
  return (
    <Tooltip title={how}>
      <Tag color="blue" data-testid="stats-frozen-badge" data-frozen="1" data-trigger={data.trigger ?? ''}>
        {t('stats.badge.frozen', { at: formatDateTime(data.computedAt).slice(0, 16) })}
      </Tag>
    </Tooltip>
  );
}

/**
 * 重新计算 (district admins; the server says so in allowedActions): replaces a
 * completed week's frozen figures from the ledger's history, or freezes a week
 * never frozen (version 0). A stale version (409) refetches and says so.
 */
function RecomputeButton({
  data,
  disabled,
  onDone,
}: {
  data: WeekStatistics;
  disabled: boolean;
  onDone: (done: { week: string; at: string }) => void;
}) {
  const { t, lang } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const recompute = useRecomputeWeek();
  const label = weekLabel(data.week, lang);

  const confirm = () =>
    modal.confirm({
      title: t(data.frozen ? 'stats.recompute.title' : 'stats.freeze.title', { week: label }),
      content: data.frozen ? t('stats.recompute.body', { at: formatDateTime(data.computedAt).slice(0, 16) }) : t('stats.freeze.body'),
      okText: t('stats.recompute'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'stats-recompute-confirm' },
      onOk: async () => {
        try {
          const result = await recompute.mutateAsync({ week: data.week, version: data.version });
          onDone({ week: result.weekStart, at: result.computedAt });
        } catch (err) {
          if (err instanceof ApiError && err.isConflict) void message.warning({ content: t('stats.recompute.conflict'), duration: 6 });
          else notifyError(err);
        }
      },
    });

  return (
    <Button icon={<ReloadOutlined />} loading={recompute.isPending} disabled={disabled} onClick={confirm} data-testid="stats-recompute">
      {t('stats.recompute')}
    </Button>
  );
}
