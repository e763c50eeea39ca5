import { App, Form, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import type { OrganizationDetail, OrganizationTreeNode } from '../../../domain/contracts/organizations.ts';
import { canBeChildOf } from '../../../domain/organizations.ts';
import { useUpdateOrganization } from '../../api/organizations.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/index.ts';

interface Values {
  parentId: string;
}

export function MoveOrgModal({ org, open, onClose }: { org: OrganizationDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateOrganization();

  // An organization cannot move into its own subtree, and only under a kind that may hold it.
  const isHidden = useCallback((n: OrganizationTreeNode) => n.id === org.id, [org.id]);
  const isDisabled = useCallback(
    (n: OrganizationTreeNode) => n.id === org.parentId || n.archived || !canBeChildOf(org.kind, n.kind),
    [org.parentId, org.kind],
  );
  const initialValues = useMemo(() => ({}), []);

  return (
    <FormModal<Values>
      open={open}
      title={t('org.move.title', { name: org.name })}
      okText={t('org.action.move')}
      onClose={onClose}
      testIdPrefix="org-move"
      initialValues={initialValues}
      onSubmit={async ({ parentId }) => {
        const moved = await update.mutateAsync({ id: org.id, body: { version: org.version, parentId } });
        const parent = moved.ancestors.at(-1)?.name ?? '';
        void message.success(t('org.move.done', { parent }));
      }}
    >
      <Typography.Paragraph type="secondary">{t('org.move.help', { name: org.name })}</Typography.Paragraph>
      <Form.Item label={t('org.parent')} name="parentId" rules={[{ required: true, message: t('org.move.pick') }]}>
        <OrgTreeSelect placeholder={t('org.move.pick')} isHidden={isHidden} isDisabled={isDisabled} data-testid="org-move-parent" />
      </Form.Item>
    </FormModal>
  );
}
