import { Tag } from 'antd';
import type { ProblemStatus } from '../../../domain/problem-workflow.ts';
import { PROBLEM_STATUS_LABELS } from '../../../domain/problem-workflow.ts';
import { useI18n } from '../../i18n/index.ts';
import { STATUS_COLORS } from './labels.ts';

export function ProblemStatusTag({ status, testId }: { status: ProblemStatus; testId?: string }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {pick(PROBLEM_STATUS_LABELS[status])}
    </Tag>
  );
}

/** 逾期N天 in red, 即将到期 in amber, nothing otherwise. */
export function DueTag({ overdue, daysOverdue, dueSoon }: { overdue: boolean; daysOverdue: number; dueSoon: boolean }) {
  const { t } = useI18n();
  if (overdue)
    return (
      <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="overdue-tag">
        {t('ledger.overdueDays', { days: Math.max(daysOverdue, 1) })}
      </Tag>
    );
  if (dueSoon)
    return (
      <Tag color="gold" style={{ marginInlineEnd: 0 }}>
        {t('ledger.dueSoonTag')}
      </Tag>
    );
  return null;
}
