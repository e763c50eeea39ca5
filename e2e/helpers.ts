import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'demo-pass-2016';

export async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('header-user')).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByTestId('logout').click();
  // A phone asks first (the icon sits where the thumb lands); below antd's lg breakpoint the app is a phone's.
  if ((page.viewportSize()?.width ?? 1280) < 992) await page.getByTestId('logout-confirm').click();
  await expect(page.getByTestId('login-form')).toBeVisible();
}
