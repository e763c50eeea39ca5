import { request } from '@playwright/test';
import { expect, test, type Locator, type Page } from './fixtures.ts';
import { login, loginByForm, PASSWORD } from './helpers.ts';

const option = (group: Locator, label: string) => group.locator('label', { hasText: label });

const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Counts the secretary's taps: every click on the page goes through here. */
function tapper(page: Page) {
  let taps = 0;
  return {
    tap: async (target: Locator) => {
      taps += 1;
      await target.click();
    },
    /** Choosing a photo: the tap that opens the phone's picker, and the picture taken or chosen there. */
    photo: async (opener: Locator) => {
      taps += 2;
      const chooser = page.waitForEvent('filechooser');
      await opener.click();
      await (await chooser).setFiles({ name: '整改后.png', mimeType: 'image/png', buffer: PHOTO });
    },
    get count() {
      return taps;
    },
  };
}

async function size(target: Locator): Promise<{ width: number; height: number }> {
  const box = await target.boundingBox();
  return { width: box?.width ?? 0, height: box?.height ?? 0 };
}

/** A problem on the village dashboard: under 即将到期 or 我的问题 (each problem is on one of them). */
const villageProblems = (page: Page) =>
  page.locator('[data-testid="village-due-soon-list"] li, [data-testid="village-my-problems-list"] li');

test('on a phone the secretary goes from the village dashboard to 申请验收 with a photo in at most six taps', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  await expect(page.getByTestId('dashboard-village')).toBeVisible();
  const taps = tapper(page);

  const card = villageProblems(page)
    .filter({ has: page.getByTestId('village-quick-submit') })
    .first();
  const code = (await card.innerText()).match(/WT-\d{4}-\d{4}/)?.[0];
  expect(code).toBeTruthy();
  await taps.tap(card.getByTestId('village-quick-submit'));
  await expect(page.getByTestId('quick-submit')).toBeVisible();
  await taps.photo(page.getByTestId('quick-submit-photo'));
  await expect(page.locator('.quick-submit-thumb')).toHaveCount(1);
  // The measures are marked done by default when there are unfinished ones: no tap needed for that.
  await taps.tap(page.getByTestId('quick-submit-ok'));
  await expect(page.getByText(`${code} 已申请验收`)).toBeVisible();
  expect(taps.count).toBeLessThanOrEqual(6);

  // The problem is now waiting for acceptance, with the photo.
  await page.goto('/ledger?q=' + encodeURIComponent(code!));
  await page.getByTestId('ledger-card').first().click();
  await expect(page.getByTestId('problem-status')).toContainText('待验收');
  await expect(page.getByRole('img', { name: '整改后.png' })).toBeVisible();
});

test('on a phone nothing the secretary taps on the village dashboard moves when its later cards arrive', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  // The cards that load after the dashboard's own (达标 state, 党建学习): their code is held back until the lists are on
  // screen, as on a slow line, so that their arrival is seen. A tap that lands as a card above a button appears
  // lands on whatever moved under the finger.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/.*\.js$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes('village-standing-card') || body.includes('study-card')) await held;
    await route.fulfill({ response, body });
  });
  await login(page, 'secretary');
  await expect(page.getByTestId('village-quick-submit').first()).toBeVisible();
  // Everything she can tap that is on the page before those cards arrive, the 整改完成 buttons among them.
  const tappable = await page.getByTestId('dashboard-village').locator('a, button').all();
  const tops = async () => Promise.all(tappable.map(async (b) => (await b.boundingBox())?.y ?? -1));
  const before = await tops();
  expect(before.length).toBeGreaterThan(5);
  await expect(page.getByTestId('village-standing-card')).toHaveCount(0);
  release();
  await expect(page.getByTestId('village-standing-card')).toBeVisible();
  await expect(page.getByTestId('study-card')).toBeVisible();
  expect(await tops()).toEqual(before);
});

