import { App } from 'antd';
import type { User } from '../../../domain/contracts/users.ts';
import { useResetPassword } from '../../api/users.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { NewPasswordFields } from '../../components/PasswordFields.tsx';
import { useI18n } from '../../i18n/index.ts';

export function ResetPasswordModal({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reset = useResetPassword();
  return (
    <FormModal<{ newPassword: string; confirmPassword: string }>
      open={open}
      title={t('user.reset.title', { name: user.displayName })}
      okText={t('user.action.resetPassword')}
      onClose={onClose}
      testIdPrefix="user-reset"
      onSubmit={async ({ newPassword }) => {
        await reset.mutateAsync({ user, newPassword });
        void message.success(t('user.reset.done'));
      }}
    >
      <NewPasswordFields testIdPrefix="user-reset-password" />
    </FormModal>
  );
}
