import { describe, expect, it } from 'vitest';
import type { OrgWeekFigures, WeekFigures, WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { buildStatsRows, parseStatsParams, unfrozenWeeks } from './stats-model.ts';

const figures: WeekFigures = {
  total: 4,
  open: 1,
  rectifying: 1,
  submitted: 0,
  accepted: 1,
  closed: 1,
  overdue: 1,
  overdueOver14: 0,
  overdueOver30: 0,
  newCount: 2,
  acceptedCount: 1,
  rejectedCount: 0,
  closedCount: 1,
  lateAcceptanceCount: 0,
  measuresTotal: 3,
  measuresDone: 1,
  reportsExpected: 0,
  reportsOnTime: 0,
  reportsLate: 0,
  reportsMissing: 0,
  closureRate: 0.25,
  standardScore: 85,
  standardMax: 100,
  standardShare: 0.85,
  unitsScored: 1,
  unitsAttained: 0,
};
const org = (id: string, name: string): OrgWeekFigures => ({
  organizationId: id,
  organizationName: name,
  kind: 'village',
  figures,
  reportStatus: null,
});

describe('parseStatsParams', () => {
  it('keeps a Monday and an id, drops anything else', () => {
    expect(parseStatsParams(new URLSearchParams('organizationId=0193a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d&week=2026-11-16'))).toEqual({
      organizationId: '0193a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
      week: '2026-11-16',
    });
    // 2026-11-18 is a Wednesday; a week is named by its Monday.
    expect(parseStatsParams(new URLSearchParams('organizationId=../x&week=2026-11-18'))).toEqual({
      organizationId: undefined,
      week: undefined,
    });
  });
});

describe('buildStatsRows', () => {
  it('lists the children then the organization as the total row', () => {
    const data = { organization: org('d', '渭南高新区'), children: [org('a', '白杨街道'), org('b', '良田街道')] } as WeekStatistics;
    const rows = buildStatsRows(data);
    expect(rows.map((r) => [r.entry.organizationName, r.isTotal])).toEqual([
      ['白杨街道', false],
      ['良田街道', false],
      ['渭南高新区', true],
    ]);
  });
});

describe('unfrozenWeeks', () => {
  it('finds the completed weeks the job has not frozen yet', () => {
    expect(unfrozenWeeks(['2026-11-16', '2026-11-02'], '2026-11-23')).toEqual(['2026-11-09', '2026-11-23']);
    expect(unfrozenWeeks([], '2026-11-23')).toEqual(['2026-11-23']);
    expect(unfrozenWeeks(['2026-11-23'], '2026-11-23')).toEqual([]);
  });
});
