import { expect } from 'vitest';
import type { VenueProjectDetail, Venue } from '../../../domain/contracts/venues.ts';
import type { Headers } from '../../testing/factories.ts';
import { multipart, PNG_1x1 } from '../../testing/ledger-factories.ts';
import type { TestApp } from '../../testing/test-app.ts';

/** Venue test helpers: venues and projects built through the API, as people would. */

/** A rented 160 ㎡ village venue: on the clearance list for two reasons. */
export const RENTED_SMALL = {
  name: '党群服务中心',
  address: '村委会东侧',
  buildingArea: 160,
  ownership: 'rented',
  currentUse: 'in_use',
  hallArea: 40,
  hasSignage: true,
  rulesPosted: true,
} as const;

export const NEW_FIGURES = {
  buildingArea: 260,
  ownership: 'owned',
  currentUse: 'in_use',
  hallArea: 60,
  hasSignage: true,
  rulesPosted: true,
} as const;

export async function makeVenue(t: TestApp, by: Headers, org: string, extra: Record<string, unknown> = {}): Promise<Venue> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/venues',
    headers: by,
    payload: { organizationId: await t.orgId(org), ...RENTED_SMALL, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Venue>();
}

export async function draftProject(t: TestApp, by: Headers, venueId: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/venue-projects',
    headers: by,
    payload: {
      venueId,
      kind: 'expansion',
      plan: '在原址北侧扩建两间，改造便民服务大厅',
      budget: 180000,
      plannedArea: 240,
      deadline: '2026-12-31',
      ...extra,
    },
  });
}

export function step(t: TestApp, by: Headers, p: { id: string; version: number }, action: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/venue-projects/${p.id}/transitions`,
    headers: by,
    payload: { version: p.version, action, ...extra },
  });
}

export function milestone(t: TestApp, by: Headers, p: { id: string; version: number }, progress: number, title = '主体完工') {
  return t.app.inject({
    method: 'POST',
    url: `/api/venue-projects/${p.id}/milestones`,
    headers: by,
    payload: { version: p.version, title, progress },
  });
}

export function uploadVenueFile(t: TestApp, by: Headers, fields: Record<string, string>, file = { name: '施工照片.png', bytes: PNG_1x1 }) {
  const body = multipart(fields, file);
  return t.app.inject({
    method: 'POST',
    url: '/api/venue-files',
    headers: { ...by, 'content-type': body.contentType },
    payload: body.payload,
  });
}

const REASON = { reason: '预算明细不全，请补充' };

/** Drives a project with `admin` (who may do every step) until it reaches `status`. */
export async function driveTo(
  t: TestApp,
  admin: Headers,
  venueId: string,
  status: string,
  extra: Record<string, unknown> = {},
): Promise<VenueProjectDetail> {
  const created = await draftProject(t, admin, venueId, extra);
  expect(created.statusCode, created.body).toBe(201);
  let p = created.json<VenueProjectDetail>();
  const next = async (res: Awaited<ReturnType<typeof step>>) => {
    expect(res.statusCode, res.body).toBe(200);
    p = res.json<VenueProjectDetail>();
  };
  const path = ['submitted', 'under_review', 'approved', 'in_works', 'completed', 'accepted'];
  const actions: Record<string, () => Promise<void>> = {
    submitted: () => step(t, admin, p, 'submit').then(next),
    under_review: () => step(t, admin, p, 'forward').then(next),
    approved: () => step(t, admin, p, 'approve').then(next),
    in_works: () => step(t, admin, p, 'start').then(next),
    completed: async () => {
      await milestone(t, admin, p, 100).then(next);
      const up = await uploadVenueFile(t, admin, { milestoneId: p.milestones.at(-1)!.id });
      expect(up.statusCode, up.body).toBe(201);
      await step(t, admin, p, 'complete').then(next);
    },
    accepted: () => step(t, admin, p, 'accept', { figures: NEW_FIGURES }).then(next),
  };
  for (const s of path.slice(0, path.indexOf(status) + 1)) await actions[s]!();
  return p;
}

export { REASON };
