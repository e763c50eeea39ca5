import { expect, test, type Page } from './fixtures.ts';
import { login, loginByForm, logout } from './helpers.ts';

const treeNode = (page: Page, name: string) =>
  page
    .getByTestId('org-tree')
    .getByTestId('org-tree-node')
    .filter({ hasText: new RegExp(`^${name}`) });

test('admin creates a village under 白杨街道, finds it, sees its audit event; zhangdong cannot see 大闵村', async ({ page }) => {
  const villageName = `试点新村${Date.now().toString(36).slice(-5)}`;

  await login(page, 'admin', '/organizations');
  await expect(page.getByTestId('org-tree')).toBeVisible();

  await treeNode(page, '白杨街道').first().click();
  await expect(page.getByTestId('org-detail-name')).toHaveText('白杨街道');
  await page.getByTestId('org-action-createChild').click();
  await page.getByTestId('org-create-name').fill(villageName);
  await page.getByTestId('org-create-ok').click();
  await expect(page.getByTestId('org-detail-name')).toHaveText(villageName);
  // The tree comes a level at a time here (playwright.config.ts ORG_TREE_WHOLE_MAX): it opens 白杨街道 to show it.
  await expect(treeNode(page, villageName)).toBeVisible();

  // Find it in the tree by searching, from a fresh load of the page: the server finds it, with its 街道.
  await page.goto('/organizations');
  await expect(treeNode(page, '白杨街道')).toBeVisible();
  await expect(treeNode(page, '张东村')).toHaveCount(0);
  await page.getByTestId('org-search').fill(villageName.slice(0, 6));
  await expect(treeNode(page, villageName)).toBeVisible();
  await expect(treeNode(page, villageName)).toContainText('白杨街道');
  await treeNode(page, villageName).click();
  await expect(page.getByTestId('org-detail-name')).toHaveText(villageName);

  // Its audit record: who created it, and when.
  await page.getByTestId('org-audit-link').click();
  const row = page.getByTestId('audit-table').locator('[data-event-type="organization.created"]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('创建组织');
  await expect(row).toContainText('系统管理员');
  // Its data names the parent it was created under (asked for by id, not from the whole tree).
  await row.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('audit-data').first()).toContainText('白杨街道');

  // Remember 大闵村's address to try it as another user.
  const damin = await page.request.get('/api/organizations?q=大闵村&kind=village');
  const daminId = (await damin.json()).items[0].id as string;

  await logout(page);
  await login(page, 'zhangdong', '/organizations');
  await expect(treeNode(page, '张东村').first()).toBeVisible();
  await expect(page.getByTestId('org-tree')).not.toContainText('大闵村');
  await page.getByTestId('org-search').fill('大闵');
  await expect(page.getByText('没有名称包含“大闵”的组织')).toBeVisible();
  await expect(page.getByTestId('org-tree-node').filter({ hasText: '大闵村' })).toHaveCount(0);
  // Even by its address, it does not exist for him.
  await page.goto(`/organizations/${daminId}`);
  await expect(page.getByText('该组织不存在，或您无权查看')).toBeVisible();
  // No admin pages in his menu.
  await expect(page.getByRole('link', { name: '审计日志' })).toHaveCount(0);
});

test('archiving a village whose problems are not all closed is explained, with the way to them', async ({ page }) => {
  await login(page, 'admin');
  const damin = await page.request.get('/api/organizations?q=大闵村&kind=village');
  const daminId = (await damin.json()).items[0].id as string;
  await page.goto(`/organizations/${daminId}`);
  await expect(page.getByTestId('org-detail-name')).toHaveText('大闵村');
  // The detail says it before anyone tries: how many problems are not closed, linked to them.
  await expect(page.getByTestId('org-unsettled-link')).toHaveText(/^\d+ 个$/);
  await page.getByTestId('org-action-archive').click();
  // Not the archive's confirmation: why it cannot be archived yet, and how many are left.
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('暂不能归档“大闵村”');
  await expect(dialog).toContainText(/还有 \d+ 个问题未销号/);
  await expect(page.getByTestId('org-archive-confirm')).toHaveCount(0);
  await page.getByTestId('org-archive-ledger').click();
  await expect(page).toHaveURL(new RegExp(`/ledger\\?.*organizationId=${daminId}`));
  await expect(page).toHaveURL(/status=open%2Crectifying%2Csubmitted%2Caccepted/);
  // The ledger lists exactly those: 大闵村's problems, none closed.
  const rows = page.getByTestId('ledger-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('大闵村');
  await expect(rows.filter({ hasText: '已销号' })).toHaveCount(0);
});

test('a page loaded again knows who is signed in without asking, and after signing out it is the login page', async ({ page }) => {
  await login(page, 'secretary', '/ledger');
  // The server writes who is signed in into the page it sends a browser with a session.
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/session') asked.push(r.method());
  });
  await page.goto('/dashboard');
  await expect(page.getByTestId('village-overdue')).toBeVisible();
  await expect(page.getByTestId('header-user')).toContainText('陈晓梅');
  expect(asked, 'GET /api/session on a page that carries the session').toEqual([]);
  // Read once and taken out of the page.
  await expect(page.locator('#tz-session')).toHaveCount(0);

  await logout(page);
  // Signed out, the page is the login page at once (the server sends it there), the page kept for after.
  await page.goto('/ledger?status=open');
  await expect(page).toHaveURL(/\/login\?next=%2Fledger%3Fstatus%3Dopen$/);
  await page.getByTestId('login-username').fill('secretary');
  await page.getByTestId('login-password').fill('demo-pass-2016');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/ledger\?status=open$/);
  await expect(page.getByTestId('header-user')).toContainText('陈晓梅');
});

