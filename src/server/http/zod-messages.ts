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

/** zod's type names in words: its zh-CN locale left them English ("期望 string，实际接收 数字", "期望 int"). */
const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否（true/false）',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值（null）',
  nan: '非数字（NaN）',
};
const typeOf = (input: unknown): string =>
  input === null ? 'null' : Array.isArray(input) ? 'array' : Number.isNaN(input) ? 'nan' : typeof input;

/** The Chinese of the checks whose zh-CN locale reads as code ("数值过小：期望 number >=0"), else undefined. */
function plainChinese(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type') {
    const expected = TYPE_ZH[issue.expected];
    const received = TYPE_ZH[typeOf(issue.input)];
    if (expected) return received ? `类型不符：应为${expected}，收到的是${received}` : `类型不符：应为${expected}`;
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && (issue.origin === 'number' || issue.origin === 'int')) {
    const small = issue.code === 'too_small';
    const limit = small ? issue.minimum : issue.maximum;
    const inclusive = issue.inclusive !== false;
    return `数值${small ? '过小' : '过大'}：应${small ? (inclusive ? '不小于' : '大于') : inclusive ? '不大于' : '小于'} ${String(limit)}`;
  }
  return undefined;
}

export function apiZodMessage(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return '必填，不能缺少 (required)';
  const chinese = plainChinese(issue) ?? text(zh(issue));
  const english = text(en(issue));
  if (!chinese) return english;
  return english ? `${chinese} (${english})` : chinese;
}

z.config({ customError: apiZodMessage });