test('on a phone the small links and icons a secretary taps are at least 40 px, and measures come before evidence', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  const all = page.getByTestId('village-my-problems-all');
  await expect(all).toBeVisible();
  expect((await size(all)).height).toBeGreaterThanOrEqual(40);
  // The header's bell (30 px wide), and the notification centre's 全部 / 未读 switch (28 px high).
  const bell = await size(page.getByTestId('notification-bell'));
  expect(Math.min(bell.width, bell.height), 'bell').toBeGreaterThanOrEqual(40);
  await page.getByTestId('notification-bell').click();
  const filter = page.locator('.ant-segmented-item').first();
  await expect(filter).toBeVisible();
  expect((await size(filter)).height, 'notifications filter').toBeGreaterThanOrEqual(40);

  // A problem with a measure: its edit icon and its 上传材料 button.
  await page.goto('/ledger?status=rectifying');
  await page.getByTestId('ledger-card').first().click();
  await expect(page.getByTestId('problem-detail')).toBeVisible();
  const measure = page.getByTestId('measure-item').first();
  if ((await measure.count()) > 0) {
    for (const id of ['measure-edit', 'measure-evidence']) {
      const el = measure.getByTestId(id);
      if ((await el.count()) === 0) continue;
      const s = await size(el);
      expect(Math.min(s.width, s.height), id).toBeGreaterThanOrEqual(40);
    }
  }
  const measuresTop = (await page.locator('.detail-card').filter({ hasText: '整改措施' }).first().boundingBox())?.y ?? 0;
  const evidenceTop = (await page.locator('#evidence').boundingBox())?.y ?? 0;
  expect(measuresTop).toBeLessThan(evidenceTop);
});

test('on a phone that loses its signal, a save says so at once and works once the network is back', async ({ page, context }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary', '/ledger?status=open');
  await page.getByTestId('ledger-card').first().click();
  await expect(page.getByTestId('problem-status')).toContainText('待整改');

  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  // 开始整改 is one tap, no dialog: its failure is a toast.
  const start = page.getByTestId('problem-action-start');
  await start.click();
  // Before: TanStack paused the save while offline, and the button spun with no word for as long as it lasted.
  await expect(page.locator('.ant-message').getByText('网络已断开，未能发送')).toBeVisible({ timeout: 5_000 });
  await expect(start).not.toHaveClass(/ant-btn-loading/);

  await context.setOffline(false);
  await expect(page.getByTestId('offline-banner')).toBeHidden();
  await expect(page.getByTestId('online-banner')).toBeVisible();
  await start.click();
  await expect(page.getByTestId('problem-status')).toContainText('整改中');
});

