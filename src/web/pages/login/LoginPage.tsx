import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useLogin, useSession } from '../../api/session.ts';
import { safeNextPath } from '../../app/paths.ts';
import { preloadSignedIn } from '../../app/router.tsx';
import { useI18n } from '../../i18n/index.ts';
import { errorMessage } from '../../lib/error-message.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Icon } from './login-icons.tsx';

type Field = 'username' | 'password';

/**
 * The login page, in plain HTML and CSS (styles.css, "Login") made to look like the antd pages behind it:
 * it is the first thing a phone on a slow line loads, so it needs React, the router and the dictionary only.
 */
export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  useDocumentTitle(t('login.title'));
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const signedOut = searchParams.get('signedOut') === '1';

  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '' });
  // As antd's form did: a field's "required" message shows once it was edited, or after a submit.
  const [checked, setChecked] = useState<Record<Field, boolean>>({ username: false, password: false });
  const [showPassword, setShowPassword] = useState(false);
  const inputs = { username: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  useEffect(() => {
    // While the visitor types, fetch what the first page after sign-in needs (one file: scripts/web-build.ts).
    const timer = setTimeout(() => void preloadSignedIn().catch(() => undefined), 1000);
    return () => clearTimeout(timer);
  }, []);

  // The form shows at once, not after the session check (one more round trip on a slow line); a visitor who
  // turns out to be signed in already is sent on when the answer comes.
  if (session.data && !login.isPending && !login.isSuccess) return <Navigate to={next} replace />;

  const problems: Record<Field, string | null> = {
    username: values.username.trim() ? null : t('login.usernameRequired'),
    password: values.password ? null : t('login.passwordRequired'),
  };
  const shown = (field: Field) => (checked[field] ? problems[field] : null);

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setChecked((c) => ({ ...c, [field]: true }));
    if (login.isError) login.reset();
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (login.isPending) return;
    setChecked({ username: true, password: true });
    const firstBad = (['username', 'password'] as const).find((f) => problems[f]);
    if (firstBad) {
      inputs[firstBad].current?.focus();
      return;
    }
    login.mutate(values, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const error = login.error;
  const rateLimited = error instanceof ApiError && error.code === 'RATE_LIMITED';

  return (
    <div className="login-page">
      <div className="login-topbar">
        <button
          type="button"
          className="login-lang"
          aria-label={t('lang.switchLabel')}
          title={t('lang.switchLabel')}
          data-testid="lang-switch"
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          <Icon name="global" />
          <span>{t('lang.switchTo')}</span>
        </button>
      </div>
      <main className="login-main">
        <div className="login-brand">
          <div className="login-emblem" aria-hidden="true">
            台
          </div>
          <h1 className="login-product">{t('app.name')}</h1>
        </div>
        <section className="login-card" aria-labelledby="login-title">
          <h2 className="login-title" id="login-title">
            {t('login.title')}
          </h2>
          <p className="login-subtitle">{t('login.subtitle')}</p>

          {signedOut && !error && (
            <Notice kind="success" testId="login-signed-out">
              {t('nav.loggedOut')}
            </Notice>
          )}
          {error && (
            <Notice kind={rateLimited ? 'warning' : 'error'} testId="login-error" alert>
              {errorMessage(error)}
            </Notice>
          )}

          <form className="login-form" noValidate onSubmit={submit} data-testid="login-form">
            <LoginField label={t('login.username')} field="username" problem={shown('username')}>
              <Icon name="user" className="login-input-icon" />
              <input
                ref={inputs.username}
                id="login-username"
                name="username"
                value={values.username}
                onChange={(e) => change('username', e.target.value)}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                required
                aria-invalid={Boolean(shown('username'))}
                aria-describedby={shown('username') ? 'login-username-problem' : undefined}
                data-testid="login-username"
              />
            </LoginField>
            <LoginField label={t('login.password')} field="password" problem={shown('password')}>
              <Icon name="lock" className="login-input-icon" />
              <input
                ref={inputs.password}
                id="login-password"
                name="password"
                type={showPassword ? 'text' : 'password'}
                value={values.password}
                onChange={(e) => change('password', e.target.value)}
                autoComplete="current-password"
                required
                aria-invalid={Boolean(shown('password'))}
                aria-describedby={shown('password') ? 'login-password-problem' : undefined}
                data-testid="login-password"
              />
              <button
                type="button"
                className="login-eye"
                aria-label={showPassword ? t('login.hidePassword') : t('login.showPassword')}
                aria-pressed={showPassword}
                onClick={() => setShowPassword((s) => !s)}
              >
                <Icon name={showPassword ? 'eye' : 'eyeInvisible'} />
              </button>
            </LoginField>
            <button
              type="submit"
              className="plain-button plain-button-primary plain-button-block"
              aria-busy={login.isPending}
              data-testid="login-submit"
            >
              {login.isPending && <span className="plain-button-spin" aria-hidden="true" />}
              {spacedLikeAntd(t('login.submit'))}
            </button>
          </form>
          <p className="login-footnote">{t('login.footer')}</p>
        </section>
      </main>
    </div>
  );
}

function LoginField({ label, field, problem, children }: { label: string; field: Field; problem: string | null; children: ReactNode }) {
  return (
    <div className={problem ? 'login-field login-field-invalid' : 'login-field'}>
      <label className="login-label" htmlFor={`login-${field}`}>
        {label}
      </label>
      <div className="login-input">{children}</div>
      {problem && (
        <div className="login-problem" id={`login-${field}-problem`}>
          {problem}
        </div>
      )}
    </div>
  );
}

/** antd's buttons set a two-character Chinese label apart (登 录); the plain button does the same. */
function spacedLikeAntd(label: string): string {
  return /^[\u4e00-\u9fa5]{2}$/.test(label) ? label.split('').join(' ') : label;
}

const NOTICE_ICONS = { success: 'checkCircleFilled', warning: 'exclamationCircleFilled', error: 'closeCircleFilled' } as const;

function Notice({
  kind,
  testId,
  alert,
  children,
}: {
  kind: keyof typeof NOTICE_ICONS;
  testId: string;
  alert?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`login-notice login-notice-${kind}`} role={alert ? 'alert' : 'status'} data-testid={testId}>
      <Icon name={NOTICE_ICONS[kind]} className="login-notice-icon" />
      <span>{children}</span>
    </div>
  );
}
