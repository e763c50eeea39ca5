import { Tag } from 'antd';
import type { StandardVersionStatus } from '../../../domain/standards.ts';
import { APPLIES_TO_LABELS, STANDARD_VERSION_STATUS_LABELS, type AppliesTo } from '../../../domain/standards.ts';
import { useI18n } from '../../i18n/index.ts';

export const stdPaths = {
  list: '/standards',
  version: (id: string) => `/standards/versions/${encodeURIComponent(id)}`,
  compare: (from: string, to: string) => `/standards/compare?${new URLSearchParams({ from, to }).toString()}`,
};

export function VersionStatusTag({ status }: { status: StandardVersionStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={status === 'published' ? 'green' : 'gold'} className="std-status-tag" data-status={status}>
      {pick(STANDARD_VERSION_STATUS_LABELS[status])}
    </Tag>
  );
}

/** 村 / 社区 / 通用 — shorter than the domain label, for tables and printing. */
export function AppliesToTag({ value }: { value: AppliesTo }) {
  const { pick, lang } = useI18n();
  const text = value === 'both' ? (lang === 'zh' ? '通用' : 'Both') : pick(APPLIES_TO_LABELS[value]);
  return <Tag color={value === 'village' ? 'cyan' : value === 'community' ? 'purple' : 'default'}>{text}</Tag>;
}

export function appliesToOptions(pick: (l: { zh: string; en: string }) => string) {
  return (['both', 'village', 'community'] as const).map((v) => ({ value: v, label: pick(APPLIES_TO_LABELS[v]) }));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}
