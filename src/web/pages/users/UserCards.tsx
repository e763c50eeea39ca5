import { MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, List, Spin, Typography, type PaginationProps } from 'antd';
import type { User } from '../../../domain/contracts/users.ts';
import { RoleTags } from '../../components/RoleTags.tsx';
import { useI18n } from '../../i18n/index.ts';
import { UserActionButtons, type UserActionHandlers } from './UserActionButtons.tsx';
import { UserStatusTag } from './UserStatusTag.tsx';

/** The phone layout: one card per user, actions as full-size buttons. */
export function UserCards({
  users,
  loading,
  pagination,
  handlers,
}: {
  users: User[];
  loading: boolean;
  pagination: PaginationProps;
  handlers: UserActionHandlers;
}) {
  const { t } = useI18n();
  if (!loading && users.length === 0) return <Empty description={t('user.empty')} />;
  return (
    <Spin spinning={loading}>
      <List<User>
        dataSource={users}
        rowKey="id"
        pagination={{ ...pagination, align: 'center', simple: true }}
        data-testid="user-cards"
        renderItem={(user) => (
          <List.Item style={{ padding: '6px 0', border: 'none' }}>
            <Card size="small" className={user.disabled ? 'user-card row-disabled' : 'user-card'} style={{ width: '100%' }}>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong style={{ fontSize: 17 }}>
                  {user.displayName}
                </Typography.Text>
                <UserStatusTag disabled={user.disabled} />
              </Flex>
              <Typography.Text type="secondary">{user.username}</Typography.Text>
              {user.phone && (
                <div>
                  <a href={`tel:${user.phone}`}>
                    <PhoneOutlined /> {user.phone}
                  </a>
                </div>
              )}
              {user.email && (
                <div style={{ overflowWrap: 'anywhere' }}>
                  <a href={`mailto:${user.email}`}>
                    <MailOutlined /> {user.email}
                  </a>
                </div>
              )}
              <div style={{ margin: '8px 0' }}>
                <RoleTags roles={user.roles} />
              </div>
              <UserActionButtons user={user} handlers={handlers} block />
            </Card>
          </List.Item>
        )}
      />
    </Spin>
  );
}
