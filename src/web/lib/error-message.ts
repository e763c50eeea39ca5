import { ApiError, storedLang } from '../api/client.ts';

/**
 * The server writes its messages for people and for API clients at once: `中文说明 (english gloss)`. In the Chinese
 * app the gloss is noise to a village secretary, so it is left off; the English app keeps both (the Chinese part
 * often holds the figures the gloss leaves out). Only a trailing ASCII-parenthesised part with Latin letters and no
 * Chinese counts as the gloss; full-width （…） belongs to the Chinese text.
 */
export function withoutEnglishGloss(message: string): string {
  const m = /^([\s\S]*?[^\s(])\s*\(([^()]*)\)\s*$/.exec(message);
  if (!m) return message;
  const [, chinese, gloss] = m as unknown as [string, string, string];
  if (!/[A-Za-z]/.test(gloss) || /[\u3400-\u9fff]/.test(gloss) || !/[\u3400-\u9fff]/.test(chinese)) return message;
  return chinese;
}

/** The message to show a person for anything a request or a page threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return storedLang() === 'zh' ? withoutEnglishGloss(error.message) : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
