import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client.ts';
import { UPLOAD_ANSWER_MS, UPLOAD_STALL_MS, uploadMultipart } from './evidence.ts';

/**
 * The upload's watchdog, against an XMLHttpRequest whose events the test fires as a browser would: progress while
 * the file goes out, `upload.load` once it is all sent, then nothing while the server reads it, then the answer.
 */
class ScriptedXhr {
  static last: ScriptedXhr;
  upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void; onload?: () => void } = {};
  onprogress?: () => void;
  onload?: () => void;
  onloadend?: () => void;
  onerror?: () => void;
  status = 0;
  responseText = '';
  withCredentials = false;
  aborted = false;
  constructor() {
    ScriptedXhr.last = this;
  }
  open() {}
  setRequestHeader() {}
  send() {}
  abort() {
    this.aborted = true;
    this.onloadend?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
    this.onloadend?.();
  }
}

const file = new File([new Uint8Array(1024)], '台账.xlsx');

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('XMLHttpRequest', ScriptedXhr);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('an upload’s watchdog', () => {
  it('gives up on a link that stalls while the file goes out', async () => {
    const upload = uploadMultipart('/api/ledger/import', {}, file);
    const outcome = upload.then(
      () => 'answered',
      (e: unknown) => e,
    );
    ScriptedXhr.last.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 1024 });
    await vi.advanceTimersByTimeAsync(UPLOAD_STALL_MS + 1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('TIMEOUT');
    expect((error as ApiError).message).toContain('文件可能没有传完');
    expect(ScriptedXhr.last.aborted).toBe(true);
  });

  it('waits for the server once the file is all sent: a workbook read in 90 s is answered, not given up at 60 s', async () => {
    let settled = false;
    const upload = uploadMultipart<{ imported: number }>('/api/ledger/import', {}, file).finally(() => (settled = true));
    const xhr = ScriptedXhr.last;
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 1024, total: 1024 });
    xhr.upload.onload?.();
    await vi.advanceTimersByTimeAsync(90_000);
    // Before: the stall watchdog fired 60 s after the last byte went out, while the server was still reading.
    expect(settled).toBe(false);
    expect(xhr.aborted).toBe(false);
    xhr.answer(200, { imported: 242 });
    await expect(upload).resolves.toEqual({ imported: 242 });
  });

  it('gives up on an answer that never comes, saying the file may or may not have been kept', async () => {
    const upload = uploadMultipart('/api/ledger/import', {}, file);
    const outcome = upload.then(
      () => 'answered',
      (e: unknown) => e,
    );
    ScriptedXhr.last.upload.onload?.();
    await vi.advanceTimersByTimeAsync(UPLOAD_ANSWER_MS + 1);
    const error = (await outcome) as ApiError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('不确定是否已保存');
  });
});
