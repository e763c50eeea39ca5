import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { crc32, createInflateRaw, deflateRawSync } from 'node:zlib';
import { formatMegabytes, LEDGER_IMPORT_LIMITS } from '../../../domain/ledger-sheet.ts';
import { AppError } from '../../http/errors.ts';

/**
 * Opening an uploaded .xlsx without trusting it. An .xlsx is a zip of XML
 * parts; a few kilobytes can unpack to gigabytes, and one XML text can be a
 * 200-million-character string. Before ExcelJS reads anything, every part it
 * will read is unpacked here once, as a stream, counting: the bytes against
 * the size the zip declares and against the limits, every text's length
 * against the cell limit, every tag's length, the shared strings and the
 * merged ranges (which ExcelJS's streaming reader does not report, so they
 * are collected here). What ExcelJS then gets is a new zip of exactly the
 * parts checked — the same compressed bytes, except the shared strings,
 * re-encoded as ASCII (AsciiXml: ExcelJS's reader breaks a character its
 * chunks cut in two) — in the order its streaming reader needs (shared
 * strings before the sheet), so it never buffers a sheet to disk and reads
 * only the one sheet imported.
 */

export type XlsxLimits = { readonly [K in keyof typeof LEDGER_IMPORT_LIMITS]: number };

/** A merged range, 1-based and inclusive. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface CheckedWorkbook {
  /** The name of the sheet imported: the first visible one. */
  sheetName: string;
  merges: MergedRange[];
  /** A zip of the checked parts, for ExcelJS's streaming reader. */
  zip: Buffer;
}

export const NOT_XLSX = '只能导入 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开台账，“另存为” .xlsx 格式后再上传';

const corrupt = (why = '文件损坏，或不是 Excel 工作簿') => new AppError('UNSUPPORTED_MEDIA_TYPE', `无法读取该文件（${why}）。${NOT_XLSX}`);

/** A tag longer than this (a hostile attribute, comment or CDATA section) is refused: Excel writes none near it. */
const MAX_MARKUP_BYTES = 256 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Buffer, sig: number[]) => sig.every((v, i) => b[i] === v);

/**
 * The checks that need no unpacking (the zip's directory is read, nothing
 * inflated), cheap enough for the server's own thread. Throws
 * VALIDATION_FAILED (empty), PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE.
 */
export function assertLooksLikeXlsx(bytes: Buffer, limits: XlsxLimits = LEDGER_IMPORT_LIMITS): void {
  readDirectory(bytes, limits);
}

function readDirectory(bytes: Buffer, limits: XlsxLimits): Map<string, ZipEntry> {
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', '上传的文件是空的');
  if (bytes.length > limits.fileBytes) throw fileTooLarge(limits.fileBytes);
  if (startsWith(bytes, OLE)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `这是旧版 Excel（.xls）文件。${NOT_XLSX}`);
  if (!startsWith(bytes, ZIP)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', NOT_XLSX);
  const entries = readEntries(bytes);
  if (!entries.has('xl/workbook.xml')) throw corrupt();
  return entries;
}

export const fileTooLarge = (bytes: number) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `文件超过 ${formatMegabytes(bytes)}，无法导入；请删去图片等与台账无关的内容，或把台账拆分成几个文件分批导入`,
  );

const unpackedTooLarge = (limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `文件解压后超过 ${formatMegabytes(limit)}（表格内容过多），无法导入；请把台账拆分成几个文件分批导入`);

const cellTooLong = (limit: number) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `文件中有单元格内容超过 ${limit} 字符（Excel 单元格的上限），无法导入；请检查文件是否损坏，删去超长内容后重新上传`,
  );

// ---------------------------------------------------------------- the zip

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  /** The unpacked size the zip declares. */
  size: number;
  dataStart: number;
}

