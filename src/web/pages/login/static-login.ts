/**
 * The login page written into index.html (scripts/web-build.ts, staticLoginPage; the server sends it for /login) is
 * a phone's login form before the app's code has arrived. This module is what the app's entry and its login page
 * need of it: finding that form, and what was typed into it, so that the app's page takes it over. A module of its
 * own, without React: the entry imports it.
 */
export const STATIC_LOGIN_ATTRIBUTE = 'data-static-login';

export type LoginFieldName = 'username' | 'password';

export interface StaticLoginState {
  values: Record<LoginFieldName, string>;
  /** The field the visitor was typing in, and where in it. */
  focus: { field: LoginFieldName; start: number | null; end: number | null } | null;
  /** The server's message when the form was posted and did not sign in (POST /login answers with the page again). */
  notice: { kind: 'error' | 'warning'; text: string } | null;
}

export function staticLoginForm(): HTMLFormElement | null {
  return typeof document === 'undefined' ? null : document.querySelector<HTMLFormElement>(`form[${STATIC_LOGIN_ATTRIBUTE}]`);
}

/** What was typed into the written login form, while it is still on the page; null once the app's page replaced it. */
export function staticLoginState(): StaticLoginState | null {
  const form = staticLoginForm();
  if (!form) return null;
  const input = (name: LoginFieldName) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  const active = document.activeElement;
  const focused = (['username', 'password'] as const).find((name) => input(name) === active) ?? null;
  const at = focused ? input(focused) : null;
  const notice = form.parentElement?.querySelector<HTMLElement>('.login-notice');
  return {
    values: { username: input('username')?.value ?? '', password: input('password')?.value ?? '' },
    focus: focused && at ? { field: focused, start: at.selectionStart, end: at.selectionEnd } : null,
    notice: notice?.textContent
      ? { kind: notice.classList.contains('login-notice-warning') ? 'warning' : 'error', text: notice.textContent }
      : null,
  };
}
