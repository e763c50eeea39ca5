import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * Hostile .xlsx files for the import's limits (tests and bench/import.bench.ts):
 * written by hand, part by part, so that a part can be far larger than the
 * file (a zip bomb) or declare a size it does not have. Parts are streamed
 * through the compressor, so a 200-million-character part never sits in
 * memory here.
 */

export interface ZipPart {
  name: string;
  /** The content, in pieces (strings are UTF-8). */
  chunks: Iterable<string | Buffer>;
  /** The uncompressed size written in the zip's headers; the true size when absent. */
  declaredSize?: number;
}

async function deflate(chunks: Iterable<string | Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    crc = crc32(b, crc);
    size += b.length;
    if (!z.write(b)) await new Promise((resolve) => z.once('drain', resolve));
  }
  z.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/** A zip archive (deflated entries, UTF-8 names, no data descriptors). */
export async function zipOf(parts: readonly ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size } = await deflate(part.chunks);
    const name = Buffer.from(part.name);
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(declared, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(cd, name);
    offset += local.length + name.length + data.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A one-sheet workbook from its sheet XML (the <sheetData> content, in
 * pieces) and its shared strings (each an <si> item's text, in pieces),
 * laid out as Excel writes it: the sheet before the shared strings.
 */
export function workbookOf(options: {
  sheetData: Iterable<string>;
  sharedStrings?: Iterable<string>;
  /** Sizes to declare instead of the true ones, by part name. */
  declare?: Record<string, number>;
}): Promise<Buffer> {
  const part = (name: string, chunks: Iterable<string>): ZipPart => ({ name, chunks, declaredSize: options.declare?.[name] });
  return zipOf([
    part('[Content_Types].xml', [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
      '<Default Extension="xml" ContentType="application/xml"/>',
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
      '</Types>',
    ]),
    part('_rels/.rels', [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG_RELS}">`,
      `<Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ]),
    part('xl/workbook.xml', [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${NS} ${REL_NS}>`,
      '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ]),
    part('xl/_rels/workbook.xml.rels', [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG_RELS}">`,
      `<Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>`,
      `<Relationship Id="rId2" Type="${DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>`,
      '</Relationships>',
    ]),
    part(
      'xl/worksheets/sheet1.xml',
      (function* () {
        yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS} ${REL_NS}><sheetData>`;
        yield* options.sheetData;
        yield '</sheetData></worksheet>';
      })(),
    ),
    part(
      'xl/sharedStrings.xml',
      (function* () {
        yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst ${NS}>`;
        for (const s of options.sharedStrings ?? []) yield s;
        yield '</sst>';
      })(),
    ),
  ]);
}

/** A row of shared-string cells: indexes into the shared strings, from column A. */
export function sharedRow(r: number, indexes: readonly number[]): string {
  const cells = indexes.map((i, c) => `<c r="${String.fromCharCode(65 + c)}${r}" t="s"><v>${i}</v></c>`).join('');
  return `<row r="${r}">${cells}</row>`;
}

/**
 * The report's first bomb: a header and `rows` problems of 大闵村 with
 * `distinct` different descriptions: 750,000 rows make a file of about 8 MB.
 */
export function rowsBomb(rows = 750_000, distinct = 100_000): Promise<Buffer> {
  return workbookOf({
    sheetData: (function* () {
      yield sharedRow(1, [0, 1]);
      let batch = '';
      for (let i = 0; i < rows; i++) {
        batch += sharedRow(i + 2, [2, 3 + (i % distinct)]);
        if (batch.length > 60_000) {
          yield batch;
          batch = '';
        }
      }
      yield batch;
    })(),
    sharedStrings: (function* () {
      yield '<si><t>所属组织</t></si><si><t>问题描述</t></si><si><t>大闵村</t></si>';
      let batch = '';
      for (let i = 0; i < Math.min(rows, distinct); i++) {
        batch += `<si><t>问题 ${i}</t></si>`;
        if (batch.length > 60_000) {
          yield batch;
          batch = '';
        }
      }
      yield batch;
    })(),
  });
}

function* repeat(text: string, times: number): Generator<string> {
  for (let i = 0; i < times; i++) yield text;
}

/** `chars` characters of 'a', in 1 MB pieces. */
function* letters(chars: number): Generator<string> {
  const piece = 'a'.repeat(1 << 20);
  yield* repeat(piece, Math.floor(chars / piece.length));
  yield 'a'.repeat(chars % piece.length);
}

/** The report's second bomb: one shared string of `chars` characters (200 million make a file of about 200 KB). */
export function sharedStringBomb(chars = 200_000_000): Promise<Buffer> {
  return workbookOf({
    sheetData: [sharedRow(1, [0, 1]), sharedRow(2, [2, 3])],
    sharedStrings: (function* () {
      yield '<si><t>所属组织</t></si><si><t>问题描述</t></si><si><t>大闵村</t></si><si><t>';
      yield* letters(chars);
      yield '</t></si>';
    })(),
  });
}

/**
 * Many long shared strings, each under Excel's cell limit and all under the unpacked limit (1,300 of 32,000 × 大
 * make a file of about 135 KB): reading them outgrew the reader's heap, and a worker thread that did so aborted
 * the whole server.
 */
export function longSharedStringsBomb(count = 1300): Promise<Buffer> {
  const piece = '大'.repeat(32_000);
  return workbookOf({
    sheetData: [sharedRow(1, [0, 1]), sharedRow(2, [2, 3])],
    sharedStrings: (function* () {
      yield '<si><t>所属组织</t></si><si><t>问题描述</t></si><si><t>大闵村</t></si>';
      for (let i = 0; i < count; i++) yield `<si><t>${piece}</t></si>`;
    })(),
  });
}

/** The same string written inline in the sheet (no shared strings). */
export function inlineStringBomb(chars = 200_000_000): Promise<Buffer> {
  return workbookOf({
    sheetData: (function* () {
      yield sharedRow(1, [0, 1]);
      yield '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>';
      yield* letters(chars);
      yield '</t></is></c></row>';
    })(),
    sharedStrings: ['<si><t>所属组织</t></si><si><t>问题描述</t></si><si><t>大闵村</t></si>'],
  });
}

/**
 * A sheet whose zip headers declare 1 KB while it inflates to `bytes` (blank
 * space between two rows, which any XML reader must wade through).
 */
export function lyingSizeBomb(bytes = 300 * 2 ** 20): Promise<Buffer> {
  const pad = ' '.repeat(1 << 20);
  return workbookOf({
    sheetData: (function* () {
      yield sharedRow(1, [0, 1]);
      yield* repeat(pad, Math.floor(bytes / pad.length));
      yield sharedRow(2, [2, 3]);
    })(),
    sharedStrings: ['<si><t>所属组织</t></si><si><t>问题描述</t></si><si><t>大闵村</t></si><si><t>制度未上墙</t></si>'],
    declare: { 'xl/worksheets/sheet1.xml': 1024 },
  });
}
