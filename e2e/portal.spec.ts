import { expect, test, type Page } from './fixtures.ts';
import { login } from './helpers.ts';

/**
 * The public portal (issue 12) on a village phone: from the poster's QR link
 * to 大闵村's page, 大字, feedback; the officer publishes it with a reply; the
 * visitor sees the reply; the public ledger moved by one entry and verifies
 * in the browser. Script payloads in feedback and in an article stay inert.
 * Every journey fails on a CSP violation (fixtures.ts).
 */

const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Fails the journey on any dialog (an alert() an injected script would open) and reports whether a payload ran. */
function watchForScripts(page: Page): () => Promise<boolean> {
  page.on('dialog', (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  return () => page.evaluate(() => Boolean((window as unknown as { __xss?: number }).__xss));
}

async function chainHead(page: Page): Promise<{ seq: number; hash: string }> {
  const res = await page.request.get('/api/public/chain/head');
  expect(res.ok()).toBe(true);
  return (await res.json()) as { seq: number; hash: string };
}

async function noSideScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, 'the page fits the phone without sideways scrolling').toBeLessThanOrEqual(width);
}

test('a villager on a phone: poster QR link → 大字 → feedback; the officer publishes it with a reply; the reply shows and the ledger verifies', async ({
  browser,
  page: officerPage,
}) => {
  const phone = await browser.newContext({ ...PHONE, baseURL: test.info().project.use.baseURL, locale: 'zh-CN' });
  const page = await phone.newPage();
  // The CSP watch of fixtures.ts covers the officer's page; the phone's own context gets the same watch here.
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  const ranScript = watchForScripts(page);

  // The poster on the notice board: its QR code carries the village page's address, and the head at printing.
  await page.goto('/public/');
  const villageLink = page.getByRole('link', { name: '大闵村', exact: true });
  const villageHref = (await villageLink.getAttribute('href'))!;
  await page.goto(`${villageHref}/poster`);
  await expect(page.locator('.qr svg')).toBeVisible();
  const qrUrl = (await page.locator('[data-poster-url]').textContent())!.trim();
  expect(qrUrl).toMatch(new RegExp(`${villageHref}$`));
  const printedHead = Number(await page.locator('[data-poster-head]').getAttribute('data-poster-head'));
  const before = await chainHead(page);
  expect(printedHead).toBe(before.seq);

  // Scanning the code opens the village page.
  await page.goto(qrUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('大闵村问题整改台账');
  await noSideScroll(page);
  const bodySize = async () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const normalSize = await bodySize();

  // 大字: switches at once and is remembered on the next page.
  const toggle = page.locator('header [data-font-toggle]');
  await toggle.click();
  await expect(page.locator('html')).toHaveClass(/large/);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await bodySize()).toBeGreaterThan(normalSize);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/large/);
  await noSideScroll(page);

  // Feedback, with a script payload that must stay text.
  const loadedAt = Date.now();
  const text = `活动室晚上没有人值班，希望安排一下。<img src=x onerror="window.__xss=1;alert(1)"> ${Date.now()}`;
  const form = page.locator('form.feedback');
  await form.locator('select[name=kind]').selectOption('report');
  await form.locator('textarea[name=body]').fill(text);
  await form.locator('input[name=name]').fill('王建国');
  await expect(form.locator('#feedback-counter')).toContainText('还可输入');
  // The form's time trap refuses a post within 3 seconds of the page (a person takes longer).
  await page.waitForTimeout(Math.max(0, 3_500 - (Date.now() - loadedAt)));
  await form.getByRole('button', { name: '提交留言' }).click();
  await expect(page.getByRole('status')).toContainText('留言已收到，审核后公开');
  await expect(page.getByText(text)).toHaveCount(0);

  // The officer publishes it with a public reply.
  await login(officerPage, 'officer');
  await officerPage.getByTestId('nav-feedback').click();
  const item = officerPage.getByTestId('feedback-item').filter({ hasText: text });
  await expect(item).toBeVisible();
  await expect(item.getByTestId('feedback-body')).toHaveText(text);
  // What the portal will show is before the moderator, editable (a bystander's name is taken out there).
  await expect(item.getByTestId('feedback-public-text')).toHaveValue(/活动室晚上没有人值班/);
  await item.getByTestId('feedback-reply').fill('已安排村干部晚上轮流值班，谢谢监督。');
  await item.getByTestId('feedback-publish').click();
  await expect(officerPage.getByTestId('feedback-item').filter({ hasText: text })).toHaveCount(0);
  await officerPage.getByTestId('feedback-tab-published').click();
  await expect(officerPage.getByTestId('feedback-item').filter({ hasText: text })).toBeVisible();

  // The visitor sees it, masked, with the reply; the payload is text.
  await page.goto(qrUrl);
  const shown = page.locator('.feedback-list li').filter({ hasText: '活动室晚上没有人值班' });
  await expect(shown).toContainText('<img src=x onerror=');
  await expect(shown).toContainText('王*');
  await expect(shown).not.toContainText('王建国');
  await expect(shown.locator('.reply')).toContainText('已安排村干部晚上轮流值班，谢谢监督。');
  await expect(shown.locator('img')).toHaveCount(0);
  expect(await ranScript()).toBe(false);

  // The public ledger moved by exactly one entry, and the browser verifies it (and the poster's head) itself.
  const after = await chainHead(page);
  expect(after.seq).toBe(before.seq + 1);
  await expect(page.locator('footer [data-chain-head]')).toHaveAttribute('data-chain-head', String(after.seq));
  await page.goto('/public/chain');
  await page.locator('#verify-form input[name=seq]').fill(String(before.seq));
  await page.locator('#verify-form input[name=hash]').fill(before.hash.slice(0, 12));
  await page.locator('#verify-form').getByRole('button', { name: '核验' }).click();
  const result = page.locator('#verify-result');
  await expect(result).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(result).toContainText(`链头第 ${after.seq} 条`);
  await expect(result).toContainText('与台账一致');
  await noSideScroll(page);

  expect(violations, 'Content-Security-Policy violations on the phone').toEqual([]);
  await phone.close();
});

