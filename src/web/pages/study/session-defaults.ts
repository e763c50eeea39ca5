import { addDays, SHANGHAI_OFFSET_MS, shanghaiDate } from '../../../domain/time.ts';

/**
 * The day a session of the usual time `hhmm` (e.g. 19:30, an evening school) was last held by `now`, in Shanghai:
 * today once that time has come, else yesterday. A session is recorded after it is held, so at 02:00 or at noon
 * the evening school meant is last night's, not tonight's, which has not happened yet.
 */
export function lastHeldOn(now: Date, hhmm: string): string {
  const today = shanghaiDate(now);
  const clock = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
  return clock >= hhmm ? today : addDays(today, -1);
}

/**
 * The attendance marks kept when the session's kind becomes `kind`: 已收听 (reached by the broadcast) is a broadcast's
 * only, so for any other kind those members count as present (no mark), as the form shows them; the absences stay.
 * Kept as they were, the save was refused (400) while the rows showed neither 出席 nor 缺席.
 */
export function marksForKind<M extends { status: 'present' | 'absent' | 'reached' }>(
  marks: Record<string, M>,
  kind: string,
): Record<string, M> {
  if (kind === 'broadcast') return marks;
  return Object.fromEntries(Object.entries(marks).filter(([, m]) => m.status !== 'reached'));
}
