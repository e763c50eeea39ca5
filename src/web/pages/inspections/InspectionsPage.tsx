import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Progress,
  Select,
  Skeleton,
  Table,
  Tag,
  TreeSelect,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Round } from '../../../domain/contracts/inspections.ts';
import { useCreateRound, usePublishedVersions, useRounds } from '../../api/inspections.ts';
import { useVillageChoices, villageSearchProps } from '../../api/organizations.ts';
import { useHasPermission } from '../../api/session.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';

export function RoundStatusTag({ status }: { status: Round['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'open' ? 'processing' : 'default'}>{t(status === 'open' ? 'insp.round.open' : 'insp.round.closed')}</Tag>;
}

function RoundProgress({ r }: { r: Round }) {
  const { t } = useI18n();
  const percent = r.checklistsTotal ? Math.round((r.checklistsDone / r.checklistsTotal) * 100) : 0;
  return (
    <div>
      <Progress percent={percent} size="small" format={() => `${r.checklistsDone}/${r.checklistsTotal}`} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('insp.round.problemsFound', { n: r.problemsFound })}
      </Typography.Text>
    </div>
  );
}

/** 排查: inspection rounds, newest first, with how far each has got. */
export function InspectionsPage() {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const canManage = useHasPermission('inspection.manage');
  const rounds = useRounds();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const items = rounds.data ?? [];

  const columns: TableColumnsType<Round> = [
    { title: t('insp.round.name'), dataIndex: 'name', render: (name: string, r) => <Link to={paths.inspectionRound(r.id)}>{name}</Link> },
    {
      title: t('insp.round.standard'),
      key: 'standard',
      // Its version too: a new draft keeps the title, and two published versions read the same.
      render: (_: unknown, r: Round) => t('insp.round.standardVersion', { title: r.standardTitle, no: r.standardVersionNo }),
    },
    { title: t('insp.round.period'), key: 'period', width: 200, render: (_, r) => `${r.periodStart} ~ ${r.periodEnd}` },
    { title: t('insp.round.progress'), key: 'progress', width: 200, render: (_, r) => <RoundProgress r={r} /> },
    { title: t('insp.round.status'), dataIndex: 'status', width: 90, render: (s: Round['status']) => <RoundStatusTag status={s} /> },
  ];

  return (
    <>
      <PageTitle
        title={t('insp.pageTitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-create">
              {t('insp.round.create')}
            </Button>
          )
        }
      />
      <div className="page-panel">
        {rounds.isError ? (
          <ErrorAlert error={rounds.error} onRetry={() => void rounds.refetch()} />
        ) : rounds.isLoading ? (
          <Skeleton active paragraph={{ rows: 5 }} />
        ) : items.length === 0 ? (
          <Empty description={canManage ? t('insp.round.emptyCanCreate') : t('insp.round.empty')} />
        ) : isMobile ? (
          <List<Round>
            dataSource={items}
            rowKey="id"
            renderItem={(r) => (
              <List.Item style={{ padding: '6px 0', border: 'none' }}>
                <Card
                  size="small"
                  hoverable
                  style={{ width: '100%' }}
                  onClick={() => void navigate(paths.inspectionRound(r.id))}
                  data-testid="round-card"
                >
                  <Flex justify="space-between" align="center" gap={8}>
                    <Link to={paths.inspectionRound(r.id)} style={{ fontSize: 16, fontWeight: 500 }}>
                      {r.name}
                    </Link>
                    <RoundStatusTag status={r.status} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {r.periodStart} ~ {r.periodEnd}
                  </Typography.Text>
                  <RoundProgress r={r} />
                </Card>
              </List.Item>
            )}
          />
        ) : (
          <Table<Round>
            rowKey="id"
            columns={columns}
            dataSource={items}
            pagination={false}
            onRow={() => ({ 'data-testid': 'round-row' }) as object}
          />
        )}
      </div>
      {canManage && <CreateRoundModal open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}

interface RoundValues {
  name: string;
  standardVersionId: string;
  period: [Dayjs, Dayjs];
  organizationIds: string[];
}

interface VillageOption {
  value: string;
  title: string;
  checkable: boolean;
  disableCheckbox?: boolean;
  selectable: boolean;
  children: VillageOption[];
}

function CreateRoundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateRound();
  const versions = usePublishedVersions(open);
  // The villages, asked for when the dialog opens (not on the page's landing); a province's are found by name.
  const villages = useVillageChoices(open);

  // Only villages and communities can be ticked; their 街道 only group them.
  const treeData = useMemo(() => {
    const byParent = new Map<string, VillageOption>();
    for (const v of villages.choices) {
      const key = v.parentName ?? '';
      const parent = byParent.get(key) ?? { value: `parent:${key}`, title: key || '—', checkable: false, selectable: false, children: [] };
      parent.children.push({ value: v.id, title: v.name, checkable: true, selectable: true, children: [] });
      byParent.set(key, parent);
    }
    return [...byParent.values()];
  }, [villages.choices]);

  return (
    <FormModal<RoundValues>
      open={open}
      title={t('insp.round.create')}
      okText={t('insp.round.createOk')}
      onClose={onClose}
      testIdPrefix="round-create"
      width={600}
      onSubmit={async (v) => {
        const r = await create.mutateAsync({
          name: v.name.trim(),
          standardVersionId: v.standardVersionId,
          periodStart: v.period[0].format('YYYY-MM-DD'),
          periodEnd: v.period[1].format('YYYY-MM-DD'),
          organizationIds: v.organizationIds,
        });
        void message.success(t('insp.round.created', { name: r.name }));
        void navigate(paths.inspectionRound(r.id));
      }}
    >
      <Form.Item
        name="name"
        label={t('insp.round.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('insp.round.name') }) }]}
      >
        <Input maxLength={100} placeholder={t('insp.round.namePlaceholder')} data-testid="round-name" />
      </Form.Item>
      <Form.Item
        name="standardVersionId"
        label={t('insp.round.standard')}
        rules={[{ required: true, message: t('insp.round.standardRequired') }]}
        extra={versions.data && versions.data.length === 0 ? t('insp.round.noPublished') : undefined}
      >
        <Select
          loading={versions.isLoading}
          options={(versions.data ?? []).map((v) => ({ value: v.id, label: v.label }))}
          placeholder={t('insp.round.standardRequired')}
          data-testid="round-standard"
        />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('insp.round.period')}
        rules={[{ required: true, message: t('common.required', { field: t('insp.round.period') }) }]}
      >
        <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item
        name="organizationIds"
        label={t('insp.round.villages')}
        rules={[{ required: true, type: 'array', min: 1, message: t('insp.round.villagesRequired') }]}
      >
        <VillageSelect treeData={treeData} villages={villages} placeholder={t('insp.round.villagesRequired')} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * The village picker; wrapped so the browser tests can find it by test id. A district's villages are a tree to
 * tick by 街道; a province's (sent a level at a time) a list the server fills as a name is typed.
 */
function VillageSelect({
  value,
  onChange,
  treeData,
  villages,
  placeholder,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  treeData: VillageOption[];
  villages: ReturnType<typeof useVillageChoices>;
  placeholder: string;
}) {
  return (
    <div data-testid="round-villages">
      {!villages.ready ? (
        <Select disabled loading placeholder={placeholder} style={{ width: '100%' }} />
      ) : villages.partial ? (
        <Select<string[]>
          mode="multiple"
          value={value}
          onChange={(v) => onChange?.(v)}
          options={villages.choices.map((v) => ({ value: v.id, label: v.parentName ? `${v.name} · ${v.parentName}` : v.name }))}
          loading={villages.loading}
          placeholder={placeholder}
          maxTagCount="responsive"
          style={{ width: '100%' }}
          listHeight={200}
          {...villageSearchProps(villages)}
        />
      ) : (
        <TreeSelect<string[]>
          // Mounted again once the villages come, so that they open (treeDefaultExpandAll applies at mount).
          key={treeData.length ? 'loaded' : 'loading'}
          value={value}
          onChange={(v) => onChange?.(v)}
          treeData={treeData}
          treeCheckable
          showCheckedStrategy={TreeSelect.SHOW_CHILD}
          treeDefaultExpandAll
          showSearch
          treeNodeFilterProp="title"
          placeholder={placeholder}
          maxTagCount="responsive"
          loading={villages.loading}
          style={{ width: '100%' }}
          // Short enough that the dialog's other fields stay in view on a phone.
          listHeight={200}
        />
      )}
    </div>
  );
}
