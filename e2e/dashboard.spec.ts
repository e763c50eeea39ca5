import { expect, test } from './fixtures.ts';
import { login, logout } from './helpers.ts';

test('the district dashboard opens the ledger filtered to what was clicked; the secretary gets her village on a phone', async ({
  page,
}) => {
  await login(page, 'officer');
  // The landing page is the dashboard.
  await expect(page.getByTestId('dashboard-district')).toBeVisible();
  await expect(page.getByTestId('chart-status').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('chart-trend').locator('canvas')).toBeVisible();

  // The overdue KPI opens the ledger's overdue list, which counts the same number.
  const overdue = (await page.getByTestId('kpi-overdue').locator('.ant-statistic-content-value').textContent())!.trim();
  expect(overdue).toMatch(/^\d+$/);
  await page.getByTestId('kpi-overdue').click();
  await expect(page).toHaveURL(/\/ledger\?.*overdue=1/);
  await expect(page.getByTestId('ledger-tab-overdue')).toHaveText(new RegExp(`\\b${overdue}$`));

  // A village of the red/amber/green table opens that village's ledger.
  await page.goBack();
  const row = page.getByTestId('rag-villages').locator('tr.ant-table-row').first();
  const village = (await row.locator('td').first().textContent())!.trim();
  await row.click();
  await expect(page).toHaveURL(/\/ledger\?.*organizationId=/);
  await expect(page.locator('tr.ant-table-row').first()).toContainText(village);
  await logout(page);

  // On a phone, the secretary lands on her village's dashboard with this week's report.
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  await expect(page.getByTestId('dashboard-village')).toContainText('大闵村');
  await expect(page.getByTestId('village-report-card')).toBeVisible();
  const first = page.getByTestId('village-my-problems-list-item').first();
  await first.click();
  await expect(page).toHaveURL(/\/ledger\/[0-9a-f-]{36}$/);
});

test('a liaison member lands on all the group’s villages at a glance, and a tap shows one of them below', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'liaison');
  const card = page.getByTestId('dashboard-my-villages');
  await expect(card).toBeVisible();
  // Every village of the group (the page used to show the first of them only, with no view of the others).
  const villages = card.getByTestId('dashboard-my-village');
  await expect(villages).toHaveCount(4);
  const names = await villages.evaluateAll((els) => els.map((e) => e.getAttribute('data-village')));
  expect(new Set(names)).toEqual(new Set(['上庄村', '安家村', '良田村', '大闵村']));
  // The page opens on the first of them, the one of most concern this week (in the demo not 大闵村, the first by scope).
  await expect(villages.first()).toHaveAttribute('aria-pressed', 'true');
  expect(names[0]).not.toBe('大闵村');
  await expect(page.getByRole('heading', { name: new RegExp(names[0]!) })).toBeVisible();
  await card.locator('[data-village="大闵村"]').click();
  await expect(page).toHaveURL(/organizationId=/);
  await expect(page.getByRole('heading', { name: /大闵村/ })).toBeVisible();
  await expect(card.locator('[data-village="大闵村"]')).toHaveAttribute('aria-pressed', 'true');
  // What waits for the group's acceptance is the first line of the card, and leads to exactly those problems.
  const toAccept = card.getByTestId('dashboard-to-accept');
  await expect(toAccept).toContainText(/包联村有 \d+ 个问题待验收/);
  const waiting = Number((await toAccept.innerText()).match(/(\d+)/)![1]);
  await toAccept.click();
  await expect(page).toHaveURL(/\/ledger\?status=submitted$/);
  await expect(page.getByTestId('ledger-tab-submitted')).toContainText(String(waiting));
  // The officer, whose scope is the district, has no such card.
  await logout(page);
  await login(page, 'officer');
  await expect(page.getByTestId('dashboard-district')).toBeVisible();
  await expect(page.getByTestId('dashboard-my-villages')).toHaveCount(0);
});

test('提醒: a liaison’s notices say where each problem stands now, and the page trips no Content-Security-Policy', async ({ page }) => {
  await login(page, 'liaison', '/notifications');
  // The notices of submitted problems: "请组织验收", with the problem's status now beside each.
  const status = page.getByTestId('notification-problem-status').first();
  await expect(status).toBeVisible();
  await expect(status).toContainText('问题现为');
  // The fixture fails the journey on any CSP report: zod's eval probe, run as the notices' schemas were built, was one.
});
