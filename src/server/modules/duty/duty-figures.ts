import { type DutyCoverage, dutyCoverage } from '../../../domain/duty-coverage.ts';
import { pathIds } from '../../../domain/organizations.ts';
import type { Executor } from '../../http/context.ts';
import * as repo from './duty.repository.ts';

/**
 * 坐班值班 coverage of every hall in some subtrees over a period (Shanghai dates, both inclusive): days due are
 * the hall's open weekdays from its registration on, up to the period's end or today (src/domain/duty-coverage.ts);
 * staffed are those with a sign-in. Open days are taken as they are now (they are not versioned).
 */
export interface HallCoverage {
  organizationId: string;
  organizationName: string;
  parentId: string | null;
  orgPath: string;
  coverage: DutyCoverage;
}

export const parseWeekdays = (json: string): number[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(Number).filter((d) => Number.isInteger(d) && d >= 1 && d <= 7) : [];
  } catch {
    return [];
  }
};

export async function hallCoverages(
  db: Executor,
  roots: readonly string[],
  from: string,
  to: string,
  today: string,
): Promise<HallCoverage[]> {
  const [halls, days] = await Promise.all([repo.listHalls(db, roots), repo.signinDays(db, roots, from, to)]);
  const signed = new Map<string, Set<string>>();
  for (const d of days) {
    const set = signed.get(d.organization_id) ?? new Set<string>();
    set.add(d.on_date);
    signed.set(d.organization_id, set);
  }
  return halls.map((h) => ({
    organizationId: h.organization_id,
    organizationName: h.organization_name,
    parentId: h.parent_id,
    orgPath: h.org_path,
    coverage: dutyCoverage({
      openWeekdays: parseWeekdays(h.open_weekdays),
      trackedFrom: h.tracked_from,
      from,
      to,
      today,
      signedInOn: signed.get(h.organization_id) ?? new Set(),
    }),
  }));
}

export interface DutyTotals {
  daysDue: number;
  daysStaffed: number;
  halls: number;
}

/** Each hall's days added to its village and every ancestor. */
export function rollUpDuty(halls: readonly HallCoverage[]): Map<string, DutyTotals> {
  const out = new Map<string, DutyTotals>();
  for (const h of halls)
    for (const id of pathIds(h.orgPath)) {
      const t = out.get(id) ?? { daysDue: 0, daysStaffed: 0, halls: 0 };
      t.daysDue += h.coverage.daysDue;
      t.daysStaffed += h.coverage.daysStaffed;
      t.halls += 1;
      out.set(id, t);
    }
  return out;
}
