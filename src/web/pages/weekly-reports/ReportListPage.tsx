import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isWeekStart, weekLabel } from '../../../domain/cadence.ts';
import type { WeeklyReportList, WeeklyReportListItem } from '../../../domain/contracts/weekly-reports.ts';
import { REPORT_FLAGS, REPORT_FLAG_LABELS, type ReportFlag } from '../../../domain/weekly-report-workflow.ts';
import { addDays } from '../../../domain/time.ts';
import { ApiError } from '../../api/client.ts';
import { useRemindWeeklyReport, useStartWeeklyReport, useWeeklyReport, useWeeklyReports } from '../../api/weekly-reports.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { FLAG_COLORS, FlagTag, ReportStatusTag } from './report-tags.tsx';
import { ReportView } from './ReportView.tsx';
import { errorTakesPage } from '../../components/query-state.ts';
import { StaleNotice } from '../../components/StaleNotice.tsx';

const isFlag = (v: string | null): v is ReportFlag => v !== null && (REPORT_FLAGS as readonly string[]).includes(v);

/**
 * /weekly-reports: a unit's own filer (a village secretary, a liaison group
 * member in group mode) sees this week's report of their one unit straight
 * away; reviewers see the week's units with their flags.
 */
export function ReportListPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const weekParam = params.get('week');
  const week = weekParam && isWeekStart(weekParam) ? weekParam : undefined;
  const flagParam = params.get('flag');
  const flag = isFlag(flagParam) ? flagParam : undefined;
  const pageParam = Number(params.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : undefined;
  const list = useWeeklyReports({ week, flag, page });

  const setParam = (key: 'week' | 'flag' | 'page', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    // Another week or flag starts at its first page.
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'week' });
  };

  let body;
  if (list.isLoading) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (list.isError && !list.data) body = <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data) {
    const total = REPORT_FLAGS.reduce((n, f) => n + list.data.counts[f], 0);
    body =
      total === 0 ? (
        <Empty description={t('reports.empty')} />
      ) : total === 1 && !flag && list.data.items.length === 1 ? (
        <OwnUnit data={list.data} item={list.data.items[0]!} />
      ) : (
        <UnitsTable
          data={list.data}
          flag={flag}
          onFlag={(f) => setParam('flag', f)}
          onPage={(p) => setParam('page', p === 1 ? undefined : String(p))}
        />
      );
  }

  return (
    <Flex vertical gap={12}>
      <PageTitle title={t('reports.pageTitle')} />
      {list.data ? <WeekNav data={list.data} onWeek={(w) => setParam('week', w === list.data.currentWeek ? undefined : w)} /> : null}
      {body}
    </Flex>
  );
}

function WeekNav({ data, onWeek }: { data: WeeklyReportList; onWeek: (week: string) => void }) {
  const { t, lang } = useI18n();
  const isCurrent = data.week >= data.currentWeek;
  return (
    <Card size="small">
      <Flex align="center" justify="space-between" wrap gap={8}>
        {/* The arrows stay beside the week on a phone; only the words may wrap (each part took a line of its own). */}
        <Flex align="center" gap={4} wrap={false} style={{ minWidth: 0, maxWidth: '100%' }} data-testid="reports-week-nav">
          <Button
            icon={<LeftOutlined />}
            aria-label={t('reports.week.prev')}
            onClick={() => onWeek(addDays(data.week, -7))}
            style={{ flex: 'none' }}
            data-testid="reports-week-prev"
          />
          <Typography.Text
            strong
            data-testid="reports-week"
            data-week={data.week}
            style={{ paddingInline: 4, minWidth: 0, textAlign: 'center' }}
          >
            {isCurrent ? `${t('reports.thisWeek')} · ` : ''}
            {weekLabel(data.week, lang)}
          </Typography.Text>
          <Button
            icon={<RightOutlined />}
            aria-label={t('reports.week.next')}
            disabled={isCurrent}
            onClick={() => onWeek(addDays(data.week, 7))}
            style={{ flex: 'none' }}
            data-testid="reports-week-next"
          />
          {!isCurrent ? (
            <Button type="link" onClick={() => onWeek(data.currentWeek)} style={{ flex: 'none', paddingInline: 4 }}>
              {t('reports.week.current')}
            </Button>
          ) : null}
        </Flex>
        <Space size={8} wrap>
          <Typography.Text type="secondary">{t('reports.dueAt', { at: formatDateTime(data.dueAt).slice(0, 16) })}</Typography.Text>
          <Tag>{t(`reports.unitType.${data.unitType}`)}</Tag>
        </Space>
      </Flex>
    </Card>
  );
}

/** Starts a unit's report and opens it. */
function useStart() {
  const start = useStartWeeklyReport();
  const notifyError = useNotifyError();
  return {
    pending: start.isPending,
    run: (item: WeeklyReportListItem, then?: (id: string) => void) =>
      start.mutate(
        { week: item.week, unitType: item.unit.type, unitId: item.unit.id },
        { onSuccess: (r) => then?.(r.id), onError: notifyError },
      ),
  };
}

