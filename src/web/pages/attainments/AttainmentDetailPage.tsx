import { Breadcrumb, Button, Card, Descriptions, Flex, Image, Result, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ATTAINMENT_ACTION_LABELS, ATTAINMENT_STATUS_LABELS, type AttainmentAction } from '../../../domain/attainment-workflow.ts';
import type { AttainmentDetail } from '../../../domain/contracts/attainments.ts';
import { ITEM_STANDING_LABELS, type ItemStanding } from '../../../domain/village-score.ts';
import { useAttainment } from '../../api/attainments.ts';
import { ApiError } from '../../api/client.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { AttainmentActionModal } from './AttainmentActionModal.tsx';
import { AttainmentStatusTag } from './AttainmentBits.tsx';
import { errorTakesPage } from '../../components/query-state.ts';
import { StaleNotice } from '../../components/StaleNotice.tsx';

type ScoredItem = AttainmentDetail['scoredItems'][number];

const STANDING_COLOURS: Record<ItemStanding, string> = {
  met: 'success',
  not_applicable: 'default',
  rectified: 'green',
  failing: 'error',
  pending: 'warning',
};

/** One village in a round: its score item by item, the 达标 state, the steps taken and the next one. */
export function AttainmentDetailPage() {
  const { checklistId } = useParams();
  const { t, pick, lang } = useI18n();
  const detail = useAttainment(checklistId);
  const [acting, setActing] = useState<AttainmentAction | null>(null);

  if (detail.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (errorTakesPage(detail)) {
    if (detail.error instanceof ApiError && detail.error.status === 404)
      return <Result status="404" title={t('att.notFound')} extra={<Link to={paths.attainments}>{t('att.back')}</Link>} />;
    return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const d = detail.data;
  if (!d) return null;

  const columns: ColumnsType<ScoredItem> = [
    { title: t('att.item.code'), dataIndex: 'code', key: 'code', width: 100 },
    { title: t('att.item.area'), dataIndex: 'areaName', key: 'area', width: 120 },
    { title: t('att.item.title'), dataIndex: 'title', key: 'title' },
    { title: t('att.item.weight'), dataIndex: 'weight', key: 'weight', width: 70 },
    {
      title: t('att.item.standing'),
      key: 'standing',
      width: 160,
      render: (_, i) => <Tag color={STANDING_COLOURS[i.standing]}>{pick(ITEM_STANDING_LABELS[i.standing])}</Tag>,
    },
    { title: t('att.item.problems'), dataIndex: 'unsettledProblems', key: 'problems', width: 100 },
    { title: t('att.item.score'), dataIndex: 'score', key: 'score', width: 70, render: (s: number) => <strong>{s}</strong> },
  ];

  return (
    <>
      <StaleNotice query={detail} />
      <Breadcrumb
        items={[{ title: <Link to={paths.attainments}>{t('att.title')}</Link> }, { title: d.organizationName }]}
        style={{ marginBottom: 8 }}
      />
      <PageTitle
        title={t('att.detail.title', { village: d.organizationName })}
        extra={
          <Space wrap>
            <AttainmentStatusTag status={d.status} confirmedOn={d.confirmedOn} />
            {d.allowedActions.map((a) => (
              <Button
                key={a}
                type={a === 'confirm' || a === 'propose' ? 'primary' : 'default'}
                danger={a === 'reject' || a === 'revoke'}
                onClick={() => setActing(a)}
                data-testid={`att-action-${a}`}
              >
                {pick(ATTAINMENT_ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
        }
      />
      <Flex vertical gap={12} className="page-panel">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('att.round')}>{d.roundName}</Descriptions.Item>
          <Descriptions.Item label={t('att.col.score')}>
            <Typography.Text strong data-testid="att-detail-score">
              {t('att.score', { score: d.score.score, max: d.score.max })}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('att.col.blockers')}>
            {d.blockers.length === 0
              ? d.status === 'confirmed'
                ? '—'
                : t('att.ready')
              : d.blockers.map((b) => (lang === 'zh' ? b.textZh : b.textEn)).join('; ')}
          </Descriptions.Item>
          {d.note && <Descriptions.Item label={t('att.detail.note')}>{d.note}</Descriptions.Item>}
          {d.proposedByName && (
            <Descriptions.Item label={t('att.detail.proposedBy')}>
              {d.proposedByName} · {formatDateTime(d.proposedAt)}
            </Descriptions.Item>
          )}
          {d.reason && <Descriptions.Item label={t('att.detail.reason')}>{d.reason}</Descriptions.Item>}
        </Descriptions>
        <Link to={paths.ledgerOf({ organizationId: d.organizationId, roundId: d.roundId })}>{t('att.detail.ledger')}</Link>
        {d.evidence.length > 0 && (
          <Card size="small" title={t('att.detail.evidence')}>
            <Space wrap>
              {d.evidence.map((e) =>
                e.isImage ? (
                  <Image key={e.id} width={96} src={`/api/evidence/${encodeURIComponent(e.id)}`} alt={e.originalName} />
                ) : (
                  <a key={e.id} href={`/api/evidence/${encodeURIComponent(e.id)}`}>
                    {e.originalName}
                  </a>
                ),
              )}
            </Space>
          </Card>
        )}
        <Card size="small" title={t('att.detail.items')}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('att.detail.scoreRule')}
          </Typography.Paragraph>
          <Table<ScoredItem>
            rowKey="checkItemId"
            size="small"
            columns={columns}
            dataSource={d.scoredItems}
            pagination={false}
            scroll={{ x: 720 }}
            data-testid="att-items"
          />
        </Card>
        {d.history.length > 0 && (
          <Card size="small" title={t('att.detail.history')}>
            <Timeline
              items={d.history.map((h) => ({
                key: h.id,
                children: (
                  <Flex vertical gap={2}>
                    <Typography.Text>
                      {pick(ATTAINMENT_ACTION_LABELS[h.action])} → {pick(ATTAINMENT_STATUS_LABELS[h.toStatus])}
                      {h.problem ? (
                        <>
                          {' · '}
                          <Link to={paths.problem(h.problem.id)}>{t('att.history.problem', { code: h.problem.code })}</Link>
                        </>
                      ) : null}
                    </Typography.Text>
                    {h.text && <Typography.Text type="secondary">{h.text}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[h.actorName, formatDateTime(h.at)].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </Flex>
                ),
              }))}
            />
          </Card>
        )}
      </Flex>
      {acting && <AttainmentActionModal standing={d} action={acting} onClose={() => setActing(null)} />}
    </>
  );
}
