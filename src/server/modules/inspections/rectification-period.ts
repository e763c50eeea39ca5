import { rectificationPeriod } from '../../../domain/rectification.ts';
import { shanghaiDate } from '../../../domain/time.ts';

/**
 * The round's 集中整改期: as set, else two months from its completion (or,
 * while open, from its planned end). Its own file so that the attainments,
 * dashboard and circulars services read it without importing the inspections
 * service (which imports the problems service: an import cycle otherwise).
 */
export function roundRectificationPeriod(r: {
  rectification_start?: string | null;
  rectification_end?: string | null;
  closed_at: string | null;
  period_end: string;
}) {
  return rectificationPeriod({
    rectificationStart: r.rectification_start ?? null,
    rectificationEnd: r.rectification_end ?? null,
    closedOn: r.closed_at ? shanghaiDate(new Date(r.closed_at)) : null,
    periodEnd: r.period_end,
  });
}
