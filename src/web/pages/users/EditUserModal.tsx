import { Form, Input } from 'antd';
import type { User } from '../../../domain/contracts/users.ts';
import { useUpdateUser } from '../../api/users.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { emailRules, PHONE_PATTERN } from './user-fields.ts';

interface Values {
  displayName: string;
  phone?: string;
  email?: string;
}

export function EditUserModal({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const update = useUpdateUser();
  return (
    <FormModal<Values>
      open={open}
      title={`${t('user.edit.title')} · ${user.username}`}
      onClose={onClose}
      testIdPrefix="user-edit"
      initialValues={{ displayName: user.displayName, phone: user.phone ?? '', email: user.email ?? '' }}
      onSubmit={async (values) => {
        const phone = values.phone?.trim() ?? '';
        const email = values.email?.trim() ?? '';
        await update.mutateAsync({
          id: user.id,
          body: {
            version: user.version,
            displayName: values.displayName.trim(),
            phone: phone === '' ? null : phone,
            email: email === '' ? null : email,
          },
        });
      }}
    >
      <Form.Item
        label={t('user.displayName')}
        name="displayName"
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('user.displayName') }) }, { max: 64 }]}
      >
        <Input data-testid="user-edit-displayName" />
      </Form.Item>
      <Form.Item label={t('user.phone')} name="phone" rules={[{ pattern: PHONE_PATTERN, message: t('user.phoneInvalid') }]}>
        <Input inputMode="tel" data-testid="user-edit-phone" />
      </Form.Item>
      <Form.Item label={t('user.email')} name="email" extra={t('user.emailHelp')} rules={emailRules(t('user.emailInvalid'))}>
        <Input type="email" inputMode="email" autoCapitalize="none" spellCheck={false} data-testid="user-edit-email" />
      </Form.Item>
    </FormModal>
  );
}