test('a problem sent back asks the quick sheet for a new photo and shows why it was sent back', async ({ page, baseURL }) => {
  // Set up through the API: 大闵村 starts a problem, sends a photo, asks for acceptance; its liaison group sends it back.
  const secretary = await request.newContext({ baseURL });
  expect((await secretary.post('/api/session', { data: { username: 'secretary', password: PASSWORD } })).status()).toBe(200);
  const list = await secretary.get('/api/problems?status=open,rectifying&pageSize=5');
  expect(list.status()).toBe(200);
  const { items } = (await list.json()) as { items: Array<{ id: string; code: string; status: string }> };
  const target = items.find((p) => p.status === 'rectifying') ?? items[0]!;
  let version = ((await (await secretary.get(`/api/problems/${target.id}`)).json()) as { version: number }).version;
  if (target.status === 'open') {
    const started = await secretary.post(`/api/problems/${target.id}/transitions`, { data: { action: 'start', version } });
    expect(started.status()).toBe(200);
    version = ((await started.json()) as { version: number }).version;
  }
  const photo = await secretary.post('/api/evidence', {
    multipart: { problemId: target.id, file: { name: '第一次.png', mimeType: 'image/png', buffer: PHOTO } },
  });
  expect(photo.status()).toBe(201);
  const submitted = await secretary.post(`/api/problems/${target.id}/transitions`, {
    data: { action: 'submit', version, completeMeasures: true },
  });
  expect(submitted.status()).toBe(200);
  version = ((await submitted.json()) as { version: number }).version;
  const liaison = await request.newContext({ baseURL });
  expect((await liaison.post('/api/session', { data: { username: 'liaison', password: PASSWORD } })).status()).toBe(200);
  const rejected = await liaison.post(`/api/problems/${target.id}/transitions`, {
    data: { action: 'reject', version, reason: '照片看不清制度内容，请补拍' },
  });
  expect(rejected.status()).toBe(200);
  await Promise.all([secretary.dispose(), liaison.dispose()]);

  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  const card = villageProblems(page).filter({ hasText: target.code });
  await card.getByTestId('village-quick-submit').click();
  const sheet = page.getByTestId('quick-submit');
  await expect(sheet.getByTestId('quick-submit-rejection')).toContainText('照片看不清制度内容，请补拍');
  // The photo already there is the one found wanting: it does not count for this resubmission.
  await expect(sheet.getByTestId('quick-submit-need-photo')).toBeVisible();
  await expect(sheet.getByTestId('quick-submit-ok')).toBeDisabled();
  // The picker is drawn as something to press: a border and a fill (it showed as bare grey text), and a thumb's height.
  const look = await sheet.getByTestId('quick-submit-photo').evaluate((el) => ({
    border: getComputedStyle(el).borderTopStyle,
    fill: getComputedStyle(el).backgroundColor,
    height: el.getBoundingClientRect().height,
  }));
  expect(look.border).not.toBe('none');
  expect(look.fill).not.toBe('rgba(0, 0, 0, 0)');
  expect(look.height).toBeGreaterThanOrEqual(48);

  const chooser = page.waitForEvent('filechooser');
  await sheet.getByTestId('quick-submit-photo').click();
  await (await chooser).setFiles({ name: '补拍.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(sheet.getByTestId('quick-submit-ok')).toBeEnabled();
  await sheet.getByTestId('quick-submit-ok').click();
  await expect(page.getByText(`${target.code} 已申请验收`)).toBeVisible();
});

test('a dropped second photo in the quick sheet is the only one sent again on retry', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  const card = villageProblems(page)
    .filter({ has: page.getByTestId('village-quick-submit') })
    .first();
  const code = (await card.innerText()).match(/WT-\d{4}-\d{4}/)![0];
  const api = await request.newContext({ baseURL });
  expect((await api.post('/api/session', { data: { username: 'secretary', password: PASSWORD } })).status()).toBe(200);
  const found = (await (await api.get(`/api/problems?q=${encodeURIComponent(code)}`)).json()) as { items: Array<{ id: string }> };
  const evidenceCount = async () =>
    ((await (await api.get(`/api/problems/${found.items[0]!.id}`)).json()) as { evidence: unknown[] }).evidence.length;
  const before = await evidenceCount();

  await card.getByTestId('village-quick-submit').click();
  const sheet = page.getByTestId('quick-submit');
  for (const name of ['第一张.png', '第二张.png']) {
    const chooser = page.waitForEvent('filechooser');
    await sheet.getByTestId('quick-submit-photo').click();
    await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: PHOTO });
  }
  await expect(page.locator('.quick-submit-thumb')).toHaveCount(2);
  // The link drops on the second upload.
  let uploads = 0;
  await page.route('**/api/evidence', async (route) => {
    uploads += 1;
    if (uploads === 2) await route.abort('connectionreset');
    else await route.continue();
  });
  await sheet.getByTestId('quick-submit-ok').click();
  await expect(sheet.getByTestId('quick-submit-error')).toBeVisible();
  // The first photo arrived and left the list; the second waits for the retry.
  await expect(page.locator('.quick-submit-thumb')).toHaveCount(1);
  expect(await evidenceCount()).toBe(before + 1);
  await page.unroute('**/api/evidence');
  await sheet.getByTestId('quick-submit-ok').click();
  await expect(page.getByText(`${code} 已申请验收`)).toBeVisible();
  expect(await evidenceCount()).toBe(before + 2);
  await api.dispose();
});

