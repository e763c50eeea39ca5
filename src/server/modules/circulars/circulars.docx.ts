import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { chineseDate, shanghaiDate } from '../../../domain/time.ts';
import {
  attainedText,
  rankingHasStudy,
  CIRCULAR_ANNEX_TITLES,
  CIRCULAR_OVERDUE_TASKS_TITLE,
  circularImprintParts,
  movementText,
  percentText,
  RAG_TEXT,
  standingText,
} from '../../../domain/circular-text.ts';
import { type AnnexCut, type AnnexTableKey, annexCutText } from '../../../domain/circular-annex-excerpt.ts';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';

/**
 * The circular as a Word document laid out as a Chinese official document
 * (GB/T 9704-2012, simplified): A4, margins 37/35/28/26 mm, red issuing office
 * and number line over a red rule, 22 pt title, 16 pt 仿宋 body with a
 * two-character first-line indent on a 28 pt grid, 黑体 headings, signature
 * block at the right, annex tables on new pages with repeated header rows,
 * page numbers in the footer.
 */

export const RED = 'C00000';
export const FANGSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312', cs: 'Times New Roman' };
export const HEITI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体', cs: 'Times New Roman' };
export const XIAOBIAOSONG = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '方正小标宋简体', cs: 'SimSun' };
export const SONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };

export const BODY_SIZE = 32; // 16 pt, in half-points (三号)
export const TABLE_SIZE = 21; // 10.5 pt (五号)
export const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt
export const INDENT = { firstLine: 640 }; // two 16 pt characters

export function bodyParagraph(
  text: string,
  options: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    spacing: LINE,
    indent: options.indent === false ? undefined : INDENT,
    children: [new TextRun({ text, font: FANGSONG, size: BODY_SIZE })],
  });
}

export function heading(text: string, pageBreakBefore = false) {
  return new Paragraph({
    pageBreakBefore,
    spacing: LINE,
    indent: pageBreakBefore ? undefined : INDENT,
    children: [new TextRun({ text, font: HEITI, size: BODY_SIZE })],
  });
}

export function cell(text: string, options: { header?: boolean; color?: string; align?: 'left' | 'center' } = {}) {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: options.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [new TextRun({ text, font: options.header ? HEITI : SONG, size: TABLE_SIZE, color: options.color })],
      }),
    ],
  });
}

/** A row of one cell across the table: "无" in an empty table, or the line standing for rows left out. */
function spanRow(columns: number, text: string) {
  return new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        columnSpan: columns,
        children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: SONG, size: TABLE_SIZE })] })],
      }),
    ],
  });
}

/**
 * A table with a header row repeated on every page. `cut`: where rows were left out of a long table
 * (src/domain/circular-annex-excerpt.ts), shown as a line across the table at that place.
 */
export function table(
  headers: string[],
  rows: { text: string; color?: string; align?: 'left' | 'center' }[][],
  cut?: Pick<AnnexCut, 'at' | 'omitted' | 'total'>,
) {
  const body = rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c.text, c)) }));
  if (cut) body.splice(cut.at, 0, spanRow(headers.length, annexCutText(cut, rows.length)));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, { header: true })) }),
      ...(rows.length ? body : [spanRow(headers.length, '无')]),
    ],
  });
}

const RAG_COLOUR: Record<string, string> = { red: RED, amber: 'B7791F', green: '2F7D32' };

function rankingRows(list: CircularDetail['annex']['ranking']['villages'], unit: 'village' | 'subdistrict', study: boolean) {
  return list.map((v) => [
    { text: String(v.rank) },
    { text: v.name },
    { text: v.score.toFixed(1) },
    { text: standingText(v, unit) },
    { text: attainedText(v, unit) },
    { text: percentText(v.closureRate) },
    { text: percentText(v.acceptancePassRate) },
    { text: String(v.overdue) },
    { text: percentText(v.reportPunctuality) },
    ...(study ? [{ text: percentText(v.study ?? null) }] : []),
    { text: movementText(v.movement) },
  ]);
}

const RANKING_HEADERS = (unit: string, attained: string, study: boolean) => [
  '名次',
  unit,
  '综合得分',
  '对标得分',
  attained,
  '销号率',
  '验收通过率',
  '逾期问题',
  '周报按时率',
  ...(study ? ['学习得分率'] : []),
  '较上月',
];

