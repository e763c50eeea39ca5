import { Button, Card, Flex, List, Progress, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AttainmentAction } from '../../../domain/attainment-workflow.ts';
import { ATTAINMENT_ACTION_LABELS } from '../../../domain/attainment-workflow.ts';
import type { VillageStanding } from '../../../domain/contracts/attainments.ts';
import { useAttainments } from '../../api/attainments.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { AttainmentActionModal } from './AttainmentActionModal.tsx';
import { AttainmentStatusTag, PeriodText } from './AttainmentBits.tsx';

function ScoreCell({ s }: { s: VillageStanding }) {
  const { t } = useI18n();
  const percent = s.score.max ? Math.round((s.score.score / s.score.max) * 100) : 0;
  return (
    <Flex vertical gap={0} style={{ minWidth: 110 }}>
      <Typography.Text strong data-testid="att-score">
        {t('att.score', { score: s.score.score, max: s.score.max })}
      </Typography.Text>
      <Progress percent={percent} size="small" showInfo={false} status={percent === 100 ? 'success' : 'normal'} />
    </Flex>
  );
}

function Blockers({ s }: { s: VillageStanding }) {
  const { t, lang } = useI18n();
  if (s.status === 'confirmed') return null;
  if (s.blockers.length === 0) return <Typography.Text type="success">{t('att.ready')}</Typography.Text>;
  return <Typography.Text type="secondary">{s.blockers.map((b) => (lang === 'zh' ? b.textZh : b.textEn)).join('; ')}</Typography.Text>;
}

/** The villages of a round: score against the standard, what is still to do, the 达标 state and the next step. */
export function AttainmentListPage() {
  const { t, pick } = useI18n();
  const isMobile = useIsMobile();
  const [params] = useSearchParams();
  const list = useAttainments(params.get('roundId') ?? undefined, params.get('organizationId') ?? undefined);
  const [acting, setActing] = useState<{ standing: VillageStanding; action: AttainmentAction } | null>(null);
  const data = list.data;

  const actions = (s: VillageStanding) => (
    <Space size={4} wrap>
      {s.allowedActions.map((a) => (
        <Button
          key={a}
          size="small"
          type={a === 'confirm' || a === 'propose' ? 'primary' : 'default'}
          danger={a === 'reject' || a === 'revoke'}
          onClick={() => setActing({ standing: s, action: a })}
          data-testid={`att-action-${a}`}
        >
          {pick(ATTAINMENT_ACTION_LABELS[a])}
        </Button>
      ))}
      <Link to={paths.attainment(s.checklistId)} data-testid="att-open">
        {t('att.open')}
      </Link>
    </Space>
  );

  const columns: ColumnsType<VillageStanding> = [
    {
      title: t('att.col.village'),
      key: 'village',
      render: (_, s) => (
        <Flex vertical gap={0}>
          <Link to={paths.attainment(s.checklistId)}>{s.organizationName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[s.subdistrictName, s.liaisonGroupName].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('att.col.score'), key: 'score', width: 140, render: (_, s) => <ScoreCell s={s} /> },
    {
      title: t('att.col.status'),
      key: 'status',
      width: 150,
      render: (_, s) => <AttainmentStatusTag status={s.status} confirmedOn={s.confirmedOn} />,
    },
    { title: t('att.col.blockers'), key: 'blockers', render: (_, s) => <Blockers s={s} /> },
    { title: t('att.col.actions'), key: 'actions', width: 220, render: (_, s) => actions(s) },
  ];

  return (
    <>
      <PageTitle title={t('att.title')} />
      <div className="page-panel">
        <Typography.Paragraph type="secondary">{t('att.intro')}</Typography.Paragraph>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : !data ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : !data.round ? (
          <Typography.Text type="secondary">{t('att.empty')}</Typography.Text>
        ) : (
          <Flex vertical gap={12}>
            <Card size="small">
              <Flex wrap gap={24} align="center">
                <Statistic
                  title={`${t('att.round')} · ${data.round.name}`}
                  value={data.attained}
                  suffix={`/ ${data.villages} ${t('att.summaryShort')}`}
                  data-testid="att-summary"
                />
                <PeriodText period={data.round.rectification} />
              </Flex>
            </Card>
            {isMobile ? (
              <List<VillageStanding>
                dataSource={data.items}
                rowKey="checklistId"
                renderItem={(s) => (
                  <List.Item data-testid="att-row" data-village={s.organizationName}>
                    <Flex vertical gap={6} style={{ width: '100%' }}>
                      <Flex justify="space-between" align="center" gap={8}>
                        <Link to={paths.attainment(s.checklistId)}>{s.organizationName}</Link>
                        <AttainmentStatusTag status={s.status} confirmedOn={s.confirmedOn} />
                      </Flex>
                      <ScoreCell s={s} />
                      <Blockers s={s} />
                      {actions(s)}
                    </Flex>
                  </List.Item>
                )}
              />
            ) : (
              <Table<VillageStanding>
                rowKey="checklistId"
                size="small"
                columns={columns}
                dataSource={data.items}
                pagination={false}
                onRow={(s) => ({ 'data-testid': 'att-row', 'data-village': s.organizationName }) as HTMLAttributes<HTMLElement>}
                scroll={{ x: 800 }}
              />
            )}
          </Flex>
        )}
      </div>
      {acting && <AttainmentActionModal standing={acting.standing} action={acting.action} onClose={() => setActing(null)} />}
    </>
  );
}
