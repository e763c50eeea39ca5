import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../domain/contracts/common.ts';
import { LEDGER_IMPORT_LIMITS } from '../../../domain/ledger-sheet.ts';
import { AppError } from '../../http/errors.ts';
import type { ParsedSheet } from './ledger-sheet.ts';
import { NOT_XLSX, type XlsxLimits } from './ledger-xlsx-guard.ts';

/**
 * Runs the parsing of uploaded ledgers in worker threads, so that a large or
 * hostile file costs one worker and never the server's event loop: each
 * worker has a bounded heap (resourceLimits) and is stopped when it takes
 * too long (a worker that ran out of either is discarded). A worker that
 * read or refused its file is kept for the next import, since starting one
 * (tsx, ExcelJS) takes a second or more; at most one waits, and it does not
 * keep the process alive.
 */

export type WorkerReply =
  { ok: true; sheet: ParsedSheet } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } | null; cause?: string };

const WORKER_ENTRY = new URL('./ledger-import.worker.mjs', import.meta.url);

let idle: { worker: Worker; limits: XlsxLimits } | null = null;

function startWorker(limits: XlsxLimits): Worker {
  const worker = new Worker(WORKER_ENTRY, { resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb } });
  // An error while no import listens (a stream failing after its answer) must not become the server's uncaught error.
  worker.on('error', () => {});
  worker.once('exit', () => {
    if (idle?.worker === worker) idle = null;
  });
  return worker;
}

const tooComplex = (why: string) =>
  new AppError('PAYLOAD_TOO_LARGE', `表格过大或过于复杂，${why}，无法导入；请把台账拆分成几个文件分批导入`);

/**
 * Parses an uploaded ledger in a worker thread. Throws what readLedgerXlsx
 * throws, and PAYLOAD_TOO_LARGE when the worker runs out of its heap or out
 * of time.
 */
export async function parseLedgerInWorker(bytes: Buffer, limits: XlsxLimits = LEDGER_IMPORT_LIMITS): Promise<ParsedSheet> {
  let worker: Worker;
  if (idle && idle.limits === limits) {
    worker = idle.worker;
    idle = null;
  } else {
    worker = startWorker(limits);
  }
  worker.ref();
  let reusable = false;
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(tooComplex(`${limits.parseSeconds} 秒内未能读完`));
      }, limits.parseSeconds * 1000);
      const onMessage = (m: WorkerReply) => {
        done();
        resolve(m);
      };
      const onError = (err: Error & { code?: string }) => {
        done();
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(`读取所需内存超过上限 ${limits.workerHeapMb} MB`) : err);
      };
      const onExit = (code: number) => {
        done();
        reject(new Error(`the ledger import worker exited with code ${code}`));
      };
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ bytes, limits });
    });
    // A file read or refused as planned leaves the worker as good as new; anything else retires it.
    reusable = reply.ok || reply.error !== null;
    if (reply.ok) return reply.sheet;
    if (reply.error) throw new AppError(reply.error.code, reply.error.message, reply.error.details);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `无法读取该文件（文件损坏，或不是 Excel 工作簿）。${NOT_XLSX}`);
  } finally {
    if (reusable && !idle) {
      worker.unref();
      idle = { worker, limits };
    } else {
      void worker.terminate();
    }
  }
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
