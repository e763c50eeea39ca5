import { CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import type { FundAllocation, FundSpending, VenueProjectDetail } from '../../../domain/contracts/venues.ts';
import { VENUE_PROJECT_ACTION_LABELS, type VenueProjectAction } from '../../../domain/venue-project-workflow.ts';
import { ApiError } from '../../api/client.ts';
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_BYTES } from '../../api/evidence.ts';
import {
  uploadVenueFile,
  useAllocate,
  useRecordMilestone,
  useReverseFundEntry,
  useSpend,
  useTransitionProject,
  useUpdateProject,
  venueKeys,
} from '../../api/venues.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { useMoney } from './venue-ui.tsx';
import { FigureFields, type FigureValues, PlanFields, type PlanValues } from './VenueForms.tsx';

/** Attaches one file (a plan attachment, a photo, a voucher) and refreshes every venue view. */
export function VenueFileButton({
  target,
  label,
  photo = false,
  testId,
}: {
  target: { projectId?: string; milestoneId?: string; spendingId?: string; venueId?: string };
  label: string;
  photo?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > EVIDENCE_MAX_BYTES) {
      notifyError(new ApiError(413, 'TOO_LARGE', t('evidence.tooLarge')));
      return;
    }
    setPercent(0);
    try {
      await uploadVenueFile(target, file, setPercent);
      void message.success(t('venues.file.uploaded'));
      void queryClient.invalidateQueries({ queryKey: venueKeys.all });
    } catch (err) {
      notifyError(err);
    } finally {
      setPercent(null);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={photo ? 'image/*' : EVIDENCE_ACCEPT}
        style={{ display: 'none' }}
        onChange={(e) => void onFile(e.target.files?.[0])}
        data-testid={`${testId}-input`}
      />
      <Button
        size="small"
        className="tap-target"
        icon={photo ? <CameraOutlined /> : <PaperClipOutlined />}
        loading={percent !== null}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {percent !== null ? `${percent}%` : label}
      </Button>
    </>
  );
}

export type ProjectDialog = 'edit' | 'reason' | 'accept' | 'milestone' | 'allocate' | 'spend';

