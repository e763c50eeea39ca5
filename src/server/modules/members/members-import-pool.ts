import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../domain/contracts/common.ts';
import { AppError } from '../../http/errors.ts';
import { NOT_XLSX, type XlsxLimits } from '../ledger/ledger-xlsx-guard.ts';
import { type MemberSheet, MEMBER_IMPORT_LIMITS } from './members-sheet.ts';

/**
 * Reads uploaded member registers in a worker thread, as the ledger import does (ledger-import-pool.ts): the
 * worker has a bounded heap and is stopped when it takes too long, so a large or hostile file costs one worker
 * and never the server's event loop. Imports are rare, so each starts its own worker and ends it.
 */
export type MemberWorkerReply =
  { ok: true; sheet: MemberSheet } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } | null; cause?: string };

const WORKER_ENTRY = new URL('./members-import.worker.mjs', import.meta.url);

const tooComplex = (why: string) =>
  new AppError('PAYLOAD_TOO_LARGE', `表格过大或过于复杂，${why}，无法导入；请把名册拆分成几个文件分批导入`);

/** Parses an uploaded register off the event loop. Throws what readMembersXlsx throws, and PAYLOAD_TOO_LARGE (heap or time). */
export async function parseMembersInWorker(bytes: Buffer, limits: XlsxLimits = MEMBER_IMPORT_LIMITS): Promise<MemberSheet> {
  const worker = new Worker(WORKER_ENTRY, { resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb } });
  // An error while nobody listens must not become the server's uncaught error.
  worker.on('error', () => {});
  try {
    const reply = await new Promise<MemberWorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(tooComplex(`${limits.parseSeconds} 秒内未能读完`));
      }, limits.parseSeconds * 1000);
      const onMessage = (m: MemberWorkerReply) => {
        done();
        resolve(m);
      };
      const onError = (err: Error & { code?: string }) => {
        done();
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(`读取所需内存超过上限 ${limits.workerHeapMb} MB`) : err);
      };
      const onExit = (code: number) => {
        done();
        reject(new Error(`the member import worker exited with code ${code}`));
      };
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ bytes, limits });
    });
    if (reply.ok) return reply.sheet;
    if (reply.error) throw new AppError(reply.error.code, reply.error.message, reply.error.details);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `无法读取该文件（文件损坏，或不是 Excel 工作簿）。${NOT_XLSX}`);
  } finally {
    void worker.terminate();
  }
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