/** The filer's one unit: its report inline, or the button that starts it. */
function OwnUnit({ item }: { data: WeeklyReportList; item: WeeklyReportListItem }) {
  const { t } = useI18n();
  const start = useStart();
  const report = useWeeklyReport(item.reportId ?? undefined);

  if (!item.reportId) {
    const canStart = item.allowedActions.includes('start');
    return (
      <Card size="small">
        <Flex vertical gap={12} align="flex-start">
          <Space wrap size={4}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {item.unit.name}
            </Typography.Title>
            <ReportStatusTag status={item.status} testId="report-status" />
            <FlagTag flag={item.flag} />
          </Space>
          <Typography.Text>
            {t(canStart ? 'reports.notStartedHint' : 'reports.notStartedReadonly', { unit: item.unit.name })}
          </Typography.Text>
          {canStart ? (
            <Button type="primary" size="large" loading={start.pending} onClick={() => start.run(item)} data-testid="report-start">
              {t('reports.start')}
            </Button>
          ) : null}
        </Flex>
      </Card>
    );
  }
  if (report.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (errorTakesPage(report)) return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  return report.data ? (
    <>
      <StaleNotice query={report} />
      <ReportView report={report.data} />
    </>
  ) : null;
}

function UnitsTable({
  data,
  flag,
  onFlag,
  onPage,
}: {
  data: WeeklyReportList;
  flag: ReportFlag | undefined;
  onFlag: (f: ReportFlag | undefined) => void;
  onPage: (page: number) => void;
}) {
  const { t, pick } = useI18n();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const start = useStart();

  const columns: ColumnsType<WeeklyReportListItem> = [
    {
      title: t('reports.col.unit'),
      key: 'unit',
      render: (_, r) => (
        <div>
          {r.reportId ? <Link to={`${paths.weeklyReports}/${r.reportId}`}>{r.unit.name}</Link> : r.unit.name}
          {r.unit.pathNames.length > 0 ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.unit.pathNames.join(r.unit.type === 'organization' ? ' · ' : '、')}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('reports.col.flag'),
      key: 'flag',
      render: (_, r) => (
        <Space size={4} wrap>
          <FlagTag flag={r.flag} />
          {isMobile ? <ReportStatusTag status={r.status} /> : null}
        </Space>
      ),
    },
    ...(isMobile
      ? []
      : [
          {
            title: t('reports.col.status'),
            key: 'status',
            render: (_: unknown, r: WeeklyReportListItem) => <ReportStatusTag status={r.status} />,
          },
          {
            title: t('reports.col.submittedAt'),
            key: 'submittedAt',
            render: (_: unknown, r: WeeklyReportListItem) => (r.submittedAt ? formatDateTime(r.submittedAt).slice(0, 16) : '—'),
          },
        ]),
    {
      title: t('reports.col.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size={8} wrap>
          {openOrStart(r)}
          {r.allowedActions.includes('remind') ? <RemindButton item={r} /> : null}
        </Space>
      ),
    },
  ];

  function openOrStart(r: WeeklyReportListItem) {
    return r.reportId ? (
      <Link to={`${paths.weeklyReports}/${r.reportId}`} data-testid="reports-open">
        {t('reports.open')}
      </Link>
    ) : r.allowedActions.includes('start') ? (
      <Button
        size="small"
        loading={start.pending}
        onClick={() => start.run(r, (id) => void navigate(`${paths.weeklyReports}/${id}`))}
        data-testid="reports-start"
      >
        {t('reports.startFor')}
      </Button>
    ) : // Nothing to open yet and not the reader's to start (nor to remind): a dash, not a blank that looks unfinished.
    r.allowedActions.includes('remind') ? null : (
      <Typography.Text type="secondary" data-testid="reports-none">
        —
      </Typography.Text>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} data-testid="reports-counts">
        <Tag.CheckableTag checked={!flag} onChange={() => onFlag(undefined)}>
          {t('reports.filter.all')} {REPORT_FLAGS.reduce((n, f) => n + data.counts[f], 0)}
        </Tag.CheckableTag>
        {REPORT_FLAGS.map((f) => (
          <Tag.CheckableTag
            key={f}
            checked={flag === f}
            onChange={(on) => onFlag(on ? f : undefined)}
            data-testid={`reports-count-${f}`}
            style={flag === f ? undefined : { borderColor: FLAG_COLORS[f] === 'default' ? undefined : FLAG_COLORS[f] }}
          >
            {pick(REPORT_FLAG_LABELS[f])} {data.counts[f]}
          </Tag.CheckableTag>
        ))}
      </Flex>
      <div data-testid="reports-table">
        <Table
          rowKey={(r) => r.unit.id}
          columns={columns}
          dataSource={data.items}
          pagination={{
            current: data.page,
            pageSize: data.pageSize,
            total: data.total,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => t('reports.total', { n }),
            onChange: onPage,
          }}
          size="middle"
          scroll={{ x: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} /> }}
          onRow={(r) => ({ 'data-testid': 'reports-row', 'data-unit': r.unit.name }) as object}
        />
      </div>
    </Flex>
  );
}

/**
 * 催报 on a row past its due time and not filed: the unit's secretaries (or group members) are told. Once a day per
 * unit and week (the server says so on a second tap); the button says it was sent.
 */
function RemindButton({ item }: { item: WeeklyReportListItem }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const remind = useRemindWeeklyReport();
  const [sent, setSent] = useState(false);
  return (
    <Button
      size="small"
      danger
      loading={remind.isPending}
      disabled={sent}
      onClick={() =>
        remind.mutate(
          { week: item.week, unitType: item.unit.type, unitId: item.unit.id },
          {
            onSuccess: (r) => {
              setSent(true);
              void message.success(t('reports.remind.done', { name: item.unit.name, n: r.recipients }));
            },
            onError: (err) => {
              if (err instanceof ApiError && err.isConflict) setSent(true);
              notifyError(err);
            },
          },
        )
      }
      data-testid="reports-remind"
    >
      {sent ? t('reports.remind.sent') : t('reports.remind')}
    </Button>
  );
}
