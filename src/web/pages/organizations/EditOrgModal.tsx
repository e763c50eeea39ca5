import type { OrganizationDetail } from '../../../domain/contracts/organizations.ts';
import { useUpdateOrganization } from '../../api/organizations.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { OrgNameCodeFields } from './OrgFormFields.tsx';

interface Values {
  name: string;
  code?: string;
}

export function EditOrgModal({ org, open, onClose }: { org: OrganizationDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const update = useUpdateOrganization();

  return (
    <FormModal<Values>
      open={open}
      title={t('org.edit.title')}
      onClose={onClose}
      testIdPrefix="org-edit"
      initialValues={{ name: org.name, code: org.code ?? '' }}
      onSubmit={async (values) => {
        const code = values.code?.trim() ?? '';
        await update.mutateAsync({
          id: org.id,
          // The version the user saw; the server answers CONFLICT if someone saved in between.
          body: { version: org.version, name: values.name.trim(), code: code === '' ? null : code },
        });
      }}
    >
      <OrgNameCodeFields testIdPrefix="org-edit" />
    </FormModal>
  );
}
