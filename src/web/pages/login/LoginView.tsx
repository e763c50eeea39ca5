import type { FormEvent, ReactNode, Ref } from 'react';
import type { Lang, Translate } from '../../i18n/I18nProvider.tsx';
import { Icon } from './login-icons.tsx';
import { STATIC_LOGIN_ATTRIBUTE, type LoginFieldName as LoginField } from './static-login.ts';

export type { LoginField };

/** A notice above the form: signed out, or why the sign-in failed. */
export interface LoginNotice {
  kind: 'success' | 'warning' | 'error';
  testId: string;
  alert?: boolean;
  text: string;
}

export interface LoginViewProps {
  t: Translate;
  lang: Lang;
  values: Record<LoginField, string>;
  /** The "required" message a field shows, if any. */
  problems: Record<LoginField, string | null>;
  showPassword: boolean;
  pending: boolean;
  notice: LoginNotice | null;
  /**
   * Written into index.html by the build (scripts/web-build.ts, staticLoginPage): the page a phone shows before the
   * app's code has arrived. Its form posts to the page's own address (POST /login, the server signs in and sends the
   * browser on), so a tap on 登录 before the code arrives still signs in; the app takes over what was typed
   * (static-login.ts).
   */
  static?: boolean;
  inputs?: Record<LoginField, Ref<HTMLInputElement>>;
  onChange?: (field: LoginField, value: string) => void;
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  onToggleLang?: () => void;
  onTogglePassword?: () => void;
}

/**
 * The login page's markup, in plain HTML and CSS (styles.css, "Login") made to look like the antd pages behind it:
 * the same for the app's page (LoginPage.tsx) and for the page the build writes into index.html.
 */
export function LoginView(props: LoginViewProps) {
  const { t, lang, values, problems, showPassword, pending, notice, inputs } = props;
  const staticPage = props.static === true;
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
          onClick={props.onToggleLang}
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

          {notice && (
            <Notice kind={notice.kind} testId={notice.testId} alert={notice.alert}>
              {notice.text}
            </Notice>
          )}

          {/* No action: a post before the app's code has arrived goes to this page's own address, its ?next= kept. */}
          <form
            className="login-form"
            method="post"
            noValidate
            onSubmit={props.onSubmit}
            data-testid="login-form"
            {...(staticPage ? { [STATIC_LOGIN_ATTRIBUTE]: '' } : {})}
          >
            <Field label={t('login.username')} field="username" problem={problems.username}>
              <Icon name="user" className="login-input-icon" />
              <input
                ref={inputs?.username}
                id="login-username"
                name="username"
                {...(staticPage ? { defaultValue: values.username } : { value: values.username })}
                onChange={props.onChange && ((e) => props.onChange?.('username', e.target.value))}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                // The written page asks the browser to focus it; the app's page focuses where the typing was.
                {...(staticPage ? { autoFocus: true } : {})}
                required
                aria-invalid={Boolean(problems.username)}
                aria-describedby={problems.username ? 'login-username-problem' : undefined}
                data-testid="login-username"
              />
            </Field>
            <Field label={t('login.password')} field="password" problem={problems.password}>
              <Icon name="lock" className="login-input-icon" />
              <input
                ref={inputs?.password}
                id="login-password"
                name="password"
                type={showPassword ? 'text' : 'password'}
                {...(staticPage ? { defaultValue: values.password } : { value: values.password })}
                onChange={props.onChange && ((e) => props.onChange?.('password', e.target.value))}
                autoComplete="current-password"
                required
                aria-invalid={Boolean(problems.password)}
                aria-describedby={problems.password ? 'login-password-problem' : undefined}
                data-testid="login-password"
              />
              <button
                type="button"
                className="login-eye"
                aria-label={showPassword ? t('login.hidePassword') : t('login.showPassword')}
                aria-pressed={showPassword}
                onClick={props.onTogglePassword}
              >
                <Icon name={showPassword ? 'eye' : 'eyeInvisible'} />
              </button>
            </Field>
            <button
              type="submit"
              className="plain-button plain-button-primary plain-button-block"
              aria-busy={pending}
              data-testid="login-submit"
            >
              {pending && <span className="plain-button-spin" aria-hidden="true" />}
              {spacedLikeAntd(t('login.submit'))}
            </button>
          </form>
          <p className="login-footnote">{t('login.footer')}</p>
        </section>
      </main>
    </div>
  );
}

function Field({ label, field, problem, children }: { label: string; field: LoginField; problem: string | null; children: ReactNode }) {
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
