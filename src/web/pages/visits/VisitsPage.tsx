import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Pagination,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { Visit, VisitTask } from '../../../domain/contracts/visits.ts';
import {
  VISIT_TASK_ACTION_LABELS,
  VISIT_TASK_STATUS_LABELS,
  type VisitTaskAction,
  type VisitTaskStatus,
} from '../../../domain/visit-tasks.ts';
import { useVillageChoices, villageSearchProps } from '../../api/organizations.ts';
import { useAssignTask, useCreateVisit, useResolveTask, useVisits } from '../../api/visits.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { assignableVillages } from './visit-villages.ts';

const TASK_COLOURS: Record<VisitTaskStatus, string> = { open: 'blue', done: 'green', not_done: 'orange' };

/** A task's state, with 逾期 when it is late. */
export function TaskStatusTags({ task }: { task: Pick<VisitTask, 'status' | 'overdue' | 'daysOverdue'> }) {
  const { t, pick } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag color={TASK_COLOURS[task.status]}>{pick(VISIT_TASK_STATUS_LABELS[task.status])}</Tag>
      {task.overdue && <Tag color="red">{t('visit.overdueDays', { n: task.daysOverdue })}</Tag>}
    </Space>
  );
}

/**
 * The villages and communities the reader may see, for the visit's village list, asked for when the form opens
 * (a province's found by the server as a name is typed).
 */
function useVillageOptions(enabled: boolean) {
  const villages = useVillageChoices(enabled);
  const options = useMemo(
    () => villages.choices.map((v) => ({ value: v.id, label: villages.partial && v.parentName ? `${v.name} · ${v.parentName}` : v.name })),
    [villages.choices, villages.partial],
  );
  return { options, loading: villages.loading, search: villageSearchProps(villages) };
}

interface VisitForm {
  visitedOn: Dayjs;
  leaderName: string;
  leaderTitle: string;
  organizationIds: string[];
  observations: string;
  instructions: string;
}

interface TaskForm {
  organizationId: string;
  instruction: string;
  ownerUnit: string;
  dueOn: Dayjs;
}

