import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'demo-pass-2016';

/**
 * Signs in as a visitor does: the sign-in page, the form, and the page it leads to. The journeys about signing in
 * use it; the others sign in with `login`.
 */
export async function loginByForm(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('header-user')).toBeVisible();
}

/**
 * Signs in through the same API the form calls (the browser's own cookie jar keeps the session) and opens `path`,
 * by default where the form leads (/dashboard, which sends a role on to its own landing page; '/' would redirect
 * once more, and a tap on the phone's menu in between was lost with the page it was opened on). A journey whose subject is what comes after signing in need not load the
 * sign-in page and the landing page first: that was about 1.5 s of each journey's 6 on a CI machine. For the same
 * reason a journey about another page passes that page as `path` (the district dashboard alone is ≈ 2.4 s of a CI
 * machine's renderer); the menu itself is a few journeys' subject (the secretary's menu in field.spec.ts, the phone's
 * drawer in venues.spec.ts, the liaison's 两委会核实 in review.spec.ts).
 */
export async function login(page: Page, username: string, path = '/dashboard') {
  const answer = await page.request.post('/api/session', { data: { username, password: PASSWORD } });
  expect(answer.ok(), `signing in as ${username}: ${answer.status()} ${await answer.text()}`).toBe(true);
  await page.goto(path);
  await expect(page.getByTestId('header-user')).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByTestId('logout').click();
  // A phone asks first (the icon sits where the thumb lands); below antd's lg breakpoint the app is a phone's.
  if ((page.viewportSize()?.width ?? 1280) < 992) await page.getByTestId('logout-confirm').click();
  await expect(page.getByTestId('login-form')).toBeVisible();
}