test('a weekly report save whose answer is lost keeps what she typed after it, and the next save keeps it all', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'zhangdong', '/weekly-reports');
  await page.getByTestId('report-start').click();
  const first = '第一段：召开支委会研究整改。';
  const whole = `${first}第二段：补齐三会一课记录。`;
  await page.getByTestId('report-progress').fill(first);
  // The save reaches the server and is saved; its answer is lost on the way back.
  await page.route(
    '**/api/weekly-reports/*',
    async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    },
    { times: 1 },
  );
  await page.getByTestId('report-save').click();
  await expect(page.getByText('不确定是否已保存').first()).toBeVisible();
  await page.getByTestId('report-progress').fill(whole);
  await page.getByTestId('report-difficulties').fill('党员年龄偏大，集中学习难组织。');
  await page.getByTestId('report-save').click();
  await expect(page.getByText('草稿已保存').first()).toBeVisible();
  await expect(page.getByTestId('report-progress')).toHaveValue(whole);
  await page.reload();
  await expect(page.getByTestId('report-progress')).toHaveValue(whole);
  await expect(page.getByTestId('report-difficulties')).toHaveValue('党员年龄偏大，集中学习难组织。');
});

test('what she typed in the weekly report and did not save comes back after a reload, or after signing in again', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'zhangdong', '/weekly-reports');
  const start = page.getByTestId('report-start');
  const progress = page.getByTestId('report-progress');
  await expect(start.or(progress)).toBeVisible();
  if (await start.isVisible()) await start.click();
  const typed = '本周走访了三户困难党员，整理了谈心谈话记录。';
  // Leaving with unsaved typing asks first; she leaves anyway.
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.type());
    void d.accept();
  });
  // 提交 with 本周进展 empty: the box is brought into sight and focused (only a toast at the top said so). An earlier
  // journey may have saved a progress text: emptied for this, then put back as it was.
  const saved = await progress.inputValue();
  await progress.fill('');
  await page.getByTestId('report-submit').scrollIntoViewIfNeeded();
  await page.getByTestId('report-submit').click();
  await expect(progress).toBeFocused();
  await expect(progress).toBeInViewport();
  await progress.fill(saved);
  await page.getByTestId('report-next-plan').fill(typed);
  await page.reload();
  expect(asked).toContain('beforeunload');
  await expect(page.getByTestId('report-restored')).toBeVisible();
  await expect(page.getByTestId('report-next-plan')).toHaveValue(typed);

  // The session ends while she types: she signs in again and the typing is there.
  await context.clearCookies();
  await page.reload();
  await loginByForm(page, 'zhangdong');
  await page.goto('/weekly-reports');
  await expect(page.getByTestId('report-next-plan')).toHaveValue(typed);
  await page.getByTestId('report-save').click();
  await expect(page.getByText('草稿已保存').first()).toBeVisible();
  // Saved: nothing is left to restore.
  await page.reload();
  await expect(page.getByTestId('report-next-plan')).toHaveValue(typed);
  await expect(page.getByTestId('report-restored')).toHaveCount(0);
});

test('Back from a half-typed 记录学习活动 asks first, and keeps the typing when she stays', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary', '/study');
  await page.getByTestId('study-page-record').click();
  await page.getByTestId('study-record-topic').fill('学习党章第三章');
  await page.goBack();
  await page.getByTestId('study-record-leave-keep').click();
  await expect(page).toHaveURL(/\/study\/sessions\/new$/);
  await expect(page.getByTestId('study-record-topic')).toHaveValue('学习党章第三章');
  await page.goBack();
  await page.getByTestId('study-record-leave-discard').click();
  await expect(page).toHaveURL(/\/study$/);
  // Left on purpose: nothing comes back.
  await page.getByTestId('study-page-record').click();
  await expect(page.getByTestId('study-record-topic')).toHaveValue('');
  await expect(page.getByTestId('study-record-restored')).toHaveCount(0);
});

