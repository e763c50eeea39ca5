import { Card, Flex, Progress, Typography } from 'antd';
import { Link } from 'react-router';
import type { VillageStanding as Standing } from '../../../domain/contracts/attainments.ts';
import type { RectificationPeriodDto } from '../../../domain/contracts/inspections.ts';
import { useAttainments } from '../../api/attainments.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n/index.ts';
import { AttainmentStatusTag, PeriodText } from './AttainmentBits.tsx';

/** A village's score against the standard, its 达标 state and what is still to do, in one line or card. */
export function VillageStandingSummary({
  standing,
  period,
  compact = false,
}: {
  standing: Standing;
  period: RectificationPeriodDto | null;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const s = standing;
  const percent = s.score.max ? Math.round((s.score.score / s.score.max) * 100) : 0;
  return (
    <Flex vertical gap={4} data-testid="village-standing" data-score={s.score.score} data-status={s.status}>
      <Flex wrap gap={12} align="center">
        <Typography.Text>
          {t('att.bar.score')}
          {t('common.colon')}
          <Typography.Text strong>{t('att.score', { score: s.score.score, max: s.score.max })}</Typography.Text>
        </Typography.Text>
        <div style={{ width: compact ? 120 : 160 }}>
          <Progress percent={percent} size="small" showInfo={false} status={percent === 100 ? 'success' : 'normal'} />
        </div>
        <AttainmentStatusTag status={s.status} confirmedOn={s.confirmedOn} />
        <Link className="tap-target" to={paths.attainment(s.checklistId)}>
          {t('att.bar.open')}
        </Link>
      </Flex>
      {s.status !== 'confirmed' && s.blockers.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {s.blockers.map((b) => (lang === 'zh' ? b.textZh : b.textEn)).join('; ')}
        </Typography.Text>
      )}
      {period && <PeriodText period={period} withSource={!compact} />}
    </Flex>
  );
}

/** The village dashboard's card. */
export function VillageStandingCard({ standing, period }: { standing: Standing | null; period: RectificationPeriodDto | null }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('att.bar.title')} data-testid="village-standing-card">
      {standing ? (
        <VillageStandingSummary standing={standing} period={period} />
      ) : (
        <Typography.Text type="secondary">{t('att.bar.none')}</Typography.Text>
      )}
    </Card>
  );
}

/**
 * The ledger's village view (the ledger filtered to one village): its score and
 * 达标 state above the list. Shows nothing for a subdistrict or the district.
 */
export function LedgerVillageStanding({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useI18n();
  const list = useAttainments(undefined, organizationId, Boolean(organizationId));
  const data = list.data;
  const standing = data?.items.length === 1 && data.items[0]!.organizationId === organizationId ? data.items[0]! : null;
  if (!standing || !data?.round) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="ledger-village-standing">
      <Flex vertical gap={4}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('att.bar.title')} · {t('att.bar.round', { round: data.round.name })}
        </Typography.Text>
        <VillageStandingSummary standing={standing} period={data.round.rectification} compact />
      </Flex>
    </Card>
  );
}
