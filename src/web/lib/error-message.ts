import { ApiError } from '../api/client.ts';
import { messageLang } from '../i18n/stored-lang.ts';

/**
 * The server writes its messages for people and for API clients at once: `中文说明 (english gloss)`, sometimes more
 * than one gloss in a message. In the Chinese app the glosses are noise to a village secretary, so they are left
 * off; the English app keeps everything (the Chinese part often holds the figures a gloss leaves out). A gloss is an
 * ASCII-parenthesised part with Latin letters and no Chinese, right after Chinese text or punctuation, or at the very end; full-width
 * （…） belongs to the Chinese text, and a message with no Chinese is left as it is.
 */
export function withoutEnglishGloss(message: string): string {
  if (!hasChinese(message)) return message;
  const isGloss = (gloss: string) => /[A-Za-z]/.test(gloss) && !hasChinese(gloss);
  const out = message
    .replace(GLOSS, (whole: string, gloss: string) => (isGloss(gloss) ? '' : whole))
    // And one that ends the message, whatever stands before it (合计 90 (weights add up to 90)).
    .replace(/\s*\(([^()]*)\)\s*$/, (whole: string, gloss: string) => (isGloss(gloss) ? '' : whole));
  return out.trim() || message;
}

const CHINESE = /[\u3400-\u9fff]/;

/** Whether a text holds Chinese characters. */
export const hasChinese = (text: string): boolean => CHINESE.test(text);
// After a Chinese character or full-width punctuation (the lookbehind), optional spaces, then (…) without brackets.
const GLOSS = /(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef…”’])\s*\(([^()]*)\)/g;

/** The message to show a person for anything a request or a page threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return messageLang() === 'zh' ? withoutEnglishGloss(error.message) : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
