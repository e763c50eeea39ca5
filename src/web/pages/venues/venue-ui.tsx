import { Image, Segmented, Space, Tag } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import type { CSSProperties } from 'react';
import {
  VENUE_PROJECT_KIND_LABELS,
  VENUE_PROJECT_STATUS_LABELS,
  type VenueProjectKind,
  type VenueProjectStatus,
} from '../../../domain/venue-project-workflow.ts';
import type { VenueFile } from '../../../domain/contracts/venues.ts';
import { venueFileUrl } from '../../api/venues.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';

export const venuePaths = {
  board: '/venues',
  print: '/venues/print',
  register: '/venues/register',
  projects: '/venues/projects',
  project: (id: string) => `/venues/projects/${encodeURIComponent(id)}`,
  funds: '/venues/funds',
};

const STATUS_COLORS: Record<VenueProjectStatus, string> = {
  drafted: 'default',
  submitted: 'blue',
  under_review: 'purple',
  approved: 'cyan',
  in_works: 'orange',
  completed: 'gold',
  accepted: 'green',
};

export function ProjectStatusTag({ status, testId }: { status: VenueProjectStatus; testId?: string }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {pick(VENUE_PROJECT_STATUS_LABELS[status])}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: VenueProjectKind }) {
  const { pick } = useI18n();
  return <Tag>{pick(VENUE_PROJECT_KIND_LABELS[kind])}</Tag>;
}

/** "逾期 5 天" / "停滞" flags, in words as well as in red. */
export function LateTags({ daysOverdue, stalled }: { daysOverdue: number; stalled?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {daysOverdue > 0 ? (
        <Tag color="red" data-testid="venue-overdue">
          {t('venues.overdueDays', { days: daysOverdue })}
        </Tag>
      ) : null}
      {stalled ? <Tag color="volcano">{t('venues.stalled')}</Tag> : null}
    </>
  );
}

/** Photos as thumbnails (opening full size), other files as download links. */
export function VenueFiles({ files }: { files: VenueFile[] }) {
  if (files.length === 0) return null;
  return (
    <Space wrap size={8}>
      {files.map((f) =>
        f.isImage ? (
          <Image
            key={f.id}
            width={72}
            height={72}
            style={{ objectFit: 'cover' }}
            src={venueFileUrl(f.id)}
            alt={f.originalName}
            data-testid="venue-photo"
          />
        ) : (
          <a key={f.id} href={venueFileUrl(f.id, true)}>
            {f.originalName}
          </a>
        ),
      )}
    </Space>
  );
}

/** 185000.5 → "185,000.50 元" (or "CNY 185,000.50"). */
export function useMoney(): (yuan: number) => string {
  const { t } = useI18n();
  return (yuan) => t('venues.money', { amount: yuan.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
}

/** Everyone with venue.read reads all four (the server scopes what each shows). */
const TABS: Array<{ path: string; label: MessageKey }> = [
  { path: venuePaths.board, label: 'venues.tab.board' },
  { path: venuePaths.projects, label: 'venues.tab.projects' },
  { path: venuePaths.register, label: 'venues.tab.register' },
  { path: venuePaths.funds, label: 'venues.tab.funds' },
];

/** 看板 · 整改项目 · 场所台账 · 专项经费 */
export function VenueTabs() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = [...TABS].reverse().find((tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`))?.path ?? venuePaths.board;
  return (
    <Segmented
      className="venue-tabs sheet-no-print wrap-tabs"
      style={{ '--tab-cols': 2 } as CSSProperties}
      block
      value={current}
      onChange={(v) => void navigate(String(v))}
      options={TABS.map((tab) => ({
        value: tab.path,
        label: <span data-testid={`venue-tab-${tab.path.split('/').pop()}`}>{t(tab.label)}</span>,
      }))}
    />
  );
}
