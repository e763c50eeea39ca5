import { Button, Empty, List, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../domain/contracts/notifications.ts';
import { renderNotification } from '../../../domain/notification-messages.ts';
import { useMarkRead, useNotifications } from '../../api/notifications.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { type MessageKey, useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { ProblemStatusTag } from '../ledger/ProblemTags.tsx';

const PAGE_SIZE = 20;

const KIND_COLORS: Record<string, string> = {
  problem_due: 'gold',
  problem_overdue: 'red',
  problem_submitted: 'blue',
  problem_rejected: 'orange',
  problem_accepted: 'green',
  problem_closed: 'default',
  problem_reopened: 'magenta',
  report_due: 'cyan',
  report_missing: 'volcano',
  report_reminded: 'volcano',
  circular_due: 'geekblue',
  circular_overdue: 'red',
  interview_scheduled: 'purple',
};

/** The notification centre: my reminders, newest first; opening one marks it read. */
export function NotificationsPage() {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const list = useNotifications({ unreadOnly: filter === 'unread', page, pageSize: PAGE_SIZE });
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;

  const kindLabel = (kind: string) => {
    const key = `notifications.kind.${kind}` as MessageKey;
    const text = t(key);
    return text === key ? kind : text;
  };

  /** In the reader's language from the kind and its parameters; a notification stored before them keeps its Chinese words. */
  const words = (n: Notification) => renderNotification(n.kind, n.params, lang) ?? { title: n.title, body: n.body };

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] }, { onError: notifyError });
    if (n.link) void navigate(n.link);
  };

  return (
    <>
      <PageTitle
        title={t('notifications.pageTitle')}
        extra={
          <Button
            data-testid="notifications-mark-all"
            disabled={unread === 0}
            loading={markRead.isPending}
            onClick={() => markRead.mutate({ all: true }, { onError: notifyError })}
          >
            {t('notifications.markAll')}
          </Button>
        }
      />
      <div className="page-panel">
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Segmented
            size={isMobile ? 'large' : 'middle'}
            className="tap-segmented"
            value={filter}
            onChange={(v) => {
              setFilter(v as 'all' | 'unread');
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('notifications.filterAll') },
              { value: 'unread', label: t('notifications.filterUnread', { count: unread }) },
            ]}
          />
          {list.isError ? (
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <List
              data-testid="notifications-list"
              loading={list.isPending}
              dataSource={list.data?.items ?? []}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}
                  />
                ),
              }}
              renderItem={(n) => (
                <List.Item
                  key={n.id}
                  data-testid="notification-item"
                  data-unread={n.readAt ? undefined : 'true'}
                  style={{ cursor: n.link ? 'pointer' : undefined, alignItems: 'flex-start' }}
                  onClick={() => open(n)}
                  actions={
                    !isMobile && !n.readAt
                      ? [
                          <Button
                            key="read"
                            type="link"
                            size="small"
                            onClick={(e) => {
                              e.stopPropagation();
                              markRead.mutate({ ids: [n.id] }, { onError: notifyError });
                            }}
                          >
                            {t('notifications.markOne')}
                          </Button>,
                        ]
                      : undefined
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space size={6} wrap>
                        <Tag color={KIND_COLORS[n.kind] ?? 'default'}>{kindLabel(n.kind)}</Tag>
                        <Typography.Text strong={!n.readAt} style={{ whiteSpace: 'normal' }}>
                          {n.link ? (
                            <a href={n.link} onClick={(e) => e.preventDefault()}>
                              {words(n).title}
                            </a>
                          ) : (
                            words(n).title
                          )}
                        </Typography.Text>
                      </Space>
                    }
                    description={
                      <>
                        <Typography.Paragraph type="secondary" style={{ marginBottom: 4, whiteSpace: 'pre-line' }}>
                          {words(n).body}
                        </Typography.Paragraph>
                        <Space size={6} wrap>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatDateTime(n.createdAt)}
                            {n.readAt ? ` · ${t('notifications.read')}` : ''}
                          </Typography.Text>
                          {/* Where the problem stands now: "请组织验收", then accepted, says 现为 已验收. */}
                          {n.problemStatus && (
                            <span data-testid="notification-problem-status">
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {t('notifications.now')}
                              </Typography.Text>{' '}
                              <ProblemStatusTag status={n.problemStatus} />
                            </span>
                          )}
                        </Space>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
          {(list.data?.total ?? 0) > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data?.total ?? 0}
              simple={isMobile}
              showSizeChanger={false}
              showTotal={isMobile ? undefined : (total) => t('common.total', { total })}
              onChange={setPage}
            />
          )}
        </Space>
      </div>
    </>
  );
}
