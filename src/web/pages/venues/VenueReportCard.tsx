import { Card, List, Progress, Space, Typography } from 'antd';
import type { VenueReportFigures } from '../../../domain/contracts/venues.ts';
import { useI18n } from '../../i18n/index.ts';
import { KindTag, LateTags, ProjectStatusTag, useMoney } from './venue-ui.tsx';

/** 清零行动 on a weekly report: the unit's venues on the list and their projects as at the week's end. */
export function VenueReportCard({ venues }: { venues: VenueReportFigures | undefined }) {
  const { t } = useI18n();
  const money = useMoney();
  if (!venues || (venues.venues === 0 && venues.projects.length === 0)) return null;
  return (
    <Card size="small" title={t('venues.report.title')} data-testid="report-venues">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {t('venues.report.summary', { venues: venues.venues, onList: venues.onList })}
      </Typography.Paragraph>
      <List
        dataSource={venues.projects}
        renderItem={(p) => (
          <List.Item key={p.venueName}>
            <Space wrap size={4}>
              <span>{p.venueName}</span>
              <KindTag kind={p.kind} />
              <ProjectStatusTag status={p.status} />
              <LateTags daysOverdue={p.daysOverdue} />
              {p.status === 'in_works' ? <Progress percent={p.progress} size="small" style={{ width: 120 }} /> : null}
              <Typography.Text type="secondary">
                {t('venues.report.line', { deadline: p.deadline, allocated: money(p.allocated), spent: money(p.spent) })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
