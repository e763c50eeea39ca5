import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { lazy, Suspense, useMemo, type MouseEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { DashboardOverview, OverdueProblem, RagVillage } from '../../../domain/contracts/dashboard.ts';
import { RAG_LABELS } from '../../../domain/rag.ts';
import { useDashboardOverview } from '../../api/dashboard.ts';
import { paths } from '../../app/paths.ts';
import { EChart, type EChartClick } from '../../components/charts/EChart.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { formatDateTime, formatRate } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import {
  childBarLink,
  childrenChartHeight,
  childrenOption,
  ledgerLink,
  RAG_HEX,
  RAG_TAG_COLOURS,
  statusOfSlice,
  statusPieOption,
  trendOption,
} from './dashboard-charts.ts';
import { isVillageKind } from './dashboard-scope.ts';
import { EndConditionCards } from '../attainments/EndConditionCards.tsx';
import { useCurrentUser } from '../../api/session.ts';
import { MyVillagesCard } from './MyVillagesCard.tsx';
// 党建学习与坐班值班: its own request, loaded after the ledger's figures.
const StudyDashboardCard = lazy(() => import('../study/StudyDashboardCard.tsx').then((m) => ({ default: m.StudyDashboardCard })));

/** 区级总览: KPIs, status pie, 12-week trend, bars per child, RAG of villages, longest overdue. */
export function DistrictOverview({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const overview = useDashboardOverview(organizationId);
  const data = overview.data;
  const user = useCurrentUser();
  // A scope of several villages (a liaison group's member): all of them at a glance above the one shown.
  const severalVillages =
    new Set(user.roles.filter((r) => isVillageKind(r.organizationKind)).map((r) => r.organizationId)).size > 1 &&
    user.roles.every((r) => isVillageKind(r.organizationKind) || r.organizationKind === 'branch');

  const pickOrg = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('organizationId', id);
    else next.delete('organizationId');
    setParams(next);
  };

  const title = data ? `${t('dashboard.overviewTitle')} · ${data.organization.name}` : t('dashboard.overviewTitle');
  return (
    <div data-testid="dashboard-district">
      <PageTitle
        title={title}
        extra={
          <Flex gap={8} wrap align="center" style={{ minWidth: 0, flex: '1 1 260px', justifyContent: 'flex-end' }}>
            <div style={{ flex: '1 1 220px', maxWidth: 320 }}>
              <OrgTreeSelect
                value={organizationId ?? data?.organization.id}
                onChange={pickOrg}
                placeholder={t('dashboard.pickOrgPlaceholder')}
                isHidden={(n) => n.kind === 'branch'}
                allowClear={Boolean(organizationId)}
                data-testid="dashboard-org-picker"
              />
            </div>
            {data && isVillageKind(data.organization.kind) && (
              <Link to={`${paths.dashboard}/village?organizationId=${encodeURIComponent(data.organization.id)}`}>
                {t('dashboard.villageTitle')}
              </Link>
            )}
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void overview.refetch()}
              loading={overview.isFetching}
              aria-label={t('dashboard.refresh')}
              data-testid="dashboard-refresh"
            />
          </Flex>
        }
      />
      {severalVillages && <MyVillagesCard shownId={data?.organization.id} onPick={pickOrg} />}
      {overview.error ? (
        <ErrorAlert error={overview.error} title={t('dashboard.loadFailed')} onRetry={() => void overview.refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <OverviewBody data={data} />
      )}
    </div>
  );
}

/** A table cell kept on one line. */
const nowrap = () => ({ className: 'nowrap' });

function Section({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card size="small" title={title} extra={extra} data-testid={testId} styles={{ body: { padding: 12 } }}>
      {children}
    </Card>
  );
}

