import { App, Breadcrumb, Button, Card, Empty, Flex, List, Progress, Result, Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import type { ChecklistSummary } from '../../../domain/contracts/inspections.ts';
import { ApiError } from '../../api/client.ts';
import { useCloseRound, useRound } from '../../api/inspections.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { RoundStatusTag } from './InspectionsPage.tsx';
import { RectificationPeriodLine } from '../attainments/RectificationPeriodCard.tsx';
import { errorTakesPage } from '../../components/query-state.ts';
import { StaleNotice } from '../../components/StaleNotice.tsx';

const CHECKLIST_STATUS: Record<ChecklistSummary['status'], { key: MessageKey; color: string }> = {
  pending: { key: 'insp.checklist.pending', color: 'default' },
  in_progress: { key: 'insp.checklist.inProgress', color: 'processing' },
  done: { key: 'insp.checklist.done', color: 'success' },
};

export function ChecklistStatusTag({ status }: { status: ChecklistSummary['status'] }) {
  const { t } = useI18n();
  const s = CHECKLIST_STATUS[status];
  return <Tag color={s.color}>{t(s.key)}</Tag>;
}

/** One round: a checklist per village, with how far each has got. */
export function RoundDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const round = useRound(id);
  const close = useCloseRound();

  if (round.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (errorTakesPage(round)) {
    if (round.error instanceof ApiError && round.error.status === 404)
      return <Result status="404" title={t('insp.round.notFound')} extra={<Link to={paths.inspections}>{t('insp.backToRounds')}</Link>} />;
    return <ErrorAlert error={round.error} onRetry={() => void round.refetch()} />;
  }
  const r = round.data;
  if (!r) return null;

  const confirmClose = () =>
    modal.confirm({
      title: t('insp.round.closeConfirm', { name: r.name }),
      content: t('insp.round.closeContent', { done: r.checklistsDone, total: r.checklistsTotal }),
      okText: t('insp.round.close'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'round-close-ok' },
      onOk: async () => {
        try {
          await close.mutateAsync({ id: r.id, version: r.version });
          void message.success(t('insp.round.closedDone'));
        } catch (err) {
          notifyError(err);
        }
      },
    });

  return (
    <>
      <StaleNotice query={round} />
      <Breadcrumb
        items={[{ title: <Link to={paths.inspections}>{t('insp.pageTitle')}</Link> }, { title: r.name }]}
        style={{ marginBottom: 8 }}
      />
      <PageTitle
        title={r.name}
        extra={
          <Flex gap={8} align="center">
            <RoundStatusTag status={r.status} />
            {r.allowedActions.includes('close') && (
              <Button danger onClick={confirmClose} data-testid="round-close">
                {t('insp.round.close')}
              </Button>
            )}
          </Flex>
        }
      />
      <div className="page-panel">
        <Typography.Paragraph type="secondary">
          {t('insp.round.standardVersion', { title: r.standardTitle, no: r.standardVersionNo })} · {r.periodStart} ~ {r.periodEnd} ·{' '}
          {t('insp.round.doneOf', { done: r.checklistsDone, total: r.checklistsTotal })} ·{' '}
          <Link to={paths.ledgerOf({ roundId: r.id })}>{t('insp.round.problemsFound', { n: r.problemsFound })}</Link>
        </Typography.Paragraph>
        <RectificationPeriodLine round={r} />
        {r.checklists.length === 0 ? (
          <Empty description={t('insp.round.noChecklists')} />
        ) : (
          <List<ChecklistSummary>
            dataSource={r.checklists}
            rowKey="id"
            grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 4 }}
            renderItem={(c) => {
              const percent = c.applicable ? Math.round((c.recorded / c.applicable) * 100) : 0;
              return (
                <List.Item>
                  <Link to={paths.checklist(c.id)} data-testid="checklist-link" data-organization={c.organizationName}>
                    <Card size="small" hoverable>
                      <Flex justify="space-between" align="center" gap={8}>
                        <Typography.Text strong style={{ fontSize: 16 }}>
                          {c.organizationName}
                        </Typography.Text>
                        <ChecklistStatusTag status={c.status} />
                      </Flex>
                      {c.liaisonGroupName && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {c.liaisonGroupName}
                        </Typography.Text>
                      )}
                      <Progress
                        percent={percent}
                        size="small"
                        format={() => `${c.recorded}/${c.applicable}`}
                        status={c.status === 'done' ? 'success' : 'normal'}
                      />
                      <Typography.Text type={c.failed ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                        {t('insp.checklist.failed', { n: c.failed })}
                      </Typography.Text>
                    </Card>
                  </Link>
                </List.Item>
              );
            }}
          />
        )}
      </div>
    </>
  );
}
