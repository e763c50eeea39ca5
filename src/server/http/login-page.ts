import { escapeHtml } from './escape-html.ts';

/** index.html with the login page's HTML (written by the build: scripts/web-build.ts) inside the app's root. */
export function withLoginPage(html: string, loginPage: string): string {
  const root = '<div id="root"></div>';
  return loginPage && html.includes(root) ? html.replace(root, () => `<div id="root">${loginPage}</div>`) : html;
}

/** The login page for a page behind the sign-in, that page as ?next= (as the web app's RequireAuth writes it). */
export function loginPathFor(url: string): string {
  return url === '/' ? '/login' : `/login?${new URLSearchParams({ next: url }).toString()}`;
}

/** Why a post of the login form did not sign in, as the login page says it. */
export interface LoginFailure {
  kind: 'error' | 'warning';
  message: string;
  username: string;
}

/**
 * The login page again after its form was posted and did not sign in: the service's own message above the form (as
 * the app's page shows it) and the username as typed; the app takes both over when its code arrives.
 */
export function loginPageAfterFailure(loginHtml: string, failure: LoginFailure): string {
  const notice =
    `<div class="login-notice login-notice-${failure.kind}" role="alert" data-testid="login-error">` +
    `<span>${escapeHtml(failure.message)}</span></div>`;
  return loginHtml
    .replace('<form class="login-form"', (form) => notice + form)
    .replace('name="username" value=""', () => `name="username" value="${escapeHtml(failure.username)}"`);
}
