/**
 * The ledger's one problem-code scheme: `WT-YYMM-NNNN`, the Shanghai month
 * the problem was recorded and its number in that month (WT-2612-0068).
 * At least four digits; a month with more than 9,999 problems goes on to five.
 */
export function problemCodePrefix(shanghaiDate: string): string {
  return `WT-${shanghaiDate.slice(2, 4)}${shanghaiDate.slice(5, 7)}-`;
}

export function problemCode(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

export const PROBLEM_CODE_PATTERN = /^WT-\d{4}-\d{4,}$/;
