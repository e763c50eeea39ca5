import { parentPort } from 'node:worker_threads';
import { AppError } from '../../http/errors.ts';
import { readLedgerXlsx } from './ledger-sheet.ts';
import type { XlsxLimits } from './ledger-xlsx-guard.ts';
import type { WorkerReply } from './ledger-import-pool.ts';

/**
 * A worker thread that reads uploaded ledgers, one at a time, off the
 * server's event loop (ledger-import-pool.ts starts it and posts the files).
 */
const port = parentPort!;

port.on('message', (job: { bytes: Uint8Array; limits: XlsxLimits }) => {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  readLedgerXlsx(bytes, job.limits).then(
    (sheet) => port.postMessage({ ok: true, sheet } satisfies WorkerReply),
    (err: unknown) => {
      const reply: WorkerReply =
        err instanceof AppError
          ? { ok: false, error: { code: err.code, message: err.message, details: err.details } }
          : { ok: false, error: null, cause: String(err) };
      port.postMessage(reply);
    },
  );
});
