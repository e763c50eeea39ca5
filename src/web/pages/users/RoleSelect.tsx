import { Select } from 'antd';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/roles.ts';
import { useI18n } from '../../i18n/index.ts';

export function RoleSelect({
  value,
  onChange,
  id,
  'data-testid': dataTestId,
}: {
  value?: Role;
  onChange?: (value: Role) => void;
  id?: string;
  'data-testid'?: string;
}) {
  const { t, pick } = useI18n();
  return (
    <Select<Role>
      id={id}
      value={value}
      onChange={onChange}
      placeholder={t('user.pickRole')}
      options={ROLES.map((r) => ({ value: r, label: pick(ROLE_LABELS[r]) }))}
      data-testid={dataTestId}
      popupMatchSelectWidth={false}
    />
  );
}
