import { EditOutlined, InboxOutlined, PlusOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { OrganizationAction, OrganizationDetail } from '../../../domain/contracts/organizations.ts';
import { useUpdateOrganization } from '../../api/organizations.ts';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { CreateChildModal } from './CreateChildModal.tsx';
import { EditOrgModal } from './EditOrgModal.tsx';
import { MoveOrgModal } from './MoveOrgModal.tsx';
import { unsettledLedgerPath } from './unsettled-link.ts';

type Dialog = 'createChild' | 'edit' | 'move' | null;

const BUTTONS: Record<OrganizationAction, { label: MessageKey; icon: ReactNode }> = {
  createChild: { label: 'org.action.createChild', icon: <PlusOutlined /> },
  edit: { label: 'org.action.edit', icon: <EditOutlined /> },
  move: { label: 'org.action.move', icon: <SwapOutlined /> },
  archive: { label: 'org.action.archive', icon: <InboxOutlined /> },
  restore: { label: 'org.action.restore', icon: <RollbackOutlined /> },
};
const ORDER: readonly OrganizationAction[] = ['createChild', 'edit', 'move', 'archive', 'restore'];

/** Buttons for exactly the actions the server allows on this organization. */
export function OrgActions({ org, onCreated }: { org: OrganizationDetail; onCreated: (created: OrganizationDetail) => void }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const update = useUpdateOrganization();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  const setArchived = async (archived: boolean) => {
    try {
      await update.mutateAsync({ id: org.id, body: { version: org.version, archived } });
      void message.success(t(archived ? 'org.archive.done' : 'org.restore.done', { name: org.name }));
    } catch (err) {
      notifyError(err);
    }
  };

  const confirmArchive = () => {
    const unsettled = org.unsettledProblemCount ?? 0;
    if (unsettled > 0) {
      // Archiving would leave them with nobody to finish them: the server refuses it. Say so before, with the way there.
      modal.confirm({
        title: t('org.archive.blockedTitle', { name: org.name }),
        content: t('org.archive.unsettled', { count: unsettled }),
        okText: t('org.archive.openLedger'),
        cancelText: t('common.close'),
        okButtonProps: { 'data-testid': 'org-archive-ledger' },
        onOk: () => navigate(unsettledLedgerPath(org.id)),
      });
      return;
    }
    modal.confirm({
      title: t('org.archive.title', { name: org.name }),
      content: (
        <>
          <p style={{ marginBottom: 4 }}>{t('org.archive.content')}</p>
          {org.activeChildCount > 0 && <p style={{ margin: 0 }}>{t('org.archive.hasChildren', { count: org.activeChildCount })}</p>}
        </>
      ),
      okText: t('org.action.archive'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'org-archive-confirm' },
      onOk: () => setArchived(true),
    });
  };

  const run: Record<OrganizationAction, () => void> = {
    createChild: () => setDialog('createChild'),
    edit: () => setDialog('edit'),
    move: () => setDialog('move'),
    archive: confirmArchive,
    restore: () => void setArchived(false),
  };

  const allowed = ORDER.filter((a) => org.allowedActions.includes(a));
  if (allowed.length === 0) return null;

  return (
    <>
      <Space wrap size={[8, 8]} className="org-actions">
        {allowed.map((action) => (
          <Button
            key={action}
            type={action === 'createChild' ? 'primary' : 'default'}
            danger={action === 'archive'}
            icon={BUTTONS[action].icon}
            onClick={run[action]}
            loading={action === 'restore' && update.isPending}
            data-testid={`org-action-${action}`}
          >
            {t(BUTTONS[action].label)}
          </Button>
        ))}
      </Space>
      <CreateChildModal
        parent={org}
        open={dialog === 'createChild'}
        onClose={close}
        onCreated={(created) => {
          void message.success(t('org.create.done', { name: created.name }));
          onCreated(created);
        }}
      />
      <EditOrgModal org={org} open={dialog === 'edit'} onClose={close} />
      <MoveOrgModal org={org} open={dialog === 'move'} onClose={close} />
    </>
  );
}
