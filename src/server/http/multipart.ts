import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from './errors.ts';
import { refusedText } from './text-guard.ts';

/**
 * An upload's one file part and the form fields sent before it, parsed by `schema`; the file's body is not read yet
 * (the service reads it once the fields say where it goes and the actor may put it there). The fields and the
 * file's name get the checks a JSON body gets from the text guard, which runs before a multipart body is parsed: a
 * name with U+FFFE went into the ledger export's 佐证材料 column and made the workbook unreadable.
 * Throws UNSUPPORTED_MEDIA_TYPE, VALIDATION_FAILED (no file, a field refused by the schema, an unstorable text).
 */
export async function readUpload<S extends z.ZodTypeAny>(
  request: FastifyRequest,
  schema: S,
): Promise<{ part: MultipartFile; fields: z.output<S> }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  const part = await request.file();
  if (!part) throw new AppError('VALIDATION_FAILED', '没有收到文件', { fields: [{ in: 'body', path: 'file', message: 'required' }] });
  try {
    const raw: Record<string, string> = Object.fromEntries(
      Object.values(part.fields).flatMap((f) => (f && !Array.isArray(f) && f.type === 'field' ? [[f.fieldname, String(f.value)]] : [])),
    );
    for (const [path, text] of [...Object.entries(raw), ['file', part.filename] as const]) {
      const refused = refusedText(text);
      if (refused !== null) throw new AppError('VALIDATION_FAILED', refused, { fields: [{ in: 'body', path, message: refused }] });
    }
    const fields = schema.safeParse(raw);
    if (!fields.success) {
      throw new AppError('VALIDATION_FAILED', fields.error.issues.map((i) => i.message).join('; '), {
        fields: fields.error.issues.map((i) => ({ in: 'body', path: i.path.join('.') || '(root)', message: i.message })),
      });
    }
    return { part, fields: fields.data };
  } catch (err) {
    // Refused before the body was read: drain it, or the browser waits on a body nobody reads.
    part.file.resume();
    throw err;
  }
}

/** An uploaded file's name as kept: its last path segment, without control characters or quotes, at most 120. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return base.replace(/[\u0000-\u001f\u007f"]/g, '').slice(0, 120) || 'file';
}
