import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';
import { messageLang } from '../i18n/stored-lang.ts';
import { errorMessage, hasChinese, withoutEnglishGloss } from '../lib/error-message.ts';

interface FieldIssue {
  path: string[];
  message: string;
}

/** Reads field issues from a VALIDATION_FAILED error, whichever common shape `details` takes. */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  const d = error.details as Record<string, unknown> | unknown[] | undefined;
  const list = Array.isArray(d) ? d : Array.isArray(d?.issues) ? d.issues : Array.isArray(d?.fields) ? d.fields : [];
  const out: FieldIssue[] = [];
  for (const item of list as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const { path, message, in: where } = item as { path?: unknown; message?: unknown; in?: unknown };
    if (typeof message !== 'string' || (where !== undefined && where !== 'body')) continue;
    const parts = typeof path === 'string' ? path.split('.').filter(Boolean) : Array.isArray(path) ? path.map(String) : [];
    // Paths may be prefixed with the request part ("body.name").
    if (parts[0] === 'body') parts.shift();
    if (parts.length) out.push({ path: parts, message });
  }
  return out;
}

/** Puts server-side field errors next to the fields they belong to, when the form has them. */
export function applyFieldErrors(form: FormInstance, error: unknown, under?: string): void {
  // A body that wraps the form's values (`{ version, rules }`) names its fields under that key: the form's own names follow.
  const issues = localizedFieldIssues(error).map((i) => (under && i.path[0] === under ? { ...i, path: i.path.slice(1) } : i));
  if (!issues.length) return;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = issues
    .filter((i) => i.path[0] !== undefined && known.has(i.path[0]))
    .map((i) => ({ name: i.path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [i.message] }));
  if (fields.length) form.setFields(fields);
}

/**
 * Some field notes are an English word for API clients ('wrong password'). In the Chinese app a lone such note takes
 * the error's own Chinese message instead, so the field does not speak English to a village secretary.
 */
export function localizedFieldIssues(error: unknown): FieldIssue[] {
  const issues = fieldIssues(error);
  if (messageLang() !== 'zh' || !(error instanceof ApiError)) return issues;
  const summary = withoutEnglishGloss(error.message);
  // Only a summary in Chinese alone stands in for a lone English note (not 输入有误 — tags.0: Too big…).
  const replaceable = issues.length === 1 && hasChinese(summary) && !/[A-Za-z]/.test(summary);
  return issues.map((issue) =>
    hasChinese(issue.message)
      ? { ...issue, message: withoutEnglishGloss(issue.message) }
      : replaceable
        ? { ...issue, message: summary }
        : issue,
  );
}

/** A refusal's field messages in words (their paths left out), or its message when it names no field. */
export function refusalText(error: unknown): string {
  const issues = localizedFieldIssues(error);
  return issues.length > 0 ? [...new Set(issues.map((i) => i.message))].join('；') : errorMessage(error);
}
