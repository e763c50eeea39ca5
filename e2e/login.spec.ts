import { expect, test, type Page } from './fixtures.ts';
import { PASSWORD } from './helpers.ts';

/**
 * The login page a phone shows before the app's code has arrived: written into the page by the server (the same
 * markup the app renders), usable at once, and taken over by the app with what was typed.
 */

/** Holds the app's entry back, as on a line where it is still arriving; the function returned lets it come. */
async function holdTheAppsCode(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
test('on a slow line the login form is there before the app’s code; what was typed, and where, is kept when the app takes over', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const release = await holdTheAppsCode(page);
  await page.goto('/login?next=%2Fledger', { waitUntil: 'commit' });
  const username = page.getByTestId('login-username');
  const password = page.getByTestId('login-password');
  await expect(username).toBeFocused();
  await page.keyboard.type('secret');
  await password.click();
  await page.keyboard.type('demo-pass');
  await expect(page.locator('form[data-static-login]')).toHaveCount(1);

  release();
  await expect(page.locator('form[data-static-login]')).toHaveCount(0);
  await expect(username).toHaveValue('secret');
  await expect(password).toHaveValue('demo-pass');
  await expect(password).toBeFocused();
  // The caret where it was: the typing goes on at the end of the password.
  await page.keyboard.type(PASSWORD.slice('demo-pass'.length));
  await username.click();
  await page.keyboard.press('End');
  await page.keyboard.type('ary');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/ledger$/);
  await expect(page.getByTestId('header-user')).toContainText('陈晓梅');
});

test('a reader who chose English types into the written page (Chinese); the app’s page takes it over in English', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('taizhang.lang', 'en'));
  const release = await holdTheAppsCode(page);
  await page.goto('/login', { waitUntil: 'commit' });
  await expect(page.getByTestId('login-submit')).toHaveText(/登\s*录/);
  await page.getByTestId('login-username').fill('viewer');
  release();
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  // Never an empty page in between (the dictionary was loaded before the app replaced the written form).
  await expect(page.getByTestId('login-username')).toHaveValue('viewer');
  await expect(page.getByTestId('login-username')).toBeFocused();
});

test('without the app’s code the login form still signs in: a wrong password is said, the right one goes on to ?next=', async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login?next=%2Fledger');
  await page.getByTestId('login-username').fill('secretary');
  await page.getByTestId('login-password').fill('not-her-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('用户名或密码不正确');
  await expect(page.getByTestId('login-username')).toHaveValue('secretary');
  await expect(page.getByTestId('login-password')).toHaveValue('');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/ledger$/);
  const signedIn = await context.storageState();
  await context.close();

  // The session it made is the app's: the same cookies in a browser with its code open the ledger, signed in.
  const withCode = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: signedIn });
  const app = await withCode.newPage();
  await app.goto('/ledger');
  await expect(app.getByTestId('header-user')).toContainText('陈晓梅');
  await withCode.close();
});