/**
 * The page of an official document (A4, GB/T 9704 margins, page numbers
 * "— N —" in the footer, 草稿 in the header of a draft): the circular and the
 * 一村一策 plan share it.
 */
/** The text's width on the page (A4 less the 28 and 26 mm margins) less the 版记's right indent, in twips. */
const IMPRINT_RIGHT_TAB = 11906 - convertMillimetersToTwip(28) - convertMillimetersToTwip(26) - 320;

export function officialPage(draft: boolean) {
  return {
    properties: {
      page: {
        size: { width: 11906, height: 16838, orientation: PageOrientation.PORTRAIT }, // A4
        margin: {
          top: convertMillimetersToTwip(37),
          bottom: convertMillimetersToTwip(35),
          left: convertMillimetersToTwip(28),
          right: convertMillimetersToTwip(26),
          header: convertMillimetersToTwip(15),
          footer: convertMillimetersToTwip(18),
        },
      },
    },
    headers: draft
      ? {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: '草稿', font: HEITI, size: 24, color: RED })],
              }),
            ],
          }),
        }
      : undefined,
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONG, size: 28 })],
          }),
        ],
      }),
    },
  };
}

/**
 * `chainAnchor`: the public ledger's head when the circular was published
 * (modules/portal), printed under the date as a paper anchor.
 */
