import { Card, Empty, Flex, List, Progress, Select, Space, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { VENUE_PROJECT_STATUS_LABELS, VENUE_PROJECT_STATUSES, type VenueProjectStatus } from '../../../domain/venue-project-workflow.ts';
import { useVenueProjects } from '../../api/venues.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { KindTag, LateTags, ProjectStatusTag, useMoney, VenueTabs, venuePaths } from './venue-ui.tsx';

/** 整改项目 (一村一案) in the reader's scope, by deadline, with a status filter (e.g. 财政局评审中 for the finance bureau). */
export function ProjectListPage() {
  const { t, pick } = useI18n();
  const money = useMoney();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = (VENUE_PROJECT_STATUSES as readonly string[]).includes(statusParam ?? '')
    ? (statusParam as VenueProjectStatus)
    : undefined;
  const projects = useVenueProjects({ status, pageSize: 200 });
  return (
    <div className="page-panel venue-page">
      <PageTitle title={t('venues.projects.title')} />
      <VenueTabs />
      <Card size="small" style={{ marginTop: 12 }}>
        <Select
          allowClear
          placeholder={t('venues.projects.filter')}
          style={{ minWidth: 200, marginBottom: 8 }}
          value={status}
          onChange={(v?: VenueProjectStatus) => {
            const next = new URLSearchParams(params);
            if (v) next.set('status', v);
            else next.delete('status');
            setParams(next, { replace: true });
          }}
          options={VENUE_PROJECT_STATUSES.map((s) => ({ value: s, label: pick(VENUE_PROJECT_STATUS_LABELS[s]) }))}
          data-testid="project-status-filter"
        />
        {projects.error ? <ErrorAlert error={projects.error} onRetry={() => void projects.refetch()} /> : null}
        <List
          loading={projects.isLoading}
          data-testid="project-list"
          dataSource={projects.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('venues.projects.empty')} /> }}
          renderItem={(p) => (
            <List.Item key={p.id} data-testid={`project-item-${p.organizationName}`}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Link to={venuePaths.project(p.id)} className="tap-target" data-testid="project-link">
                      {p.organizationName} · {p.venueName}
                    </Link>
                    <ProjectStatusTag status={p.status} />
                    <KindTag kind={p.kind} />
                    <LateTags daysOverdue={p.daysOverdue} stalled={p.stalled} />
                  </Space>
                }
                description={
                  <Flex vertical gap={2}>
                    <Typography.Text type="secondary">
                      {t('venues.projects.line', { deadline: p.deadline, budget: money(p.budget), balance: money(p.balance) })}
                    </Typography.Text>
                    {p.status === 'in_works' || p.status === 'completed' ? (
                      <Progress percent={p.progress} size="small" style={{ maxWidth: 320 }} />
                    ) : null}
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
