import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { noteRecordChange, recordGeneration } from '../audit/record-generation.ts';

/**
 * Rendered public pages, kept in memory so that a village page opened from a
 * poster by a whole village costs one render, not one per phone.
 *
 * A page is reused while nothing it could show has changed: every mutation in
 * the product writes an audit event and moves the audit chain's height, so the
 * height names the state of the record. Reading it costs a database query, so
 * a process re-reads it only when it has itself recorded a change since (the
 * record generation, moved by every audit event and again after the portal's
 * own commits: ../audit/record-generation.ts) or when its last reading is
 * older than `STATE_TTL_MS` (changes made by another app instance or the CLI
 * show within that time). A page is rendered again at most every
 * `MAX_AGE_MS` in any case. Each entry carries its ETag and its gzip and
 * brotli bodies, compressed once on first demand.
 *
 * A large page (a province's home and its 街道 pages: they count every
 * village, about a second's work) is not re-rendered for each change, which a
 * busy province makes several times a second: after a change its last
 * rendering is served while it is younger than `MAX_AGE_MS`, and one rendering
 * runs in the background, at most once per `STALE_REFRESH_FACTOR` times the
 * last rendering's duration. The page says when its figures were counted.
 */

const MAX_AGE_MS = 60_000;
/** How long a reading of the record's state serves this process when it has recorded no change itself. */
export const STATE_TTL_MS = 1_000;
export const MAX_ENTRIES = 2_000;
/** A large page is rendered again after a change at most once per this many times its last rendering's duration. */
export const STALE_REFRESH_FACTOR = 5;

/** A change the portal shows was made (after its transaction committed). */
export function notePortalChange(): void {
  noteRecordChange();
}

export interface CachedPage {
  body: Buffer;
  etag: string;
  type: string;
  state: string;
  generation: number;
  renderedAt: number;
  /** How long the rendering took (ms). */
  renderMs: number;
  /** Served as it was, up to MAX_AGE_MS, while a fresh rendering runs (see above). */
  large: boolean;
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
    if (!p || p.state !== state || p.generation !== recordGeneration() || nowMs - p.renderedAt > MAX_AGE_MS) return null;
    this.touch(key, p);
    return p;
  }

  /**
   * A large page under `key` rendered against an older state, while it is young enough to serve during a fresh
   * rendering; `refresh` says whether this request should start that rendering (throttled), else null.
   */
  stale(key: string, nowMs: number): { page: CachedPage; refresh: boolean } | null {
    const p = this.pages.get(key);
    if (!p?.large) return null;
    const age = nowMs - p.renderedAt;
    if (age > MAX_AGE_MS) return null;
    return { page: p, refresh: age >= STALE_REFRESH_FACTOR * p.renderMs };
  }

  /** Stores a page rendered against `state` as read before the rendering started (at `startMs`). */
  put(
    key: string,
    state: string,
    startGeneration: number,
    body: string | Buffer,
    type: string,
    startMs: number,
    o: { large?: boolean; endMs?: number; keep?: boolean } = {},
  ): CachedPage {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const page: CachedPage = {
      body: bytes,
      etag: etagOf(bytes),
      type,
      state,
      generation: startGeneration,
      renderedAt: startMs,
      renderMs: Math.max(0, (o.endMs ?? startMs) - startMs),
      large: o.large ?? false,
    };
    // keep: false makes the page (ETag, compression on demand) without storing it.
    if (o.keep === false) return page;
    this.pages.delete(key);
    if (this.pages.size >= MAX_ENTRIES) this.evict();
    this.pages.set(key, page);
    return page;
  }

  /** Marks `key` as used now: a Map iterates in insertion order, so the first keys are the least recently used. */
  private touch(key: string, page: CachedPage): void {
    this.pages.delete(key);
    this.pages.set(key, page);
  }

  /**
   * Makes room by dropping the least recently used tenth, large pages last: a visitor walking many pages (or asking
   * for many that differ only in their query) pushes out pages nobody asked for lately, never the whole cache, and
   * a province's home (a second's work) goes only when every small page has.
   */
  private evict(): void {
    let drop = Math.ceil(MAX_ENTRIES / 10);
    for (const large of [false, true])
      for (const [k, p] of this.pages) {
        if (drop <= 0) return;
        if (p.large !== large) continue;
        this.pages.delete(k);
        drop--;
      }
  }

  get size(): number {
    return this.pages.size;
  }

  clear(): void {
    this.pages.clear();
  }
}

export function currentGeneration(): number {
  return recordGeneration();
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

/**
 * Something read from the record (its state: the audit chain's height; the
 * public chain's head), read again only when this process recorded a change
 * since the last reading or that reading is older than `STATE_TTL_MS`.
 * Concurrent callers share one read.
 */
export class RecordState<T = string> {
  private last: { state: T; generation: number; readAt: number } | null = null;
  private pending: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  current(nowMs: number): T | Promise<T> {
    const last = this.last;
    if (last && last.generation === recordGeneration() && nowMs - last.readAt < STATE_TTL_MS) return last.state;
    if (this.pending) return this.pending;
    const generation = recordGeneration();
    const pending = this.read().then(
      (state) => {
        this.last = { state, generation, readAt: nowMs };
        this.pending = null;
        return state;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    this.pending = pending;
    return pending;
  }
}
