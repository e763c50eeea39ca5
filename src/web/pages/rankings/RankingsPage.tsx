import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, DatePicker, Flex, List, Pagination, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { monthLabel } from '../../../domain/cadence.ts';
import type { MonthlyRanking, RagRow, RankingEntry } from '../../../domain/contracts/rankings.ts';
import { useMonthlyRanking, useRagTable } from '../../api/rankings.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { RagTag } from './RagTag.tsx';
import { formatRate } from '../../lib/format.ts';

/** ↑2 ↓1 — 新 */
function Movement({ entry }: { entry: RankingEntry }) {
  const { t } = useI18n();
  if (entry.movement === null)
    return (
      <Tooltip title={t('rankings.newHint')}>
        <Tag color="blue">{t('rankings.new')}</Tag>
      </Tooltip>
    );
  if (entry.movement > 0)
    return (
      <Tooltip title={t('rankings.up', { n: entry.movement })}>
        <Typography.Text type="success">
          <ArrowUpOutlined />
          {entry.movement}
        </Typography.Text>
      </Tooltip>
    );
  if (entry.movement < 0)
    return (
      <Tooltip title={t('rankings.down', { n: -entry.movement })}>
        <Typography.Text type="danger">
          <ArrowDownOutlined />
          {-entry.movement}
        </Typography.Text>
      </Tooltip>
    );
  return (
    <Tooltip title={t('rankings.same')}>
      <Typography.Text type="secondary">—</Typography.Text>
    </Tooltip>
  );
}

function RankCell({ entry }: { entry: RankingEntry }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      <Typography.Text strong>{entry.rank}</Typography.Text>
      {entry.tied ? <Tag>{t('rankings.tied')}</Tag> : null}
    </Space>
  );
}

/** Server-side paging of one list: shown only when the scope holds more than a page (a district never does). */
interface ServerPage {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}

function RankingList({
  entries,
  testId,
  showParent,
  paging,
  loading,
}: {
  entries: RankingEntry[];
  testId: string;
  showParent: boolean;
  paging?: ServerPage;
  loading?: boolean;
}) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const pagination =
    paging && paging.total > paging.pageSize
      ? {
          current: paging.page,
          pageSize: paging.pageSize,
          total: paging.total,
          showSizeChanger: false,
          simple: isMobile,
          showTotal: (total: number) => t('common.total', { total }),
          onChange: paging.onChange,
        }
      : false;
  const navigate = useNavigate();
  const openLedger = (id: string) => void navigate(paths.ledgerOf({ organizationId: id }));
  const figures = (e: RankingEntry) =>
    t('rankings.figures', {
      total: e.figures.total,
      closed: e.figures.closed,
      overdue: e.figures.overdue,
      accepted: e.figures.acceptedCount,
      decided: e.figures.acceptedCount + e.figures.rejectedCount,
      onTime: e.figures.reportsOnTime,
      expected: e.figures.reportsExpected,
    });

  if (isMobile)
    return (
      <List
        // Second place beside a 黄 "closure below the median" read as a contradiction: the two measure different things.
        header={
          entries.length > 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rankings.rankVsRag')}
            </Typography.Text>
          ) : undefined
        }
        data-testid={testId}
        dataSource={entries}
        loading={loading}
        pagination={pagination ? { ...pagination, align: 'center' } : false}
        locale={{ emptyText: t('rankings.empty') }}
        renderItem={(e) => (
          <List.Item key={e.organizationId} onClick={() => openLedger(e.organizationId)} style={{ cursor: 'pointer' }}>
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong>
                  {t('rankings.rankOf', { rank: e.rank, of: e.of })} {e.tied ? <Tag>{t('rankings.tied')}</Tag> : null}
                </Typography.Text>
                <Movement entry={e} />
              </Flex>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Link>{e.organizationName}</Typography.Link>
                <Typography.Text strong>{e.score}</Typography.Text>
              </Flex>
              <RagTag rag={e.rag} inline />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {figures(e)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    );

  const columns: ColumnsType<RankingEntry> = [
    { title: t('rankings.col.rank'), key: 'rank', width: 90, render: (_, e) => <RankCell entry={e} /> },
    {
      title: t('rankings.col.org'),
      key: 'org',
      render: (_, e) => (
        <Tooltip title={figures(e)}>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => openLedger(e.organizationId)}>
            {e.organizationName}
          </Button>
          {showParent && e.parentName ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
              {e.parentName}
            </Typography.Text>
          ) : null}
        </Tooltip>
      ),
    },
    { title: t('rankings.col.score'), dataIndex: 'score', key: 'score', width: 80, render: (s: number) => <strong>{s}</strong> },
    { title: t('rankings.col.closure'), key: 'c', width: 90, render: (_, e) => formatRate(e.parts.closureRate) },
    { title: t('rankings.col.acceptance'), key: 'a', width: 100, render: (_, e) => formatRate(e.parts.acceptancePassRate) },
    { title: t('rankings.col.onTime'), key: 'o', width: 100, render: (_, e) => formatRate(e.parts.onTimeShare) },
    { title: t('rankings.col.punctuality'), key: 'p', width: 100, render: (_, e) => formatRate(e.parts.reportPunctuality) },
    // 学习得分率 weighs in the score when the study rules give it a weight: shown, or the parts did not make the score.
    ...(entries.some((e) => e.parts.study !== null)
      ? [
          {
            title: t('rankings.col.study'),
            key: 'study',
            width: 100,
            render: (_: unknown, e: RankingEntry) => (e.parts.study === null ? '—' : formatRate(e.parts.study)),
          },
        ]
      : []),
    {
      title: t('att.rankingCol'),
      key: 's',
      width: 100,
      render: (_, e) =>
        e.figures.standardMax > 0 ? (
          <Tooltip title={t('att.score', { score: e.figures.standardScore, max: e.figures.standardMax })}>
            {formatRate(e.parts.standardScore)}
          </Tooltip>
        ) : (
          '—'
        ),
    },
    { title: t('rankings.col.rag'), key: 'rag', width: 70, render: (_, e) => <RagTag rag={e.rag} /> },
    { title: t('rankings.col.movement'), key: 'm', width: 90, render: (_, e) => <Movement entry={e} /> },
  ];
  return (
    <Table<RankingEntry>
      data-testid={testId}
      rowKey="organizationId"
      size="small"
      columns={columns}
      dataSource={entries}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 800 }}
      locale={{ emptyText: t('rankings.empty') }}
    />
  );
}

