import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameForType } from '../../../domain/file-types.ts';
import type { Headers } from '../../testing/factories.ts';
import { makeProblem, PNG_1x1, problemIn, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;
let secretary: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  secretary = await t.login('secretary');
});
afterAll(() => t.close());

/** A file that starts as a GIF and goes on as an HTML page: it must never come back as .html. */
const GIF_HTML_POLYGLOT = Buffer.concat([
  Buffer.from('GIF89a'),
  Buffer.from([0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]),
  Buffer.from('<html><script>alert(document.cookie)</script></html>'),
]);

async function measureFor(problemId: string): Promise<string> {
  const p = (await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: admin })).json();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/measures',
    headers: admin,
    payload: { organizationId: p.organizationId, description: '补齐制度上墙', problemIds: [problemId] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('evidence edge cases', () => {
  it('applies one rule to a problem and to its measures: nothing more once the problem is accepted or closed', async () => {
    for (const status of ['accepted', 'closed'] as const) {
      const p = await problemIn(t, admin, '大闵村', status);
      const measureId = await measureFor(p.id);
      const onProblem = await uploadEvidence(t, admin, { problemId: p.id });
      const onMeasure = await uploadEvidence(t, admin, { measureId });
      expect(onProblem.statusCode).toBe(422);
      expect(onMeasure.statusCode, onMeasure.body).toBe(422);
      expect(onMeasure.json().error.message).toContain('已验收或已销号');
    }
    // A measure still serving an open problem keeps taking material.
    const open = await makeProblem(t, admin, '大闵村');
    expect((await uploadEvidence(t, secretary, { measureId: await measureFor(open.id) })).statusCode).toBe(201);
  });

  it('names a stored file by its detected type, so a GIF/HTML polyglot named evil.html downloads as a .gif', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const up = await uploadEvidence(t, secretary, { problemId: p.id }, { name: 'evil.html', bytes: GIF_HTML_POLYGLOT });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ mime: 'image/gif', originalName: 'evil.html.gif' });
    const get = await t.app.inject({ method: 'GET', url: `/api/evidence/${up.json().id}?download=1`, headers: secretary });
    expect(get.headers['content-type']).toBe('image/gif');
    const disposition = String(get.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="evil\.html\.gif"/);
    expect(disposition).not.toMatch(/\.html"?$/);
  });

  it('checks who may upload before reading the body: an oversized upload by an outsider or a reader is refused as such', async () => {
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    // Over the upload limit (256 KB in tests): read first, it answered 413 to anyone.
    const big = Buffer.concat([PNG_1x1, Buffer.alloc(300 * 1024, 0x80)]);
    const zhangdong = await t.login('zhangdong');
    const outsider = await uploadEvidence(t, zhangdong, { problemId: p.id }, { name: '大图.png', bytes: big });
    expect(outsider.statusCode, outsider.body).toBe(404);
    const viewer = await uploadEvidence(t, await t.login('viewer'), { problemId: p.id }, { name: '大图.png', bytes: big });
    expect(viewer.statusCode, viewer.body).toBe(403);
    // The village's own secretary is told the file is too large.
    expect((await uploadEvidence(t, secretary, { problemId: p.id }, { name: '大图.png', bytes: big })).statusCode).toBe(413);
    // And the small one is taken, the check made again in the transaction.
    expect((await uploadEvidence(t, secretary, { problemId: p.id })).statusCode).toBe(201);
  });

  it('says an empty file is empty, not of the wrong type', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const res = await uploadEvidence(t, secretary, { problemId: p.id }, { name: '照片.jpg', bytes: Buffer.alloc(0) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().error.message).toContain('空');
  });

  it("encodes ' ( ) * in filename* as RFC 5987 requires, keeping the Chinese name", async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const up = await uploadEvidence(t, secretary, { problemId: p.id }, { name: "现场(1)'*.png", bytes: PNG_1x1 });
    expect(up.statusCode).toBe(201);
    const get = await t.app.inject({ method: 'GET', url: `/api/evidence/${up.json().id}`, headers: secretary });
    const disposition = String(get.headers['content-disposition']);
    const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
    expect(star).toBe('%E7%8E%B0%E5%9C%BA%281%29%27%2A.png');
    // attr-char of RFC 5987: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~", or %XX.
    expect(star).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/);
    expect(decodeURIComponent(star)).toBe("现场(1)'*.png");
  });
});

describe('nameForType', () => {
  it.each([
    ['evil.html', 'image/gif', 'evil.html.gif'],
    ['photo.JPEG', 'image/jpeg', 'photo.JPEG'],
    ['photo.jpg', 'image/jpeg', 'photo.jpg'],
    ['scan', 'application/pdf', 'scan.pdf'],
    ['报告.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '报告.docx'],
    ['x.png', 'application/x-unknown', 'x.png'],
  ])('%s as %s → %s', (name, mime, expected) => {
    expect(nameForType(name, mime)).toBe(expected);
  });
});
