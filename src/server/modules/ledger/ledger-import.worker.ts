import { readLedgerXlsx } from './ledger-sheet.ts';
import { serveSheetJobs } from './sheet-process.ts';

/**
 * A child process that reads uploaded ledgers, one at a time, off the server (ledger-import-pool.ts starts it and
 * sends the files).
 */
serveSheetJobs(readLedgerXlsx);
