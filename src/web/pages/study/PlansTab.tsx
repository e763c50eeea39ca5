import { Alert, Button, Checkbox, Empty, Flex, Form, Input, InputNumber, Select, Table, Tag, type TableColumnType } from 'antd';
import { useState } from 'react';
import type { StudyPlan } from '../../../domain/contracts/study.ts';
import { STUDY_SESSION_KIND_LABELS, STUDY_SESSION_KINDS, type StudySessionKind } from '../../../domain/study-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { useAllStudyPlans, useCreatePlan, useStudyOverview, useStudyPlans, useUpdatePlan } from '../../api/study.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { changedFields } from './changed-fields.ts';
import { DateRange } from './DateText.tsx';
import { useBranchColumn } from './use-branch-column.ts';

interface PlanValues {
  organizationId?: string;
  title: string;
  startsOn: string;
  endsOn: string;
  topics: string[];
  forms: StudySessionKind[];
  sessionsPerMonth: number;
  note?: string;
}

const PLANS_PAGE_SIZE = 50;

/** 学习计划: each branch's plans in scope, a page at a time; a branch's recorder draws one up or edits it. */
export function PlansTab() {
  const { t, pick } = useI18n();
  const [page, setPage] = useState(1);
  const q = useAllStudyPlans(page, PLANS_PAGE_SIZE);
  const overview = useStudyOverview();
  // The id, not the row: after a 409 the refetched plan (with its new version) is the one edited.
  const [editing, setEditing] = useState<string | null>(null);
  const plan = q.data?.items.find((p) => p.id === editing);
  const withBranch = useBranchColumn(q.data?.items ?? []);
  const phone = useIsMobile();
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const canCreate = (overview.data?.branches ?? []).some((b) => b.canRecord);
  const forms = (p: StudyPlan) => (
    <Flex gap={4} wrap>
      {p.forms.map((f) => (
        <Tag key={f} style={{ marginInlineEnd: 0 }}>
          {pick(STUDY_SESSION_KIND_LABELS[f])}
        </Tag>
      ))}
    </Flex>
  );
  const wide: Array<TableColumnType<StudyPlan>> = [
    ...(withBranch ? [{ title: t('study.col.branch'), dataIndex: 'organizationName' }] : []),
    { title: t('study.plan.title'), dataIndex: 'title' },
    { title: t('study.plan.period'), render: (_, p) => <DateRange from={p.startsOn} to={p.endsOn} /> },
    { title: t('study.plan.perMonth'), dataIndex: 'sessionsPerMonth' },
    { title: t('study.plan.forms'), render: (_, p) => forms(p) },
    { title: t('study.plan.topics'), render: (_, p) => p.topics.join(' / ') },
  ];
  // On a phone a plan is one cell (its title, then the rest under it) beside 修改: in seven columns 修改 sat cut off
  // at the screen's right edge.
  const planCell = (p: StudyPlan) => (
    <Flex vertical gap={2}>
      <span style={{ overflowWrap: 'anywhere' }}>{p.title}</span>
      <span className="text-secondary" style={{ fontSize: 12 }}>
        {withBranch && `${p.organizationName} · `}
        <DateRange from={p.startsOn} to={p.endsOn} /> · {t('study.plan.perMonthN', { n: p.sessionsPerMonth })}
      </span>
      {forms(p)}
      <span className="text-secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
        {p.topics.join(' / ')}
      </span>
    </Flex>
  );
  const actions: TableColumnType<StudyPlan> = {
    title: t('common.actions'),
    width: phone ? 72 : undefined,
    render: (_, p) =>
      p.allowedActions.includes('edit') && (
        <Button size="small" onClick={() => setEditing(p.id)} data-testid="study-plan-edit">
          {t('study.edit')}
        </Button>
      ),
  };
  return (
    <Flex vertical gap={8}>
      {canCreate && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => setEditing('new')} data-testid="study-plan-new">
          {t('study.plan.new')}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PLANS_PAGE_SIZE,
          total: q.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        scroll={phone ? undefined : { x: 720 }}
        locale={{ emptyText: <Empty description={t('study.plan.empty')} /> }}
        data-testid="study-plans"
        columns={phone ? [{ title: t('study.plan.title'), render: (_, p) => planCell(p) }, actions] : [...wide, actions]}
      />
      {(editing === 'new' || plan) && <PlanModal plan={plan ?? null} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

const planFields = (v: Omit<PlanValues, 'organizationId'>) => ({
  title: v.title.trim(),
  startsOn: v.startsOn,
  endsOn: v.endsOn,
  topics: v.topics.map((x) => x.trim()).filter(Boolean),
  forms: v.forms,
  sessionsPerMonth: v.sessionsPerMonth,
  note: v.note?.trim() || null,
});

/** Draws up (plan = null) or edits a study plan; a stale version is answered 409 and said plainly in the modal. */
function PlanModal({ plan, onClose }: { plan: StudyPlan | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const overview = useStudyOverview();
  const branches = (overview.data?.branches ?? []).filter((b) => b.canRecord);
  const create = useCreatePlan();
  const update = useUpdatePlan();
  const year = shanghaiDate(new Date()).slice(0, 4);
  // The plan as the form opened it (a refetch after a 409 brings a newer `plan`, the form keeps what was typed).
  const [opened] = useState(plan ? { ...plan, note: plan.note ?? '' } : null);
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  return (
    <FormModal<PlanValues>
      open
      title={plan ? t('study.plan.editTitle') : t('study.plan.new')}
      onClose={onClose}
      testIdPrefix="study-plan"
      width={600}
      initialValues={
        plan
          ? {
              title: plan.title,
              startsOn: plan.startsOn,
              endsOn: plan.endsOn,
              topics: plan.topics,
              forms: plan.forms,
              sessionsPerMonth: plan.sessionsPerMonth,
              note: plan.note ?? '',
            }
          : {
              organizationId: branches.length === 1 ? branches[0]!.id : undefined,
              title: t('study.plan.defaultTitle', { year }),
              startsOn: `${year}-01-01`,
              endsOn: `${year}-12-31`,
              topics: [t('study.plan.topic1'), t('study.plan.topic2')],
              forms: ['group_study', 'evening_school', 'self_study'],
              sessionsPerMonth: 2,
              note: '',
            }
      }
      onSubmit={async (v) => {
        const fields = planFields(v);
        if (plan) {
          // Only what this form changed, with the latest version: a retry after a 409 keeps others' edits to the rest.
          const changes = changedFields(planFields(opened!), fields);
          if (Object.keys(changes).length) await update.mutateAsync({ id: plan.id, body: { version: plan.version, ...changes } });
        } else await create.mutateAsync({ organizationId: v.organizationId!, ...fields });
      }}
    >
      {!plan && (
        <Form.Item name="organizationId" label={t('study.record.branch')} rules={[{ required: true, message: t('study.record.branch') }]}>
          <Select
            options={branches.map((b) => ({ value: b.id, label: b.parentName ? `${b.parentName} · ${b.name}` : b.name }))}
            data-testid="study-plan-branch"
          />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('study.plan.title')} rules={[required(t('study.plan.title')), { max: 60 }]}>
        <Input maxLength={60} data-testid="study-plan-title" />
      </Form.Item>
      {/* minWidth 0: a date field's own width otherwise pushed 结束日期 past the dialog's edge on a phone. */}
      <Flex gap={8}>
        <Form.Item
          name="startsOn"
          label={t('study.plan.startsOn')}
          rules={[required(t('study.plan.startsOn'))]}
          style={{ flex: 1, minWidth: 0 }}
        >
          <Input type="date" data-testid="study-plan-starts" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('study.plan.endsOn')}
          dependencies={['startsOn']}
          style={{ flex: 1, minWidth: 0 }}
          rules={[
            required(t('study.plan.endsOn')),
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                !value || !getFieldValue('startsOn') || value >= (getFieldValue('startsOn') as string)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('study.plan.endsBeforeStart'))),
            }),
          ]}
        >
          <Input type="date" data-testid="study-plan-ends" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="topics"
        label={t('study.plan.topics')}
        extra={t('study.plan.topicsHint')}
        rules={[{ required: true, type: 'array', min: 1, message: t('study.plan.topicsNeeded') }]}
      >
        <Select mode="tags" tokenSeparators={['；', ';']} open={false} data-testid="study-plan-topics" />
      </Form.Item>
      <Form.Item
        name="forms"
        label={t('study.plan.forms')}
        rules={[{ required: true, type: 'array', min: 1, message: t('study.plan.formsNeeded') }]}
      >
        <Checkbox.Group options={STUDY_SESSION_KINDS.map((k) => ({ value: k, label: pick(STUDY_SESSION_KIND_LABELS[k]) }))} />
      </Form.Item>
      <Form.Item name="sessionsPerMonth" label={t('study.plan.perMonth')} rules={[{ required: true, type: 'integer', min: 0, max: 31 }]}>
        <InputNumber min={0} max={31} precision={0} data-testid="study-plan-per-month" />
      </Form.Item>
      <OverlapNote plan={plan} />
      <Form.Item name="note" label={t('study.plan.note')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * Says when a month of the period typed is also covered by another plan of the same branch, and what such a month
 * then owes: the most any plan covering part of the month asks (`sessionsOwed`, src/domain/study-coverage.ts). Overlaps are allowed (a
 * year's plan and a month's special study); the form said nothing of how they count.
 */
function OverlapNote({ plan }: { plan: StudyPlan | null }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<PlanValues>();
  const chosen = Form.useWatch('organizationId', form);
  const startsOn = Form.useWatch('startsOn', form);
  const endsOn = Form.useWatch('endsOn', form);
  const perMonth = Form.useWatch('sessionsPerMonth', form);
  const organizationId = plan?.organizationId ?? chosen;
  const others = useStudyPlans(organizationId);
  if (!startsOn || !endsOn || endsOn < startsOn) return null;
  const overlapping = (others.data?.items ?? []).filter(
    (p) => p.id !== plan?.id && p.startsOn.slice(0, 7) <= endsOn.slice(0, 7) && p.endsOn.slice(0, 7) >= startsOn.slice(0, 7),
  );
  if (overlapping.length === 0) return null;
  const most = Math.max(typeof perMonth === 'number' ? perMonth : 0, ...overlapping.map((p) => p.sessionsPerMonth));
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="study-plan-overlap"
      message={t('study.plan.overlap', {
        plans: overlapping
          .map((p) => t('study.plan.overlapOne', { title: p.title, from: p.startsOn, to: p.endsOn, n: p.sessionsPerMonth }))
          .join('；'),
        n: most,
      })}
    />
  );
}
