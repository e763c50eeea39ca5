import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

/**
 * Rendered public pages, kept in memory so that a village page opened from a
 * poster by a whole village costs one render, not one per phone.
 *
 * A page is reused while nothing it could show has changed: every mutation in
 * the product writes an audit event and moves the audit chain's head, so the
 * head (read once per request, one indexed row) names the state of the
 * record; a change made in this process through the portal's own services
 * also bumps a generation at once. A page is rendered again at most every
 * `MAX_AGE_MS` in any case. Each entry carries its ETag and its gzip and
 * brotli bodies, compressed once on first demand.
 */

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 2_000;

let generation = 0;

/** A change the portal shows was made (inside or after its transaction). */
export function notePortalChange(): void {
  generation += 1;
}

export interface CachedPage {
  body: Buffer;
  etag: string;
  type: string;
  state: string;
  generation: number;
  renderedAt: number;
  gzip?: Buffer;
  br?: Buffer;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export class PageCache {
  private readonly pages = new Map<string, CachedPage>();

  /** The page under `key` if it was rendered against `state` (and is young enough), else null. */
  get(key: string, state: string, nowMs: number): CachedPage | null {
    const p = this.pages.get(key);
    if (!p || p.state !== state || p.generation !== generation || nowMs - p.renderedAt > MAX_AGE_MS) return null;
    return p;
  }

  /** Stores a page rendered against `state` as read before the rendering started. */
  put(key: string, state: string, startGeneration: number, body: string | Buffer, type: string, nowMs: number): CachedPage {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const page: CachedPage = { body: bytes, etag: etagOf(bytes), type, state, generation: startGeneration, renderedAt: nowMs };
    if (this.pages.size >= MAX_ENTRIES) this.pages.clear();
    this.pages.set(key, page);
    return page;
  }

  clear(): void {
    this.pages.clear();
  }
}

export function currentGeneration(): number {
  return generation;
}

/** The body in the best encoding the client accepts (compressed once, then kept). */
export function encodedBody(page: CachedPage, acceptEncoding: string | undefined): { body: Buffer; encoding: 'br' | 'gzip' | null } {
  const accept = acceptEncoding ?? '';
  // Small answers are not worth a compressor's time.
  if (page.body.length < 1024) return { body: page.body, encoding: null };
  if (/\bbr\b/.test(accept)) {
    page.br ??= brotliCompressSync(page.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6 } });
    return { body: page.br, encoding: 'br' };
  }
  if (/\bgzip\b/.test(accept)) {
    page.gzip ??= gzipSync(page.body, { level: 6 });
    return { body: page.gzip, encoding: 'gzip' };
  }
  return { body: page.body, encoding: null };
}
