import { Tag } from 'antd';
import { useI18n } from '../../i18n/index.ts';

export function UserStatusTag({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  return disabled ? <Tag color="default">{t('user.disabled')}</Tag> : <Tag color="success">{t('user.enabled')}</Tag>;
}