function OverviewBody({ data }: { data: DashboardOverview }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const orgId = data.organization.id;
  const c = data.statusCounts;

  const pie = useMemo(() => statusPieOption(c, lang, isMobile), [c, lang, isMobile]);
  const trend = useMemo(
    () =>
      trendOption(data.trend, lang, {
        total: t('dashboard.trend.total'),
        closed: t('dashboard.trend.closed'),
        overdue: t('dashboard.trend.overdue'),
      }),
    [data.trend, lang, t],
  );
  const bars = useMemo(() => childrenOption(data.children, lang, isMobile), [data.children, lang, isMobile]);
  const imageName = (what: string) => `${data.organization.name}-${what}-${data.asOf.slice(0, 10)}`;

  const onPie = (e: EChartClick) => {
    const status = statusOfSlice(e.data);
    if (status) void navigate(ledgerLink(orgId, { status }));
  };
  const onBar = (e: EChartClick) => {
    const to = childBarLink(data.children, e.dataIndex, e.seriesIndex);
    if (to) void navigate(to);
  };

  const kpis: { name: string; label: MessageKey; value: ReactNode; to: string; danger?: boolean; hint?: string }[] = [
    { name: 'total', label: 'dashboard.kpi.total', value: c.total, to: ledgerLink(orgId) },
    { name: 'rectifying', label: 'dashboard.kpi.rectifying', value: c.rectifying, to: ledgerLink(orgId, { status: 'rectifying' }) },
    { name: 'submitted', label: 'dashboard.kpi.submitted', value: c.submitted, to: ledgerLink(orgId, { status: 'submitted' }) },
    { name: 'closed', label: 'dashboard.kpi.closed', value: c.closed, to: ledgerLink(orgId, { status: 'closed' }) },
    {
      name: 'overdue',
      label: 'dashboard.kpi.overdue',
      value: c.overdue,
      to: ledgerLink(orgId, { overdue: true }),
      danger: c.overdue > 0,
      hint: t('dashboard.kpi.dueSoonHint', { n: c.dueSoon }),
    },
    {
      name: 'closureRate',
      label: 'dashboard.kpi.closureRate',
      value: formatRate(data.closureRate),
      to: ledgerLink(orgId, { status: 'closed' }),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.asOf', { time: formatDateTime(data.asOf).slice(0, 16) })}
        {Date.parse(data.asOf) - Date.parse(data.assessedAt) >= 5_000 &&
          ` (${t('dashboard.assessedAt', { time: formatDateTime(data.assessedAt).slice(11, 19) })})`}{' '}
        · {t('dashboard.clickHint')}
      </Typography.Text>
      <EndConditionCards data={data} />
      <Row gutter={[12, 12]}>
        {kpis.map((k) => (
          <Col key={k.name} xs={12} sm={8} xl={4}>
            <Link to={k.to} data-testid={`kpi-${k.name}`} style={{ display: 'block', height: '100%' }}>
              <Card size="small" hoverable style={{ height: '100%' }}>
                <Statistic
                  title={t(k.label)}
                  value={k.value as number | string}
                  valueStyle={k.danger ? { color: RAG_HEX.red } : undefined}
                />
                {k.hint && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {k.hint}
                  </Typography.Text>
                )}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Section title={t('dashboard.chart.status')}>
            {c.total === 0 ? (
              <Empty description={t('dashboard.empty.noProblems')} data-testid="chart-status" />
            ) : (
              <EChart
                option={pie}
                onClick={onPie}
                height={isMobile ? 280 : 320}
                imageName={imageName(t('dashboard.chart.status'))}
                ariaLabel={t('dashboard.chart.statusAria', { ...c })}
                data-testid="chart-status"
              />
            )}
          </Section>
        </Col>
        <Col xs={24} lg={14}>
          <Section title={t('dashboard.chart.trend')}>
            <EChart
              option={trend}
              height={isMobile ? 280 : 320}
              imageName={imageName(t('dashboard.chart.trend'))}
              ariaLabel={t('dashboard.chart.trendAria')}
              data-testid="chart-trend"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dashboard.chart.trendHint')}
            </Typography.Text>
          </Section>
        </Col>
        <Col xs={24}>
          <Section title={t('dashboard.chart.children')}>
            {data.children.length === 0 ? (
              <Empty description={t('dashboard.empty.noChildren')} data-testid="chart-children" />
            ) : (
              <EChart
                option={bars}
                onClick={onBar}
                height={childrenChartHeight(data.children.length, isMobile)}
                imageName={imageName(t('dashboard.chart.children'))}
                ariaLabel={t('dashboard.chart.childrenAria')}
                data-testid="chart-children"
              />
            )}
          </Section>
        </Col>
        {/* Side by side only on a wide screen: at 1440 px half the page clipped the tables' last columns. */}
        <Col xs={24} xxl={12}>
          <RagTable villages={data.ragVillages} tally={data.ragTally} total={data.ragVillagesTotal} />
        </Col>
        <Col xs={24} xxl={12}>
          <TopOverdue problems={data.topOverdue} />
        </Col>
        <Col xs={24}>
          <Suspense fallback={null}>
            <StudyDashboardCard organizationId={orgId} />
          </Suspense>
        </Col>
      </Row>
    </Flex>
  );
}

function RagTable({ villages, tally, total }: { villages: RagVillage[]; tally: DashboardOverview['ragTally']; total: number }) {
  const { t, pick, lang } = useI18n();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const stop = (e: MouseEvent) => e.stopPropagation();

  const columns: TableColumnsType<RagVillage> = [
    {
      title: t('dashboard.rag.village'),
      dataIndex: 'name',
      // Names and dates whole on one line (at 1440 px 白杨街道 and WT-2612-0180 broke in two). On a phone the head
      // may wrap ("Village / community" took a third of the width from the reasons).
      onHeaderCell: isMobile ? undefined : nowrap,
      onCell: isMobile ? undefined : nowrap,
      // On a phone the reasons go under the name, across the row's width (a column of their own was a word a line).
      render: (name: string, v) => (
        <Flex vertical>
          <Link to={ledgerLink(v.id)} onClick={stop} className="nowrap">
            {name}
          </Link>
          {isMobile && v.subdistrictName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} className="nowrap">
              {v.subdistrictName}
            </Typography.Text>
          )}
          {isMobile && v.reasons.length > 0 && (
            <span style={{ fontSize: 13 }} data-testid="rag-village-reasons">
              {v.reasons.map((r) => r[lang]).join(lang === 'zh' ? '；' : '; ')}
            </span>
          )}
        </Flex>
      ),
    },
    ...(isMobile
      ? []
      : [
          {
            title: t('dashboard.rag.subdistrict'),
            dataIndex: 'subdistrictName',
            onHeaderCell: nowrap,
            onCell: nowrap,
            render: (s: string | null) => s ?? '—',
          },
        ]),
    {
      title: t('dashboard.rag.colour'),
      dataIndex: 'colour',
      width: 64,
      render: (colour: RagVillage['colour']) => (
        <Tag color={RAG_TAG_COLOURS[colour]} data-rag={colour} style={{ marginInlineEnd: 0 }}>
          {pick(RAG_LABELS[colour])}
        </Tag>
      ),
    },
    ...(isMobile
      ? []
      : [
          {
            title: t('dashboard.rag.reasons'),
            key: 'reasons',
            // The one column that wraps: the table's width is what the others need beside it.
            onCell: () => ({ style: { minWidth: 160, maxWidth: 260 } }),
            render: (_: unknown, v: RagVillage) => (
              <span style={{ fontSize: 13 }}>{v.reasons.map((r) => r[lang]).join(lang === 'zh' ? '；' : '; ')}</span>
            ),
          },
        ]),
    {
      title: t('dashboard.rag.overdue'),
      dataIndex: 'overdue',
      width: 64,
      align: 'right',
      render: (n: number, v) =>
        n > 0 ? (
          <Link to={ledgerLink(v.id, { overdue: true })} onClick={stop} style={{ color: RAG_HEX.red }}>
            {n}
          </Link>
        ) : (
          0
        ),
    },
    ...(isMobile
      ? []
      : [{ title: t('dashboard.rag.closureRate'), dataIndex: 'closureRate', width: 80, align: 'right' as const, render: formatRate }]),
  ];

  return (
    <Section
      title={t('dashboard.rag.title')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.rag.summary', tally)}
        </Typography.Text>
      }
      testId="rag-villages"
    >
      <Table<RagVillage>
        size="small"
        rowKey="id"
        // On a phone the table fits the card when it can; when its heads cannot shrink further (in English) it
        // scrolls inside the card, not the whole page sideways (405 px on a 360 px screen).
        className={isMobile ? 'table-contained' : undefined}
        columns={columns}
        dataSource={villages}
        pagination={villages.length > 20 ? { pageSize: 20, size: 'small' } : false}
        locale={{ emptyText: <Empty description={t('dashboard.empty.noVillages')} /> }}
        onRow={(v) => ({ onClick: () => void navigate(ledgerLink(v.id)), style: { cursor: 'pointer' } })}
        scroll={{ x: isMobile ? undefined : 'max-content' }}
      />
      {total > villages.length && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="rag-villages-more">
          {t('dashboard.rag.more', { shown: villages.length, total })} <Link to={paths.rankings}>{t('dashboard.rag.moreLink')}</Link>
        </Typography.Paragraph>
      )}
    </Section>
  );
}

