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

/** Whether a text holds a character no record may hold. */
export const isUnstorable = (text: string): boolean => UNSTORABLE.test(text);

/** The path of the first string in `value` that holds such a character, or null. */
function firstUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
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
      const path = firstUnstorable(value, '');
      if (path !== null) {
        return done(new AppError('VALIDATION_FAILED', UNSTORABLE_MESSAGE, { fields: [{ in: where, path, message: UNSTORABLE_MESSAGE }] }));
      }
    }
    done();
  });
}
