import { describe, expect, it } from 'vitest';
import type { ChildFigures, TrendWeek } from '../../../domain/contracts/dashboard.ts';
import { parseLedgerParams } from '../ledger/ledger-params.ts';
import {
  childBarLink,
  childrenOption,
  ledgerLink,
  statusOfSlice,
  statusPieOption,
  trendOption,
  weekAxisLabel,
} from './dashboard-charts.ts';
import { singleVillageOf } from './dashboard-scope.ts';

const child = (id: string, name: string): ChildFigures => ({
  id,
  name,
  kind: 'subdistrict',
  total: 10,
  open: 1,
  rectifying: 2,
  submitted: 3,
  accepted: 0,
  closed: 4,
  overdue: 1,
  closureRate: 0.4,
  rag: { colour: 'amber', reasons: [] },
});

/** What the ledger page reads back from a dashboard link. */
const ledgerFilters = (to: string) => parseLedgerParams(new URL(to, 'http://x').searchParams);

describe('dashboard links into the ledger', () => {
  it('speak the ledger page’s own query parameters', () => {
    expect(ledgerFilters(ledgerLink('org-1', { status: 'submitted' }))).toMatchObject({ organizationId: 'org-1', status: 'submitted' });
    expect(ledgerFilters(ledgerLink('org-1', { overdue: true }))).toMatchObject({ organizationId: 'org-1', overdue: true });
    expect(ledgerFilters(ledgerLink('org-1', { dueSoon: true }))).toMatchObject({ organizationId: 'org-1', dueSoon: true });
    expect(ledgerLink('org-1').startsWith('/ledger?')).toBe(true);
  });

  it('open the clicked child on the clicked status (series order = status order)', () => {
    const children = [child('a', '良田街道'), child('b', '白杨街道')];
    const option = childrenOption(children, 'zh', false) as { series: { name: string; data: number[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(['待整改', '整改中', '待验收', '已验收', '已销号']);
    expect(option.series[4]!.data).toEqual([4, 4]);
    expect(ledgerFilters(childBarLink(children, 1, 4)!)).toMatchObject({ organizationId: 'b', status: 'closed' });
    expect(ledgerFilters(childBarLink(children, 0, undefined)!)).toMatchObject({ organizationId: 'a', status: undefined });
    expect(childBarLink(children, 5, 0)).toBeNull();
  });

  it('carries the status on each pie slice', () => {
    const counts = { total: 6, open: 1, rectifying: 2, submitted: 0, accepted: 0, closed: 3, overdue: 1, dueSoon: 0 };
    const option = statusPieOption(counts, 'en', true) as { series: { data: { name: string; value: number; status: string }[] }[] };
    const slices = option.series[0]!.data;
    expect(slices.map((d) => [d.name, d.value])).toContainEqual(['Closed', 3]);
    expect(statusOfSlice(slices[1])).toBe('rectifying');
    expect(statusOfSlice({ status: 'bogus' })).toBeUndefined();
    expect(statusOfSlice(null)).toBeUndefined();
  });
});

describe('the trend chart', () => {
  const gap = (week: string): TrendWeek => ({
    week,
    total: null,
    closed: null,
    overdue: null,
    closedCount: null,
    newCount: null,
    frozen: false,
    standardShare: null,
    attained: null,
  });
  const standing = { standardShare: null, attained: null };
  const weeks: TrendWeek[] = [
    gap('2026-10-26'),
    gap('2026-11-02'),
    { week: '2026-11-09', total: 38, closed: 5, overdue: 3, closedCount: 1, newCount: 38, frozen: true, ...standing },
    gap('2026-11-16'),
    { week: '2026-11-23', total: 42, closed: 9, overdue: 2, closedCount: 2, newCount: 2, frozen: false, ...standing },
  ];
  it('starts at the first week with figures, leaves gaps for later weeks without a snapshot and marks the running week', () => {
    const option = trendOption(weeks, 'zh', { total: '总数', closed: '销号', overdue: '逾期' }) as {
      xAxis: { data: string[] };
      series: { data: (number | null)[] }[];
    };
    expect(option.xAxis.data).toEqual(['11-09', '11-16', '11-23（本周）']);
    expect(option.series[0]!.data).toEqual([38, null, 42]);
    expect(weekAxisLabel(weeks[4]!, 'en')).toBe('11-23 (now)');
  });
});

describe('who gets the village dashboard', () => {
  it('is a user whose every role sits on one village or community', () => {
    expect(singleVillageOf([{ organizationId: 'v', organizationKind: 'village' }])).toBe('v');
    expect(singleVillageOf([{ organizationId: 'c', organizationKind: 'community' }])).toBe('c');
    expect(
      singleVillageOf([
        { organizationId: 'v', organizationKind: 'village' },
        { organizationId: 'w', organizationKind: 'village' },
      ]),
    ).toBeNull();
    expect(singleVillageOf([{ organizationId: 's', organizationKind: 'subdistrict' }])).toBeNull();
    expect(singleVillageOf([])).toBeNull();
  });
});
