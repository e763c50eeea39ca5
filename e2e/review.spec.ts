import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { expect, test } from './fixtures.ts';
import { login, logout } from './helpers.ts';

/**
 * The 村"两委"会 review and 一村一策 in the browser: the liaison member records
 * 上庄村's meeting (the demo leaves it for the group), disputes one problem and
 * withdraws it, confirms the others, drafts a measure in the meeting, then
 * generates the village's plan, approves it and downloads its .docx.
 */
test('liaison records the 两委会 review of 上庄村, withdraws a disputed problem, drafts a measure, approves the 一村一策 plan and downloads it', async ({
  page,
}) => {
  await login(page, 'liaison');
  await page.getByTestId('nav-reviews').click();
  await expect(page.getByRole('heading', { name: '两委会核实与一村一策' })).toBeVisible();

  // The meeting: date (today by default), place, attendees, minutes.
  await page.getByTestId('review-record-上庄村').click();
  await page.getByTestId('review-place').fill('上庄村村委会会议室');
  await page.getByTestId('review-minutes').fill('包联组通报排查发现的问题，村“两委”会逐一核实研究，提出整改措施。');
  await page.getByTestId('review-create-ok').click();
  await expect(page.getByRole('heading', { name: '上庄村村“两委”会核实' })).toBeVisible();

  // Problem by problem: the first untouched one is disputed, every other confirmed (antd's radio button is its label).
  const outcome = (code: string, value: 'confirmed' | 'disputed') =>
    page.locator('label', { has: page.getByTestId(`outcome-${code}-${value}`) });
  const items = page.locator('[data-testid^="review-problem-WT-"]');
  await expect(items.first()).toBeVisible();
  const codes = (await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('review-problem-', '')))).filter(
    Boolean,
  );
  expect(codes.length).toBeGreaterThan(5);
  const disputed = (await items.filter({ hasText: '待整改' }).first().getAttribute('data-testid'))!.replace('review-problem-', '');
  for (const code of codes) {
    if (code === disputed) {
      await outcome(code, 'disputed').click();
      await page.getByTestId(`outcome-${code}-reason`).fill('排查前已整改到位，属误登记');
    } else {
      await outcome(code, 'confirmed').click();
    }
  }
  await page.getByTestId('review-save-outcomes').click();
  await expect(page.getByText('核实结果已保存')).toBeVisible();

  // The group agrees it was wrongly recorded: withdraw it, with the dispute's reason.
  await page.getByTestId(`review-withdraw-${disputed}`).click();
  await expect(page.getByTestId('review-withdraw-reason')).toHaveValue(/排查前已整改到位，属误登记/);
  await page.getByTestId('review-withdraw-ok').click();
  await expect(page.getByTestId(`review-problem-${disputed}`)).toContainText('已撤销');
  await expect(page.getByText('已撤销 1')).toBeVisible();

  // A measure drafted in the meeting, for a confirmed problem.
  const confirmed = codes.find((c) => c !== disputed)!;
  await page.getByTestId(`review-add-measure-${confirmed}`).click();
  await page.getByTestId('review-measure-description').fill('召开支委会逐项落实整改，包联组每周跟踪一次');
  await page.getByTestId('review-measure-owner').fill('张海军');
  await page.getByTestId('review-measure-ok').click();
  await expect(page.getByTestId(`review-problem-${confirmed}`)).toContainText('召开支委会逐项落实整改，包联组每周跟踪一次');
  await expect(page.getByTestId(`review-problem-${confirmed}`)).toContainText('会上制定');

  // 一村一策: generated from the verified problems, approved by the group.
  await page.getByTestId('review-draft-plan').click();
  await expect(page.getByTestId('plan-status')).toHaveText('草稿');
  await expect(page.getByTestId('plan-document')).toContainText('上庄村基层组织规范化建设问题整改方案');
  await expect(page.getByTestId('plan-document')).toContainText('召开支委会逐项落实整改，包联组每周跟踪一次');
  await expect(page.getByTestId('plan-document')).not.toContainText(disputed);
  await page.getByTestId('plan-approve').click();
  await page.getByTestId('plan-approve-ok').click();
  await expect(page.getByTestId('plan-status')).toHaveText('已审定');

  // The .docx, in the official register: title, the measure, the signature; the withdrawn problem left out.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('plan-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/上庄村一村一策整改方案.*\.docx$/);
  const zip = await JSZip.loadAsync(await readFile(await download.path()));
  const xml = await zip.file('word/document.xml')!.async('string');
  for (const text of [
    '上庄村基层组织规范化建设问题整改方案',
    '召开支委会逐项落实整改，包联组每周跟踪一次',
    '张海军',
    '上庄村党支部',
    '第一包联组',
    '保障措施',
  ])
    expect(xml, text).toContain(text);
  expect(xml).not.toContain(disputed);
  expect(xml).not.toContain('【草稿 未审定】');

  // The print view is the same document.
  await page.getByTestId('plan-print').click();
  await expect(page.getByTestId('plan-document')).toContainText('二、保障措施');
});

/** A Shanghai calendar date `days` from today, as YYYY-MM-DD. */
function shanghaiDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

/**
 * 调研督导: the district officer records a leader's visit to 大闵村 and turns an
 * instruction into a 交办事项 due yesterday; the village secretary finds it,
 * late, on the village dashboard.
 */
test('officer records a leader’s visit and a task; the late task shows on the village dashboard', async ({ page }) => {
  await login(page, 'officer', '/visits');
  await expect(page.getByRole('heading', { name: '调研督导' })).toBeVisible();
  await expect(page.getByTestId('visit-card').first()).toBeVisible();

  await page.getByTestId('visit-create').click();
  await page.getByTestId('visit-leader-name').fill('韩立新');
  await page.getByTestId('visit-leader-title').fill('区党工委委员、党群工作部部长');
  await page.getByTestId('visit-villages').click();
  await page.keyboard.type('大闵村');
  // Found by the server (the journeys' tree counts as a province's), with its 街道.
  await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '大闵村 · 良田街道' }).click();
  await page.getByTestId('visit-observations').fill('察看大闵村问题台账公示栏和便民服务大厅值班情况。');
  await page.getByTestId('visit-instructions').fill('问题台账要每周更新，整改进展要在公示栏同步公开。');
  await page.getByTestId('visit-form-ok').click();
  const card = page.getByTestId('visit-card').filter({ hasText: '韩立新' });
  await expect(card).toBeVisible();

  await card.getByTestId('visit-assign').click();
  // The deadline typed into the picker (a valid date is taken as typed), then the other fields.
  await page.getByTestId('visit-task-due').click();
  await page.keyboard.type(shanghaiDay(-1));
  await page.getByTestId('visit-task-instruction').fill('公示栏问题台账每周更新一次');
  await page.getByTestId('visit-task-owner').fill('大闵村党支部');
  await page.getByTestId('visit-task-ok').click();
  await expect(card).toContainText('公示栏问题台账每周更新一次');
  await expect(card).toContainText('逾期 1 天');

  await logout(page);
  await login(page, 'secretary');
  const tasks = page.getByTestId('village-visit-tasks');
  await expect(tasks).toContainText('公示栏问题台账每周更新一次');
  await expect(tasks.getByTestId('village-visit-task').filter({ hasText: '公示栏问题台账每周更新一次' })).toContainText('逾期 1 天');
});
