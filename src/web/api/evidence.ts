import type { Evidence } from '../../domain/contracts/evidence.ts';
import { ApiError, browserOnline, timeoutMessage, unansweredMessage, uploadStalledMessage } from './client.ts';
import { uploadKey } from '../lib/idempotency-key.ts';

/** The file itself: inline for images (thumbnails, preview), `download` for a save dialog. */
export function evidenceUrl(id: string, download = false): string {
  return `/api/evidence/${encodeURIComponent(id)}${download ? '?download=1' : ''}`;
}

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/** An upload that makes no progress for this long (nothing sent, nothing received) is given up. */
export const UPLOAD_STALL_MS = 60_000;

/**
 * Once the whole file has been sent, how long the answer may take: the server is at work, not the link (a ledger
 * workbook may take up to 60 s to read, ledger-sheet.ts `parseSeconds`, then its rows are written). Under the
 * reverse proxy's 120 s (docs/OPERATIONS.md `proxy_read_timeout`), so that the reader gets this client's message
 * (the file may or may not have been kept) rather than the proxy's bare 504.
 */
export const UPLOAD_ANSWER_MS = 110_000;

/**
 * Sends a multipart form with XHR so the caller can show upload progress.
 * Fields go first and the file last, as the server reads them in order.
 * A slow upload may take minutes on a village connection, so there is no
 * limit on the whole; only a stall of {@link UPLOAD_STALL_MS} ends it.
 */
export function uploadMultipart<T>(
  url: string,
  fields: Record<string, string | undefined>,
  file: File,
  onProgress?: (percent: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(key, value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    const onlineAtStart = browserOnline();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    // The same photo sent again to the same place is one upload (a retry after a lost answer): the server keeps one.
    xhr.setRequestHeader('Idempotency-Key', uploadKey(url, fields, file));
    let stall: ReturnType<typeof setTimeout> | undefined;
    let sent = false;
    const watch = (ms = UPLOAD_STALL_MS) => {
      clearTimeout(stall);
      stall = setTimeout(() => {
        xhr.abort();
        // Once the file was all sent, it arrived: what is not known is whether the server kept it.
        reject(new ApiError(0, 'TIMEOUT', sent ? timeoutMessage(true) : uploadStalledMessage()));
      }, ms);
    };
    xhr.upload.onprogress = (e) => {
      watch();
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    // All sent: nothing moves on the link while the server reads the file; give it the server's time, not a stall's.
    xhr.upload.onload = () => {
      sent = true;
      watch(UPLOAD_ANSWER_MS);
    };
    xhr.onprogress = () => watch();
    xhr.onloadend = () => clearTimeout(stall);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', unansweredMessage(true, onlineAtStart)));
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload as T);
        return;
      }
      const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      if (error?.message) reject(new ApiError(xhr.status, error.code ?? 'HTTP_ERROR', error.message, error.details));
      else if (xhr.status === 413) reject(new ApiError(413, 'TOO_LARGE', '文件过大，单个文件不能超过 20 MB。'));
      else reject(new ApiError(xhr.status, 'HTTP_ERROR', `请求失败（${xhr.status}）。`));
    };
    xhr.send(form);
    watch();
  });
}

export function uploadEvidence(
  target: { problemId?: string; measureId?: string; note?: string },
  file: File,
  onProgress?: (percent: number) => void,
): Promise<Evidence> {
  return uploadMultipart<Evidence>('/api/evidence', target, file, onProgress);
}