test('a half-typed 记录学习活动 comes back after a reload, or after signing in again, until saved or discarded', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  page.on('dialog', (d) => void d.accept());
  await login(page, 'secretary', '/study/sessions/new');
  const topic = page.getByTestId('study-record-topic');
  await topic.fill('学习党章第四章 党的基层组织');
  const rows = page.getByTestId('attendance-row');
  await expect(rows.nth(1)).toBeAttached();
  const first = rows.nth(0);
  const name = await first.getAttribute('data-member');
  await option(first.getByTestId('attendance-status'), '缺席').click();
  await option(first.getByTestId('attendance-reason'), '病假').click();

  await page.reload();
  await expect(page.getByTestId('study-record-restored')).toBeVisible();
  await expect(topic).toHaveValue('学习党章第四章 党的基层组织');
  await expect(page.locator(`[data-testid="attendance-row"][data-member="${name}"]`)).toHaveAttribute('data-status', 'absent');

  // The session ends while she types: she signs in again and the typing is there.
  await context.clearCookies();
  await page.reload();
  await loginByForm(page, 'secretary');
  await page.goto('/study/sessions/new');
  await expect(topic).toHaveValue('学习党章第四章 党的基层组织');

  // She discards it: the form starts afresh, and stays so after a reload.
  await page.getByTestId('study-record-discard-draft').click();
  await expect(topic).toHaveValue('');
  await expect(page.locator(`[data-testid="attendance-row"][data-member="${name}"]`)).toHaveAttribute('data-status', 'present');
  await page.reload();
  await expect(page.getByTestId('study-record-page')).toBeVisible();
  await expect(topic).toHaveValue('');
  await expect(page.getByTestId('study-record-restored')).toHaveCount(0);

  // Typed again and saved: nothing is left to restore.
  await topic.fill('学习党章第五章 党的干部');
  await page.getByTestId('study-record-save').click();
  await expect(page.getByTestId('study-session')).toBeVisible();
  await page.goto('/study/sessions/new');
  await expect(topic).toHaveValue('');
  await expect(page.getByTestId('study-record-restored')).toHaveCount(0);
});

test('申请验收 without evidence on the problem page opens the camera from the dialog; the photo is attached and the step can go on', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  // A rectifying problem of 大闵村 with no evidence yet.
  const list = (await (await page.request.get('/api/problems?status=rectifying&pageSize=100')).json()) as { items: Array<{ id: string }> };
  let target: string | null = null;
  for (const item of list.items) {
    const d = (await (await page.request.get(`/api/problems/${item.id}`)).json()) as { evidence: unknown[]; allowedActions: string[] };
    if (d.evidence.length === 0 && d.allowedActions.includes('submit')) {
      target = item.id;
      break;
    }
  }
  expect(target).not.toBeNull();
  await page.goto(`/ledger/${target}`);
  await page.getByTestId('problem-action-submit').click();
  // One tap from the dialog opens the camera (the file chooser here), instead of scrolling to find the button.
  const choosing = page.waitForEvent('filechooser');
  await page.getByTestId('submit-needs-evidence-ok').click();
  const chooser = await choosing;
  await chooser.setFiles({ name: 'after.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(page.locator('#evidence .ant-card-head-title')).toContainText('（1）');
  // The section's heading is below the sticky header, not under it.
  const header = (await page.locator('header').first().boundingBox())!;
  const heading = (await page.locator('#evidence .ant-card-head').boundingBox())!;
  expect(heading.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
  // With the photo attached, 申请验收 goes on to its dialog.
  await page.getByTestId('problem-action-submit').click();
  await expect(page.getByTestId('submit-needs-evidence-ok')).toHaveCount(0);
  await expect(page.locator('.ant-modal')).toBeVisible();
});

test('a measure saved again after its answer was lost is one measure (Idempotency-Key)', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary', '/ledger?status=rectifying');
  await page.getByTestId('ledger-card').first().click();
  await expect(page.getByTestId('measure-add')).toBeVisible();
  const items = page.getByTestId('measure-item');
  const before = await items.count();
  await page.getByTestId('measure-add').click();
  const description = `召开村两委会专题研究整改 ${Date.now()}`;
  await page.getByTestId('measure-description').fill(description);
  // The save reaches the server and is saved; its answer is lost on the way back.
  await page.route(
    '**/api/measures',
    async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    },
    { times: 1 },
  );
  await page.getByTestId('measure-ok').click();
  await expect(page.getByText('不确定是否已保存').first()).toBeVisible();
  // She taps 保存 again: the server answers with the first save.
  await page.getByTestId('measure-ok').click();
  await expect(page.getByTestId('measure-ok')).toBeHidden();
  await expect(items.filter({ hasText: description })).toHaveCount(1);
  await expect(items).toHaveCount(before + 1);
});

