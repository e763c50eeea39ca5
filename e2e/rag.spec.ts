import { expect, test } from './fixtures.ts';
import { login } from './helpers.ts';

test('the red/amber/green table shows a district on one page with its tally, and pages a larger scope server-side', async ({ page }) => {
  await login(page, 'officer', '/rankings');
  const table = page.getByTestId('rag-table');
  const villages = table.locator('tr.ant-table-row-level-1');
  const pager = page.getByTestId('rag-pages');
  // A district's villages fit the default page: all of them under their subdistricts, the tally of all, no pager.
  await expect(villages.first()).toBeVisible();
  const total = await villages.count();
  expect(total).toBeGreaterThanOrEqual(16);
  await expect(page.getByTestId('rag-tally')).toContainText(/红 \d+ · 黄 \d+ · 绿 \d+/);
  const tally = await page.getByTestId('rag-tally').textContent();
  await expect(pager).toHaveCount(0);

  // A scope larger than a page (here: pages of 5, asked for on the way to the server) gets a pager that asks the server.
  await page.route('**/api/rag?*', (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('pageSize', '5');
    return route.continue({ url: url.toString() });
  });
  await page.reload();
  await expect(villages).toHaveCount(5);
  await expect(pager).toContainText(`共 ${total} 条`);
  const firstPage = await villages.locator('td:first-child').allTextContents();
  const asked = page.waitForRequest((r) => r.url().includes('/api/rag') && r.url().includes('page=2'));
  await pager.locator('.ant-pagination-item-2').click();
  await asked;
  await expect(pager.locator('.ant-pagination-item-active')).toHaveText('2');
  await expect(villages).toHaveCount(5);
  const secondPage = await villages.locator('td:first-child').allTextContents();
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
  // The tally counts every page.
  await expect(page.getByTestId('rag-tally')).toHaveText(tally!);
});
