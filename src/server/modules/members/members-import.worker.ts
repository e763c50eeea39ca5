import { serveSheetJobs } from '../ledger/sheet-process.ts';
import { readMembersXlsx } from './members-sheet.ts';

/** A child process that reads one uploaded member register off the server (members-import-pool.ts). */
serveSheetJobs(readMembersXlsx);