test('申请验收 tapped again after its answer was lost shows it done, not "changed by someone else"', async ({ page, baseURL }) => {
  // A rectifying problem of 大闵村 with a photo, ready to submit.
  const api = await request.newContext({ baseURL });
  expect((await api.post('/api/session', { data: { username: 'secretary', password: PASSWORD } })).status()).toBe(200);
  const { items } = (await (await api.get('/api/problems?status=open,rectifying&pageSize=20')).json()) as {
    items: Array<{ id: string; version: number; status: string }>;
  };
  const target = items.find((p) => p.status === 'rectifying') ?? items[0]!;
  if (target.status === 'open') {
    const started = await api.post(`/api/problems/${target.id}/transitions`, { data: { action: 'start', version: target.version } });
    expect(started.status()).toBe(200);
  }
  const photo = await api.post('/api/evidence', {
    multipart: { problemId: target.id, file: { name: '整改后.png', mimeType: 'image/png', buffer: PHOTO } },
  });
  expect(photo.status()).toBe(201);
  await api.dispose();

  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary', `/ledger/${target.id}`);
  await expect(page.getByTestId('problem-status')).toContainText('整改中');
  await page.getByTestId('problem-action-submit').click();
  // The step reaches the server and is done; its answer is lost on the way back.
  await page.route(
    '**/api/problems/*/transitions',
    async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    },
    { times: 1 },
  );
  await page.getByTestId('transition-ok').click();
  await expect(page.getByTestId('transition-error')).toContainText('不确定是否已保存');
  // She taps again: the server answers with the step she already took.
  await page.getByTestId('transition-ok').click();
  await expect(page.getByTestId('transition-ok')).toBeHidden();
  await expect(page.getByTestId('problem-status')).toContainText('待验收');
});

test('on a 360 px phone every tab of 党建学习 and of 清零行动 is whole on screen, and Back returns to the tab left', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await login(page, 'admin');
  const wholeOnScreen = async (labels: Locator) => {
    await expect(labels.first()).toBeVisible();
    const n = await labels.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) {
      const label = labels.nth(i);
      const box = await label.boundingBox();
      expect(box, await label.innerText()).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, await label.innerText()).toBeLessThanOrEqual(360);
      // Not cut with an ellipsis either: the text fits its box.
      expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), await label.innerText()).toBe(true);
    }
  };

  await page.goto('/venues');
  await wholeOnScreen(page.locator('.venue-tabs .ant-segmented-item-label'));

  // The ledger's statuses: every one in sight (待验收, 已验收 and 已逾期 hid behind "…").
  await page.goto('/ledger');
  await wholeOnScreen(page.getByTestId('ledger-status-tabs').locator('.ant-segmented-item-label'));
  await expect(page.getByTestId('ledger-tab-overdue')).toBeVisible();
  await page.getByTestId('ledger-tab-submitted').click();
  await expect(page).toHaveURL(/[?&]status=submitted/);

  await page.goto('/study');
  await wholeOnScreen(page.getByTestId('study-tabs').locator('.ant-segmented-item-label'));
  await page.getByTestId('study-tabs').locator('label', { hasText: '党员名册' }).click();
  await expect(page).toHaveURL(/[?&]tab=members/);
  await page.goto('/');
  await page.goBack();
  await expect(page.getByTestId('study-tabs').locator('.ant-segmented-item-selected')).toHaveText('党员名册');
});