/** The dialogs of a project's page; `action` is the send-back being given a reason. */
export function ProjectDialogs({
  project: p,
  dialog,
  action,
  onClose,
}: {
  project: VenueProjectDetail;
  dialog: ProjectDialog | null;
  action: VenueProjectAction | null;
  onClose: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateProject();
  const transition = useTransitionProject();
  const milestone = useRecordMilestone();
  const allocate = useAllocate();
  const spend = useSpend();
  const queryClient = useQueryClient();
  const today = dayjs();
  switch (dialog) {
    case null:
      return null;
    case 'edit':
      return (
        <FormModal<PlanValues>
          open
          title={t('venues.project.editPlan')}
          testIdPrefix="project-edit"
          onClose={onClose}
          initialValues={{ kind: p.kind, plan: p.plan, budget: p.budget, plannedArea: p.plannedArea, deadline: dayjs(p.deadline) }}
          onSubmit={async (v) => {
            await update.mutateAsync({
              id: p.id,
              body: {
                version: p.version,
                kind: v.kind,
                plan: v.plan,
                budget: v.budget,
                plannedArea: v.plannedArea,
                ...(v.deadline && { deadline: v.deadline.format('YYYY-MM-DD') }),
              },
            });
            void message.success(t('common.saved'));
          }}
        >
          <PlanFields />
        </FormModal>
      );
    case 'reason':
      return (
        <FormModal<{ reason: string }>
          open
          title={action ? pick(VENUE_PROJECT_ACTION_LABELS[action]) : ''}
          testIdPrefix="project-reason"
          okDanger
          onClose={onClose}
          onSubmit={async (v) => {
            await transition.mutateAsync({ id: p.id, body: { version: p.version, action: action!, reason: v.reason } });
          }}
        >
          <Form.Item
            name="reason"
            label={t('venues.project.reason')}
            rules={[{ required: true, message: t('common.required', { field: t('venues.project.reason') }) }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="project-reason-text" />
          </Form.Item>
        </FormModal>
      );
    case 'accept':
      return (
        <FormModal<FigureValues>
          open
          title={t('venues.project.acceptTitle')}
          testIdPrefix="project-accept"
          onClose={onClose}
          initialValues={acceptanceDefaults(p)}
          onSubmit={async (figures) => {
            const done = await transition.mutateAsync({ id: p.id, body: { version: p.version, action: 'accept', figures } });
            void message.success(done.venue.passes ? t('venues.project.acceptedPasses') : t('venues.project.acceptedFails'));
          }}
        >
          <FigureFields />
        </FormModal>
      );
    case 'milestone':
      return (
        <MilestoneModal
          onClose={onClose}
          onSubmit={async (v, photo) => {
            const after = await milestone.mutateAsync({
              id: p.id,
              body: { version: p.version, title: v.title, progress: v.progress, note: v.note || undefined },
            });
            if (photo) {
              await uploadVenueFile({ milestoneId: after.milestones.at(-1)!.id }, photo);
              await queryClient.invalidateQueries({ queryKey: venueKeys.all });
            }
          }}
          current={p.progress}
        />
      );
    case 'allocate':
      return (
        <FormModal<{
          amount: number;
          allocatedOn: dayjs.Dayjs;
          documentNo: string;
          note?: string;
          overBudget?: boolean;
          overBudgetReason?: string;
        }>
          open
          title={t('venues.fund.allocate')}
          testIdPrefix="fund-allocate"
          onClose={onClose}
          initialValues={{ allocatedOn: today }}
          onSubmit={async (v) => {
            await allocate.mutateAsync({
              id: p.id,
              body: {
                amount: v.amount,
                allocatedOn: v.allocatedOn.format('YYYY-MM-DD'),
                documentNo: v.documentNo,
                note: v.note || undefined,
                ...(v.overBudget && v.overBudgetReason ? { overBudget: { reason: v.overBudgetReason } } : {}),
              },
            });
          }}
        >
          <Form.Item
            name="amount"
            label={t('venues.fund.amount')}
            // What may still be allocated within the approved budget: beyond it the bureau says why.
            extra={t('venues.fund.budgetHint', { budget: p.budget.toFixed(2), allocated: p.allocated.toFixed(2) })}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={0.01}
              max={20000000}
              precision={2}
              style={{ width: '100%' }}
              addonAfter={t('venues.yuan')}
              data-testid="fund-amount"
            />
          </Form.Item>
          <Form.Item name="allocatedOn" label={t('venues.fund.allocatedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="documentNo" label={t('venues.fund.documentNo')} rules={[{ required: true }]}>
            <Input maxLength={60} placeholder="高新财〔2026〕12号" data-testid="fund-document-no" />
          </Form.Item>
          <Form.Item name="note" label={t('venues.field.notes')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="overBudget" valuePropName="checked">
            <Checkbox data-testid="fund-allocate-over-budget">{t('venues.fund.overBudget')}</Checkbox>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: { overBudget?: boolean }, b: { overBudget?: boolean }) => a.overBudget !== b.overBudget}>
            {({ getFieldValue }) =>
              getFieldValue('overBudget') ? (
                <Form.Item name="overBudgetReason" label={t('venues.fund.overBudgetReason')} rules={[{ required: true }]}>
                  <Input.TextArea rows={2} maxLength={500} data-testid="fund-allocate-over-budget-reason" />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </FormModal>
      );
    case 'spend':
      return <SpendModal onClose={onClose} balance={p.balance} onSubmit={(body) => spend.mutateAsync({ id: p.id, body })} />;
  }
}

/**
 * What the acceptance form starts from: the venue as recorded, with the area the project set out to build. Never
 * passing figures of our own: OK on the defaults of a rented venue must keep it rented (and on the list), so the
 * official changes only what was checked on site.
 */
function acceptanceDefaults(p: VenueProjectDetail): Partial<FigureValues> {
  const v = p.venue;
  return {
    // The plan's form accepts 0 for the area after completion: that is no figure, so the recorded one stands.
    buildingArea: p.plannedArea > 0 ? p.plannedArea : v.buildingArea,
    ownership: v.ownership,
    currentUse: v.currentUse,
    hallArea: v.hallArea,
    hasSignage: v.hasSignage,
    rulesPosted: v.rulesPosted,
  };
}

function MilestoneModal({
  onClose,
  onSubmit,
  current,
}: {
  onClose: () => void;
  onSubmit: (v: { title: string; progress: number; note?: string }, photo: File | null) => Promise<void>;
  current: number;
}) {
  const { t } = useI18n();
  const [photo, setPhoto] = useState<File | null>(null);
  return (
    <FormModal<{ title: string; progress: number; note?: string }>
      open
      title={t('venues.project.milestone')}
      testIdPrefix="project-milestone"
      onClose={onClose}
      initialValues={{ progress: current }}
      onSubmit={(v) => onSubmit(v, photo)}
    >
      <Form.Item
        name="title"
        label={t('venues.project.milestoneTitle')}
        rules={[{ required: true, message: t('common.required', { field: t('venues.project.milestoneTitle') }) }]}
      >
        <Input maxLength={200} placeholder={t('venues.project.milestonePlaceholder')} data-testid="project-milestone-title" />
      </Form.Item>
      <Form.Item name="progress" label={t('venues.project.progress')} rules={[{ required: true }]}>
        <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} data-testid="project-milestone-progress" />
      </Form.Item>
      <Form.Item name="note" label={t('venues.field.notes')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Form.Item label={t('venues.project.photo')}>
        <input type="file" accept="image/*" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} data-testid="project-milestone-photo" />
      </Form.Item>
    </FormModal>
  );
}

type SpendValues = {
  amount: number;
  spentOn: dayjs.Dayjs;
  payee: string;
  purpose: string;
  voucherNo: string;
  override?: boolean;
  overrideReason?: string;
};

function SpendModal({
  onClose,
  onSubmit,
  balance,
}: {
  onClose: () => void;
  onSubmit: (body: Parameters<ReturnType<typeof useSpend>['mutateAsync']>[0]['body']) => Promise<unknown>;
  balance: number;
}) {
  const { t } = useI18n();
  return (
    <FormModal<SpendValues>
      open
      title={t('venues.fund.spend')}
      testIdPrefix="fund-spend"
      onClose={onClose}
      initialValues={{ spentOn: dayjs() }}
      onSubmit={async (v) => {
        await onSubmit({
          amount: v.amount,
          spentOn: v.spentOn.format('YYYY-MM-DD'),
          payee: v.payee,
          purpose: v.purpose,
          voucherNo: v.voucherNo,
          ...(v.override && v.overrideReason ? { override: { reason: v.overrideReason } } : {}),
        });
      }}
    >
      {() => (
        <>
          <Form.Item
            name="amount"
            label={t('venues.fund.amount')}
            extra={t('venues.fund.balanceHint', { balance: balance.toFixed(2) })}
            rules={[{ required: true }]}
          >
            <InputNumber min={0.01} max={20000000} precision={2} style={{ width: '100%' }} addonAfter={t('venues.yuan')} />
          </Form.Item>
          <Form.Item name="spentOn" label={t('venues.fund.spentOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="payee" label={t('venues.fund.payee')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="purpose" label={t('venues.fund.purpose')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="voucherNo" label={t('venues.fund.voucherNo')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="override" valuePropName="checked">
            <Checkbox>{t('venues.fund.override')}</Checkbox>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: SpendValues, b: SpendValues) => a.override !== b.override}>
            {({ getFieldValue }) =>
              getFieldValue('override') ? (
                <Form.Item name="overrideReason" label={t('venues.fund.overrideReason')} rules={[{ required: true }]}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** The entry a 冲销 is asked for: an allocation or a spend of the project. */
export type ReversalTarget = { kind: 'allocations'; entry: FundAllocation } | { kind: 'spendings'; entry: FundSpending };

type ReverseValues = { reversedOn: dayjs.Dayjs; reference?: string; reason: string };

/**
 * 冲销 of an allocation or a spend entered wrongly: says what it will record and that it cannot be undone, asks the
 * day (not before the entry, not after today), the reversal's own document and why.
 */
export function ReverseEntryModal({
  project: p,
  target,
  onClose,
}: {
  project: VenueProjectDetail;
  target: ReversalTarget;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const reverse = useReverseFundEntry();
  const entryDay = target.kind === 'allocations' ? target.entry.allocatedOn : target.entry.spentOn;
  const reference = target.kind === 'allocations' ? target.entry.documentNo : target.entry.voucherNo;
  return (
    <FormModal<ReverseValues>
      open
      title={t(target.kind === 'allocations' ? 'venues.fund.reverseAllocation' : 'venues.fund.reverseSpending')}
      okText={t('venues.fund.reverse')}
      okDanger
      testIdPrefix="fund-reverse"
      onClose={onClose}
      initialValues={{ reversedOn: dayjs() }}
      onSubmit={async (v) => {
        await reverse.mutateAsync({
          id: p.id,
          kind: target.kind,
          entryId: target.entry.id,
          body: {
            reversedOn: v.reversedOn.format('YYYY-MM-DD'),
            reason: v.reason,
            ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
          },
        });
        void message.success(t('venues.fund.reversedDone'));
      }}
    >
      {() => (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('venues.fund.reverseWarning', { amount: money(-target.entry.amount) })}
            description={
              target.kind === 'allocations' && p.spent > 0 ? t('venues.fund.reverseAllocationOrder', { spent: money(p.spent) }) : undefined
            }
            data-testid="fund-reverse-warning"
          />
          <Form.Item name="reversedOn" label={t('venues.fund.reversedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(entryDay), 'day')} />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t('venues.fund.reverseReference')}
            extra={t('venues.fund.reverseReferenceHint', { reference })}
          >
            <Input maxLength={60} placeholder={reference} />
          </Form.Item>
          <Form.Item name="reason" label={t('venues.fund.reverseReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="fund-reverse-reason" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
