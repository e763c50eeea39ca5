import { Card, Col, Flex, Popover, Row, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { DashboardOverview } from '../../../domain/contracts/dashboard.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n/index.ts';
import { daysLeftKey } from './AttainmentBits.tsx';
import { formatRate } from '../../lib/format.ts';

/**
 * The district dashboard's headline: the two 到位 of the source (跟踪督查到位,
 * 所有问题整改到位), each with its formula, and "N / 16 村达标" with the days left
 * in the concentrated rectification period.
 */
export function EndConditionCards({ data }: { data: DashboardOverview }) {
  const { t, lang } = useI18n();
  const { tracking, rectification } = data.inPlace;
  const a = data.attainment;
  const period = a.round?.rectification;
  const left = period ? daysLeftKey(period.daysLeft) : null;
  const standingTrend = data.trend
    .filter((w) => w.standardShare !== null)
    .slice(-4)
    .map((w) => formatRate(w.standardShare))
    .join(' → ');

  const inPlaceTag = (f: { value: number | null; inPlace: boolean }) =>
    f.value === null ? (
      <Tag>{t('att.inPlace.nothing')}</Tag>
    ) : (
      <Tag color={f.inPlace ? 'success' : 'warning'}>{f.inPlace ? t('att.inPlace.yes') : t('att.inPlace.no')}</Tag>
    );
  const formula = (zh: string, en: string) => (
    <Popover content={<div style={{ maxWidth: 320 }}>{lang === 'zh' ? zh : en}</div>} title={t('att.inPlace.formula')}>
      <Typography.Link style={{ fontSize: 12 }}>{t('att.inPlace.formula')}</Typography.Link>
    </Popover>
  );

  return (
    <Row gutter={[12, 12]} data-testid="dashboard-end-condition">
      <Col xs={24} md={8}>
        <Card size="small" style={{ height: '100%' }} data-testid="dash-in-place-tracking" data-value={tracking.value ?? ''}>
          <Statistic title={t('att.inPlace.tracking')} value={formatRate(tracking.value)} />
          <Flex gap={8} wrap align="center">
            {inPlaceTag(tracking)}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('att.inPlace.trackingDetail', {
                r: tracking.reportsOnTime,
                re: tracking.reportsExpected,
                c: tracking.circularsOnTime,
                ce: tracking.circularsExpected,
              })}
            </Typography.Text>
            {formula(tracking.formulaZh, tracking.formulaEn)}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small" style={{ height: '100%' }} data-testid="dash-in-place-rectification" data-value={rectification.value ?? ''}>
          <Statistic title={t('att.inPlace.rectification')} value={formatRate(rectification.value)} />
          <Flex gap={8} wrap align="center">
            {inPlaceTag(rectification)}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('att.inPlace.rectificationDetail', {
                closed: rectification.closed,
                total: rectification.total,
                overdue: rectification.overdue,
              })}
            </Typography.Text>
            {formula(rectification.formulaZh, rectification.formulaEn)}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Link to={paths.attainments} style={{ display: 'block', height: '100%' }}>
          <Card
            size="small"
            hoverable
            style={{ height: '100%' }}
            data-testid="dash-attained"
            data-attained={a.attained}
            data-villages={a.villages}
          >
            <Statistic title={t('att.card.attained')} value={a.attained} suffix={`/ ${a.villages}`} />
            <Flex vertical gap={2}>
              {period && left ? (
                <Typography.Text type={period.daysLeft < 0 ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="dash-days-left">
                  {t('att.period', { start: period.start, end: period.end })} · {t(left.key, { n: left.n })}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('att.card.noRound')}
                </Typography.Text>
              )}
              {standingTrend && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('att.card.trend', { list: standingTrend })}
                </Typography.Text>
              )}
            </Flex>
          </Card>
        </Link>
      </Col>
    </Row>
  );
}
