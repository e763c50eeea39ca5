import { App, Button, Form, Input } from 'antd';
import { useChangePassword } from '../../api/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors, fieldIssues } from '../../components/form-errors.ts';
import { NewPasswordFields } from '../../components/PasswordFields.tsx';
import { useI18n } from '../../i18n/index.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const onFinish = (values: Values) => {
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('account.passwordChanged'));
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      onValuesChange={() => change.isError && change.reset()}
      style={{ maxWidth: 420 }}
      data-testid="change-password-form"
    >
      {/* Said once: beside the field when the server names one (a wrong current password showed twice). */}
      {change.error && fieldIssues(change.error).length === 0 ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={change.error} />
        </div>
      ) : null}
      <Form.Item
        label={t('password.current')}
        name="currentPassword"
        rules={[{ required: true, message: t('common.required', { field: t('password.current') }) }]}
      >
        <Input.Password autoComplete="current-password" data-testid="account-password-current" />
      </Form.Item>
      <NewPasswordFields testIdPrefix="account-password" />
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="account-password-submit">
        {t('account.submit')}
      </Button>
    </Form>
  );
}
