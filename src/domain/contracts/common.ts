import { z } from 'zod';

/** The one error shape every failing API call answers with. */
export const ErrorBodySchema = z.object({
  error: z.object({
    /** Machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, CONFLICT. */
    code: z.string(),
    /** A sentence for people: what was wrong and what would be right. */
    message: z.string(),
    /** Extra facts, e.g. the failing field paths of a validation error. */
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The error answers most authenticated routes document: bad input, sign-in, scope, conflict, transition. */
export const STANDARD_ERROR_RESPONSES = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  422: ErrorBodySchema,
} as const;

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'CSRF_REJECTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const IdSchema = z.string().uuid('不是有效的编号 (expected a UUID)');

/** True when the text has no control characters (NUL, line breaks, tabs…). */
export function isSingleLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}
/**
 * For names and search text. Control characters have no place there, and
 * PostgreSQL cannot store NUL at all (it would answer 500 instead of 400).
 */
export const SINGLE_LINE_MESSAGE = '不能包含换行、制表符等控制字符 (control characters are not allowed)';

export const IdParamsSchema = z.object({ id: IdSchema });

/** Optimistic-concurrency token carried by every editable entity. */
export const VersionSchema = z.number().int().min(1);

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** Query-string booleans: "1"/"true" are true, "0"/"false" false. */
export const QueryBoolSchema = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** Problems by status (问题总数 and the five lifecycle statuses): the head of every figures DTO. */
export const StatusCountsSchema = z.object({
  total: z.number().int(),
  /** 待整改 */
  open: z.number().int(),
  /** 整改中 */
  rectifying: z.number().int(),
  /** 待验收 */
  submitted: z.number().int(),
  /** 已验收 */
  accepted: z.number().int(),
  /** 已销号 */
  closed: z.number().int(),
});
