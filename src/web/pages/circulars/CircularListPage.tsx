import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CircularDetail, CircularSummary } from '../../../domain/contracts/circulars.ts';
import { useQueryClient } from '@tanstack/react-query';
import { circularKeys, existingCircularOf, useCirculars, useGenerateCircular, useRegenerateCircular } from '../../api/circulars.ts';
import { api } from '../../api/client.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { monthWords } from '../../lib/format.ts';

/** This month in Asia/Shanghai, `YYYY-MM`. */
function currentMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

/** The month before, `YYYY-MM`: the last complete month is what a circular reports on by default. */
function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function CircularStatusTag({ status }: { status: CircularSummary['status'] }) {
  const { t } = useI18n();
  return status === 'published' ? (
    <Tag color="green">{t('circ.status.published')}</Tag>
  ) : (
    <Tag color="orange">{t('circ.status.draft')}</Tag>
  );
}

function GenerateBar() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal } = App.useApp();
  const generate = useGenerateCircular();
  const regenerate = useRegenerateCircular();
  const max = currentMonth();
  const [month, setMonth] = useState(() => previousMonth(max));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= max;
  /** The month already has its circular: open it, or (a draft) refresh its figures, never a silent second one. */
  const offerExisting = (existing: { id: string; status: string; number: string | null }) => {
    const open = () => void navigate(paths.circular(existing.id));
    if (existing.status === 'published') {
      modal.info({
        title: t('circ.exists.publishedTitle', { month: monthWords(month, lang), number: existing.number ?? '' }),
        content: t('circ.exists.publishedContent'),
        okText: t('circ.exists.open'),
        okButtonProps: { 'data-testid': 'circular-exists-open' },
        onOk: open,
      });
      return;
    }
    const dialog = modal.confirm({
      title: t('circ.exists.draftTitle', { month: monthWords(month, lang) }),
      content: t('circ.exists.draftContent'),
      okText: t('circ.exists.open'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'circular-exists-open' },
      onOk: open,
      footer: (_, { OkBtn, CancelBtn }) => (
        <>
          <CancelBtn />
          <Button
            data-testid="circular-exists-regenerate"
            onClick={() => {
              dialog.destroy();
              void (async () => {
                try {
                  const current = await queryClient.fetchQuery({
                    queryKey: circularKeys.detail(existing.id),
                    queryFn: () => api.get<CircularDetail>(`/api/circulars/${existing.id}`),
                  });
                  await regenerate.mutateAsync({ id: existing.id, version: current.version });
                  void message.success(t('circ.regenerate.done'));
                  open();
                } catch (err) {
                  notifyError(err);
                }
              })();
            }}
          >
            {t('circ.exists.regenerate')}
          </Button>
          <OkBtn />
        </>
      ),
    });
  };
  const run = async () => {
    try {
      const d = await generate.mutateAsync({ month });
      void message.success(t('circ.generate.done', { month: monthWords(month, lang) }));
      void navigate(paths.circular(d.id));
    } catch (err) {
      const existing = existingCircularOf(err);
      if (existing) offerExisting(existing);
      else notifyError(err);
    }
  };
  return (
    <Space wrap>
      <Input
        type="month"
        aria-label={t('circ.generate.month')}
        data-testid="circular-month"
        value={month}
        max={max}
        onChange={(e) => setMonth(e.target.value)}
        style={{ width: 170 }}
      />
      <Button
        type="primary"
        icon={<FileAddOutlined />}
        disabled={!valid}
        loading={generate.isPending}
        onClick={() => void run()}
        data-testid="circular-generate"
      >
        {t('circ.generate')}
      </Button>
    </Space>
  );
}

export function CircularListPage() {
  const { t, lang } = useI18n();
  const query = useCirculars();
  const canManage = query.data?.canManage ?? false;

  return (
    <div className="page-panel">
      <PageTitle title={t('circ.pageTitle')} extra={canManage ? <GenerateBar /> : undefined} />
      <Typography.Paragraph type="secondary">{t('circ.intro')}</Typography.Paragraph>
      {query.isLoading && <Skeleton active paragraph={{ rows: 6 }} />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <List
          data-testid="circulars-list"
          dataSource={query.data.items}
          locale={{ emptyText: <Empty description={canManage ? t('circ.empty.manager') : t('circ.empty')} /> }}
          renderItem={(c) => (
            <List.Item key={c.id} data-testid={`circular-row-${c.month}`}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex gap={8} wrap align="center">
                  <CircularStatusTag status={c.status} />
                  {c.number ? (
                    <Typography.Text strong>{c.number}</Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">（{t('circ.draftNumber')}）</Typography.Text>
                  )}
                  <Typography.Text type="secondary">{monthWords(c.month, lang)}</Typography.Text>
                </Flex>
                <Link to={paths.circular(c.id)} data-testid="circular-link">
                  {c.title}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.issuingOffice} · {c.docDate}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
