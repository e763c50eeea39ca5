import { expect, test } from './fixtures.ts';
import { login } from './helpers.ts';

test('the monthly ranking shows a district on one page, and pages a larger scope server-side with district-wide ranks', async ({
  page,
}) => {
  await login(page, 'officer', '/rankings');
  const villages = page.getByTestId('ranking-villages');
  const rows = villages.locator('tr.ant-table-row');
  // The pager sits beside the table, in the villages' card.
  const pager = page.locator('.ant-card').filter({ has: villages }).locator('.ant-pagination');
  // A district's villages fit the default page: every row, no pager.
  await expect(rows.first()).toBeVisible();
  const total = await rows.count();
  expect(total).toBeGreaterThanOrEqual(16);
  await expect(pager).toHaveCount(0);
  // Every part that weighs in the score is a column: 学习得分率 weighed in unseen.
  await expect(villages.locator('thead th').filter({ hasText: '学习得分率' })).toBeVisible();

  // A scope larger than a page (here: pages of 5, asked for on the way to the server) gets a pager that asks the server.
  await page.route('**/api/rankings/monthly*', (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('pageSize', '5');
    return route.continue({ url: url.toString() });
  });
  await page.reload();
  await expect(rows).toHaveCount(5);
  await expect(pager).toContainText(`共 ${total} 条`);
  const firstPageRanks = await rows.locator('td:first-child').allTextContents();
  const asked = page.waitForRequest((r) => r.url().includes('/api/rankings/monthly') && r.url().includes('page=2'));
  await pager.locator('.ant-pagination-item-2').click();
  await asked;
  await expect(pager.locator('.ant-pagination-item-active')).toHaveText('2');
  await expect(rows).toHaveCount(5);
  // Ranks are the district's, not the page's: page 2 goes on from page 1.
  const rankOf = (text: string) => Number(/^\d+/.exec(text.trim())?.[0]);
  const secondPageRanks = await rows.locator('td:first-child').allTextContents();
  expect(rankOf(secondPageRanks[0]!)).toBeGreaterThanOrEqual(rankOf(firstPageRanks.at(-1)!));
});

test('settings: a refused save says why in words, beside the save button and in sight', async ({ page }) => {
  await login(page, 'admin', '/settings');
  const weights = page.locator('[id^="ranking_"]');
  await expect(weights.first()).toBeVisible();
  for (const input of await weights.all()) await input.fill('0');
  await page.getByTestId('settings-save').click();
  // Asked first: the colours and the ranking are computed again at once.
  await page.getByTestId('settings-save-confirm').click();
  const error = page.getByTestId('settings-error');
  await expect(error).toBeVisible();
  // Not "输入有误 — rules.ranking: …": no request path, no English gloss.
  await expect(error).not.toContainText('rules.');
  await expect(error).not.toContainText(/[A-Za-z]{4,}/);
  await expect(error).toBeInViewport();
  // Under the form, next to the button it answers (it was at the page's top, out of sight).
  const save = (await page.getByTestId('settings-save').boundingBox())!;
  const box = (await error.boundingBox())!;
  expect(box.y).toBeLessThan(save.y);
  expect(save.y - (box.y + box.height)).toBeLessThan(80);
});
