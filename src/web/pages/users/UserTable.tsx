import { Table, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { User } from '../../../domain/contracts/users.ts';
import { RoleTags } from '../../components/RoleTags.tsx';
import { useI18n } from '../../i18n/index.ts';
import { UserActionButtons, type UserActionHandlers } from './UserActionButtons.tsx';
import { UserStatusTag } from './UserStatusTag.tsx';

export function UserTable({
  users,
  loading,
  pagination,
  handlers,
}: {
  users: User[];
  loading: boolean;
  pagination: TablePaginationConfig;
  handlers: UserActionHandlers;
}) {
  const { t } = useI18n();
  const columns: TableColumnsType<User> = [
    { key: 'username', title: t('user.username'), dataIndex: 'username', width: 140 },
    { key: 'displayName', title: t('user.displayName'), dataIndex: 'displayName', width: 120 },
    {
      key: 'phone',
      title: t('user.phone'),
      dataIndex: 'phone',
      width: 140,
      render: (phone: string | null) => phone ?? '',
    },
    {
      key: 'email',
      title: t('user.email'),
      dataIndex: 'email',
      width: 200,
      ellipsis: true,
      render: (email: string | null) => email ?? '',
    },
    { key: 'roles', title: t('user.roles'), render: (_, user) => <RoleTags roles={user.roles} /> },
    {
      key: 'status',
      title: t('user.status'),
      width: 90,
      render: (_, user) => <UserStatusTag disabled={user.disabled} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 280,
      render: (_, user) => <UserActionButtons user={user} handlers={handlers} />,
    },
  ];
  return (
    <Table<User>
      rowKey="id"
      columns={columns}
      dataSource={users}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 1160 }}
      rowClassName={(user) => (user.disabled ? 'row-disabled' : '')}
      data-testid="user-table"
      locale={{ emptyText: t('user.empty') }}
    />
  );
}
