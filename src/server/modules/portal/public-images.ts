import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';

/**
 * What the public sees of a stored photo: a copy made for the portal, never
 * the upload itself. A phone's photo carries EXIF (where it was taken, when,
 * on which device) and XMP; the copy is re-encoded by sharp, which writes no
 * metadata unless asked, after turning the pixels the way the camera's
 * orientation tag said (the tag goes with the rest). It is also made small
 * enough for a cheap phone on a weak connection: a thumbnail for the
 * problem's row, a screen-sized copy when tapped.
 *
 * Copies are kept on disk beside the originals, under
 * `DATA_DIR/files/public/<size>/<sha256>.r<recipe>` (`public` is not a
 * two-hex folder, so it cannot meet an original), made on first request and
 * written by rename, so two instances sharing the folder are safe. They can
 * be deleted at any time: they are made again.
 */

/** Longest side in pixels. */
export const PUBLIC_IMAGE_SIZES = { thumb: 320, full: 1600 } as const;
export type PublicImageSize = keyof typeof PUBLIC_IMAGE_SIZES;

/** Bump when what is made changes, so copies made by an older recipe are not served. */
const RECIPE = 1;

/** A photo larger than this (pixels) is not decoded: 120 megapixels is more than any phone's camera. */
const MAX_INPUT_PIXELS = 120_000_000;

/**
 * Copies made at once: a large PNG decodes to hundreds of megabytes, and a crawler walking the village pages
 * right after a deployment would otherwise start a copy of every photo together. The others wait their turn.
 */
const MAX_MAKING = 2;
let makingNow = 0;
let peak = 0;
const waiting: Array<() => void> = [];

/** The most copies made at once since the last reset (what MAX_MAKING bounds; read by the tests). */
export function peakMaking(reset = false): number {
  const p = peak;
  if (reset) peak = makingNow;
  return p;
}

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  // A finished copy hands its turn to the next in line, so no third one starts in between.
  if (makingNow >= MAX_MAKING) await new Promise<void>((resolve) => waiting.push(resolve));
  else makingNow += 1;
  peak = Math.max(peak, makingNow);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else makingNow -= 1;
  }
}

type OutputFormat = 'jpeg' | 'png' | 'webp' | 'gif';
const FORMATS: Record<string, OutputFormat> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export interface PublicImage {
  bytes: Buffer;
  mime: string;
  /** Changes with the original, the size and the recipe. */
  etag: string;
}

const making = new Map<string, Promise<Buffer | null>>();

/**
 * The public copy of the original `sha256` (of type `mime`) at `size`, made
 * if not yet made. Null when the original is missing, is not an image type
 * the portal shows, or cannot be decoded (then nothing is served: never the
 * original with its metadata).
 */
export async function publicImage(dataDir: string, sha256: string, mime: string, size: PublicImageSize): Promise<PublicImage | null> {
  const format = FORMATS[mime];
  if (!format || !/^[0-9a-f]{64}$/.test(sha256)) return null;
  const copy = path.join(dataDir, 'files', 'public', size, `${sha256}.r${RECIPE}`);
  const etag = `"${sha256.slice(0, 24)}-${size}-r${RECIPE}"`;
  if (existsSync(copy)) return { bytes: readFileSync(copy), mime, etag };
  const original = path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
  if (!existsSync(original)) return null;
  let pending = making.get(copy);
  if (!pending) {
    pending = inTurn(() => makeCopy(original, copy, format, PUBLIC_IMAGE_SIZES[size])).finally(() => making.delete(copy));
    making.set(copy, pending);
  }
  const bytes = await pending;
  return bytes ? { bytes, mime, etag } : null;
}

async function makeCopy(original: string, copy: string, format: OutputFormat, longest: number): Promise<Buffer | null> {
  let bytes: Buffer;
  try {
    // Read by sharp from the file (not a buffer of it), off the event loop.
    bytes = await encode(
      sharp(original, { animated: format === 'gif' || format === 'webp', limitInputPixels: MAX_INPUT_PIXELS }),
      format,
      longest,
    );
  } catch {
    // Not decodable (damaged, or larger than MAX_INPUT_PIXELS): shown as absent.
    return null;
  }
  mkdirSync(path.dirname(copy), { recursive: true });
  const temp = `${copy}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, copy);
  return bytes;
}

/** Pixels turned upright, at most `longest` on either side (never enlarged), re-encoded without metadata. */
function encode(image: Sharp, format: OutputFormat, longest: number): Promise<Buffer> {
  const resized = image.autoOrient().resize({ width: longest, height: longest, fit: 'inside', withoutEnlargement: true });
  switch (format) {
    case 'jpeg':
      return resized.jpeg({ quality: 80 }).toBuffer();
    case 'png':
      return resized.png().toBuffer();
    case 'webp':
      return resized.webp({ quality: 80 }).toBuffer();
    case 'gif':
      return resized.gif().toBuffer();
  }
}
