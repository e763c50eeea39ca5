import { Space, Tag } from 'antd';
import type { RoleAssignment } from '../../domain/contracts/session.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { useI18n } from '../i18n/index.ts';

/** Roles shown as "角色 @ 组织" tags. */
export function RoleTags({ roles }: { roles: readonly RoleAssignment[] }) {
  const { t, pick } = useI18n();
  if (roles.length === 0) return <span className="text-secondary">{t('user.noRoles')}</span>;
  return (
    <Space size={[0, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r.id} color={r.role === 'district_admin' ? 'red' : 'default'} className="role-tag">
          {pick(ROLE_LABELS[r.role])} @ {r.organizationName}
        </Tag>
      ))}
    </Space>
  );
}
