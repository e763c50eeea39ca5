import { LEDGER_IMPORT_LIMITS } from '../../../domain/ledger-sheet.ts';
import { AppError } from '../../http/errors.ts';
import type { ParsedSheet } from './ledger-sheet.ts';
import type { XlsxLimits } from './ledger-xlsx-guard.ts';
import { SheetReaders } from './sheet-process.ts';

/**
 * Parses uploaded ledgers in a child process (sheet-process.ts), so that a large or hostile file costs that
 * process and never the server: a bounded heap, a time limit, and a process that died answers a refusal. The
 * process that read or refused its file is kept for the next import, since starting one (tsx, ExcelJS) takes a
 * second or more; at most one waits, and it does not keep the server alive.
 */
const readers = new SheetReaders<ParsedSheet>(new URL('./ledger-import.worker.mjs', import.meta.url), '台账', true);

/**
 * Parses an uploaded ledger off the server's process. Throws what readLedgerXlsx throws, and PAYLOAD_TOO_LARGE
 * when the reader runs out of its heap or out of time.
 */
export function parseLedgerInWorker(bytes: Buffer, limits: XlsxLimits = LEDGER_IMPORT_LIMITS): Promise<ParsedSheet> {
  return readers.read(bytes, limits);
}

const importing = new Set<string>();

/**
 * Reserves this process's import slot for a user: one import at a time per
 * user, and LEDGER_IMPORT_LIMITS.concurrentImports in all. Returns the
 * release (call it in finally). Throws RATE_LIMITED.
 */
export function takeImportSlot(userId: string, limit: number = LEDGER_IMPORT_LIMITS.concurrentImports): () => void {
  if (importing.has(userId)) {
    throw new AppError('RATE_LIMITED', '您的上一个台账导入还在进行中，请等它完成后再上传下一个文件（one import at a time per user）');
  }
  if (importing.size >= limit) {
    throw new AppError('RATE_LIMITED', `服务器正在处理 ${importing.size} 个台账导入，请稍后再试（too many imports at once）`);
  }
  importing.add(userId);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    importing.delete(userId);
  };
}
