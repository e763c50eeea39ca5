import { App, DatePicker, Form, Input, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useCreateProblem } from '../../api/problems.ts';
import { paths } from '../../app/paths.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { Severity } from '../../../domain/contracts/problems.ts';
import { SEVERITIES, SEVERITY_LABELS } from './labels.ts';

interface Values {
  organizationId: string;
  description: string;
  severity: Severity;
  dueOn?: Dayjs;
  ownerName?: string;
  leadOfficial?: string;
  isPublic: boolean;
}

const opt = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

/** 登记问题: a problem found outside an inspection checklist. */
export function CreateProblemModal({
  open,
  onClose,
  defaultOrganizationId,
}: {
  open: boolean;
  onClose: () => void;
  defaultOrganizationId?: string;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateProblem();
  return (
    <FormModal<Values>
      open={open}
      title={t('ledger.create')}
      onClose={onClose}
      testIdPrefix="problem-create"
      initialValues={{ organizationId: defaultOrganizationId, severity: 'minor', isPublic: true }}
      onSubmit={async (v) => {
        const p = await create.mutateAsync({
          organizationId: v.organizationId,
          description: v.description.trim(),
          severity: v.severity,
          dueOn: v.dueOn?.format('YYYY-MM-DD'),
          ownerName: opt(v.ownerName),
          leadOfficial: opt(v.leadOfficial),
          isPublic: v.isPublic,
          tags: [],
        });
        void message.success(t('ledger.created', { code: p.code }));
        void navigate(paths.problem(p.id));
      }}
    >
      <Form.Item
        name="organizationId"
        label={t('ledger.field.organization')}
        rules={[{ required: true, message: t('ledger.field.organizationRequired') }]}
      >
        <OrgTreeSelect placeholder={t('ledger.field.organizationRequired')} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('ledger.field.description')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ledger.field.description') }) }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="problem-create-description" />
      </Form.Item>
      <Form.Item name="severity" label={t('ledger.field.severity')}>
        <Select options={SEVERITIES.map((s) => ({ value: s, label: pick(SEVERITY_LABELS[s]) }))} />
      </Form.Item>
      <Form.Item name="dueOn" label={t('ledger.field.dueOn')} extra={t('ledger.create.dueDefault')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name="ownerName" label={t('ledger.field.owner')} extra={t('ledger.create.ownerDefault')}>
        <Input maxLength={50} />
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
