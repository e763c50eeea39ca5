/**
 * Evidence types recognised from the file's first bytes, never from its name
 * (a renamed .exe stays refused). Office Open XML files are ZIPs: for those
 * the name decides between docx/xlsx/pptx once the content is known to be a ZIP.
 */
export interface SniffedType {
  mime: string;
  ext: string;
}

const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const OLE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' };

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

export function sniffFileType(bytes: Uint8Array, fileName: string): SniffedType | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (starts(bytes, [0x47, 0x49, 0x46, 0x38])) return { mime: 'image/gif', ext: 'gif' };
  if (starts(bytes, [0x52, 0x49, 0x46, 0x46]) && starts(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return { mime: 'image/webp', ext: 'webp' };
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', ext: 'pdf' };
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) && OOXML[ext]) return { mime: OOXML[ext], ext };
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) && OLE[ext]) return { mime: OLE[ext], ext };
  return null;
}

export const ACCEPTED_EVIDENCE_LABEL = '照片（JPG/PNG/GIF/WebP）、PDF、Word、Excel、PowerPoint';

/** ISO base-media brands that are audio (an .m4a from a phone's recorder); other brands count only when named .m4a. */
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ']);
const GENERIC_BRANDS = new Set(['isom', 'mp42', 'mp41', 'iso2', 'dash']);

/**
 * Audio recordings (a broadcast lesson's recording), also by their first bytes: MP3 (an ID3 tag, or an MPEG
 * audio frame header), M4A/AAC (an ISO base-media `ftyp` box), AMR (a phone's voice memo), WAV and Ogg.
 * Kept apart from sniffFileType so that evidence still takes photos and documents only.
 */
export function sniffAudioType(bytes: Uint8Array, fileName: string): SniffedType | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (starts(bytes, [0x49, 0x44, 0x33])) return { mime: 'audio/mpeg', ext: 'mp3' };
  // An MPEG audio frame: 11 sync bits, a version and a layer that are not "reserved".
  const b1 = bytes[1] ?? 0;
  if (bytes[0] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) !== 0) return { mime: 'audio/mpeg', ext: 'mp3' };
  if (starts(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = String.fromCharCode(...bytes.slice(8, 12));
    if (AUDIO_BRANDS.has(brand) || (GENERIC_BRANDS.has(brand) && ext === 'm4a')) return { mime: 'audio/mp4', ext: 'm4a' };
    return null;
  }
  if (starts(bytes, [0x23, 0x21, 0x41, 0x4d, 0x52, 0x0a])) return { mime: 'audio/amr', ext: 'amr' };
  if (starts(bytes, [0x52, 0x49, 0x46, 0x46]) && starts(bytes, [0x57, 0x41, 0x56, 0x45], 8)) return { mime: 'audio/wav', ext: 'wav' };
  if (starts(bytes, [0x4f, 0x67, 0x67, 0x53])) return { mime: 'audio/ogg', ext: 'ogg' };
  return null;
}

export const ACCEPTED_AUDIO_LABEL = '录音（MP3、M4A、AMR、WAV、Ogg）';

const EXT_BY_MIME: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  ...Object.fromEntries(Object.entries(OOXML).map(([ext, mime]) => [mime, ext])),
  ...Object.fromEntries(Object.entries(OLE).map(([ext, mime]) => [mime, ext])),
};

/**
 * The file name with the extension of its detected type, so that what is
 * downloaded opens as what it is: a GIF named `evil.html` becomes
 * `evil.html.gif`, `photo.JPEG` stays as it is, `scan` becomes `scan.pdf`.
 */
export function nameForType(name: string, mime: string): string {
  const ext = EXT_BY_MIME[mime];
  if (!ext) return name;
  const current = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  const same = current === ext || (ext === 'jpg' && (current === 'jpeg' || current === 'jpe'));
  return same ? name : `${name}.${ext}`;
}
