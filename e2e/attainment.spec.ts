import { request } from '@playwright/test';
import { expect, test, type APIRequestContext } from './fixtures.ts';
import { login, PASSWORD } from './helpers.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function api(baseURL: string, username: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post('/api/session', { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx;
}

interface Standing {
  checklistId: string;
  organizationId: string;
  organizationName: string;
  unsettledProblems: number;
  status: string;
  version: number;
  checklistDone: boolean;
}

/**
 * Settles every problem of the village's round (as the district admin, through the API: this journey is about
 * the end condition, the ledger has its own): open ones found to be recorded by mistake are withdrawn (撤销), the
 * others are rectified, accepted and closed.
 */
async function settleVillage(admin: APIRequestContext, v: Standing, roundId: string) {
  const list = await (await admin.get(`/api/problems?organizationId=${v.organizationId}&roundId=${roundId}&pageSize=200`)).json();
  for (const item of list.items as Array<{ id: string; status: string; version: number }>) {
    let { status, version } = item;
    const fire = async (action: string, extra: object = {}) => {
      const res = await admin.post(`/api/problems/${item.id}/transitions`, { data: { action, version, ...extra } });
      expect(res.status(), await res.text()).toBe(200);
      ({ status, version } = await res.json());
    };
    if (status === 'open') {
      await fire('withdraw', { reason: '经村“两委”会核实，属误登记' });
      continue;
    }
    if (status === 'rectifying') {
      const up = await admin.post('/api/evidence', {
        multipart: { problemId: item.id, file: { name: '整改照片.png', mimeType: 'image/png', buffer: PNG } },
      });
      expect(up.status()).toBe(201);
      await fire('submit', { completeMeasures: true });
    }
    if (status === 'submitted') await fire('accept', { reason: '经现场查看，整改到位' });
    if (status === 'accepted') await fire('close', { completeMeasures: true });
  }
}

test('the district confirms a village as 达标 and the dashboard count moves', async ({ page, baseURL }) => {
  // The village of the latest round with the least left to do (not 上庄村, whose review another journey records).
  const admin = await api(baseURL!, 'admin');
  const list = await (await admin.get('/api/attainments')).json();
  const candidates = (list.items as Standing[])
    .filter((s) => s.organizationName !== '上庄村' && s.status !== 'confirmed' && s.checklistDone)
    .sort((a, b) => a.unsettledProblems - b.unsettledProblems);
  const village = candidates[0]!;
  await settleVillage(admin, village, list.round.id);
  // The liaison group proposes it (here its admin does, with the note the group writes).
  const proposed = await admin.post(`/api/attainments/${village.checklistId}/transitions`, {
    data: { action: 'propose', version: village.version, note: '包联组逐项核验：本轮问题已全部整改销号或经核实撤销，达到规范化要求' },
  });
  expect(proposed.status(), await proposed.text()).toBe(200);

  // The district officer sees the count on the dashboard…
  await login(page, 'officer');
  const card = page.getByTestId('dash-attained');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('dash-in-place-tracking')).toBeVisible();
  await expect(page.getByTestId('dash-in-place-rectification')).toBeVisible();
  await expect(page.getByTestId('dash-days-left')).toBeVisible();
  const before = Number(await card.getAttribute('data-attained'));
  const villages = Number(await card.getAttribute('data-villages'));
  expect(villages).toBe(16);
  await expect(card).toContainText(`${before}`);

  // …opens 达标验收, confirms the village…
  await page.getByTestId('nav-attainments').click();
  const row = page.locator(`[data-testid="att-row"][data-village="${village.organizationName}"]`);
  await expect(row.getByTestId('attainment-status')).toHaveAttribute('data-status', 'proposed');
  await row.getByTestId('att-action-confirm').click();
  await page.getByTestId('att-action-ok').click();
  await expect(row.getByTestId('attainment-status')).toHaveAttribute('data-status', 'confirmed');
  await expect(row.getByTestId('attainment-status')).toContainText('达标');
  await expect(page.getByTestId('att-summary')).toContainText(`${before + 1}`);

  // …and the dashboard counts one more village 达标.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('dash-attained')).toHaveAttribute('data-attained', String(before + 1));
  await expect(page.getByTestId('dash-attained')).toContainText(`${before + 1}`);

  // The ledger's village view shows its standing: full score, 达标 with the date.
  await page.goto(`/ledger?organizationId=${village.organizationId}`);
  const standing = page.getByTestId('ledger-village-standing');
  await expect(standing.getByTestId('attainment-status')).toHaveAttribute('data-status', 'confirmed');
  await expect(standing.getByTestId('village-standing')).toHaveAttribute('data-status', 'confirmed');
  await admin.dispose();
});
