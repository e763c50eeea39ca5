import { test as base, expect } from '@playwright/test';

/**
 * Every journey runs with a Content-Security-Policy watch: each violation the
 * browser reports (the `securitypolicyviolation` event, or a CSP message on
 * the console) is collected, and the test fails when there was any. A journey
 * that wants to provoke one on purpose reads `cspViolations` and clears it.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      await page.exposeFunction('__taizhangCspViolation', (text: string) => violations.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __taizhangCspViolation: (t: string) => void }).__taizhangCspViolation;
          void report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      page.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations during the journey').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { APIRequestContext, Locator, Page } from '@playwright/test';
