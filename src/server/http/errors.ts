import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../domain/contracts/common.ts';
import { shanghaiDate } from '../../domain/time.ts';
import { isForeignKeyViolation, isTransactionConflict, isUniqueViolation } from '../db/db-errors.ts';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_TRANSITION: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
};

/** The one error services throw; the handler below turns it into the error body. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * Refuses (400 on its field) a day after today, Shanghai's: what is recorded once it happened (a problem found, a
 * visit, money moved). `message` says which day, in the one error shape's words.
 */
export function refuseAfterToday(now: Date, day: string | undefined, path: string, message: string): void {
  if (day !== undefined && day > shanghaiDate(now))
    throw new AppError('VALIDATION_FAILED', message, { fields: [{ in: 'body', path, message: 'after today' }] });
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或您无权查看`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('FORBIDDEN', message);
export const conflict = (what: string) =>
  new AppError('CONFLICT', `${what}已被他人修改，请刷新后重试 (it was changed by someone else; reload and try again)`);

/** The details of every refusal because an organization is archived: a client tells it from a stale version's 409. */
export const ARCHIVED_DETAILS = { reason: 'archived' } as const;

/**
 * An archived (撤销) organization's records are kept as they were: read, never written again (409). `records` names
 * what of it was asked for (其周报、其排查记录…); without it, its records at large.
 */
export const archivedReadOnly = (name: string, records?: string) =>
  new AppError(
    'CONFLICT',
    `“${name}”已撤销（归档），${records ? `其${records}只读` : '不能再修改其记录'} (the organization is archived: its records are read only)`,
    ARCHIVED_DETAILS,
  );

/**
 * Nothing new is written into an archived organization (a problem, a child, a role, a liaison group's village): 409
 * like every other refusal for its archived state (its records, archivedReadOnly), with `details.reason` "archived".
 * `refused` says what was refused (登记问题、授予角色…); `extra` adds details (the form field it concerns).
 */
export const archivedOrganization = (name: string, refused: string, extra?: Record<string, unknown>) =>
  new AppError('CONFLICT', `“${name}”已归档，不能${refused} (the organization is archived)`, { ...ARCHIVED_DETAILS, ...extra });

const CONTEXT_LABEL: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Maps Fastify's own client errors (bad JSON, too large, wrong content type…) to our codes. */
function codeForClientError(err: FastifyError): { code: ErrorCode; message: string } {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      // Also valid JSON with a __proto__ or constructor.prototype key (Fastify's guard against prototype poisoning
      // answers the same error, without saying which).
      return {
        code: 'VALIDATION_FAILED',
        message: '请求内容不是有效的 JSON，或含有不允许的 __proto__ 键 (the request body is not valid JSON, or holds a forbidden key)',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大 (the request body is too large)' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          '不支持的请求内容类型：数据请用 application/json，上传文件请用 multipart/form-data (use application/json, or multipart/form-data for a file)',
      };
    default:
      if (err.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大 (the request is too large)' };
      if (err.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求内容类型' };
      if (err.statusCode === 404) return { code: 'NOT_FOUND', message: '请求的地址不存在' };
      // e.g. the static file handler refusing a path that climbs out of the web folder.
      if (err.statusCode === 403) return { code: 'FORBIDDEN', message: '不允许访问此地址 (this path is not allowed)' };
      return { code: 'VALIDATION_FAILED', message: `请求无效：${err.message}` };
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(answerError);
}

/** Whether Fastify refused the request's params, query or body against the route's zod schema. */
export function isSchemaValidationError(err: unknown): boolean {
  return hasZodFastifySchemaValidationErrors(err);
}

/** The one error shape for anything thrown while a request is handled (a route's own handler may fall back here). */
export function answerError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    return reply.status(err.status).send(body(err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => ({
      in: CONTEXT_LABEL[String(err.validationContext ?? 'body')] ?? String(err.validationContext),
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)',
      message: v.message ?? 'invalid',
    }));
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return reply.status(400).send(body('VALIDATION_FAILED', `输入有误 (invalid input) — ${summary}`, { fields }));
  }
  // A race the services did not foresee still ends as a conflict, not a 500.
  if (isUniqueViolation(err)) {
    return reply.status(409).send(body('CONFLICT', '数据已被他人修改或已存在，请刷新后重试 (conflicting change; reload and try again)'));
  }
  // An id the services did not check (or a record removed meanwhile) that the database refuses to point at.
  if (isForeignKeyViolation(err)) {
    return reply
      .status(409)
      .send(
        body(
          'CONFLICT',
          '所引用的记录不存在或刚被删除，请刷新后重试 (a referenced record does not exist or was just removed; reload and try again)',
        ),
      );
  }
  if (isTransactionConflict(err)) {
    return reply
      .status(409)
      .send(
        body('CONFLICT', '与他人的修改同时发生，本次未保存，请重试 (a concurrent change got in the way; nothing was saved, try again)'),
      );
  }
  if (!isResponseSerializationError(err) && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const mapped = codeForClientError(err);
    return reply.status(err.statusCode === 413 ? 413 : STATUS[mapped.code]).send(body(mapped.code, mapped.message));
  }
  // An upload whose multipart body the parser cannot read (no boundary, cut short): the client's, not ours.
  if (isMalformedMultipart(err, request)) {
    return reply
      .status(400)
      .send(
        body(
          'VALIDATION_FAILED',
          '上传的内容不完整或格式有误，请重新选择文件上传 (the upload was cut short or is not valid multipart/form-data; try again)',
        ),
      );
  }
  request.log.error({ err, requestId: request.id }, 'unhandled error');
  return reply
    .status(500)
    .send(body('INTERNAL', `服务器内部错误，请稍后重试；如持续出现请联系管理员并提供请求编号 ${request.id}`, { requestId: request.id }));
}

/**
 * The multipart parser's (@fastify/busboy) errors carry no status: a Content-Type without its boundary, and a body
 * that ends before its closing boundary (a dropped connection, a hand-made request).
 */
function isMalformedMultipart(err: Error, request: FastifyRequest): boolean {
  if ((err as { statusCode?: unknown }).statusCode !== undefined) return false;
  if (/^Multipart: Boundary not found$|unexpected end of multipart data$/i.test(err.message)) return true;
  // The file's stream, read to its end by a service, ends early with the body: a multipart request's own.
  return (
    (err as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE' && /^multipart\//i.test(String(request.headers['content-type'] ?? ''))
  );
}

/**
 * Errors Fastify raises before any route runs (a path parameter over the
 * router's length limit, a malformed URL): the same error shape as the rest.
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH' || err.code === 'FST_ERR_BAD_URL') {
    const why =
      err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '路径中的编号过长 (a path parameter is too long)' : '地址含有无效字符 (malformed URL)';
    void reply.status(400).send(body('VALIDATION_FAILED', `请求地址无效：${why}`));
    return;
  }
  void reply.status(500).send(body('INTERNAL', '服务器内部错误，请稍后重试'));
}

/** Node's HTTP parser refuses a request before Fastify sees it; the default size of the request line plus headers. */
const MAX_HEADER_KB = 16;

/**
 * Errors of the HTTP parser itself (a 20 k-character URL, headers over Node's
 * limit, garbage on the socket): answered in the same error shape, then the
 * connection is closed as Node would.
 */
export function answerClientError(this: { log: FastifyBaseLoggerLike }, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let payload = body('VALIDATION_FAILED', '请求格式无效 (malformed HTTP request)');
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    payload = body(
      'HEADERS_TOO_LARGE',
      `请求地址或请求头过长（合计不能超过 ${MAX_HEADER_KB} KB），请缩短筛选条件 (the URL and headers together exceed ${MAX_HEADER_KB} KB)`,
    );
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    payload = body('VALIDATION_FAILED', '请求超时 (the request took too long to arrive)');
  }
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    const json = JSON.stringify(payload);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(err);
}
type FastifyBaseLoggerLike = { debug: (obj: object, msg: string) => void };

export function notFoundBody(method: string, url: string): ErrorBody {
  return body('NOT_FOUND', `请求的地址不存在：${method} ${url.split('?')[0]}`);
}