test('a village secretary on a phone signs in, opens the menu and sees her account', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  await loginByForm(page, 'secretary');
  // No horizontal scrolling at 375 px.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByTestId('nav-toggle').click();
  await expect(page.getByTestId('nav-drawer')).toBeVisible();
  await page.getByTestId('nav-drawer').getByRole('link', { name: '我的账户' }).click();
  await expect(page.getByText('大闵村').first()).toBeVisible();
  await expect(page.getByText('陈晓梅').first()).toBeVisible();
  await context.close();
});

test('the language switch turns the interface to English and back', async ({ page }) => {
  await login(page, 'viewer', '/organizations');
  await expect(page.getByRole('link', { name: '组织架构' }).first()).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('link', { name: 'Organizations' }).first()).toBeVisible();
  // The venue campaign's title, left at its default name, is the app's own in English (it was the Chinese default).
  await page.goto('/venues');
  await expect(page.getByRole('heading', { name: 'Village venue clearance campaign' })).toBeVisible();
  await page.goto('/organizations');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('link', { name: '组织架构' }).first()).toBeVisible();
});

test('when the English dictionary cannot be loaded, the page and its messages stay in Chinese', async ({ page, context }) => {
  await page.route(/\/assets\/en-[^/]+\.js$/, (route) => route.abort());
  await page.goto('/login');
  // The app's own login page (the one the server writes into the page has no switch that works before the code).
  await expect(page.locator('form[data-static-login]')).toHaveCount(0);
  await page.getByTestId('lang-switch').click();
  // The switch could not load English: the page stays Chinese…
  await expect(page.getByTestId('login-submit')).toHaveText(/登\s*录/);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('demo-pass-2016');
  await context.setOffline(true);
  await page.getByTestId('login-submit').click();
  // …and so does the client's own message (it was English: it read the stored choice, not the page).
  await expect(page.getByTestId('login-error')).toContainText('网络已断开，未能发送');
  await context.setOffline(false);
});

test('a large tree comes to the pickers a level at a time: open a 街道 for its villages, or type a name the server finds', async ({
  page,
}) => {
  // playwright.config.ts sets ORG_TREE_WHOLE_MAX=10, so the demo district's 35 organizations count as a large tree.
  await login(page, 'officer', '/ledger');
  const picker = page.getByTestId('ledger-filter-org');
  await picker.locator('.ant-select-selector').click();
  const dropdown = page.locator('.ant-select-tree').first();
  await expect(dropdown.getByTitle('良田街道（街道）')).toBeVisible();
  await expect(dropdown.getByTitle('大闵村（村）')).toHaveCount(0);

  // Opening 良田街道 asks for what lies under it.
  const asked = page.waitForResponse((r) => r.url().includes('/api/organizations/tree') && r.url().includes('parentId='));
  await dropdown.locator('.ant-select-tree-treenode', { hasText: '良田街道' }).locator('.ant-select-tree-switcher').click();
  expect((await asked).status()).toBe(200);
  await dropdown.getByTitle('大闵村（村）').click();
  await expect(page).toHaveURL(/organizationId=/);
  await expect(picker).toContainText('大闵村');

  // Typing asks the server, which names each match's 街道.
  await picker.locator('.ant-select-selector').click();
  await page.keyboard.type('张东');
  const match = page.locator('.ant-select-tree').first().getByTitle('张东村（村） · 白杨街道');
  await match.click();
  const zhangdong = new URL(page.url()).searchParams.get('organizationId');
  expect(zhangdong).toBeTruthy();
  await expect(picker).toContainText('张东村');

  // A link straight to a village the tree has not sent still names it.
  await page.goto(`/ledger?organizationId=${zhangdong}`);
  await expect(picker).toContainText('张东村');
  await expect(picker).not.toContainText(zhangdong!);

  // Typing a name and pressing Enter takes the first match (Enter did nothing).
  await picker.locator('.ant-select-selector').click();
  await page.keyboard.type('大闵');
  await expect(page.locator('.ant-select-tree').first().getByTitle('大闵村（村） · 良田街道')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(picker).toContainText('大闵村');
  await expect(page).not.toHaveURL(new RegExp(`organizationId=${zhangdong}`));
  const damin = new URL(page.url()).searchParams.get('organizationId');

  // Enter pressed at once, before the server has answered what was typed, takes the first match once it comes
  // (it was ignored, or took the last search's first match, still in view).
  await picker.locator('.ant-select-selector').click();
  await page.keyboard.type('张东');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`organizationId=${zhangdong}`));
  await expect(picker).toContainText('张东村');
  expect(damin).not.toBe(zhangdong);
  await logout(page);
});
