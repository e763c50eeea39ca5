import { paths } from '../../app/paths.ts';

/** The coverage tab of 党建学习 for a month (left out: the running month). */
export function coverageLink(month?: string): string {
  const q = new URLSearchParams({ tab: 'coverage' });
  if (month) q.set('month', month);
  return `${paths.study}?${q.toString()}`;
}

/** 学习覆盖's print sheet for the same area and month. */
export function coveragePrintLink(f: { organizationId?: string; month?: string }): string {
  const q = new URLSearchParams();
  if (f.organizationId) q.set('organizationId', f.organizationId);
  if (f.month) q.set('month', f.month);
  const s = q.toString();
  return `${paths.study}/coverage/print${s ? `?${s}` : ''}`;
}
