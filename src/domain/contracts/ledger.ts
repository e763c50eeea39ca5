import { z } from 'zod';
import { QueryBoolSchema } from './common.ts';
import { PROBLEM_SORTS, ProblemFilterSchema } from './problems.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Kept where zod is not: the web imports it, and zod in the web's bundle tries eval (a CSP violation).
export { LEDGER_EXPORT_MAX_ROWS } from '../ledger-sheet.ts';

/**
 * The export takes the ledger list's filters. Without `sort` the rows are
 * grouped by organization (then deadline), as a printed ledger is read;
 * with it they follow the list's order.
 */
export const LedgerExportQuerySchema = ProblemFilterSchema.extend({
  sort: z.enum(PROBLEM_SORTS).optional(),
});
export type LedgerExportQuery = z.infer<typeof LedgerExportQuerySchema>;

export const LedgerImportQuerySchema = z.object({
  /** 1 = check and preview only; nothing is written. */
  dryRun: QueryBoolSchema.optional(),
});

/** One thing wrong (or worth a look) in one cell of the uploaded sheet. */
export const LedgerIssueSchema = z.object({
  /** The Excel row number, as the spreadsheet program shows it. */
  row: z.number().int(),
  /** The column's header as written in the sheet. */
  column: z.string(),
  /** For people, in Chinese: what is wrong and what would be right. */
  message: z.string(),
});
export type LedgerIssue = z.infer<typeof LedgerIssueSchema>;

export const LEDGER_IMPORT_OUTCOMES = ['new', 'existing', 'error'] as const;

/** What the import does (or would do) with one problem of the sheet. */
export const LedgerImportItemSchema = z.object({
  row: z.number().int(),
  /** new: will be (or was) recorded; existing: its 问题编号 is already in the ledger, skipped; error: see `errors`. */
  outcome: z.enum(LEDGER_IMPORT_OUTCOMES),
  /** The 问题编号: of the existing problem, or of the one just created (null in a dry run). */
  code: z.string().nullable(),
  organizationName: z.string(),
  /** At most 100 characters of the description. */
  description: z.string(),
  dueOn: z.string().nullable(),
  measures: z.number().int(),
});
export type LedgerImportItem = z.infer<typeof LedgerImportItemSchema>;

export const LedgerImportResultSchema = z.object({
  dryRun: z.boolean(),
  fileName: z.string(),
  sheetName: z.string(),
  /** Excel row number of the header row. */
  headerRow: z.number().int(),
  /** Problems read from the sheet (empty rows are skipped). */
  rows: z.number().int(),
  /** Problems recorded (or, in a dry run, that would be). */
  newProblems: z.number().int(),
  /** Rows whose 问题编号 is already in the ledger: skipped, so an exported file re-imports without duplicates. */
  existing: z.number().int(),
  /** Rectification measures recorded with the new problems. */
  measures: z.number().int(),
  /** 整改进展 texts recorded as the new problems' first progress note. */
  progressNotes: z.number().int(),
  /** Every row-level error; a commit with any error writes nothing. */
  errors: z.array(LedgerIssueSchema),
  /** Worth a look but not blocking (a possible duplicate, a check item or unit not found). */
  warnings: z.array(LedgerIssueSchema),
  /** Recognised columns the import does not read (status, acceptance, closing, evidence, 序号). */
  ignoredColumns: z.array(z.string()),
  /** Headers not recognised at all; their cells are not read. */
  unknownColumns: z.array(z.string()),
  items: z.array(LedgerImportItemSchema),
});
export type LedgerImportResult = z.infer<typeof LedgerImportResultSchema>;
