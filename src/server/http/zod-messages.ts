import { z } from 'zod';

/**
 * zod's own messages, for the checks a schema gives none of its own, in the API's way: Chinese first, the English
 * after it in brackets ("无效输入：期望 string，实际接收 number (Invalid input: expected string, received number)"),
 * from zod's maintained zh-CN and en locales. A field that is missing altogether says so plainly: the default
 * read "Invalid input: expected string, received undefined". A schema's own message always wins.
 */
const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

type Issue = Parameters<typeof zh>[0];
const text = (answer: ReturnType<typeof zh>): string | undefined => (typeof answer === 'string' ? answer : answer?.message);

export function apiZodMessage(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return '必填，不能缺少 (required)';
  const chinese = text(zh(issue));
  const english = text(en(issue));
  if (!chinese) return english;
  return english ? `${chinese} (${english})` : chinese;
}

z.config({ customError: apiZodMessage });