test('on a phone a tab tapped straight below the selected one shows as selected', async ({ browser, baseURL }) => {
  // A phone's own context (touch, no scroll bar): there the tabs of a column line up exactly.
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    // With its animations: a phone set to remove them never slides the thumb (the journeys' default).
    reducedMotion: 'no-preference',
  });
  const page = await context.newPage();
  await login(page, 'secretary');
  const selected = (tabs: Locator) => tabs.locator('.ant-segmented-item-selected');
  // 全部 is above 待验收 (three to a row). Ant Design's thumb slides sideways only, and marks the tab once its slide
  // ends: straight below, nothing slid, it never ended, and no tab was marked while the thumb covered the column.
  await page.goto('/ledger');
  const tabs = page.getByTestId('ledger-status-tabs');
  await expect(selected(tabs)).toContainText(/全部 \d+/);
  const item = async (testId: string) => (await tabs.locator('.ant-segmented-item', { has: page.getByTestId(testId) }).boundingBox())!;
  expect(Math.abs((await item('ledger-tab-all')).x - (await item('ledger-tab-submitted')).x)).toBeLessThan(1);
  await page.getByTestId('ledger-tab-submitted').tap();
  await expect(page).toHaveURL(/[?&]status=submitted/);
  await expect(selected(tabs)).toContainText('待验收');
  await expect(selected(tabs)).toHaveCount(1);
  // 党建学习: 概况 above 学习计划 (two to a row).
  await page.goto('/study');
  const study = page.getByTestId('study-tabs');
  await expect(selected(study)).toHaveText('概况');
  await study.locator('.ant-segmented-item', { hasText: '学习计划' }).tap();
  await expect(selected(study)).toHaveText('学习计划');
  await context.close();
});

test('on a 360 px phone the weekly reports’ week arrows stay on the week’s row', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  // The running week: its longer label (本周汇报 · …) is the one that broke the row.
  await login(page, 'admin', '/weekly-reports');
  const week = page.getByTestId('reports-week');
  await expect(week).toBeVisible();
  const middle = async (id: string) => {
    const box = (await page.getByTestId(id).boundingBox())!;
    return { y: box.y + box.height / 2, right: box.x + box.width };
  };
  const [prev, label, next] = [await middle('reports-week-prev'), await middle('reports-week'), await middle('reports-week-next')];
  // Before: the arrow, the week and the other arrow took a line each.
  expect(Math.abs(prev.y - label.y)).toBeLessThan(8);
  expect(Math.abs(next.y - label.y)).toBeLessThan(8);
  expect(next.right).toBeLessThanOrEqual(360);
});

test('the quick sheet does not tick 措施已全部完成 for her when a measure also serves another problem, and says so', async ({
  page,
  baseURL,
}) => {
  const admin = await request.newContext({ baseURL });
  expect((await admin.post('/api/session', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(200);
  const organizationId = (
    (await (await admin.get('/api/organizations?q=大闵村')).json()) as { items: Array<{ id: string; name: string }> }
  ).items.find((o) => o.name === '大闵村')!.id;
  const make = async (description: string) => {
    const res = await admin.post('/api/problems', { data: { organizationId, description, severity: 'minor' } });
    expect(res.status()).toBe(201);
    return (await res.json()) as { id: string; code: string };
  };
  const [first, second] = [await make('宣传栏内容陈旧未更新'), await make('党员活动室制度牌缺失')];
  const measure = await admin.post('/api/measures', {
    data: { organizationId, description: '统一更新宣传栏和制度牌', problemIds: [first.id, second.id] },
  });
  expect(measure.status(), await measure.text()).toBe(201);
  await admin.dispose();

  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary');
  const card = villageProblems(page).filter({ hasText: first.code });
  await card.getByTestId('village-quick-submit').click();
  const sheet = page.getByTestId('quick-submit');
  // Before: ticked by default, and submitting completed the other problem's measure too, unannounced.
  await expect(sheet.getByTestId('quick-submit-measures')).toBeVisible();
  await expect(sheet.getByTestId('quick-submit-measures')).not.toBeChecked();
  await expect(sheet.getByTestId('quick-submit-shared')).toContainText('同时用于其他问题');
});

test('on a 360 px phone in English the header still shows the whole name of who is signed in', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, 'secretary');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('app-brand')).toHaveText('Taizhang');
  const name = page.getByTestId('header-user').locator('.header-user-name');
  await expect(name).toHaveText('陈晓梅');
  // Before: "Taizhang" and the two icons left room for one character and an ellipsis.
  expect(await name.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('app-brand')).toHaveText('台账');
});

