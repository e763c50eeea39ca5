import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { FundProjectRow } from '../../../domain/contracts/venues.ts';
import { useHasPermission } from '../../api/session.ts';
import { FUND_EXPORT_URL, useFundSummary } from '../../api/venues.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ProjectStatusTag, useMoney, VenueTabs, venuePaths } from './venue-ui.tsx';

/** 区级财政专项: totals, per subdistrict and per project; the finance bureau exports the office's sheet. */
export function FundPage() {
  const { t } = useI18n();
  const money = useMoney();
  const fund = useFundSummary();
  const keepsFund = useHasPermission('fund.manage');
  const keepsRegister = useHasPermission('venue.manage');
  const canExport = keepsFund || keepsRegister;
  const f = fund.data;
  const right = { align: 'right' as const };
  return (
    <div className="page-panel venue-page">
      <PageTitle
        title={t('venues.fund.title')}
        extra={
          canExport ? (
            <a href={FUND_EXPORT_URL} download data-testid="fund-export">
              <Button icon={<DownloadOutlined />}>{t('venues.fund.export')}</Button>
            </a>
          ) : null
        }
      />
      <VenueTabs />
      {fund.error ? <ErrorAlert error={fund.error} onRetry={() => void fund.refetch()} /> : null}
      {f ? (
        <Flex vertical gap={12} style={{ marginTop: 12 }}>
          <Card size="small">
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <Statistic title={t('venues.fund.col.budget')} value={money(f.totals.budget)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('venues.fund.col.allocated')} value={money(f.totals.allocated)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('venues.fund.col.spent')} value={money(f.totals.spent)} />
              </Col>
              <Col xs={12} md={6}>
                <span data-testid="fund-total-balance">
                  <Statistic title={t('venues.fund.col.balance')} value={money(f.totals.balance)} />
                </span>
              </Col>
            </Row>
            {/* Plans not yet approved have no 批复预算: what they ask for is said apart, not added in. */}
            {f.projects.some((p) => !p.approved) && (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="fund-requested">
                {t('venues.fund.requestedNote', {
                  n: f.projects.filter((p) => !p.approved).length,
                  amount: money(f.projects.filter((p) => !p.approved).reduce((a, p) => a + Math.round(p.requestedBudget * 100), 0) / 100),
                })}
              </Typography.Paragraph>
            )}
          </Card>
          <Card size="small" title={t('venues.fund.bySubdistrict')}>
            <Table
              size="small"
              rowKey="subdistrictName"
              pagination={false}
              // Each head and figure on one line, scrolled sideways on a phone (heads broke a character a line).
              className="nowrap-table"
              scroll={{ x: 'max-content' }}
              dataSource={f.bySubdistrict}
              columns={[
                { title: t('venues.fund.col.subdistrict'), dataIndex: 'subdistrictName' },
                { title: t('venues.fund.col.projects'), dataIndex: 'projects', ...right },
                { title: t('venues.fund.col.allocated'), dataIndex: 'allocated', ...right, render: (v: number) => money(v) },
                { title: t('venues.fund.col.spent'), dataIndex: 'spent', ...right, render: (v: number) => money(v) },
                { title: t('venues.fund.col.balance'), dataIndex: 'balance', ...right, render: (v: number) => money(v) },
              ]}
            />
          </Card>
          <Card size="small" title={t('venues.fund.byProject')}>
            <Table<FundProjectRow>
              size="small"
              rowKey="projectId"
              pagination={false}
              // Each head and figure on one line, scrolled sideways on a phone (heads broke a character a line).
              className="nowrap-table"
              scroll={{ x: 'max-content' }}
              dataSource={f.projects}
              columns={[
                {
                  title: t('venues.fund.col.village'),
                  key: 'village',
                  render: (_, r) => (
                    <Link to={venuePaths.project(r.projectId)}>
                      {r.organizationName}
                      {r.subdistrictName ? ` · ${r.subdistrictName}` : ''}
                    </Link>
                  ),
                },
                { title: t('venues.fund.col.status'), key: 'status', render: (_, r) => <ProjectStatusTag status={r.status} /> },
                {
                  title: t('venues.fund.col.budget'),
                  key: 'budget',
                  ...right,
                  render: (_, r) =>
                    r.approved ? (
                      money(r.budget)
                    ) : (
                      <Typography.Text type="secondary" data-testid="fund-row-requested">
                        {t('venues.fund.requested', { amount: money(r.requestedBudget) })}
                      </Typography.Text>
                    ),
                },
                { title: t('venues.fund.col.allocated'), dataIndex: 'allocated', ...right, render: (v: number) => money(v) },
                { title: t('venues.fund.col.spent'), dataIndex: 'spent', ...right, render: (v: number) => money(v) },
                {
                  title: t('venues.fund.col.balance'),
                  key: 'balance',
                  ...right,
                  render: (_, r) => (r.overspent ? <Tag color="red">{money(r.balance)}</Tag> : money(r.balance)),
                },
              ]}
            />
          </Card>
        </Flex>
      ) : null}
    </div>
  );
}
