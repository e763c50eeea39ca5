import { expect, test } from './fixtures.ts';

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
