/** The one way the web app talks to the server: same-origin JSON with the session cookie. */
import { messageLang } from '../i18n/stored-lang.ts';
import { stepKey } from '../lib/idempotency-key.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isConflict(): boolean {
    return this.code === 'CONFLICT' || this.status === 409;
  }

  /** A 409 because the organization is archived (撤销): its state, not someone's edit in between. */
  get isArchived(): boolean {
    return this.isConflict && (this.details as { reason?: unknown } | null | undefined)?.reason === 'archived';
  }

  /**
   * A 409 for a version someone else changed in between, the one to answer with "the latest is shown, try again"
   * (common.conflict); not an archived organization nor another group's village, whose message says all.
   */
  get isStale(): boolean {
    return this.isConflict && !this.isArchived && !(this.details as { conflicts?: unknown } | null | undefined)?.conflicts;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds `path?a=1&b=x`, skipping empty values; booleans become 1 (false is left out). */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, value === true ? '1' : String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** `minimal`: ask a write for its short answer (`Prefer: return=minimal`, RFC 7240), where the API offers one. */
  answer?: 'minimal';
  /**
   * A request the page makes on its own (a poll), not on the reader's action: the server does not count it as use,
   * so it does not keep an idle session alive (BACKGROUND_HEADER in src/server/http/auth.ts).
   */
  background?: boolean;
  /** How long to wait for the whole answer before giving up (default: {@link REQUEST_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Idempotency-Key: a retry with the first try's key is answered with the first answer (lib/idempotency-key.ts). */
  idempotencyKey?: string;
}

/**
 * How long a request may take, answer included, before the app stops waiting and says so. On a weak village
 * connection a request can otherwise hang for minutes with a spinning button and no word. A read is cheap to try
 * again; a write gets longer, since some (a circular, a week's freeze) do real work, and its timeout message says
 * that the save may or may not have reached the server.
 */
export const REQUEST_TIMEOUT_MS = { read: 30_000, write: 60_000 } as const;

/** The client's own messages, in the reader's language. */
const clientText = (zh: string, en: string): string => (messageLang() === 'en' ? en : zh);

export const networkMessage = (): string =>
  clientText('无法连接服务器，请检查网络后重试。', 'Cannot reach the server. Please check the network and try again.');

/**
 * A save whose answer never came: the connection broke after it left, so it may have been saved. Saying "try again"
 * made a village secretary save a measure twice, or be told someone else had changed what she had just saved. The
 * app reads the page again (query-client.ts) so that she sees what the server holds.
 */
export const writeNetworkMessage = (): string =>
  clientText(
    '网络中断，不确定是否已保存：请等页面刷新后看看，再决定是否重试。',
    'The connection broke: the change may or may not have been saved. Wait for the page to reload and check before trying again.',
  );

/** The browser said it was offline when the request was to leave: it never left. */
export const offlineMessage = (): string =>
  clientText('网络已断开，未能发送，请恢复网络后重试。', 'You are offline: nothing was sent. Try again once the connection is back.');

/** The message for a request that got no answer: a read, a save that never left, or a save that may have arrived. */
export function unansweredMessage(write: boolean, onlineAtStart: boolean): string {
  if (!onlineAtStart) return offlineMessage();
  return write ? writeNetworkMessage() : networkMessage();
}

/** What the browser says of its connection (a browser without the flag counts as online). */
export const browserOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false;

export const uploadStalledMessage = (): string =>
  clientText(
    '网络中断，上传已停止：文件可能没有传完。请刷新页面看看，再决定是否重新上传。',
    'The network stalled and the upload stopped: the file may not have arrived. Reload the page to check before uploading again.',
  );

export const timeoutMessage = (write: boolean): string =>
  write
    ? clientText(
        '网络太慢，等待服务器应答超时：不确定是否已保存。请刷新页面看看，再决定是否重试。',
        'The network is too slow and the server did not answer in time: the change may or may not have been saved. Reload the page to check before trying again.',
      )
    : clientText(
        '网络太慢，等待服务器应答超时，请稍后重试。',
        'The network is too slow: the server did not answer in time. Please try again.',
      );

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const write = method !== 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.answer === 'minimal') headers.Prefer = 'return=minimal';
  if (options.background) headers['X-Taizhang-Background'] = '1';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  // One signal for both the caller's cancel (a page left, a query superseded) and the timeout, so either stops the
  // download too. Built by hand: AbortSignal.any is missing from the older Android browsers villages still use.
  const timeoutMs = options.timeoutMs ?? (write ? REQUEST_TIMEOUT_MS.write : REQUEST_TIMEOUT_MS.read);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  else options.signal?.addEventListener('abort', forward, { once: true });

  const onlineAtStart = browserOnline();
  const failed = (err: unknown): never => {
    if (timedOut) throw new ApiError(0, 'TIMEOUT', timeoutMessage(write));
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, 'NETWORK', unansweredMessage(write, onlineAtStart));
  };

  let response: Response;
  let text: string;
  try {
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
      });
    } catch (err) {
      return failed(err);
    }
    if (response.status === 204) return undefined as T;
    try {
      text = await response.text();
    } catch (err) {
      return failed(err);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (!response.ok) throw toApiError(response.status, payload);
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  const fallback = status >= 500 ? `服务器出错了（${status}），请稍后再试。` : `请求失败（${status}）。`;
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', fallback);
}

/**
 * A version-guarded edit (its body carries the `version` it was made on) names itself entirely, as a problem's step
 * does (stepKey): tapped again after its answer was lost, it is the same request and gets the first answer, instead
 * of 409 "changed by someone else" when she changed it herself. An edit without a version sets what it says and may
 * simply run again.
 */
export function guardedEditKey(method: 'PUT' | 'PATCH', path: string, body: unknown): string | undefined {
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? stepKey(`${method} ${path}`, body) : undefined;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal }),
  post: <T>(path: string, body?: unknown, options: { idempotencyKey?: string } = {}) =>
    apiRequest<T>(path, { method: 'POST', body: body ?? {}, ...options }),
  /** A POST whose answer the caller only needs the short form of (the problem's version, status and buttons). */
  postMinimal: <T>(path: string, body?: unknown, options: { idempotencyKey?: string } = {}) =>
    apiRequest<T>(path, { method: 'POST', body: body ?? {}, answer: 'minimal', ...options }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body, idempotencyKey: guardedEditKey('PUT', path, body) }),
  patch: <T>(path: string, body: unknown) =>
    apiRequest<T>(path, { method: 'PATCH', body, idempotencyKey: guardedEditKey('PATCH', path, body) }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
