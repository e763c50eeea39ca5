import { App, Button, Card, Empty, Flex, Input, Pagination, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { FeedbackItem } from '../../../domain/contracts/feedback.ts';
import { FEEDBACK_BODY_MAX, FEEDBACK_KIND_LABELS, FEEDBACK_REPLY_MAX, type FeedbackStatus } from '../../../domain/feedback-rules.ts';
import { useConvertFeedback, useFeedbackQueue, useModerateFeedback } from '../../api/portal.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';

/**
 * 群众监督: the moderation queue. A moderator publishes a villager's feedback
 * (with a public reply), replies later to a published one, or rejects it with
 * a reason that is never shown. The server decides what each may do
 * (`allowedActions`); every step is audited and publishing is chained.
 */
export function FeedbackPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<FeedbackStatus>('pending');
  const [page, setPage] = useState(1);
  const query = useFeedbackQueue(status, page);
  const counts = query.data?.counts ?? { pending: 0, published: 0, rejected: 0, withdrawn: 0 };

  return (
    <div>
      <PageTitle title={t('feedback.pageTitle')} />
      <Tabs
        activeKey={status}
        onChange={(k) => {
          setStatus(k as FeedbackStatus);
          setPage(1);
        }}
        items={(['pending', 'published', 'rejected', 'withdrawn'] as const).map((s) => ({
          key: s,
          label: <span data-testid={`feedback-tab-${s}`}>{t(`feedback.tab.${s}`, { n: counts[s] })}</span>,
        }))}
      />
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Skeleton active /> : null}
      {query.data && query.data.items.length === 0 ? <Empty description={t('feedback.empty')} /> : null}
      <Flex vertical gap={12}>
        {query.data?.items.map((item) => (
          <FeedbackCard key={`${item.id}:${item.version}`} item={item} />
        ))}
      </Flex>
      {query.data && query.data.total > query.data.pageSize ? (
        <Pagination style={{ marginTop: 16 }} current={page} pageSize={query.data.pageSize} total={query.data.total} onChange={setPage} />
      ) : null}
    </div>
  );
}