function TopOverdue({ problems }: { problems: OverdueProblem[] }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const columns: TableColumnsType<OverdueProblem> = [
    ...(isMobile
      ? []
      : [
          {
            title: t('dashboard.col.code'),
            dataIndex: 'code',
            width: 120,
            onCell: nowrap,
            render: (code: string, p: OverdueProblem) => <Link to={paths.problem(p.id)}>{code}</Link>,
          },
        ]),
    {
      title: t('dashboard.col.description'),
      dataIndex: 'description',
      render: (d: string, p) => (
        <Flex vertical>
          <Link to={paths.problem(p.id)}>
            <Typography.Text ellipsis={{ tooltip: d }} style={{ maxWidth: isMobile ? 220 : 280, color: 'inherit' }}>
              {d}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.organizationName}
            {p.ownerName ? ` · ${p.ownerName}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(isMobile ? [] : [{ title: t('dashboard.col.dueOn'), dataIndex: 'dueOn', width: 104, onCell: nowrap }]),
    {
      title: t('dashboard.col.daysOverdue'),
      dataIndex: 'daysOverdue',
      width: 80,
      align: 'right',
      render: (n: number) => (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('dashboard.days', { n })}
        </Tag>
      ),
    },
  ];
  return (
    <Section title={t('dashboard.topOverdue.title')} testId="top-overdue">
      <Table<OverdueProblem>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={problems}
        pagination={false}
        locale={{ emptyText: <Empty description={t('dashboard.empty.noOverdue')} /> }}
      />
    </Section>
  );
}