function Formula({ data }: { data: MonthlyRanking }) {
  const { t, lang } = useI18n();
  const w = data.weights;
  return (
    <Collapse
      items={[
        {
          key: 'formula',
          label: t('rankings.formula'),
          children: (
            <Flex vertical gap={8}>
              <Typography.Paragraph style={{ margin: 0 }}>
                {lang === 'zh' ? data.scoreFormula.zh : data.scoreFormula.en}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('rankings.formulaWeights', {
                  c: w.closureRate,
                  a: w.acceptancePassRate,
                  o: w.overdue,
                  p: w.reportPunctuality,
                  s: w.standardScore,
                })}
              </Typography.Text>
              {data.studyWeight > 0 ? (
                <Typography.Text type="secondary">{t('rankings.formulaStudyWeight', { w: data.studyWeight })}</Typography.Text>
              ) : null}
              <Typography.Text type="secondary">{t('rag.legend')}</Typography.Text>
            </Flex>
          ),
        },
      ]}
    />
  );
}

interface RagTreeRow extends RagRow {
  children?: RagTreeRow[];
}

function RagSection({ month }: { month: string }) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [period, setPeriod] = useState<'week' | 'month'>('week');
  const [week, setWeek] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const rag = useRagTable(period, period === 'week' ? week : month, undefined, page);
  const data = rag.data;
  // Another period or month starts at its first page.
  const [shown, setShown] = useState(`${period}|${week ?? ''}|${month}`);
  if (shown !== `${period}|${week ?? ''}|${month}`) {
    setShown(`${period}|${week ?? ''}|${month}`);
    setPage(1);
  }
  const rows: RagTreeRow[] = (data?.groups ?? []).flatMap((g) =>
    g.subdistrict ? [{ ...g.subdistrict, children: g.villages }] : g.villages.map((v) => ({ ...v })),
  );
  const columns: ColumnsType<RagTreeRow> = [
    {
      title: t('rag.col.org'),
      key: 'org',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => void navigate(paths.ledgerOf({ organizationId: r.organizationId }))}
        >
          {r.organizationName}
        </Button>
      ),
    },
    { title: t('rag.col.status'), key: 'status', width: 70, render: (_, r) => <RagTag rag={r.rag} /> },
    {
      title: t('rag.col.reasons'),
      key: 'reasons',
      render: (_, r) => (lang === 'zh' ? r.rag.reasonsZh : r.rag.reasonsEn).join(lang === 'zh' ? '；' : '; '),
    },
    ...(isMobile
      ? []
      : [
          { title: t('rag.col.total'), dataIndex: 'total', key: 'total', width: 70 },
          { title: t('rag.col.overdue'), dataIndex: 'overdue', key: 'overdue', width: 70 },
          { title: t('rag.col.closure'), key: 'closure', width: 90, render: (_: unknown, r: RagTreeRow) => formatRate(r.closureRate) },
        ]),
  ];
  const monday = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
  return (
    <Card
      title={t('rag.title')}
      size="small"
      extra={
        <Space wrap>
          <Segmented
            size="small"
            value={period}
            onChange={(v) => setPeriod(v as 'week' | 'month')}
            options={[
              { label: t('rag.week'), value: 'week' },
              { label: t('rag.month'), value: 'month' },
            ]}
          />
          {period === 'week' ? (
            <DatePicker
              size="small"
              picker="week"
              placeholder={t('rag.pickWeek')}
              allowClear
              value={week ? dayjs(week) : null}
              onChange={(d) => setWeek(d ? monday(d) : undefined)}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
          ) : null}
        </Space>
      }
    >
      {rag.error ? <ErrorAlert error={rag.error} onRetry={() => void rag.refetch()} /> : null}
      {data ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('rag.range', { from: data.firstDay, to: data.lastDay })}
          {data.medianClosureRate !== null ? ` · ${t('rag.median', { median: formatRate(data.medianClosureRate) })}` : ''}
          {data.villagesTotal > 0 ? (
            <span data-testid="rag-tally">
              {' · '}
              {t('dashboard.rag.summary', data.tally)}
            </span>
          ) : null}
        </Typography.Paragraph>
      ) : null}
      <Table<RagTreeRow>
        data-testid="rag-table"
        rowKey="organizationId"
        size="small"
        loading={rag.isLoading || rag.isPlaceholderData}
        columns={columns}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={`${period}-${data?.key ?? ''}-${data?.page ?? 1}-${rows.length}`}
        locale={{ emptyText: t('rag.empty') }}
      />
      {/* Server-side pages of villages (a subdistrict spanning two pages heads both): shown only past one page. */}
      {data && data.villagesTotal > data.pageSize ? (
        <Pagination
          data-testid="rag-pages"
          style={{ marginTop: 12, textAlign: 'end' }}
          align="end"
          size="small"
          current={data.page}
          pageSize={data.pageSize}
          total={data.villagesTotal}
          showSizeChanger={false}
          simple={isMobile}
          showTotal={(total) => t('common.total', { total })}
          onChange={setPage}
        />
      ) : null}
    </Card>
  );
}