function FeedbackCard({ item }: { item: FeedbackItem }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const moderate = useModerateFeedback();
  const convert = useConvertFeedback();
  const [reply, setReply] = useState('');
  // What the portal will show: the system masks the names it knows; the moderator takes out the others (a bystander).
  const [publicText, setPublicText] = useState(item.publicPreview);
  const edited = publicText.trim() !== item.publicPreview.trim();
  const can = (a: FeedbackItem['allowedActions'][number]) => item.allowedActions.includes(a);

  const run = (body: Parameters<typeof moderate.mutate>[0]['body'], done: string) =>
    moderate.mutate(
      { id: item.id, body },
      {
        onSuccess: () => void message.success(done),
        onError: notifyError,
      },
    );

  const reject = () => {
    let reason = '';
    modal.confirm({
      title: t('feedback.reject'),
      content: (
        <Input
          data-testid="feedback-reject-reason"
          maxLength={200}
          placeholder={t('feedback.rejectReason')}
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      okText: t('feedback.reject'),
      okButtonProps: { danger: true, 'data-testid': 'feedback-reject-confirm' },
      onOk: () => run({ action: 'reject', version: item.version, reason }, t('feedback.rejected')),
    });
  };

  const withdraw = () => {
    let reason = '';
    modal.confirm({
      title: t('feedback.withdrawTitle'),
      content: (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('feedback.withdrawHelp')}</Typography.Text>
          <Input
            data-testid="feedback-withdraw-reason"
            maxLength={200}
            placeholder={t('feedback.withdrawReason')}
            onChange={(e) => {
              reason = e.target.value;
            }}
          />
        </Flex>
      ),
      okText: t('feedback.withdraw'),
      okButtonProps: { danger: true, 'data-testid': 'feedback-withdraw-confirm' },
      onOk: () => run({ action: 'withdraw', version: item.version, reason }, t('feedback.withdrawnDone')),
    });
  };

  const toProblem = () => {
    let description = item.body.slice(0, 2000);
    modal.confirm({
      title: t('feedback.convert'),
      content: (
        <Input.TextArea
          data-testid="feedback-convert-description"
          rows={4}
          maxLength={2000}
          defaultValue={description}
          onChange={(e) => {
            description = e.target.value;
          }}
        />
      ),
      okText: t('feedback.convert'),
      onOk: () =>
        convert
          .mutateAsync({ id: item.id, body: { version: item.version, description, severity: 'minor', tags: [], isPublic: true } })
          .then((done) => void message.success(t('feedback.converted', { code: done.convertedProblem?.code ?? '' })), notifyError),
    });
  };

  return (
    <Card size="small" data-testid="feedback-item" data-feedback-id={item.id}>
      <Space wrap size={[8, 4]}>
        <Tag>{FEEDBACK_KIND_LABELS[item.kind][lang === 'en' ? 'en' : 'zh']}</Tag>
        <Typography.Text strong>{item.village.name}</Typography.Text>
        <Typography.Text type="secondary">
          {item.problem ? t('feedback.onProblem', { code: item.problem.code }) : t('feedback.onVillage')}
        </Typography.Text>
        <Typography.Text type="secondary">{item.authorName || t('feedback.anonymous')}</Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(item.createdAt)}</Typography.Text>
        <a href={`/public/villages/${item.village.id}`} target="_blank" rel="noreferrer">
          {t('feedback.viewPortal')}
        </a>
      </Space>
      {/* A villager's text: rendered as text, never as markup. */}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="feedback-body">
        {item.body}
      </Typography.Paragraph>
      {can('publish') ? (
        <Flex vertical gap={4} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('feedback.publicText')}</Typography.Text>
          <Typography.Text type="warning" style={{ fontSize: 13 }}>
            {t('feedback.publicTextHint')}
          </Typography.Text>
          <Input.TextArea
            data-testid="feedback-public-text"
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={FEEDBACK_BODY_MAX}
            value={publicText}
            onChange={(e) => setPublicText(e.target.value)}
          />
        </Flex>
      ) : item.status === 'published' && item.publicEdited ? (
        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }} data-testid="feedback-public-shown">
          {t('feedback.publicShown')}
          {t('common.colon')}
          {item.publicPreview}
        </Typography.Paragraph>
      ) : null}
      {item.reply ? (
        <Typography.Paragraph type="success" style={{ whiteSpace: 'pre-wrap' }}>
          {item.status === 'withdrawn' ? t('feedback.withdrawnReply') : t('feedback.currentReply')}
          {t('common.colon')}
          {item.reply}
        </Typography.Paragraph>
      ) : null}
      {item.rejectReason ? (
        <Typography.Paragraph type="secondary">
          {t(item.status === 'withdrawn' ? 'feedback.withdrawReasonShown' : 'feedback.rejectReasonShown', { reason: item.rejectReason })}
        </Typography.Paragraph>
      ) : null}
      {item.convertedProblem ? <Tag color="blue">{t('feedback.converted', { code: item.convertedProblem.code })}</Tag> : null}
      {can('publish') || can('reply') ? (
        <Flex vertical gap={8}>
          <Input.TextArea
            data-testid="feedback-reply"
            rows={2}
            maxLength={FEEDBACK_REPLY_MAX}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            placeholder={can('publish') ? t('feedback.reply') : t('feedback.replyRequired')}
          />
          <Space wrap>
            {can('publish') ? (
              <Button
                type="primary"
                data-testid="feedback-publish"
                loading={moderate.isPending}
                disabled={!publicText.trim()}
                onClick={() =>
                  run(
                    { action: 'publish', version: item.version, ...(reply.trim() && { reply }), ...(edited && { publicText }) },
                    t('feedback.published'),
                  )
                }
              >
                {reply.trim() ? t('feedback.publishWithReply') : t('feedback.publish')}
              </Button>
            ) : null}
            {can('reply') ? (
              <Button
                type="primary"
                data-testid="feedback-send-reply"
                disabled={!reply.trim()}
                loading={moderate.isPending}
                onClick={() => run({ action: 'reply', version: item.version, reply }, t('feedback.replied'))}
              >
                {t('feedback.sendReply')}
              </Button>
            ) : null}
            {can('reject') ? (
              <Button danger data-testid="feedback-reject" onClick={reject}>
                {t('feedback.reject')}
              </Button>
            ) : null}
            {can('withdraw') ? (
              <Button danger data-testid="feedback-withdraw" onClick={withdraw}>
                {t('feedback.withdraw')}
              </Button>
            ) : null}
            {can('convert') ? (
              <Button data-testid="feedback-convert" onClick={toProblem}>
                {t('feedback.convert')}
              </Button>
            ) : null}
          </Space>
        </Flex>
      ) : can('convert') ? (
        <Button data-testid="feedback-convert" onClick={toProblem}>
          {t('feedback.convert')}
        </Button>
      ) : null}
    </Card>
  );
}
