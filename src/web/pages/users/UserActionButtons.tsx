import { EditOutlined, KeyOutlined, SafetyCertificateOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import type { User } from '../../../domain/contracts/users.ts';
import { useI18n } from '../../i18n/index.ts';

export interface UserActionHandlers {
  onEdit: (user: User) => void;
  onToggleDisabled: (user: User) => void;
  onResetPassword: (user: User) => void;
  onRoles: (user: User) => void;
}

/** Buttons for exactly the actions the server allows on this user. */
export function UserActionButtons({ user, handlers, block }: { user: User; handlers: UserActionHandlers; block?: boolean }) {
  const { t } = useI18n();
  const can = (a: User['allowedActions'][number]) => user.allowedActions.includes(a);
  const type = block ? 'default' : 'link';
  const size = block ? undefined : 'small';

  return (
    <Space wrap size={block ? [8, 8] : [0, 0]} className="user-actions">
      {can('edit') && (
        <Button type={type} size={size} icon={<EditOutlined />} onClick={() => handlers.onEdit(user)} data-testid="user-action-edit">
          {t('user.action.edit')}
        </Button>
      )}
      {(can('grantRole') || can('revokeRole')) && (
        <Button
          type={type}
          size={size}
          icon={<SafetyCertificateOutlined />}
          onClick={() => handlers.onRoles(user)}
          data-testid="user-action-roles"
        >
          {t('user.action.roles')}
        </Button>
      )}
      {can('resetPassword') && (
        <Button
          type={type}
          size={size}
          icon={<KeyOutlined />}
          onClick={() => handlers.onResetPassword(user)}
          data-testid="user-action-resetPassword"
        >
          {t('user.action.resetPassword')}
        </Button>
      )}
      {can('disable') && !user.disabled && (
        <Button
          type={type}
          size={size}
          danger
          icon={<StopOutlined />}
          onClick={() => handlers.onToggleDisabled(user)}
          data-testid="user-action-disable"
        >
          {t('user.action.disable')}
        </Button>
      )}
      {can('enable') && user.disabled && (
        <Button
          type={type}
          size={size}
          icon={<CheckCircleOutlined />}
          onClick={() => handlers.onToggleDisabled(user)}
          data-testid="user-action-enable"
        >
          {t('user.action.enable')}
        </Button>
      )}
    </Space>
  );
}
