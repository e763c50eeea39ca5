import { Tag, Typography } from 'antd';
import { ATTAINMENT_STATUS_LABELS, type AttainmentStatus } from '../../../domain/attainment-workflow.ts';
import type { RectificationPeriodDto } from '../../../domain/contracts/inspections.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';

const STATUS_COLOURS: Record<AttainmentStatus, string> = {
  none: 'default',
  proposed: 'processing',
  confirmed: 'success',
  returned: 'warning',
  revoked: 'error',
};

/** 未申报 / 待确认 / 已达标 (with its date) / 已退回 / 已撤销达标. */
export function AttainmentStatusTag({ status, confirmedOn }: { status: AttainmentStatus; confirmedOn?: string | null }) {
  const { t, pick } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="attainment-status" data-status={status}>
      {status === 'confirmed' && confirmedOn ? t('att.confirmedOn', { date: confirmedOn }) : pick(ATTAINMENT_STATUS_LABELS[status])}
    </Tag>
  );
}

const SOURCE_KEYS: Record<RectificationPeriodDto['source'], MessageKey> = {
  set: 'att.source.set',
  default: 'att.source.default',
  projected: 'att.source.projected',
};

/** "剩余 12 天" / "今天是最后一天" / "已结束 3 天". */
export function daysLeftKey(daysLeft: number): { key: MessageKey; n: number } {
  if (daysLeft > 0) return { key: 'att.daysLeft', n: daysLeft };
  if (daysLeft === 0) return { key: 'att.lastDay', n: 0 };
  return { key: 'att.ended', n: -daysLeft };
}

/** "集中整改期 2026-05-08 至 2026-07-08 · 剩余 12 天（默认：…）". */
export function PeriodText({ period, withSource = true }: { period: RectificationPeriodDto; withSource?: boolean }) {
  const { t } = useI18n();
  const left = daysLeftKey(period.daysLeft);
  return (
    <Typography.Text type="secondary" data-testid="rectification-period" data-days-left={period.daysLeft}>
      {t('att.period', { start: period.start, end: period.end })} · {t(left.key, { n: left.n })}
      {withSource ? ` · ${t(SOURCE_KEYS[period.source])}` : ''}
    </Typography.Text>
  );
}
