import type { ProblemStatus } from '../../domain/problem-workflow.ts';
import type { Headers } from './factories.ts';
import type { TestApp } from './test-app.ts';

/** A real 1×1 PNG. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Builds a multipart/form-data body by hand: fields first, then the file. */
export function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = `----taizhang${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadEvidence(
  t: TestApp,
  headers: Headers,
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer; type?: string } = { name: '现场照片.png', bytes: PNG_1x1 },
) {
  const body = multipart(fields, file);
  return t.app.inject({
    method: 'POST',
    url: '/api/evidence',
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
}

export interface MadeProblem {
  id: string;
  /** Set by makeProblem (the created problem's code). */
  code?: string;
  version: number;
  status: ProblemStatus;
}

export async function makeProblem(t: TestApp, by: Headers, org: string, extra: Record<string, unknown> = {}): Promise<MadeProblem> {
  const organizationId = /^[0-9a-f-]{36}$/.test(org) ? org : await t.orgId(org);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/problems',
    headers: by,
    payload: { organizationId, description: '活动场所制度未上墙', severity: 'minor', dueOn: '2026-12-31', ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`makeProblem failed: ${res.statusCode} ${res.body}`);
  const b = res.json();
  return { id: b.id, code: b.code, version: b.version, status: b.status };
}

export async function transition(t: TestApp, by: Headers, p: { id: string; version: number }, action: string, reason?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/problems/${p.id}/transitions`,
    headers: by,
    payload: { action, version: p.version, ...(reason ? { reason } : {}) },
  });
}

const PATH: Record<ProblemStatus, string[]> = {
  open: [],
  rectifying: ['start'],
  submitted: ['start', 'submit'],
  accepted: ['start', 'submit', 'accept'],
  closed: ['start', 'submit', 'accept', 'close'],
  withdrawn: ['withdraw'],
};

/** Drives a new problem (as admin, who may fire every action) to the given status. */
export async function problemIn(t: TestApp, admin: Headers, org: string, status: ProblemStatus): Promise<MadeProblem> {
  let p = await makeProblem(t, admin, org);
  for (const action of PATH[status]) {
    if (action === 'submit') {
      const up = await uploadEvidence(t, admin, { problemId: p.id });
      if (up.statusCode !== 201) throw new Error(`upload failed: ${up.statusCode} ${up.body}`);
    }
    const res = await transition(t, admin, p, action, action === 'withdraw' ? '误登记，经核实撤销' : undefined);
    if (res.statusCode !== 200) throw new Error(`${action} failed: ${res.statusCode} ${res.body}`);
    p = { id: p.id, version: res.json().version, status: res.json().status };
  }
  return p;
}

/**
 * A small published standard written straight into the tables (the
 * standards API has its own tests): two areas, three village items and one
 * community-only item.
 */
export async function makePublishedStandard(t: TestApp): Promise<{ versionId: string; itemIds: string[]; communityOnlyId: string }> {
  const { newId } = await import('../db/ids.ts');
  const at = new Date().toISOString();
  const standardId = newId();
  const versionId = newId();
  const db = t.db.kysely;
  await db
    .insertInto('standards')
    .values({ id: standardId, name: `测试标准${standardId.slice(-4)}`, description: null, created_at: at, updated_at: at })
    .execute();
  await db
    .insertInto('standard_versions')
    .values({
      id: versionId,
      standard_id: standardId,
      version_no: 1,
      status: 'published',
      title: '测试标准 第1版',
      notes: null,
      based_on_version_id: null,
      published_at: at,
      published_by: null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const areaA = newId();
  const areaB = newId();
  await db
    .insertInto('standard_areas')
    .values([
      { id: areaA, standard_version_id: versionId, code: 'ZDJS', name: '阵地建设', sort_order: 1 },
      { id: areaB, standard_version_id: versionId, code: 'ZDZD', name: '党建制度', sort_order: 2 },
    ])
    .execute();
  const item = (area: string, code: string, title: string, applies: string, sort: number) => ({
    id: newId(),
    standard_version_id: versionId,
    area_id: area,
    code,
    title,
    criterion: `${title}的标准`,
    weight: 5,
    expected_evidence: '照片',
    applies_to: applies,
    sort_order: sort,
  });
  const items = [
    item(areaA, 'ZDJS-01', '活动场所面积', 'both', 1),
    item(areaA, 'ZDJS-02', '标牌制度上墙', 'both', 2),
    item(areaB, 'ZDZD-01', '三会一课', 'both', 1),
    item(areaB, 'ZDZD-02', '社区网格化', 'community', 2),
  ];
  await db.insertInto('check_items').values(items).execute();
  return { versionId, itemIds: items.slice(0, 3).map((i) => i.id), communityOnlyId: items[3]!.id };
}