export async function buildCircularDocx(c: CircularDetail, chainAnchor?: { seq: number; hash: string } | null): Promise<Buffer> {
  const draft = c.status === 'draft';
  const a = c.annex;
  const cutOf = (t: AnnexTableKey) => c.annexCuts.find((x) => x.table === t);
  const body: (Paragraph | Table)[] = [];

  // 版头: issuing office in red, number line, red rule.
  body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 360 },
      children: [new TextRun({ text: c.issuingOffice, font: XIAOBIAOSONG, size: 52, bold: true, color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      children: [new TextRun({ text: c.number ?? '草稿（印发时编号）', font: FANGSONG, size: BODY_SIZE, color: draft ? RED : undefined })],
    }),
  );
  if (draft)
    body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: '【草稿 未印发】', font: HEITI, size: BODY_SIZE, color: RED })],
      }),
    );
  // 标题
  body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 480, after: 480, line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: c.title, font: XIAOBIAOSONG, size: 44, bold: true })],
    }),
  );
  // 主送, 开头, 正文
  body.push(bodyParagraph(c.addressees, { indent: false }), bodyParagraph(c.opening));
  for (const s of c.sections) {
    body.push(heading(s.heading));
    for (const line of s.text.split(/\n+/).filter((l) => l.trim())) body.push(bodyParagraph(line.trim()));
  }
  // 附件说明
  body.push(
    new Paragraph({ spacing: LINE, children: [] }),
    bodyParagraph(`附件：1. ${CIRCULAR_ANNEX_TITLES.ranking.replace(/^附件1：/, '')}`),
    new Paragraph({
      spacing: LINE,
      indent: { left: 1600 },
      children: [new TextRun({ text: `2. ${CIRCULAR_ANNEX_TITLES.rag.replace(/^附件2：/, '')}`, font: FANGSONG, size: BODY_SIZE })],
    }),
    new Paragraph({
      spacing: LINE,
      indent: { left: 1600 },
      children: [new TextRun({ text: `3. ${CIRCULAR_ANNEX_TITLES.overdue.replace(/^附件3：/, '')}`, font: FANGSONG, size: BODY_SIZE })],
    }),
  );
  // 落款: office and date at the right.
  body.push(
    new Paragraph({ spacing: LINE, children: [] }),
    new Paragraph({ spacing: LINE, children: [] }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 640 },
      children: [new TextRun({ text: c.issuingOffice, font: FANGSONG, size: BODY_SIZE })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 640 },
      children: [new TextRun({ text: chineseDate(c.docDate), font: FANGSONG, size: BODY_SIZE })],
    }),
  );
  // 附件 tables, each from a new page.
  const study = rankingHasStudy([...a.ranking.villages, ...a.ranking.subdistricts]);
  body.push(
    heading(CIRCULAR_ANNEX_TITLES.ranking, true),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: `（数据截至${chineseDate(a.asAt)}）`, font: FANGSONG, size: 24 })],
    }),
    table(RANKING_HEADERS('村（社区）', '达标验收', study), rankingRows(a.ranking.villages, 'village', study), cutOf('rankingVillages')),
  );
  if (a.ranking.subdistricts.length)
    body.push(
      new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text: '街道排名', font: HEITI, size: 24 })] }),
      table(
        RANKING_HEADERS('街道', '达标村数', study),
        rankingRows(a.ranking.subdistricts, 'subdistrict', study),
        cutOf('rankingSubdistricts'),
      ),
    );
  body.push(
    heading(CIRCULAR_ANNEX_TITLES.rag, true),
    table(
      ['单位', '类别', '颜色', '原因'],
      a.rag.map((r) => [
        { text: r.organization },
        { text: r.kind },
        { text: RAG_TEXT[r.colour], color: RAG_COLOUR[r.colour] },
        { text: r.reasons, align: 'left' as const },
      ]),
      cutOf('rag'),
    ),
    heading(CIRCULAR_ANNEX_TITLES.overdue, true),
    table(
      ['编号', '单位', '问题描述', '整改时限', '逾期天数', '责任人'],
      a.overdue.map((o) => [
        { text: o.code },
        { text: o.organization },
        { text: o.description, align: 'left' as const },
        { text: chineseDate(o.dueOn) },
        { text: String(o.daysOverdue) },
        { text: o.owner ?? '' },
      ]),
      cutOf('overdue'),
    ),
  );
  if (a.overdueTasks?.length)
    body.push(
      new Paragraph({
        spacing: { before: 240, after: 120 },
        children: [new TextRun({ text: CIRCULAR_OVERDUE_TASKS_TITLE, font: HEITI, size: 24 })],
      }),
      table(
        ['单位', '交办领导', '调研日期', '交办事项', '责任单位', '办结时限', '逾期天数'],
        a.overdueTasks.map((t) => [
          { text: t.organization },
          { text: t.leader },
          { text: chineseDate(t.visitedOn) },
          { text: t.instruction, align: 'left' as const },
          { text: t.ownerUnit },
          { text: chineseDate(t.dueOn) },
          { text: String(t.daysOverdue) },
        ]),
        cutOf('overdueTasks'),
      ),
    );

  // 版记 on the last page: who drafted and printed it, and when (the source's 党群工作部 for the 党工委).
  const imprint = circularImprintParts(c.draftingOffice ?? '', c.publishedAt ? shanghaiDate(new Date(c.publishedAt)) : c.docDate);
  if (c.draftingOffice)
    body.push(
      new Paragraph({ spacing: LINE, children: [] }),
      new Paragraph({
        spacing: LINE,
        indent: { left: 320, right: 320 },
        border: {
          top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
        },
        // The office at the left, the date at a right tab stop at the right indent (two ideographic spaces apart,
        // the date could wrap and leave 发 alone on a line).
        tabStops: [{ type: TabStopType.RIGHT, position: IMPRINT_RIGHT_TAB }],
        children: [
          new TextRun({ text: imprint.office, font: FANGSONG, size: 28 }),
          new TextRun({ children: [new Tab(), imprint.printed], font: FANGSONG, size: 28 }),
        ],
      }),
    );
  // The public ledger's head at publication, a paper anchor for checking the ledger: under the 版记, the document's
  // last line, not between the signature and the annexes where readers took it for part of the body.
  if (chainAnchor) {
    body.push(
      new Paragraph({
        spacing: { before: 120 },
        children: [
          new TextRun({
            text: `印发时公开台账链头：第 ${chainAnchor.seq} 条 · ${chainAnchor.hash.slice(0, 12)}（可在公开网站“核验台账”页核对）`,
            font: FANGSONG,
            size: TABLE_SIZE,
          }),
        ],
      }),
    );
  }

  const doc = new Document({
    creator: c.issuingOffice,
    title: c.title,
    description: c.number ?? '草稿',
    styles: { default: { document: { run: { font: FANGSONG, size: BODY_SIZE } } } },
    sections: [
      {
        ...officialPage(draft),
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
