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
  'HEADERS_TOO_LARGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const IdSchema = z.string().uuid('不是有效的编号 (expected a UUID)');

const EARLIEST_INSTANT_MS = Date.parse('2000-01-01T00:00:00+08:00');
const LATEST_INSTANT_MS = Date.parse('3000-01-01T00:00:00+08:00');

/**
 * An instant a user types, with its zone (`example`: e.g. 2026-12-03T19:30:00+08:00), within the years 2000–2999
 * (Shanghai): before is a mistyped year (0001-01-01 was taken, and counted in every figure); 9999-12-31T23:00-12:00
 * is in the year 10000, whose ISO form (+010000-…) sorts and compares as text before every real date.
 */
export function instantSchema(example: string) {
  return z.iso
    .datetime({ offset: true, error: `时间应为带时区的 ISO 8601 格式，如 ${example}` })
    .refine((s) => !Number.isNaN(Date.parse(s)), { error: `不是有效的时间，如 ${example} (not a real time)`, abort: true })
    .refine((s) => {
      const ms = Date.parse(s);
      return ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS;
    }, '时间应在 2000 年至 2999 年之间 (an instant from 2000 to 2999)');
}

/** For a date that must lie in the program's years (isProgramDate). */
export const PROGRAM_DATE_MESSAGE = '日期应在 2000 年至 2999 年之间 (a date from 2000 to 2999)';

/** Any character that is not a format character (Cf: zero-width spaces, joiners, marks), a separator or a space. */
const VISIBLE = /[^\p{Cf}\p{Z}\s]/u;

/** Whether a text shows anything: empty, or some character that is not invisible (U+200B alone looked empty). */
export const hasVisible = (text: string): boolean => text === '' || VISIBLE.test(text);

/** A bidirectional override, embedding or isolate (U+202A–U+202E, U+2066–U+2069): shows the text reversed. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * True when the text has no control characters (NUL, line breaks, tabs…), no bidirectional override, embedding or
 * isolate (U+202A–U+202E, U+2066–U+2069: "\u202e村" showed a village's name reversed everywhere), and is not made
 * of invisible characters alone (a name of one U+200B looked empty). A zero-width space inside real text, as
 * pasted from a document, is kept.
 */
export function isSingleLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
  }
  return isXmlText(text) && (text === '' || VISIBLE.test(text));
}

/** No U+FFFE, U+FFFF or surrogate without its pair: what XML refuses, so an export quoting the text would not open. */
export function isXmlText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffe || c === 0xffff) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
/**
 * For names and search text. Control characters have no place there, and
 * PostgreSQL cannot store NUL at all (it would answer 500 instead of 400).
 */
export const SINGLE_LINE_MESSAGE =
  '不能包含换行、制表符、文字方向等控制字符，也不能只有不可见字符 (control characters and invisible-only text are not allowed)';

export const IdParamsSchema = z.object({ id: IdSchema });

/** Optimistic-concurrency token carried by every editable entity. */
/** The largest version a row holds (a 32-bit integer column on PostgreSQL): a larger one answered 500 there, not 409. */
export const MAX_VERSION = 2_147_483_647;
export const VersionSchema = z.number().int().min(1).max(MAX_VERSION, '版本号无效 (version out of range)');
/** A version read where 0 stands for "never saved yet" (settings, first proposals). */
export const VersionOrZeroSchema = z.number().int().min(0).max(MAX_VERSION, '版本号无效 (version out of range)');

/**
 * A whole number in a query string: decimal digits only. `Number()` would also
 * read "0x10" as 16, "1e9" as 10⁹ and "" as 0; none of those is what a person
 * or a client meant, so they are refused with the allowed range named.
 */
export function queryInt(min: number, max: number) {
  const range = `${min}–${max}`;
  return z
    .string()
    .regex(/^[0-9]{1,15}$/, `须为 ${range} 之间的十进制整数 (expected a whole decimal number, ${range})`)
    .transform(Number)
    .pipe(
      z.number().int().min(min, `须为 ${range} 之间的整数 (expected ${range})`).max(max, `须为 ${range} 之间的整数 (expected ${range})`),
    );
}

/** The highest page number any list accepts (200 × 100,000 rows is past any real ledger). */
export const MAX_PAGE = 100_000;
export const MAX_PAGE_SIZE = 200;

/** The one paging schema of every list: page 1–100,000, page size 1–200 (50 by default). */
export const PageQuerySchema = z.object({
  page: queryInt(1, MAX_PAGE).default(1),
  pageSize: queryInt(1, MAX_PAGE_SIZE).default(50),
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

/**
 * The keys of `template` (its nested objects' too, not arrays') that `value` leaves out, as dotted paths. A PUT of
 * settings replaces them whole, and a section or key left out took its default: `{ settings: {} }` reset a
 * campaign's start and deadline without a word.
 */
export function missingKeys(value: unknown, template: unknown, path = ''): string[] {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(template).flatMap(([key, t]) => {
    const at = path ? `${path}.${key}` : key;
    return key in value ? missingKeys((value as Record<string, unknown>)[key], t, at) : [at];
  });
}

/**
 * The preprocess of a settings PUT's body part: it refuses (400 VALIDATION_FAILED) settings that leave out any key of
 * `template` (the defaults, which hold every key), naming each missing dotted path, instead of quietly taking its
 * default. Settings as read (their GET gives them all) pass unchanged.
 */
export function requireEveryKey(template: object) {
  return (raw: unknown, ctx: z.core.$RefinementCtx): unknown => {
    const missing = missingKeys(raw, template);
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `设置不完整，缺少：${missing.join('、')} (every setting is sent, as read: missing ${missing.join(', ')})`,
      });
    return raw;
  };
}