/** The central directory, each entry checked against its local header. Zip64 and encryption are refused. */
function readEntries(buf: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) throw corrupt();
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      method,
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      dataStart: 0,
    };
    if (next > eocd) throw corrupt();
    if (flags & 0x1) throw corrupt('文件已加密');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw corrupt();
    entry.dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (entry.dataStart + entry.compressedSize > buf.length) throw corrupt();
    // The same name twice: which one a reader takes is its own choice, so the file is ambiguous.
    if (entries.has(entry.name)) throw corrupt();
    entries.set(entry.name, entry);
    p = next;
  }
  return entries;
}

/** Unpacks one entry, handing over its bytes 64 KB at a time; `onChunk` may throw to stop. */
function unpack(buf: Buffer, entry: ZipEntry, onChunk: (chunk: Buffer) => void): Promise<number> {
  const data = buf.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let crc = 0;
  const take = (chunk: Buffer) => {
    crc = crc32(chunk, crc);
    onChunk(chunk);
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += 65536) take(data.subarray(i, i + 65536));
    return Promise.resolve(crc);
  }
  if (entry.method !== 8) return Promise.reject(corrupt('不支持的压缩方式'));
  return new Promise((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: 65536 });
    let failed = false;
    z.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        take(chunk);
      } catch (err) {
        failed = true;
        z.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    z.on('error', () => reject(corrupt()));
    z.on('end', () => resolve(crc));
    z.end(data);
  });
}

// ---------------------------------------------------------------- the XML

const isNameByte = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f || c >= 0x80;

/**
 * A streaming pass over XML, byte by byte (no allocation per token: a sheet
 * has millions of tags), that bounds every token: a text may hold at most
 * `maxChars` characters — inside a `counted` element such as <si> or <c>, all
 * its texts together — counted as JavaScript counts them (the row rules count
 * the same way), an entity such as &amp; as one; a tag, comment or CDATA
 * section at most MAX_MARKUP_BYTES. `onTag` sees each opening tag named in
 * `watch`, with its first 300 characters.
 */
class XmlScanner {
  private inTag = false;
  /** <!-- … -->, <![CDATA[ … ]]>, <? … ?>: no attributes, so quotes mean nothing. */
  private plain = false;
  private quote = 0;
  private markup = 0;
  private prev = 0;
  private closing = false;
  /** The tag's name so far (its local part), while it is being read. */
  private readonly name = new Uint8Array(16);
  private nameLength = 0;
  private readingName = false;
  private watched: string | null = null;
  private head: number[] = [];
  private inCounted = false;
  private chars = 0;
  /** Bytes into an entity (&…;) of a text, or 0. */
  private entity = 0;
  private readonly counted: Uint8Array | null;
  private readonly watch: Array<[string, Uint8Array]>;

  constructor(
    counted: string | null,
    private readonly maxChars: number,
    watch: readonly string[] = [],
    private readonly onTag?: (name: string, head: string) => void,
  ) {
    this.counted = counted ? Buffer.from(counted) : null;
    this.watch = watch.map((w) => [w, Buffer.from(w)]);
  }