test('an article with a script payload, written and published by the officer, is inert on the portal', async ({ page, browser }) => {
  await login(page, 'officer', '/articles');
  await page.getByTestId('article-new').click();
  const title = `夜校开课 ${Date.now()}`;
  await page.getByTestId('article-title').fill(title);
  await page.getByTestId('article-tags').fill('党员教育，夜校');
  // Linked to 大闵村 (相关村): picked from the villages by typing part of the name.
  await page.getByTestId('article-villages').click();
  await page.getByTestId('article-villages').locator('input').fill('大闵');
  await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '大闵村' }).click();
  await expect(page.getByTestId('article-villages')).toContainText('大闵村');
  await page
    .getByTestId('article-body')
    .fill(
      '<p onclick="window.__xss=1">良田办党员夜校本周开课。</p><script>window.__xss=2;alert(2)</script><img src=x onerror="window.__xss=3;alert(3)"><a href="javascript:alert(4)">报名</a>',
    );
  await page.getByTestId('article-preview').click();
  await expect(page.getByTestId('article-preview-body')).toContainText('良田办党员夜校本周开课。');
  await expect(page.getByTestId('article-preview-villages')).toContainText('大闵村');
  await page.locator('.ant-modal-close').click();
  await page.getByTestId('article-save').click();
  await expect(page.getByTestId('article-publish')).toBeVisible();
  // A photo with its caption, placed in the body as a figure.
  await page.getByTestId('article-image-caption').fill('夜校第一课');
  await page.locator('.ant-drawer input[type=file]').setInputFiles({ name: '夜校.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(page.getByTestId('article-body')).toHaveValue(/<figcaption>夜校第一课<\/figcaption>/);
  await page.getByTestId('article-save').click();
  await expect(page.getByTestId('article-body')).toHaveValue(/loading="lazy"/);
  await page.getByTestId('article-publish').click();
  await expect(page.getByTestId('article-unpublish')).toBeVisible();
  const href = await page.getByTestId('article-public-link').getAttribute('href');
  expect(href).toMatch(/^\/public\/news\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('article-row').filter({ hasText: title }).getByTestId('article-row-village')).toHaveText('大闵村');

  const phone = await browser.newContext({ ...PHONE, baseURL: test.info().project.use.baseURL, locale: 'zh-CN' });
  const reader = await phone.newPage();
  const ranScript = watchForScripts(reader);
  await reader.goto(href!);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(reader.locator('.article-body')).toContainText('良田办党员夜校本周开课。');
  const figure = reader.locator('.article-body figure');
  await expect(figure.locator('figcaption')).toHaveText('夜校第一课');
  await figure.locator('img').scrollIntoViewIfNeeded();
  await expect.poll(() => figure.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await reader.locator('.article-body p').first().click();
  // The javascript: link lost its address: it is text, not a link.
  await expect(reader.locator('.article-body a', { hasText: '报名' })).not.toHaveAttribute('href', /./);
  expect(await ranScript()).toBe(false);
  expect(await reader.locator('.article-body script, .article-body [onclick], .article-body [onerror]').count()).toBe(0);
  await expect(reader.getByRole('heading', { name: '相关新闻' })).toBeVisible();
  await expect(reader.getByRole('heading', { name: /新闻推荐/ }).first()).toBeVisible();
  // The article page's own 大字 switch.
  await reader.locator('.article-meta [data-font-toggle]').click();
  await expect(reader.locator('html')).toHaveClass(/large/);
  await noSideScroll(reader);
  // Its village is named on the page and leads to the village's ledger.
  await reader.getByRole('link', { name: '大闵村', exact: true }).click();
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('大闵村问题整改台账');
  await phone.close();
});

test("the district admin closes the portal's feedback by default (公示设置) and opens it again", async ({ page }) => {
  await login(page, 'admin', '/settings');
  const card = page.getByTestId('portal-settings');
  const feedbackOpen = card.getByTestId('portal-settings-feedbackOpen');
  await expect(feedbackOpen).toHaveAttribute('aria-checked', 'true');
  const save = async () => {
    await card.getByTestId('portal-settings-save').click();
    await expect(page.getByText('公示设置已保存').last()).toBeVisible();
  };
  await feedbackOpen.click();
  await save();

  await page.goto('/public/');
  const villageHref = (await page.getByRole('link', { name: '大闵村', exact: true }).getAttribute('href'))!;
  await page.goto(villageHref);
  await expect(page.getByText('留言暂未开放。')).toBeVisible();
  await expect(page.locator('form.feedback')).toHaveCount(0);

  await page.goto('/settings');
  await expect(feedbackOpen).toHaveAttribute('aria-checked', 'false');
  await feedbackOpen.click();
  await save();
  await page.goto(villageHref);
  await expect(page.locator('form.feedback')).toBeVisible();
});

test('on a phone a village’s name on the portal home is big enough to tap', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/public/');
  const link = page.locator('.village-row a').first();
  await expect(link).toBeVisible();
  const box = (await link.boundingBox())!;
  // It was 48×19 px.
  expect(box.height).toBeGreaterThanOrEqual(40);
  // So are the news titles, the "more" links and the top navigation (19, 19 and 38 px high).
  const targets = [
    page.locator('.list > li > a[href^="/public/news/"]').first(),
    page.locator('a[href="/public/news"]').last(),
    page.locator('a[href="/public/circulars"]').last(),
    page.locator('.site-nav a').first(),
  ];
  for (const target of targets) {
    await expect(target).toBeVisible();
    expect((await target.boundingBox())!.height, await target.innerText()).toBeGreaterThanOrEqual(40);
  }
});

test('on a phone a village’s public record keeps each time and hash on one line', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/public/');
  await page.locator('.village-row a').first().click();
  const entry = page.locator('tbody tr', { has: page.locator('td.hash') }).first();
  await expect(entry).toBeVisible();
  // Before: six columns split the hash over three lines and the time over two.
  for (const [label, cell] of [
    ['时间', entry.locator('td').nth(1)],
    ['哈希', entry.locator('td.hash')],
  ] as const) {
    const lines = await cell.evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    expect(lines, label).toBeLessThan(1.5);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
