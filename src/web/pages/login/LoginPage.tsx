import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { LoginBody } from '../../../domain/contracts/session.ts';
import { ApiError } from '../../api/client.ts';
import { useLogin, useSession } from '../../api/session.ts';
import { safeNextPath } from '../../app/paths.ts';
import { FullPageSpin } from '../../app/RequireAuth.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';

export function LoginPage() {
  const { t } = useI18n();
  useDocumentTitle(t('login.title'));
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const signedOut = searchParams.get('signedOut') === '1';

  if (session.isPending) return <FullPageSpin />;
  if (session.data && !login.isPending && !login.isSuccess) return <Navigate to={next} replace />;

  const onFinish = (values: LoginBody) => {
    login.mutate(values, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const error = login.error;
  const rateLimited = error instanceof ApiError && error.code === 'RATE_LIMITED';

  return (
    <div className="login-page">
      <div className="login-topbar">
        <LanguageSwitch className="header-button" />
      </div>
      <main className="login-main">
        <div className="login-brand">
          <div className="login-emblem" aria-hidden="true">
            台
          </div>
          <Typography.Title level={2} className="login-product">
            {t('app.name')}
          </Typography.Title>
        </div>
        <Card className="login-card" variant="borderless">
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>

          {signedOut && !error && (
            <Alert type="success" showIcon message={t('nav.loggedOut')} className="login-error" data-testid="login-signed-out" />
          )}
          {error && (
            <Alert
              type={rateLimited ? 'warning' : 'error'}
              showIcon
              message={errorMessage(error)}
              className="login-error"
              data-testid="login-error"
              role="alert"
            />
          )}

          <Form<LoginBody>
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={onFinish}
            onValuesChange={() => login.isError && login.reset()}
            data-testid="login-form"
          >
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" className="login-footnote">
            {t('login.footer')}
          </Typography.Paragraph>
        </Card>
      </main>
    </div>
  );
}
