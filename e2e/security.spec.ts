import { expect, test } from './fixtures.ts';
import { login, PASSWORD } from './helpers.ts';

test('the app shell sends a Content-Security-Policy the built app passes, and an injected inline script is blocked', async ({
  page,
  cspViolations,
}) => {
  const response = await page.goto('/login');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response?.headers()['referrer-policy']).toBe('same-origin');
  await expect(page.getByTestId('login-form')).toBeVisible();

  // The watch itself works: an inline script (what an XSS would be) is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  cspViolations.length = 0;
});

test('changing one’s password keeps this browser signed in under a new cookie and signs out every other', async ({ page, browser }) => {
  // A second browser signed in as the same person earlier (a phone left somewhere, say).
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const otherPage = await other.newPage();
  await login(otherPage, 'viewer');

  await login(page, 'viewer');
  const before = (await page.context().cookies()).find((c) => c.name === 'tz_session')?.value;
  const change = async (from: string, to: string) => {
    await page.goto('/account');
    await page.getByTestId('account-password-current').fill(from);
    await page.getByTestId('account-password-new').fill(to);
    await page.getByTestId('account-password-confirm').fill(to);
    await page.getByTestId('account-password-submit').click();
    await expect(page.locator('.ant-message').getByText('密码已修改')).toBeVisible();
  };
  // A wrong current password is said once, beside its field, in Chinese (it showed in a banner and the field, with
  // the English gloss in one and the English note 'wrong password' in the other).
  await page.goto('/account');
  await page.getByTestId('account-password-current').fill('not-my-password');
  await page.getByTestId('account-password-new').fill('changed-pass-2026');
  await page.getByTestId('account-password-confirm').fill('changed-pass-2026');
  await page.getByTestId('account-password-submit').click();
  const form = page.getByTestId('change-password-form');
  await expect(form.locator('.ant-form-item-explain-error')).toContainText('当前密码不正确');
  await expect(form.locator('.ant-form-item-explain-error')).not.toContainText('wrong');
  await expect(form.locator('.ant-alert')).toHaveCount(0);

  await change(PASSWORD, 'changed-pass-2026');
  const after = (await page.context().cookies()).find((c) => c.name === 'tz_session')?.value;
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);

  // This browser goes on; the other one is back at the login page on its next request.
  await page.goto('/');
  await expect(page.getByTestId('header-user')).toBeVisible();
  // Without a reload: its next request answers 401, the session is asked for again, and it is gone.
  await otherPage.getByTestId('nav-circulars').click();
  await expect(otherPage.getByTestId('login-form')).toBeVisible();
  await other.close();

  // The demo account's password back as it was, for the journeys after this one.
  await change('changed-pass-2026', PASSWORD);
});
