import {
  CIRCULAR_ADDRESSEES,
  type CircularAnnex,
  type CircularSection,
  circularOpening,
  praiseWarningsFrom,
} from '../../../domain/circular-text.ts';
import type { CircularAnnexView } from '../../../domain/circular-annex-excerpt.ts';
import type { CircularAction, CircularDetail, CircularStatus, CircularSummary } from '../../../domain/contracts/circulars.ts';
import type { CircularWithNames } from './circulars.repository.ts';

export function parseSections(row: Pick<CircularWithNames, 'body'>): CircularSection[] {
  return JSON.parse(row.body) as CircularSection[];
}

export function parseAnnex(json: string): CircularAnnex {
  return JSON.parse(json) as CircularAnnex;
}

export function presentCircularSummary(row: CircularWithNames, allowedActions: CircularAction[]): CircularSummary {
  return {
    id: row.id,
    month: row.month,
    status: row.status as CircularStatus,
    title: row.title,
    issuingOffice: row.issuing_office,
    number: row.number,
    docDate: row.doc_date,
    publishedAt: row.published_at,
    publishedByName: row.published_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    allowedActions,
  };
}

/**
 * The detail of a circular whose annex shows as `view` (circular-annex-excerpt.ts annexView): its tables as shown
 * (cut to ANNEX_TABLE_ROWS, and where), and the praise warnings read from every row.
 */
export function presentCircularDetail(row: CircularWithNames, view: CircularAnnexView, allowedActions: CircularAction[]): CircularDetail {
  const sections = parseSections(row);
  return {
    ...presentCircularSummary(row, allowedActions),
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    createdByName: row.created_by_name,
    draftingOffice: row.drafting_office ?? null,
    opening: circularOpening(row.month),
    addressees: CIRCULAR_ADDRESSEES,
    sections,
    annex: view.annex,
    annexCuts: view.cuts,
    praiseWarnings: praiseWarningsFrom(sections, view.praiseFacts),
  };
}

/** What the audit log keeps of a circular's editable fields. */
export function circularSnapshot(
  row: Pick<CircularWithNames, 'month' | 'title' | 'issuing_office' | 'doc_date' | 'body'> & { drafting_office?: string | null },
) {
  return {
    month: row.month,
    title: row.title,
    issuingOffice: row.issuing_office,
    draftingOffice: row.drafting_office ?? null,
    docDate: row.doc_date,
    sections: Object.fromEntries(parseSections(row).map((s) => [s.key, s.text])),
  };
}
