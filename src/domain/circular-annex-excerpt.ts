import { type CircularAnnex, type PraiseWarning, praiseFacts } from './circular-text.ts';

/**
 * A circular's annex tables as the editor, the print view and the Word file show them.
 *
 * A district's annex is a few pages: every row is shown. A province's is not (20,000 villages ranked, 20,000
 * RAG rows, 70,000 overdue problems: 16 MB of JSON, an 800-page Word file that did not fit in the server's
 * heap). So a table longer than ANNEX_TABLE_ROWS is cut to that many rows, with a line saying how many rows
 * were left out, and the whole tables go out as an Excel workbook (GET /api/circulars/:id/annex.xlsx).
 *
 * The rankings keep both ends (the best are praised, the last are named and may be interviewed) and leave
 * out the middle; the other tables are sorted worst first (overdue longest first) and keep their head.
 */
export const ANNEX_TABLE_ROWS = 500;

export const ANNEX_TABLE_KEYS = ['rankingVillages', 'rankingSubdistricts', 'rag', 'overdue', 'overdueTasks'] as const;
export type AnnexTableKey = (typeof ANNEX_TABLE_KEYS)[number];

/** A table shown in part: `omitted` rows of `total` were left out between shown rows `at - 1` and `at`. */
export interface AnnexCut {
  table: AnnexTableKey;
  total: number;
  /** Index in the shown rows before which the omitted rows sat (= the shown row count when they sat at the end). */
  at: number;
  omitted: number;
}

function cut<T>(rows: readonly T[], table: AnnexTableKey, max: number, keepTail: boolean, cuts: AnnexCut[]): T[] {
  if (rows.length <= max) return rows as T[];
  const head = keepTail ? Math.ceil(max / 2) : max;
  const tail = keepTail ? max - head : 0;
  cuts.push({ table, total: rows.length, at: head, omitted: rows.length - head - tail });
  return tail > 0 ? [...rows.slice(0, head), ...rows.slice(rows.length - tail)] : rows.slice(0, head);
}

/** The annex with each table cut to at most `max` rows (see above), and where each cut table was cut. */
export function excerptAnnex(annex: CircularAnnex, max = ANNEX_TABLE_ROWS): { annex: CircularAnnex; cuts: AnnexCut[] } {
  const cuts: AnnexCut[] = [];
  const villages = cut(annex.ranking.villages, 'rankingVillages', max, true, cuts);
  const subdistricts = cut(annex.ranking.subdistricts, 'rankingSubdistricts', max, true, cuts);
  const rag = cut(annex.rag, 'rag', max, false, cuts);
  const overdue = cut(annex.overdue, 'overdue', max, false, cuts);
  const overdueTasks = annex.overdueTasks && cut(annex.overdueTasks, 'overdueTasks', max, false, cuts);
  if (cuts.length === 0) return { annex, cuts };
  return {
    annex: { ...annex, ranking: { villages, subdistricts }, rag, overdue, ...(overdueTasks && { overdueTasks }) },
    cuts,
  };
}

/**
 * What the detail, the Word file and the public page show of an annex, stored beside it (circulars.annex_view) and
 * written with it: a province's view is about 1 MB (most of it the names of its 20,000 units barred from praise)
 * where its annex is 16 MB. The praise warnings of the text as edited come from `praiseFacts` (circular-text.ts
 * praiseWarningsFrom), as praiseWarnings gives them from the whole annex.
 */
export interface CircularAnnexView {
  /** The length the tables were cut to (ANNEX_TABLE_ROWS when written): a view cut to another length is not used. */
  rows: number;
  annex: CircularAnnex;
  cuts: AnnexCut[];
  praiseFacts: PraiseWarning[];
}

/** The view of an annex (see above). */
export function annexView(annex: CircularAnnex): CircularAnnexView {
  const shown = excerptAnnex(annex);
  return { rows: ANNEX_TABLE_ROWS, annex: shown.annex, cuts: shown.cuts, praiseFacts: praiseFacts(annex) };
}

/** A stored view (JSON), or null when it was cut to another length than tables are cut to now. */
export function parseAnnexView(json: string): CircularAnnexView | null {
  const view = JSON.parse(json) as CircularAnnexView;
  return view.rows === ANNEX_TABLE_ROWS ? view : null;
}

/** The line standing for a cut's omitted rows, in the circular's register (the Word file and the print view). */
export function annexCutText(c: Pick<AnnexCut, 'total' | 'omitted' | 'at'>, shown: number): string {
  const where = c.at >= shown ? '以下' : '中间';
  return `……${where}${c.omitted.toLocaleString('zh-CN')}行从略（本表共${c.total.toLocaleString('zh-CN')}行，完整附表见随文Excel文件）`;
}
