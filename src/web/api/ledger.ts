import type { LedgerImportResult } from '../../domain/contracts/ledger.ts';
import { withQuery, type QueryValue } from './client.ts';
import { uploadMultipart } from './evidence.ts';

/** The Excel ledger for the same filters as the list (a plain link downloads it). */
export function ledgerExportUrl(filters: Record<string, QueryValue>): string {
  return withQuery('/api/ledger/export.xlsx', filters);
}

export function importLedger(file: File, dryRun: boolean, onProgress?: (percent: number) => void): Promise<LedgerImportResult> {
  return uploadMultipart<LedgerImportResult>(withQuery('/api/ledger/import', { dryRun }), {}, file, onProgress);
}
