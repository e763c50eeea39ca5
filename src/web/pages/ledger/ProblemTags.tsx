import { Tag } from 'antd';
import type { ProblemStatus } from '../../../domain/problem-workflow.ts';
import { PROBLEM_STATUS_LABELS } from '../../../domain/problem-workflow.ts';
import { shanghaiDate } from '../../../domain/time.ts';
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

/**
 * 逾期N天 in red; due within the week in amber, as the village dashboard and the notices say it (今天到期, 还剩 N 天;
 * the page said 即将到期 where the dashboard said 今天到期); nothing otherwise.
 */
export function DueTag({
  overdue,
  daysOverdue,
  dueSoon,
  dueOn,
}: {
  overdue: boolean;
  daysOverdue: number;
  dueSoon: boolean;
  dueOn?: string | null;
}) {
  const { t } = useI18n();
  if (overdue)
    return (
      <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="overdue-tag">
        {t('ledger.overdueDays', { days: Math.max(daysOverdue, 1) })}
      </Tag>
    );
  if (dueSoon) {
    const left = dueOn ? Math.round((Date.parse(dueOn) - Date.parse(shanghaiDate(new Date()))) / 86_400_000) : null;
    return (
      <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="due-soon-tag">
        {left === null || left < 0
          ? t('ledger.dueSoonTag')
          : left === 0
            ? t('dashboard.village.dueToday')
            : t('dashboard.village.daysLeft', { n: left })}
      </Tag>
    );
  }
  return null;
}
