import { Alert, Form, Select } from 'antd';
import type { OrganizationDetail } from '../../../domain/contracts/organizations.ts';
import { canBeChildOf, ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS, type OrganizationKind } from '../../../domain/organizations.ts';
import { useCreateOrganization } from '../../api/organizations.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { OrgNameCodeFields } from './OrgFormFields.tsx';

interface Values {
  kind: OrganizationKind;
  name: string;
  code?: string;
}

export function CreateChildModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: OrganizationDetail;
  open: boolean;
  onClose: () => void;
  onCreated: (created: OrganizationDetail) => void;
}) {
  const { t, pick } = useI18n();
  const create = useCreateOrganization();
  const kinds = ORGANIZATION_KINDS.filter((k) => canBeChildOf(k, parent.kind));

  return (
    <FormModal<Values>
      open={open}
      title={t('org.create.title', { parent: parent.name })}
      okText={t('org.action.createChild')}
      onClose={onClose}
      testIdPrefix="org-create"
      initialValues={{ kind: kinds[0] }}
      onSubmit={async (values) => {
        const code = values.code?.trim();
        const created = await create.mutateAsync({
          parentId: parent.id,
          kind: values.kind,
          name: values.name.trim(),
          ...(code ? { code } : {}),
        });
        onCreated(created);
      }}
    >
      {kinds.length === 0 ? <Alert type="info" showIcon message={t('org.create.noKind')} style={{ marginBottom: 16 }} /> : null}
      <Form.Item label={t('org.kind')} name="kind" rules={[{ required: true }]}>
        <Select data-testid="org-create-kind" options={kinds.map((k) => ({ value: k, label: pick(ORGANIZATION_KIND_LABELS[k]) }))} />
      </Form.Item>
      <OrgNameCodeFields testIdPrefix="org-create" />
    </FormModal>
  );
}