/** 红黄绿与月度排名: the month's village and subdistrict rankings, and the week's or month's colours with reasons. */
export function RankingsPage() {
  const { t, lang } = useI18n();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [subdistrictPage, setSubdistrictPage] = useState(1);
  const ranking = useMonthlyRanking(month, page, subdistrictPage);
  const data = ranking.data;
  const shownMonth = month ?? data?.month;

  return (
    <Flex vertical gap={16}>
      <PageTitle
        title={t('rankings.title')}
        extra={
          <DatePicker
            picker="month"
            data-testid="rankings-month"
            aria-label={t('rankings.month')}
            allowClear={false}
            value={shownMonth ? dayjs(`${shownMonth}-01`) : null}
            onChange={(d) => {
              setMonth(d ? d.format('YYYY-MM') : undefined);
              setPage(1);
              setSubdistrictPage(1);
            }}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          />
        }
      />
      {ranking.error ? <ErrorAlert error={ranking.error} onRetry={() => void ranking.refetch()} /> : null}
      {data?.running ? (
        <Alert
          type="warning"
          showIcon
          data-testid="rankings-running"
          message={
            <>
              <Tag color="orange">{t('rankings.runningTag')}</Tag>
              {t('rankings.running', { month: monthLabel(data.month, lang), asAt: data.asAt })}
            </>
          }
        />
      ) : null}
      <Card title={t('rankings.villages')} size="small" loading={ranking.isLoading}>
        <RankingList
          entries={data?.villages ?? []}
          testId="ranking-villages"
          showParent
          loading={ranking.isPlaceholderData}
          paging={data ? { page: data.page, pageSize: data.pageSize, total: data.villagesTotal, onChange: setPage } : undefined}
        />
      </Card>
      {/* A village's own reader has no 街道 in scope: no card that only says so. */}
      {data && data.subdistrictsTotal === 0 ? null : (
        <Card title={t('rankings.subdistricts')} size="small" loading={ranking.isLoading}>
          <RankingList
            entries={data?.subdistricts ?? []}
            testId="ranking-subdistricts"
            showParent={false}
            loading={ranking.isPlaceholderData}
            paging={
              data
                ? { page: data.subdistrictPage, pageSize: data.pageSize, total: data.subdistrictsTotal, onChange: setSubdistrictPage }
                : undefined
            }
          />
        </Card>
      )}
      {data ? <Formula data={data} /> : null}
      {shownMonth ? <RagSection month={shownMonth} /> : null}
    </Flex>
  );
}
