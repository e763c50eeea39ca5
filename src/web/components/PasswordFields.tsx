import { Form, Input } from 'antd';
import { PASSWORD_MIN_LENGTH } from '../lib/constants.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';

/** New password plus its confirmation; field names `newPassword` and `confirmPassword`. */
export function NewPasswordFields({ label = 'password.new', testIdPrefix }: { label?: MessageKey; testIdPrefix: string }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        label={t(label)}
        name="newPassword"
        extra={t('password.help', { min: PASSWORD_MIN_LENGTH })}
        rules={[
          { required: true, message: t('password.minLength', { min: PASSWORD_MIN_LENGTH }) },
          { min: PASSWORD_MIN_LENGTH, message: t('password.minLength', { min: PASSWORD_MIN_LENGTH }) },
          { max: 256 },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={`${testIdPrefix}-new`} />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.mismatch') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: unknown) =>
              !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={`${testIdPrefix}-confirm`} />
      </Form.Item>
    </>
  );
}
