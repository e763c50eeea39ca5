import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { problemIn, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { peakMaking } from './public-images.ts';

/**
 * The portal never hands out an upload as it was taken: a phone's photo
 * carries where it was taken (GPS), when, and on which device. What the
 * public gets is a copy without metadata, turned upright, sized for a phone;
 * and nothing at all while the program's "photos" switch is off.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** A 2,400 × 1,200 JPEG as a phone writes it: EXIF with the device, the time, GPS, and "rotate 90° to view". */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1200, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'TaizhangPhoneMaker', Model: 'Secret Model 9', DateTime: '2026:11:30 09:15:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 29/1 5/1', GPSLongitudeRef: 'E', GPSLongitude: '109/1 30/1 7/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function publishedPhoto(bytes: Buffer, name = '整改后.jpg') {
  const p = await problemIn(t, admin, '大闵村', 'rectifying');
  const up = await uploadEvidence(t, admin, { problemId: p.id }, { name, bytes });
  expect(up.statusCode, up.body).toBe(201);
  const id = up.json().id as string;
  const pub = await t.app.inject({
    method: 'PUT',
    url: `/api/portal/evidence/${id}/publication`,
    headers: officer,
    payload: { published: true, caption: '整改后的活动室', before: { published: false, caption: null } },
  });
  expect(pub.statusCode, pub.body).toBe(200);
  return id;
}

describe('a published photo as the public gets it', () => {
  it('has no EXIF, no device, no GPS; stands upright; at most 1,600 px, and 320 px as a thumbnail', async () => {
    const original = await phonePhoto();
    // The fixture really carries what must not leak.
    const meta = await sharp(original).metadata();
    expect(meta.exif?.length ?? 0).toBeGreaterThan(0);
    expect(meta.orientation).toBe(6);
    expect(original.includes('TaizhangPhoneMaker')).toBe(true);

    const id = await publishedPhoto(original);
    // The ledger's own copy (for the village and the verifiers) is the upload, unchanged.
    const inside = await get(`/api/evidence/${id}`, admin);
    expect(inside.statusCode).toBe(200);
    expect(inside.rawPayload.equals(original)).toBe(true);

    for (const [url, longest] of [
      [`/public/files/evidence/${id}`, 1600],
      [`/public/files/evidence/${id}?size=thumb`, 320],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      const bytes = res.rawPayload;
      expect(bytes.includes('TaizhangPhoneMaker'), url).toBe(false);
      expect(bytes.includes('Secret Model'), url).toBe(false);
      expect(bytes.includes('Exif\0\0'), url).toBe(false);
      const m = await sharp(bytes).metadata();
      expect(m.exif, url).toBeUndefined();
      expect(m.xmp, url).toBeUndefined();
      expect(m.orientation ?? 1, url).toBe(1);
      // Turned upright: the 2,400 × 1,200 landscape was taken on its side, so it is a portrait.
      expect(m.height, url).toBe(longest);
      expect(m.width, url).toBe(longest / 2);
      // A second request is the same copy, and a conditional one is a 304.
      const again = await get(url, { 'if-none-match': String(res.headers.etag) });
      expect(again.statusCode).toBe(304);
    }
    expect((await get(`/public/files/evidence/${id}`)).headers.etag).not.toBe(
      (await get(`/public/files/evidence/${id}?size=thumb`)).headers.etag,
    );
    expect((await get(`/public/files/evidence/${id}?size=huge`)).statusCode).toBe(400);

    // The village page shows the thumbnail and links the larger copy.
    const page = (await get(`/public/villages/${await t.orgId('大闵村')}`)).body;
    expect(page).toContain(`<a href="/public/files/evidence/${id}"`);
    expect(page).toContain(`src="/public/files/evidence/${id}?size=thumb"`);
  });

  it('keeps a small photo its size, and makes its copies again when they are deleted', async () => {
    const small = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0a0' } })
      .png()
      .withExif({ IFD0: { Make: 'TaizhangPhoneMaker' } })
      .toBuffer();
    expect(small.includes('TaizhangPhoneMaker')).toBe(true);
    const id = await publishedPhoto(small, '小图.png');
    const first = await get(`/public/files/evidence/${id}`);
    expect(first.headers['content-type']).toBe('image/png');
    expect(first.rawPayload.includes('TaizhangPhoneMaker')).toBe(false);
    expect(await sharp(first.rawPayload).metadata()).toMatchObject({ width: 64, height: 48 });
    const copies = path.join(t.config.dataDir, 'files', 'public');
    expect(readdirSync(path.join(copies, 'full')).length).toBeGreaterThan(0);
    rmSync(copies, { recursive: true, force: true });
    const again = await get(`/public/files/evidence/${id}`);
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(existsSync(path.join(copies, 'full'))).toBe(true);
  });

  it('makes the copies of many photos asked for at once, two at a time, every one answered', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const bytes = await sharp({ create: { width: 800 + i, height: 600, channels: 3, background: { r: 20 * i, g: 80, b: 120 } } })
        .jpeg()
        .toBuffer();
      ids.push(await publishedPhoto(bytes, `现场${i}.jpg`));
    }
    peakMaking(true);
    const answers = await Promise.all(
      ids.flatMap((id) => [get(`/public/files/evidence/${id}?size=thumb`), get(`/public/files/evidence/${id}`)]),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    expect(peakMaking()).toBe(2);
    const widths = await Promise.all(answers.filter((_, i) => i % 2 === 1).map(async (a) => (await sharp(a.rawPayload).metadata()).width));
    expect(widths).toEqual([800, 801, 802, 803, 804, 805]);
  });

  it('serves nothing of a photo that cannot be decoded, rather than the upload as it came', async () => {
    // Starts like a JPEG (so it is accepted as a photo) but is not one.
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
      Buffer.from('Exif\0\0TaizhangPhoneMaker GPS 34.48N'),
      Buffer.alloc(64, 7),
    ]);
    const id = await publishedPhoto(broken, '坏图.jpg');
    const res = await get(`/public/files/evidence/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.rawPayload.includes('TaizhangPhoneMaker')).toBe(false);
  });

  it('shows no photo at all while the program keeps photos off the portal', async () => {
    const id = await publishedPhoto(await phonePhoto());
    expect((await get(`/public/files/evidence/${id}?size=thumb`)).statusCode).toBe(200);
    const current = (await t.app.inject({ method: 'GET', url: '/api/portal/settings', headers: admin })).json();
    const off = await t.app.inject({
      method: 'PUT',
      url: '/api/portal/settings',
      headers: admin,
      payload: { version: current.version, settings: { ...current.settings, showEvidence: false } },
    });
    expect(off.statusCode, off.body).toBe(200);
    try {
      expect((await get(`/public/files/evidence/${id}?size=thumb`)).statusCode).toBe(404);
      expect((await get(`/public/files/evidence/${id}`)).statusCode).toBe(404);
      expect((await get(`/public/villages/${await t.orgId('大闵村')}`)).body).not.toContain(`/public/files/evidence/${id}`);
    } finally {
      const back = await t.app.inject({
        method: 'PUT',
        url: '/api/portal/settings',
        headers: admin,
        payload: { version: off.json().version, settings: current.settings },
      });
      expect(back.statusCode).toBe(200);
    }
    expect((await get(`/public/files/evidence/${id}`)).statusCode).toBe(200);
  });
});
