import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Switch } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { User } from '../../../domain/contracts/users.ts';
import { useUpdateUser, useUsers } from '../../api/users.ts';
import { useHasPermission } from '../../api/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { CreateUserModal } from './CreateUserModal.tsx';
import { EditUserModal } from './EditUserModal.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { RolesModal } from './RolesModal.tsx';
import type { UserActionHandlers } from './UserActionButtons.tsx';
import { UserCards } from './UserCards.tsx';
import type { UserDialog } from './user-dialogs.ts';
import { UserTable } from './UserTable.tsx';

const DEFAULT_PAGE_SIZE = 20;

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Search, filters and page live in the URL so the back button and shared links keep them. */
export function UsersPage() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const isMobile = useIsMobile();
  const canManage = useHasPermission('user.manage');
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q') ?? '';
  const includeDisabled = searchParams.get('disabled') === '1';
  const page = positiveInt(searchParams.get('page'), 1);
  const pageSize = Math.min(positiveInt(searchParams.get('pageSize'), DEFAULT_PAGE_SIZE), 200);
  const [searchText, setSearchText] = useState(q);
  const [dialog, setDialog] = useState<UserDialog>(null);
  const update = useUpdateUser();

  const users = useUsers({ q: q || undefined, includeDisabled, page, pageSize });

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setSearchParams(next, { replace: true });
  };

  const toggleDisabled = (user: User) => {
    const disabling = !user.disabled;
    modal.confirm({
      title: t(disabling ? 'user.disable.title' : 'user.enable.title', { name: user.displayName }),
      content: disabling ? t('user.disable.content') : undefined,
      okText: t(disabling ? 'user.action.disable' : 'user.action.enable'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: disabling, 'data-testid': 'user-toggle-confirm' },
      onOk: async () => {
        try {
          await update.mutateAsync({ id: user.id, body: { version: user.version, disabled: disabling } });
          void message.success(t(disabling ? 'user.disable.done' : 'user.enable.done', { name: user.displayName }));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const handlers: UserActionHandlers = {
    onEdit: (user) => setDialog({ kind: 'edit', user }),
    onToggleDisabled: toggleDisabled,
    onResetPassword: (user) => setDialog({ kind: 'resetPassword', user }),
    onRoles: (user) => setDialog({ kind: 'roles', user }),
  };

  const pagination = {
    current: page,
    pageSize,
    total: users.data?.total ?? 0,
    showSizeChanger: !isMobile,
    showTotal: (total: number) => t('common.total', { total }),
    onChange: (nextPage: number, nextSize: number) =>
      setParams({ page: String(nextPage), pageSize: nextSize === DEFAULT_PAGE_SIZE ? null : String(nextSize) }),
  };
  const list = users.data?.items ?? [];
  const close = () => setDialog(null);

  return (
    <>
      <PageTitle
        title={t('user.pageTitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
              {t('user.create')}
            </Button>
          )
        }
      />
      <div className="page-panel">
        <Flex wrap gap={12} align="center" className="toolbar">
          <Input.Search
            allowClear
            placeholder={t('user.searchPlaceholder')}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(value) => setParams({ q: value.trim(), page: null })}
            enterButton={t('common.search')}
            className="toolbar-search"
            data-testid="user-search"
          />
          <label className="toolbar-switch">
            <Switch
              checked={includeDisabled}
              onChange={(checked) => setParams({ disabled: checked ? '1' : null, page: null })}
              data-testid="user-include-disabled"
            />
            <span>{t('user.includeDisabled')}</span>
          </label>
        </Flex>

        {users.isError ? (
          <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
        ) : isMobile ? (
          <UserCards users={list} loading={users.isFetching} pagination={pagination} handlers={handlers} />
        ) : (
          <UserTable users={list} loading={users.isFetching} pagination={pagination} handlers={handlers} />
        )}
      </div>

      <CreateUserModal
        open={dialog?.kind === 'create'}
        onClose={close}
        onCreated={(name) => void message.success(t('user.created', { name }))}
      />
      {dialog?.kind === 'edit' && <EditUserModal key={dialog.user.id} user={dialog.user} open onClose={close} />}
      {dialog?.kind === 'resetPassword' && <ResetPasswordModal key={dialog.user.id} user={dialog.user} open onClose={close} />}
      {dialog?.kind === 'roles' && <RolesModal key={dialog.user.id} user={dialog.user} open onClose={close} />}
    </>
  );
}
