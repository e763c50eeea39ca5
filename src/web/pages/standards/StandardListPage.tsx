import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Standard, StandardVersionSummary } from '../../../domain/contracts/standards.ts';
import { useCreateDraft, useCreateStandard, useStandards } from '../../api/standards.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { CompareSelector } from './CompareSelector.tsx';
import { formatDate, stdPaths, VersionStatusTag } from './std-shared.tsx';

interface CreateValues {
  name: string;
  description?: string;
  title?: string;
}

export function StandardListPage() {
  const { t } = useI18n();
  const standards = useStandards();
  const create = useCreateStandard();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const items = standards.data?.items ?? [];
  const canCreate = standards.data?.allowedActions?.includes('create') ?? false;

  return (
    <>
      <PageTitle
        title={t('std.pageTitle')}
        extra={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="std-create-standard">
              {t('std.create')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('std.intro')}</Typography.Paragraph>

      {standards.isError ? (
        <ErrorAlert error={standards.error} onRetry={() => void standards.refetch()} />
      ) : standards.isLoading ? (
        <div className="page-panel">
          <Skeleton active paragraph={{ rows: 6 }} />
        </div>
      ) : items.length === 0 ? (
        <div className="page-panel">
          <Empty description={t('std.empty')} />
        </div>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {items.some((s) => s.versions.length >= 1) && (
            <Card size="small" title={t('std.compare')} className="std-compare-card">
              <CompareSelector standards={items} />
            </Card>
          )}
          {items.map((s) => (
            <StandardCard key={s.id} standard={s} />
          ))}
        </Space>
      )}

      <FormModal<CreateValues>
        open={creating}
        title={t('std.create.title')}
        onClose={() => setCreating(false)}
        testIdPrefix="std-create-standard"
        onSubmit={async (values) => {
          const detail = await create.mutateAsync({
            name: values.name,
            description: values.description?.trim() || undefined,
            title: values.title?.trim() || undefined,
          });
          void message.success(t('std.created', { name: detail.standardName }));
          void navigate(stdPaths.version(detail.id));
        }}
      >
        <Form.Item
          name="name"
          label={t('std.create.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('std.create.name') }) }]}
        >
          <Input maxLength={100} placeholder="渭南高新区村（社区）党组织规范化建设标准" />
        </Form.Item>
        <Form.Item name="title" label={t('std.create.versionTitle')} extra={t('std.create.versionTitleHint')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('std.create.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function StandardCard({ standard }: { standard: Standard }) {
  return (
    <Card
      className="std-standard-card"
      title={<span className="std-standard-name">{standard.name}</span>}
      data-testid="std-standard"
      data-standard-id={standard.id}
    >
      {standard.description && <Typography.Paragraph type="secondary">{standard.description}</Typography.Paragraph>}
      <div className="std-version-list">
        {standard.versions.map((v) => (
          <VersionRow key={v.id} standard={standard} version={v} />
        ))}
      </div>
    </Card>
  );
}

function VersionRow({ standard, version: v }: { standard: Standard; version: StandardVersionSummary }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const createDraft = useCreateDraft();
  const isCurrent = standard.currentVersionId === v.id;

  const startDraft = () => {
    modal.confirm({
      title: t('std.createDraft.title', { no: v.versionNo }),
      content: t('std.createDraft.content'),
      okText: t('std.createDraft'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'std-create-draft-confirm' },
      onOk: async () => {
        try {
          const detail = await createDraft.mutateAsync({ standardId: standard.id, basedOnVersionId: v.id });
          void message.success(t('std.draftCreated'));
          void navigate(stdPaths.version(detail.id));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  return (
    <div className="std-version-row" data-testid="std-version-row" data-version-id={v.id} data-status={v.status}>
      <div className="std-version-main">
        <Space size={[8, 4]} wrap>
          <Typography.Text strong>{t('std.versionNo', { no: v.versionNo })}</Typography.Text>
          <VersionStatusTag status={v.status} />
          {isCurrent && <Tag color="blue">{t('std.current')}</Tag>}
        </Space>
        <div className="std-version-title">{v.title}</div>
        <Typography.Text type="secondary" className="std-version-meta">
          {t('std.counts', { areas: v.areaCount, items: v.itemCount, weight: v.totalWeight })}
          {' · '}
          {v.publishedAt
            ? v.publishedBy
              ? t('common.withDetail', {
                  label: t('std.publishedAt', { date: formatDate(v.publishedAt) }),
                  detail: v.publishedBy.displayName,
                })
              : t('std.publishedAt', { date: formatDate(v.publishedAt) })
            : t('std.updatedAt', { date: formatDate(v.updatedAt) })}
        </Typography.Text>
      </div>
      <Flex gap={8} wrap className="std-version-actions">
        <Button icon={<EyeOutlined />} onClick={() => navigate(stdPaths.version(v.id))} data-testid="std-open-version">
          {t('std.open')}
        </Button>
        {v.allowedActions.includes('createDraft') && (
          <Button icon={<PlusOutlined />} onClick={startDraft} loading={createDraft.isPending} data-testid="std-create-draft">
            {t('std.createDraft')}
          </Button>
        )}
      </Flex>
    </div>
  );
}
