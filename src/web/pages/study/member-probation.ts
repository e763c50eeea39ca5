import { probationTooOld } from '../../../domain/member-sheet.ts';

interface StatusAndDate {
  status: 'full' | 'probationary';
  joinedOn?: string | null;
}

/**
 * Whether the member form refuses its 入党时间 for a 预备党员 (probationTooOld, as the server does).
 * As on the server, only when the status or the date is being changed (`before`: the member as the form opened it,
 * null when adding): a probation that ran out while nobody updated the register does not stop an edit of the phone.
 */
export function probationDateRefused(now: StatusAndDate, before: StatusAndDate | null, today: string): boolean {
  const unchanged = before !== null && now.status === before.status && (now.joinedOn ?? '') === (before.joinedOn ?? '');
  return !unchanged && probationTooOld(now.status, now.joinedOn, today);
}
