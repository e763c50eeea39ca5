import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useLogin, useSession } from '../../api/session.ts';
import { safeNextPath } from '../../app/paths.ts';
import { preloadSignedIn } from '../../app/router.tsx';
import { useI18n } from '../../i18n/index.ts';
import { errorMessage } from '../../lib/error-message.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { LoginView, type LoginField as Field, type LoginNotice } from './LoginView.tsx';
import { staticLoginState } from './static-login.ts';

/**
 * The login page, in plain HTML and CSS (LoginView): it is the first thing a phone on a slow line loads, so it needs
 * React, the router and the dictionary only. A first load of /login shows the same page written into index.html
 * before this code arrives (static-login.ts); this page then takes over what was typed there, where, and the
 * message of a post of that form that did not sign in.
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

  // Read while the written page is still on screen: this render replaces it in the same task, so no key is lost.
  const [taken] = useState(staticLoginState);
  const [values, setValues] = useState<Record<Field, string>>(taken?.values ?? { username: '', password: '' });
  // The message of a post of the written form that did not sign in, until the visitor edits or submits again.
  const [carried, setCarried] = useState(taken?.notice ?? null);
  // As antd's form did: a field's "required" message shows once it was edited, or after a submit.
  const [checked, setChecked] = useState<Record<Field, boolean>>({ username: false, password: false });
  const [showPassword, setShowPassword] = useState(false);
  const inputs = { username: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  // Where the typing was (the written page's field, and the caret in it); else the username, as autofocus would.
  useLayoutEffect(() => {
    const focus = taken ? taken.focus : { field: 'username' as const, start: null, end: null };
    const input = focus ? inputs[focus.field].current : null;
    if (!focus || !input) return;
    input.focus();
    if (focus.start !== null && focus.end !== null) input.setSelectionRange(focus.start, focus.end);
    // Once, on the first render: `taken` and the refs do not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
    setCarried(null);
    if (login.isError) login.reset();
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (login.isPending) return;
    setCarried(null);
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
  const notice: LoginNotice | null = error
    ? { kind: rateLimited ? 'warning' : 'error', testId: 'login-error', alert: true, text: errorMessage(error) }
    : carried
      ? { ...carried, testId: 'login-error', alert: true }
      : signedOut
        ? { kind: 'success', testId: 'login-signed-out', text: t('nav.loggedOut') }
        : null;

  return (
    <LoginView
      t={t}
      lang={lang}
      values={values}
      problems={{ username: shown('username'), password: shown('password') }}
      showPassword={showPassword}
      pending={login.isPending}
      notice={notice}
      inputs={inputs}
      onChange={change}
      onSubmit={submit}
      onToggleLang={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      onTogglePassword={() => setShowPassword((s) => !s)}
    />
  );
}
