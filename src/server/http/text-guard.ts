import type { FastifyInstance } from 'fastify';
import { isApiRequest } from './auth.ts';
import { AppError } from './errors.ts';

/**
 * Characters no record may hold, in any text field of any API request: NUL (PostgreSQL cannot store it, so a
 * field without its own check answered 500 there), U+FFFE and U+FFFF (not characters in XML: one such text made
 * every .xlsx and .docx quoting it unreadable, the ledger's export and our own re-import of it included), and a
 * surrogate without its pair (no character at all).
 */
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const UNSTORABLE = /[\u0000\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = '内容包含无法保存的字符（如 NUL、U+FFFF 或残缺的字符）(the text holds characters that cannot be stored)';

/**
 * Nor a bidirectional override, embedding or isolate (U+202A–U+202E, U+2066–U+2069): "\u202Eabc" shows reversed, on
 * the portal and in the append-only public ledger too. Fields with their own check (isSingleLine, isPlainText)
 * refused them already; a reason, a measure or a note without one took them.
 */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
export const BIDI_MESSAGE = '内容包含文字方向控制符（会使文字倒序显示），请删除后重试 (bidirectional control characters are not allowed)';

/** Whether a text holds a character no record may hold. */
export const isUnstorable = (text: string): boolean => UNSTORABLE.test(text);

/** Why no record may hold this text, or null when it may. */
export function refusedText(text: string): string | null {
  if (UNSTORABLE.test(text)) return UNSTORABLE_MESSAGE;
  if (BIDI.test(text)) return BIDI_MESSAGE;
  return null;
}

/** The path of the first string in `value` that holds such a character, or null. */
function firstUnstorable(value: unknown, path: string, depth = 0): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const message = refusedText(value);
    return message === null ? null : { path, message };
  }
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const found = firstUnstorable(v, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Refuses (400, the one error shape) an API request whose query or JSON body holds such a character. A multipart
 * form's fields and file name are read in its route, after this hook: `readUpload` (http/multipart.ts) checks them.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (!isApiRequest(request)) return done();
    for (const [where, value] of [
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const found = firstUnstorable(value, '');
      if (found !== null) {
        return done(
          new AppError('VALIDATION_FAILED', found.message, { fields: [{ in: where, path: found.path, message: found.message }] }),
        );
      }
    }
    done();
  });
}
