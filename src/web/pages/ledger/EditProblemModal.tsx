import { App, DatePicker, Form, Input, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ProblemDetail, Severity, UpdateProblemBody } from '../../../domain/contracts/problems.ts';
import { useUpdateProblem } from '../../api/problems.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/index.ts';
import { SEVERITIES, SEVERITY_LABELS } from './labels.ts';

interface Values {
  description: string;
  severity: Severity;
  ownerName?: string;
  dueOn?: Dayjs | null;
  responsibleOrgId?: string | null;
  leadOfficial?: string;
  isPublic: boolean;
}

const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

export function EditProblemModal({ problem, open, onClose }: { problem: ProblemDetail; open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateProblem();
  return (
    <FormModal<Values>
      open={open}
      title={t('ledger.edit.title', { code: problem.code })}
      onClose={onClose}
      testIdPrefix="problem-edit"
      initialValues={{
        description: problem.description,
        severity: problem.severity,
        ownerName: problem.ownerName ?? undefined,
        dueOn: problem.dueOn ? dayjs(problem.dueOn) : undefined,
        responsibleOrgId: problem.responsibleOrgId ?? undefined,
        leadOfficial: problem.leadOfficial ?? undefined,
        isPublic: problem.isPublic,
      }}
      onSubmit={async (v) => {
        const body: UpdateProblemBody = {
          version: problem.version,
          description: v.description.trim(),
          severity: v.severity,
          ownerName: orNull(v.ownerName),
          dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null,
          responsibleOrgId: v.responsibleOrgId ?? null,
          leadOfficial: orNull(v.leadOfficial),
          isPublic: v.isPublic,
        };
        await update.mutateAsync({ id: problem.id, body });
        void message.success(t('common.saved'));
      }}
    >
      <Form.Item
        name="description"
        label={t('ledger.field.description')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ledger.field.description') }) }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="problem-edit-description" />
      </Form.Item>
      <Form.Item name="severity" label={t('ledger.field.severity')}>
        <Select options={SEVERITIES.map((s) => ({ value: s, label: pick(SEVERITY_LABELS[s]) }))} />
      </Form.Item>
      <Form.Item name="ownerName" label={t('ledger.field.owner')}>
        <Input maxLength={50} data-testid="problem-edit-owner" />
      </Form.Item>
      <Form.Item name="dueOn" label={t('ledger.field.dueOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name="responsibleOrgId" label={t('ledger.field.responsibleOrg')}>
        <OrgTreeSelect allowClear placeholder={t('ledger.field.responsibleOrg')} />
      </Form.Item>
      <Form.Item name="leadOfficial" label={t('ledger.field.leadOfficial')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="isPublic" label={t('ledger.field.isPublic')} valuePropName="checked" extra={t('ledger.field.isPublicHelp')}>
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
