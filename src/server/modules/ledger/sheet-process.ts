import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ErrorCode } from '../../../domain/contracts/common.ts';
import { AppError } from '../../http/errors.ts';
import { NOT_XLSX, type XlsxLimits } from './ledger-xlsx-guard.ts';

/**
 * Reads uploaded workbooks (the ledger, the member register) in a child process of their own, so that a large or
 * hostile file costs that process and never the server: it has a bounded heap (--max-old-space-size) and is killed
 * when it takes too long. Worker threads were used before: a worker that reached its heap limit could abort the
 * whole server (Node's "FATAL ERROR: Reached heap limit" is not always turned into the worker's own
 * ERR_WORKER_OUT_OF_MEMORY), and a 135 KB workbook of long shared strings did exactly that. A process that dies
 * here answers a refusal; the server goes on.
 */

export type SheetReply<T> =
  { ok: true; sheet: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } | null; cause?: string };

export interface SheetJob {
  bytes: Uint8Array;
  limits: XlsxLimits;
}

/** Messages carry Buffers and plain objects both ways (the structured clone, as a worker's did). */
function start(entry: URL, heapMb: number): ChildProcess {
  const child = fork(fileURLToPath(entry), [], {
    execArgv: [`--max-old-space-size=${heapMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // An error while nobody listens (the process gone before its job was sent) must not become the server's.
  child.on('error', () => {});
  return child;
}

function hold(child: ChildProcess, held: boolean): void {
  const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
  if (held) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}

/**
 * Runs sheet readers in child processes. `keepIdle`: a process that read its file is kept for the next
 * import (starting one, tsx and ExcelJS, takes a second or more); at most one waits, and it keeps nothing alive.
 */
export class SheetReaders<T> {
  #idle: { child: ChildProcess; limits: XlsxLimits } | null = null;

  constructor(
    private readonly entry: URL,
    private readonly what: string,
    private readonly keepIdle: boolean,
  ) {}

  /** Throws what the reader throws, and PAYLOAD_TOO_LARGE when its process runs out of heap or of time. */
  async read(bytes: Buffer, limits: XlsxLimits): Promise<T> {
    const tooComplex = (why: string) =>
      new AppError('PAYLOAD_TOO_LARGE', `表格过大或过于复杂，${why}，无法导入；请把${this.what}拆分成几个文件分批导入`);
    let child: ChildProcess;
    if (this.#idle && this.#idle.limits === limits && this.#idle.child.connected) {
      child = this.#idle.child;
      this.#idle = null;
    } else {
      child = start(this.entry, limits.workerHeapMb);
    }
    hold(child, true);
    let reusable = false;
    try {
      const reply = await new Promise<SheetReply<T>>((resolve, reject) => {
        const timer = setTimeout(() => {
          done();
          reject(tooComplex(`${limits.parseSeconds} 秒内未能读完`));
        }, limits.parseSeconds * 1000);
        const onMessage = (m: SheetReply<T>) => {
          done();
          resolve(m);
        };
        // Out of heap, V8 aborts the process (SIGABRT, or 134 through a shell); any other end while reading is
        // the file's doing too: the server stays up either way.
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          done();
          reject(
            signal === 'SIGABRT' || code === 134
              ? tooComplex(`读取所需内存超过上限 ${limits.workerHeapMb} MB`)
              : tooComplex(`读取时进程意外结束（${signal ?? `exit ${code}`}）`),
          );
        };
        const done = () => {
          clearTimeout(timer);
          child.off('message', onMessage).off('exit', onExit);
        };
        child.on('message', onMessage).on('exit', onExit);
        child.send({ bytes, limits } satisfies SheetJob, (err) => {
          if (err) onExit(child.exitCode, child.signalCode);
        });
      });
      // A file read leaves the process as good as new. One refused is retired all the same: a bomb may have grown
      // its heap to the limit, which a process kept idle would hold until the server restarts.
      reusable = reply.ok;
      if (reply.ok) return reply.sheet;
      if (reply.error) throw new AppError(reply.error.code, reply.error.message, reply.error.details);
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `无法读取该文件（文件损坏，或不是 Excel 工作簿）。${NOT_XLSX}`);
    } finally {
      if (reusable && this.keepIdle && !this.#idle && child.connected) {
        hold(child, false);
        this.#idle = { child, limits };
      } else {
        child.kill('SIGKILL');
      }
    }
  }
}

/**
 * The child's side: reads each job with `read` and answers it; ends with its parent (the IPC channel closing), so
 * that a server killed outright leaves no reader behind.
 */
export function serveSheetJobs<T>(read: (bytes: Buffer, limits: XlsxLimits) => Promise<T>): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (job: SheetJob) => {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    read(bytes, job.limits).then(
      (sheet) => process.send!({ ok: true, sheet } satisfies SheetReply<T>),
      (err: unknown) => {
        const reply: SheetReply<T> =
          err instanceof AppError
            ? { ok: false, error: { code: err.code, message: err.message, details: err.details } }
            : { ok: false, error: null, cause: String(err) };
        process.send!(reply);
      },
    );
  });
}
