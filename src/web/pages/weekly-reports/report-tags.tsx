import { Tag } from 'antd';
import type { ReportListStatus } from '../../../domain/contracts/weekly-reports.ts';
import { REPORT_FLAG_LABELS, WEEKLY_REPORT_STATUS_LABELS, type ReportFlag } from '../../../domain/weekly-report-workflow.ts';
import { useI18n } from '../../i18n/index.ts';

export const FLAG_COLORS: Record<ReportFlag, string> = { on_time: 'green', late: 'orange', missing: 'red', pending: 'default' };
const STATUS_COLORS: Record<ReportListStatus, string> = { not_started: 'default', draft: 'blue', submitted: 'green', returned: 'red' };

/** 按时 / 迟报 / 未报 / 未到期 */
export function FlagTag({ flag }: { flag: ReportFlag }) {
  const { pick } = useI18n();
  return (
    <Tag color={FLAG_COLORS[flag]} data-testid="report-flag" data-flag={flag}>
      {pick(REPORT_FLAG_LABELS[flag])}
    </Tag>
  );
}

export function ReportStatusTag({ status, testId }: { status: ReportListStatus; testId?: string }) {
  const { t, pick } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {status === 'not_started' ? t('reports.status.not_started') : pick(WEEKLY_REPORT_STATUS_LABELS[status])}
    </Tag>
  );
}