  write(b: Buffer): void {
    const n = b.length;
    for (let i = 0; i < n; i++) {
      const c = b[i]!;
      if (!this.inTag) {
        if (c === 0x3c) {
          this.inTag = true;
          this.plain = false;
          this.quote = 0;
          this.markup = 0;
          this.prev = 0;
          this.closing = false;
          this.nameLength = 0;
          this.readingName = true;
          this.entity = 0;
          if (!this.inCounted) this.chars = 0;
          continue;
        }
        if (this.entity) {
          if (c === 0x3b || ++this.entity > 12) this.entity = 0;
          continue;
        }
        if (c === 0x26) this.entity = 1;
        else if ((c & 0xc0) === 0x80) continue; // the rest of a UTF-8 character
        // Outside BMP: two UTF-16 units, as String.length counts.
        this.chars += c >= 0xf0 ? 2 : 1;
        if (this.chars > this.maxChars) throw cellTooLong(this.maxChars);
        continue;
      }
      if (++this.markup > MAX_MARKUP_BYTES) throw corrupt(`文件中有一段 XML 标记超过 ${MAX_MARKUP_BYTES / 1024} KB，文件损坏或被篡改`);
      if (this.readingName) {
        if (this.markup === 1 && (c === 0x21 || c === 0x3f)) {
          this.plain = true;
          this.readingName = false;
        } else if (this.markup === 1 && c === 0x2f) {
          this.closing = true;
        } else if (c === 0x3a) {
          this.nameLength = 0; // a namespace prefix: the local name follows
        } else if (isNameByte(c)) {
          if (this.nameLength < this.name.length) this.name[this.nameLength] = c;
          this.nameLength++;
        } else {
          this.nameRead();
        }
      }
      if (this.quote) {
        if (c === this.quote) this.quote = 0;
      } else if (c === 0x3e) {
        if (this.readingName) this.nameRead();
        this.tagEnd(this.prev === 0x2f);
      } else if (!this.plain && (c === 0x22 || c === 0x27)) {
        this.quote = c;
      }
      if (this.watched && this.head.length < 300) this.head.push(c);
      this.prev = c;
    }
  }

  end(): void {
    if (this.inTag) throw corrupt();
  }

  private is(name: Uint8Array): boolean {
    if (this.nameLength !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (this.name[k] !== name[k]) return false;
    return true;
  }

  private nameRead(): void {
    this.readingName = false;
    this.watched = null;
    if (this.closing) return;
    for (const [w, bytes] of this.watch) {
      if (this.is(bytes)) {
        this.watched = w;
        this.head = [];
      }
    }
  }

  private tagEnd(selfClosing: boolean): void {
    this.inTag = false;
    if (this.counted && this.is(this.counted)) {
      this.inCounted = !this.closing && !selfClosing;
      this.chars = 0;
    }
    if (this.watched) {
      const w = this.watched;
      this.watched = null;
      this.onTag?.(w, String.fromCharCode(...this.head));
    }
  }
}

const COLUMN = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/;

function cellAddress(ref: string): { row: number; col: number } | null {
  const m = COLUMN.exec(ref.trim().toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** "B2:C5" → the range; a single cell or a malformed reference → null (as if not merged). */
export function parseRange(ref: string): MergedRange | null {
  const [a, b] = ref.split(':');
  const from = a ? cellAddress(a) : null;
  const to = b ? cellAddress(b) : null;
  if (!from || !to) return null;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? all;
  });
const encodeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The attributes of each element named `name` (any namespace prefix), by their local names. */
function elements(xml: string, name: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const key = a[1]!;
      // r:id and the like under their local name; a plain attribute wins over a prefixed one of the same local name.
      const local = key.includes(':') ? `:${key.split(':').pop()}` : key;
      attrs[local] = decodeXml(a[2] ?? a[3] ?? '');
    }
    out.push(attrs);
  }
  return out;
}