test('a phone set to remove animations opens a dialog at once; without the setting it zooms in', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'secretary', '/study');
  await page.getByTestId('study-tabs').locator('label', { hasText: '党员名册' }).click();
  const edit = page.getByTestId('study-members').getByTestId('study-member-edit').first();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('study-member-edit-ok') });

  /** Opens the member's dialog, and tells whether it moved on its way in: its width, frame by frame, changed. */
  const opensZooming = async (): Promise<boolean> => {
    await page.evaluate(() => {
      const w = window as unknown as { widths: number[] };
      w.widths = [];
      const until = performance.now() + 1500;
      const sample = () => {
        const box = document.querySelector('.ant-modal')?.getBoundingClientRect();
        if (box) w.widths.push(Math.round(box.width));
        if (performance.now() < until) requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await edit.click();
    await expect(dialog).toHaveCount(1);
    await expect(dialog).not.toHaveClass(/ant-zoom-/);
    await page.waitForTimeout(1600);
    const widths = await page.evaluate(() => (window as unknown as { widths: number[] }).widths);
    expect(widths.length).toBeGreaterThan(0);
    await page.getByTestId('study-member-edit-cancel').click();
    await expect(dialog).toHaveCount(0);
    return new Set(widths).size > 1;
  };

  // The journeys run as such a phone (playwright.config.ts), so a tap never lands on a dialog still moving.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await opensZooming()).toBe(false);
  // The setting is followed while the page is open.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await opensZooming()).toBe(true);
});

test('a secretary finds 使用说明 and 提醒 in the menu; the help speaks of her own work first, in the screens’ words', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, 'secretary');
  await page.getByTestId('nav-toggle').click();
  await expect(page.getByTestId('nav-notifications')).toBeVisible();
  await page.getByTestId('nav-help').click();
  await expect(page).toHaveURL(/\/help$/);
  const sections = page.locator('[data-testid^="help-"][data-testid$="village"], [data-testid="help-everyone"]');
  await expect(sections).toHaveCount(2);
  // A village secretary is shown no district section.
  await expect(page.getByTestId('help-district')).toHaveCount(0);
  await page.getByTestId('help-village').getByText('整改完成后申请验收').click();
  await expect(page.getByTestId('help-topic-submit')).toContainText('拍照或选择照片');
  // No sideways scrolling on the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test('a liaison’s dashboard on a phone in English: no sideways scroll, each village’s reasons under its name', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, 'liaison');
  await page.evaluate(() => localStorage.setItem('taizhang.lang', 'en'));
  await page.goto('/');
  const rag = page.getByTestId('rag-villages');
  await expect(rag.locator('tbody tr.ant-table-row').first()).toBeVisible();
  // The page was 405 px wide on a 360 px screen, the reasons a word a line in a column of their own.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const card = (await rag.boundingBox())!;
  const last = (await rag.locator('thead th').last().boundingBox())!;
  expect(last.x + last.width).toBeLessThanOrEqual(card.x + card.width + 1);
  await expect(rag.getByTestId('rag-village-reasons').first()).toContainText(/overdue|median|meeting/);
  await page.evaluate(() => localStorage.setItem('taizhang.lang', 'zh'));
});
