import { expect, test, type Page } from './fixtures.ts';
import { login, logout } from './helpers.ts';

/** The computed background of an element as [r, g, b]. */
async function background(page: Page, testId: string, within: ReturnType<Page['getByTestId']>): Promise<[number, number, number]> {
  const css = await within.getByTestId(testId).evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
  return [r ?? 0, g ?? 0, b ?? 0];
}

test('a dialog survives Escape in its dropdown and asks before discarding what was typed', async ({ page }) => {
  await login(page, 'officer');
  // The page lands without the organization tree (a province's is 6 MB); the dialog asks for it when it opens.
  const treeAsked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/organizations/tree')) treeAsked.push(r.url());
  });
  await page.goto('/inspections');
  await page.waitForLoadState('networkidle');
  expect(treeAsked).toEqual([]);
  await page.getByTestId('round-create').click();
  await page.getByTestId('round-name').fill('2026年冬季补充排查');
  // Open the village picker, then Escape: it closes the dropdown only.
  // (The journeys' tree counts as a province's, playwright.config.ts: the server finds the villages by name.)
  await expect(page.getByTestId('round-villages').locator('.ant-select-disabled')).toHaveCount(0);
  await page.getByTestId('round-villages').locator('.ant-select-selector').click();
  await page.keyboard.type('大闵');
  await expect(page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '大闵村 · 良田街道' })).toBeVisible();
  expect(treeAsked).toHaveLength(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('round-name')).toHaveValue('2026年冬季补充排查');
  await expect(page.getByTestId('round-name')).toBeVisible();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expect(page.locator('.ant-modal-confirm')).toHaveCount(0);
  // Escape again (or Cancel) on a dirty form asks first; keeping it keeps the text.
  await page.keyboard.press('Escape');
  await page.getByTestId('round-create-keep').click();
  await expect(page.locator('.ant-modal-confirm')).toHaveCount(0);
  await expect(page.getByTestId('round-name')).toHaveValue('2026年冬季补充排查');
  await page.getByTestId('round-create-cancel').click();
  await page.getByTestId('round-create-discard').click();
  await expect(page.getByTestId('round-name')).toHaveCount(0);
  await logout(page);
});

test('the liaison lands on the open follow-up round; 达标 shows green, 不达标 red, 不适用 grey; the failure dialog takes its photo', async ({
  page,
}) => {
  await login(page, 'liaison', '/inspections');
  const open = page.getByTestId('round-row').filter({ hasText: '回头看' });
  await open.getByRole('link').first().click();
  // The first village of the group has not been started yet.
  await page.getByTestId('checklist-link').first().click();
  const items = page.getByTestId('check-item');
  const first = items.filter({ has: page.getByTestId('check-meets') }).first();
  await first.getByTestId('check-meets').click();
  await expect(first).toHaveAttribute('data-result', 'meets');
  const [r, g] = await background(page, 'check-meets', first);
  expect(g).toBeGreaterThan(r);
  expect(await first.getByTestId('check-meets').getAttribute('aria-pressed')).toBe('true');

  const second = items.filter({ has: page.getByTestId('check-na') }).nth(1);
  await second.getByTestId('check-na').click();
  await expect(second).toHaveAttribute('data-result', 'na');
  const [nr, ng, nb] = await background(page, 'check-na', second);
  expect(Math.max(nr, ng, nb) - Math.min(nr, ng, nb)).toBeLessThan(16); // grey, no hue

  const third = items.filter({ has: page.getByTestId('check-fails') }).nth(2);
  await third.getByTestId('check-fails').click();
  await page.getByTestId('fail-description').fill('党员活动室制度牌缺失');
  // One Chinese button for the photo, not the browser's own "Choose File" (the form's styles had shown the input).
  await expect(page.getByTestId('fail-photo-input')).toBeHidden();
  await expect(page.getByTestId('fail-photo-pick')).toBeVisible();
  await page.getByTestId('fail-photo-input').setInputFiles({
    name: '现场.png',
    mimeType: 'image/png',
    buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
  });
  await page.getByTestId('fail-ok').click();
  await expect(third).toHaveAttribute('data-result', 'fails');
  const [fr, fg] = await background(page, 'check-fails', third);
  expect(fr).toBeGreaterThan(fg);
  // Not greyed out as if disabled: the chosen result stays a live, pressed button.
  await expect(third.getByTestId('check-fails')).toBeEnabled();
  // On a phone, 已转为问题 goes under the buttons: beside them it squeezed 不达标 and lay over it.
  await page.setViewportSize({ width: 360, height: 740 });
  const fails = await third.getByTestId('check-fails').boundingBox();
  const hint = await third.getByTestId('check-problem-hint').boundingBox();
  expect(fails && hint && hint.y >= fails.y + fails.height - 1, JSON.stringify({ fails, hint })).toBe(true);
  expect(await third.getByTestId('check-fails').evaluate((b) => b.scrollWidth <= b.clientWidth + 1)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The problem it recorded holds the photo, with the defaulted deadline and owner.
  await third.getByTestId('check-problem-link').click();
  await expect(page.getByText('党员活动室制度牌缺失').first()).toBeVisible();
  await expect(page.getByRole('img', { name: '现场.png' })).toBeVisible();
  await expect(page.getByText('佐证材料（1）')).toBeVisible();
});

test('a village secretary sees ten menu entries, only what the village uses', async ({ page }) => {
  await login(page, 'secretary');
  const menu = page.locator('.nav-menu a[data-testid^="nav-"]');
  // 工作台, 问题台账, 每周汇报, 红黄绿与排名, 月度通报, 清零行动, 党建学习, 提醒, 使用说明, 我的账户 (as nav-rules.test.ts
  // lists them).
  await expect(menu).toHaveCount(10);
  await expect(page.getByTestId('nav-liaison-groups')).toHaveCount(0);
  await expect(page.getByTestId('nav-interviews')).toHaveCount(0);
  await expect(page.getByTestId('nav-standards')).toHaveCount(0);
});

test('the officer closes accepted problems in bulk from the ledger, completing their measures', async ({ page }) => {
  await login(page, 'officer', '/ledger?status=accepted');
  const rows = page.locator('.ant-table-tbody .ant-table-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(2);
  const codes = [];
  for (const i of [0, 1]) {
    await rows.nth(i).locator('.ant-checkbox-input').check();
    codes.push((await rows.nth(i).locator('td').nth(1).innerText()).trim());
  }
  await page.getByTestId('ledger-bulk-close').click();
  await expect(page.getByTestId('ledger-bulk-close-measures')).toBeChecked();
  // The confirmation zooms in: a click while it still moves was lost once on a busy CI machine (the dialog stayed
  // open, the request never sent). Wait until its motion has ended.
  const confirm = page.getByRole('dialog').filter({ has: page.getByTestId('ledger-bulk-close-ok') });
  await expect(confirm).toHaveCount(1);
  await expect(confirm).not.toHaveClass(/ant-zoom-/);
  await page.getByTestId('ledger-bulk-close-ok').click();
  await expect(page.getByText('已销号 2 个问题')).toBeVisible();
  // Both left the accepted list and show as closed.
  const code = (c: string) => c.split('\n')[0]!;
  for (const c of codes) await expect(page.locator('.ant-table-tbody')).not.toContainText(code(c));
  await page.goto(`/ledger?status=closed&q=${encodeURIComponent(code(codes[0]!))}`);
  await expect(page.locator('.ant-table-tbody')).toContainText(code(codes[0]!));
});
