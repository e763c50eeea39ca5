import type { Masker } from '../../../domain/masking.ts';
import type { Executor } from '../../http/context.ts';
import { publicDutyLine } from '../duty/duty.service.ts';

/**
 * The service hall's public line on a village page (便民服务大厅, 坐班值班):
 * today's person on duty and the opening hours. A hook for the duty module
 * (issue 13): fill in `loadVillageServiceLine`; the village page already
 * renders what it returns in its own section (`#service` in
 * portal.pages.ts), and shows nothing while it returns null.
 *
 * Rules for whoever fills it in: mask the name with `m.person()` and any
 * free text with `m.text()` (no phone numbers, no user ids); read only what
 * the public may see. The page cache renders a village page again when the
 * audit head moves or after a minute, so a roster change (audited) and the
 * turn of the day both show within a minute.
 */
export interface VillageServiceLine {
  /** Today's person on duty, masked (张*), or null when nobody is rostered. */
  onDutyToday: string | null;
  /** E.g. "工作日 8:30—12:00，14:30—18:00". */
  openingHours: string | null;
}

export async function loadVillageServiceLine(db: Executor, villageId: string, now: Date, m: Masker): Promise<VillageServiceLine | null> {
  // The duty module reads the hall and today's roster and masks the names already (张*); m.text() hides any number in the hours.
  const line = await publicDutyLine(db, villageId, now);
  if (!line) return null;
  const names = line.onDuty.map((d) => d.maskedName);
  return {
    onDutyToday: line.openToday ? names.join('、') || null : '今日不开放',
    openingHours: m.text(line.openingHours),
  };
}
