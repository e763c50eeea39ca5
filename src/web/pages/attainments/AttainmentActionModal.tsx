import { App, Form, Input, Select, Typography } from 'antd';
import { ATTAINMENT_ACTION_LABELS, ATTAINMENT_WORKFLOW, type AttainmentAction } from '../../../domain/attainment-workflow.ts';
import type { AttainmentDetail } from '../../../domain/contracts/attainments.ts';
import { useTransitionAttainment } from '../../api/attainments.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.ts';

const DONE: Record<AttainmentAction, MessageKey> = {
  propose: 'att.done.propose',
  confirm: 'att.done.confirm',
  reject: 'att.done.reject',
  revoke: 'att.done.revoke',
};

interface Values {
  note?: string;
  reason?: string;
  evidenceIds?: string[];
}

/** One 达标验收 step: the note (申报), the reason (退回, 撤销), or just a confirmation (确认达标). */
export function AttainmentActionModal({
  standing,
  action,
  onClose,
}: {
  standing: Pick<AttainmentDetail, 'checklistId' | 'organizationName' | 'version'> & {
    availableEvidence?: AttainmentDetail['availableEvidence'];
  };
  action: AttainmentAction | null;
  onClose: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const transition = useTransitionAttainment();
  const rule = action ? ATTAINMENT_WORKFLOW[action] : null;
  const submit = async (v: Values) => {
    if (!action) return;
    await transition.mutateAsync({
      checklistId: standing.checklistId,
      body: {
        action,
        version: standing.version,
        ...(rule?.noteRequired ? { note: v.note?.trim(), evidenceIds: v.evidenceIds ?? [] } : {}),
        ...(rule?.reasonRequired ? { reason: v.reason?.trim() } : {}),
      },
    });
    void message.success(t(DONE[action]));
  };
  return (
    <FormModal<Values>
      open={action !== null}
      title={action ? t('att.action.title', { action: pick(ATTAINMENT_ACTION_LABELS[action]), village: standing.organizationName }) : ''}
      okText={action ? pick(ATTAINMENT_ACTION_LABELS[action]) : undefined}
      okDanger={action === 'reject' || action === 'revoke'}
      onClose={onClose}
      onSubmit={submit}
      testIdPrefix="att-action"
    >
      {action === 'confirm' && <Typography.Paragraph>{t('att.action.confirmHint')}</Typography.Paragraph>}
      {rule?.noteRequired && (
        <>
          <Form.Item
            name="note"
            label={t('att.action.note')}
            rules={[{ required: true, whitespace: true, message: t('att.action.required') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={1000}
              showCount
              placeholder={t('att.action.notePlaceholder')}
              data-testid="att-action-note"
            />
          </Form.Item>
          {(standing.availableEvidence?.length ?? 0) > 0 && (
            <Form.Item name="evidenceIds" label={t('att.action.evidence')}>
              <Select
                mode="multiple"
                allowClear
                maxCount={20}
                options={standing.availableEvidence!.map((e) => ({ value: e.id, label: `${e.problemCode} · ${e.originalName}` }))}
                data-testid="att-action-evidence"
              />
            </Form.Item>
          )}
        </>
      )}
      {rule?.reasonRequired && (
        <Form.Item
          name="reason"
          label={t('att.action.reason')}
          rules={[{ required: true, whitespace: true, message: t('att.action.required') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder={t('att.action.reasonPlaceholder')}
            data-testid="att-action-reason"
          />
        </Form.Item>
      )}
    </FormModal>
  );
}