// ---------------------------------------------------------------- the workbook

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface OutPart {
  name: string;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

/**
 * A part re-encoded as pure ASCII, every other character written as a character reference (大 → &#x5927;), stored
 * uncompressed. ExcelJS 4.4's streaming reader decodes each chunk it unpacks on its own (lib/utils/parse-sax.js,
 * TextDecoder without `stream`), so a character whose UTF-8 bytes straddle two chunks becomes two U+FFFD; in ASCII
 * no character can straddle. For the shared-string table, whose non-ASCII text is only ever element text or
 * attribute values (where references mean the same); a leading byte-order mark is dropped.
 */
class AsciiXml {
  private readonly decoder = new StringDecoder('utf8');
  private readonly out: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private started = false;

  write(chunk: Buffer): void {
    this.push(this.decoder.write(chunk));
  }

  /**
   * Deflated again (quickly): stored, a large sheet reached ExcelJS's stream reader as one chunk, which it decodes
   * and parses whole, so a sheet of 400,000 rows outgrew the reader's heap instead of stopping at the row limit.
   */
  end(): Omit<OutPart, 'name'> {
    this.push(this.decoder.end());
    const plain = Buffer.concat(this.out);
    this.out.length = 0;
    return { method: 8, crc: this.crc, size: this.size, data: deflateRawSync(plain, { level: 1 }) };
  }

  private push(text: string): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (text.length === 0) return;
    const bytes = Buffer.from(
      text.replace(/[\u0080-\u{10ffff}]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16)};`),
      'latin1',
    );
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    this.out.push(bytes);
  }
}

function madePart(name: string, xml: string): OutPart {
  const data = Buffer.from(xml);
  return { name, method: 0, crc: crc32(data), size: data.length, data };
}

/** Local headers and data, then an empty directory: all a sequential reader (unzipper) needs. */
function writeZip(parts: readonly OutPart[]): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(p.method, 8);
    h.writeUInt32LE(p.crc >>> 0, 14);
    h.writeUInt32LE(p.data.length, 18);
    h.writeUInt32LE(p.size, 22);
    h.writeUInt16LE(name.length, 26);
    out.push(h, name, p.data);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt32LE(
    out.reduce((n, b) => n + b.length, 0),
    16,
  );
  return Buffer.concat([...out, end]);
}

/**
 * Checks an uploaded workbook against the limits and prepares the sheet to
 * import for ExcelJS. Throws PAYLOAD_TOO_LARGE naming the limit exceeded,
 * UNSUPPORTED_MEDIA_TYPE (not an .xlsx, damaged, or a part larger than the
 * zip declares), VALIDATION_FAILED (empty).
 */
export async function checkWorkbook(bytes: Buffer, limits: XlsxLimits = LEDGER_IMPORT_LIMITS): Promise<CheckedWorkbook> {
  const entries = readDirectory(bytes, limits);
  let unpackedLeft = limits.unpackedBytes;

  /**
   * Unpacks an entry through `scanner`, counting against the limits; returns
   * what to hand on. The bytes are counted as they come, in the order of the
   * file, so that what a user can act on is said first: a 200-million-character
   * cell is refused as such at its 32,768th character, not as too large.
   */
  const check = async (
    entry: ZipEntry,
    partLimit: number,
    scanner: XmlScanner,
    keepText = false,
    reencode = false,
    overPart: () => AppError = () => unpackedTooLarge(limits.unpackedBytes),
  ) => {
    let size = 0;
    const kept: Buffer[] = [];
    const ascii = reencode ? new AsciiXml() : null;
    const crc = await unpack(bytes, entry, (chunk) => {
      size += chunk.length;
      // A part may not grow past what its header says: that is how a small bomb declares itself harmless.
      if (size > entry.size) throw corrupt(`压缩包中“${entry.name}”解压后的实际大小超过其声明的大小，文件损坏或被篡改`);
      if (size > unpackedLeft) throw unpackedTooLarge(limits.unpackedBytes);
      if (size > partLimit) throw overPart();
      scanner.write(chunk);
      if (keepText) kept.push(chunk);
      ascii?.write(chunk);
    });
    scanner.end();
    unpackedLeft -= size;
    if (ascii) return { part: ascii.end(), text: '' };
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    return { part: { method: entry.method, crc, size, data }, text: keepText ? Buffer.concat(kept).toString('utf8') : '' };
  };
  const entry = (name: string | null) => (name ? (entries.get(name) ?? null) : null);
  const plainScanner = () => new XmlScanner(null, limits.cellChars);

  const workbookEntry = entry('xl/workbook.xml');
  const relsEntry = entry('xl/_rels/workbook.xml.rels');
  if (!workbookEntry || !relsEntry) throw corrupt();
  const workbookXml = (await check(workbookEntry, limits.otherPartBytes, plainScanner(), true)).text;
  const relsXml = (await check(relsEntry, limits.otherPartBytes, plainScanner(), true)).text;

  const rels = elements(relsXml, 'Relationship');
  const partOf = (rel: Record<string, string> | undefined) => {
    const target = rel?.Target;
    if (!target) return null;
    return target.startsWith('/') ? posix.normalize(target.slice(1)) : posix.join('xl', target);
  };
  // The first visible worksheet (chart sheets are not worksheets), else the first one.
  const sheets = elements(workbookXml, 'sheet')
    .map((s) => ({ name: s.name ?? '', state: s.state ?? 'visible', part: partOf(rels.find((r) => r.Id === s[':id'])) }))
    .filter((s): s is { name: string; state: string; part: string } => !!s.part && s.part.startsWith('xl/worksheets/'));
  const sheet = sheets.find((s) => s.state === 'visible') ?? sheets[0];
  const sheetEntry = entry(sheet?.part ?? null);
  if (!sheet || !sheetEntry) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件中没有工作表。${NOT_XLSX}`);
  const byType = (type: string) => entry(partOf(rels.find((r) => r.Type?.endsWith(`/${type}`))));
  const stylesEntry = byType('styles');
  const sharedStringsEntry = byType('sharedStrings');

  const parts: OutPart[] = [
    madePart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    madePart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_RELS}">` +
        (elements(workbookXml, 'workbookPr').some((w) => w.date1904 === '1' || w.date1904 === 'true') ? '<workbookPr date1904="1"/>' : '') +
        `<sheets><sheet name="${encodeXml(sheet.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
  ];
  if (stylesEntry) {
    parts.push({ name: 'xl/styles.xml', ...(await check(stylesEntry, limits.otherPartBytes, plainScanner())).part });
  }
  if (sharedStringsEntry) {
    let strings = 0;
    const scanner = new XmlScanner('si', limits.cellChars, ['si'], () => {
      if (++strings > limits.sharedStrings) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `文件中的不同文字超过 ${limits.sharedStrings} 条（表格内容过多），无法导入；请把台账拆分成几个文件分批导入`,
        );
      }
    });
    // Re-encoded as ASCII: ExcelJS's reader would break a character cut in two by its chunks (AsciiXml).
    const tooMuchText = () =>
      new AppError(
        'PAYLOAD_TOO_LARGE',
        `文件中的文字解压后超过 ${formatMegabytes(limits.sharedStringsBytes)}（表格内容过多），无法导入；请把台账拆分成几个文件分批导入`,
      );
    parts.push({
      name: 'xl/sharedStrings.xml',
      ...(await check(sharedStringsEntry, limits.sharedStringsBytes, scanner, false, true, tooMuchText)).part,
    });
  } else {
    // ExcelJS's streaming reader waits for a shared-string table before it reads a sheet in stream.
    parts.push(madePart('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN_NS}"/>`));
  }
  const merges: MergedRange[] = [];
  const sheetScanner = new XmlScanner('c', limits.cellChars, ['mergeCell'], (_, head) => {
    const range = parseRange(/\bref\s*=\s*["']([^"']*)["']/.exec(head)?.[1] ?? '');
    if (!range) return;
    if (merges.length >= limits.mergedRanges) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `表格中的合并单元格超过 ${limits.mergedRanges} 处，无法导入；请取消不必要的合并，或把台账拆分成几个文件分批导入`,
      );
    }
    merges.push(range);
  });
  // Re-encoded as well: texts written in the sheet itself (inline strings, a formula's cached text, as Apache POI's
  // streaming writer and ExcelJS's own do) were cut at ExcelJS's chunk boundaries too (大闵村 read as ���闵村).
  parts.push({ name: 'xl/worksheets/sheet1.xml', ...(await check(sheetEntry, limits.unpackedBytes, sheetScanner, false, true)).part });
  return { sheetName: sheet.name, merges, zip: writeZip(parts) };
}
