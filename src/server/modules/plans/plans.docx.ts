import {
  AlignmentType,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { chineseDate, shanghaiDate } from '../../../domain/time.ts';
import type { PlanDetail } from '../../../domain/contracts/plans.ts';
import {
  BODY_SIZE,
  bodyParagraph,
  FANGSONG,
  heading,
  HEITI,
  LINE,
  officialPage,
  RED,
  SONG,
  TABLE_SIZE,
  XIAOBIAOSONG,
} from '../circulars/circulars.docx.ts';

/**
 * 一村一策 as a Word document in the register of the circular (GB/T 9704
 * page, 小标宋 title, 仿宋 body, 黑体 headings): the preamble, then per area
 * a table of problems with their measures, owners and deadlines, then the
 * closing and the signature (village and liaison group, approval date).
 */

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

function ordinal(i: number): string {
  return CHINESE_ORDINALS[i] ?? String(i + 1);
}

/** A table cell of several lines (a problem and its check item; the measures, one per line). */
function linesCell(lines: string[], options: { header?: boolean; align?: 'left' | 'center' } = {}) {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    children: (lines.length ? lines : ['']).map(
      (text) =>
        new Paragraph({
          alignment: options.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [new TextRun({ text, font: options.header ? HEITI : SONG, size: TABLE_SIZE })],
        }),
    ),
  });
}

const HEADERS = ['序号', '存在问题', '整改措施', '牵头领导', '责任人', '整改时限'];

function areaTable(problems: PlanDetail['content']['areas'][number]['problems']) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [600, 2600, 3400, 900, 900, 1100],
    rows: [
      new TableRow({ tableHeader: true, children: HEADERS.map((h) => linesCell([h], { header: true })) }),
      ...problems.map(
        (p, i) =>
          new TableRow({
            cantSplit: true,
            children: [
              linesCell([String(i + 1)]),
              linesCell([`${p.code}${p.checkItem ? `（${p.checkItem}）` : ''}`, p.description], { align: 'left' }),
              linesCell(
                p.measures.length
                  ? p.measures.map(
                      (m, j) =>
                        `${j + 1}. ${m.description}` +
                        (m.ownerName || m.dueOn
                          ? `（${[m.ownerName ? `责任人：${m.ownerName}` : '', m.dueOn ? `完成时限：${m.dueOn}` : ''].filter(Boolean).join('，')}）`
                          : '') +
                        (m.alsoFor.length ? `〔同时用于${m.alsoFor.join('、')}〕` : ''),
                    )
                  : ['（待制定）'],
                { align: 'left' },
              ),
              linesCell([p.leadOfficial ?? '']),
              linesCell([p.ownerName ?? p.responsibleUnit ?? '']),
              linesCell([p.dueOn ? chineseDate(p.dueOn) : '']),
            ],
          }),
      ),
    ],
  });
}

export async function buildPlanDocx(p: PlanDetail): Promise<Buffer> {
  const draft = p.status === 'draft';
  const c = p.content;
  const body: (Paragraph | Table)[] = [];

  body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 120, line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: p.title, font: XIAOBIAOSONG, size: 44, bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 360 },
      children: [new TextRun({ text: `（一村一策·第${p.versionNo}版）`, font: FANGSONG, size: BODY_SIZE })],
    }),
  );
  if (draft)
    body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: '【草稿 未审定】', font: HEITI, size: BODY_SIZE, color: RED })],
      }),
    );
  else if (p.status === 'superseded')
    body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: '【此版本已被新版本替代】', font: HEITI, size: BODY_SIZE, color: RED })],
      }),
    );

  for (const line of p.preamble.split(/\n+/).filter((l) => l.trim())) body.push(bodyParagraph(line.trim()));

  body.push(heading(`一、问题清单及整改措施（共${c.totals.problems}个问题、${c.totals.measures}项措施）`));
  c.areas.forEach((area, i) => {
    body.push(
      new Paragraph({
        spacing: LINE,
        indent: { firstLine: 640 },
        children: [
          new TextRun({
            text: `（${ordinal(i)}）${area.name}（${area.problems.length}个问题）`,
            font: FANGSONG,
            size: BODY_SIZE,
            bold: true,
          }),
        ],
      }),
      areaTable(area.problems),
      new Paragraph({ spacing: { after: 120 }, children: [] }),
    );
  });
  if (c.areas.length === 0) body.push(bodyParagraph('经村“两委”会核实，本村无需要整改的问题。'));

  body.push(heading('二、保障措施'));
  for (const line of p.closing.split(/\n+/).filter((l) => l.trim())) body.push(bodyParagraph(line.trim()));

  // 落款: the village and the liaison group, and the approval date (or the day the ledger was read, for a draft).
  const signers = [`${p.organizationName}党支部`, p.liaisonGroupName].filter((s): s is string => Boolean(s));
  body.push(new Paragraph({ spacing: LINE, children: [] }), new Paragraph({ spacing: LINE, children: [] }));
  for (const s of [...signers, chineseDate(p.approvedAt ? shanghaiDate(new Date(p.approvedAt)) : c.asAt)])
    body.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: LINE,
        indent: { right: 640 },
        children: [new TextRun({ text: s, font: FANGSONG, size: BODY_SIZE })],
      }),
    );

  const doc = new Document({
    creator: p.liaisonGroupName ?? p.organizationName,
    title: p.title,
    description: `一村一策 第${p.versionNo}版`,
    styles: { default: { document: { run: { font: FANGSONG, size: BODY_SIZE } } } },
    sections: [{ ...officialPage(draft), children: body }],
  });
  return Packer.toBuffer(doc);
}
