import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';
import JSZip from 'jszip';
import { login, logout } from './helpers.ts';

/** The current month in Asia/Shanghai, as the server names months. */
function shanghaiMonth(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
}

const FOCUS = '下月重点：各村对照逾期清单逐项销号，12月20日前全部完成阵地标牌整改。';

test('officer generates the month’s circular, edits it, publishes and downloads it; the secretary files the weekly report and reads the circular', async ({
  page,
}) => {
  const month = shanghaiMonth();

  // The district officer drafts this month's circular from the ledger's figures.
  await login(page, 'officer');
  await page.getByTestId('nav-circulars').click();
  await page.getByTestId('circular-month').fill(month);
  await page.getByTestId('circular-generate').click();
  const focus = page.getByTestId('circular-section-focus');
  await expect(focus).toBeVisible();
  // The draft names laggards from the ranking.
  await expect(page.getByTestId('circular-section-laggards')).not.toBeEmpty();

  // Edits one paragraph, saves, publishes.
  await focus.fill(FOCUS);
  await page.getByTestId('circular-save').click();
  await expect(page.getByText('已保存').first()).toBeVisible();
  await page.getByTestId('circular-publish').click();
  await page.getByTestId('circular-publish-confirm').click();
  const number = page.getByTestId('circular-number');
  await expect(number).toContainText(/高新党工〔\d{4}〕\d+号/);
  const numberText = (await number.textContent())!.trim();

  // The .docx holds the number, the edited paragraph and the ranking annex.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('circular-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const zip = await JSZip.loadAsync(await readFile(await download.path()));
  const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  expect(xml).toContain(numberText);
  expect(xml).toContain(FOCUS);
  expect(xml).toContain('大闵村');
  await logout(page);

  // The village secretary files this week's report from the phone-first page…
  await login(page, 'secretary');
  await page.getByTestId('nav-weekly-reports').click();
  await page.getByTestId('report-start').click();
  await expect(page.getByTestId('report-figure-total')).toBeVisible();
  await page.getByTestId('report-progress').fill('本周完成党群服务中心标牌更换，整改台账已更新。');
  await page.getByTestId('report-difficulties').fill('无');
  await page.getByTestId('report-next-plan').fill('下周申请验收两项问题。');
  await page.getByTestId('report-submit').click();
  await page.getByTestId('report-submit-ok').click();
  await expect(page.getByTestId('report-status')).toHaveAttribute('data-status', 'submitted');

  // …and reads the published circular, with the officer's edit.
  await page.getByTestId('nav-circulars').click();
  await page.getByTestId(`circular-row-${month}`).getByTestId('circular-link').click();
  await expect(page.getByTestId('circular-number')).toHaveText(numberText);
  await expect(page.getByTestId('circular-text-focus')).toContainText(FOCUS);
});
