import { parentPort } from 'node:worker_threads';
import { AppError } from '../../http/errors.ts';
import type { XlsxLimits } from '../ledger/ledger-xlsx-guard.ts';
import type { MemberWorkerReply } from './members-import-pool.ts';
import { readMembersXlsx } from './members-sheet.ts';

/** A worker thread that reads one uploaded member register off the server's event loop (members-import-pool.ts). */
const port = parentPort!;

port.once('message', (job: { bytes: Uint8Array; limits: XlsxLimits }) => {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  readMembersXlsx(bytes, job.limits).then(
    (sheet) => port.postMessage({ ok: true, sheet } satisfies MemberWorkerReply),
    (err: unknown) => {
      const reply: MemberWorkerReply =
        err instanceof AppError
          ? { ok: false, error: { code: err.code, message: err.message, details: err.details } }
          : { ok: false, error: null, cause: String(err) };
      port.postMessage(reply);
    },
  );
});
