import { AppError } from '../../http/errors.ts';
import type { XlsxLimits } from '../ledger/ledger-xlsx-guard.ts';
import { SheetReaders } from '../ledger/sheet-process.ts';
import { type MemberSheet, MEMBER_IMPORT_LIMITS } from './members-sheet.ts';

/**
 * Reads uploaded member registers in a child process, as the ledger import does (ledger/sheet-process.ts): a
 * bounded heap and a time limit, so a large or hostile file costs that process and never the server. Imports are
 * rare, so each starts its own process and ends it.
 */
const readers = new SheetReaders<MemberSheet>(new URL('./members-import.worker.mjs', import.meta.url), '名册', false);

/** Parses an uploaded register off the server. Throws what readMembersXlsx throws, and PAYLOAD_TOO_LARGE (heap or time). */
export function parseMembersInWorker(bytes: Buffer, limits: XlsxLimits = MEMBER_IMPORT_LIMITS): Promise<MemberSheet> {
  return readers.read(bytes, limits);
}

const importing = new Set<string>();

/** One member import at a time per user, and at most three in the process. Returns the release. Throws RATE_LIMITED. */
export function takeMemberImportSlot(userId: string, limit = 3): () => void {
  if (importing.has(userId)) throw new AppError('RATE_LIMITED', '您的上一个名册导入还在进行中，请等它完成后再上传下一个文件');
  if (importing.size >= limit) throw new AppError('RATE_LIMITED', `服务器正在处理 ${importing.size} 个名册导入，请稍后再试`);
  importing.add(userId);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    importing.delete(userId);
  };
}
