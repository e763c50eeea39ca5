import { describe, expect, it } from 'vitest';
import { plannedAreaDefault } from './venue-defaults.ts';

const reason = (min: number, area: number) => ({ reason: { code: 'area', area, min }, zh: '', en: '' });

describe('the area a venue plan starts from', () => {
  it('is the minimum the venue misses, as its reason names it (a community’s 300 ㎡, not 200)', () => {
    expect(plannedAreaDefault({ reasons: [reason(300, 250)], organizationKind: 'community', buildingArea: 250 })).toBe(300);
    expect(plannedAreaDefault({ reasons: [reason(200, 160)], organizationKind: 'village', buildingArea: 160 })).toBe(200);
    // Rules set higher by the district are followed through the reason.
    expect(plannedAreaDefault({ reasons: [reason(260, 180)], organizationKind: 'village', buildingArea: 180 })).toBe(260);
  });

  it('for a venue failing on something else, the kind’s default minimum, never less than what it has', () => {
    const rented = [{ reason: { code: 'ownership', ownership: 'rented' }, zh: '', en: '' }];
    expect(plannedAreaDefault({ reasons: rented, organizationKind: 'community', buildingArea: 120 })).toBe(300);
    expect(plannedAreaDefault({ reasons: rented, organizationKind: 'village', buildingArea: 420 })).toBe(420);
  });
});
