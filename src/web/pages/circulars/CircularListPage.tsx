import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { chineseMonth } from '../../../domain/circular-text.ts';
import type { CircularSummary } from '../../../domain/contracts/circulars.ts';
import { useCirculars, useGenerateCircular } from '../../api/circulars.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';

/** This month in Asia/Shanghai, `YYYY-MM`. */
function currentMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
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
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const generate = useGenerateCircular();
  const max = currentMonth();
  const [month, setMonth] = useState(max);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= max;
  const run = async () => {
    try {
      const d = await generate.mutateAsync({ month });
      void message.success(t('circ.generate.done', { month: chineseMonth(month) }));
      void navigate(paths.circular(d.id));
    } catch (err) {
      notifyError(err);
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
  const { t } = useI18n();
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
                  <Typography.Text strong>{c.number ?? t('circ.draftNumber')}</Typography.Text>
                  <Typography.Text type="secondary">{chineseMonth(c.month)}</Typography.Text>
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
