import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Result, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useWeeklyReport } from '../../api/weekly-reports.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ReportView } from './ReportView.tsx';
import { errorTakesPage } from '../../components/query-state.ts';
import { StaleNotice } from '../../components/StaleNotice.tsx';

/** /weekly-reports/:id — one report, to read, file, comment on or send back. */
export function ReportDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const report = useWeeklyReport(id);

  const back = (week?: string) => (
    <Link to={week ? `${paths.weeklyReports}?week=${week}` : paths.weeklyReports}>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} data-testid="report-back">
        {t('reports.backToList')}
      </Button>
    </Link>
  );

  if (report.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (errorTakesPage(report) || (report.error instanceof ApiError && report.error.status === 400)) {
    const notFound = report.error instanceof ApiError && (report.error.status === 404 || report.error.status === 400);
    return notFound ? (
      <Result status="404" title={t('reports.notFound')} extra={back()} />
    ) : (
      <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
    );
  }
  if (!report.data) return null;
  return (
    <Flex vertical gap={8}>
      {back(report.data.week)}
      <PageTitle title={`${t('reports.pageTitle')} · ${report.data.unit.name}`} />
      <StaleNotice query={report} />
      <ReportView report={report.data} />
    </Flex>
  );
}
