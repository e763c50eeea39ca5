import { describe, expect, it } from 'vitest';
import { ON_SQLITE } from '../../testing/on-sqlite.ts';
import { LEDGER_IMPORT_LIMITS } from '../../../domain/ledger-sheet.ts';
import { AppError } from '../../http/errors.ts';
import { longSharedStringsBomb, rowsBomb } from './ledger-bombs.test-support.ts';
import { parseLedgerInWorker, takeImportSlot } from './ledger-import-pool.ts';
import { oneRowLedger } from './ledger-sheets.test-support.ts';

async function refusal(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

// No database here: these run in the SQLite run only (ON_SQLITE).
describe.runIf(ON_SQLITE)('the import reader (a child process)', () => {
  it('reads a clean sheet off the server thread, and again with the worker it kept', async () => {
    for (let i = 0; i < 2; i++) {
      const sheet = await parseLedgerInWorker(await oneRowLedger());
      expect(sheet.rows.map((r) => [r.row, r.organization, r.description, r.dueOn])).toEqual([
        [3, '大闵村', '党员活动室制度未上墙', '2026-12-31'],
      ]);
    }
  }, 120_000);

  it('is stopped when it takes longer than allowed, and one that runs out of heap answers a refusal, not a crash', async () => {
    const slow = await refusal(parseLedgerInWorker(await rowsBomb(400_000), { ...LEDGER_IMPORT_LIMITS, parseSeconds: 0.05 }));
    expect(slow).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('0.05 秒内未能读完') });

    // A heap too small even to start in stands for a file that outgrows its heap (bench/import.bench.ts
    // measures real ones): the worker dies, the import is refused, the server goes on.
    const hungry = await refusal(parseLedgerInWorker(await oneRowLedger(), { ...LEDGER_IMPORT_LIMITS, workerHeapMb: 4 }));
    expect(hungry).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('内存超过上限 4 MB') });

    // The server goes on importing.
    expect((await parseLedgerInWorker(await oneRowLedger())).rows).toHaveLength(1);
  }, 300_000);

  it('refuses a small file of long texts by their size, and one that outgrows the reader’s heap; this process lives on', async () => {
    const bomb = await longSharedStringsBomb(1300);
    expect(bomb.length).toBeLessThan(200_000);
    const refused = await refusal(parseLedgerInWorker(bomb));
    expect(refused).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('文字解压后超过 32 MB') });
    // Past that limit, the heap's: in a worker thread this aborted the process running it (here the test's, in
    // production the server).
    // A 48 MB heap (the server's default is larger) fills sooner than 96 MB did: 7.6 s against 11.5 s here, most of
    // it the collector's last tries before it gives up.
    const unbounded = { ...LEDGER_IMPORT_LIMITS, sharedStringsBytes: LEDGER_IMPORT_LIMITS.unpackedBytes, workerHeapMb: 48 };
    const hungry = await refusal(parseLedgerInWorker(await longSharedStringsBomb(400), unbounded));
    expect(hungry).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('内存超过上限 48 MB') });
    expect((await parseLedgerInWorker(await oneRowLedger())).rows).toHaveLength(1);
  }, 300_000);
});

describe.runIf(ON_SQLITE)('import slots', () => {
  it('gives each user one import at a time and the process a few, until released', () => {
    const a = takeImportSlot('user-a', 2);
    const b = takeImportSlot('user-b', 2);
    expect(() => takeImportSlot('user-a', 2)).toThrow(/上一个台账导入还在进行中/);
    expect(() => takeImportSlot('user-c', 2)).toThrow(/服务器正在处理 2 个台账导入/);
    a();
    a();
    const c = takeImportSlot('user-c', 2);
    expect(() => takeImportSlot('user-a', 2)).toThrow(AppError);
    b();
    c();
    takeImportSlot('user-a', 2)();
  });
});