/** 调研督导: leaders' visits to villages, what they saw and asked for, and the instructions tracked as 交办事项. */
export function VisitsPage() {
  const { t, pick } = useI18n();
  const [page, setPage] = useState(1);
  const visits = useVisits({ page, pageSize: 20 });
  const [recording, setRecording] = useState(false);
  const [assigning, setAssigning] = useState<Visit | null>(null);
  const assignOptions = assignableVillages(assigning);
  const [resolving, setResolving] = useState<{ task: VisitTask; action: VisitTaskAction } | null>(null);
  const create = useCreateVisit();
  const assign = useAssignTask();
  const resolve = useResolveTask();
  const villages = useVillageOptions(recording);

  let body;
  if (visits.isLoading) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (visits.isError) body = <ErrorAlert error={visits.error} onRetry={() => void visits.refetch()} />;
  else if (!visits.data?.items.length) body = <Empty description={t('visit.empty')} />;
  else
    body = (
      <Flex vertical gap={16}>
        {visits.data.items.map((v) => (
          <VisitCard key={v.id} visit={v} onAssign={() => setAssigning(v)} onResolve={(task, action) => setResolving({ task, action })} />
        ))}
        <Pagination current={page} pageSize={20} total={visits.data.total} onChange={setPage} hideOnSinglePage />
      </Flex>
    );

  return (
    <div className="page-panel">
      <PageTitle
        title={t('visit.pageTitle')}
        extra={
          visits.data?.canRecord ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="visit-create">
              {t('visit.record')}
            </Button>
          ) : undefined
        }
      />
      <Typography.Paragraph type="secondary">{t('visit.intro')}</Typography.Paragraph>
      {body}

      <FormModal<VisitForm>
        open={recording}
        title={t('visit.record')}
        onClose={() => setRecording(false)}
        testIdPrefix="visit-form"
        width={620}
        initialValues={{ visitedOn: dayjs() }}
        onSubmit={(v) =>
          create.mutateAsync({
            visitedOn: v.visitedOn.format('YYYY-MM-DD'),
            leaderName: v.leaderName,
            leaderTitle: v.leaderTitle,
            organizationIds: v.organizationIds,
            observations: v.observations,
            instructions: v.instructions,
          })
        }
      >
        <Form.Item name="visitedOn" label={t('visit.date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="visit-date" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="leaderName"
            label={t('visit.leaderName')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: '1 1 160px' }}
          >
            <Input maxLength={50} data-testid="visit-leader-name" />
          </Form.Item>
          <Form.Item
            name="leaderTitle"
            label={t('visit.leaderTitle')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: '2 1 220px' }}
          >
            <Input maxLength={100} data-testid="visit-leader-title" />
          </Form.Item>
        </Flex>
        <Form.Item name="organizationIds" label={t('visit.villages')} rules={[{ required: true, message: t('visit.villagesRequired') }]}>
          <Select
            mode="multiple"
            options={villages.options}
            loading={villages.loading}
            optionFilterProp="label"
            data-testid="visit-villages"
            {...villages.search}
          />
        </Form.Item>
        <Form.Item name="observations" label={t('visit.observations')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="visit-observations" />
        </Form.Item>
        <Form.Item name="instructions" label={t('visit.instructions')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="visit-instructions" />
        </Form.Item>
      </FormModal>

      <FormModal<TaskForm>
        open={assigning !== null}
        title={t('visit.assignTitle', { leader: assigning?.leaderName ?? '', date: assigning?.visitedOn ?? '' })}
        onClose={() => setAssigning(null)}
        testIdPrefix="visit-task"
        initialValues={{ organizationId: assignOptions.length === 1 ? assignOptions[0]!.value : undefined }}
        onSubmit={(v) =>
          assign.mutateAsync({
            visitId: assigning!.id,
            body: {
              organizationId: v.organizationId,
              instruction: v.instruction,
              ownerUnit: v.ownerUnit,
              dueOn: v.dueOn.format('YYYY-MM-DD'),
            },
          })
        }
      >
        <Form.Item name="organizationId" label={t('visit.taskVillage')} rules={[{ required: true }]}>
          <Select options={assignOptions} data-testid="visit-task-village" />
        </Form.Item>
        <Form.Item name="instruction" label={t('visit.taskInstruction')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="visit-task-instruction" />
        </Form.Item>
        <Form.Item name="ownerUnit" label={t('visit.taskOwnerUnit')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="visit-task-owner" />
        </Form.Item>
        <Form.Item name="dueOn" label={t('visit.taskDue')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="visit-task-due" />
        </Form.Item>
      </FormModal>

      <FormModal<{ note?: string }>
        open={resolving !== null}
        title={resolving ? pick(VISIT_TASK_ACTION_LABELS[resolving.action]) : ''}
        onClose={() => setResolving(null)}
        testIdPrefix="visit-outcome"
        onSubmit={(v) =>
          resolve.mutateAsync({
            id: resolving!.task.id,
            body: { version: resolving!.task.version, action: resolving!.action, note: v.note?.trim() || undefined },
          })
        }
      >
        <Typography.Paragraph>{resolving?.task.instruction}</Typography.Paragraph>
        <Form.Item
          name="note"
          label={resolving?.action === 'mark_not_done' ? t('visit.noteMissing') : t('visit.noteDone')}
          rules={resolving?.action === 'mark_not_done' ? [{ required: true, whitespace: true }] : []}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="visit-outcome-note" />
        </Form.Item>
      </FormModal>
    </div>
  );
}

function VisitCard({
  visit,
  onAssign,
  onResolve,
}: {
  visit: Visit;
  onAssign: () => void;
  onResolve: (task: VisitTask, action: VisitTaskAction) => void;
}) {
  const { t, pick } = useI18n();
  const columns: ColumnsType<VisitTask> = [
    { title: t('visit.taskVillage'), dataIndex: 'organizationName', key: 'village', width: 100 },
    { title: t('visit.taskInstruction'), dataIndex: 'instruction', key: 'instruction' },
    { title: t('visit.taskOwnerUnit'), dataIndex: 'ownerUnit', key: 'owner', responsive: ['md'] },
    { title: t('visit.taskDue'), dataIndex: 'dueOn', key: 'due', width: 110 },
    { title: t('visit.taskStatus'), key: 'status', render: (_, task) => <TaskStatusTags task={task} /> },
    {
      title: '',
      key: 'actions',
      render: (_, task) => (
        <Space size={4} wrap>
          {task.allowedActions.map((a) => (
            <Button key={a} size="small" onClick={() => onResolve(task, a)} data-testid={`visit-task-${a}`}>
              {pick(VISIT_TASK_ACTION_LABELS[a])}
            </Button>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{visit.visitedOn}</span>
          <span>
            {visit.leaderName} · {visit.leaderTitle}
          </span>
        </Space>
      }
      extra={
        visit.allowedActions.includes('assign') ? (
          <Button size="small" icon={<PlusOutlined />} onClick={onAssign} data-testid="visit-assign">
            {t('visit.assign')}
          </Button>
        ) : undefined
      }
      data-testid="visit-card"
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('visit.villages')}>
          <Space size={4} wrap>
            {visit.organizations.map((o) => (
              <Tag key={o.id}>{o.name}</Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('visit.observations')}>{visit.observations}</Descriptions.Item>
        <Descriptions.Item label={t('visit.instructions')}>{visit.instructions}</Descriptions.Item>
      </Descriptions>
      {visit.tasks.length > 0 && (
        <Table<VisitTask> rowKey="id" size="small" columns={columns} dataSource={visit.tasks} pagination={false} scroll={{ x: true }} />
      )}
    </Card>
  );
}
