/**
 * The member register's Excel sheet (党员名册), in the columns branches keep:
 * each column with the header variants a branch may have written, used by
 * both export (the first header) and import (any of them, in any order;
 * other columns are named and left unread). Values are read as a person
 * writes them: 男/女, 正式党员/预备党员, 是/否, and dates in the usual forms.
 */
export const MEMBER_COLUMNS = [
  { key: 'seq', header: '序号', variants: ['序号', '编号', 'No.'], use: 'ignored' },
  { key: 'name', header: '姓名', variants: ['姓名', '党员姓名', '名字'], use: 'required' },
  { key: 'gender', header: '性别', variants: ['性别'], use: 'required' },
  { key: 'joinedOn', header: '入党时间', variants: ['入党时间', '入党日期', '入党年月', '入党年月日'], use: 'optional' },
  { key: 'status', header: '党员类别', variants: ['党员类别', '类别', '党员身份', '身份', '正式/预备'], use: 'optional' },
  { key: 'worksAway', header: '是否流动党员', variants: ['是否流动党员', '流动党员', '是否外出', '外出务工'], use: 'optional' },
  { key: 'phone', header: '联系电话', variants: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式'], use: 'optional' },
  { key: 'note', header: '备注', variants: ['备注', '说明'], use: 'optional' },
] as const;
export type MemberColumnKey = (typeof MEMBER_COLUMNS)[number]['key'];

const normalize = (text: string) => text.replace(/[\s（）()：:*＊]/g, '').toLowerCase();

/** The column a header names, or null. */
export function matchMemberHeader(text: string): MemberColumnKey | null {
  const t = normalize(text);
  for (const c of MEMBER_COLUMNS) if (c.variants.some((v) => normalize(v) === t)) return c.key;
  return null;
}

export const MEMBER_IMPORT_MAX_ROWS = 2000;

/** 男 / 女 (also 男性, M, F). */
export function parseGender(text: string): 'male' | 'female' | null {
  const t = text.trim().toLowerCase();
  if (['男', '男性', 'm', 'male'].includes(t)) return 'male';
  if (['女', '女性', 'f', 'female'].includes(t)) return 'female';
  return null;
}

/** 正式党员 / 预备党员 (an empty cell reads as 正式). */
export function parseMemberStatus(text: string): 'full' | 'probationary' | null {
  const t = text.trim();
  if (t === '' || ['正式', '正式党员'].includes(t)) return 'full';
  if (['预备', '预备党员'].includes(t)) return 'probationary';
  return null;
}

/** 是 / 否 (also √, Y, 1); empty reads as 否. */
export function parseYesNo(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['', '否', '不是', 'n', 'no', '0', '×'].includes(t)) return false;
  if (['是', 'y', 'yes', '1', '√', '✓'].includes(t)) return true;
  return null;
}

/** A phone number as people write it: digits with spaces, dashes or a leading +, 5–20 characters. */
export function isPhoneText(text: string): boolean {
  return /^\+?[0-9][0-9 -]{3,18}[0-9]$/.test(text);
}

/**
 * The earliest 入党时间 a 预备党员 can have on `today` (both YYYY-MM-DD): the probation is one year and may be
 * extended once, by at most a year (党章 第七条), so two years before today. An earlier date with 预备党员 is a
 * register gone wrong: the date or the status is mistyped.
 */
export function earliestProbationaryJoin(today: string): string {
  // As text: 2024-02-29 → 2022-02-29, which still compares correctly with every real date.
  return `${String(Number(today.slice(0, 4)) - 2).padStart(4, '0')}${today.slice(4)}`;
}

/** Whether a 预备党员's 入党时间 is before earliestProbationaryJoin (the server refuses it; the member form says so). */
export function probationTooOld(status: string, joinedOn: string | null | undefined, today: string): boolean {
  return status === 'probationary' && !!joinedOn && joinedOn < earliestProbationaryJoin(today);
}

export const MEMBER_GENDER_LABELS = { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' } } as const;
export const MEMBER_STATUS_LABELS = {
  full: { zh: '正式党员', en: 'Full member' },
  probationary: { zh: '预备党员', en: 'Probationary member' },
} as const;
